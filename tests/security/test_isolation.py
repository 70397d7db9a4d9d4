"""Tests of the sandbox isolation layers (grader/sandbox/isolation.py).

No Django, no database: each test forks a supervisor which prepares the run, forks the child,
confines it, runs a callable in it and reports back through pipes; assertions are made outside.

    .venv/bin/python -m pytest -p no:django -p no:cacheprovider tests/security/test_isolation.py -q
"""

from __future__ import annotations

# ctypes and mmap are used by children: every module a child needs is imported before the fork, as
# the interpreter may live under a hidden path (/root/.pyenv, the project's .venv)
import ctypes
import itertools
import json
import mmap
import os
import select
import shutil
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

import pytest

SANDBOX_DIR = Path(__file__).resolve().parents[2] / "grader" / "sandbox"
if str(SANDBOX_DIR) not in sys.path:
    sys.path.insert(0, str(SANDBOX_DIR))

import isolation  # noqa: E402  (the sandbox's modules are top-level, as the zygote imports them)
import seccomp_filter  # noqa: E402

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the sandbox is Linux-only")

IS_ROOT = os.geteuid() == 0
REPO_ROOT = Path(__file__).resolve().parents[2]
_uids = itertools.count(64100 + (os.getpid() % 400))
MB = 1 << 20


@pytest.fixture(scope="module")
def layers():
    return isolation.probe()


def _vm_size() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def make_policy(workdir: str, **overrides) -> isolation.Policy:
    uid = next(_uids) if IS_ROOT else None
    values = {
        "workdir": workdir,
        "uid": uid,
        "gid": uid,
        "cpu_seconds": 10,
        "memory_bytes": _vm_size() + 512 * MB,
        "max_processes": 32,
        "max_file_bytes": 64 * MB,
        "max_open_files": 64,
        "tmpfs_bytes": 16 * MB,
        "hidden_paths": (
            str(REPO_ROOT),
            "/root",
            "/home",
            "/run/postgresql",
            "/var/run/redis",
            "/var/lib/postgresql",
            "/var/lib/redis",
        ),
    }
    values.update(overrides)
    return isolation.Policy(**values)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def _read_all(fd: int, deadline: float) -> bytes:
    chunks = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            break
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def run_sandboxed(
    fn,
    layers,
    wall_seconds: float = 20.0,
    after=None,
    inspect=None,
    workdir_parent=None,
    **policy_overrides,
) -> dict:
    """Fork a supervisor that prepares, forks a confined child running ``fn()`` and cleans up.

    Returns {"ok": bool, "value"|"error": ..., "status": {"exited"/"signaled": n}, "cpu": seconds,
             "confine_ms": float, "inspect": inspect(policy, ctx) run in the supervisor after the child
             ended and before cleanup, "after": after(policy, ctx) run in the supervisor after cleanup}."""
    workdir = tempfile.mkdtemp(prefix="isolation-test-", dir=workdir_parent)
    policy = make_policy(workdir, **policy_overrides)
    if policy.uid is not None:
        os.chown(workdir, policy.uid, policy.gid)
    report_r, report_w = os.pipe()
    sup = os.fork()
    if sup == 0:  # supervisor
        code = 0
        try:
            os.close(report_r)
            report = _supervise(fn, policy, layers, wall_seconds, after, inspect)
        except BaseException:
            report = {"supervisor_error": traceback.format_exc()}
            code = 1
        try:
            _write_all(report_w, json.dumps(report, default=repr).encode())
        finally:
            os._exit(code)
    os.close(report_w)
    try:
        data = _read_all(report_r, time.monotonic() + wall_seconds + 30)
    finally:
        os.close(report_r)
        os.waitpid(sup, 0)
        shutil.rmtree(workdir, ignore_errors=True)
    report = json.loads(data.decode() or "{}")
    if "supervisor_error" in report:
        raise AssertionError("supervisor failed:\n" + report["supervisor_error"])
    report["policy"] = policy
    return report


