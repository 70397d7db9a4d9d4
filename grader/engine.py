"""The grading engine: one sandbox run per submission, every verdict computed in the harness.

``grade()`` is the single path used by the Celery task, ``manage.py grade`` and
``python -m grader check``. It raises ``SandboxUnavailable`` for platform faults (retry them);
anything the student's code does ends in a ``Verdict``.
"""

import copy
import time
from dataclasses import asdict, dataclass, field

import numpy as np

from .api import Check, shifted
from .bank import Bundle, BundleError
from .failures import call_failure, every_call_failed, sandbox_text
from .hints import numpy2_hint
from .i18n import _, join_messages, ngettext
from .outcome import Outcome
from .sandbox.client import Call, CallOutcome, Limits, RunResult, Zygote
from .sandbox.protocol import ResultOf, RngSeed

GRADED, ERROR = "graded", "error"
STDOUT_LIMIT = 20_000


@dataclass
class CheckResult:
    name: str
    passed: bool
    score: float
    max_score: float
    message: str
    hidden: bool = False


@dataclass
class Verdict:
    status: str
    score: float
    max_score: float
    checks: list[CheckResult] = field(default_factory=list)
    message: str = ""
    stdout: str = ""
    seed: int = 0
    wall_s: float = 0.0
    sandbox: dict = field(default_factory=dict)
    # Figures of visible checks (a learning curve): {"name": "learning curve", "png_base64": "..."}.
    images: list[dict] = field(default_factory=list)

    def as_json(self, slug: str) -> dict:
        data = {
            "exercise": slug,
            "status": self.status,
            "score": self.score,
            "max_score": self.max_score,
            "checks": [{k: v for k, v in asdict(c).items() if k != "hidden"} for c in self.checks],
            "message": self.message,
            "seed": self.seed,
        }
        if self.images:
            data["images"] = self.images
        return data


def grade(
    bundle: Bundle,
    source: str,
    seed: int,
    zygote: Zygote,
    *,
    points: float | None = None,
    limits: Limits | None = None,
    visible_only: bool = False,
    dataset: dict | None = None,
) -> Verdict:
    """``dataset``: the arrays of an instructor's held-out data set for the exercise, when it has one."""
    started = time.monotonic()
    max_score = float(points if points is not None else bundle.points)
    limits = limits or bundle.limits()
    checks, _ctx = bundle.build_checks(seed, dataset)
    source = bundle.prepared(source)
    visible = [c for c in checks if not c.hidden]
    hidden = [] if visible_only else [c for c in checks if c.hidden]
    checks = visible + hidden
    run = _run_visible_then_hidden(zygote, source, visible, hidden, limits, bundle)
    verdict = _judge_run(run, checks, bundle, max_score, limits)
    verdict.seed = seed
    verdict.wall_s = round(time.monotonic() - started, 4)
    verdict.sandbox = {"status": run.status, "wall_s": run.wall_s, "cpu_s": run.cpu_s, "max_rss_kb": run.max_rss_kb}
    return verdict


def _run_visible_then_hidden(
    zygote: Zygote, source: str, visible: list[Check], hidden: list[Check], limits: Limits, bundle: Bundle
) -> RunResult:
    """One sandbox run in two phases: the visible calls (what the code prints then is shown), then the
    hidden ones, whose inputs reach the child only once it has answered the visible calls and its
    output is sealed. What the hidden phase writes can only count through the values the judges
    read: its texts are dropped here and its failures told in fixed words (sandbox/README.md)."""
    visible_calls = _run_calls(visible)
    run = zygote.run(
        source,
        visible_calls,
        limits,
        hidden_calls=_run_calls(hidden) if hidden else None,
        given=bundle.given_wire(),
        stubs=bundle.stubs(),
    )
    for call in run.calls[len(visible_calls) :]:
        call.stdout = call.error = call.traceback = ""
    return run


def _run_calls(checks: list[Check]) -> list[Call]:
    """Every call of every check in order; a check's ResultOf(i) becomes an index into the whole run."""
    calls, offset = [], 0
    for check in checks:
        calls += [shifted(c, offset) for c in check.calls]
        offset += len(check.calls)
    return calls


