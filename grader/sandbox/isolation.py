"""Isolation layers of the grader sandbox (Linux only, standard library + ctypes).

Imported by the zygote as a top-level module ``isolation``: no package-relative imports, no Django.
Flow per run::

    layers = probe()                        # once, at zygote start (log it; CI passes require_all)
    # per run, in the forked SUPERVISOR (root):
    ctx = prepare_supervisor(policy, layers)
    pid = os.fork()                         # the ONLY fork after prepare_supervisor (see pid namespace)
    if pid == 0:                            # CHILD
        try:
            confine_child(policy, layers, ctx)
        except BaseException:  # noqa: BLE001 (probe child / undo then re-raise)
            os._exit(121)                   # never run student code half-confined
        ...run student code in-process, report through a pipe...
    ...os.wait4(pid), wall time: os.killpg(pid, SIGKILL)...
    ...read what the child wrote in policy.workdir...
    cleanup(policy, ctx)                    # kills leftovers, reaps, removes the cgroup, unmounts workdir

Things the caller must know:

* pid namespace: after prepare_supervisor the supervisor's next fork is pid 1 of a new pid namespace;
  once that child exits the kernel kills everything left in the namespace and further forks of the
  supervisor fail (ENOMEM).  A namespace init ignores signals whose action is the default, kernel ones
  included: a CPU overrun therefore ends with SIGKILL at the hard limit (cpu_seconds + 1), not SIGXCPU
  at the soft one.  Use :func:`cpu_limit_exceeded` with the rusage of ``os.wait4``.
* The workdir: as root, prepare_supervisor moves the supervisor into its own mount namespace and mounts
  a size-capped tmpfs (owned by policy.uid) on the workdir, copying what was already there.  The child
  sees the same tmpfs, so the supervisor can read the child's files until cleanup() unmounts it.
  Without root (user namespace) the workdir stays the real directory (only RLIMIT_FSIZE caps it).
* The child sees a fresh /proc, empty private /tmp and /dev/shm, the hidden paths as empty read-only
  tmpfs and / read-only: every module the student code needs must be imported before the fork when the
  interpreter or its site-packages live under a hidden path (/root/.pyenv, the project's .venv, ...).
* RLIMIT_AS counts the zygote's whole inherited address space (numpy with OpenBLAS reserves a lot,
  each thread adds a stack and a malloc arena): size memory_bytes from the zygote's VmSize, and start
  the zygote with OPENBLAS_NUM_THREADS=1 (and e.g. MALLOC_ARENA_MAX=2) so threads fit the limits.
* cgroup memory limit = memory_bytes + 3 * tmpfs_bytes (/tmp, /dev/shm and workdir pages are charged
  to the child) + 64 MiB; none when memory_bytes == 0.
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

__all__ = [
    "LAYERS",
    "LayerUnavailable",
    "Policy",
    "RunContext",
    "cleanup",
    "confine_child",
    "cpu_limit_exceeded",
    "prepare_supervisor",
    "probe",
]

LAYERS = (
    "user_namespace",
    "mount_namespace",
    "network_namespace",
    "ipc_namespace",
    "uts_namespace",
    "pid_namespace",
    "cgroup_memory",
    "cgroup_pids",
    "setuid",
    "rlimits",
    "no_new_privs",
    "seccomp",
)


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
    # paths under a hidden one that stay readable (the interpreter, its site-packages), read-only
    visible_paths: tuple[str, ...] = ()


@dataclass
class RunContext:
    is_root: bool
    supervisor_pid: int
    # readable once the supervisor has died (closes the PDEATHSIG race in the child)
    supervisor_pidfd: int = -1
    # the next fork of the supervisor is pid 1 of a new pid namespace
    pid_namespace: bool = False
    # per-run cgroup directories (v1: one per controller) and what they limit
    cgroup_dirs: list = field(default_factory=list)
    cgroup_version: int = 0  # 0: none, 1: v1 memory/pids, 2: unified
    cgroup_controllers: frozenset = frozenset()
    # the supervisor mounted the size-capped tmpfs on the workdir (in its own mount namespace)
    workdir_mounted: bool = False
    # the supervisor joined the run's cgroup itself (ahead of the run): the child inherits it by fork,
    # and the cgroup is removed by the zygote once the supervisor has exited (remove_cgroups_of)
    cgroup_joined: bool = False
    # the supervisor made the network, IPC, UTS and mount namespaces and the mounts for the child
    # (all but /proc, which must be mounted from inside the new pid namespace); the child shares them,
    # so tearing them down happens when the supervisor exits, after the answer is sent
    namespaces_ready: bool = False


# --------------------------------------------------------------------------- libc

_libc = ctypes.CDLL(None, use_errno=True)
_libc.prctl.argtypes = [
    ctypes.c_int,
    ctypes.c_ulong,
    ctypes.c_ulong,
    ctypes.c_ulong,
    ctypes.c_ulong,
]
_libc.prctl.restype = ctypes.c_int
_libc.unshare.argtypes = [ctypes.c_int]
_libc.unshare.restype = ctypes.c_int
_libc.mount.argtypes = [
    ctypes.c_char_p,
    ctypes.c_char_p,
    ctypes.c_char_p,
    ctypes.c_ulong,
    ctypes.c_char_p,
]
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


def _prctl(
    option: int, arg2: int = 0, arg3: int = 0, arg4: int = 0, arg5: int = 0
) -> int:
    return _check(_libc.prctl(option, arg2, arg3, arg4, arg5), f"prctl({option})")


def _unshare(flags: int) -> None:
    _check(_libc.unshare(flags), f"unshare({flags:#x})")


def _mount(
    source: str | None,
    target: str,
    fstype: str | None,
    flags: int,
    data: str | None = None,
) -> None:
    enc = lambda s: None if s is None else s.encode()
    _check(
        _libc.mount(enc(source), target.encode(), enc(fstype), flags, enc(data)),
        f"mount {target}",
    )


def _sethostname(name: str) -> None:
    raw = name.encode()
    _check(_libc.sethostname(raw, len(raw)), "sethostname")


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
        except BaseException:  # noqa: BLE001 (probe child / undo then re-raise)
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
    for res, val in (
        (resource.RLIMIT_CPU, 60),
        (resource.RLIMIT_AS, 1 << 40),
        (resource.RLIMIT_NPROC, 4096),
        (resource.RLIMIT_FSIZE, 1 << 30),
        (resource.RLIMIT_NOFILE, 64),
        (resource.RLIMIT_CORE, 0),
    ):
        resource.setrlimit(res, (val, val))


def _probe_no_new_privs() -> bool:
    _prctl(PR_SET_NO_NEW_PRIVS, 1)
    return _libc.prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1


def _write_file(path: str, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CLOEXEC)
    try:
        os.write(fd, text.encode())
    finally:
        os.close(fd)


def _enter_user_namespace() -> None:
    """unshare(CLONE_NEWUSER) mapping our own uid/gid to themselves (we keep all capabilities in it)."""
    uid, gid = os.geteuid(), os.getegid()
    # else /proc/self/*_map belong to root (e.g. after a setuid from root)
    _prctl(PR_SET_DUMPABLE, 1)
    _unshare(CLONE_NEWUSER)
    try:
        _write_file("/proc/self/setgroups", "deny")
    except FileNotFoundError:
        pass
    _write_file("/proc/self/uid_map", f"{uid} {uid} 1\n")
    _write_file("/proc/self/gid_map", f"{gid} {gid} 1\n")


def _probe_namespace(flag: int):
    def fn() -> bool:
        if not _is_root():
            _enter_user_namespace()
        _unshare(flag)
        if flag == CLONE_NEWNS:
            _mount(None, "/", None, MS_REC | MS_PRIVATE)
            _mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "size=64k,mode=1777")
        elif flag == CLONE_NEWUTS:
            _sethostname("sandbox")
        return True

    return fn


def _probe_user_namespace() -> bool:
    _enter_user_namespace()
    return True


def _probe_pid_namespace() -> bool:
    if not _is_root():
        return False  # without root the supervisor cannot own a pid namespace for the child
    _unshare(CLONE_NEWPID)
    pid = os.fork()
    if pid == 0:  # pragma: no cover - grandchild, pid 1 of the new namespace
        ok = False
        try:
            _unshare(CLONE_NEWNS)
            _mount(None, "/", None, MS_REC | MS_PRIVATE)
            _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
            ok = os.getpid() == 1 and [
                n for n in os.listdir("/proc") if n.isdigit()
            ] == ["1"]
        finally:
            os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    return os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0


def _probes() -> dict:
    return {
        "user_namespace": _probe_user_namespace,
        "mount_namespace": _probe_namespace(CLONE_NEWNS),
        "network_namespace": _probe_namespace(CLONE_NEWNET),
        "ipc_namespace": _probe_namespace(CLONE_NEWIPC),
        "uts_namespace": _probe_namespace(CLONE_NEWUTS),
        "pid_namespace": _probe_pid_namespace,
        "cgroup_memory": _probe_cgroup("memory"),
        "cgroup_pids": _probe_cgroup("pids"),
        "setuid": _probe_setuid,
        "rlimits": _probe_rlimits,
        "no_new_privs": _probe_no_new_privs,
        "seccomp": _probe_seccomp,
    }


def probe() -> dict[str, bool]:
    """Which layers this host allows, found by trying each one in a short-lived forked process
    (nothing is cached).  As root user_namespace is reported but not used; without root setuid and
    pid_namespace are False and the user namespace stands in for them."""
    result, probes = {}, _probes()
    for name in LAYERS:
        fn = probes.get(name)
        result[name] = bool(fn) and _probe_in_fork(fn)
    return result


# --------------------------------------------------------------------------- seccomp

# Syscall numbers: x86_64 from asm/unistd_64.h, aarch64 from asm-generic/unistd.h.  Denied with EPERM
# unless listed in _DENY_ERRNO.  clone is allowed unless its flags ask for a new namespace; clone3 says
# ENOSYS (its flags live in memory a filter cannot read) and glibc then falls back to clone.
_SYSCALLS = {  # name: (x86_64, aarch64); None where the architecture has no such syscall
    "socket": (41, 198),
    "socketpair": (53, 199),
    "connect": (42, 203),
    "bind": (49, 200),
    "listen": (50, 201),
    "accept": (43, 202),
    "accept4": (288, 242),
    "ptrace": (101, 117),
    "process_vm_readv": (310, 270),
    "process_vm_writev": (311, 271),
    "kcmp": (312, 272),
    "pidfd_getfd": (438, 438),
    "process_madvise": (440, 440),
    "mount": (165, 40),
    "umount2": (166, 39),
    "pivot_root": (155, 41),
    "chroot": (161, 51),
    "fsopen": (430, 430),
    "fsconfig": (431, 431),
    "fsmount": (432, 432),
    "fspick": (433, 433),
    "move_mount": (429, 429),
    "open_tree": (428, 428),
    "mount_setattr": (442, 442),
    "unshare": (272, 97),
    "setns": (308, 268),
    "bpf": (321, 280),
    "keyctl": (250, 219),
    "add_key": (248, 217),
    "request_key": (249, 218),
    "io_uring_setup": (425, 425),
    "io_uring_enter": (426, 426),
    "io_uring_register": (427, 427),
    "userfaultfd": (323, 282),
    "perf_event_open": (298, 241),
    "init_module": (175, 105),
    "finit_module": (313, 273),
    "delete_module": (176, 106),
    "kexec_load": (246, 104),
    "kexec_file_load": (320, 294),
    "reboot": (169, 142),
    "swapon": (167, 224),
    "swapoff": (168, 225),
    "setuid": (105, 146),
    "setgid": (106, 144),
    "setreuid": (113, 145),
    "setregid": (114, 143),
    "setresuid": (117, 147),
    "setresgid": (119, 149),
    "setgroups": (116, 159),
    "setfsuid": (122, 151),
    "setfsgid": (123, 152),
    "personality": (135, 92),
    "acct": (163, 89),
    "quotactl": (179, 60),
    "quotactl_fd": (443, 443),
    "lookup_dcookie": (212, 18),
    "open_by_handle_at": (304, 265),
    "name_to_handle_at": (303, 264),
    "iopl": (172, None),
    "ioperm": (173, None),
    "uselib": (134, None),
    "move_pages": (279, 239),
    "migrate_pages": (256, 238),
    "fanotify_init": (300, 262),
    "settimeofday": (164, 170),
    "clock_settime": (227, 112),
    "syslog": (103, 116),
    "vhangup": (153, 58),
}
_DENY_ERRNO = {"socket": errno.EACCES}
_CLONE = (56, 220)
_CLONE3 = (435, 435)
_SECCOMP_SYSCALL = {"x86_64": 317, "aarch64": 277}
AUDIT_ARCH_X86_64 = 0xC000003E
AUDIT_ARCH_AARCH64 = 0xC00000B7
_X32_SYSCALL_BIT = 0x40000000
CLONE_NEW_MASK = (
    CLONE_NEWNS
    | CLONE_NEWCGROUP
    | CLONE_NEWUTS
    | CLONE_NEWIPC
    | CLONE_NEWUSER
    | CLONE_NEWPID
    | CLONE_NEWNET
)

SECCOMP_RET_KILL_PROCESS = 0x80000000
SECCOMP_RET_ERRNO = 0x00050000
SECCOMP_RET_ALLOW = 0x7FFF0000
SECCOMP_SET_MODE_FILTER = 1
SECCOMP_FILTER_FLAG_TSYNC = 1
SECCOMP_MODE_FILTER = 2

_LD_W_ABS = 0x20
_JEQ_K = 0x15
_JGE_K = 0x35
_JSET_K = 0x45
_JA = 0x05
_RET_K = 0x06
_OFF_NR, _OFF_ARCH, _OFF_ARG0_LO = 0, 4, 16  # struct seccomp_data (little endian)


class _SockFilter(ctypes.Structure):
    _fields_ = [
        ("code", ctypes.c_ushort),
        ("jt", ctypes.c_ubyte),
        ("jf", ctypes.c_ubyte),
        ("k", ctypes.c_uint32),
    ]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_SockFilter))]


def _arch_block(index: int, x32_check: bool) -> list[tuple]:
    block = [(_LD_W_ABS, 0, 0, _OFF_NR)]
    eperm = SECCOMP_RET_ERRNO | errno.EPERM
    if x32_check:  # x32 ABI syscalls (and nr -1) on x86_64
        block += [(_JGE_K, 0, 1, _X32_SYSCALL_BIT), (_RET_K, 0, 0, eperm)]
    for name, numbers in _SYSCALLS.items():
        nr = numbers[index]
        if nr is not None:
            block += [
                (_JEQ_K, 0, 1, nr),
                (_RET_K, 0, 0, SECCOMP_RET_ERRNO | _DENY_ERRNO.get(name, errno.EPERM)),
            ]
    block += [
        (_JEQ_K, 0, 1, _CLONE3[index]),
        (_RET_K, 0, 0, SECCOMP_RET_ERRNO | errno.ENOSYS),
    ]
    block += [
        (_JEQ_K, 0, 4, _CLONE[index]),
        # clone flags (CLONE_NEW* all live in the low word)
        (_LD_W_ABS, 0, 0, _OFF_ARG0_LO),
        (_JSET_K, 0, 1, CLONE_NEW_MASK),
        (_RET_K, 0, 0, eperm),
        (_RET_K, 0, 0, SECCOMP_RET_ALLOW),
    ]
    block.append((_RET_K, 0, 0, SECCOMP_RET_ALLOW))
    return block


def _build_seccomp_program() -> list[tuple]:
    """Classic BPF: dispatch on seccomp_data.arch (kill on a foreign one), then the deny list."""
    arches = [
        (AUDIT_ARCH_X86_64, _arch_block(0, True)),
        (AUDIT_ARCH_AARCH64, _arch_block(1, False)),
    ]
    n = len(arches)
    prog = [(_LD_W_ABS, 0, 0, _OFF_ARCH)]
    start = 1 + 2 * n + 1  # first instruction after the dispatch and the kill
    for i, (audit_arch, block) in enumerate(arches):
        ja_pc = 1 + 2 * i + 1
        prog += [(_JEQ_K, 0, 1, audit_arch), (_JA, 0, 0, start - (ja_pc + 1))]
        start += len(block)
    prog.append((_RET_K, 0, 0, SECCOMP_RET_KILL_PROCESS))
    for _, block in arches:
        prog += block
    assert len(prog) < 4096
    return prog


_SECCOMP_PROGRAM = _build_seccomp_program()


def _install_seccomp() -> None:
    n = len(_SECCOMP_PROGRAM)
    insns = (_SockFilter * n)(*[_SockFilter(*ins) for ins in _SECCOMP_PROGRAM])
    prog = _SockFprog(n, insns)
    nr = _SECCOMP_SYSCALL.get(os.uname().machine)
    if nr is not None:
        ret = _libc.syscall(
            ctypes.c_long(nr),
            ctypes.c_long(SECCOMP_SET_MODE_FILTER),
            ctypes.c_long(SECCOMP_FILTER_FLAG_TSYNC),
            ctypes.byref(prog),
        )
        if ret == 0:
            return
        if ret > 0:
            raise LayerUnavailable(f"seccomp: thread {ret} could not be synchronised")
        if ctypes.get_errno() != errno.ENOSYS:
            _check(ret, "seccomp")
    _check(
        _libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.addressof(prog), 0, 0),
        "prctl(PR_SET_SECCOMP)",
    )


def _probe_seccomp() -> bool:
    import socket

    _prctl(PR_SET_NO_NEW_PRIVS, 1)
    _install_seccomp()
    try:
        socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()
        return False
    except PermissionError:
        pass
    pid = os.fork()  # plain clone still works
    if pid == 0:  # pragma: no cover
        os._exit(0)
    os.waitpid(pid, 0)
    return _libc.unshare(CLONE_NEWNS) == -1


# --------------------------------------------------------------------------- cgroups

_CGROUP_SLACK = 64 << 20


def _read_text(path: str) -> str:
    with open(path) as f:
        return f.read()


def _cgroup_locations() -> dict:
    """{'v2': dir, 'memory': dir, 'pids': dir}: this process's cgroup directories per hierarchy."""
    own = {}
    for line in _read_text("/proc/self/cgroup").splitlines():
        hier, controllers, path = line.split(":", 2)
        if hier == "0" and controllers == "":
            own["v2"] = path
        for c in controllers.split(","):
            if c in ("memory", "pids"):
                own[c] = path
    found = {}
    for line in _read_text("/proc/self/mountinfo").splitlines():
        left, _, right = line.partition(" - ")
        fields, rfields = left.split(), right.split()
        if len(fields) < 5 or len(rfields) < 3:
            continue
        root, mountpoint, fstype = fields[3], fields[4], rfields[0]
        if fstype == "cgroup2":
            keys = ["v2"]
        elif fstype == "cgroup":
            keys = [c for c in rfields[2].split(",") if c in ("memory", "pids")]
        else:
            continue
        for key in keys:
            if key in found or key not in own:
                continue
            path = own[key]
            if root != "/" and (path == root or path.startswith(root + "/")):
                path = path[len(root) :]
            elif root != "/":
                continue
            found[key] = mountpoint.rstrip("/") + (path if path != "/" else "")
    return found


