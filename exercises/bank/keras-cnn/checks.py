"""keras-cnn: build_model(input_shape, num_classes) for 8×8×1 digit images, trained by the harness.

Accuracy alone would pass a perceptron without convolutions, a model compiled with
mean_squared_error or a sigmoid output (all still learn the digits), so the Conv2D, the loss and the
output layer carry seven of the ten points.
"""

from grader.keras_checks import held_out_or_digits, keras_accuracy_check, keras_structure_checks


def checks(ctx):
    data = held_out_or_digits(ctx, images=True)
    num_classes = int(max(data[1].max(), data[3].max())) + 1
    return [
        keras_accuracy_check(
            "acurácia nos dígitos de teste (12 épocas)",
            data,
            num_classes=num_classes,
            epochs=12,
            batch_size=32,
            threshold=0.90,
            seed=ctx.seed,
            weight=3,
        ),
        *keras_structure_checks(
            data[0].shape[1:], num_classes, seed=ctx.seed, loss_weight=2.5, output_weight=2, conv_weight=2.5
        ),
    ]
