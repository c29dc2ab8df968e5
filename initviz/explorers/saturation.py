"""Lesson 06 (saturation): the flat tails of sigmoid and tanh, measured layer by layer.

Compute:
- `slope(activation, z)`: sigmoid'(z) or tanh'(z), by autograd;
- `saturation_by_layer(scale, activation)`: a deep sigmoid or tanh MLP with weights N(0, scale^2 / n):
  each layer's pre-activations, saturated fraction, mean slope and weight-gradient norm;
- `chain_derivative(depth)`: d a_L / d x through a chain of scalar sigmoid units (weights 1, biases 0);
- `input_statistics(activation)`: what a layer's mean output does to the next layer's gradients
  (per-sample sign pattern, the spike in the inputs' second-moment matrix);
- `initial_loss(classes, last_scale)`: the loss at initialization against ln C;
- `ShiftedSigmoid`: sigmoid(z) - 1/2, the sigmoid moved to mean 0.
Explorer: `explore_saturation(scale, activation, layer)`.
"""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from .. import _checks, data, style
from ..explorer import Explorer, choice_slider, dropdown, slider
from ..figures import new_figure
from ..nets import linear_layers, mlp
from ..stats import SATURATION

SATURATING = ("tanh", "sigmoid")
SCALES = (0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0)
DEPTH, WIDTH = 6, 128


class ShiftedSigmoid(nn.Module):
    """sigmoid(z) - 1/2: the same slope as the sigmoid everywhere, mean output 0 for symmetric z."""

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(z) - 0.5


def _saturating(name: str) -> str:
    return _checks.one_of("activation", name, SATURATING)


def _phi(name: str):
    return torch.tanh if name == "tanh" else torch.sigmoid


def slope(activation: str, z: torch.Tensor | np.ndarray) -> np.ndarray:
    """The derivative of `activation` (tanh or sigmoid) at every z, computed by autograd."""
    name = _saturating(activation)
    t = torch.as_tensor(np.asarray(z, dtype=np.float64)).requires_grad_(True)
    (grad,) = torch.autograd.grad(_phi(name)(t).sum(), t)
    return grad.numpy()


def saturated(activation: str, a: torch.Tensor) -> torch.Tensor:
    """True where an activation value lies in a flat tail (the thresholds of `initviz.layer_stats`)."""
    low, high = SATURATION[_saturating(activation)]
    return (a < low) | (a > high)


def saturation_by_layer(
    scale: float, activation: str = "tanh", *, depth: int = DEPTH, width: int = WIDTH, n: int = 512, seed: int = 0
) -> dict:
    """A `depth`-layer `activation` MLP, weights N(0, scale^2 / n_in) (`lecun_normal` times `scale`), biases 0.

    Inputs x ~ N(0, 1) of dimension `width`, labels random in {0, 1}, both from `seed + 10_000`.
    Returns per hidden layer: `pre` (its pre-activations, a flat numpy array), `saturated` (the
    fraction of activations in a flat tail), `mean_slope` (the mean of phi'(z)) and `grad_norm`
    (the Frobenius norm of d loss / d W for the layer's weights).
    """
    scale = _checks.finite("scale", scale, above=0.0)
    name = _saturating(activation)
    depth = _checks.integer("depth", depth, minimum=1)
    width = _checks.integer("width", width, minimum=1)
    n = _checks.integer("n", n, minimum=2)
    model = mlp([width] * (depth + 1) + [2], name, "lecun_normal", scale=scale, seed=seed)
    g = torch.Generator().manual_seed(seed + 10_000)
    x = torch.randn(n, width, generator=g)
    y = torch.randint(0, 2, (n,), generator=g)
    linears = [m for m in model if isinstance(m, nn.Linear)]
    pre: list[torch.Tensor] = []
    h = x
    for m in model:
        h = m(h)
        if isinstance(m, nn.Linear) and m is not linears[-1]:
            pre.append(h)
    grads = torch.autograd.grad(nn.functional.cross_entropy(h, y), [m.weight for m in linears[:-1]])
    phi = _phi(name)
    with torch.no_grad():
        sat = np.array([saturated(name, phi(z)).float().mean().item() for z in pre])
        slopes = np.array([(1 - phi(z) ** 2 if name == "tanh" else phi(z) * (1 - phi(z))).mean().item() for z in pre])
    return {
        "scale": scale,
        "activation": name,
        "pre": [z.detach().numpy().ravel() for z in pre],
        "saturated": sat,
        "mean_slope": slopes,
        "grad_norm": np.array([gr.norm().item() for gr in grads]),
    }