def _supervise(fn, policy, layers, wall_seconds, after, inspect) -> dict:
    ctx = isolation.prepare_supervisor(policy, layers)
    r, w = os.pipe()
    child = os.fork()
    if child == 0:  # the confined child
        try:
            os.close(r)
            t0 = time.perf_counter()
            isolation.confine_child(policy, layers, ctx)
            confine_ms = (time.perf_counter() - t0) * 1000
        except BaseException:
            try:
                _write_all(
                    w,
                    json.dumps({"ok": False, "confine_error": traceback.format_exc()}).encode(),
                )
            finally:
                os._exit(121)
        try:
            value = fn()
            out = {"ok": True, "value": value}
        except BaseException as exc:
            out = {
                "ok": False,
                "error": f"{type(exc).__name__}: {exc}",
                "errno": getattr(exc, "errno", None),
                "exc_type": type(exc).__name__,
            }
        out["confine_ms"] = confine_ms
        try:
            _write_all(w, json.dumps(out, default=repr).encode())
        finally:
            os._exit(0)
    os.close(w)
    # read the report while waiting for the child: a grandchild may keep the pipe open after it exits
    deadline = time.monotonic() + wall_seconds
    chunks, status, ru, eof = [], None, None, False
    while status is None:
        if not eof and select.select([r], [], [], 0.005)[0]:
            chunk = os.read(r, 65536)
            chunks.append(chunk)
            eof = not chunk
        elif eof:
            time.sleep(0.002)
        pid, st, usage = os.wait4(child, os.WNOHANG)
        if pid:
            status, ru = st, usage
        elif time.monotonic() > deadline:
            os.killpg(child, signal.SIGKILL)
            deadline = float("inf")
    while not eof and select.select([r], [], [], 0)[0]:
        chunk = os.read(r, 65536)
        chunks.append(chunk)
        eof = not chunk
    os.close(r)
    data = b"".join(chunks)
    report = json.loads(data.decode() or "{}") if data else {"ok": False, "no_report": True}
    if os.WIFSIGNALED(status):
        report["status"] = {"signaled": os.WTERMSIG(status)}
    else:
        report["status"] = {"exited": os.WEXITSTATUS(status)}
    report["cpu"] = ru.ru_utime + ru.ru_stime
    report["cpu_limit_exceeded"] = isolation.cpu_limit_exceeded(status, ru, policy)
    if inspect is not None:
        report["inspect"] = inspect(policy, ctx)
    isolation.cleanup(policy, ctx)
    if after is not None:
        report["after"] = after(policy, ctx)
    return report


def _value(report):
    assert "confine_error" not in report, report.get("confine_error")
    assert report.get("ok"), report
    return report["value"]


def _need(layers, *names):
    missing = [n for n in names if not layers.get(n)]
    if missing:
        pytest.skip(f"host lacks sandbox layer(s): {', '.join(missing)}")


def _need_root():
    if not IS_ROOT:
        pytest.skip("needs root (per-slot uid)")


def _uid_processes(uid: int) -> list[int]:
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/status") as f:
                text = f.read()
        except OSError:
            continue
        for line in text.splitlines():
            if line.startswith("Uid:") and str(uid) in line.split()[1:]:
                found.append(int(name))
    return found


# --------------------------------------------------------------------------- probe / cli


def test_probe_reports_every_layer(layers):
    assert set(layers) == set(isolation.LAYERS)
    assert all(isinstance(v, bool) for v in layers.values())
    print("probe:", json.dumps(layers))
    assert layers["rlimits"] and layers["no_new_privs"]


