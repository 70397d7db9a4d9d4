"""What a single check concludes."""

from dataclasses import dataclass

# Kinds say what went wrong without saying with which values: hidden checks show only the kind.
KINDS = (
    "type",
    "missing",
    "count",
    "shape",
    "dtype",
    "nonfinite",
    "values",
    "property",
    "exception",
    "keys",
    "dependency",
    "accuracy",
    "gradient",
)


@dataclass(frozen=True)
class Outcome:
    passed: bool
    message: str = ""
    kind: str = ""
    fraction: float | None = None  # partial credit in [0, 1]; None means all or nothing
    images: tuple = ()  # {"name": ..., "png_base64": ...} dicts, shown with a visible check's feedback

    @property
    def credit(self) -> float:
        if self.fraction is not None:
            return min(max(self.fraction, 0.0), 1.0)
        return 1.0 if self.passed else 0.0


def ok(message: str = "") -> Outcome:
    return Outcome(True, message)


def fail(kind: str, message: str) -> Outcome:
    return Outcome(False, message, kind)


class Rejected(Exception):
    """Raised by a helper of a judge when a returned value cannot be used; carries the failure."""

    def __init__(self, outcome: Outcome):
        super().__init__(outcome.message)
        self.outcome = outcome
