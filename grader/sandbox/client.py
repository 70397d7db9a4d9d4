"""The harness side of the sandbox: start and supervise the zygote, send runs, read results.

This is the one narrow interface the rest of the grader uses:

    with Zygote(SandboxConfig(...)) as zygote:
        result = zygote.run(source, [Call("softmax", (x,))], Limits(time_s=10, memory_mb=512))

``run`` raises ``SandboxUnavailable`` (a platform fault: retry) when the zygote cannot be reached
or answers nonsense; everything the student's code does ends in a ``RunResult``.
"""

import fcntl
import io
import logging
import os
import socket
import subprocess
import sys
import tempfile
import threading
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from . import protocol

log = logging.getLogger(__name__)

ZYGOTE = Path(__file__).with_name("zygote.py")
TFPOOL = Path(__file__).with_name("tfpool.py")  # the Keras pool speaks the same protocol
START_TIMEOUT_S = 60


class SandboxUnavailable(RuntimeError):
    """The sandbox could not run the code: a platform fault, never the student's."""


@dataclass(frozen=True)
class Limits:
    time_s: float = 10.0
    memory_mb: int = 512
    max_processes: int = 32
    max_file_mb: int = 16
    max_open_files: int = 64
    tmpfs_mb: int = 64
    output_bytes: int = 1024 * 1024
    result_bytes: int = 16 * 1024 * 1024

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass(frozen=True)
class SandboxConfig:
    run_dir: Path
    slots: int = 2
    uid_base: int = 64000
    require_all_layers: bool = False
    hidden_paths: tuple[str, ...] = ()
    python: str = sys.executable
    script: Path = ZYGOTE
    extra_env: tuple[tuple[str, str], ...] = ()  # e.g. the Keras pool's memory cap and GPU device


@dataclass(frozen=True)
class Call:
    function: str
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)


@dataclass
class CallOutcome:
    ok: bool
    value: object = None
    error: str = ""
    kind: str = ""
    traceback: str = ""
    stdout: str = ""


@dataclass
class RunResult:
    """What came back. ``status`` is one of: ok, exception (at load), timeout, memory,
    output_limit, file_limit, killed, no_result, setup_failed, invalid_output."""

    status: str
    calls: list[CallOutcome]
    load_error: str = ""
    load_traceback: str = ""
    stdout: str = ""
    stdout_truncated: bool = False
    wall_s: float = 0.0
    cpu_s: float | None = None
    max_rss_kb: int | None = None


def default_hidden_paths(project_dir: Path) -> tuple[str, ...]:
    """Directories the child must not see: the project, homes, and the services' data and sockets.

    The interpreter and its site-packages stay visible even when they live under one of these
    (the zygote binds them back read-only)."""
    candidates = [
        str(project_dir),
        "/root",
        "/home",
        "/run/postgresql",
        "/var/run/postgresql",
        "/var/lib/postgresql",
        "/run/redis",
        "/var/run/redis",
        "/var/lib/redis",
        "/var/lib/mysql",
        "/run/mysqld",
        "/etc/ssl/private",
        "/var/lib/rabbitmq",
        "/srv",
        "/opt",
        "/var/log",
        "/var/backups",
        "/var/mail",
        "/var/spool",
        "/var/tmp",
        "/run/secrets",  # the host's shared temporary files; container secrets
    ]
    return tuple(p for p in candidates if os.path.exists(p))


