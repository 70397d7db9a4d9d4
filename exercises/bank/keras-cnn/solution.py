import keras
from keras import layers


def build_model(input_shape, num_classes):
    """CNN pequena para imagens 8x8x1: duas Conv2D + MaxPooling2D, Flatten, Dense e softmax."""
    model = keras.Sequential(
        [
            keras.Input(shape=tuple(input_shape)),
            layers.Conv2D(16, kernel_size=(3, 3), activation="relu", padding="same"),
            layers.MaxPooling2D(pool_size=(2, 2)),
            layers.Conv2D(32, kernel_size=(3, 3), activation="relu", padding="same"),
            layers.MaxPooling2D(pool_size=(2, 2)),
            layers.Flatten(),
            layers.Dense(64, activation="relu"),
            layers.Dense(num_classes, activation="softmax"),
        ]
    )
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