def _cgroup_write(directory: str, name: str, value) -> None:
    _write_file(os.path.join(directory, name), str(value))


def _create_run_cgroups(
    memory_limit: int | None, pids_limit: int | None
) -> tuple[int, list[str], set]:
    """Create the per-run cgroup(s) under this process's own cgroup.

    Returns (version, directories, controllers): cgroup v2 when the unified hierarchy offers the memory
    and pids controllers and is writable, else cgroup v1 memory and pids hierarchies."""
    want = {
        c
        for c, lim in (("memory", memory_limit), ("pids", pids_limit))
        if lim is not None
    }
    if not want:
        return 0, [], set()
    name = f"grader-run-{os.getpid()}-{os.urandom(4).hex()}"
    where = _cgroup_locations()
    base = where.get("v2")
    if base and os.access(base, os.W_OK):
        try:
            available = set(
                _read_text(os.path.join(base, "cgroup.controllers")).split()
            )
            if want <= available:
                enabled = set(
                    _read_text(os.path.join(base, "cgroup.subtree_control")).split()
                )
                if not want <= enabled:
                    _cgroup_write(
                        base,
                        "cgroup.subtree_control",
                        " ".join("+" + c for c in sorted(want)),
                    )
                directory = os.path.join(base, name)
                os.mkdir(directory, 0o755)
                try:
                    if memory_limit is not None:
                        _cgroup_write(directory, "memory.max", memory_limit)
                        if os.path.exists(os.path.join(directory, "memory.swap.max")):
                            _cgroup_write(directory, "memory.swap.max", 0)
                    if pids_limit is not None:
                        _cgroup_write(directory, "pids.max", pids_limit)
                except BaseException:
                    os.rmdir(directory)
                    raise
                return 2, [directory], want
        except OSError:
            pass  # e.g. EBUSY: our cgroup has processes and is not the root; try v1
    dirs, done = [], set()
    try:
        for controller in sorted(want):
            base = where.get(controller)
            if not base or not os.access(base, os.W_OK):
                continue
            directory = os.path.join(base, name)
            try:
                os.mkdir(directory, 0o755)
            except OSError:
                continue
            dirs.append(directory)
            if controller == "memory":
                _cgroup_write(directory, "memory.limit_in_bytes", memory_limit)
                try:  # no swapping either (only when swap accounting exists)
                    _cgroup_write(
                        directory, "memory.memsw.limit_in_bytes", memory_limit
                    )
                except OSError:
                    pass
            else:
                _cgroup_write(directory, "pids.max", pids_limit)
            done.add(controller)
    except BaseException:
        _remove_cgroups(dirs)
        raise
    return (1 if dirs else 0), dirs, done


