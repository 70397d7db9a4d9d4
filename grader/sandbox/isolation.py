"""Isolation layers of the grader sandbox (Linux only, standard library + ctypes).

Imported by the zygote as a top-level module ``isolation``: no package-relative
imports, no Django.  Flow per run::

    layers = probe()                        # once, at zygote start
    # per run, in the forked SUPERVISOR (root):
    ctx = prepare_supervisor(policy, layers)
    pid = os.fork()
    if pid == 0:                            # CHILD
        try:
            confine_child(policy, layers, ctx)
        except BaseException:
            os._exit(121)                   # never run student code half-confined
        ...run student code in-process...
    ...wait for the child, enforce wall time with os.killpg(pid, SIGKILL)...
    cleanup(policy, ctx)
"""
from __future__ import annotations

import ctypes
import ctypes.util
import errno
import json
import os
import resource
import select
import signal
import sys
import time
from dataclasses import dataclass, field

__all__ = ["Policy", "RunContext", "LAYERS", "LayerUnavailable", "probe",
           "prepare_supervisor", "confine_child", "cleanup"]

LAYERS = ("user_namespace", "mount_namespace", "network_namespace", "ipc_namespace", "uts_namespace",
          "pid_namespace", "cgroup_memory", "cgroup_pids", "setuid", "rlimits", "no_new_privs", "seccomp")


class LayerUnavailable(RuntimeError):
    """A layer the policy requires cannot be applied on this host."""


@dataclass(frozen=True)
class Policy:
    workdir: str
    uid: int | None
    gid: int | None
    cpu_seconds: int
    memory_bytes: int
    max_processes: int
    max_file_bytes: int
    max_open_files: int
    tmpfs_bytes: int
    hidden_paths: tuple[str, ...]
    require_all: bool = False


@dataclass
class RunContext:
    is_root: bool
    supervisor_pid: int
    supervisor_pidfd: int = -1          # readable once the supervisor has died (pdeathsig race check)
    pid_namespace: bool = False         # the next fork of the supervisor is pid 1 of a new pid namespace
    cgroup_dirs: list = field(default_factory=list)   # per-run cgroup directories (v1: one per controller)
    cgroup_version: int = 0             # 0: none, 1: v1 memory/pids, 2: unified
    workdir_mounted: bool = False       # supervisor mounted the size-capped tmpfs on the workdir
    applied: dict = field(default_factory=dict)        # supervisor-side layers actually applied


# --------------------------------------------------------------------------- libc

_libc = ctypes.CDLL(None, use_errno=True)
_libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
_libc.prctl.restype = ctypes.c_int
_libc.unshare.argtypes = [ctypes.c_int]
_libc.unshare.restype = ctypes.c_int
_libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]
_libc.mount.restype = ctypes.c_int
_libc.umount2.argtypes = [ctypes.c_char_p, ctypes.c_int]
_libc.umount2.restype = ctypes.c_int
_libc.sethostname.argtypes = [ctypes.c_char_p, ctypes.c_size_t]
_libc.sethostname.restype = ctypes.c_int
_libc.syscall.restype = ctypes.c_long

PR_SET_PDEATHSIG = 1
PR_SET_DUMPABLE = 4
PR_SET_SECCOMP = 22
PR_SET_CHILD_SUBREAPER = 36
PR_SET_NO_NEW_PRIVS = 38
PR_GET_NO_NEW_PRIVS = 39

CLONE_NEWNS = 0x00020000
CLONE_NEWCGROUP = 0x02000000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000

MS_RDONLY = 1
MS_NOSUID = 2
MS_NODEV = 4
MS_NOEXEC = 8
MS_REMOUNT = 32
MS_BIND = 4096
MS_REC = 16384
MS_PRIVATE = 1 << 18
MS_SLAVE = 1 << 19
MNT_DETACH = 2


def _check(ret: int, what: str) -> int:
    if ret < 0:
        e = ctypes.get_errno()
        raise OSError(e, f"{what}: {os.strerror(e)}")
    return ret


def _prctl(option: int, arg2: int = 0, arg3: int = 0, arg4: int = 0, arg5: int = 0) -> int:
    return _check(_libc.prctl(option, arg2, arg3, arg4, arg5), f"prctl({option})")


def _unshare(flags: int) -> None:
    _check(_libc.unshare(flags), f"unshare({flags:#x})")


def _mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    enc = lambda s: None if s is None else s.encode()  # noqa: E731
    _check(_libc.mount(enc(source), target.encode(), enc(fstype), flags, enc(data)), f"mount {target}")


def _is_root() -> bool:
    return os.geteuid() == 0


def _required(policy: Policy, layers: dict, name: str) -> bool:
    """Whether layer ``name`` is to be applied; raises when required but missing."""
    if layers.get(name, False):
        return True
    if policy.require_all and name in _required_layers():
        raise LayerUnavailable(f"sandbox layer {name!r} is not available on this host")
    return False


def _required_layers() -> tuple:
    # as root the per-slot uid replaces the user namespace; without root the user namespace replaces setuid
    skip = "user_namespace" if _is_root() else "setuid"
    return tuple(name for name in LAYERS if name != skip)


# --------------------------------------------------------------------------- probe

