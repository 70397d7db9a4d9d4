"""keras-mlp: build_model(input_shape, num_classes) for flattened 8×8 digits, trained by the harness."""

from grader.keras_checks import held_out_or_digits, keras_accuracy_check


def checks(ctx):
    data = held_out_or_digits(ctx, images=False)
    return [
        keras_accuracy_check(
            "acurácia nos dígitos de teste (15 épocas)",
            data,
            num_classes=int(max(data[1].max(), data[3].max())) + 1,
            epochs=15,
            batch_size=32,
            threshold=0.90,
            seed=ctx.seed,
        ),
    ]