def test_cli_probe_prints_json():
    import subprocess

    out = subprocess.run(
        [sys.executable, str(SANDBOX_DIR / "isolation.py"), "--probe"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert set(json.loads(out)) == set(isolation.LAYERS)


# --------------------------------------------------------------------------- basic layers


def test_child_runs_and_chdirs_to_workdir(layers):
    rep = run_sandboxed(lambda: os.getcwd(), layers)
    assert _value(rep) == rep["policy"].workdir
    assert rep["status"] == {"exited": 0} and not rep["cpu_limit_exceeded"]


def test_ids_are_dropped_and_setuid_fails(layers):
    _need_root()
    _need(layers, "setuid")

    def body():
        ids = [os.getresuid(), os.getresgid(), os.getgroups()]
        try:
            os.setuid(0)
            ids.append("setuid(0) succeeded")
        except OSError as exc:
            ids.append(exc.errno)
        return ids

    rep = run_sandboxed(body, layers)
    uid = rep["policy"].uid
    resuid, resgid, groups, err = _value(rep)
    assert resuid == [uid] * 3 and resgid == [uid] * 3 and groups == []
    assert err in (1, 13)  # EPERM (EACCES would do too)


def test_rlimits_no_new_privs_and_dumpable(layers):
    import resource

    def body():
        libc = ctypes.CDLL(None)
        return {
            "cpu": resource.getrlimit(resource.RLIMIT_CPU),
            "core": resource.getrlimit(resource.RLIMIT_CORE),
            "nofile": resource.getrlimit(resource.RLIMIT_NOFILE),
            "fsize": resource.getrlimit(resource.RLIMIT_FSIZE),
            "nproc": resource.getrlimit(resource.RLIMIT_NPROC),
            "as": resource.getrlimit(resource.RLIMIT_AS),
            "nnp": libc.prctl(39, 0, 0, 0, 0),
            "dumpable": libc.prctl(3, 0, 0, 0, 0),
            "sid_is_me": os.getsid(0) == os.getpid(),
        }

    rep = run_sandboxed(body, layers, cpu_seconds=7)
    v = _value(rep)
    pol = rep["policy"]
    assert v["cpu"] == [7, 8]
    assert v["core"] == [0, 0]
    assert v["nofile"] == [pol.max_open_files] * 2
    assert v["fsize"] == [pol.max_file_bytes] * 2
    assert v["nproc"] == [pol.max_processes] * 2
    assert v["as"] == [pol.memory_bytes] * 2
    assert v["nnp"] == 1 and v["dumpable"] == 0 and v["sid_is_me"]


def test_cpu_loop_dies_of_cpu_limit(layers):
    def body():
        while True:
            pass

    rep = run_sandboxed(body, layers, cpu_seconds=1)
    sig = rep["status"].get("signaled")
    print(f"CPU loop ended by signal {sig} after {rep['cpu']:.2f} s of CPU")
    # SIGXCPU at the soft limit; SIGKILL at the hard limit (soft + 1) when the child is pid 1 of a pid
    # namespace, because a namespace init ignores SIGXCPU with the default action.
    assert sig == signal.SIGXCPU or (sig == signal.SIGKILL and rep["cpu"] >= 1.0), rep
    assert rep["cpu_limit_exceeded"]


def test_memory_bomb_gets_memory_error(layers):
    def body():
        hog = []
        while True:
            hog.append(bytearray(32 * MB))

    rep = run_sandboxed(body, layers, memory_bytes=_vm_size() + 256 * MB)
    assert rep.get("exc_type") == "MemoryError", rep


def test_big_file_is_capped_by_fsize(layers):
    def body():
        with open("big", "wb") as f:
            for _ in range(20):
                f.write(b"\0" * MB)
                f.flush()
        return "wrote 20 MB"

    rep = run_sandboxed(body, layers, max_file_bytes=4 * MB)
    assert not rep["ok"] and rep["errno"] in (27, 28), rep  # EFBIG or ENOSPC


def test_double_forked_process_is_dead_after_cleanup(layers):
    _need_root()

    def body():
        if os.fork() == 0:
            if os.fork() == 0:
                os.setsid()
                time.sleep(60)
            os._exit(0)
        time.sleep(0.2)
        return "forked"

    rep = run_sandboxed(body, layers, after=lambda pol, ctx: _uid_processes(pol.uid))
    assert _value(rep) == "forked"
    assert rep["after"] == []
    assert _uid_processes(rep["policy"].uid) == []


def test_numpy_works_in_child(layers):
    np = pytest.importorskip("numpy")  # imported before the fork, like the zygote does

    def body():
        a = np.ones((100, 100)) @ np.ones((100, 100))
        return float(a[0, 0])

    assert _value(run_sandboxed(body, layers)) == 100.0


def test_confine_child_timing(layers):
    rep = run_sandboxed(lambda: None, layers)
    _value(rep)
    print(f"confine_child took {rep['confine_ms']:.2f} ms with layers {sorted(k for k, v in layers.items() if v)}")


# --------------------------------------------------------------------------- namespaces and mounts


def _ns_ids():
    out = {}
    for ns in ("mnt", "net", "ipc", "uts", "pid"):
        try:
            out[ns] = os.readlink(f"/proc/self/ns/{ns}")
        except OSError as exc:
            out[ns] = f"error {exc.errno}"
    return out


def test_probe_all_layers_on_root(layers):
    _need_root()
    missing = [name for name, ok in layers.items() if not ok]
    if missing and not os.environ.get("CI"):
        pytest.skip(f"this host lacks {missing}")
    assert not missing, f"root host lacks layers {missing}"


def test_namespaces_are_new(layers):
    _need(layers, "mount_namespace", "network_namespace", "ipc_namespace", "uts_namespace")
    import socket

    def body():
        with open("/proc/net/dev") as f:
            ifaces = sorted(line.split(":")[0].strip() for line in f.readlines()[2:])
        return {"ns": _ns_ids(), "hostname": socket.gethostname(), "ifaces": ifaces}

    v = _value(run_sandboxed(body, layers))
    outside = _ns_ids()
    for ns in ("mnt", "net", "ipc", "uts"):
        assert v["ns"][ns] != outside[ns], ns
    assert v["hostname"] == "sandbox"
    assert v["ifaces"] == ["lo"]


def test_network_is_unreachable(layers):
    _need(layers, "network_namespace")
    import socket

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]

    def body():
        s = socket.socket()
        s.settimeout(2)
        s.connect(("127.0.0.1", port))
        return "connected"

    try:
        rep = run_sandboxed(body, layers)
    finally:
        server.close()
    assert not rep["ok"] and rep["exc_type"] in (
        "OSError",
        "PermissionError",
        "ConnectionRefusedError",
        "TimeoutError",
    ), rep


def test_proc_shows_only_the_sandbox(layers):
    _need_root()
    _need(layers, "pid_namespace", "mount_namespace")

    def body():
        if os.fork() == 0:
            time.sleep(5)
            os._exit(0)
        return {
            "pid": os.getpid(),
            "pids": sorted(int(n) for n in os.listdir("/proc") if n.isdigit()),
        }

    v = _value(run_sandboxed(body, layers))
    assert v["pid"] == 1
    assert v["pids"] == [1, 2]


def test_hidden_paths_look_empty_and_read_only(layers):
    _need(layers, "mount_namespace")
    hidden = tempfile.mkdtemp(prefix="isolation-hidden-", dir="/var/tmp")
    Path(hidden, "secret.txt").write_text("s3cr3t")

    def body():
        # A repository cloned under /tmp is not there at all (the child's /tmp is a fresh tmpfs).
        repo = os.listdir(str(REPO_ROOT)) if os.path.exists(str(REPO_ROOT)) else []
        out = {"hidden": os.listdir(hidden), "repo": repo}
        try:
            open(os.path.join(hidden, "x"), "w").close()
            out["write"] = "ok"
        except OSError as exc:
            out["write"] = exc.errno
        return out

    try:
        v = _value(run_sandboxed(body, layers, hidden_paths=(hidden, str(REPO_ROOT), "/does/not/exist")))
    finally:
        shutil.rmtree(hidden, ignore_errors=True)
    assert v["hidden"] == [] and v["repo"] == []
    assert v["write"] in (13, 30)  # EACCES / EROFS


def test_workdir_inside_a_hidden_path_stays_usable(layers):
    _need(layers, "mount_namespace")
    parent = tempfile.mkdtemp(prefix="isolation-hidden-", dir="/var/tmp")
    Path(parent, "secret.txt").write_text("s3cr3t")
    os.chmod(parent, 0o755)

    def body():
        with open("out.txt", "w") as f:
            f.write("hello")
        return {
            "cwd": os.getcwd(),
            "listing": os.listdir("."),
            "parent": os.listdir(parent),
        }

    def inspect(policy, ctx):
        return open(os.path.join(policy.workdir, "out.txt")).read()

    try:
        rep = run_sandboxed(body, layers, workdir_parent=parent, hidden_paths=(parent,), inspect=inspect)
    finally:
        shutil.rmtree(parent, ignore_errors=True)
    v = _value(rep)
    assert v["cwd"] == rep["policy"].workdir and v["listing"] == ["out.txt"]
    assert "secret.txt" not in v["parent"]
    assert rep["inspect"] == "hello"


def test_tmp_is_private_and_size_capped(layers):
    _need(layers, "mount_namespace")
    marker = f"isolation-marker-{os.getpid()}"

    def body():
        open(f"/tmp/{marker}", "w").close()
        listing = os.listdir("/tmp")
        try:
            with open("/tmp/big", "wb") as f:
                for _ in range(100):
                    f.write(b"\0" * MB)
                    f.flush()
            err = None
        except OSError as exc:
            err = exc.errno
        return {"listing": listing, "err": err}

    rep = run_sandboxed(body, layers, tmpfs_bytes=16 * MB, max_file_bytes=200 * MB)
    v = _value(rep)
    assert not os.path.exists(f"/tmp/{marker}")
    # only our marker, plus the workdir's own mount point when the workdir lives under /tmp
    assert marker in v["listing"]
    assert set(v["listing"]) <= {
        marker,
        *Path(rep["policy"].workdir).relative_to("/").parts[1:2],
    }
    assert v["err"] in (27, 28)  # EFBIG / ENOSPC


def test_workdir_is_size_capped_and_visible_to_supervisor(layers):
    _need_root()
    _need(layers, "mount_namespace")

    def body():
        with open("result.json", "w") as f:
            f.write("[1, 2]")
        try:
            with open("big", "wb") as f:
                for _ in range(100):
                    f.write(b"\0" * MB)
                    f.flush()
            return "no limit"
        except OSError as exc:
            return exc.errno

    def inspect(policy, ctx):
        return open(os.path.join(policy.workdir, "result.json")).read()

    rep = run_sandboxed(body, layers, tmpfs_bytes=16 * MB, max_file_bytes=200 * MB, inspect=inspect)
    assert _value(rep) == 28  # ENOSPC
    assert rep["inspect"] == "[1, 2]"


def test_host_root_stays_writable(layers):
    _need(layers, "mount_namespace")

    def body():
        try:
            open("/var/tmp/isolation-should-fail", "w").close()
            return "wrote"
        except OSError as exc:
            return exc.errno

    assert _value(run_sandboxed(body, layers)) in (13, 30)
    with tempfile.NamedTemporaryFile(dir="/var/tmp"):
        pass  # the host's / is still writable


# --------------------------------------------------------------------------- cgroups


def test_child_joins_run_cgroup_with_limits(layers):
    _need(layers, "cgroup_memory", "cgroup_pids")

    def body():
        return open("/proc/self/cgroup").read()

    def inspect(policy, ctx):
        out = {
            "dirs": list(ctx.cgroup_dirs),
            "version": ctx.cgroup_version,
            "limits": {},
        }
        for d in ctx.cgroup_dirs:
            for name in ("memory.max", "memory.limit_in_bytes", "pids.max"):
                path = os.path.join(d, name)
                if os.path.exists(path):
                    out["limits"][name] = Path(path).read_text().strip()
        return out

    rep = run_sandboxed(body, layers, inspect=inspect)
    cgroup_file = _value(rep)
    info = rep["inspect"]
    assert info["dirs"], info
    for d in info["dirs"]:
        assert os.path.basename(d) in cgroup_file
    pol = rep["policy"]
    assert info["limits"]["pids.max"] == str(pol.max_processes)
    mem = int(info["limits"].get("memory.max") or info["limits"]["memory.limit_in_bytes"])
    assert pol.memory_bytes <= mem <= pol.memory_bytes + 3 * pol.tmpfs_bytes + 128 * MB
    for d in info["dirs"]:
        assert not os.path.exists(d), "per-run cgroup not removed by cleanup"


def test_fork_bomb_is_stopped(layers):
    _need(layers, "cgroup_pids")

    def body():
        children = 0
        try:
            for _ in range(1000):
                pid = os.fork()
                if pid == 0:
                    time.sleep(30)
                    os._exit(0)
                children += 1
        except OSError as exc:
            return {"children": children, "errno": exc.errno}
        return {"children": children, "errno": None}

    rep = run_sandboxed(
        body,
        layers,
        max_processes=20,
        after=lambda pol, ctx: _uid_processes(pol.uid) if pol.uid is not None else [],
    )
    v = _value(rep)
    assert v["errno"] == 11 and v["children"] < 20, v  # EAGAIN
    assert rep["after"] == []


def test_fork_still_works(layers):
    def body():
        pid = os.fork()
        if pid == 0:
            os._exit(7)
        _, status = os.waitpid(pid, 0)
        return os.WEXITSTATUS(status)

    assert _value(run_sandboxed(body, layers)) == 7


# --------------------------------------------------------------------------- seccomp


def _syscall_errno(nr, *args):
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    ret = libc.syscall(ctypes.c_long(nr), *[ctypes.c_long(a) for a in args])
    return 0 if ret >= 0 else ctypes.get_errno()


def _nr(name):
    table = {"x86_64": 0, "aarch64": 1}
    machine = os.uname().machine
    if machine not in table:
        pytest.skip(f"no syscall table for {machine}")
    return {
        **seccomp_filter._SYSCALLS,
        "clone": seccomp_filter._CLONE,
        "clone3": seccomp_filter._CLONE3,
    }[name][table[machine]]


def test_seccomp_denies_sockets(layers):
    _need(layers, "seccomp")
    import socket

    def body():
        out = {}
        for name, make in (
            ("inet", lambda: socket.socket()),
            ("unix", lambda: socket.socket(socket.AF_UNIX)),
            ("pair", lambda: socket.socketpair()),
        ):
            try:
                make()
                out[name] = "ok"
            except OSError as exc:
                out[name] = exc.errno
        return out

    assert _value(run_sandboxed(body, layers)) == {"inet": 13, "unix": 13, "pair": 1}


def test_seccomp_denies_dangerous_syscalls(layers):
    _need(layers, "seccomp")
    names = [
        "unshare",
        "setns",
        "mount",
        "umount2",
        "ptrace",
        "bpf",
        "keyctl",
        "io_uring_setup",
        "perf_event_open",
        "userfaultfd",
        "process_vm_readv",
        "pidfd_getfd",
        "init_module",
        "reboot",
        "chroot",
        "pivot_root",
        "personality",
        "setuid",
        "setgid",
        "setresuid",
        "setgroups",
        "settimeofday",
        "clock_settime",
        "open_by_handle_at",
        "move_pages",
        "fsopen",
        "acct",
    ]
    nrs = {name: _nr(name) for name in names}

    def body():
        out = {name: _syscall_errno(nr, 0, 0, 0, 0, 0, 0) for name, nr in nrs.items()}
        # ids may not change even to the current value
        try:
            os.setuid(os.getuid())
            out["os.setuid(self)"] = 0
        except OSError as exc:
            out["os.setuid(self)"] = exc.errno
        try:
            os.unshare(os.CLONE_NEWUSER) if hasattr(os, "unshare") else None
        except OSError:
            pass
        return out

    v = _value(run_sandboxed(body, layers))
    assert v == {name: 1 for name in v}, v  # all EPERM


def test_seccomp_clone_rules(layers):
    _need(layers, "seccomp")
    import threading

    clone_nr, clone3_nr = _nr("clone"), _nr("clone3")

    def body():
        out = {}
        for name, flags in (
            ("newuser", 0x10000000),
            ("newpid", 0x20000000),
            ("newnet", 0x40000000),
            ("newns", 0x00020000),
        ):
            out[name] = _syscall_errno(clone_nr, flags | signal.SIGCHLD, 0, 0, 0, 0)
        out["clone3"] = _syscall_errno(clone3_nr, 0, 0)
        result = []
        t = threading.Thread(target=lambda: result.append(sum(range(1000))))
        t.start()
        t.join()
        out["thread"] = result
        pid = os.fork()
        if pid == 0:
            os._exit(3)
        out["fork"] = os.WEXITSTATUS(os.waitpid(pid, 0)[1])
        return out

    v = _value(run_sandboxed(body, layers))
    assert v == {
        "newuser": 1,
        "newpid": 1,
        "newnet": 1,
        "newns": 1,
        "clone3": 38,
        "thread": [499500],
        "fork": 3,
    }, v


def test_seccomp_x32_and_foreign_arch(layers):
    _need(layers, "seccomp")
    if os.uname().machine != "x86_64":
        pytest.skip("x86_64 only")

    def x32():
        return _syscall_errno(0x40000000 | 39, 0)  # x32 getpid

    assert _value(run_sandboxed(x32, layers)) == 1

    def int80():
        # mov eax, 20 (i386 getpid); int 0x80; ret
        code = b"\xb8\x14\x00\x00\x00\xcd\x80\xc3"
        buf = mmap.mmap(-1, mmap.PAGESIZE, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
        buf.write(code)
        addr = ctypes.addressof(ctypes.c_char.from_buffer(buf))
        return ctypes.CFUNCTYPE(ctypes.c_int)(addr)()

    rep = run_sandboxed(int80, layers)
    assert rep["status"] == {"signaled": signal.SIGSYS}, rep


def test_everything_together_numpy_threads(layers):
    np = pytest.importorskip("numpy")
    import threading

    def body():
        results = []

        def work():
            results.append(float((np.ones((200, 200)) @ np.ones((200, 200)))[0, 0]))

        threads = [threading.Thread(target=work) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return results

    assert _value(run_sandboxed(body, layers)) == [200.0] * 4


# --------------------------------------------------------------------------- require_all


def _in_fork(fn):
    """Run fn() in a forked process (prepare_supervisor changes its caller); return its result or error."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(r)
            out = {"value": fn()}
        except BaseException as exc:
            out = {"error": type(exc).__name__, "message": str(exc)}
        try:
            _write_all(w, json.dumps(out, default=repr).encode())
        finally:
            os._exit(0)
    os.close(w)
    data = _read_all(r, time.monotonic() + 30)
    os.close(r)
    os.waitpid(pid, 0)
    return json.loads(data.decode())


def test_require_all_raises_for_a_missing_supervisor_layer(layers):
    workdir = tempfile.mkdtemp(prefix="isolation-test-")
    try:
        policy = make_policy(workdir, require_all=True)
        lacking = dict(layers, cgroup_pids=False)
        out = _in_fork(lambda: isolation.prepare_supervisor(policy, lacking) and "prepared")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    assert out.get("error") == "LayerUnavailable" and "cgroup_pids" in out["message"], out


def test_require_all_raises_for_a_missing_child_layer(layers):
    rep = run_sandboxed(lambda: "ran", dict(layers, seccomp=False), require_all=True)
    assert "LayerUnavailable" in rep.get("confine_error", ""), rep
    assert rep["status"] == {"exited": 121}


def test_missing_layer_is_skipped_without_require_all(layers):
    _need(layers, "seccomp")
    import socket

    def body():
        socket.socket().close()
        return "socket allowed"

    assert _value(run_sandboxed(body, dict(layers, seccomp=False))) == "socket allowed"


def test_require_all_passes_when_every_layer_is_there(layers):
    _need_root()
    missing = [n for n in isolation.LAYERS if n != "user_namespace" and not layers[n]]
    if missing:
        pytest.skip(f"host lacks {missing}")
    assert _value(run_sandboxed(lambda: os.getpid(), layers, require_all=True)) == 1
