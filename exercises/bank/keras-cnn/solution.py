import keras
from keras import layers


def build_model(input_shape, num_classes):
    """Monta e compila uma rede convolucional pequena com keras.Sequential.

    input_shape: forma de um exemplo, aqui (8, 8, 1) (altura, largura, canais).
    num_classes: número de classes (10 dígitos); os rótulos chegam em one-hot.
    Sugestão: keras.Input(shape=input_shape) -> layers.Conv2D(..., activation="relu", padding="same")
    -> layers.MaxPooling2D((2, 2)) -> ... -> layers.Flatten() -> layers.Dense(...)
    -> layers.Dense(num_classes, activation="softmax").
    Compile com optimizer="adam", loss="categorical_crossentropy" e metrics=["accuracy"].
    Devolva o modelo compilado (sem treinar).
    """
    ### BEGIN SOLUTION
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
    ### END SOLUTION
