"""Keras exercises: the harness trains the student's compiled model with a fixed budget inside a
TensorFlow process of the Keras pool and scores its predictions on held-out data outside it.

The check sends the training set (one-hot labels) and the test *inputs*; the test labels stay in the
judge's closure. The loss per epoch comes back with the predictions and is drawn as the learning curve.
"""

import numpy as np

from .accuracy import learning_curve_png
from .api import Check, call
from .compare import describe_type
from .i18n import _
from .outcome import Outcome, fail

PROCEDURE = "@keras_fit_predict"


def digits(rng: np.random.Generator, *, images: bool, test_size: int = 450):
    """scikit-learn's 8×8 digits (1,797 images, installed with the package), pixels scaled to [0, 1],
    split at random by the submission's seed. Images as (n, 8, 8, 1) or flattened to (n, 64)."""
    from sklearn.datasets import load_digits

    data = load_digits()
    x = (data.images / 16.0).astype(np.float32)
    x = x[..., np.newaxis] if images else x.reshape(len(x), -1)
    order = rng.permutation(len(x))
    test, train = order[:test_size], order[test_size:]
    return x[train], data.target[train], x[test], data.target[test]


def held_out_or_digits(ctx, *, images: bool):
    """The instructor's uploaded data set when the exercise has one, else the digits. Uploaded images
    are scaled to [0, 1] when they are bytes, and shaped for the exercise: (n, h, w, c) or flattened."""
    if not ctx.dataset:
        return digits(ctx.rng, images=images)

    def shaped(x):
        x = x.astype(np.float32) / (255.0 if x.dtype == np.uint8 else 1.0)
        if images and x.ndim == 3:
            return x[..., np.newaxis]
        return x if images else x.reshape(len(x), -1)

    arrays = ctx.dataset
    return (
        shaped(arrays["x_train"]),
        arrays["y_train"].astype(int),
        shaped(arrays["x_test"]),
        arrays["y_test"].astype(int),
    )


def one_hot(labels: np.ndarray, num_classes: int) -> np.ndarray:
    return np.eye(num_classes, dtype=np.float32)[labels]


def keras_accuracy_check(
    name: str,
    data: tuple,
    *,
    num_classes: int,
    epochs: int,
    batch_size: int,
    threshold: float,
    seed: int,
    chance: float = 0.1,
    weight: float = 1.0,
    hidden: bool = False,
) -> Check:
    x_train, y_train, x_test, y_test = data
    labels = np.asarray(y_test).copy()  # kept here, in the harness
    budget = call(
        PROCEDURE,
        tuple(x_train.shape[1:]),
        num_classes,
        x_train,
        one_hot(y_train, num_classes),
        x_test,
        epochs=epochs,
        batch_size=batch_size,
        seed=seed,
    )

    def judge(got, _expected, _calls):
        result = got[0]
        if not isinstance(result, dict) or "predictions" not in result:
            return fail("type", _("the training run returned {got}").format(got=describe_type(result)))
        predictions = result["predictions"]
        expected_shape = (labels.size, num_classes)
        if not isinstance(predictions, np.ndarray) or predictions.shape != expected_shape:
            shape = getattr(predictions, "shape", None)
            return fail(
                "shape",
                _(
                    "the model's output for {n} test images should have shape {expected}, got {got}; "
                    'is the last layer Dense({k}, activation="softmax")?'
                ).format(n=labels.size, expected=expected_shape, got=shape, k=num_classes),
            )
        losses = [v for v in result.get("loss", []) if isinstance(v, float) and np.isfinite(v)]
        images = (
            (
                {
                    "name": _("learning curve"),
                    "png_base64": learning_curve_png(list(range(1, len(losses) + 1)), losses, _("loss per epoch")),
                },
            )
            if len(losses) >= 2
            else ()
        )
        accuracy = float(np.mean(np.argmax(predictions, axis=1) == labels))
        values = {"accuracy": accuracy, "threshold": threshold, "n": labels.size, "epochs": epochs}
        if accuracy >= threshold:
            return Outcome(
                True,
                _(
                    "accuracy {accuracy:.3f} on {n} test images after {epochs} epochs (threshold {threshold:.2f})"
                ).format(**values),
                images=images,
            )
        fraction = max(0.0, (accuracy - chance) / (threshold - chance))
        return Outcome(
            False,
            _(
                "accuracy {accuracy:.3f} on {n} test images after {epochs} epochs is below the "
                "threshold {threshold:.2f}"
            ).format(**values),
            "accuracy",
            fraction=min(fraction, 0.99),
            images=images,
        )

    return Check(name, budget, judge, weight=weight, hidden=hidden, reference=False)
