"""Lesson 04's figures.

- `signal_figure`: the explorer's forward/backward panels of a (leaky) ReLU stack beside He's prediction;
- `by_layer`: per-layer values with a chosen cue per series (an init keeps its colour across figures);
- `drift_figure`: how far single networks drift below the mean-field line, against depth / width;
- `training_figure`: loss curves side by side, one panel per optimizer;
- `plain_log_ticks`: plain tick labels (2, 3, 5) on a log axis that spans less than a decade.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullFormatter

from .. import style
from ..lessons.kaiming import he_gain
from ..training import History
from . import by_depth, loss_curves, new_figure, reset
from .signal import move_lines


def log_limits(values: np.ndarray, min_decades: float = 2.0) -> tuple[float, float]:
    """y-limits for a log axis around `values` spanning at least `min_decades`, so that
    finite-width wiggles around a flat prediction are not blown up to fill the panel."""
    v = values[np.isfinite(values) & (values > 0)]
    if v.size == 0:
        return 0.1, 10.0
    lo, hi = float(v.min()), float(v.max())
    if hi / lo < 10**min_decades:
        centre = math.sqrt(lo * hi)
        lo, hi = centre / 10 ** (min_decades / 2), centre * 10 ** (min_decades / 2)
    return lo / 1.5, hi * 1.5


def signal_figure() -> tuple[Figure, Callable[[dict], None]]:
    """The explorer's figure (forward and backward panels) and `draw(result)` for a `relu_signal` result."""
    fig, (ax_f, ax_b) = new_figure(2, width=4.8, height=3.7, title="Signal scale through a (leaky) ReLU stack")

    def draw(r: dict) -> None:
        label = "ReLU" if r["slope"] == 0 else f"leaky ReLU a={r['slope']:g}"
        for ax, key, ylabel, title in (
            (ax_f, "forward", "std of pre-activations $z$", "forward"),
            (ax_b, "backward", r"std of gradient $\partial L/\partial z$", "backward"),
        ):
            if not move_lines(ax, label, r[key], r["predicted_" + key]):  # in place where it can: cheaper
                reset(ax)
                by_depth(ax, {label: r[key]}, predicted={label: r["predicted_" + key]}, ylabel=ylabel, title=title)
        for ax, keys in ((ax_f, ("forward", "predicted_forward")), (ax_b, ("backward", "predicted_backward"))):
            ax.set_ylim(*log_limits(np.concatenate([r[k] for k in keys])))
        change = r["factor"] ** ((r["depth"] - 1) / 2)
        fig.suptitle(
            f"gain {r['gain']:g} (He: {he_gain(r['slope']):.3f}): variance ×{r['factor']:.3f} per layer, "
            f"std ×{change:.2g} over {r['depth']} layers",
            fontweight="bold",
        )

    return fig, draw


def plain_log_ticks(ax: Axes) -> None:
    """Label the log y axis of `ax` with plain numbers (2, 3, 5 ...) where it spans less than a decade.

    Matplotlib labels such an axis at its minor ticks as "2×10^0"; call this after the data is drawn.
    """
    lo, hi = ax.get_ylim()
    if ax.get_yscale() != "log" or not 0 < lo < hi or hi / lo >= 10:
        return
    ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 3.0, 5.0)))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:g}"))
    ax.yaxis.set_minor_formatter(NullFormatter())


def by_layer(
    ax: Axes,
    series: Mapping[str, tuple[Sequence[float], int]],
    *,
    predicted: Mapping[str, Sequence[float]] | None = None,
    ylabel: str = "std",
    title: str | None = None,
) -> None:
    """Per-layer values on a log axis, like `figures.by_depth`, each series drawn with the cue it names.

    `series` maps a label to (values, cue index): the same init keeps its colour, line style and
    marker from figure to figure. `predicted[label]` is drawn dotted in that series' colour.
    """
    for label, (values, i) in series.items():
        v = np.asarray(values, dtype=float)
        layers = np.arange(1, len(v) + 1)
        ok = np.isfinite(v) & (v > 0)
        c = style.cue(i)
        ax.plot(layers[ok], v[ok], label=label, color=c["color"], linestyle=c["linestyle"], marker=c["marker"])
        if predicted and label in predicted:
            p = np.asarray(predicted[label], dtype=float)
            ax.plot(
                np.arange(1, len(p) + 1), p, color=c["color"], linestyle=":", linewidth=1.5, label=f"{label}: theory"
            )
    ax.set_yscale("log")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("layer")
    ax.set_ylabel(ylabel)
    ax.legend(frameon=False)
    if title:
        ax.set_title(title)