def _cgroup_pids(directory: str) -> list[int]:
    try:
        return [
            int(x) for x in _read_text(os.path.join(directory, "cgroup.procs")).split()
        ]
    except (OSError, ValueError):
        return []


def _remove_cgroups(dirs: list[str], timeout: float = 2.0) -> None:
    deadline = time.monotonic() + timeout
    for directory in dirs:
        while True:
            try:
                os.rmdir(directory)
                break
            except FileNotFoundError:
                break
            except OSError as exc:
                if exc.errno != errno.EBUSY or time.monotonic() > deadline:
                    break
                for pid in _cgroup_pids(directory):
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except OSError:
                        pass
                _reap()
                time.sleep(0.002)


def _probe_cgroup(controller: str):
    def fn() -> bool:
        limits = {"memory": (256 << 20, None), "pids": (None, 64)}[controller]
        _, dirs, done = _create_run_cgroups(*limits)
        try:
            if controller not in done:
                return False
            pid = os.fork()
            if pid == 0:  # pragma: no cover - joins and leaves by exiting
                try:
                    for d in dirs:
                        _cgroup_write(d, "cgroup.procs", 0)
                    code = 0
                except BaseException:  # noqa: BLE001 (probe child / undo then re-raise)
                    code = 1
                os._exit(code)
            _, status = os.waitpid(pid, 0)
            return os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
        finally:
            _remove_cgroups(dirs)

    return fn


