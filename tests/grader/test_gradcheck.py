"""The gradient check runs on the student's own forward and backward and names what is wrong."""

from grader import engine
from grader.bank import load_bundle

from .conftest import SEED

SOLUTION = load_bundle("l-model-backward").solution_source
GRADCHECK = "verificação numérica do gradiente"


def gradient_check_result(zygote, source, slug="l-model-backward"):
    verdict = engine.grade(load_bundle(slug), source, SEED, zygote)
    return next(c for c in verdict.checks if c.name.startswith(GRADCHECK))


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
    assert "only the shape" in result.message or "só o formato" in result.message


def test_l2_gradient_check_uses_the_students_own_cost(zygote):
    bundle = load_bundle("l2-regularization")
    # A consistent pair (cost λ/m ΣW², gradient 2λ/m W) passes the gradient check but not the values.
    source = bundle.solution_source.replace("lambd / (2 * m) * squares", "lambd / m * squares").replace(
        "(lambd / m) * W", "(2 * lambd / m) * W"
    )
    verdict = engine.grade(bundle, source, SEED, zygote)
    by_name = {c.name: c for c in verdict.checks}
    assert next(c for n, c in by_name.items() if n.startswith(GRADCHECK)).passed
    assert verdict.score < verdict.max_score
