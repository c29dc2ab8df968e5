"""Lesson 03 (Xavier/Glorot): per-layer histograms of activations and back-propagated gradients.

Compute: `layer_signals` runs one forward and one backward pass through a fresh MLP and
keeps every hidden layer's activations h = f(z) and gradients dL/dz, with the
mean-field prediction of their spread (`initviz.theory`). Figure: `signal_histograms`
draws them per layer, as in Glorot & Bengio (2010), Figures 6 and 7. Explorer:
`explore_xavier` wires init scheme, activation and depth to that figure.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import torch
from matplotlib.axes import Axes
from torch import nn

from .. import _checks, style, theory
from .. import figures as _figures
from ..explorer import Explorer, dropdown, slider
from ..figures import histograms, new_figure
from ..nets import ACTIVATIONS, mlp

# "standard" is Glorot & Bengio's heuristic U[-1/sqrt(n_in), 1/sqrt(n_in)], zero bias.
SCHEMES: tuple[str, ...] = ("standard", "xavier_uniform", "xavier_normal", "lecun_normal", "he_normal", "orthogonal")
MAX_SHOWN = 5  # at most this many layers are drawn per panel, evenly spaced from first to last


_reset = _figures.reset  # empties a panel but keeps its tick objects: cheaper than ax.clear()


def weight_variance_times_fan_in(init: str) -> float:
    """n * Var(w) of a square hidden layer (n_in = n_out = n) under scheme `init`.

    This is the factor by which a layer multiplies the variance of a small signal,
    forward and backward: 1/3 for "standard", 1 for Xavier, LeCun and orthogonal, 2 for He.
    """
    _checks.one_of("init", init, SCHEMES)
    return {"standard": 1 / 3, "he_normal": 2.0}.get(init, 1.0)


def build(widths: Sequence[int], activation: str, init: str, *, gain: float = 1.0, seed: int = 0) -> nn.Sequential:
    """`initviz.mlp` with one more scheme, "standard": U[-1/sqrt(n_in), 1/sqrt(n_in)] weights, zero bias.

    "standard" is exactly the weight draw of PyTorch's `nn.Linear` (its `pytorch_default`)
    with the biases set to 0. `gain` multiplies every weight (the `gain` of torch.nn.init).
    """
    _checks.one_of("init", init, SCHEMES)
    if init == "standard":
        return mlp(widths, activation, "pytorch_default", scale=gain, bias=0.0, seed=seed)
    return mlp(widths, activation, init, scale=gain, seed=seed)


def layer_signals(
    init: str = "standard",
    activation: str = "tanh",
    depth: int = 5,
    width: int = 256,
    *,
    n: int = 512,
    classes: int = 10,
    gain: float = 1.0,
    seed: int = 0,
) -> dict:
    """Activations and back-propagated gradients of every hidden layer of a fresh MLP.

    The network has `depth` hidden layers of `width` units, inputs N(0, 1) of dimension
    `width`, `classes` outputs and random labels (drawn from `seed + 10_000`, never the
    weights' stream); `gain` multiplies every weight. The loss is the cross-entropy *summed* over the `n` samples, so
    `gradients[l]` holds per-sample values of dL/dz for hidden layer l + 1.

    Returns a dict with
    - `activations`, `gradients`: lists (one per hidden layer) of float arrays (n, width)
      of h = f(z) and of dL/dz;
    - mean squares, one per layer (for a zero-mean signal, its variance): `pre_ms` of z,
      `act_ms` of h, `grad_ms` of dL/dz and `act_grad_ms` of dL/dh;
    - `predicted_pre_ms`, `predicted_grad_ms`: the mean-field prediction
      (`initviz.theory`), the backward one anchored at the measured top layer;
    - `nvar`: n Var(w) of the hidden layers (gain squared included), and `init`, `activation`, `depth`, `width`.
    """
    _checks.one_of("init", init, SCHEMES)
    _checks.one_of("activation", activation, ACTIVATIONS)
    depth = _checks.integer("depth", depth, minimum=1)
    width = _checks.integer("width", width, minimum=1)
    n = _checks.integer("n", n, minimum=2)
    classes = _checks.integer("classes", classes, minimum=2)
    gain = _checks.finite("gain", gain, minimum=0.0)
    seed = _checks.integer("seed", seed, minimum=0)
    model = build([width] * (depth + 1) + [classes], activation, init, gain=gain, seed=seed)
    g = torch.Generator().manual_seed(seed + 10_000)
    x = torch.randn(n, width, generator=g)
    y = torch.randint(0, classes, (n,), generator=g)
    pre, acts = [], []
    h = x
    modules = list(model)
    for i, module in enumerate(modules):
        h = module(h)
        if isinstance(module, nn.Linear) and i + 1 < len(modules):
            pre.append(h)
        elif not isinstance(module, nn.Linear):
            acts.append(h)
    loss = nn.functional.cross_entropy(h, y, reduction="sum")
    grads = torch.autograd.grad(loss, pre + acts)
    activations = [a.detach().numpy() for a in acts]
    gradients = [d.numpy() for d in grads[:depth]]

    def ms(t) -> float:
        return float(np.mean(np.square(np.asarray(t, dtype=np.float64))))

    nvar = weight_variance_times_fan_in(init) * gain**2
    grad_ms = np.array([ms(d) for d in gradients])
    with np.errstate(all="ignore"):
        predicted_pre = theory.forward_std(depth, activation, math.sqrt(nvar))
        predicted_grad = theory.backward_std(predicted_pre, activation, math.sqrt(nvar), math.sqrt(grad_ms[-1]))
    return {
        "activations": activations,
        "gradients": gradients,
        "pre_ms": np.array([ms(z.detach()) for z in pre]),
        "act_ms": np.array([ms(a) for a in activations]),
        "grad_ms": grad_ms,
        "act_grad_ms": np.array([ms(d) for d in grads[depth:]]),
        "predicted_pre_ms": predicted_pre**2,
        "predicted_grad_ms": predicted_grad**2,
        "nvar": nvar,
        "init": init,
        "activation": activation,
        "depth": depth,
        "width": width,
    }


def jacobian_singular_values(
    init: str, activation: str = "tanh", depth: int = 5, width: int = 256, *, n: int = 4, seed: int = 0
) -> np.ndarray:
    """Mean singular value of the layer-to-layer Jacobian dh_{l+1}/dh_l = diag(f'(z_{l+1})) W_{l+1}.

    One value per pair of consecutive hidden layers (depth - 1 values), averaged over `n`
    inputs N(0, 1) (drawn from `seed + 10_000`). Glorot & Bengio (2010, section 4.2.2)
    report this number: about 0.8 with their normalized init, 0.5 with the standard one.
    """
    _checks.one_of("init", init, SCHEMES)
    _checks.one_of("activation", activation, ACTIVATIONS)
    depth = _checks.integer("depth", depth, minimum=2)
    width = _checks.integer("width", width, minimum=1)
    n = _checks.integer("n", n, minimum=1)
    model = build([width] * (depth + 1) + [2], activation, init, seed=seed)
    layers = [m for m in model if isinstance(m, nn.Linear)]
    act = model[1]  # the activation module between Linear layers
    x = torch.randn(n, width, generator=torch.Generator().manual_seed(seed + 10_000))
    out = []
    with torch.no_grad():
        h = act(layers[0](x))
        for layer in layers[1:depth]:
            z = layer(h)
            z_req = z.clone().requires_grad_(True)
            with torch.enable_grad():
                slope = torch.autograd.grad(act(z_req).sum(), z_req)[0]  # f'(z), elementwise
            out.append(
                np.mean([torch.linalg.svdvals(slope[k][:, None] * layer.weight).mean().item() for k in range(n)])
            )
            h = act(z)
    return np.array(out)


def shown_layers(depth: int) -> list[int]:
    """The (1-based) layers drawn in a panel: all of them up to MAX_SHOWN, else evenly spaced."""
    if depth <= MAX_SHOWN:
        return list(range(1, depth + 1))
    return sorted({int(round(v)) for v in np.linspace(1, depth, MAX_SHOWN)})


def symmetric_range(arrays: Sequence[np.ndarray], quantile: float = 0.995) -> tuple[float, float]:
    """(-r, r) with r the `quantile` of |value| over all arrays: a common x-range for several panels."""
    values = np.concatenate([np.abs(np.asarray(a)).ravel() for a in arrays])
    values = values[np.isfinite(values)]
    r = float(np.quantile(values, quantile)) if values.size else 1.0
    return (-r, r) if r > 0 else (-1.0, 1.0)


ACT_RANGE = {"tanh": (-1.0, 1.0), "sigmoid": (0.0, 1.0)}


def draw_layers(
    ax: Axes, result: Mapping, kind: str, *, range: tuple[float, float], title: str | None = None, fast: bool = False
) -> None:
    """Overlaid per-layer histograms of `result[kind]` ("activations" or "gradients") on `ax`.

    With ReLU, about half of the activations and gradients are exactly 0; a spike there
    would hide everything else, so the histograms show the non-zero values and each
    legend entry gives the fraction of zeros. `fast` draws the same outlines as lines (explorers).
    """
    _checks.one_of("kind", kind, ("activations", "gradients"))
    layers = shown_layers(result["depth"])
    values = [np.asarray(result[kind][k - 1]).ravel() for k in layers]
    labels = [f"layer {k}" for k in layers]
    if result["activation"] == "relu":
        labels = [f"{lab} ({np.mean(v == 0):.0%} = 0)" for lab, v in zip(labels, values)]
        values = [v[v != 0] for v in values]
    xlabel = "activation value h = f(z)" if kind == "activations" else "back-propagated gradient dL/dz"
    if fast:
        _outline_histograms(ax, values, labels, range, xlabel, title)
    else:
        histograms(ax, values, labels=labels, bins=80, range=range, xlabel=xlabel, title=title)
    ax.legend(frameon=False, loc="upper right")  # a fixed place: "best" searches every bin at each draw
    ax.locator_params(axis="x", nbins=6)


def _outline_histograms(
    ax: Axes,
    values: Sequence[np.ndarray],
    labels: Sequence[str],
    range: tuple[float, float],
    xlabel: str,
    title: str | None,
    bins: int = 80,
) -> None:
    """What `figures.histograms` draws (outline densities, two cues per layer), as plain lines.

    A Line2D costs far less to add and to autoscale than the `stairs` patch the builder
    uses, which matters when an explorer redraws ten of them on every slider move.
    """
    edges = np.linspace(*range, bins + 1)
    xs = np.repeat(edges, 2)
    for i, (v, label) in enumerate(zip(values, labels)):
        v = v[np.isfinite(v)]
        counts, _ = np.histogram(v, bins=edges, density=v.size > 0)
        c = style.cue(i)
        ax.plot(
            xs,
            np.concatenate([[0.0], np.repeat(counts, 2), [0.0]]),
            color=c["color"],
            linestyle=c["linestyle"],
            linewidth=1.8,
            label=label,
        )
    ax.set_xlabel(xlabel)
    ax.set_ylabel("density")
    ax.set_ylim(bottom=0)
    if title:
        ax.set_title(title)


def activation_range(results: Sequence[Mapping]) -> tuple[float, float]:
    """A common x-range for activation histograms: tanh [-1, 1], sigmoid [0, 1], ReLU [0, r], else (-r, r)."""
    names = {r["activation"] for r in results}
    if len(names) == 1 and (name := names.pop()) in ACT_RANGE:
        return ACT_RANGE[name]
    lo, hi = symmetric_range([a for r in results for a in r["activations"]])
    return (0.0, hi) if all(r["activation"] == "relu" for r in results) else (lo, hi)


def signal_histograms(
    results: Mapping[str, Mapping], kind: str, *, title: str, width: float = 4.6, height: float = 3.6
):
    """One panel per entry of `results` (label -> `layer_signals` result), same x and y axes in all."""
    _checks.one_of("kind", kind, ("activations", "gradients"))
    fig, axes = new_figure(len(results), width=width, height=height, title=title, sharey=True)
    if kind == "activations":
        rng = activation_range(list(results.values()))
    else:
        rng = symmetric_range([a for r in results.values() for a in r[kind]])
    for ax, (label, r) in zip(axes, results.items()):
        draw_layers(ax, r, kind, range=rng, title=label)
    for ax in axes[1:]:
        ax.set_ylabel("")
    return fig


def explore_xavier(init: str = "standard", activation: str = "tanh", depth: int = 5) -> Explorer:
    """Init scheme, activation and depth -> per-layer histograms of activations and gradients.

    Left: activations h = f(z) of each hidden layer; right: the back-propagated
    gradients dL/dz. Width 128, 256 random N(0, 1) inputs, random labels, zero biases.
    "standard" is U[-1/sqrt(n), 1/sqrt(n)], Glorot & Bengio's baseline.
    """
    fig, (ax_a, ax_g) = new_figure(2, width=4.8, height=3.7, title="Per-layer histograms")

    def compute(init: str, activation: str, depth: int) -> dict:
        return layer_signals(init, activation, depth, 128, n=256)

    def draw(r: dict) -> None:
        for ax in (ax_a, ax_g):
            _reset(ax)
        draw_layers(ax_a, r, "activations", range=activation_range([r]), title="forward: activations", fast=True)
        draw_layers(ax_g, r, "gradients", range=symmetric_range(r["gradients"]), title="backward: gradients", fast=True)
        acts, grads = r["activations"], r["gradients"]
        with np.errstate(all="ignore"):
            a_ratio = float(np.std(acts[-1]) / np.std(acts[0]))
            g_ratio = float(np.std(grads[0]) / np.std(grads[-1]))
        fig.suptitle(
            f"{r['init']}, {r['activation']}: layer 1\u2192{r['depth']} activation std x{a_ratio:.2g}; "
            f"layer {r['depth']}\u21921 gradient std x{g_ratio:.2g}",
            fontweight="bold",
            fontsize=12,
        )

    controls = {
        "init": dropdown("init", SCHEMES, init),
        "activation": dropdown("activation", ACTIVATIONS, activation),
        "depth": slider("depth", depth, 2, 12, 1),
    }
    return Explorer("Per-layer histograms: init scheme x activation x depth", controls, fig, compute, draw)
