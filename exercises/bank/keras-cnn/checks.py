"""keras-cnn: build_model(input_shape, num_classes) for 8×8×1 digit images, trained by the harness."""

from grader.keras_checks import held_out_or_digits, keras_accuracy_check


def checks(ctx):
    data = held_out_or_digits(ctx, images=True)
    return [
        keras_accuracy_check(
            "acurácia nos dígitos de teste (12 épocas)",
            data,
            num_classes=int(max(data[1].max(), data[3].max())) + 1,
            epochs=12,
            batch_size=32,
            threshold=0.90,
            seed=ctx.seed,
        ),
    ]
