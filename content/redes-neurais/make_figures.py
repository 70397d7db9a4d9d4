"""Gera as figuras SVG das lições do curso "Redes Neurais e Deep Learning".

Uso (a partir da raiz do repositório):

    .venv/bin/python content/redes-neurais/make_figures.py

A saída é determinística: ``svg.hashsalt`` é fixo e os metadados de data
são omitidos, de modo que rodar o script duas vezes produz arquivos iguais.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import matplotlib.ticker
import numpy as np

HERE = Path(__file__).resolve().parent
MODULES = HERE / "modules"

plt.rcParams.update(
    {
        "svg.hashsalt": "redes-neurais",
        "svg.fonttype": "path",
        "font.size": 10,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "figure.dpi": 100,
    }
)


def module_dir(prefix: str) -> Path:
    """Devolve a pasta figures/ do módulo cujo nome começa com ``prefix``."""
    matches = sorted(p for p in MODULES.glob(prefix + "-*") if p.is_dir())
    if len(matches) != 1:
        raise SystemExit(f"esperava uma pasta de módulo {prefix}-*, achei {matches}")
    out = matches[0] / "figures"
    out.mkdir(exist_ok=True)
    return out


def br(v: float, fmt: str = "{:g}") -> str:
    """Número no formato pt-BR: vírgula decimal e sinal de menos tipográfico."""
    return fmt.format(v).replace("-", "\u2212").replace(".", ",")


def save(fig, prefix: str, name: str) -> None:
    # Eixos numéricos com vírgula decimal (os eixos de categorias ficam como estão).
    formatter = matplotlib.ticker.FuncFormatter(lambda v, _pos: br(round(v, 6)))
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if isinstance(axis.get_major_formatter(), matplotlib.ticker.ScalarFormatter):
                axis.set_major_formatter(formatter)
    path = module_dir(prefix) / name
    fig.savefig(path, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    print("escrito", path.relative_to(HERE))


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


# --------------------------------------------------------------- módulo 01
def fig_sigmoid_step() -> None:
    x = np.linspace(-6, 6, 601)
    fig, ax = plt.subplots(figsize=(6, 3.4))
    step = np.where(x >= 0, 1.0, 0.0)
    ax.plot(x[x < 0], step[x < 0], color="tab:red", lw=2, label="degrau (discreto)")
    ax.plot(x[x >= 0], step[x >= 0], color="tab:red", lw=2)
    ax.plot([0], [1], "o", color="tab:red")
    ax.plot([0], [0], "o", mfc="white", color="tab:red")
    ax.plot(x, sigmoid(x), color="tab:blue", lw=2, label=r"sigmoide $\sigma(x)$ (contínua)")
    ax.axhline(0.5, color="gray", ls=":", lw=1)
    ax.set_xlabel("pontuação $t = Wx + b$")
    ax.set_ylabel("saída (previsão)")
    ax.set_title("Função degrau × função sigmoide")
    ax.set_ylim(-0.08, 1.08)
    ax.legend(loc="lower right")
    save(fig, "01", "sigmoid-step.svg")


# --------------------------------------------------------------- módulo 02
def fig_menos_log() -> None:
    p = np.linspace(0.02, 1.0, 300)
    fig, ax = plt.subplots(figsize=(6, 3.4))
    ax.plot(p, -np.log(p), color="tab:purple", lw=2)
    for v in (0.1, 0.2, 0.6, 0.7, 0.8, 0.9):
        ax.plot([v], [-np.log(v)], "o", color="black", ms=4)
        ax.annotate(
            br(-np.log(v), "{:.2f}"),
            (v, -np.log(v)),
            textcoords="offset points",
            xytext=(4, 6),
            fontsize=8,
        )
    ax.set_xlabel("probabilidade atribuída à classe correta")
    ax.set_ylabel(r"$-\ln(p)$ (contribuição para o erro)")
    ax.set_title("Probabilidade alta, erro pequeno")
    save(fig, "02", "menos-log.svg")


# --------------------------------------------------------------- módulo 04
def fig_xor() -> None:
    fig, axes = plt.subplots(1, 3, figsize=(10, 3.5), sharey=True)
    g = np.linspace(-0.5, 1.5, 201)
    pts = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    labels = np.array([0, 1, 1, 0])
    # Regiões onde cada perceptron responde 1 (faixas entre retas, dentro da caixa).
    or_low = np.maximum(0.5 - g, -0.5)
    nand_high = np.minimum(1.5 - g, 1.5)
    regions = [
        (or_low, np.full_like(g, 1.5), "OR: $x_1 + x_2 - 0{,}5 \\geq 0$"),
        (np.full_like(g, -0.5), nand_high, "NAND: $-x_1 - x_2 + 1{,}5 \\geq 0$"),
        (or_low, nand_high, "XOR = AND(OR, NAND)"),
    ]
    for ax, (low, high, title) in zip(axes, regions):
        ax.set_facecolor("#f6d5d5")
        ax.fill_between(g, low, high, color="#d5e3f6", lw=0)
        for (a, b), lab in zip(pts, labels):
            ax.plot(
                a,
                b,
                "o" if lab else "s",
                ms=11,
                color="tab:blue" if lab else "tab:red",
                mec="black",
            )
        ax.set_title(title, fontsize=9)
        ax.set_xlabel("$x_1$")
        ax.set_xlim(-0.5, 1.5)
        ax.set_ylim(-0.5, 1.5)
        ax.set_aspect("equal")
    axes[0].set_ylabel("$x_2$")
    fig.suptitle(
        "XOR: círculos azuis = saída 1, quadrados vermelhos = saída 0; região azul = perceptron diz 1",
        fontsize=9,
    )
    save(fig, "04", "xor.svg")


# --------------------------------------------------------------- módulo 05
def fig_softmax() -> None:
    z = np.array([2.0, 1.0, 0.0])
    p = np.exp(z - z.max())
    p /= p.sum()
    names = ["pato", "castor", "morsa"]
    fig, axes = plt.subplots(1, 2, figsize=(8, 3.2))
    bars0 = axes[0].bar(names, z, color="tab:gray")
    for b, v in zip(bars0, z):
        axes[0].text(b.get_x() + b.get_width() / 2, v + 0.05, br(v), ha="center")
    axes[0].set_ylim(0, 2.4)
    axes[0].set_ylabel("pontuação $z_i$")
    axes[0].set_title("Pontuações (antes da softmax)")
    bars = axes[1].bar(names, p, color=["tab:blue", "tab:orange", "tab:green"])
    for b, v in zip(bars, p):
        axes[1].text(b.get_x() + b.get_width() / 2, v + 0.02, br(v, "{:.2f}"), ha="center")
    axes[1].set_ylim(0, 0.8)
    axes[1].set_ylabel("probabilidade $P(\\mathrm{classe}\\ i)$")
    axes[1].set_title("Depois da softmax (soma = 1)")
    for ax in axes:
        ax.set_xlabel("classe")
    save(fig, "05", "softmax-barras.svg")


# --------------------------------------------------------------- módulo 06
def fig_entropia() -> None:
    p = np.linspace(0.001, 0.999, 500)
    h = -(p * np.log2(p) + (1 - p) * np.log2(1 - p))
    fig, ax = plt.subplots(figsize=(6, 3.4))
    ax.plot(p, h, color="tab:green", lw=2)
    for v in (0.5, 0.8):
        hv = -(v * np.log2(v) + (1 - v) * np.log2(1 - v))
        ax.plot([v], [hv], "o", color="black")
        label = "H = 1 bit" if abs(hv - 1) < 1e-9 else "H = " + br(hv, "{:.2f}") + " bits"
        ax.annotate(label, (v, hv), textcoords="offset points", xytext=(6, -14))
    ax.set_xlabel("$p$ (probabilidade do primeiro resultado)")
    ax.set_ylabel("entropia $H$ (bits)")
    ax.set_title("Entropia de uma distribuição $[p,\\ 1-p]$")
    save(fig, "06", "entropia-binaria.svg")


# --------------------------------------------------------------- módulo 07
def fig_ativacoes() -> None:
    x = np.linspace(-4, 4, 801)
    funcs = [
        ("sigmoide", sigmoid(x), sigmoid(x) * (1 - sigmoid(x))),
        ("tanh", np.tanh(x), 1 - np.tanh(x) ** 2),
        ("ReLU", np.maximum(0, x), np.where(x > 0, 1.0, 0.0)),
        ("leaky ReLU ($a = 0{,}1$)", np.maximum(0.1 * x, x), np.where(x > 0, 1.0, 0.1)),
    ]
    fig, axes = plt.subplots(1, 4, figsize=(12, 3.2))
    for ax, (name, f, d) in zip(axes, funcs):
        ax.plot(x, f, color="tab:blue", lw=2, label="função")
        ax.plot(x, d, color="tab:orange", lw=1.5, ls="--", label="derivada")
        ax.set_title(name)
        ax.set_xlabel("$z$")
        ax.axhline(0, color="black", lw=0.6)
        ax.axvline(0, color="black", lw=0.6)
    axes[0].set_ylabel("$g(z)$ e $g'(z)$")
    axes[0].legend(loc="upper left", fontsize=8)
    save(fig, "07", "ativacoes.svg")


# --------------------------------------------------------------- módulo 11
def fig_media_movel() -> None:
    rng = np.random.default_rng(7)
    t = np.arange(1, 61)
    theta = 20 + 5 * np.sin(t / 9) + rng.normal(0, 2.0, t.size)
    beta = 0.9
    v = np.zeros_like(theta)
    acc = 0.0
    for i, th in enumerate(theta):
        acc = beta * acc + (1 - beta) * th
        v[i] = acc
    v_hat = v / (1 - beta**t)
    fig, ax = plt.subplots(figsize=(7, 3.4))
    ax.plot(t, theta, "o", ms=3, color="gray", label=r"medidas $\theta_t$")
    ax.plot(t, v, color="tab:red", lw=2, label=r"$v_t$ sem correção")
    ax.plot(t, v_hat, color="tab:blue", lw=2, label=r"$v_t/(1-\beta^t)$ com correção")
    ax.set_xlabel("passo $t$")
    ax.set_ylabel("valor")
    ax.set_title(r"Média exponencialmente ponderada, $\beta = 0{,}9$")
    ax.legend(loc="lower right", fontsize=8)
    save(fig, "11", "media-movel.svg")


# --------------------------------------------------------------- módulo 13
IMAGE = np.array(
    [
        [3, 3, 2, 1, 0],
        [0, 0, 1, 3, 1],
        [3, 1, 2, 2, 3],
        [2, 0, 0, 2, 2],
        [2, 0, 0, 0, 1],
    ],
    dtype=float,
)
KERNEL = np.array([[0, 1, 2], [2, 2, 0], [0, 1, 2]], dtype=float)


def conv2d(image, kernel, stride=1, padding=0):
    image = np.pad(image, padding)
    kh, kw = kernel.shape
    oh = (image.shape[0] - kh) // stride + 1
    ow = (image.shape[1] - kw) // stride + 1
    out = np.zeros((oh, ow))
    for i in range(oh):
        for j in range(ow):
            win = image[i * stride : i * stride + kh, j * stride : j * stride + kw]
            out[i, j] = np.sum(win * kernel)
    return out


def avg_pool(image, size, stride=1):
    oh = (image.shape[0] - size) // stride + 1
    ow = (image.shape[1] - size) // stride + 1
    return np.array(
        [
            [image[i * stride : i * stride + size, j * stride : j * stride + size].mean() for j in range(ow)]
            for i in range(oh)
        ]
    )


def draw_grid(ax, m, title, fmt="{:g}", highlight=None, color="#d5e3f6"):
    rows, cols = m.shape
    for i in range(rows):
        for j in range(cols):
            fc = "white"
            if (
                highlight is not None
                and highlight[0] <= i < highlight[0] + highlight[2]
                and highlight[1] <= j < highlight[1] + highlight[2]
            ):
                fc = color
            ax.add_patch(plt.Rectangle((j, rows - 1 - i), 1, 1, fc=fc, ec="black"))
            ax.text(
                j + 0.5,
                rows - 0.5 - i,
                br(m[i, j], fmt),
                ha="center",
                va="center",
                fontsize=11,
            )
    ax.set_xlim(-0.1, cols + 0.1)
    ax.set_ylim(-0.1, rows + 0.1)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title, fontsize=10)


def fig_convolucao() -> None:
    fmap = conv2d(IMAGE, KERNEL)
    fig, axes = plt.subplots(1, 5, figsize=(11, 3.6), gridspec_kw={"width_ratios": [5, 1, 3, 1, 3]})
    draw_grid(
        axes[0],
        IMAGE,
        "entrada 5×5\n(janela da posição (0,0) destacada)",
        highlight=(0, 0, 3),
    )
    draw_grid(axes[2], KERNEL, "kernel 3×3")
    draw_grid(axes[4], fmap, "mapa de características 3×3", highlight=(0, 0, 1))
    for ax, sym in ((axes[1], "∗"), (axes[3], "=")):
        ax.axis("off")
        ax.text(0.5, 0.5, sym, fontsize=24, ha="center", va="center", transform=ax.transAxes)
    save(fig, "13", "convolucao.svg")


def fig_pooling() -> None:
    pooled = avg_pool(IMAGE, 3)
    fig, axes = plt.subplots(1, 2, figsize=(7, 3.4), gridspec_kw={"width_ratios": [5, 3]})
    draw_grid(
        axes[0],
        IMAGE,
        "entrada 5×5 (janela 3×3, passo 1)",
        highlight=(0, 0, 3),
        color="#e0f0d8",
    )
    draw_grid(
        axes[1],
        pooled,
        "average pooling 3×3\n(arredondado a 1 casa)",
        fmt="{:.1f}",
        highlight=(0, 0, 1),
        color="#e0f0d8",
    )
    save(fig, "13", "pooling.svg")


def main() -> None:
    fig_sigmoid_step()
    fig_menos_log()
    fig_xor()
    fig_softmax()
    fig_entropia()
    fig_ativacoes()
    fig_media_movel()
    fig_convolucao()
    fig_pooling()


if __name__ == "__main__":
    main()
