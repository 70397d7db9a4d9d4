"""The gradient check runs on the student's own forward and backward and names what is wrong."""

import numpy as np
from django.utils import translation

from grader import engine
from grader.api import call
from grader.bank import load_bundle
from grader.gradcheck import gradient_check

from .conftest import SEED

SOLUTION = load_bundle("l-model-backward").solution_source
GRADCHECK = "numerical gradient check"  # the msgid: the name is shown in the language of the viewer


def gradient_check_result(zygote, source, slug="l-model-backward"):
    verdict = engine.grade(load_bundle(slug), source, SEED, zygote)
    return next(c for c in verdict.checks if c.name.msgid.startswith(GRADCHECK))


def test_reference_passes_the_gradient_check(zygote):
    assert gradient_check_result(zygote, SOLUTION).passed


def test_wrong_layer_is_named_and_the_others_are_fine(zygote):
    source = SOLUTION + (
        "\n_right = L_model_backward\n"
        "def L_model_backward(AL, Y, caches):\n"
        "    grads = _right(AL, Y, caches)\n"
        "    grads['dW2'] = grads['dW2'] * 1.5\n"
        "    return grads\n"
    )
    result = gradient_check_result(zygote, source)
    assert not result.passed
    assert "dW2" in result.message and "0.2" in result.message  # |0.5 g| / |2.5 g| = 0.2
    assert "dW1, db1, db2, dW3, db3" in result.message
    assert 0 < result.score < result.max_score


def test_only_the_shape_is_wrong(zygote):
    source = SOLUTION + (
        "\n_right = L_model_backward\n"
        "def L_model_backward(AL, Y, caches):\n"
        "    grads = _right(AL, Y, caches)\n"
        "    grads['db1'] = grads['db1'].ravel()\n"
        "    return grads\n"
    )
    result = gradient_check_result(zygote, source)
    assert not result.passed
    assert "db1" in result.message and "(4,)" in result.message
    assert "only the shape" in result.message or "só a forma" in result.message


def test_l2_gradient_check_uses_the_students_own_cost(zygote):
    bundle = load_bundle("l2-regularization")
    # A consistent pair (cost λ/m ΣW², gradient 2λ/m W) passes the gradient check but not the values.
    source = bundle.solution_source.replace("lambd / (2 * m) * squares", "lambd / m * squares").replace(
        "(lambd / m) * W", "(2 * lambd / m) * W"
    )
    verdict = engine.grade(bundle, source, SEED, zygote)
    assert next(c for c in verdict.checks if c.name.msgid.startswith(GRADCHECK)).passed
    assert verdict.score < verdict.max_score


# -- the judge alone, on the costs and gradients a student's code would return ----------------


def judge_gradients(cost, gradients: dict, parameters: dict, **options):
    """The outcome of a gradient check whose forward gives ``cost(θ)`` and whose backward gives ``gradients``."""
    check = gradient_check(
        "gradient check",
        parameters=parameters,
        function="backward",
        analytic=[call("backward")],
        gradients_of=lambda outputs: outputs[0],
        probe=lambda theta: [call("forward", theta)],
        cost_of=lambda outputs: outputs[0],
        **options,
    )
    outputs = [gradients] + [cost(c.args[0]) for c in check.calls[1:]]
    return check.judge(outputs, None, check.calls)


def linear_cost(slopes: dict):
    """J(θ) = 0.7 + Σ slope ⊙ θ: its gradient is the slopes, and its value is a typical cross-entropy."""
    return lambda theta: 0.7 + sum(float(np.sum(slopes[k] * theta[k])) for k in slopes)


RNG = np.random.default_rng(7)
THETA = {"W1": RNG.normal(size=(4, 3)), "b1": RNG.normal(size=(4, 1)), "W2": RNG.normal(size=(1, 4))}


def test_a_right_gradient_as_small_as_the_rounding_noise_passes():
    # A layer behind a unit that is almost dead: its gradient is 1e-9, the noise of (J+ − J−)/2ε about 1e-11,
    # so the relative error alone (about 1e-2) would call a right gradient wrong.
    slopes = {"W1": 1e-9 * RNG.normal(size=(4, 3)), "b1": 1e-9 * RNG.normal(size=(4, 1)), "W2": RNG.normal(size=(1, 4))}
    outcome = judge_gradients(linear_cost(slopes), {"d" + k: v for k, v in slopes.items()}, THETA)
    assert outcome.passed, outcome.message