def _judge_run(run: RunResult, checks: list[Check], bundle: Bundle, max_score: float, limits: Limits) -> Verdict:
    if run.status != "ok":
        return _error_verdict(run, checks, max_score, limits)
    outcomes, per_check, offset = [], [], 0
    for check in checks:
        got = run.calls[offset : offset + len(check.calls)]
        offset += len(check.calls)
        per_check.append(got)
        outcomes.append(_judge_check(check, got, bundle))
    if all(not o.ok for o in run.calls):
        message = every_call_failed(checks, per_check, bundle.functions)
        named = [n for c, got in zip(checks, per_check) for i, o in enumerate(got) if (n := _explained(c, i, o))]
        if named:
            message = join_messages("\n", [*dict.fromkeys(named), message])
        verdict = _error_verdict(run, checks, max_score, limits, message=message)
        verdict.stdout = _visible_output(run, checks)
        return verdict
    total_weight = sum(c.weight for c in checks) or 1.0
    results = [
        CheckResult(
            name=c.name,
            passed=o.passed,
            hidden=c.hidden,
            message=_shown_message(c, o),
            max_score=round(max_score * c.weight / total_weight, 4),
            score=round(max_score * c.weight * o.credit / total_weight, 4),
        )
        for c, o in zip(checks, outcomes)
    ]
    score = round(sum(r.score for r in results), 2)
    images = [image for c, o in zip(checks, outcomes) if not c.hidden for image in o.images]
    return Verdict(GRADED, score, max_score, results, _summary(results), _visible_output(run, checks), images=images)


def _judge_check(check: Check, got: list[CallOutcome], bundle: Bundle) -> Outcome:
    for index, outcome in enumerate(got):
        if not outcome.ok:
            function = check.calls[index].function
            message = call_failure(outcome, function, hidden=check.hidden, calls=check.calls, got=got)
            named = _explained(check, index, outcome)
            if named:
                message = join_messages("\n", [named, message])
            return Outcome(False, message, outcome.kind or "exception")
    expected = _reference_outputs(check, bundle) if check.reference else None
    try:
        return check.judge([o.value for o in got], expected, check.calls)
    except Exception as exc:  # a judge tripping over a weird value is still the value's fault
        return Outcome(
            False, _("the returned value could not be checked ({error})").format(error=type(exc).__name__), "type"
        )


def _explained(check: Check, index: int, outcome: CallOutcome):
    """The check's own name for the mistake behind a visible call's error, or None."""
    if check.explain is None or check.hidden or outcome.ok or outcome.kind == "dependency":
        return None
    try:
        return check.explain(check.calls[index], outcome)
    except Exception:  # an explanation is a courtesy: never let it cost the verdict
        return None


def _reference_outputs(check: Check, bundle: Bundle) -> list:
    outputs = []
    for c in check.calls:
        function = getattr(bundle.reference, c.function, None)
        if function is None:
            raise BundleError(f"{bundle.path}/solution.py: no function {c.function}()")
        args = _materialize(copy.deepcopy(c.args), outputs)
        kwargs = _materialize(copy.deepcopy(c.kwargs), outputs)
        outputs.append(function(*args, **kwargs))
    return outputs


def _materialize(value, outputs: list):
    """The reference's arguments: generators from seeds, chained results from its own earlier outputs."""
    if isinstance(value, RngSeed):
        return np.random.default_rng(int(value))
    if isinstance(value, ResultOf):
        return copy.deepcopy(value.pick(outputs[value.index]))
    if isinstance(value, tuple):
        return tuple(_materialize(v, outputs) for v in value)
    if isinstance(value, list):
        return [_materialize(v, outputs) for v in value]
    if isinstance(value, dict):
        return {k: _materialize(v, outputs) for k, v in value.items()}
    return value


