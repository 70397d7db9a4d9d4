"""keras-mlp: build_model(input_shape, num_classes) for flattened 8×8 digits, trained by the harness."""

from grader.keras_checks import digits, keras_accuracy_check


def checks(ctx):
    data = digits(ctx.rng, images=False)
    return [
        keras_accuracy_check(
            "acurácia nos dígitos de teste (15 épocas)",
            data,
            num_classes=10,
            epochs=15,
            batch_size=32,
            threshold=0.90,
            seed=ctx.seed,
        ),
    ]
