"""Runs inside the confined child: loads the student's source and makes the requested calls.

Imported by the zygote as the top-level module ``runner``. Everything the student's code could
tamper with here only changes the data it sends back, which the harness checks on its side.
"""

import os
import sys
import traceback
import types

import protocol

SOURCE_NAME = "submission.py"
CALL_OUTPUT_CAP = 64 * 1024


class CappedWriter:
    """Collects what one call prints, keeping the first CALL_OUTPUT_CAP characters."""

    def __init__(self):
        self.parts: list[str] = []
        self.size = 0
        self.truncated = False

    def write(self, text) -> int:
        text = str(text)
        room = CALL_OUTPUT_CAP - self.size
        if len(text) > room:
            self.truncated = True
            text = text[: max(room, 0)]
        self.parts.append(text)
        self.size += len(text)
        return len(text)

    def flush(self) -> None:
        pass

    def value(self) -> str:
        return "".join(self.parts)


def student_traceback(exc: BaseException) -> str:
    """The traceback trimmed to the frames of the student's own file."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == SOURCE_NAME]
    lines = traceback.format_list(frames)
    lines += traceback.format_exception_only(type(exc), exc)
    return "".join(lines).strip()


def describe(exc: BaseException) -> str:
    if isinstance(exc, SyntaxError):
        return f"{type(exc).__name__}: {exc.msg} (line {exc.lineno})"
    if isinstance(exc, SystemExit):
        return f"SystemExit: the code called sys.exit({exc.code!r})"
    text = str(exc)
    return (f"{type(exc).__name__}: {text}" if text else type(exc).__name__)[:2000]


def failure(exc: BaseException) -> dict:
    return {"ok": False, "error": describe(exc), "kind": _kind(exc), "traceback": student_traceback(exc)}


def _kind(exc: BaseException) -> str:
    if isinstance(exc, MemoryError):
        return "memory"
    if isinstance(exc, RecursionError):
        return "recursion"
    return "exception"


def load(source: str, given: list | None = None, stubs: list | None = None) -> dict:
    """Run the student's source as ``submission.py`` in a fresh namespace.

    ``given``: the exercise's given code, ``[{"module", "aliases", "source", "names"}]``. Each module is
    importable under its name and aliases (``from dnn_utils import relu``), and its ``names`` are put
    in the namespace first, so the student's own definitions, made after, win. ``stubs``: module names
    that import as harmless stand-ins (a notebook's test helpers)."""
    for name in stubs or ():
        sys.modules[name] = _stub_module(name)
    namespace = {"__name__": "submission", "__file__": SOURCE_NAME, "__builtins__": __builtins__}
    for entry in given or ():
        module = _given_module(entry)
        namespace.update({name: getattr(module, name) for name in entry["names"]})
    code = compile(source, SOURCE_NAME, "exec", dont_inherit=True)
    exec(code, namespace)
    return namespace


def _given_module(entry: dict):
    module = types.ModuleType(entry["module"])
    module.__file__ = entry["module"] + ".py"
    exec(compile(entry["source"], module.__file__, "exec", dont_inherit=True), module.__dict__)
    module.__getattr__ = _not_given(entry["module"], entry["names"])
    for name in [entry["module"], *entry.get("aliases", ())]:
        sys.modules[name] = module
    return module


def _not_given(module_name: str, names: list):
    """A notebook imports more from the course module than an exercise gives (``from reg_utils import
    plot_decision_boundary, load_2D_dataset``): the import works, and only a call says what is missing."""

    def attribute(attr: str):
        if attr.startswith("__"):
            raise AttributeError(attr)

        def not_given(*args, **kwargs):
            raise NotImplementedError(
                f"{module_name}.{attr}() is not given in this exercise (it gives {', '.join(names)})"
            )

        not_given.__name__ = attr
        return not_given

    return attribute


def _stub_module(name: str):
    """A notebook's test-helper module (``public_tests``, ``testCases``): importable, and every name in it
    a function that does nothing, so a pasted ``L_model_backward_test(L_model_backward)`` is harmless."""
    module = types.ModuleType(name)
    module.__all__ = []

    def nothing(*args, **kwargs):
        return None

    def attribute(attr: str):
        if attr.startswith("__"):
            raise AttributeError(attr)
        return nothing

    module.__getattr__ = attribute
    return module


def run(request: dict, arrays: dict, result_fd: int, phase_fd: int | None = None) -> None:
    """Load the source, make each call in order, write one result message to result_fd.

    With ``phase_fd`` (the request had hidden calls), then read the hidden calls and their inputs from
    it, which the supervisor sends only once it has the first message and has sealed the output, make
    them, and write a second result message."""
    encoder = protocol.new_encoder()
    try:
        namespace = load(request["source"], request.get("given"), request.get("stubs"))
        loaded = {"ok": True}
    except BaseException as exc:  # the student's code may raise anything, SystemExit included
        namespace, loaded = None, failure(exc)
    _flush()
    calls_out = []
    if namespace is not None:
        # Output of each call is captured apart, so the harness can show only the visible ones;
        # raw writes to the file descriptors during calls go nowhere.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        calls_out = _make_calls(namespace, request["calls"], arrays, encoder)
    _write_all(
        result_fd, protocol.pack_message({"load": loaded, "calls": calls_out}, protocol.pack_arrays(encoder.arrays))
    )
    if namespace is None or phase_fd is None:
        return
    with os.fdopen(phase_fd, "rb") as phase:
        hidden, blob = protocol.read_message(phase.read, HIDDEN_LIMIT)
    encoder = protocol.new_encoder()
    calls_out = _make_calls(namespace, hidden["calls"], protocol.unpack_arrays(blob), encoder)
    _write_all(result_fd, protocol.pack_message({"calls": calls_out}, protocol.pack_arrays(encoder.arrays)))


HIDDEN_LIMIT = 256 * 1024 * 1024


def _make_calls(namespace: dict, calls: list, arrays: dict, encoder) -> list:
    done: list = []
    for call in calls:
        sys.stdout = sys.stderr = writer = CappedWriter()
        entry = _call(namespace, call, arrays, encoder, _resolver(calls, done, encoder))
        entry["stdout"] = writer.value()
        done.append(entry)
    return done


class Unresolved(Exception):
    """A chained argument whose earlier call failed or returned something of another shape."""


def _resolver(calls: list, done: list, encoder):
    """Resolve ResultOf(i) from what call i returned, decoded afresh as the harness would see it."""

    def resolve(ref):
        if ref.index >= len(done):
            raise protocol.ProtocolError(f"call {len(done)} refers to call {ref.index}, which is not an earlier one")
        name = f"{calls[ref.index]['function']}()"
        if not done[ref.index].get("ok"):
            raise Unresolved(f"{name} failed, so its result could not be passed on")
        value = protocol.decode_value(done[ref.index]["value"], encoder.arrays)
        try:
            return ref.pick(value, name)
        except LookupError as exc:
            raise Unresolved(str(exc)) from None

    return resolve


# Trusted procedures a sandbox process may offer (named "@..."), e.g. the Keras pool's training loop:
# they run with the student's privileges and take her namespace as their first argument.
PROCEDURES: dict = {}


def _lookup(namespace: dict, name: str):
    if name.startswith("@"):
        procedure = PROCEDURES.get(name)
        return (lambda *args, **kwargs: procedure(namespace, *args, **kwargs)) if procedure else None
    return namespace.get(name)


def _call(namespace: dict, call: dict, arrays: dict, encoder, resolve=None) -> dict:
    function = _lookup(namespace, call["function"])
    if not callable(function):
        return {"ok": False, "kind": "missing", "error": f"function {call['function']}() is not defined"}
    try:
        args = protocol.decode_value(call["args"], arrays, resolve=resolve)
        kwargs = protocol.decode_value(call["kwargs"], arrays, resolve=resolve)
    except Unresolved as exc:
        return {"ok": False, "kind": "dependency", "error": str(exc)[:2000]}
    except BaseException as exc:
        return failure(exc)
    try:
        value = function(*args, **kwargs)
    except BaseException as exc:
        return failure(exc)
    try:
        return {"ok": True, "value": encoder.encode(value)}
    except protocol.ProtocolError as exc:
        return {"ok": False, "kind": "unsupported", "error": str(exc)}
    except RecursionError:
        return {"ok": False, "kind": "unsupported", "error": "returned value nested too deeply"}


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # the student may have replaced or closed the stream
            pass


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
