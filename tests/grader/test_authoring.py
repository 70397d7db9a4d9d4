"""Authoring an exercise once: the starter made from the marked reference, mistakes as patches, given
code cut from the course module, notebooks graded on their definitions. Errors name file and line."""

import json
import shutil
from pathlib import Path

import pytest

from grader import authoring, engine, given
from grader.authoring import AuthoringError, load_mistakes, starter_from
from grader.bank import all_slugs, bank_dir, load_bundle
from grader.notebook import notebook_to_source

from .conftest import SEED

REFERENCE = '''import numpy as np


def double(x):
    """Twice x."""
    ### BEGIN SOLUTION
    return 2 * x
    ### END SOLUTION
'''


def test_the_starter_replaces_each_region_with_a_stub():
    starter = starter_from(REFERENCE, Path("solution.py"))
    assert "return 2 * x" not in starter
    assert '    """Twice x."""\n    # SEU CÓDIGO AQUI\n    raise NotImplementedError\n' in starter


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (REFERENCE.replace("    ### END SOLUTION\n", ""), "solution.py:6: ### BEGIN SOLUTION is never closed"),
        (REFERENCE.replace("    ### BEGIN SOLUTION\n", ""), "solution.py:7: ### END SOLUTION without"),
        (REFERENCE.replace("    ### END", "  ### END"), "solution.py:8: ### END SOLUTION is not indented"),
        (REFERENCE.replace("    ### BEGIN SOLUTION\n", "").replace("    ### END SOLUTION\n", ""), "no ### BEGIN"),
    ],
)
def test_a_malformed_reference_is_refused_with_file_and_line(text, where):
    with pytest.raises(AuthoringError, match=where):
        starter_from(text, Path("solution.py"))


def write_mistakes(tmp_path, body):
    path = tmp_path / "mistakes.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_a_mistake_is_the_reference_with_its_patch_applied(tmp_path):
    path = write_mistakes(
        tmp_path,
        '[[mistake]]\nname = "triples"\nblames = "double"\ndescription = "3x"\n'
        "[[mistake.patch]]\nfind = '''return 2 * x'''\nreplace = '''return 3 * x'''\n",
    )
    (mistake,) = load_mistakes(path, REFERENCE)
    assert mistake.source == REFERENCE.replace("2 * x", "3 * x")
    assert mistake.where.endswith("mistakes.toml:2")


def test_a_patch_that_does_not_match_exactly_once_is_refused_with_its_line(tmp_path):
    path = write_mistakes(
        tmp_path,
        '# two mistakes\n\n[[mistake]]\nname = "fine"\nblames = "double"\ndescription = "x"\n'
        "[[mistake.patch]]\nfind = '''2 * x'''\nreplace = '''x'''\n\n"
        '[[mistake]]\nname = "stale"\nblames = "double"\ndescription = "x"\n'
        "[[mistake.patch]]\nfind = '''return x * 2'''\nreplace = '''return x'''\n",
    )
    with pytest.raises(AuthoringError, match=r"mistakes.toml:12: patch 1 of mistake stale: `find` occurs 0 times"):
        load_mistakes(path, REFERENCE)


def test_every_bank_exercise_makes_a_starter_and_its_mistakes():
    for slug in all_slugs():
        bundle = load_bundle(slug)
        assert "### BEGIN SOLUTION" not in bundle.starter, slug
        for mistake in bundle.mistakes():
            assert mistake.source != bundle.solution_source, (slug, mistake.name)


def test_no_starter_holds_a_function_graded_by_another_exercise():
    graded_by = {}
    for slug in all_slugs():
        for function in load_bundle(slug).functions:
            graded_by.setdefault(function, set()).add(slug)
    for slug in all_slugs():
        bundle = load_bundle(slug)
        starter = bundle.starter
        for function, owners in graded_by.items():
            if slug not in owners:
                assert f"def {function}(" not in starter, (slug, function, owners)


def test_given_code_is_cut_to_the_names_and_what_they_call():
    module = given.module(bank_dir(), "dnn_utils")
    source = module.source_of(("linear_activation_forward",))
    assert "def linear_activation_forward(" in source and "def relu(" in source and "def linear_forward(" in source
    # Nothing the exercise does not need, so no later exercise's function is handed out.
    assert "def L_model_backward(" not in source and "def linear_backward(" not in source


def test_an_exercise_may_not_be_given_what_it_grades(tmp_path):
    bank = tmp_path / "bank"
    shutil.copytree(bank_dir() / "_given", bank / "_given")
    shutil.copytree(bank_dir() / "linear-forward", bank / "linear-forward")
    toml = bank / "linear-forward" / "exercise.toml"
    toml.write_text(toml.read_text().replace('"relu_backward"]', '"relu_backward", "linear_forward"]'))
    with pytest.raises(authoring.BundleError, match="gives the student linear_forward"):
        load_bundle("linear-forward", bank)


def test_the_statement_lists_the_given_names_and_the_numpy_version():
    import numpy as np

    statement = load_bundle("l-model-backward").statement
    assert "## Código fornecido" in statement and "`L_model_forward`" in statement
    # What it takes and returns, not its body: the statement gives no earlier exercise's solution away.
    assert "def L_model_forward(X, parameters):" in statement and "caches.append" not in statement
    assert f"NumPy {np.__version__}" in load_bundle("softmax").statement


def test_a_notebook_keeps_its_definitions_and_drops_what_runs_the_notebooks_tests():
    cells = [
        "import numpy as np\nimport h5py\nfrom dnn_app_utils_v3 import *\n%matplotlib inline",
        "t_AL, t_Y = L_model_backward_test_case()\nprint(t_AL)\nlayers_dims = [3, 2, 1]",
        "def f(x):\n    return x + 1\n",
        "def broken(:\n",
    ]
    notebook = {"cells": [{"cell_type": "code", "source": c} for c in cells]}
    source = notebook_to_source(json.dumps(notebook))
    assert "try:\n    import h5py\nexcept ImportError:\n    pass" in source
    assert "L_model_backward_test_case" not in source and "print(t_AL)" not in source
    assert "layers_dims = [3, 2, 1]" in source and "def f(x):" in source
    assert "def broken(:" in source  # the student sees her syntax error


def test_a_notebook_that_imports_the_helpers_under_a_notebooks_module_name_is_graded(zygote):
    bundle = load_bundle("l-model-backward")
    alone = authoring.functions_only(bundle.solution_source, bundle.functions)
    imports = "import numpy as np\nfrom dnn_utils_v2 import sigmoid_backward, relu_backward\nfrom testCases import *\n"
    source = notebook_to_source(authoring.as_notebook(alone, imports))
    verdict = engine.grade(bundle, source, SEED, zygote)
    assert verdict.score == verdict.max_score, [c.message for c in verdict.checks]


def test_her_own_helper_wins_over_the_given_one(zygote):
    bundle = load_bundle("linear-forward")
    wrong_relu = "\n\ndef relu(Z):\n    return np.abs(Z), Z\n"
    verdict = engine.grade(bundle, bundle.solution_source + wrong_relu, SEED, zygote)
    assert verdict.score < verdict.max_score