class Zygote:
    """Owns one zygote process; restarts it when it dies."""

    def __init__(self, config: SandboxConfig):
        self.config = config
        self.socket_path = str(Path(config.run_dir) / "zygote.sock")
        self.process: subprocess.Popen | None = None
        self.layers: dict[str, bool] = {}
        self.missing: list[str] = []
        self._lock = threading.Lock()
        self._watch_stop = threading.Event()
        self.uid_base: int | None = None
        self._uid_lock: int | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> "Zygote":
        with self._lock:
            if self.process is None or self.process.poll() is not None:
                self._spawn()
        return self

    def _spawn(self) -> None:
        run_dir = Path(self.config.run_dir)
        run_dir.mkdir(parents=True, exist_ok=True, mode=0o711)
        cmd = [
            self.config.python,
            "-I",
            str(self.config.script),
            "--socket",
            self.socket_path,
            "--run-dir",
            str(run_dir / "runs"),
            "--slots",
            str(self.config.slots),
            "--uid-base",
            str(self._claim_uids()),
        ]
        if self.config.require_all_layers:
            cmd.append("--require-all")
        for path in self.config.hidden_paths:
            cmd += ["--hide", path]
        env = {
            "PATH": "/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONHASHSEED": "0",
            "HOME": "/tmp",
            "MPLCONFIGDIR": "/tmp",
        }  # the child's only writable places are /tmp and its workdir
        for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):  # wrong results on some CPUs without them
            if name in os.environ:
                env[name] = os.environ[name]
        env.update(dict(self.config.extra_env))
        self.process = subprocess.Popen(
            cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, cwd="/", close_fds=True, text=True
        )
        line = self._read_ready_line()
        if not line.startswith("READY "):
            self.process.kill()
            raise SandboxUnavailable(f"sandbox {self.config.script.stem} did not start: {line.strip() or 'no output'}")
        report = protocol.parse_header(line[len("READY ") :].encode())
        self.layers, self.missing = report["layers"], report["missing"]
        if self.missing:
            log.warning(
                "SANDBOX LAYERS MISSING on this host: %s (student code runs with less isolation)",
                ", ".join(self.missing),
            )
        log.info(
            "sandbox zygote pid %s ready; layers: %s",
            self.process.pid,
            ", ".join(f"{k}={'yes' if v else 'NO'}" for k, v in self.layers.items()),
        )

    def _read_ready_line(self) -> str:
        result: list[str] = []
        reader = threading.Thread(target=lambda: result.append(self.process.stdout.readline()), daemon=True)
        reader.start()
        reader.join(START_TIMEOUT_S)
        return result[0] if result else ""

    def _claim_uids(self) -> int:
        """A block of 100 uids no other sandbox on this host uses (slots from its start, the Keras pool's
        processes from +50): cleanups kill by uid, and two sandboxes must never share one."""
        if self.uid_base is None:
            self.uid_base, self._uid_lock = claim_uid_block(self.config.uid_base)
        return self.uid_base

    def stop(self) -> None:
        self._watch_stop.set()
        with self._lock:
            if self.process and self.process.poll() is None:
                self.process.terminate()
                try:
                    self.process.wait(5)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
            self.process = None
            if self._uid_lock is not None:
                os.close(self._uid_lock)  # releases the flock
                self._uid_lock = self.uid_base = None

    def supervise_in_background(self, interval_s: float = 1.0) -> threading.Thread:
        """Restart the zygote whenever it dies (used by the Celery worker's main process)."""

        def watch():
            while not self._watch_stop.wait(interval_s):
                if self.process is not None and self.process.poll() is not None:
                    log.error("sandbox zygote exited with %s; restarting it", self.process.returncode)
                    try:
                        self.start()
                    except SandboxUnavailable:
                        log.exception("sandbox zygote failed to restart")

        thread = threading.Thread(target=watch, name="zygote-supervisor", daemon=True)
        thread.start()
        return thread

    def __enter__(self) -> "Zygote":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- runs --------------------------------------------------------------------------------

    def run(
        self,
        source: str,
        calls: list[Call],
        limits: Limits,
        hidden_calls: list[Call] | None = None,
        *,
        given: list[dict] | None = None,
        stubs: list[str] | None = None,
    ) -> RunResult:
        """Make ``calls``, then ``hidden_calls`` (whose inputs reach the child only after it has answered
        the others, once its printed output is sealed); the result lists the outcomes of both, in order.

        ``given``: code the exercise gives the student, loaded before her source (see runner.load);
        ``stubs``: module names that import as harmless stand-ins."""
        wire_calls, blob = _wire(calls)
        request = {
            "op": "run",
            "source": source,
            "calls": wire_calls,
            "limits": limits.as_dict(),
            "hidden": bool(hidden_calls),
            "given": given or [],
            "stubs": stubs or [],
        }
        extra = protocol.pack_message({"calls": (wired := _wire(hidden_calls))[0]}, wired[1]) if hidden_calls else b""
        header, raw = self._exchange(request, blob, limits, extra)
        return self._result(header, raw, limits, len(hidden_calls or []))

    def probe(self) -> dict[str, bool]:
        header, _ = self._exchange({"op": "probe"}, b"", Limits(time_s=10))
        return header["layers"]

    def _exchange(self, request: dict, blob: bytes, limits: Limits, extra: bytes = b"") -> tuple[dict, bytes]:
        # Waiting for a free slot counts too: allow the run's time, a queue's worth more, and a margin.
        timeout = limits.time_s * (1 + self.config.slots) + 30
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
                conn.settimeout(timeout)
                conn.connect(self.socket_path)
                conn.sendall(protocol.pack_message(request, blob) + extra)
                reader = conn.makefile("rb")
                return protocol.read_message(reader.read, 2 * limits.result_bytes + 1024)
        except (OSError, protocol.ProtocolError) as exc:
            raise SandboxUnavailable(f"sandbox unreachable: {type(exc).__name__}: {exc}") from exc

    def _result(self, header: dict, raw: bytes, limits: Limits, hidden_count: int = 0) -> RunResult:
        status = header.get("status")
        if not isinstance(status, str):
            raise SandboxUnavailable("sandbox answered without a status")
        result = RunResult(
            status=status,
            calls=[],
            stdout=_text(header.get("stdout", ""), None),
            stdout_truncated=bool(header.get("stdout_truncated")),
            wall_s=float(header.get("wall_s") or 0),
            cpu_s=header.get("cpu_s"),
            max_rss_kb=header.get("max_rss_kb"),
        )
        if status == "setup_failed":
            raise SandboxUnavailable(f"sandbox could not confine the run: {result.stdout.strip()[-500:]}")
        if status != "ok":
            return result
        # From here on everything was written by the student's process: parse it as untrusted data.
        stream = io.BytesIO(raw)
        try:
            child, blob = protocol.read_message(stream.read, limits.result_bytes)
            load = child.get("load") or {}
            if not load.get("ok"):
                result.status = "exception"
                result.load_error = _text(load.get("error", ""), 2000)
                result.load_traceback = _text(load.get("traceback", ""), 10000)
                return result
            result.calls = _outcomes(child, blob, limits)
        except (protocol.ProtocolError, TypeError, AttributeError, KeyError, RecursionError) as exc:
            result.status, result.calls = "invalid_output", []
            result.load_error = f"{type(exc).__name__}: {exc}"[:500]
            return result
        if hidden_count:
            try:  # the second message: only values matter, the engine drops its texts
                child, blob = protocol.read_message(stream.read, limits.result_bytes)
                hidden = _outcomes(child, blob, limits)
                if len(hidden) != hidden_count:
                    raise protocol.ProtocolError("wrong number of hidden results")
                result.calls += hidden
            except (protocol.ProtocolError, TypeError, AttributeError, KeyError, RecursionError):
                result.status = "hidden_failure"
        if stream.read(1):
            result.status, result.calls = "invalid_output", []
        return result