# --------------------------------------------------------------------------- supervisor


def prepare_supervisor(policy: Policy, layers: dict[str, bool], *, join: bool = False) -> RunContext:
    """In the per-run supervisor before it forks the child.

    Becomes child subreaper; opens a pidfd of itself (the child checks it to close the PDEATHSIG race);
    creates the per-run cgroup (v2 under the unified hierarchy when it offers memory and pids and is
    writable, else v1 memory and pids) with the limits; as root, unshare(CLONE_NEWPID) so the child is
    pid 1 of a new pid namespace, and mounts the size-capped workdir tmpfs in a private mount namespace
    of the supervisor.  Raises LayerUnavailable when policy.require_all and a layer is missing."""
    ctx = RunContext(is_root=_is_root(), supervisor_pid=os.getpid())
    _prctl(PR_SET_CHILD_SUBREAPER, 1)
    try:
        ctx.supervisor_pidfd = os.pidfd_open(os.getpid())
    except (OSError, AttributeError):
        ctx.supervisor_pidfd = -1
    try:
        _prepare(policy, layers, ctx, join)
    except BaseException:
        _remove_cgroups(ctx.cgroup_dirs)
        if ctx.supervisor_pidfd >= 0:
            os.close(ctx.supervisor_pidfd)
        raise
    return ctx


