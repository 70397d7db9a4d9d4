"""``python -m grader check <exercise> <file>``: the visible checks, on a student's own machine.

No server, no database, no Django: the exercise bundle is read from the repository's bank, the
student's file (``.py`` or ``.ipynb``) runs in a local sandbox, and the feedback is the site's, for
the visible checks only (hidden checks are graded on the site). Exit status 0 when a verdict was
produced (whatever the score), 2 for a usage error, 3 when the sandbox could not run.
"""

import argparse
import json
import os
import secrets
import sys
from pathlib import Path

from . import engine
from .bank import BundleError, UnknownExercise, load_bundle
from .i18n import _, set_standalone_language
from .notebook import notebook_to_source
from .sandbox.client import SandboxUnavailable, Zygote, temporary_config

MAX_SOURCE_BYTES = 512 * 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m grader", description="Check an exercise locally.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="run the visible checks of an exercise on a file")
    check.add_argument("exercise", help="exercise slug, e.g. softmax")
    check.add_argument("file", help="a .py file or a .ipynb notebook")
    check.add_argument("--json", action="store_true", help="print one JSON object and nothing else")
    check.add_argument("--lang", default="pt-br", choices=["pt-br", "en"], help="feedback language")
    check.add_argument("--seed", type=int, default=None, help="seed of the checks' inputs (default: random)")
    args = parser.parse_args(argv)
    set_standalone_language("pt_BR" if args.lang == "pt-br" else "en")
    try:
        bundle = load_bundle(args.exercise)
        source = read_source(Path(args.file))
    except (UnknownExercise, BundleError, ValueError, OSError) as exc:
        print(describe_usage_error(exc, args.exercise), file=sys.stderr)
        return 2
    seed = args.seed if args.seed is not None else secrets.randbits(31)
    try:
        with Zygote(temporary_config(uid_base=private_uid_base())) as zygote:
            verdict = engine.grade(bundle, source, seed, zygote, visible_only=True)
    except SandboxUnavailable as exc:
        print(_("The local sandbox could not run: {error}").format(error=exc), file=sys.stderr)
        return 3
    if args.json:
        print(json.dumps(verdict.as_json(bundle.slug), ensure_ascii=False))
    else:
        print(render(bundle.slug, verdict))
    return 0


def private_uid_base() -> int:
    """Per-slot uids of our own (only used when run as root): a grading worker or another check on the same
    host uses the default range, and two sandboxes sharing uids share process limits and clean-ups."""
    return 60000 + (os.getpid() % 1000) * 4


def read_source(path: Path) -> str:
    data = path.read_bytes()
    if len(data) > MAX_SOURCE_BYTES:
        raise ValueError(
            _("The file is too large: {size} KB; the limit is {limit} KB.").format(
                size=len(data) // 1024, limit=MAX_SOURCE_BYTES // 1024
            )
        )
    text = data.decode("utf-8-sig")
    return notebook_to_source(text) if path.suffix == ".ipynb" else text.replace("\r\n", "\n")


def describe_usage_error(exc: Exception, slug: str) -> str:
    if isinstance(exc, UnknownExercise):
        return _("Unknown exercise: {slug}").format(slug=slug)
    if isinstance(exc, UnicodeDecodeError):
        return _("The file is not valid UTF-8 text.")
    if isinstance(exc, OSError):
        return _("Cannot read the file: {error}").format(error=exc.strerror or exc)
    return str(exc)


def render(slug: str, verdict: engine.Verdict) -> str:
    """The feedback as the site shows it, in plain text."""
    lines = [f"{slug}: {round(verdict.score, 2):g}/{verdict.max_score:g} · {verdict.message}"]
    for check in verdict.checks:
        mark = "✔" if check.passed else "✘"
        lines.append(f"  {mark} {check.name} ({round(check.score, 2):g}/{round(check.max_score, 2):g})")
        if not check.passed or (check.message and check.message != _("passed")):
            lines += ["      " + line for line in check.message.splitlines()]
    if verdict.images:
        lines.append(_("(the site also shows: {names})").format(names=", ".join(i["name"] for i in verdict.images)))
    if verdict.stdout.strip():
        lines += ["", _("What your code printed:"), verdict.stdout.rstrip()]
    lines.append(_("Only the visible checks ran here; the site also runs hidden checks."))
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
