"""The harness's words for a call that failed in the sandbox, in the student's language.

The runner reports a failed call as a ``kind`` and, for a visible call, the exception's text. The
sentences a student reads are built here from the kind and what the harness already knows (the
function called, the chained calls of the check), never taken from the runner's own English: the
runner stays free of catalogues, and a hidden call's texts are never shown at all. An exception's
own text (``ZeroDivisionError: division by zero``) is Python's and is shown as it is, except the few
texts the sandbox itself writes, which are recognised and translated.
"""

import re

from .hints import numpy2_hint
from .i18n import _, join_messages
from .sandbox.client import Call, CallOutcome
from .sandbox.protocol import ResultOf


def call_failure(
    outcome: CallOutcome,
    function: str,
    *,
    hidden: bool,
    calls: list[Call] | None = None,
    got: list[CallOutcome] | None = None,
    traceback: bool = True,
) -> str:
    """What went wrong in one call of ``function``. ``calls`` and ``got`` are the check's calls and
    their outcomes, which explain a ``dependency`` failure (a chained argument that could not be made)."""
    if outcome.kind == "missing":
        return _("function {name}() is not defined").format(name=function)
    if hidden:
        # Everything a hidden run wrote may carry its inputs: only the kind, in the harness's words.
        if outcome.kind == "memory":
            return _("your code ran out of memory")
        return _("your code raised an exception")
    if outcome.kind == "dependency":
        return dependency_failure(outcome, calls or [], got or [], function)
    if outcome.kind == "unsupported":
        return _("{function}() returned a value that cannot be sent back to the grader: {reason}").format(
            function=function, reason=sandbox_text(outcome.error)
        )
    text = _("your code raised {error}").format(error=sandbox_text(outcome.error))
    hint = numpy2_hint(outcome.error)
    if hint is not None:
        text += "\n" + hint
    if traceback and outcome.traceback:
        text += "\n" + outcome.traceback
    return text


def dependency_failure(outcome: CallOutcome, calls: list[Call], got: list[CallOutcome], function: str) -> str:
    """The call needed what an earlier call returned (``ResultOf``) and could not have it: say which and why."""
    this = next((i for i, o in enumerate(got) if o is outcome), len(got))
    reasons = []
    for ref in _references(calls[this]) if this < len(calls) else []:
        if ref.index >= min(this, len(got)):
            continue
        name = f"{calls[ref.index].function}()"
        earlier = got[ref.index]
        if not earlier.ok:
            reasons.append(_("{name} failed, so its result could not be passed on").format(name=name))
        elif (reason := _pick_failure(ref, earlier.value, name)) is not None:
            reasons.append(reason)
    if not reasons:
        return _("{function}() needed the result of an earlier call, which could not be passed on").format(
            function=function
        )
    return join_messages("; ", list(dict.fromkeys(reasons)))


def _references(value) -> list[ResultOf]:
    if isinstance(value, Call):
        return _references(value.args) + _references(value.kwargs)
    if isinstance(value, ResultOf):
        return [value]
    if isinstance(value, (tuple, list)):
        return [r for v in value for r in _references(v)]
    if isinstance(value, dict):
        return [r for v in value.values() for r in _references(v)]
    return []


def _pick_failure(ref: ResultOf, value, name: str) -> str | None:
    """ResultOf.pick's walk, with its complaint in the student's language (None when the path fits)."""
    for step in ref.path:
        if step[0] == "unwrap":
            value = value[0] if isinstance(value, (tuple, list)) and value else value
        elif step[0] == "index":
            if not isinstance(value, (tuple, list)) or not -len(value) <= step[1] < len(value):
                return _("the value returned by {name} has no item {item}").format(name=name, item=step[1])
            value = value[step[1]]
        else:
            if not isinstance(value, dict) or step[1] not in value:
                return _("the value returned by {name} has no key {key}").format(name=name, key=repr(step[1]))
            value = value[step[1]]
    return None


def every_call_failed(checks: list, outcomes: list[list[CallOutcome]], graded: tuple[str, ...] = ()) -> str:
    """When no call succeeded: each distinct error once, naming the functions that raised it.

    A failed dependency is only a consequence and is left out; hidden calls are told only when no
    visible call explains the failure. A trusted procedure (``@keras_fit_predict``) runs the student's
    ``graded`` functions: those are the names shown."""
    groups: dict[str, tuple[list[str], str]] = {}
    visible_failures = any(not c.hidden and got for c, got in zip(checks, outcomes))
    for check, got in zip(checks, outcomes):
        if check.hidden and visible_failures:
            continue
        for call, outcome in zip(check.calls, got):
            if outcome.kind == "dependency":
                continue
            text = call_failure(
                outcome, call.function, hidden=check.hidden, calls=check.calls, got=got, traceback=False
            )
            functions, trace = groups.setdefault(text, ([], "" if check.hidden else outcome.traceback))
            shown = graded if call.function.startswith("@") and graded else (call.function,)
            functions += [f"{name}()" for name in shown if f"{name}()" not in functions]
    if not groups:
        return _("no function was called")
    lines = []
    for text, (functions, trace) in groups.items():
        named = (
            text
            if _names_function(text)
            else _("{functions}: {error}").format(functions=", ".join(functions), error=text)
        )
        lines.append(named + ("\n" + trace if trace else ""))
    return join_messages("\n", lines)


def _names_function(text: str) -> bool:
    return getattr(text, "msgid", "") == "function {name}() is not defined"


def sandbox_text(error: str) -> str:
    """An exception's text as the runner reported it, with the sandbox's own sentences translated."""
    for pattern, message in _sandbox_texts():
        match = re.match(pattern, error, re.S)
        if match:
            return message.format(**match.groupdict())
    return error


def _sandbox_texts():
    # The texts the sandbox itself writes (runner.py, protocol.py, tfworker.py); built on each use, so
    # that each message is made in the language active now.
    return [
        (
            r"^SystemExit: the code called sys\.exit\((?P<code>.*)\)$",
            _("SystemExit: your code called sys.exit({code})"),
        ),
        (r"^NameError: function (?P<name>\w+)\(\) is not defined$", _("NameError: function {name}() is not defined")),
        (
            r"^TypeError: build_model\(\) must return a keras\.Model, not (?P<got>\w+)$",
            _("TypeError: build_model() must return a keras.Model, not {got}"),
        ),
        (
            r"^TypeError: build_model\(\) must compile the model .*$",
            _("TypeError: build_model() must compile the model (model.compile(optimizer=..., loss=...))"),
        ),
        (
            r"^arrays of Python objects \(dtype=object\) cannot be returned$",
            _("arrays of Python objects (dtype=object)"),
        ),
        (r"^a random generator cannot be returned$", _("a random number generator")),
        (r"^(returned )?value nested (too deeply|deeper than (?P<depth>\d+) levels)$", _("a value nested too deeply")),
        (r"^value with more than (?P<n>\d+) items$", _("a value with more than {n} items")),
        (
            r"^NotImplementedError: (?P<call>[\w.]+\(\)) is not given in this exercise \(it gives (?P<names>.*)\)$",
            _("NotImplementedError: {call} is not given in this exercise (it gives {names})"),
        ),
        (r"^dictionary keys must be strings$", _("a dict whose keys are not all strings")),
        (r"^values of type (?P<type>\w+) cannot be returned$", _("a value of type {type}")),
    ]