def chain_derivative(depth: int, x: float = 0.0) -> np.ndarray:
    """d a_L / d x for L = 1..depth through a_l = sigmoid(a_{l-1}), a_0 = x (weights 1, biases 0), by autograd."""
    depth = _checks.integer("depth", depth, minimum=1)
    x = _checks.finite("x", x)
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    a, out = t, []
    for _ in range(depth):
        a = torch.sigmoid(a)
        out.append(torch.autograd.grad(a, t, retain_graph=True)[0].item())
    return np.array(out)


def input_statistics(activation: str = "sigmoid", *, width: int = WIDTH, n: int = 512, seed: int = 0) -> dict:
    """What layer 1's outputs a (mean and spread) do to layer 2's weight gradients, in a 2-hidden-layer net.

    `activation` is 'sigmoid', 'tanh' or 'shifted_sigmoid'; weights N(0, 1/n_in), x ~ N(0, 1), random labels.
    Returns `mean` (of a), `same_sign_rows` (per sample, the fraction of rows of d loss / d W2 =
    delta a^T whose entries all share one sign), `top_eigenvalue` of E[a a^T] (the curvature that
    W2's gradient descent sees; about width * mean^2 when the mean dominates) and `spike`: that
    eigenvalue over the second largest.
    """
    _checks.one_of("activation", activation, ("sigmoid", "tanh", "shifted_sigmoid"))
    width = _checks.integer("width", width, minimum=2)
    n = _checks.integer("n", n, minimum=2)
    model = mlp([width, width, width, 2], "tanh" if activation == "tanh" else "sigmoid", "lecun_normal", seed=seed)
    if activation == "shifted_sigmoid":
        model = nn.Sequential(*[ShiftedSigmoid() if isinstance(m, nn.Sigmoid) else m for m in model])
    g = torch.Generator().manual_seed(seed + 10_000)
    x = torch.randn(n, width, generator=g)
    y = torch.randint(0, 2, (n,), generator=g)
    a = model[1](model[0](x))
    z2 = model[2](a)
    (delta,) = torch.autograd.grad(nn.functional.cross_entropy(model[3:](z2), y, reduction="sum"), z2)
    with torch.no_grad():
        per_sample = delta[:, :, None] * a[:, None, :]  # (n, width, width): delta_i a_j per sample
        same = ((per_sample >= 0).all(-1) | (per_sample <= 0).all(-1)).float().mean().item()
        eig = torch.linalg.eigvalsh((a.T @ a / n).double())
    return {
        "activation": activation,
        "mean": a.mean().item(),
        "same_sign_rows": same,
        "spike": (eig[-1] / eig[-2]).item(),
        "top_eigenvalue": eig[-1].item(),
    }


def initial_loss(classes: int, last_scale: float, *, width: int = 64, n: int = 600, seed: int = 0) -> float:
    """Cross-entropy at initialization of a He-init ReLU MLP [2, width, width, classes] on `data.blobs`,
    with the last layer's weights multiplied by `last_scale` (data seed `seed + 1`)."""
    classes = _checks.integer("classes", classes, minimum=2)
    last_scale = _checks.finite("last_scale", last_scale, minimum=0.0)
    x, y = data.blobs(n=n, seed=seed + 1, classes=classes)
    model = mlp([2, width, width, classes], "relu", "he_normal", seed=seed)
    with torch.no_grad():
        linear_layers(model)[-1].weight.mul_(last_scale)
        return nn.functional.cross_entropy(model(x), y).item()


