import keras
from keras import layers


def build_model(input_shape, num_classes):
    """Monta e compila um perceptron multicamadas com keras.Sequential.

    input_shape: forma de um exemplo, aqui (64,) (uma imagem 8x8 achatada).
    num_classes: número de classes (10 dígitos); os rótulos chegam em one-hot.
    Comece com keras.Input(shape=input_shape), use camadas layers.Dense com ativação "relu" e termine
    com layers.Dense(num_classes, activation="softmax"). Compile com optimizer="adam",
    loss="categorical_crossentropy" e metrics=["accuracy"]. Devolva o modelo compilado (sem treinar).
    """
    ### BEGIN SOLUTION
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
    ### END SOLUTION
