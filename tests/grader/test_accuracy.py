"""Accuracy grading: held-out labels never enter the sandbox; the learning curve reaches the verdict."""

import base64

import numpy as np
from django.utils import translation

from grader import engine
from grader.bank import load_bundle
from grader.datasets import circles
from grader.i18n import render, to_data

from .conftest import SEED


def arrays_in(value):
    if isinstance(value, np.ndarray):
        yield value
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from arrays_in(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from arrays_in(v)


def test_test_labels_never_reach_the_sandbox(zygote):
    bundle = load_bundle("two-layer-model")
    sent = []
    original = zygote.run

    def recording_run(source, calls, limits, hidden_calls=None, **given):
        sent.extend(calls + (hidden_calls or []))
        return original(source, calls, limits, hidden_calls=hidden_calls, **given)

    zygote.run = recording_run
    try:
        verdict = engine.grade(bundle, bundle.solution_source, SEED, zygote)
    finally:
        del zygote.run
    # The checks draw the data set first from the submission's seed: the same draw gives the same labels.
    _X, _Y, X_test, Y_test = circles(np.random.default_rng(SEED), 400, 200)
    arrays = [a for c in sent for a in arrays_in((c.args, c.kwargs))]
    # model() is scored on the network it returns, by the harness: neither X_test nor Y_test goes in.
    for a in arrays:
        assert not (a.size >= Y_test.size and np.array_equal(a.reshape(-1)[: Y_test.size], Y_test.reshape(-1)))
        assert not (a.shape == Y_test.shape and np.array_equal(a, Y_test))
    accuracy = next(c for c in verdict.checks if "model" in c.name)
    assert accuracy.passed and "0.90" in accuracy.message


def test_learning_curve_is_a_png_on_the_verdict(zygote):
    bundle = load_bundle("gradient-descent")
    verdict = engine.grade(bundle, bundle.solution_source, SEED, zygote)
    assert verdict.images and base64.b64decode(verdict.images[0]["png_base64"]).startswith(b"\x89PNG")
    assert "images" in verdict.as_json("gradient-descent")


def test_model_returning_costs_is_accepted_and_its_costs_are_drawn(zygote):
    bundle = load_bundle("l-layer-model")
    source = bundle.solution_source + (
        "\n_train = model\n"
        "def model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):\n"
        "    parameters = _train(X, Y, layers_dims, learning_rate, num_iterations)\n"
        "    return parameters, [0.7, 0.5, 0.3, 0.2]\n"
    )
    verdict = engine.grade(bundle, source, SEED, zygote)
    assert verdict.score == verdict.max_score
    assert len(verdict.images) == 1


def test_probabilities_instead_of_labels_are_explained(zygote):
    bundle = load_bundle("two-layer-model")
    source = next(m.source for m in bundle.mistakes() if m.name == "predict_probabilities")
    with translation.override("en"):
        verdict = engine.grade(bundle, source, SEED, zygote)
        predict = next(c for c in verdict.checks if c.name.startswith("predict") and not c.hidden)
        assert not predict.passed and "predict()" in predict.message and "compare them with 0.5" in predict.message
    # Viewed in pt-BR, with the decimal comma.
    assert "compare-as com 0,5" in render(to_data(predict.message), "pt-br")
    assert next(c for c in verdict.checks if "model" in c.name).passed  # her model is right
