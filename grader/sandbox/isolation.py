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
import json
import os
import resource
import select
import signal
import sys
import time
from dataclasses import dataclass, field

from cgroups import (
    _CGROUP_SLACK,
    _cgroup_locations,
    _cgroup_pids,
    _cgroup_write,
    _create_run_cgroups,
    _probe_cgroup,
    _remove_cgroups,
)
from seccomp_filter import _install_seccomp, _probe_seccomp
from sysabi import (
    CLONE_NEWIPC,
    CLONE_NEWNET,
    CLONE_NEWNS,
    CLONE_NEWPID,
    CLONE_NEWUSER,
    CLONE_NEWUTS,
    MNT_DETACH,
    MS_BIND,
    MS_NODEV,
    MS_NOEXEC,
    MS_NOSUID,
    MS_PRIVATE,
    MS_RDONLY,
    MS_REC,
    MS_REMOUNT,
    PR_GET_NO_NEW_PRIVS,
    PR_SET_CHILD_SUBREAPER,
    PR_SET_DUMPABLE,
    PR_SET_NO_NEW_PRIVS,
    PR_SET_PDEATHSIG,
    LayerUnavailable,
    _check,
    _libc,
    _mount,
    _prctl,
    _reap,
    _sethostname,
    _unshare,
    _write_file,
)

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
            ok = os.getpid() == 1 and [n for n in os.listdir("/proc") if n.isdigit()] == ["1"]
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
        memory_limit = policy.memory_bytes + 3 * policy.tmpfs_bytes + _CGROUP_SLACK if want_memory else None
        # a supervisor that joins counts against the pids limit too
        pids_limit = policy.max_processes + (1 if join else 0) if want_pids else None
        try:
            ctx.cgroup_version, ctx.cgroup_dirs, done = _create_run_cgroups(memory_limit, pids_limit)
        except OSError as exc:
            done = set()
            if policy.require_all:
                raise LayerUnavailable(f"cgroup: {exc}") from exc
        ctx.cgroup_controllers = frozenset(done)
        missing = {"memory"} if want_memory else set()
        missing |= {"pids"} if want_pids else set()
        missing -= done
        if missing and policy.require_all:
            raise LayerUnavailable(f"could not create a per-run cgroup for {sorted(missing)}")
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
    for name, flag in (
        ("network_namespace", CLONE_NEWNET),
        ("ipc_namespace", CLONE_NEWIPC),
        ("uts_namespace", CLONE_NEWUTS),
    ):
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
        _copy_tree(old, policy.workdir, policy.uid, policy.gid)  # what the supervisor already put there
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
            fin = os.open(entry.name, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=src_fd)
            try:
                mode = os.fstat(fin).st_mode & 0o777
                fout = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, mode)
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
        raise LayerUnavailable("pid namespace without a mount namespace: /proc would show the host")


def _setup_mounts(policy: Policy, ctx: RunContext, mount_proc: bool = True) -> None:
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    # remember the workdir: mounting over /tmp or a hidden path may cover it
    work_fd = os.open(policy.workdir, os.O_PATH | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        work_st = os.fstat(work_fd)
        # open what must stay visible before anything is hidden, to bind it back afterwards
        keep = []
        for path in sorted({os.path.realpath(p) for p in policy.visible_paths}, key=len):
            if os.path.isdir(path):
                keep.append((path, os.open(path, os.O_PATH | os.O_DIRECTORY | os.O_CLOEXEC)))
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
        hidden = []
        for path in sorted({os.path.realpath(p) for p in policy.hidden_paths}, key=len):
            # parents first: a path under an already hidden one no longer exists and is skipped
            if path in ("/", "/proc", "/tmp") or not os.path.isdir(path) or os.path.islink(path):
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
        # covered: under a hidden path, or under the fresh /tmp and /dev/shm (a project cloned in /tmp)
        covering = [*hidden, "/tmp", "/dev/shm"]
        for path, fd in keep:
            if any(path.startswith(h.rstrip("/") + "/") for h in covering):
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
        raise LayerUnavailable("running as root but the policy has no uid/gid to switch to")
    os.setgroups([])
    os.setresgid(policy.gid, policy.gid, policy.gid)
    os.setresuid(policy.uid, policy.uid, policy.uid)
    if os.getresuid() != (policy.uid,) * 3 or os.getresgid() != (policy.gid,) * 3 or os.getgroups():
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
        _prctl(PR_SET_NO_NEW_PRIVS, 1)  # (seccomp without CAP_SYS_ADMIN needs it anyway)
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
        ctx.cgroup_version, ctx.cgroup_dirs, done = _create_run_cgroups(
            memory, policy.max_processes if want_pids else None
        )
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


def cleanup(policy: Policy, ctx: RunContext) -> None:
    """In the supervisor after the child ended: SIGKILL every process left under policy.uid (scan of
    /proc) and in the run's cgroup until none is left, reap zombies, remove the cgroup, unmount the
    workdir tmpfs (read the child's files before) and close the supervisor pidfd."""
    deadline = time.monotonic() + 5.0
    for directory in ctx.cgroup_dirs:
        if ctx.cgroup_version == 2 and os.path.exists(os.path.join(directory, "cgroup.kill")):
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
    return sig == signal.SIGXCPU or (sig == signal.SIGKILL and used >= policy.cpu_seconds)


def _main(argv: list[str]) -> int:
    if argv[1:2] == ["--probe"]:
        print(json.dumps(probe(), indent=2))
        return 0
    print("usage: isolation.py --probe", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(_main(sys.argv))
