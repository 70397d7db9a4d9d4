"""Wire format between the harness and the sandbox: framed messages and value encoding.

This module is imported both by the harness (as ``grader.sandbox.protocol``) and by the zygote and
its children (as the top-level module ``protocol``), so it uses only the standard library and numpy,
and no relative imports. See README.md beside it for the protocol itself (chained calls included).

A message is two frames: a JSON header and a binary blob (an ``.npz`` archive of arrays, or empty).
Each frame is an 8-byte big-endian length followed by that many bytes.

Values are encoded as a JSON tree in which arrays are replaced by references into the ``.npz``:
``{"__array__": "a0"}``; numpy scalars by ``{"__scalar__": "a1"}`` (a 0-d array); tuples by
``{"__tuple__": [...]}``; dicts by ``{"__dict__": {...}}`` (string keys only); a random generator
argument by ``{"__rng__": seed}``. Lists, str, int, float, bool and None are plain JSON.

Chained calls: an argument ``{"__result__": {"call": i, "path": [...]}}`` (``ResultOf`` on the
harness side) stands for the value returned by call ``i`` of the same run, an earlier one, as the
harness would decode it (a fresh copy), followed along ``path``: ``["index", n]`` takes item n of a
tuple or list, ``["key", k]`` the entry k of a dict, ``["unwrap"]`` the first item when the value is
a tuple or list and the value itself otherwise (``model`` may return ``parameters`` or
``(parameters, costs)``). The child resolves it; when call ``i`` failed, or the path does not fit
the value, the call that needed it fails with kind ``dependency``. Only arguments may hold the tag:
a result that contains one is refused by the harness like any unknown tag.
"""

import io
import json
import struct

import numpy as np

HEADER_LIMIT = 4 * 1024 * 1024
MAX_DEPTH = 32
MAX_ITEMS = 100_000

_LEN = struct.Struct(">Q")


class ProtocolError(ValueError):
    """A message or a value that does not follow the protocol."""


# -- framing ---------------------------------------------------------------------------------


def pack_message(header: dict, blob: bytes = b"") -> bytes:
    head = json.dumps(header, allow_nan=True).encode("utf-8")
    return _LEN.pack(len(head)) + head + _LEN.pack(len(blob)) + blob


def read_exact(read, size: int) -> bytes:
    chunks, remaining = [], size
    while remaining:
        chunk = read(min(remaining, 1 << 20))
        if not chunk:
            raise ProtocolError("connection closed in the middle of a message")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def read_message(read, blob_limit: int) -> tuple[dict, bytes]:
    """Read one message with ``read(n)``; refuse headers over HEADER_LIMIT and blobs over blob_limit."""
    (head_len,) = _LEN.unpack(read_exact(read, _LEN.size))
    if head_len > HEADER_LIMIT:
        raise ProtocolError(f"header of {head_len} bytes exceeds {HEADER_LIMIT}")
    header = parse_header(read_exact(read, head_len))
    (blob_len,) = _LEN.unpack(read_exact(read, _LEN.size))
    if blob_len > blob_limit:
        raise ProtocolError(f"data of {blob_len} bytes exceeds {blob_limit}")
    return header, read_exact(read, blob_len)


def parse_header(raw: bytes) -> dict:
    try:
        header = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ProtocolError(f"unreadable header: {exc.__class__.__name__}") from None
    if not isinstance(header, dict):
        raise ProtocolError("header is not an object")
    return header


# -- arrays ----------------------------------------------------------------------------------


def pack_arrays(arrays: dict) -> bytes:
    if not arrays:
        return b""
    buffer = io.BytesIO()
    np.savez(buffer, allow_pickle=False, **arrays)
    return buffer.getvalue()


def unpack_arrays(blob: bytes) -> dict:
    """Read an ``.npz`` blob. Pickled (object) arrays are refused, never loaded."""
    if not blob:
        return {}
    try:
        with np.load(io.BytesIO(blob), allow_pickle=False) as archive:
            return {name: archive[name] for name in archive.files}
    except Exception as exc:  # a malformed archive is the sender's fault, whatever numpy raises
        raise ProtocolError(f"unreadable array data: {exc.__class__.__name__}: {exc}") from None


# -- values ----------------------------------------------------------------------------------


class _Encoder:
    def __init__(self):
        self.arrays: dict[str, np.ndarray] = {}
        self.items = 0

    def _store(self, array: np.ndarray) -> str:
        if array.dtype.hasobject:
            raise ProtocolError("arrays of Python objects (dtype=object) cannot be returned")
        key = f"a{len(self.arrays)}"
        self.arrays[key] = array
        return key

    def encode(self, value, depth: int = 0):
        self.items += 1
        if depth > MAX_DEPTH:
            raise ProtocolError(f"value nested deeper than {MAX_DEPTH} levels")
        if self.items > MAX_ITEMS:
            raise ProtocolError(f"value with more than {MAX_ITEMS} items")
        if isinstance(value, np.ndarray):
            # np.array(..., subok=False) drops any ndarray subclass and its overridden methods.
            return {"__array__": self._store(np.array(value, subok=False, copy=True))}
        if isinstance(value, np.generic):
            return {"__scalar__": self._store(np.array(value))}
        if isinstance(value, np.random.Generator):
            raise ProtocolError("a random generator cannot be returned")
        if value is None or type(value) in (bool, int, float, str):
            return value
        if isinstance(value, tuple):
            return {"__tuple__": [self.encode(v, depth + 1) for v in value]}
        if isinstance(value, list):
            return [self.encode(v, depth + 1) for v in value]
        if isinstance(value, dict):
            if not all(type(k) is str for k in value):
                raise ProtocolError("dictionary keys must be strings")
            return {"__dict__": {k: self.encode(v, depth + 1) for k, v in value.items()}}
        raise ProtocolError(f"values of type {type(value).__name__} cannot be returned")


