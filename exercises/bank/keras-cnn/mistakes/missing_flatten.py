# mistake: no Flatten before the dense layers, so the output is (None, 2, 2, num_classes) instead of (None, num_classes); blames: build_model
import keras
from keras import layers


def build_model(input_shape, num_classes):
    model = keras.Sequential([
        keras.Input(shape=tuple(input_shape)),
        layers.Conv2D(16, kernel_size=(3, 3), activation="relu", padding="same"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Conv2D(32, kernel_size=(3, 3), activation="relu", padding="same"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Dense(64, activation="relu"),
        layers.Dense(num_classes, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
