"""Compute and explorer of lesson 02: gradients are products, and products vanish or explode.

- `scalar_chain`: a chain of L one-weight layers, the gradient reaching each layer is w^(L-l);
- `product_norms`, `product_singular_values`: products of n x n random matrices, Gaussian
  N(0, s^2/n) or s times a random orthogonal matrix (float64, torch);
- `gradient_norms`: per-layer forward std, std of d loss / d z and the norm of d loss / d W
  in a deep MLP (torch);
- `explore_chain`: sliders for w and depth, the gradient per layer on a log axis.
"""

from __future__ import annotations

import math

import numpy as np
import torch
from matplotlib.ticker import MaxNLocator
from torch import nn

from .. import _checks
from ..explorer import Explorer, choice_slider, slider
from ..figures import new_figure
from ..nets import ACTIVATIONS, linear_layers, mlp
from ..style import PALETTE

CHAIN_WEIGHTS = (0.5, 0.8, 0.9, 0.95, 1.0, 1.05, 1.1, 1.25, 1.5, 2.0)
KINDS = ("gaussian", "orthogonal")
_CHAIN_YLIM = (1e-16, 1e16)


def scalar_chain(w: float, depth: int) -> dict:
    """A chain of `depth` layers h_l = w * h_(l-1): the gradient of the top with respect to each h_l.

    Returns `layer` (0 = the input .. depth = the top) and `gradient` = w ** (depth - layer)
    (float64; overflow gives inf, never a warning).
    """
    w = _checks.finite("w", w)
    depth = _checks.integer("depth", depth, minimum=1)
    layer = np.arange(depth + 1)
    with np.errstate(over="ignore", under="ignore"):
        gradient = np.float64(w) ** (depth - layer)
    return {"w": w, "depth": depth, "layer": layer, "gradient": gradient}


def random_matrix(n: int, s: float, kind: str, generator: torch.Generator) -> torch.Tensor:
    """One n x n float64 matrix: entries N(0, s^2/n) (`gaussian`) or s times a uniformly random orthogonal one."""
    g = torch.randn(n, n, generator=generator, dtype=torch.float64)
    if kind == "gaussian":
        return g * (s / math.sqrt(n))
    q, r = torch.linalg.qr(g)
    return s * q * torch.sign(torch.diagonal(r))  # the sign fix makes q uniform (Haar) over orthogonal matrices


def _check_product(s: float, depth: int, n: int, kind: str, seed: int) -> tuple[float, int, int, str, int]:
    return (
        _checks.finite("s", s, minimum=0.0),
        _checks.integer("depth", depth, minimum=1),
        _checks.integer("n", n, minimum=1),
        _checks.one_of("kind", kind, KINDS),
        _checks.integer("seed", seed, minimum=0),
    )


def product_norms(
    s: float, depth: int, n: int = 128, *, kind: str = "gaussian", vectors: int = 16, seed: int = 0
) -> np.ndarray:
    """How much W_l ... W_1 stretches vectors: ||W_l ... W_1 X|| / ||X|| for l = 0 .. depth.

    X holds `vectors` random directions; the matrices are drawn by `random_matrix` from `seed`.
    Computed in torch float64 (torch's thread setting applies, unlike NumPy's BLAS).
    """
    s, depth, n, kind, seed = _check_product(s, depth, n, kind, seed)
    vectors = _checks.integer("vectors", vectors, minimum=1)
    generator = torch.Generator().manual_seed(seed)
    x = torch.randn(n, vectors, generator=generator, dtype=torch.float64)
    start = torch.linalg.norm(x)
    norms = [1.0]
    for _ in range(depth):
        x = random_matrix(n, s, kind, generator) @ x
        norms.append((torch.linalg.norm(x) / start).item())
    return np.array(norms)


def product_singular_values(
    depth: int, n: int = 128, *, kind: str = "gaussian", s: float = 1.0, seed: int = 0
) -> np.ndarray:
    """The singular values of the product W_depth ... W_1, largest first (torch float64).

    Values below about 1e-15 times the largest are rounding noise, not the true values.
    """
    s, depth, n, kind, seed = _check_product(s, depth, n, kind, seed)
    generator = torch.Generator().manual_seed(seed)
    p = torch.eye(n, dtype=torch.float64)
    for _ in range(depth):
        p = random_matrix(n, s, kind, generator) @ p
    return torch.linalg.svdvals(p).numpy()


