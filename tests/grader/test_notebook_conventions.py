"""Code written in the Deep Learning Specialization notebooks is graded as it is: their import cells load,
their function names and return values are accepted where our contract allows it, and what a notebook's
first cell imports (copy) is there."""

import pytest

from grader import authoring, engine
from grader.bank import load_bundle

from .conftest import SEED

STEP_BY_STEP = [
    "linear-forward",
    "linear-backward",
    "initialize-parameters",
    "l-model-forward",
    "compute-cost",
    "l-model-backward",
    "update-parameters",
]
STEP_BY_STEP_CELL = "import numpy as np\nfrom dnn_utils import sigmoid, sigmoid_backward, relu, relu_backward\n"
REGULARIZATION_CELL = (
    "import numpy as np\n"
    "from reg_utils import sigmoid, relu, plot_decision_boundary, initialize_parameters, load_2D_dataset, predict_dec\n"
    "from reg_utils import compute_cost, predict, forward_propagation, backward_propagation, update_parameters\n"
)


def own_functions(bundle) -> str:
    """The student's functions, without the `import numpy as np` that functions_only puts first."""
    return authoring.functions_only(bundle.solution_source, bundle.functions).split("\n", 1)[1]


def full_marks(bundle, source, zygote):
    verdict = engine.grade(bundle, source, SEED, zygote)
    return verdict.score == verdict.max_score, (verdict.message, [str(c.message) for c in verdict.checks])


@pytest.mark.parametrize("slug", STEP_BY_STEP)
def test_the_step_by_step_notebook_import_cell_loads(slug, zygote):
    bundle = load_bundle(slug)
    passed, why = full_marks(bundle, STEP_BY_STEP_CELL + own_functions(bundle), zygote)
    assert passed, why


def test_the_regularization_notebook_import_cells_load(zygote):
    bundle = load_bundle("l2-regularization")
    passed, why = full_marks(bundle, REGULARIZATION_CELL + own_functions(bundle), zygote)
    assert passed, why


def test_a_helper_the_exercise_does_not_give_says_so_when_called(zygote):
    bundle = load_bundle("linear-forward")
    source = STEP_BY_STEP_CELL.replace("relu_backward", "relu_backward, load_data") + own_functions(bundle).replace(
        "    Z = np.dot(W, A) + b\n", "    load_data()\n    Z = np.dot(W, A) + b\n"
    )
    verdict = engine.grade(bundle, source, SEED, zygote)
    assert verdict.score < verdict.max_score
    texts = [str(verdict.message)] + [str(c.message) for c in verdict.checks]
    assert any("dnn_utils.load_data()" in text for text in texts), texts


@pytest.mark.parametrize(("slug", "name"), [("two-layer-model", "two_layer_model"), ("l-layer-model", "L_layer_model")])
def test_the_application_notebook_names_its_model_as_it_likes(slug, name, zygote):
    bundle = load_bundle(slug)
    source = bundle.solution_source.replace("def model(", f"def {name}(")
    source = source.replace("    return parameters\n", "    return parameters, [0.69, 0.5, 0.3]\n")
    passed, why = full_marks(bundle, source, zygote)
    assert passed, why


def test_update_parameters_with_the_notebook_deepcopy_needs_no_import(zygote):
    bundle = load_bundle("update-parameters")
    source = own_functions(bundle).replace(
        "    parameters = dict(parameters)\n", "    parameters = copy.deepcopy(parameters)\n"
    )
    assert "copy.deepcopy" in source and "import copy" not in source
    passed, why = full_marks(bundle, source, zygote)
    assert passed, why
