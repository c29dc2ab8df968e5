"""Lesson 03's figures: per-layer histograms of activations and gradients, as in Glorot & Bengio (2010).

`draw_layers` draws one panel, `signal_histograms` a row of panels with shared axes, and
`xavier_figure` the explorer's figure with its `draw(result)`; each takes the results of
`initviz.lessons.xavier.layer_signals`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .. import _checks, style
from . import histograms, new_figure, reset, round_up


def times(factor: float) -> str:
    r"""A growth factor as mathtext: $\times 12.6$, $\times 0.048$, $\times 1.2\cdot 10^{4}$ (never "x1.2e+04")."""
    if not np.isfinite(factor):
        return r"$\times\,$inf/NaN"
    if factor == 0 or 1e-3 <= abs(factor) < 1e3:
        return rf"$\times {factor:.3g}$"
    if 1e3 <= abs(factor) < 1e4:  # .3g would write 3.04e+03
        return rf"$\times {factor:.0f}$"
    mantissa, exponent = f"{factor:.1e}".split("e")
    return rf"$\times {mantissa}\cdot 10^{{{int(exponent)}}}$"


def weight_densities(
    ax: Axes,
    samples: Mapping[str, np.ndarray],
    edges: np.ndarray,
    *,
    exact: tuple[np.ndarray, np.ndarray] | None = None,
    xlabel: str = "weight $w$",
    title: str | None = None,
) -> None:
    """Outline densities of weight samples, each normalized by its *total* count (values beyond the
    edges count too), so the curves compare with the exact density drawn dotted from `exact` = (t, p(t)).
    """
    for i, (label, values) in enumerate(samples.items()):
        v = np.asarray(values, dtype=float).ravel()
        counts, _ = np.histogram(v, bins=edges)
        c = style.cue(i)
        ax.stairs(
            counts / (v.size * np.diff(edges)),
            edges,
            color=c["color"],
            linestyle=c["linestyle"],
            linewidth=1.8,
            label=label,
        )
    if exact is not None:
        ax.plot(*exact, color="black", linestyle=":", linewidth=1.5, label="exact density")
    ax.set(xlabel=xlabel, ylabel="density")
    if title:
        ax.set_title(title)


MAX_SHOWN = 5  # at most this many layers are drawn per panel, evenly spaced from first to last
ACT_RANGE = {"tanh": (-1.0, 1.0), "sigmoid": (0.0, 1.0)}


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


def activation_range(results: Sequence[Mapping]) -> tuple[float, float]:
    """A common x-range for activation histograms: tanh [-1, 1], sigmoid [0, 1], ReLU [0, r], else (-r, r)."""
    names = {r["activation"] for r in results}
    if len(names) == 1 and (name := names.pop()) in ACT_RANGE:
        return ACT_RANGE[name]
    lo, hi = symmetric_range([a for r in results for a in r["activations"]])
    return (0.0, hi) if all(r["activation"] == "relu" for r in results) else (lo, hi)


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
    xlabel = (
        r"activation $h = \phi(z)$"
        if kind == "activations"
        else r"back-propagated gradient $\partial\mathcal{L}/\partial z$"
    )
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


def signal_histograms(
    results: Mapping[str, Mapping], kind: str, *, title: str, width: float = 4.6, height: float = 3.6
) -> Figure:
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


def xavier_figure() -> tuple[Figure, Callable[[Mapping], None]]:
    """The Xavier explorer's figure and its `draw(result)`: activations (left) and gradients (right)."""
    fig, (ax_a, ax_g) = new_figure(2, width=4.8, height=3.7, title="Per-layer histograms")

    def draw(r: Mapping) -> None:
        for ax in (ax_a, ax_g):
            reset(ax)
        # ends on round numbers, so that the axes move in steps as a slider moves (see figures.round_up)
        low, high = activation_range([r])
        low, high = (-round_up(-low) if low < 0 else low), round_up(high)
        spread = round_up(symmetric_range(r["gradients"])[1])
        draw_layers(ax_a, r, "activations", range=(low, high), title="forward: activations", fast=True)
        draw_layers(ax_g, r, "gradients", range=(-spread, spread), title="backward: gradients", fast=True)
        for ax in (ax_a, ax_g):
            ax.set_ylim(0, round_up(ax.get_ylim()[1]))
        acts, grads = r["activations"], r["gradients"]
        with np.errstate(all="ignore"):
            a_ratio = float(np.std(acts[-1]) / np.std(acts[0]))
            g_ratio = float(np.std(grads[0]) / np.std(grads[-1]))
        fig.suptitle(
            f"{r['init']}, {r['activation']}: activation std {times(a_ratio)} from layer 1 to {r['depth']}, "
            f"gradient std {times(g_ratio)} from layer {r['depth']} to 1",
            fontweight="bold",
            fontsize=12,
        )

    return fig, draw