def _prepare(policy: Policy, layers: dict, ctx: RunContext, join: bool = False) -> None:
    want_memory = policy.memory_bytes > 0 and _required(policy, layers, "cgroup_memory")
    want_pids = _required(policy, layers, "cgroup_pids")
    if want_memory or want_pids:
        # memory: the address-space budget plus what the child may put in its tmpfs mounts (charged to it)
        memory_limit = (
            policy.memory_bytes + 3 * policy.tmpfs_bytes + _CGROUP_SLACK
            if want_memory
            else None
        )
        # a supervisor that joins counts against the pids limit too
        pids_limit = policy.max_processes + (1 if join else 0) if want_pids else None
        try:
            ctx.cgroup_version, ctx.cgroup_dirs, done = _create_run_cgroups(
                memory_limit, pids_limit
            )
        except OSError as exc:
            done = set()
            if policy.require_all:
                raise LayerUnavailable(f"cgroup: {exc}") from exc
        ctx.cgroup_controllers = frozenset(done)
        missing = {"memory"} if want_memory else set()
        missing |= {"pids"} if want_pids else set()
        missing -= done
        if missing and policy.require_all:
            raise LayerUnavailable(
                f"could not create a per-run cgroup for {sorted(missing)}"
            )
    if join and ctx.cgroup_dirs:
        # Moving a process into a cgroup waits on the kernel (milliseconds): pay it before the run.
        for directory in ctx.cgroup_dirs:
            _cgroup_write(directory, "cgroup.procs", 0)
        ctx.cgroup_joined = True
    # pid namespace: only as root (the probe reports it unavailable otherwise)
    if _required(policy, layers, "pid_namespace") and ctx.is_root:
        try:
            _unshare(CLONE_NEWPID)
        except OSError as exc:
            raise LayerUnavailable(f"pid namespace: {exc}") from exc
        ctx.pid_namespace = True
    if ctx.is_root and layers.get("mount_namespace") and policy.tmpfs_bytes > 0:
        # The supervisor gets its own mount namespace and mounts the size-capped tmpfs on the workdir
        # there: the child inherits it and what the child writes stays readable by the supervisor.
        _mount_workdir_tmpfs(policy)
        ctx.workdir_mounted = True
    if join and ctx.is_root and layers.get("mount_namespace"):
        _prepare_namespaces(policy, layers, ctx)


