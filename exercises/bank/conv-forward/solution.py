import numpy as np


def conv_forward(A_prev, W, b, hparameters):
    """Propagação para frente de uma camada convolucional.

    A_prev: (m, n_H_prev, n_W_prev, n_C_prev), as ativações da camada anterior;
    W: (f, f, n_C_prev, n_C), um filtro f × f × n_C_prev para cada canal de saída;
    b: (1, 1, 1, n_C), um viés por canal de saída; hparameters: {"stride": s, "pad": p}.
    Acrescente p zeros em cima, embaixo, à esquerda e à direita de cada imagem (só nos eixos 1 e 2).
    Z[i, h, w, c] = soma de A_pad[i, h*s : h*s + f, w*s : w*s + f, :] * W[:, :, :, c], mais b[0, 0, 0, c]
    (correlação cruzada: não inverta o filtro).
    Devolve (Z, cache): Z com forma (m, n_H, n_W, n_C), n_H = (n_H_prev + 2p - f) // s + 1 e
    n_W = (n_W_prev + 2p - f) // s + 1; cache = (A_prev, W, b, hparameters) (não é avaliado).
    """
    ### BEGIN SOLUTION
    stride, pad = hparameters["stride"], hparameters["pad"]
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    f, n_C = W.shape[0], W.shape[3]
    n_H = (n_H_prev + 2 * pad - f) // stride + 1
    n_W = (n_W_prev + 2 * pad - f) // stride + 1
    A_pad = np.pad(A_prev, ((0, 0), (pad, pad), (pad, pad), (0, 0)), mode="constant", constant_values=0.0)
    Z = np.zeros((m, n_H, n_W, n_C))
    for h in range(n_H):
        top = h * stride
        for w in range(n_W):
            left = w * stride
            window = A_pad[:, top : top + f, left : left + f, :]
            Z[:, h, w, :] = np.tensordot(window, W, axes=([1, 2, 3], [0, 1, 2]))
    Z = Z + b.reshape(1, 1, 1, n_C)
    cache = (A_prev, W, b, hparameters)
    return Z, cache
    ### END SOLUTION