#: Cues of the widths in `drift_figure`: the Okabe-Ito vermillion (cue 3) is left to the red "inf/NaN" cross.
_DRIFT_CUES = (0, 1, 2, 4, 5, 6, 7)


def drift_figure(
    drift: Mapping[int, np.ndarray],
    depths: Sequence[int],
    *,
    median_per_step: float,
    spread_per_sqrt_step: float,
    title: str,
) -> Figure:
    """Median (left) and spread (right) over networks of log2 rms(z_L) / rms(z_1), against (L - 1) / width.

    `drift[width]` is an array (networks, layers) as `lessons.kaiming.signal_drift` returns it;
    it is read at the layers `depths`. The theory lines: median = `median_per_step` x,
    spread = `spread_per_sqrt_step` sqrt(x), with x = (L - 1) / width; mean field: 0.
    """
    fig, (ax_m, ax_s) = new_figure(2, width=4.8, height=3.9, title=title)
    largest = max((max(depths) - 1) / w for w in drift)
    x = np.linspace(0, largest * 1.03, 200)
    ax_m.axhline(0, color="grey", linestyle=":", linewidth=1.5, label="mean field: 0")
    ax_m.plot(x, median_per_step * x, color="black", linestyle="--", linewidth=1.5, label="finite width: theory")
    ax_s.plot(x, spread_per_sqrt_step * np.sqrt(x), color="black", linestyle="--", linewidth=1.5, label="theory")
    for k, (width, d) in enumerate(drift.items()):
        steps = np.array([(depth - 1) / width for depth in depths])
        columns = d[:, [depth - 1 for depth in depths]]
        c = style.cue(_DRIFT_CUES[k % len(_DRIFT_CUES)])
        common = {"color": c["color"], "marker": c["marker"], "linestyle": "none", "markersize": 7}
        ax_m.plot(steps, np.median(columns, 0), label=f"width {width}", **common)
        ax_s.plot(steps, columns.std(0), label=f"width {width}", **common)
    ax_m.set_xlabel(r"depth / width, $(L-1)/n$")
    ax_m.set_ylabel(r"median of $\log_2\,\mathrm{rms}(z_L)/\mathrm{rms}(z_1)$")
    ax_m.set_title("typical network: below the mean field")
    ax_m.legend(frameon=False, loc="lower left")
    ax_s.set_xlabel(r"depth / width, $(L-1)/n$")
    ax_s.set_ylabel(r"spread (std over networks), $\log_2$")
    ax_s.set_title("network to network: spread grows")
    ax_s.legend(frameon=False, loc="upper left")
    return fig


def training_figure(
    runs: Mapping[str, Mapping[str, History]], *, chance: float, title: str, log: bool = False
) -> Figure:
    """One panel of loss curves per optimizer (`runs[panel title][init] = History`), same inits in the same cues.

    A linear loss axis by default: a loss that reaches exactly 0 in float32 stays on the plot.
    The legend is drawn once, in the first panel: the cues are the same in every panel, and a
    legend in the others would cover curves that fall late.
    """
    fig, axes = new_figure(len(runs), width=4.6, height=3.7, title=title, sharey=True)
    for k, (ax, (name, histories)) in enumerate(zip(axes, runs.items())):
        loss_curves(ax, histories, chance=chance, title=name, log=log)
        if k and ax.get_legend() is not None:
            ax.get_legend().remove()
    return fig