def _probe_in_fork(fn) -> bool:
    """Run ``fn`` in a short-lived forked process; True when it returned without raising."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        ok = 0
        try:
            os.close(r)
            ok = 1 if fn() is not False else 0
        except BaseException:
            ok = 0
        finally:
            try:
                os.write(w, b"1" if ok else b"0")
            finally:
                os._exit(0)
    os.close(w)
    try:
        data = os.read(r, 1)
    finally:
        os.close(r)
        os.waitpid(pid, 0)
    return data == b"1"


def _probe_setuid() -> bool:
    if not _is_root():
        return False
    os.setgroups([])
    os.setresgid(65534, 65534, 65534)
    os.setresuid(65534, 65534, 65534)
    return os.getuid() == 65534 and os.getgroups() == []


def _probe_rlimits() -> None:
    for res, val in ((resource.RLIMIT_CPU, 60), (resource.RLIMIT_AS, 1 << 40), (resource.RLIMIT_NPROC, 4096),
                     (resource.RLIMIT_FSIZE, 1 << 30), (resource.RLIMIT_NOFILE, 64), (resource.RLIMIT_CORE, 0)):
        resource.setrlimit(res, (val, val))


def _probe_no_new_privs() -> bool:
    _prctl(PR_SET_NO_NEW_PRIVS, 1)
    return _libc.prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1


_PROBES = {
    "setuid": _probe_setuid,
    "rlimits": _probe_rlimits,
    "no_new_privs": _probe_no_new_privs,
}


def probe() -> dict[str, bool]:
    """Which layers this host allows, found by trying each one in a short-lived forked process."""
    result = {}
    for name in LAYERS:
        fn = _PROBES.get(name)
        result[name] = bool(fn) and _probe_in_fork(fn)
    return result


# --------------------------------------------------------------------------- supervisor

def prepare_supervisor(policy: Policy, layers: dict[str, bool]) -> RunContext:
    """In the per-run supervisor, before it forks the child."""
    ctx = RunContext(is_root=_is_root(), supervisor_pid=os.getpid())
    _prctl(PR_SET_CHILD_SUBREAPER, 1)
    try:
        ctx.supervisor_pidfd = os.pidfd_open(os.getpid())
    except (OSError, AttributeError):
        ctx.supervisor_pidfd = -1
    return ctx


# --------------------------------------------------------------------------- child

def _set_rlimits(policy: Policy) -> None:
    cpu = max(1, int(policy.cpu_seconds))
    limits = [
        (resource.RLIMIT_CPU, cpu, cpu + 1),
        (resource.RLIMIT_NPROC, policy.max_processes, policy.max_processes),
        (resource.RLIMIT_FSIZE, policy.max_file_bytes, policy.max_file_bytes),
        (resource.RLIMIT_NOFILE, policy.max_open_files, policy.max_open_files),
        (resource.RLIMIT_CORE, 0, 0),
    ]
    if policy.memory_bytes > 0:
        limits.append((resource.RLIMIT_AS, policy.memory_bytes, policy.memory_bytes))
    for res, soft, hard in limits:
        resource.setrlimit(res, (soft, hard))


def _drop_ids(policy: Policy) -> None:
    if policy.uid is None or policy.gid is None:
        raise LayerUnavailable("running as root but the policy has no uid/gid to switch to")
    os.setgroups([])
    os.setresgid(policy.gid, policy.gid, policy.gid)
    os.setresuid(policy.uid, policy.uid, policy.uid)
    if os.getresuid() != (policy.uid,) * 3 or os.getresgid() != (policy.gid,) * 3 or os.getgroups():
        raise LayerUnavailable("could not switch to the per-slot uid/gid")


def confine_child(policy: Policy, layers: dict[str, bool], ctx: RunContext) -> None:
    """In the CHILD, before any student code runs.  Raises on failure: the caller must then _exit."""
    # 1. own session (the supervisor kills the process group), die with the supervisor
    os.setsid()
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if ctx.supervisor_pidfd >= 0:
        # the supervisor may have died before PR_SET_PDEATHSIG took effect
        if select.select([ctx.supervisor_pidfd], [], [], 0)[0]:
            os._exit(125)
        os.close(ctx.supervisor_pidfd)
    elif not ctx.pid_namespace and os.getppid() != ctx.supervisor_pid:
        os._exit(125)

    os.chdir(policy.workdir)

    # rlimits
    if _required(policy, layers, "rlimits"):
        _set_rlimits(policy)

    # ids
    if ctx.is_root:
        if _required(policy, layers, "setuid"):
            _drop_ids(policy)
        elif policy.require_all:
            raise LayerUnavailable("setuid")

    if _required(policy, layers, "no_new_privs"):
        _prctl(PR_SET_NO_NEW_PRIVS, 1)
    _prctl(PR_SET_DUMPABLE, 0)


# --------------------------------------------------------------------------- cleanup

def _pids_of_uid(uid: int) -> list[int]:
    me = os.getpid()
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        pid = int(name)
        if pid == me:
            continue
        try:
            with open(f"/proc/{name}/status", "rb") as f:
                for line in f:
                    if line.startswith(b"State:") and line.split()[1:2] in ([b"Z"], [b"X"]):
                        break  # zombie: only needs reaping
                    if line.startswith(b"Uid:"):
                        if str(uid).encode() in line.split()[1:]:
                            found.append(pid)
                        break
        except OSError:
            continue
    return found


def _reap() -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def cleanup(policy: Policy, ctx: RunContext) -> None:
    """In the supervisor after the child ended: kill what is left, reap, remove the per-run cgroup."""
    deadline = time.monotonic() + 5.0
    while True:
        victims = set()
        if policy.uid is not None and ctx.is_root:
            victims.update(_pids_of_uid(policy.uid))
        victims.discard(os.getpid())
        for pid in victims:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        _reap()
        if not victims or time.monotonic() > deadline:
            break
        time.sleep(0.002)
    _reap()
    if ctx.supervisor_pidfd >= 0:
        try:
            os.close(ctx.supervisor_pidfd)
        except OSError:
            pass
        ctx.supervisor_pidfd = -1


def _main(argv: list[str]) -> int:
    if argv[1:2] == ["--probe"]:
        print(json.dumps(probe(), indent=2))
        return 0
    print("usage: isolation.py --probe", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(_main(sys.argv))