def explore_saturation(scale: float = 4.0, activation: str = "tanh", layer: int = 1) -> Explorer:
    """Sliders for the weight scale s (weights N(0, s^2 / n)), the activation and the layer shown.

    Left: the histogram of that layer's pre-activations over the slope phi'(z), flat tails shaded.
    Right: per layer, the saturated fraction (bars) and the norm of the loss gradient for the
    layer's weights (line, log scale).
    """
    fig, (ax_h, ax_l) = new_figure(
        2, width=4.8, height=3.7, title="Large weights push pre-activations into the flat tails"
    )
    fig.get_layout_engine().set(wspace=0.12)  # type: ignore[union-attr,call-arg]  # constrained layout  # room between the left panel's right axis and the right panel
    layers = np.arange(1, DEPTH + 1)
    # Left: histogram of z (filled steps) over the slope curve (dashed, right axis); tails shaded.
    ax_s = ax_h.twinx()
    hist = ax_h.stairs(
        np.zeros(60),
        np.linspace(-1, 1, 61),
        fill=True,
        facecolor=(0.0, 0.447, 0.698, 0.45),
        edgecolor=style.PALETTE[0],
        linewidth=1.5,
        label="pre-activations z",
    )
    tails = [ax_h.axvspan(0, 0, color="0.6", alpha=0.25, hatch="//", linewidth=0, label="saturated")]
    tails.append(ax_h.axvspan(0, 0, color="0.6", alpha=0.25, hatch="//", linewidth=0))
    (curve,) = ax_s.plot([], [], color=style.PALETTE[3], linestyle="--", linewidth=2.2, label="slope")
    ax_h.set_ylabel("density of z (filled)", color=style.PALETTE[0])
    ax_s.grid(False)
    # Right: saturated fraction per layer (bars) and the weights' gradient norm (line, log, right axis).
    ax_g = ax_l.twinx()
    bars = ax_l.bar(
        layers,
        np.zeros(DEPTH),
        color=style.PALETTE[1],
        edgecolor="black",
        hatch="..",
        alpha=0.8,
        label="saturated fraction",
    )
    (line,) = ax_g.plot(
        layers, np.ones(DEPTH), color=style.PALETTE[0], marker="o", linestyle="-", label="gradient norm"
    )
    ax_l.set_ylim(0, 1.15)
    ax_l.set_xticks(layers)
    ax_l.set_xlabel("hidden layer")
    ax_l.set_ylabel("saturated fraction (bars)", color="#8a5a00")
    ax_g.set_yscale("log")
    ax_g.set_ylabel("|| dL/dW || of the layer (line)", color=style.PALETTE[0])
    ax_g.grid(False)

    def draw(r: dict) -> None:
        name, k = r["activation"], r["layer"]
        z = r["pre"][k - 1]
        edge = max(6.0, float(np.quantile(np.abs(z), 0.995)))
        counts, bins = np.histogram(z, bins=60, range=(-edge, edge), density=True)
        hist.set_data(counts, bins)
        ax_h.set_xlim(-edge, edge)
        ax_h.set_ylim(0, 1.15 * counts.max())
        threshold = math.atanh(0.97) if name == "tanh" else math.log(0.97 / 0.03)
        for patch, (lo, hi) in zip(tails, ((-edge, -threshold), (threshold, edge))):
            patch.set_x(lo)
            patch.set_width(hi - lo)
        grid = np.linspace(-edge, edge, 241)
        curve.set_data(grid, slope(name, grid))
        top = 1.0 if name == "tanh" else 0.25
        ax_s.set_ylim(0, 1.15 * top)
        ax_s.set_ylabel(f"slope {name}'(z) (dashed)", color=style.PALETTE[3])
        ax_h.set_xlabel(f"pre-activation z of layer {k} (hatched: saturated)")
        ax_h.set_title(f"layer {k}: {r['saturated'][k - 1]:.0%} saturated, mean slope {r['mean_slope'][k - 1]:.3f}")
        for bar, v in zip(bars, r["saturated"]):
            bar.set_height(v)
        g = r["grad_norm"]
        line.set_ydata(g)
        positive = g[g > 0]
        lo, hi = (float(positive.min()), float(positive.max())) if positive.size else (1e-3, 1.0)
        middle = math.sqrt(lo * hi)
        span = max(math.sqrt(hi / lo) * 2, 10.0)  # at least two decades, so a flat line looks flat
        ax_g.set_ylim(middle / span, middle * span)
        ax_l.set_title(f"{name}, s = {r['scale']:g}: gradient norm per layer")

    def compute(scale: float, activation: str, layer: int) -> dict:
        layer = _checks.integer("layer", layer, minimum=1)
        if layer > DEPTH:
            raise ValueError(f"layer={layer} is too large; the net has {DEPTH} hidden layers")
        return {**saturation_by_layer(scale, activation), "layer": layer}

    controls = {
        "scale": choice_slider("weight scale s", SCALES, scale),
        "activation": dropdown("activation", SATURATING, activation),
        "layer": slider("layer shown", layer, 1, DEPTH, 1),
    }
    return Explorer(f"Saturation: {DEPTH} layers of {WIDTH} units, weights N(0, s²/n)", controls, fig, compute, draw)