def gradient_norms(depth: int, width: int, activation: str, scale: float, *, n: int = 256, seed: int = 0) -> dict:
    """One forward and backward pass through a deep MLP with weights N(0, scale^2 / fan_in).

    The net has `depth` hidden layers of `width` units (`initviz.mlp`, init `lecun_normal`
    times `scale`), inputs N(0, 1), random labels in {0, 1}, cross-entropy loss. Returns,
    per hidden layer l = 1 .. depth: `forward` (std of the pre-activations z_l),
    `grad_z` (std of d loss / d z_l) and `grad_w` (Frobenius norm of d loss / d W_l),
    plus `loss`. Non-finite values (overflow) stay inf/NaN.
    """
    depth = _checks.integer("depth", depth, minimum=1)
    width = _checks.integer("width", width, minimum=1)
    _checks.one_of("activation", activation, ACTIVATIONS)
    scale = _checks.finite("scale", scale, minimum=0.0)
    n = _checks.integer("n", n, minimum=2)
    model = mlp([width] * (depth + 1) + [2], activation, "lecun_normal", scale=scale, seed=seed)
    g = torch.Generator().manual_seed(seed + 10_000)  # data and weights never share a stream
    x = torch.randn(n, width, generator=g)
    y = torch.randint(0, 2, (n,), generator=g)
    pre: list[torch.Tensor] = []
    h = x
    for module in model:
        h = module(h)
        if isinstance(module, nn.Linear) and len(pre) < depth:
            h.retain_grad()
            pre.append(h)
    loss = nn.functional.cross_entropy(h, y)
    loss.backward()
    hidden = linear_layers(model)[:depth]
    return {
        "forward": np.array([z.detach().std().item() for z in pre]),
        "grad_z": np.array([z.grad.std().item() for z in pre if z.grad is not None]),
        "grad_w": np.array([layer.weight.grad.norm().item() for layer in hidden if layer.weight.grad is not None]),
        "loss": loss.item(),
        "activation": activation,
        "scale": scale,
    }


def explore_chain(w: float = 2.0, depth: int = 9) -> Explorer:
    """Sliders for the weight w of every layer and the depth L of a one-unit-per-layer chain.

    The gradient reaching layer l is w^(L-l): a straight line on a log axis, up for
    w > 1, down for w < 1, flat only at w = 1. Only the changing artists are redrawn.
    """
    fig, (ax,) = new_figure(1, width=7.2, height=4.0, title=" ")
    (reference,) = ax.plot([], [], color="grey", linestyle=":", linewidth=1.5, label="w = 1: stays 1")
    (line,) = ax.plot([], [], linestyle="-", marker="o")
    note = ax.annotate(
        "",
        (0, 1),
        xycoords="data",
        xytext=(0.06, 0.1),
        textcoords="axes fraction",
        fontweight="bold",
        va="center",
        arrowprops={"arrowstyle": "->", "color": "black", "linewidth": 1.2},
    )
    ax.set(yscale="log", ylim=_CHAIN_YLIM, ylabel="gradient reaching layer l")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))

    def draw(r: dict) -> None:
        layer, grad, w, depth = r["layer"], r["gradient"], r["w"], r["depth"]
        reference.set_data(layer, np.ones_like(grad))
        line.set_data(layer, grad)
        line.set(
            color=PALETTE[0] if w >= 1 else PALETTE[3],
            markevery=max(1, len(layer) // 25),
            label=f"w = {w:g}: gradient = $w^{{L-l}}$",
        )
        note.xy = (0, grad[0])
        note.set_text(f"layer 0 gets $w^{{{depth}}}$ = {grad[0]:.3g}")
        note.set_position((0.06, 0.9 if w < 1 else 0.1))
        ax.set(xlim=(-0.5, depth + 0.5), xlabel=f"layer l (0 = input, L = {depth} = top)")
        ax.legend(frameon=False, loc="lower right" if w >= 1 else "upper right")
        trend = "explodes" if w > 1 else "vanishes" if w < 1 else "neither vanishes nor explodes"
        fig.suptitle(f"w = {w:g}, L = {depth}: the gradient {trend}", fontweight="bold")

    controls = {
        "w": choice_slider("weight w", CHAIN_WEIGHTS, w),
        "depth": slider("depth L", depth, 1, 50, 1),
    }
    return Explorer("A chain of one-weight layers: the gradient is a product", controls, fig, scalar_chain, draw)