def claim_uid_block(base: int, blocks: int = 400) -> tuple[int, int]:
    """The first block of 100 uids from ``base`` that no other process holds, and the locked file
    descriptor that keeps it (released when closed, or when this process ends)."""
    folder = Path(tempfile.gettempdir()) / "dlgrader-uids"
    folder.mkdir(mode=0o700, exist_ok=True)
    for block in range(blocks):
        candidate = base + 100 * block
        fd = os.open(folder / f"{candidate}.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        return candidate, fd
    raise SandboxUnavailable(f"every uid block from {base} is taken")


def _wire(calls: list[Call]) -> tuple[list, bytes]:
    encoder = protocol.new_encoder()
    wire = [
        {
            "function": c.function,
            "args": protocol.encode_args(tuple(c.args), encoder),
            "kwargs": protocol.encode_args(dict(c.kwargs), encoder),
        }
        for c in calls
    ]
    return wire, protocol.pack_arrays(encoder.arrays)


def _outcomes(child: dict, blob: bytes, limits: Limits) -> list:
    _check_archive(blob, limits.result_bytes)
    arrays = protocol.unpack_arrays(blob)
    budget = [limits.result_bytes]
    return [_call_outcome(entry, arrays, budget) for entry in child.get("calls", [])]


def _call_outcome(entry: dict, arrays: dict, budget: list) -> CallOutcome:
    stdout = _text(entry.get("stdout", ""), 65536)
    if entry.get("ok") is True:
        _charge(entry.get("value"), arrays, budget)
        return CallOutcome(ok=True, value=protocol.decode_value(entry.get("value"), arrays), stdout=stdout)
    return CallOutcome(
        ok=False,
        error=_text(entry.get("error", ""), 2000),
        kind=_text(entry.get("kind", "exception"), 100),
        traceback=_text(entry.get("traceback", ""), 10000),
        stdout=stdout,
    )


def _text(value, limit: int | None) -> str:
    """Text written by the child, made storable and showable: no NUL, no lone surrogates."""
    text = str(value)[:limit].replace("\0", "\ufffd")
    return text.encode("utf-8", "replace").decode("utf-8")


def _check_archive(blob: bytes, limit: int) -> None:
    """Refuse an archive that would grow once read: the child stores its arrays, it never compresses
    them, so a deflated member (a zip bomb) or declared sizes past the limit are not its encoder's."""
    if not blob:
        return
    try:
        with zipfile.ZipFile(io.BytesIO(blob)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise protocol.ProtocolError(f"unreadable array data: {type(exc).__name__}") from None
    if any(m.compress_type != zipfile.ZIP_STORED for m in members) or sum(m.file_size for m in members) > limit:
        raise protocol.ProtocolError("array data compressed or larger than allowed")


def _charge(tree, arrays: dict, budget: list, depth: int = 0) -> None:
    """Count what decoding ``tree`` copies: every array reference is decoded as a new copy, so a value
    naming one array many times must not make the harness allocate it many times."""
    if depth > protocol.MAX_DEPTH + 2:
        raise protocol.ProtocolError("value nested too deeply")
    if isinstance(tree, list):
        for item in tree:
            _charge(item, arrays, budget, depth + 1)
    elif isinstance(tree, dict):
        for tag, inner in tree.items():
            if tag in ("__array__", "__scalar__") and isinstance(inner, str) and inner in arrays:
                budget[0] -= arrays[inner].nbytes
                if budget[0] < 0:
                    raise protocol.ProtocolError("returned arrays larger than allowed")
            else:
                _charge(inner, arrays, budget, depth + 1)


def temporary_config(**overrides) -> SandboxConfig:
    """A config with a private run directory, for the CLI and one-off runs.

    It hides what the worker's sandbox hides: with nothing hidden, nothing is bound back either, and an
    interpreter under a private home (/root/.pyenv) could not import the standard modules it had not
    loaded yet (``import gzip``, and so matplotlib, failed in ``python -m grader check``)."""
    run_dir = Path(tempfile.mkdtemp(prefix="dlgrader-"))
    os.chmod(run_dir, 0o711)
    overrides.setdefault("hidden_paths", default_hidden_paths(ZYGOTE.parents[2]))
    return SandboxConfig(run_dir=run_dir, **overrides)
