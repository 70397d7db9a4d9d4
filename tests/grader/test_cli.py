"""python -m grader check: the visible checks on a student's machine, without Django or a database."""

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat

from grader.bank import load_bundle

ROOT = Path(__file__).resolve().parents[2]
BANK = ROOT / "exercises" / "bank"


def run_cli(*args):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    return subprocess.run(
        [sys.executable, "-m", "grader", "check", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        check=False,
        text=True,
        timeout=120,
    )


def test_check_a_solution_prints_the_visible_feedback_as_json():
    done = run_cli("softmax", str(BANK / "softmax" / "solution.py"), "--json", "--seed", "5", "--lang", "en")
    assert done.returncode == 0, done.stderr
    verdict = json.loads(done.stdout)
    assert verdict["status"] == "graded" and verdict["score"] == verdict["max_score"]
    assert verdict["seed"] == 5
    assert "django" not in done.stderr.lower()


def test_check_a_notebook_with_magics(tmp_path):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# Softmax"),
        nbformat.v4.new_code_cell("%matplotlib inline\n!pip list"),
        nbformat.v4.new_code_cell((BANK / "cross-entropy" / "solution.py").read_text()),
    ]
    path = tmp_path / "entrega.ipynb"
    nbformat.write(notebook, path)
    done = run_cli("cross-entropy", str(path), "--lang", "en", "--seed", "1")
    assert done.returncode == 0, done.stderr
    assert "cross-entropy: 10/10" in done.stdout
    assert "hidden checks" in done.stdout


def test_a_wrong_answer_still_exits_0_with_the_feedback(tmp_path):
    wrong = tmp_path / "wrong_sign.py"
    wrong.write_text(next(m.source for m in load_bundle("compute-cost").mistakes() if m.name == "wrong_sign"))
    done = run_cli("compute-cost", str(wrong), "--lang", "en")
    assert done.returncode == 0
    assert "compute_cost()" in done.stdout and "✘" in done.stdout


def test_unknown_exercise_is_a_usage_error(tmp_path):
    done = run_cli("no-such-exercise", str(tmp_path / "x.py"))
    assert done.returncode == 2


def test_a_file_that_imports_what_a_notebooks_first_cell_imports_is_graded(tmp_path):
    # gzip, matplotlib, scipy: standard and installed modules that the zygote had not imported yet.
    alone = load_bundle("softmax").variants()["functions"]
    first_cell = "import gzip\nimport math\nimport matplotlib.pyplot as plt\nimport scipy.io\n"
    path = tmp_path / "softmax.py"
    path.write_text(first_cell + alone)
    done = run_cli("softmax", str(path), "--lang", "en", "--seed", "1")
    assert done.returncode == 0, done.stderr
    assert "softmax: 10/10" in done.stdout, done.stdout
