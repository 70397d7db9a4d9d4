"""Code as students paste it from their notebooks: NumPy 1 habits get a one-sentence hint, and a .py
made of notebook cells (with the cells that run the notebook's tests) is graded on its definitions."""

from django.utils import translation

from grader import authoring, engine
from grader.bank import load_bundle

from .conftest import SEED


def grade(zygote, slug, source, language="en"):
    with translation.override(language):
        verdict = engine.grade(load_bundle(slug), source, SEED, zygote)
        texts = " | ".join([str(verdict.message)] + [str(c.message) for c in verdict.checks if not c.passed])
    return verdict, texts


def functions_alone(slug):
    bundle = load_bundle(slug)
    return authoring.functions_only(bundle.solution_source, bundle.functions)


def test_float_of_a_one_element_array_names_the_numpy_2_change_and_the_fix(zygote):
    source = functions_alone("compute-cost")
    source += "\n\n_right = compute_cost\n\ndef compute_cost(AL, Y):\n    return float(np.array([[_right(AL, Y)]]))\n"
    verdict, texts = grade(zygote, "compute-cost", source)
    assert verdict.score < verdict.max_score
    assert "Since NumPy 2" in texts and ".item()" in texts, texts


def test_a_removed_numpy_alias_is_named_with_its_replacement_in_portuguese(zygote):
    source = functions_alone("softmax").replace("import numpy as np\n", "import numpy as np\nDTYPE = np.float\n")
    verdict, texts = grade(zygote, "softmax", source, language="pt-br")
    assert verdict.status == engine.ERROR
    assert "np.float não existe mais no NumPy" in texts and "use float no lugar" in texts, texts


def test_a_py_pasted_from_notebook_cells_is_graded_on_its_definitions(zygote):
    cells = (
        "import numpy as np\nfrom testCases_v4a import *\nfrom public_tests import *\n\n"
        + functions_alone("l-model-backward").replace("import numpy as np\n", "")
        + "\n\nt_AL, t_Y_assess, t_caches = L_model_backward_test_case()\n"
        "grads = L_model_backward(t_AL, t_Y_assess, t_caches)\nprint('dA0 = ' + str(grads['dA0']))\n"
        "L_model_backward_test(L_model_backward)\n"
    )
    verdict, texts = grade(zygote, "l-model-backward", cells)
    assert verdict.score == verdict.max_score, texts


def test_a_py_that_does_not_come_from_a_notebook_runs_as_written(zygote):
    source = functions_alone("softmax") + "\nraise RuntimeError('top-level code runs')\n"
    verdict, texts = grade(zygote, "softmax", source)
    assert verdict.status == engine.ERROR and "top-level code runs" in texts


def test_when_every_call_fails_the_feedback_names_her_functions_not_the_graders_procedures():
    from grader.api import Check, ok
    from grader.failures import every_call_failed
    from grader.sandbox.client import Call, CallOutcome

    check = Check("accuracy", [Call("@keras_fit_predict", (), {})], lambda *a: ok())
    failed = CallOutcome(ok=False, error="NotImplementedError", kind="exception")
    message = str(every_call_failed([check], [[failed]], ("build_model",)))
    assert "build_model()" in message and "@keras" not in message


def test_a_py_pasted_from_the_application_notebook_defining_only_l_layer_model_is_graded(zygote):
    # The notebook's name for model is added after the cells are cut to their definitions, not cut away.
    bundle = load_bundle("l-layer-model")
    alone = authoring.functions_only(bundle.solution_source, bundle.functions)
    cells = (
        "import numpy as np\nfrom dnn_app_utils_v3 import *\nfrom public_tests import *\n"
        + alone.replace("import numpy as np\n", "").replace("def model(", "def L_layer_model(")
        + "\n\nL_layer_model_test(L_layer_model)\n"
    )
    verdict, texts = grade(zygote, "l-layer-model", cells)
    assert verdict.score == verdict.max_score, texts
