"""The typical student bugs of the issue, and the slides' mistakes, each with the feedback it must get."""

import pytest

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