def test_a_wrong_gradient_fails_even_when_it_is_small():
    slopes = {"W1": 1e-4 * RNG.normal(size=(4, 3)), "b1": 1e-4 * RNG.normal(size=(4, 1)), "W2": RNG.normal(size=(1, 4))}
    grads = {"d" + k: v for k, v in slopes.items()}
    grads["dW1"] = grads["dW1"] * 1.01
    outcome = judge_gradients(linear_cost(slopes), grads, THETA)
    assert not outcome.passed
    assert "dW1" in outcome.message and "db1, dW2" in outcome.message


def test_the_reference_passes_on_the_inputs_that_once_cost_it_points(zygote):
    # Seed 150051438 once gave the reference 8.5/10 through the worker: db1, dW2 and db2 had norms of 1e-5
    # and relative errors of 2e-7 to 4e-7, all rounding noise (‖analytic − numerical‖ ≈ 1e-11).
    verdict = engine.grade(load_bundle("l-model-backward"), SOLUTION, 150051438, zygote)
    assert verdict.score == verdict.max_score, [c.message for c in verdict.checks if not c.passed]


# -- a failure summarizes what the wrong gradients have in common before it lists them --------

SLOPES = {"W1": RNG.normal(size=(4, 3)), "b1": RNG.normal(size=(4, 1)), "W2": RNG.normal(size=(1, 4))}
RIGHT = {"d" + k: v for k, v in SLOPES.items()}


def judged_in_english(gradients: dict, **options):
    with translation.override("en"):
        return judge_gradients(linear_cost(SLOPES), gradients, THETA, **options)


def test_every_gradient_with_the_wrong_sign_is_said_first_with_where_to_look():
    outcome = judged_in_english({k: -v for k, v in RIGHT.items()}, sign_hint="dAL")
    assert not outcome.passed and outcome.credit == 0
    assert "all gradients have the wrong sign: check dAL" in outcome.message
    assert outcome.message.index("wrong sign") < outcome.message.index("dW1: relative error")


def test_every_gradient_off_by_m_names_m():
    outcome = judged_in_english({k: 5 * v for k, v in RIGHT.items()}, examples=5)
    assert "all gradients are off by the same constant factor, ×5 (m = 5" in outcome.message
    outcome = judged_in_english({k: v / 5 for k, v in RIGHT.items()}, examples=5)
    assert "all gradients are off by the same constant factor, ÷5 (m = 5" in outcome.message


def test_one_gradient_off_by_a_factor_is_named_and_the_others_are_fine():
    outcome = judged_in_english({**RIGHT, "dW1": 2 * RIGHT["dW1"]})
    assert "dW1 is off by a constant factor, ×2" in outcome.message
    assert "all gradients" not in outcome.message and "db1, dW2 fine" in outcome.message


def test_transposed_gradients_are_named():
    outcome = judged_in_english({k: v.T for k, v in RIGHT.items()})
    assert "all gradients are transposed" in outcome.message
    outcome = judged_in_english({**RIGHT, "dW1": RIGHT["dW1"].T, "dW2": -RIGHT["dW2"]})
    assert "dW1 is transposed" in outcome.message and "dW2 has the wrong sign" in outcome.message


def test_an_unrelated_wrong_gradient_gets_no_summary():
    outcome = judged_in_english({**RIGHT, "db1": RIGHT["db1"] + 0.3})
    assert outcome.message.startswith("backward(), gradient check: db1: relative error")


def test_a_backward_pass_that_starts_from_minus_dal_is_told_to_check_dal(zygote):
    source = SOLUTION.replace("dAL = -(np.divide(Y, AL)", "dAL = (np.divide(Y, AL)")
    assert source != SOLUTION
    with translation.override("en"):
        result = gradient_check_result(zygote, source)
    assert result.score == 0
    assert "all gradients have the wrong sign: check dAL" in result.message
