"""The typical student bugs of the issue, and the slides' mistakes, each with the feedback it must get."""

import pytest
from django.utils import translation

from grader import engine
from grader.bank import load_bundle

from .conftest import SEED


def grade(zygote, slug, source, seed=SEED):
    return engine.grade(load_bundle(slug), source, seed, zygote)


def failed_messages(verdict):
    return " | ".join(c.message for c in verdict.checks if not c.passed)


def mistake(slug, name):
    return next(m.source for m in load_bundle(slug).mistakes() if m.name == name)


@pytest.mark.parametrize(
    ("slug", "name", "expected"),
    [
        ("linear-backward", "db_without_keepdims", "(3, 1)"),  # shape without keepdims
        ("linear-backward", "not_divided_by_m", "linear_backward()[1]"),  # dW, db not divided by m
        ("compute-cost", "wrong_sign", "compute_cost()"),  # wrong sign of the cost
        ("l-model-backward", "off_by_one_keys", "dW2"),  # off-by-one layer index
        ("cross-entropy", "log10", "cross_entropy()"),  # log10 in cross-entropy
        ("compute-cost", "shape_1x1", "(1, 1)"),  # a (1, 1) array is not a scalar
    ],
)
def test_typical_bug_is_explained(zygote, slug, name, expected):
    verdict = grade(zygote, slug, mistake(slug, name))
    assert verdict.score < verdict.max_score
    assert expected in failed_messages(verdict)


def test_batchnorm_without_keepdims_is_rejected(zygote):
    source = (
        "import numpy as np\n"
        "def batchnorm_forward(Z, gamma, beta, eps):\n"
        "    mu = np.mean(Z, axis=1)\n"
        "    var = np.var(Z, axis=1)\n"
        "    Z_norm = (Z - mu) / np.sqrt(var + eps)\n"
        "    return gamma * Z_norm + beta, None\n"
    )
    verdict = grade(zygote, "batchnorm-forward", source)
    assert verdict.score < verdict.max_score
    assert "batchnorm_forward" in failed_messages(verdict) + verdict.message


@pytest.mark.parametrize(
    ("slug", "name", "expected"),
    [
        ("l-model-forward", "slides_index_bug", "KeyError"),
        ("dropout", "slides_randn_mask", "keep_prob = 0.5"),  # keeps ~69% at keep_prob 0.5
        ("batchnorm-forward", "slides_divide_by_variance", "Z_tilde"),
        ("l2-regularization", "slides_decay_factor", "dW1"),
        ("adam", "slides_epsilon_inside_sqrt", "update_parameters_with_adam()"),
        ("softmax", "naive_overflow", "softmax()"),
    ],
)
def test_slides_mistake_is_rejected(zygote, slug, name, expected):
    verdict = grade(zygote, slug, mistake(slug, name))
    assert verdict.score < verdict.max_score
    assert expected in verdict.message + failed_messages(verdict)


def test_padded_convolution_follows_the_input_not_the_printed_slide(zygote):
    verdict = grade(zygote, "conv2d-forward", load_bundle("conv2d-forward").solution_source)
    assert verdict.score == verdict.max_score
    bundle = load_bundle("conv2d-forward")
    import numpy as np

    checks = bundle.checks_module
    out = bundle.reference.conv2d(checks.IMAGE, checks.KERNEL, stride=2, padding=1)
    assert np.array_equal(out, [[6, 17, 3], [8, 17, 13], [6, 4, 4]])


# The notebooks' conventions that are harmless are accepted; the ones that change the result are explained.

ADAM_NOTEBOOK_STYLE = """
import numpy as np

def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8):
    v_hat, s_hat = {}, {}
    for l in range(1, len(parameters) // 2 + 1):
        for p in ("W", "b"):
            g = "d" + p + str(l)
            v[g] = beta1 * v[g] + (1 - beta1) * grads[g]
            s[g] = beta2 * s[g] + (1 - beta2) * grads[g] ** 2
            v_hat[g] = v[g] / (1 - beta1 ** t)
            s_hat[g] = s[g] / (1 - beta2 ** t)
            parameters[p + str(l)] -= learning_rate * v_hat[g] / (np.sqrt(s_hat[g]) + epsilon)
    return parameters, v, s, v_hat, s_hat
"""

DROPOUT_WITH_NP_RANDOM = """
import numpy as np

def dropout_forward(A, keep_prob, rng):
    D = (np.random.rand(A.shape[0], A.shape[1]) < keep_prob).astype(int)
    return A * D / keep_prob, D
"""

SOFTMAX_OVER_ROWS = """
import numpy as np

def softmax(x):
    e = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)
"""


def test_adam_returning_the_notebooks_five_values_updated_in_place_gets_full_marks(zygote):
    verdict = grade(zygote, "adam", ADAM_NOTEBOOK_STYLE)
    assert verdict.score == verdict.max_score, failed_messages(verdict)


def test_dropout_with_np_random_and_an_int_mask_gets_full_marks(zygote):
    verdict = grade(zygote, "dropout", DROPOUT_WITH_NP_RANDOM)
    assert verdict.score == verdict.max_score, failed_messages(verdict)


def test_softmax_over_rows_is_told_to_normalize_each_column(zygote):
    with translation.override("en"):
        verdict = grade(zygote, "softmax", SOFTMAX_OVER_ROWS)
    assert verdict.score < verdict.max_score
    assert "axis 0" in failed_messages(verdict)


@pytest.mark.parametrize("seed", range(5))
def test_the_slides_dropout_mask_is_named_under_any_seed(zygote, seed):
    with translation.override("en"):
        verdict = grade(zygote, "dropout", mistake("dropout", "slides_randn_mask"), seed=seed)
    assert verdict.score <= 0.4 * verdict.max_score
    assert "uniform distribution" in failed_messages(verdict)
