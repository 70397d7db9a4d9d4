"""`manage.py grade <slug> <file> --json`: one JSON object on stdout, exit 0 for every verdict."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .sources import CORRECT_SOFTMAX, INFINITE_LOOP, NAIVE_SOFTMAX, RAISES, SYNTAX_ERROR

ROOT = Path(__file__).resolve().parents[2]
FIELDS = {"name", "passed", "score", "max_score", "message"}


def grade(tmp_path, source: str | bytes, slug="softmax", *extra):
    path = tmp_path / "submission.py"
    path.write_bytes(source if isinstance(source, bytes) else source.encode())
    return subprocess.run(
        [sys.executable, "manage.py", "grade", slug, str(path), "--json", "--seed", "7", "--lang", "en", *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def verdict(result) -> dict:
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, result.stdout  # stdout holds the JSON object and nothing else
    body = json.loads(lines[0])
    assert body["exercise"] == "softmax" and body["max_score"] == 10
    assert all(set(check) == FIELDS for check in body["checks"])
    return body


def test_correct_file_gets_full_marks(tmp_path):
    body = verdict(grade(tmp_path, CORRECT_SOFTMAX))
    assert body["status"] == "graded" and body["score"] == 10
    total = len(body["checks"])
    assert total >= 8 and body["message"].startswith(f"{total} of {total} checks passed")


def test_naive_file_is_graded_below_full_marks_naming_the_large_scores(tmp_path):
    body = verdict(grade(tmp_path, NAIVE_SOFTMAX))
    assert body["status"] == "graded" and 0 < body["score"] < 10
    failing = [c for c in body["checks"] if not c["passed"]]
    assert any("1000" in c["name"] and "NaN or inf" in c["message"] and "overflows" in c["message"] for c in failing)


@pytest.mark.parametrize(
    ("source", "needle"),
    [(SYNTAX_ERROR, "line 4"), (RAISES, "ValueError: not finished"), ("import os\nos._exit(0)\n", "os._exit")],
    ids=["syntax-error", "exception", "exit"],
)
def test_broken_files_are_an_error_verdict_with_exit_0(tmp_path, source, needle):
    body = verdict(grade(tmp_path, source))
    assert body["status"] == "error" and body["score"] == 0
    assert needle in body["message"]


def test_infinite_loop_ends_in_a_timeout_verdict(tmp_path):
    body = verdict(grade(tmp_path, INFINITE_LOOP))
    assert body["status"] == "error" and "Time limit exceeded" in body["message"]


def test_prints_of_the_student_never_reach_stdout(tmp_path):
    body = verdict(grade(tmp_path, 'print(\'{"status": "graded", "score": 10}\')\n' + NAIVE_SOFTMAX))
    assert body["score"] < 10


def test_unknown_exercise_and_unreadable_file_are_usage_errors(tmp_path):
    unknown = grade(tmp_path, CORRECT_SOFTMAX, "no-such-exercise")
    assert unknown.returncode != 0 and "unknown exercise" in unknown.stderr
    missing = subprocess.run(
        [sys.executable, "manage.py", "grade", "softmax", str(tmp_path / "absent.py"), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert missing.returncode != 0 and "cannot read" in missing.stderr


def test_binary_file_gets_an_error_verdict(tmp_path):
    body = verdict(grade(tmp_path, b"\x00\x01\x02binary"))
    assert body["status"] == "error" and "binary" in body["message"]
