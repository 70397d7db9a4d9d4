# mistake: output layer with a single sigmoid unit, ignoring num_classes (shape clash with one-hot labels); blames: build_model
import keras
from keras import layers


def build_model(input_shape, num_classes):
    if isinstance(input_shape, int):
        input_shape = (input_shape,)
    model = keras.Sequential([
        keras.Input(shape=tuple(input_shape)),
        layers.Dense(64, activation="relu"),
        layers.Dense(32, activation="relu"),
        layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