def _prepare_namespaces(policy: Policy, layers: dict, ctx: RunContext) -> None:
    """A standby supervisor makes the child's namespaces and mounts ahead of the run (see RunContext)."""
    flags = 0
    for name, flag in (("network_namespace", CLONE_NEWNET), ("ipc_namespace", CLONE_NEWIPC),
                       ("uts_namespace", CLONE_NEWUTS)):
        if _required(policy, layers, name):
            flags |= flag
    if not ctx.workdir_mounted:
        flags |= CLONE_NEWNS
    if flags:
        _unshare(flags)
    if flags & CLONE_NEWUTS:
        _sethostname("sandbox")
    _setup_mounts(policy, ctx, mount_proc=False)
    ctx.namespaces_ready = True


def _mount_workdir_tmpfs(policy: Policy) -> None:
    old = os.open(policy.workdir, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        _unshare(CLONE_NEWNS)
        _mount(None, "/", None, MS_REC | MS_PRIVATE)
        owner = "" if policy.uid is None else f",uid={policy.uid},gid={policy.gid}"
        _mount(
            "tmpfs",
            policy.workdir,
            "tmpfs",
            MS_NOSUID | MS_NODEV,
            f"size={policy.tmpfs_bytes},mode=0700{owner}",
        )
        _copy_tree(
            old, policy.workdir, policy.uid, policy.gid
        )  # what the supervisor already put there
    finally:
        os.close(old)


def _copy_tree(src_fd: int, dst: str, uid: int | None, gid: int | None) -> None:
    for entry in os.scandir(src_fd):
        target = os.path.join(dst, entry.name)
        if entry.is_symlink():
            os.symlink(os.readlink(entry.name, dir_fd=src_fd), target)
        elif entry.is_dir():
            os.mkdir(target, 0o700)
            sub = os.open(
                entry.name,
                os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC,
                dir_fd=src_fd,
            )
            try:
                _copy_tree(sub, target, uid, gid)
            finally:
                os.close(sub)
        elif entry.is_file():
            fin = os.open(
                entry.name, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=src_fd
            )
            try:
                mode = os.fstat(fin).st_mode & 0o777
                fout = os.open(
                    target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, mode
                )
                try:
                    while os.sendfile(fout, fin, None, 1 << 20):
                        pass
                finally:
                    os.close(fout)
            finally:
                os.close(fin)
        else:
            continue
        if uid is not None:
            os.chown(target, uid, gid, follow_symlinks=False)


# --------------------------------------------------------------------------- child


def _enter_namespaces(policy: Policy, layers: dict, ctx: RunContext) -> None:
    in_userns = False
    if not ctx.is_root and _required(policy, layers, "user_namespace"):
        _enter_user_namespace()
        in_userns = True
    flags = 0
    for name, flag in (
        ("mount_namespace", CLONE_NEWNS),
        ("network_namespace", CLONE_NEWNET),
        ("ipc_namespace", CLONE_NEWIPC),
        ("uts_namespace", CLONE_NEWUTS),
    ):
        if _required(policy, layers, name):
            flags |= flag
    if not (ctx.is_root or in_userns):
        flags = 0  # no privilege to create them (the probe said so too)
    if flags:
        _unshare(flags)
    if flags & CLONE_NEWUTS:
        _sethostname("sandbox")
    if flags & CLONE_NEWNS:
        _setup_mounts(policy, ctx)
    elif ctx.pid_namespace and policy.require_all:
        raise LayerUnavailable(
            "pid namespace without a mount namespace: /proc would show the host"
        )


def _setup_mounts(policy: Policy, ctx: RunContext, mount_proc: bool = True) -> None:
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    # remember the workdir: mounting over /tmp or a hidden path may cover it
    work_fd = os.open(policy.workdir, os.O_PATH | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        work_st = os.fstat(work_fd)
        if ctx.pid_namespace and mount_proc:
            _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
        size = max(policy.tmpfs_bytes, 1 << 20)
        _mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, f"size={size},mode=1777")
        if os.path.isdir("/dev/shm"):
            _mount(
                "tmpfs",
                "/dev/shm",
                "tmpfs",
                MS_NOSUID | MS_NODEV | MS_NOEXEC,
                f"size={size},mode=1777",
            )
        # open what must stay visible before anything is hidden, to bind it back afterwards
        keep = []
        for path in sorted({os.path.realpath(p) for p in policy.visible_paths}, key=len):
            if os.path.isdir(path):
                keep.append((path, os.open(path, os.O_PATH | os.O_DIRECTORY | os.O_CLOEXEC)))
        hidden = []
        for path in sorted({os.path.realpath(p) for p in policy.hidden_paths}, key=len):
            # parents first: a path under an already hidden one no longer exists and is skipped
            if (
                path in ("/", "/proc", "/tmp")
                or not os.path.isdir(path)
                or os.path.islink(path)
            ):
                continue
            _mount(
                "tmpfs",
                path,
                "tmpfs",
                MS_NOSUID | MS_NODEV | MS_NOEXEC,
                "size=64k,mode=0755",
            )
            hidden.append(path)
        try:
            st = os.stat(policy.workdir)
            covered = (st.st_dev, st.st_ino) != (work_st.st_dev, work_st.st_ino)
        except OSError:
            covered = True
        if covered:
            os.makedirs(policy.workdir, mode=0o755, exist_ok=True)
            _mount(f"/proc/self/fd/{work_fd}", policy.workdir, None, MS_BIND | MS_REC)
        for path, fd in keep:
            if any(path.startswith(h.rstrip("/") + "/") for h in hidden):
                os.makedirs(path, mode=0o755, exist_ok=True)
                _mount(f"/proc/self/fd/{fd}", path, None, MS_BIND | MS_REC)
                _mount(None, path, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)
            os.close(fd)
        for path in hidden:
            _mount(
                None,
                path,
                None,
                MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
            )
    finally:
        os.close(work_fd)
    # read-only root (only this namespace's copy of the / mount; other mounts keep their flags)
    try:
        _mount(None, "/", None, MS_REMOUNT | MS_BIND | MS_RDONLY)
    except OSError:
        pass


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


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


def _drop_capabilities() -> None:
    """Empty effective/permitted/inheritable sets (what is left in a user namespace; no-op after setuid)."""
    header = _CapHeader(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3
    data = (_CapData * 2)()
    _check(_libc.capset(ctypes.byref(header), data), "capset")


def _drop_ids(policy: Policy) -> None:
    if policy.uid is None or policy.gid is None:
        raise LayerUnavailable(
            "running as root but the policy has no uid/gid to switch to"
        )
    os.setgroups([])
    os.setresgid(policy.gid, policy.gid, policy.gid)
    os.setresuid(policy.uid, policy.uid, policy.uid)
    if (
        os.getresuid() != (policy.uid,) * 3
        or os.getresgid() != (policy.gid,) * 3
        or os.getgroups()
    ):
        raise LayerUnavailable("could not switch to the per-slot uid/gid")


def confine_child(policy: Policy, layers: dict[str, bool], ctx: RunContext) -> None:
    """In the CHILD, before any student code runs.  Raises on failure: the caller must then _exit.

    Order: setsid + PR_SET_PDEATHSIG(SIGKILL) (+ supervisor-alive check); join the run's cgroup; without
    root a user namespace (own uid mapped, setgroups denied); unshare NEWNS|NEWNET|NEWIPC|NEWUTS; mounts
    (/ private recursively, fresh /proc when in a new pid namespace, size-capped tmpfs on /tmp and
    /dev/shm, empty read-only tmpfs over each existing hidden path, the workdir bound back when one of
    those covered it, / read-only); hostname 'sandbox'; chdir(workdir); rlimits; setgroups([]),
    setresgid, setresuid (root); drop capabilities; PR_SET_NO_NEW_PRIVS; PR_SET_DUMPABLE 0; seccomp."""
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

    # 2. the run's cgroup (before the namespaces: cgroup.procs takes pid 0 = "this process")
    if not ctx.cgroup_joined:
        for directory in ctx.cgroup_dirs:
            _cgroup_write(directory, "cgroup.procs", 0)

    # 3. namespaces and mounts
    if ctx.namespaces_ready:
        if ctx.pid_namespace:  # the only mount left: a /proc that shows the new pid namespace
            _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    else:
        _enter_namespaces(policy, layers, ctx)
    os.chdir(policy.workdir)

    # rlimits
    if _required(policy, layers, "rlimits"):
        _set_rlimits(policy)

    # ids
    if ctx.is_root and _required(policy, layers, "setuid"):
        _drop_ids(policy)

    _drop_capabilities()

    want_seccomp = _required(policy, layers, "seccomp")
    if _required(policy, layers, "no_new_privs") or want_seccomp:
        _prctl(
            PR_SET_NO_NEW_PRIVS, 1
        )  # (seccomp without CAP_SYS_ADMIN needs it anyway)
    _prctl(PR_SET_DUMPABLE, 0)
    if want_seccomp:
        _install_seccomp()


def confine_early(policy: Policy, layers: dict[str, bool]) -> RunContext:
    """For a process that loads threaded libraries (TensorFlow) before it runs student code: what must
    happen while it is still single-threaded. New session, parent-death signal, the run's cgroup is
    joined from outside (see create_run_cgroup), namespaces and mounts (no pid namespace: that needs a
    fork, which TensorFlow does not survive), chdir(workdir)."""
    ctx = RunContext(is_root=_is_root(), supervisor_pid=os.getppid())
    os.setsid()
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    _enter_namespaces(policy, layers, ctx)
    os.chdir(policy.workdir)
    return ctx


def confine_late(policy: Policy, layers: dict[str, bool], ctx: RunContext) -> None:
    """The rest, once the libraries are loaded: rlimits, ids (glibc applies setresuid to every thread),
    capabilities, no_new_privs, non-dumpable, and seccomp synchronised to every thread (TSYNC)."""
    if _required(policy, layers, "rlimits"):
        _set_rlimits(policy)
    if ctx.is_root and _required(policy, layers, "setuid"):
        _drop_ids(policy)
    _drop_capabilities()
    want_seccomp = _required(policy, layers, "seccomp")
    if _required(policy, layers, "no_new_privs") or want_seccomp:
        _prctl(PR_SET_NO_NEW_PRIVS, 1)
    _prctl(PR_SET_DUMPABLE, 0)
    if want_seccomp:
        _install_seccomp()


def create_run_cgroup(policy: Policy, layers: dict[str, bool]) -> RunContext:
    """A cgroup with the policy's memory and pids limits for a process started outside a supervisor
    (the TensorFlow pool); add the process with join_cgroup and end with cleanup()."""
    ctx = RunContext(is_root=_is_root(), supervisor_pid=os.getpid())
    want_memory = policy.memory_bytes > 0 and _required(policy, layers, "cgroup_memory")
    want_pids = _required(policy, layers, "cgroup_pids")
    if want_memory or want_pids:
        memory = policy.memory_bytes + 2 * policy.tmpfs_bytes + _CGROUP_SLACK if want_memory else None
        ctx.cgroup_version, ctx.cgroup_dirs, done = _create_run_cgroups(memory, policy.max_processes if want_pids else None)
        ctx.cgroup_controllers = frozenset(done)
    return ctx


def join_cgroup(ctx: RunContext, pid: int) -> None:
    for directory in ctx.cgroup_dirs:
        _cgroup_write(directory, "cgroup.procs", pid)


def set_limits(policy: Policy, ctx: RunContext) -> None:
    """Apply a run's own memory and pids limits to a cgroup prepared ahead with default ones."""
    for directory in ctx.cgroup_dirs:
        files = set(os.listdir(directory))
        if policy.memory_bytes > 0:
            memory = policy.memory_bytes + 3 * policy.tmpfs_bytes + _CGROUP_SLACK
            # twice: v1 wants memsw >= limit at every step, so one of the two orders fails first
            for name in ("memory.max", "memory.limit_in_bytes", "memory.memsw.limit_in_bytes") * 2:
                if name in files:
                    try:
                        _cgroup_write(directory, name, memory)
                    except OSError:
                        pass
        if "pids.max" in files:
            _cgroup_write(directory, "pids.max", policy.max_processes + (1 if ctx.cgroup_joined else 0))


def remove_cgroups_of(supervisor_pid: int | str) -> None:
    """Remove the run cgroups a supervisor created (and joined) once it has exited."""
    import glob

    for base in set(_cgroup_locations().values()):
        _remove_cgroups(glob.glob(os.path.join(base, f"grader-run-{supervisor_pid}-*")))


def remove_stale_cgroups() -> None:
    """Remove run cgroups whose creator no longer exists (a zygote that was killed left them)."""
    import glob

    for base in set(_cgroup_locations().values()):
        for directory in glob.glob(os.path.join(base, "grader-run-*-*")):
            pid = os.path.basename(directory).split("-")[2]
            if pid.isdigit() and not os.path.exists(f"/proc/{pid}"):
                _remove_cgroups([directory])


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
                    if line.startswith(b"State:") and line.split()[1:2] in (
                        [b"Z"],
                        [b"X"],
                    ):
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
    """In the supervisor after the child ended: SIGKILL every process left under policy.uid (scan of
    /proc) and in the run's cgroup until none is left, reap zombies, remove the cgroup, unmount the
    workdir tmpfs (read the child's files before) and close the supervisor pidfd."""
    deadline = time.monotonic() + 5.0
    for directory in ctx.cgroup_dirs:
        if ctx.cgroup_version == 2 and os.path.exists(
            os.path.join(directory, "cgroup.kill")
        ):
            try:
                _cgroup_write(directory, "cgroup.kill", 1)
            except OSError:
                pass
    while True:
        victims = set()
        # In a pid namespace the kernel killed everything when its pid 1 (the child) exited; scanning
        # the uid there would also hit runs of another zygote that shares the uid range.
        if policy.uid is not None and ctx.is_root and not ctx.pid_namespace:
            victims.update(_pids_of_uid(policy.uid))
        for directory in ctx.cgroup_dirs:
            victims.update(_cgroup_pids(directory))
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
    if not ctx.cgroup_joined:  # else the supervisor is still inside: the zygote removes it after reaping
        _remove_cgroups(ctx.cgroup_dirs)
        ctx.cgroup_dirs = []
    if ctx.workdir_mounted:
        _libc.umount2(policy.workdir.encode(), MNT_DETACH)
        ctx.workdir_mounted = False
    if ctx.supervisor_pidfd >= 0:
        try:
            os.close(ctx.supervisor_pidfd)
        except OSError:
            pass
        ctx.supervisor_pidfd = -1


def cpu_limit_exceeded(status: int, rusage, policy: Policy) -> bool:
    """Whether the child ended because of its CPU limit (SIGXCPU, or SIGKILL at the hard limit as a
    pid-namespace init); ``status`` and ``rusage`` as returned by os.wait4."""
    if not os.WIFSIGNALED(status):
        return False
    sig = os.WTERMSIG(status)
    used = rusage.ru_utime + rusage.ru_stime
    return sig == signal.SIGXCPU or (
        sig == signal.SIGKILL and used >= policy.cpu_seconds
    )


def _main(argv: list[str]) -> int:
    if argv[1:2] == ["--probe"]:
        print(json.dumps(probe(), indent=2))
        return 0
    print("usage: isolation.py --probe", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(_main(sys.argv))
