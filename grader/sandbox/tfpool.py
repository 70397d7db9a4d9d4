"""The Keras pool: a small server that keeps single-use TensorFlow processes ready (tfworker.py).

Started and supervised by the worker like the zygote (``client.Zygote(config, script=TFPOOL)``), it
speaks the same protocol on its 0600 Unix socket, so the harness does not know which one it talks
to. It never imports TensorFlow, Django or exercise files itself. For each run it takes a ready
process, puts it in a cgroup with the run's memory and pids limits (TensorFlow gets no RLIMIT_AS),
hands it the request, enforces the wall time, kills whatever is left under its uid, discards it and
starts a fresh one in the background. Runs are served one at a time: on a host with several GPUs,
run one GPU worker per device (each pins its device through CUDA_VISIBLE_DEVICES).
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import isolation  # noqa: E402
import protocol  # noqa: E402
from pump import Pump  # noqa: E402

sys.path.remove(HERE)

REQUEST_LIMIT = 512 * 1024 * 1024
READY_TIMEOUT_S = 180


class Member:
    """A started tfworker process and the pipes to it."""

    def __init__(self, pool: "Pool", index: int):
        self.index = index
        self.workdir = tempfile.mkdtemp(prefix=f"tf{index}-", dir=pool.run_dir)
        self.uid = pool.uid_base + 50 + index if pool.is_root else None
        if self.uid is not None:
            os.chown(self.workdir, self.uid, self.uid)
        self.policy = isolation.Policy(
            workdir=self.workdir,
            uid=self.uid,
            gid=self.uid,
            cpu_seconds=600,
            memory_bytes=pool.memory_bytes,
            max_processes=512,
            max_file_bytes=64 << 20,
            max_open_files=256,
            tmpfs_bytes=256 << 20,
            hidden_paths=pool.hidden,
            require_all=pool.require_all,
        )
        self.cgroup = isolation.create_run_cgroup(self.policy, pool.layers)
        req_r, self.req_w = os.pipe()
        self.res_r, res_w = os.pipe()
        self.out_r, out_w = os.pipe()
        phase_r, self.phase_w = os.pipe()  # the hidden calls, sent once the visible ones are answered
        cmd = [
            sys.executable,
            "-I",
            os.path.join(HERE, "tfworker.py"),
            "--workdir",
            self.workdir,
            "--layers",
            json.dumps(pool.layers),
            "--gpu-memory-mb",
            str(pool.gpu_memory_mb),
            "--request-fd",
            str(req_r),
            "--result-fd",
            str(res_w),
            "--phase-fd",
            str(phase_r),
        ]
        if self.uid is not None:
            cmd += ["--uid", str(self.uid)]
        if pool.require_all:
            cmd.append("--require-all")
        for path in pool.hidden:
            cmd += ["--hide", path]
        env = dict(os.environ)
        env["CUDA_VISIBLE_DEVICES"] = pool.device
        self.process = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=out_w,
            stderr=out_w,
            env=env,
            cwd="/",
            pass_fds=(req_r, res_w, phase_r),
        )
        isolation.join_cgroup(self.cgroup, self.process.pid)
        for fd in (req_r, res_w, out_w, phase_r):
            os.close(fd)
        self.ready = threading.Event()
        threading.Thread(target=self._await_ready, daemon=True).start()

    def _await_ready(self) -> None:
        if os.read(self.res_r, 1) == b"R":
            self.ready.set()

    def run(self, header: dict, blob: bytes, hidden: bytes | None = None) -> tuple[dict, bytes]:
        limits = header["limits"]
        drain(self.out_r)  # what TensorFlow printed while loading is not the student's output
        started = time.monotonic()
        try:
            os.write(self.req_w, protocol.pack_message(header, blob))
        finally:
            os.close(self.req_w)
        if hidden is None:
            os.close(self.phase_w)
        then_send = (self.phase_w, hidden) if hidden is not None else None
        self.phase_w = None  # closed above, or by the pump once sent
        pump = Pump(self.out_r, self.res_r, int(limits["output_bytes"]), int(limits["result_bytes"]), then_send)
        # The pump closes both pipes when it is done. Closing them again in discard() would close
        # whatever the filler thread opened meanwhile under the same numbers.
        self.out_r = self.res_r = None
        status, status_code, rusage = pump.until_exit(self.process.pid, started + float(limits["time_s"]))
        pump.close_sending()
        self.process.returncode = status_code  # waited for above
        if status == "killed" and self.cgroup_oom():
            status = "memory"
        return pump.reply(status, status_code, rusage, started), bytes(pump.result) if status == "ok" else b""

    def cgroup_oom(self) -> bool:
        for directory in self.cgroup.cgroup_dirs:
            for name in ("memory.events", "memory.oom_control"):
                try:
                    with open(os.path.join(directory, name)) as handle:
                        text = handle.read()
                except OSError:
                    continue
                if any(
                    line.split()[0] in ("oom_kill", "oom") and line.split()[-1] != "0"
                    for line in text.splitlines()
                    if line.strip()
                ):
                    return True
        return False

    def discard(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        isolation.cleanup(self.policy, self.cgroup)
        if self.phase_w is not None:
            os.close(self.phase_w)
            self.phase_w = None
        for fd in (self.res_r, self.out_r):
            if fd is not None:
                os.close(fd)
        shutil.rmtree(self.workdir, ignore_errors=True)


def drain(fd: int) -> None:
    os.set_blocking(fd, False)
    try:
        while os.read(fd, 1 << 16):
            pass
    except BlockingIOError:
        pass
    finally:
        os.set_blocking(fd, True)


class Pool:
    def __init__(self, args):
        self.run_dir, self.size = args.run_dir, max(1, args.slots)
        self.uid_base, self.is_root = args.uid_base, os.geteuid() == 0
        self.require_all, self.hidden = args.require_all, tuple(args.hide)
        self.memory_bytes = args.memory_mb << 20
        self.gpu_memory_mb, self.device = args.gpu_memory_mb, args.device
        self.layers = isolation.probe()
        self.members: list[Member] = []
        self.lock = threading.Lock()  # one run at a time; see the module docstring
        self.wanted = threading.Event()  # wakes the filler thread
        self.next_index = 0

    def fill(self) -> None:
        """Start members until there are ``size``: only from the main thread or the filler thread. A
        child's parent-death signal fires when the *thread* that started it ends, so a member started
        from a connection's thread was killed once that run's reply was sent (or as the next run began)."""
        while len(self.members) < self.size:
            self.members.append(Member(self, self.next_index % 50))
            self.next_index += 1

    def keep_filled(self) -> None:
        while True:
            self.wanted.wait()
            self.wanted.clear()
            try:
                self.fill()
            except Exception as exc:
                print(f"tfpool: cannot start a TensorFlow process: {type(exc).__name__}: {exc}", file=sys.stderr)
                time.sleep(1)
                self.wanted.set()

    def take(self) -> Member:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            for member in list(self.members):
                if member.process.poll() is not None:  # died while waiting: replace it
                    self.members.remove(member)
                    member.discard()
                elif member.ready.is_set():
                    self.members.remove(member)
                    return member
            self.wanted.set()
            time.sleep(0.05)
        raise RuntimeError("no TensorFlow process became ready in time")

    def serve_connection(self, conn: socket.socket) -> None:
        with conn:
            reader = conn.makefile("rb")
            header, blob = protocol.read_message(reader.read, REQUEST_LIMIT)
            if header.get("op") == "probe":
                conn.sendall(protocol.pack_message({"layers": self.layers}))
                return
            hidden = (
                protocol.pack_message(*protocol.read_message(reader.read, REQUEST_LIMIT))
                if header.get("hidden")
                else None
            )
            with self.lock:
                member = self.take()
                self.wanted.set()  # start the replacement while this one runs
                try:
                    reply, result = member.run(header, blob, hidden)
                finally:
                    member.discard()
            conn.sendall(protocol.pack_message(reply, result))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Keras pool of the sandbox (started by the grader worker).")
    parser.add_argument("--socket", required=True)
    parser.add_argument("--run-dir", required=True)
    parser.add_argument("--slots", type=int, default=1, help="TensorFlow processes kept ready")
    parser.add_argument("--uid-base", type=int, default=64000)
    parser.add_argument("--require-all", action="store_true")
    parser.add_argument("--hide", action="append", default=[])
    parser.add_argument("--memory-mb", type=int, default=int(os.environ.get("KERAS_MEMORY_MB", "3072")))
    parser.add_argument("--gpu-memory-mb", type=int, default=int(os.environ.get("KERAS_GPU_MEMORY_MB", "0")))
    parser.add_argument("--device", default=os.environ.get("KERAS_DEVICE", ""))
    args = parser.parse_args(argv)
    os.makedirs(args.run_dir, mode=0o711, exist_ok=True)
    pool = Pool(args)
    optional = {"user_namespace", "pid_namespace"} if pool.is_root else {"setuid", "pid_namespace"}
    missing = sorted(k for k, v in pool.layers.items() if not v and k not in optional)
    if missing and args.require_all:
        print(f"FATAL sandbox layers missing and required: {', '.join(missing)}", flush=True)
        return 3
    pool.fill()
    threading.Thread(target=pool.keep_filled, daemon=True).start()
    if os.path.exists(args.socket):
        os.unlink(args.socket)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old_umask = os.umask(0o177)
    listener.bind(args.socket)
    os.umask(old_umask)
    listener.listen(16)
    print("READY " + json.dumps({"layers": pool.layers, "missing": missing}), flush=True)
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=serve_safely, args=(pool, conn), daemon=True).start()


def serve_safely(pool: Pool, conn: socket.socket) -> None:
    try:
        pool.serve_connection(conn)
    except Exception as exc:  # the harness sees a closed connection: a platform fault, retried
        print(f"tfpool: run failed: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
