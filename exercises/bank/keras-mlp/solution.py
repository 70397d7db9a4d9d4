import keras
from keras import layers


def build_model(input_shape, num_classes):
    """MLP pequeno para imagens 8x8 achatadas: Dense(64) -> Dense(32) -> softmax."""
    if isinstance(input_shape, int):
        input_shape = (input_shape,)
    model = keras.Sequential(
        [
            keras.Input(shape=tuple(input_shape)),
            layers.Dense(64, activation="relu"),
            layers.Dense(32, activation="relu"),
            layers.Dense(num_classes, activation="softmax"),
        ]
    )
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
