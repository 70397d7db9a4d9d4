"""The Keras exercises through the real pool of TensorFlow processes: the reference and correct
variants get full marks; every mistake loses points, and its feedback says what is wrong, even when
the model still learns the digits (a regression loss, a sigmoid output, no convolution)."""

import pytest
from django.utils import translation

from grader import engine
from grader.bank import load_bundle
from grader.sandbox.client import TFPOOL, Zygote, temporary_config

from .conftest import SEED, private_uid_base

KERAS = ("keras-mlp", "keras-cnn")


@pytest.fixture(scope="module")
def keras_pool():
    env = (("KERAS_DEVICE", "cpu"), ("TF_CPP_MIN_LOG_LEVEL", "3"), ("KERAS_BACKEND", "tensorflow"))
    with Zygote(temporary_config(uid_base=private_uid_base(), slots=2, script=TFPOOL, extra_env=env)) as pool:
        yield pool


def grade(slug: str, source: str, pool) -> engine.Verdict:
    with translation.override("en"):
        return engine.grade(load_bundle(slug), source, SEED, pool)


def failures(verdict: engine.Verdict) -> str:
    return " | ".join([str(verdict.message)] + [f"{c.name}: {c.message}" for c in verdict.checks if not c.passed])


def mistakes():
    for slug in KERAS:
        for mistake in load_bundle(slug).mistakes():
            yield pytest.param(slug, mistake, id=f"{slug}/{mistake.name}")


@pytest.mark.parametrize("slug", KERAS)
def test_reference_gets_full_marks_and_starter_fails(slug, keras_pool):
    bundle = load_bundle(slug)
    reference = grade(slug, bundle.solution_source, keras_pool)
    assert reference.status == engine.GRADED, reference.message
    assert reference.score == reference.max_score, failures(reference)
    starter = grade(slug, bundle.starter, keras_pool)
    assert starter.score == 0, failures(starter)


@pytest.mark.parametrize(("slug", "mistake"), list(mistakes()))
def test_mistake_loses_at_least_a_fifth_and_says_why(slug, mistake, keras_pool):
    # A regression loss, a sigmoid output or a missing Conv2D still learn the digits: the accuracy
    # check passes, and the check that names the mistake must cost a clear share on its own.
    verdict = grade(slug, mistake.source, keras_pool)
    assert verdict.score <= 0.8 * verdict.max_score, failures(verdict)
    texts = failures(verdict)
    assert mistake.blames in texts, texts
    for language, words in mistake.says:
        if language == "en":
            assert words in texts, texts


MLP_FROM_LOGITS = """import keras
from keras import layers


def build_model(input_shape, num_classes):
    inputs = keras.Input(shape=input_shape)
    hidden = layers.Dense(48, activation="relu")(inputs)
    logits = layers.Dense(num_classes)(hidden)
    model = keras.Model(inputs, logits)
    model.compile(optimizer=keras.optimizers.Adam(0.003),
                  loss=keras.losses.CategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
    return model
"""

MLP_SOFTMAX_LAYER = """import keras
import tensorflow as tf
from keras import layers


def build_model(input_shape, num_classes):
    body = keras.Sequential([layers.Dense(64, activation=tf.nn.relu), layers.Dense(num_classes)])
    model = keras.Sequential([keras.Input(shape=input_shape), body, layers.Activation("softmax")])
    model.compile(optimizer="adam", loss=keras.losses.categorical_crossentropy)
    return model
"""

CNN_SEPARABLE = """import keras
from keras import layers


def build_model(input_shape, num_classes):
    model = keras.Sequential([
        keras.Input(shape=input_shape),
        layers.SeparableConv2D(16, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(),
        layers.Flatten(),
        layers.Dense(num_classes),
        layers.Softmax(),
    ])
    model.compile(optimizer="adam", loss="CategoricalCrossentropy", metrics=["accuracy"])
    return model
"""


@pytest.mark.parametrize(
    ("slug", "source"),
    [("keras-mlp", MLP_FROM_LOGITS), ("keras-mlp", MLP_SOFTMAX_LAYER), ("keras-cnn", CNN_SEPARABLE)],
    ids=["logits-and-from_logits", "nested-model-and-softmax-layer", "separable-conv-and-loss-class-name"],
)
def test_other_correct_ways_to_write_the_model_get_full_marks(slug, source, keras_pool):
    verdict = grade(slug, source, keras_pool)
    assert verdict.score == verdict.max_score, failures(verdict)
