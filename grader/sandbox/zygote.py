"""The sandbox zygote: a warm numpy process that forks one confined child per run.

Started by ``grader.sandbox.client.Zygote`` with a clean environment (``env -i``, ``python -I``).
It never imports Django, settings or exercise files. For each connection on its 0600 Unix socket it
forks a per-run supervisor (still trusted), which forks the child that runs the student's code
after ``isolation.confine_child`` has applied every layer. The supervisor enforces the wall time,
caps the output and the result, cleans up and answers on the connection. See README.md.
"""

import argparse
import ctypes
import gc
import json
import math
import os
import select
import shutil
import signal
import socket
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import isolation  # noqa: E402  (top-level modules beside this file; -I leaves the script dir out)
import protocol  # noqa: E402
import runner  # noqa: E402
from pump import EXIT_SETUP_FAILED, Pump, kill_group  # noqa: E402

sys.path.remove(HERE)

REQUEST_LIMIT = 256 * 1024 * 1024
PR_SET_PDEATHSIG = 1


def warm_numpy():
    """Import numpy and touch its lazily imported parts once, so children do not pay for them."""
    import numpy as np

    a = np.arange(16.0).reshape(4, 4)
    np.exp(a) @ a.T
    np.linalg.norm(a), np.linalg.inv(a + np.eye(4) * 10)
    np.random.default_rng(0).standard_normal(4)
    np.fft.fft(a[0]), np.lib.stride_tricks.sliding_window_view(a, (2, 2))
    np.testing.assert_allclose(a, a)
    buffer = __import__("io").BytesIO()
    np.savez(buffer, a=a)
    buffer.seek(0)
    with np.load(buffer, allow_pickle=False) as archive:  # loads the zip codecs np.load needs
        archive["a"].sum()


def optional_layers(is_root: bool) -> set:
    return {"user_namespace"} if is_root else {"setuid"}


class Config:
    def __init__(self, args):
        self.socket_path = args.socket
        self.run_dir = args.run_dir
        self.slots = args.slots
        self.uid_base = args.uid_base
        self.require_all = args.require_all
        self.hidden = tuple(args.hide)
        self.is_root = os.geteuid() == 0
        self.layers: dict = {}
        self.workdirs: dict[int, str] = {}  # standby supervisor pid -> its working directory


# -- the supervisor: one per run ---------------------------------------------------------------


def policy_for(cfg: Config, slot: int, workdir: str, limits: dict):
    uid = cfg.uid_base + slot if cfg.is_root else None
    return isolation.Policy(
        workdir=workdir,
        uid=uid,
        gid=uid,
        cpu_seconds=max(1, math.ceil(limits["time_s"])),
        memory_bytes=int(limits["memory_mb"]) * 1024 * 1024,
        max_processes=int(limits["max_processes"]),
        max_file_bytes=int(limits["max_file_mb"]) * 1024 * 1024,
        max_open_files=int(limits["max_open_files"]),
        tmpfs_bytes=int(limits["tmpfs_mb"]) * 1024 * 1024,
        hidden_paths=cfg.hidden,
        require_all=cfg.require_all,
        # the interpreter and its packages stay readable even where they live under a hidden path
        visible_paths=(sys.prefix, sys.base_prefix),
    )


# Limits a standby supervisor prepares with; a run's own memory and pids limits replace them.
DEFAULT_LIMITS = {
    "time_s": 10,
    "memory_mb": 512,
    "max_processes": 32,
    "max_file_mb": 16,
    "max_open_files": 64,
    "tmpfs_mb": 64,
}