def _shown_message(check: Check, outcome: Outcome) -> str:
    if outcome.passed:
        return outcome.message or _("passed")
    if not check.hidden:
        return outcome.message
    hints = {
        "type": _("wrong type of return value"),
        "missing": outcome.message,
        "count": _("wrong number of return values"),
        "shape": _("wrong shape"),
        "dtype": _("wrong dtype"),
        "nonfinite": _("non-finite values (NaN or inf)"),
        "values": _("wrong values"),
        "property": _("a required property does not hold"),
        "keys": _("missing keys"),
        "accuracy": _("accuracy below the threshold"),
        "gradient": _("the gradients do not match the cost"),
    }
    told = outcome.kind in ("exception", "dependency")
    hint = hints.get(outcome.kind, outcome.message if told else _("failed"))
    # Naming the functions tells the student where to look without showing any input.
    functions = ", ".join(dict.fromkeys(f"{c.function}()" for c in check.calls))
    return _("hidden check of {functions} failed: {hint}").format(functions=functions, hint=hint)


def _summary(results: list[CheckResult]) -> str:
    passed = sum(r.passed for r in results)
    text = ngettext("{passed} of {total} check passed", "{passed} of {total} checks passed", len(results)).format(
        passed=passed, total=len(results)
    )
    failed_hidden = [r.name for r in results if r.hidden and not r.passed]
    if failed_hidden:
        text += "; " + ngettext(
            "{n} hidden check failed: {names}", "{n} hidden checks failed: {names}", len(failed_hidden)
        ).format(n=len(failed_hidden), names=join_messages(", ", failed_hidden))
    return text


def _error_verdict(run: RunResult, checks: list[Check], max_score: float, limits: Limits, message: str = "") -> Verdict:
    message = message or _run_failure(run, limits)
    results = [CheckResult(c.name, False, 0.0, 0.0, _("not run"), c.hidden) for c in checks]
    total_weight = sum(c.weight for c in checks) or 1.0
    for result, check in zip(results, checks):
        result.max_score = round(max_score * check.weight / total_weight, 4)
    output = run.stdout[:STDOUT_LIMIT] if run.status in ("exception", "timeout", "no_result") else ""
    return Verdict(ERROR, 0.0, max_score, results, message, output)


def _run_failure(run: RunResult, limits: Limits) -> str:
    if run.status == "exception":
        if run.load_error.startswith("MemoryError"):
            return _("Memory limit exceeded ({mb} MB) while loading your code.").format(mb=limits.memory_mb)
        text = _("Your code could not be loaded: {error}").format(error=sandbox_text(run.load_error))
        hint = numpy2_hint(run.load_error)
        if hint is not None:
            text += "\n" + hint
        return text + ("\n" + run.load_traceback if run.load_traceback else "")
    messages = {
        "hidden_failure": _("Your code failed while the hidden checks ran."),
        "timeout": _("Time limit exceeded: your code ran for more than {seconds:g} s (an infinite loop?).").format(
            seconds=limits.time_s
        ),
        "memory": _("Memory limit exceeded ({mb} MB).").format(mb=limits.memory_mb),
        "killed": _("Your code was stopped by the system (out of memory or a forbidden operation)."),
        "output_limit": _("Your code returned more data than allowed ({mb} MiB).").format(
            mb=limits.result_bytes // (1024 * 1024)
        ),
        "file_limit": _("Your code wrote a file larger than allowed ({mb} MiB).").format(mb=limits.max_file_mb),
        "no_result": _("Your code ended the process before the checks could run (sys.exit or os._exit?)."),
        "invalid_output": _("Your code returned data that cannot be read: {error}").format(error=run.load_error),
    }
    return messages.get(run.status, _("Your code could not be run ({status}).").format(status=run.status))


def _visible_output(run: RunResult, checks: list[Check]) -> str:
    parts, offset = [run.stdout], 0
    for check in checks:
        for outcome in run.calls[offset : offset + len(check.calls)]:
            if not check.hidden and check.show_output:
                parts.append(outcome.stdout)
        offset += len(check.calls)
    return "".join(parts)[:STDOUT_LIMIT]
