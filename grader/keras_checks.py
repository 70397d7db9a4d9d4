"""Keras exercises: the harness trains the student's compiled model with a fixed budget inside a
TensorFlow process of the Keras pool and scores its predictions on held-out data outside it.

The accuracy check sends the training set (one-hot labels) and the test *inputs*; the test labels
stay in the judge's closure. The loss per epoch comes back with the predictions and is drawn as the
learning curve.

The structure checks judge what the module teaches, which accuracy alone hides (a model compiled
with mean_squared_error still learns the digits): the loss fits the one-hot labels, the output layer
has one unit per class and a softmax, a CNN has a Conv2D. The pool's ``@keras_describe`` builds the
model and returns a small JSON description of it (tfworker.py); the judges read only that.
"""

import numpy as np

from .accuracy import learning_curve_png
from .api import Check, call
from .compare import describe_type
from .i18n import _, ngettext
from .outcome import Outcome, fail

PROCEDURE = "@keras_fit_predict"
DESCRIBE = "@keras_describe"
# Two-dimensional convolutions of Keras: any of them makes a network convolutional.
CONV2D = frozenset({"Conv2D", "SeparableConv2D", "DepthwiseConv2D"})


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


# -- what build_model() compiled ------------------------------------------------------------------


def keras_structure_checks(
    input_shape: tuple,
    num_classes: int,
    *,
    seed: int,
    loss_weight: float = 1.0,
    output_weight: float = 1.0,
    conv_weight: float | None = None,
) -> list[Check]:
    """The loss, the output layer and (with ``conv_weight``) a Conv2D, judged from the description of
    ``build_model(input_shape, num_classes)``. The labels are one-hot, as the accuracy check sends them."""
    described = call(DESCRIBE, tuple(int(n) for n in input_shape), int(num_classes), seed=seed)
    checks = [
        Check(_("loss for one-hot labels"), described, _described(_judge_loss), weight=loss_weight, reference=False),
        Check(
            _("output layer: {k} units and softmax").format(k=num_classes),
            described,
            _described(lambda d: _judge_output(d, num_classes)),
            weight=output_weight,
            reference=False,
        ),
    ]
    if conv_weight is not None:
        checks.append(
            Check(
                _("at least one Conv2D layer"), described, _described(_judge_conv), weight=conv_weight, reference=False
            )
        )
    return checks


def _described(judge_description):
    def judge(got, _expected, _calls):
        description = got[0]
        if not isinstance(description, dict) or not isinstance(description.get("losses"), list):
            return fail("type", _("the model could not be described ({got})").format(got=describe_type(description)))
        return judge_description(description)

    return judge


def _losses(description: dict) -> list[tuple[str, bool]]:
    return [
        (str(loss.get("name")), loss.get("from_logits") is True)
        for loss in description["losses"]
        if isinstance(loss, dict)
    ]


def _judge_loss(description: dict) -> Outcome:
    losses = _losses(description)
    if len(losses) != 1:
        return fail(
            "values", _("build_model(): the model should be compiled with one loss, got {n}").format(n=len(losses))
        )
    name, from_logits = losses[0]
    if name == "categorical_crossentropy":
        text = _("loss categorical_crossentropy, right for one-hot labels")
        return Outcome(True, text + (" (from_logits=True)" if from_logits else ""))
    return fail("values", _wrong_loss(name))


def _wrong_loss(name: str) -> str:
    if name == "None":
        return _(
            "build_model(): the model was compiled without a loss; "
            'for one-hot labels use loss="categorical_crossentropy"'
        )
    if name == "sparse_categorical_crossentropy":
        return _(
            "build_model(): the loss is sparse_categorical_crossentropy, which expects integer labels, "
            'but the labels here are one-hot: use loss="categorical_crossentropy"'
        )
    if name == "binary_crossentropy":
        return _(
            "build_model(): the loss is binary_crossentropy, which treats each output as a separate yes/no "
            'question; for one class out of several, with one-hot labels, use loss="categorical_crossentropy"'
        )
    if name in ("mean_squared_error", "mean_absolute_error"):
        return _(
            "build_model(): the loss is {name}, a regression loss: it measures distances between numbers, "
            'not how likely the right class is; for one-hot labels use loss="categorical_crossentropy"'
        ).format(name=name)
    return _('build_model(): the loss is {name}; for one-hot labels use loss="categorical_crossentropy"').format(
        name=name[:100]
    )


def _judge_output(description: dict, num_classes: int) -> Outcome:
    layer = description.get("output_layer") if isinstance(description.get("output_layer"), dict) else {}
    shape = description.get("output_shape")
    units = shape[-1] if isinstance(shape, list) and shape else layer.get("units")
    if units != num_classes or (isinstance(shape, list) and len(shape) != 2):
        shown = tuple(shape) if isinstance(shape, list) else units
        return fail(
            "shape",
            _(
                "build_model(): the model's output has shape {shape}; it should be (None, {k}), "
                "one probability per class: end with Dense(num_classes)"
            ).format(shape=shown, k=num_classes),
        )
    activation = str(layer.get("activation"))
    if any(logits for _name, logits in _losses(description)):
        if activation == "linear":
            text = _("{k} units without activation: the loss applies softmax (from_logits=True)")
            return Outcome(True, text.format(k=num_classes))
        return fail(
            "values",
            _(
                "build_model(): the loss has from_logits=True, so it applies softmax itself, but the last layer "
                "already applies {activation}: leave the last layer linear, or use softmax with from_logits=False"
            ).format(activation=activation[:100]),
        )
    if activation == "softmax":
        return Outcome(True, _("{k} units with softmax").format(k=num_classes))
    return fail("values", _wrong_activation(activation, num_classes))


def _wrong_activation(activation: str, num_classes: int) -> str:
    if activation in ("linear", "None"):
        return _(
            "build_model(): the last layer has no activation, so its outputs are not probabilities: "
            'use activation="softmax" (or from_logits=True in the loss)'
        )
    if activation == "sigmoid":
        return _(
            "build_model(): the last layer uses sigmoid, which gives each class its own probability, and these "
            'do not add up to 1; for one class out of {k} use activation="softmax"'
        ).format(k=num_classes)
    return _(
        "build_model(): the last layer uses {activation}, so its outputs are not a probability distribution: "
        'use activation="softmax"'
    ).format(activation=activation[:100])


def _judge_conv(description: dict) -> Outcome:
    layers = [str(name) for name in description.get("layers") or []]
    convolutions = sum(name in CONV2D for name in layers)
    if convolutions:
        text = ngettext("{n} convolutional layer (Conv2D)", "{n} convolutional layers (Conv2D)", convolutions)
        return Outcome(True, text.format(n=convolutions))
    return fail(
        "values",
        _(
            "build_model(): the model has no Conv2D layer (its layers: {layers}); a convolutional network "
            "learns filters with layers.Conv2D before Flatten and the Dense layers"
        ).format(layers=", ".join(layers[:20]) or "-"),
    )
