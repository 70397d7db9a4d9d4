"""Per-run cgroups of the sandbox: memory and pids limits, v2 where writable, else v1."""

import errno
import os
import signal
import time

from sysabi import _read_text, _reap, _write_file

# --------------------------------------------------------------------------- cgroups

_CGROUP_SLACK = 64 << 20


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


def _create_run_cgroups(memory_limit: int | None, pids_limit: int | None) -> tuple[int, list[str], set]:
    """Create the per-run cgroup(s) under this process's own cgroup.

    Returns (version, directories, controllers): cgroup v2 when the unified hierarchy offers the memory
    and pids controllers and is writable, else cgroup v1 memory and pids hierarchies."""
    want = {c for c, lim in (("memory", memory_limit), ("pids", pids_limit)) if lim is not None}
    if not want:
        return 0, [], set()
    name = f"grader-run-{os.getpid()}-{os.urandom(4).hex()}"
    where = _cgroup_locations()
    base = where.get("v2")
    if base and os.access(base, os.W_OK):
        try:
            available = set(_read_text(os.path.join(base, "cgroup.controllers")).split())
            if want <= available:
                enabled = set(_read_text(os.path.join(base, "cgroup.subtree_control")).split())
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
                    _cgroup_write(directory, "memory.memsw.limit_in_bytes", memory_limit)
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
        return [int(x) for x in _read_text(os.path.join(directory, "cgroup.procs")).split()]
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
                except BaseException:
                    code = 1
                os._exit(code)
            _, status = os.waitpid(pid, 0)
            return os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
        finally:
            _remove_cgroups(dirs)

    return fn