class RngSeed(int):
    """Marks an argument that the child turns into ``numpy.random.default_rng(seed)``."""


class ResultOf:
    """Marks an argument that the child replaces with what an earlier call of the same run returned.

    ``ResultOf(0)[1]`` is item 1 of call 0's value, ``ResultOf(0)["W1"]`` its key "W1",
    ``ResultOf(0).unwrap()`` its first item when it is a tuple or list (else the value itself).
    In a check, ``index`` counts the check's own calls; the engine shifts it to the run's.
    """

    __slots__ = ("index", "path")

    def __init__(self, index: int, path: tuple = ()):
        if type(index) is not int or index < 0:
            raise ProtocolError("ResultOf needs a call index >= 0")
        self.index, self.path = index, tuple(path)

    def __getitem__(self, item) -> "ResultOf":
        step = ("index", item) if type(item) is int else ("key", item)
        if type(item) not in (int, str):
            raise ProtocolError("ResultOf items are ints (tuple items) or strings (dict keys)")
        return ResultOf(self.index, (*self.path, step))

    def unwrap(self) -> "ResultOf":
        return ResultOf(self.index, (*self.path, ("unwrap",)))

    def shifted(self, offset: int) -> "ResultOf":
        return ResultOf(self.index + offset, self.path)

    def __repr__(self) -> str:
        return f"ResultOf({self.index}, {self.path!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, ResultOf) and (self.index, self.path) == (other.index, other.path)

    def __hash__(self) -> int:
        return hash((self.index, self.path))

    def to_wire(self) -> dict:
        return {"__result__": {"call": self.index, "path": [list(step) for step in self.path]}}

    @classmethod
    def from_wire(cls, inner) -> "ResultOf":
        if not isinstance(inner, dict) or type(inner.get("call")) is not int or not isinstance(inner.get("path"), list):
            raise ProtocolError("malformed result reference")
        if len(inner["path"]) > MAX_DEPTH:
            raise ProtocolError("result reference too long")
        path = []
        for step in inner["path"]:
            ok = isinstance(step, list) and (
                step == ["unwrap"] or (len(step) == 2 and (step[0], type(step[1])) in (("index", int), ("key", str)))
            )
            if not ok:
                raise ProtocolError("malformed result reference")
            path.append(tuple(step))
        return cls(inner["call"], tuple(path))

    def pick(self, value, name: str = "the earlier call"):
        """Follow the path into ``value``; LookupError with a message for the student when it does not fit."""
        for step in self.path:
            if step[0] == "unwrap":
                value = value[0] if isinstance(value, (tuple, list)) and value else value
            elif step[0] == "index":
                if not isinstance(value, (tuple, list)) or not -len(value) <= step[1] < len(value):
                    raise LookupError(f"the value returned by {name} has no item {step[1]}")
                value = value[step[1]]
            else:
                if not isinstance(value, dict) or step[1] not in value:
                    raise LookupError(f"the value returned by {name} has no key {step[1]!r}")
                value = value[step[1]]
        return value


def new_encoder() -> _Encoder:
    return _Encoder()


def encode_args(value, encoder: _Encoder):
    """Encode call arguments; an RngSeed anywhere in them becomes a generator in the child."""
    if isinstance(value, RngSeed):
        return {"__rng__": int(value)}
    if isinstance(value, ResultOf):
        return value.to_wire()
    if isinstance(value, (list, tuple)):
        items = [encode_args(v, encoder) for v in value]
        return items if isinstance(value, list) else {"__tuple__": items}
    if isinstance(value, dict):
        return {"__dict__": {k: encode_args(v, encoder) for k, v in value.items()}}
    return encoder.encode(value)


def decode_value(tree, arrays: dict, depth: int = 0, resolve=None):
    """Rebuild a value; arrays are copied so that no two decoded values share memory.

    ``resolve(ResultOf)`` supplies chained results (only the child passes one, for arguments);
    without it a result reference is a protocol error.
    """
    if depth > MAX_DEPTH + 2:
        raise ProtocolError("value nested too deeply")
    if isinstance(tree, list):
        return [decode_value(v, arrays, depth + 1, resolve) for v in tree]
    if not isinstance(tree, dict):
        return tree
    if len(tree) != 1:
        raise ProtocolError("malformed value")
    ((tag, inner),) = tree.items()
    if tag == "__array__":
        return np.array(_lookup(arrays, inner), copy=True)
    if tag == "__scalar__":
        return _lookup(arrays, inner)[()]
    if tag == "__tuple__" and isinstance(inner, list):
        return tuple(decode_value(v, arrays, depth + 1, resolve) for v in inner)
    if tag == "__dict__" and isinstance(inner, dict):
        return {str(k): decode_value(v, arrays, depth + 1, resolve) for k, v in inner.items()}
    if tag == "__result__" and resolve is not None:
        return resolve(ResultOf.from_wire(inner))
    if tag == "__rng__" and type(inner) is int:
        return np.random.default_rng(inner)
    raise ProtocolError(f"unknown value tag {tag!r}")


def _lookup(arrays: dict, key) -> np.ndarray:
    if not isinstance(key, str) or key not in arrays:
        raise ProtocolError(f"missing array {key!r}")
    return arrays[key]