def standby(listener: socket.socket, slot: int, cfg: Config, workdir: str) -> None:
    """A supervisor forked ahead of its run: it prepares everything that costs time (working
    directory, cgroup joined, pid and mount namespaces), then takes one connection and serves it.
    The zygote made the working directory and removes it once this supervisor has exited: from inside
    its mount namespace the directory cannot be removed (the tmpfs mounted on it there keeps it busy)."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    policy = policy_for(cfg, slot, workdir, DEFAULT_LIMITS)
    if policy.uid is not None:
        os.chown(workdir, policy.uid, policy.gid)
    ctx = isolation.prepare_supervisor(policy, cfg.layers, join=True)
    conn, _ = listener.accept()
    listener.close()
    with conn:
        serve_one(conn, slot, cfg, workdir, ctx)


def serve_one(conn: socket.socket, slot: int, cfg: Config, workdir: str, ctx) -> None:
    reader = conn.makefile("rb")
    header, blob = protocol.read_message(reader.read, REQUEST_LIMIT)
    if header.get("op") == "probe":  # the report made at start: this supervisor's forks are spoken for
        conn.sendall(protocol.pack_message({"layers": cfg.layers}))
        return
    arrays = protocol.unpack_arrays(blob)
    # The hidden calls' inputs stay here until the child has answered the visible ones (README.md).
    hidden = protocol.pack_message(*protocol.read_message(reader.read, REQUEST_LIMIT)) if header.get("hidden") else None
    policy = policy_for(cfg, slot, workdir, header["limits"])
    isolation.set_limits(policy, ctx)
    reply, result = run_child(header, arrays, policy, ctx, cfg, hidden)
    # Answer first: the slot stays taken until this supervisor exits, after the cleanup.
    conn.sendall(protocol.pack_message(reply, result))
    conn.close()
    isolation.cleanup(policy, ctx)


def run_child(header, arrays, policy, ctx, cfg, hidden: bytes | None = None):
    limits = header["limits"]
    out_r, out_w = os.pipe()
    res_r, res_w = os.pipe()
    phase_r, phase_w = os.pipe() if hidden is not None else (None, None)
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        child_main(header, arrays, policy, ctx, cfg, out_w, res_w, phase_r)
    for fd in (out_w, res_w, phase_r):
        if fd is not None:
            os.close(fd)
    deadline = started + float(limits["time_s"])
    then_send = (phase_w, hidden) if hidden is not None else None
    pump = Pump(out_r, res_r, int(limits["output_bytes"]), int(limits["result_bytes"]), then_send)
    status, status_code, rusage = pump.until_exit(pid, deadline)
    pump.close_sending()
    if status == "killed" and rusage and isolation.cpu_limit_exceeded(status_code, rusage, policy):
        status = "timeout"
    reply = pump.reply(status, status_code, rusage, started)
    return reply, bytes(pump.result) if status == "ok" else b""


def child_main(header, arrays, policy, ctx, cfg, out_w, res_w, phase_r=None) -> None:
    code = EXIT_SETUP_FAILED
    try:
        devnull = os.open(os.devnull, os.O_RDONLY)
        # Confine first (it may use descriptors of its own), then leave only 0-3 open.
        isolation.confine_child(policy, cfg.layers, ctx)
        os.dup2(devnull, 0)
        os.dup2(out_w, 1)
        os.dup2(out_w, 2)
        os.dup2(res_w, 3)
        if phase_r is not None:
            os.dup2(phase_r, 4)
        os.closerange(5 if phase_r is not None else 4, 1 << 16)
        os.chdir(policy.workdir)
        code = 71
        os.write(3, Pump.STARTED)
        runner.run(header, arrays, 3, 4 if phase_r is not None else None)
        code = 0
    except BaseException as exc:  # report setup failures on the output pipe; never raise here
        try:
            os.write(2, f"sandbox: {type(exc).__name__}: {exc}\n".encode())
        except OSError:
            pass
    finally:
        os._exit(code)


# -- the zygote's own loop --------------------------------------------------------------------


def serve(cfg: Config, listener: socket.socket) -> None:
    """Keep one standby supervisor per free slot; when one exits, remove its cgroup and fork another."""
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    free = list(range(cfg.slots))
    running: dict[int, int] = {}
    try:
        while True:
            while free:
                slot = free.pop(0)
                running[fork_standby(listener, slot, cfg, (wake_r, wake_w))] = slot
            try:
                select.select([wake_r], [], [], 1.0)
                os.read(wake_r, 4096)
            except (InterruptedError, BlockingIOError):
                pass
            reap(running, free, cfg)
    finally:  # stopping: end the supervisors (their runs die with them) and remove their cgroups
        for pid in running:
            kill_group(pid)
        for pid in list(running):
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
            isolation.remove_cgroups_of(pid)
            shutil.rmtree(cfg.workdirs.pop(pid, ""), ignore_errors=True)


def fork_standby(listener: socket.socket, slot: int, cfg: Config, wake_fds: tuple) -> int:
    sys.stdout.flush()
    workdir = tempfile.mkdtemp(prefix=f"run{slot}-", dir=cfg.run_dir)
    pid = os.fork()
    if pid:
        cfg.workdirs[pid] = workdir
        return pid
    signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    for fd in wake_fds:
        os.close(fd)
    code = 0
    try:
        standby(listener, slot, cfg, workdir)
    except BaseException as exc:
        print(f"zygote: run failed in supervisor: {type(exc).__name__}: {exc}", file=sys.stderr)
        code = 1
    finally:
        sys.stderr.flush()
        os._exit(code)


def reap(running: dict, free: list, cfg: Config) -> None:
    while running:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        slot = running.pop(pid, None)
        if slot is not None:
            isolation.remove_cgroups_of(pid)
            shutil.rmtree(cfg.workdirs.pop(pid, ""), ignore_errors=True)
            free.append(slot)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Sandbox zygote (started by the grader worker).")
    parser.add_argument("--socket", required=True)
    parser.add_argument("--run-dir", required=True)
    parser.add_argument("--slots", type=int, default=2)
    parser.add_argument("--uid-base", type=int, default=64000)
    parser.add_argument("--require-all", action="store_true")
    parser.add_argument("--hide", action="append", default=[])
    cfg = Config(parser.parse_args(argv))
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    warm_numpy()
    isolation.remove_stale_cgroups()
    cfg.layers = isolation.probe()
    missing = sorted(k for k, v in cfg.layers.items() if not v and k not in optional_layers(cfg.is_root))
    if missing and cfg.require_all:
        print(f"FATAL sandbox layers missing and required: {', '.join(missing)}", flush=True)
        return 3
    os.makedirs(cfg.run_dir, mode=0o711, exist_ok=True)
    os.chmod(cfg.run_dir, 0o711)
    for stale in os.listdir(cfg.run_dir):  # left by a zygote of this worker that was killed
        shutil.rmtree(os.path.join(cfg.run_dir, stale), ignore_errors=True)
    if os.path.exists(cfg.socket_path):
        os.unlink(cfg.socket_path)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old_umask = os.umask(0o177)
    listener.bind(cfg.socket_path)
    os.umask(old_umask)
    listener.listen(64)
    gc.freeze()
    print("READY " + json.dumps({"layers": cfg.layers, "missing": missing}), flush=True)
    serve(cfg, listener)
    return 0


if __name__ == "__main__":
    sys.exit(main())
