"""keras-mlp: build_model(input_shape, num_classes) for flattened 8×8 digits, trained by the harness.

Accuracy alone would pass a model compiled with mean_squared_error or a sigmoid output (both still
learn the digits), so the loss and the output layer carry six of the ten points.
"""

from grader.keras_checks import held_out_or_digits, keras_accuracy_check, keras_structure_checks


def checks(ctx):
    data = held_out_or_digits(ctx, images=False)
    num_classes = int(max(data[1].max(), data[3].max())) + 1
    return [
        keras_accuracy_check(
            "acurácia nos dígitos de teste (15 épocas)",
            data,
            num_classes=num_classes,
            epochs=15,
            batch_size=32,
            threshold=0.90,
            seed=ctx.seed,
            weight=4,
        ),
        *keras_structure_checks(data[0].shape[1:], num_classes, seed=ctx.seed, loss_weight=3, output_weight=3),
    ]
