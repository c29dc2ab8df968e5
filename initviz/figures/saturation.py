"""Figures of lesson 06 (saturation): the saturation explorer's three panels, and Glorot & Bengio's top layer."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, LogLocator, NullFormatter, NullLocator

from .. import style
from ..lessons.saturation import saturation_edges, slope
from . import new_figure

#: The gradient panel's fixed range (std of d loss / d z relative to the top hidden layer): wide enough
#: for every setting of the explorer (1e-6 for sigmoid at s = 0.25 to 39 for tanh at s = 8), fixed so
#: that tick labels, and with them the layout, never change while a slider moves.
GRADIENT_RANGE = (1e-7, 1e2)
_PEAK = {"tanh": 1.0, "sigmoid": 0.25}  # phi'(0), the largest slope


def saturation_explorer(depth: int) -> tuple[Figure, Callable[[dict], None]]:
    """The figure of `explore_saturation` and its draw function, for a net of `depth` hidden layers.

    Three panels, one y axis each, with fixed y limits and ticks (so a slider never changes the
    layout): (1) one layer's pre-activations z as a histogram and the slope phi'(z), each divided by
    its peak, flat tails hatched; (2) the saturated fraction per layer (bars); (3) the std of the
    gradient d loss / d z per layer relative to the top hidden layer (log). `draw(result)` takes a
    result of `initviz.lessons.saturation.saturation_by_layer` with the shown `layer` added.
    """
    fig, (ax_h, ax_b, ax_g) = new_figure(
        3, width=3.3, height=3.5, title="Large weights push pre-activations into the flat tails"
    )
    layers = np.arange(1, depth + 1)
    # (1) histogram of z and the slope, each / its peak, on one axis from 0 to 1.
    hist = ax_h.stairs(
        np.zeros(60),
        np.linspace(-1, 1, 61),
        fill=True,
        facecolor=(0.0, 0.447, 0.698, 0.45),
        edgecolor=style.PALETTE[0],
        linewidth=1.5,
        label="z (histogram)",
    )
    (curve,) = ax_h.plot([], [], color="black", linestyle="--", linewidth=2.0, label=r"$\phi'(z)$")
    tails = [
        ax_h.axvspan(0, 0, color="0.6", alpha=0.3, hatch="//", linewidth=0, label="saturated"),
        ax_h.axvspan(0, 0, color="0.6", alpha=0.3, hatch="//", linewidth=0),
    ]
    ax_h.set_ylim(0, 1.32)
    ax_h.yaxis.set_major_locator(FixedLocator([0, 0.5, 1]))
    ax_h.set_ylabel("share of the peak")
    ax_h.legend(frameon=False, loc="upper left", ncols=2, handlelength=1.2, columnspacing=0.8)
    # (2) saturated fraction per layer.
    bars = ax_b.bar(layers, np.zeros(depth), color=style.PALETTE[1], edgecolor="black", hatch="..")
    ax_b.set_ylim(0, 1.05)
    ax_b.yaxis.set_major_locator(FixedLocator([0, 0.25, 0.5, 0.75, 1]))
    ax_b.set_xticks(layers)
    ax_b.set_xlabel("hidden layer")
    ax_b.set_ylabel("fraction saturated")
    # (3) gradient std per layer relative to the top hidden layer.
    (line,) = ax_g.plot(layers, np.ones(depth), color=style.PALETTE[0], marker="o", linestyle="-")
    ax_g.axhline(1.0, color="grey", linestyle=":", linewidth=1.5)
    ax_g.set_yscale("log")
    ax_g.set_ylim(*GRADIENT_RANGE)
    ax_g.yaxis.set_major_locator(FixedLocator([1e-6, 1e-4, 1e-2, 1, 1e2]))
    ax_g.yaxis.set_minor_locator(LogLocator(numticks=12, subs=(1.0,)))
    ax_g.yaxis.set_minor_formatter(NullFormatter())
    ax_g.xaxis.set_minor_locator(NullLocator())
    ax_g.set_xticks(layers)
    ax_g.set_xlabel("hidden layer")
    ax_g.set_ylabel(rf"std of $\partial L/\partial z$, ÷ layer {depth}")

    def draw(r: dict) -> None:
        name, k = r["activation"], r["layer"]
        z = r["pre"][k - 1]
        edge = max(6.0, float(np.quantile(np.abs(z), 0.995)))
        counts, bins = np.histogram(z, bins=60, range=(-edge, edge))
        hist.set_data(counts / counts.max(), bins)
        ax_h.set_xlim(-edge, edge)
        z_low, z_high = saturation_edges(name)
        for patch, (lo, hi) in zip(tails, ((-edge, z_low), (z_high, edge))):
            patch.set_x(lo)
            patch.set_width(hi - lo)
        grid = np.linspace(-edge, edge, 241)
        curve.set_data(grid, slope(name, grid) / _PEAK[name])
        ax_h.set_xlabel("pre-activation z")  # the title names the layer: the frame stays put as it changes
        ax_h.set_title(f"layer {k}: {r['saturated'][k - 1]:.0%} saturated")
        for bar, v in zip(bars, r["saturated"]):
            bar.set_height(v)
        ax_b.set_title(f"{name}, s = {r['scale']:g}")
        g = r["grad_std"] / r["grad_std"][-1]
        line.set_ydata(np.clip(g, *GRADIENT_RANGE))
        ax_g.set_title(f"layer 1: ×{g[0]:.2g}")

    return fig, draw


def top_layer_figure(sigmoid: dict, tanh: dict) -> Figure:
    """Two results of `initviz.lessons.saturation.top_layer_training`, side by side.

    Left: the sigmoid net's mean activation of every hidden layer against the training step (the
    top layer falls towards 0). Right: the loss of both nets, with the loss of predicting the class
    frequencies alone (what the output biases can reach) as a grey line.
    """
    fig, (ax_m, ax_l) = new_figure(
        2, width=4.6, height=3.6, title="Sigmoid: the top hidden layer is driven to 0, and learning stalls"
    )
    depth = sigmoid["mean"].shape[1]
    for k in range(depth):
        c = style.cue(k)
        ax_m.plot(sigmoid["step"], sigmoid["mean"][:, k], label=f"layer {k + 1}", markevery=4, **c)
    ax_m.set_ylim(0, 1)
    ax_m.set_xlabel("training step")
    ax_m.set_ylabel("mean activation h")
    ax_m.set_title("sigmoid net, each hidden layer")
    ax_m.legend(frameon=False, loc="upper right", ncols=2)
    for i, r in enumerate((sigmoid, tanh)):
        ax_l.plot(r["step"], r["loss"], label=r["activation"], markevery=4, **style.cue(i))
    ax_l.axhline(sigmoid["prior_loss"], color="grey", linestyle=":", linewidth=1.5, label="class frequencies only")
    ax_l.set_ylim(0, 2.6)
    ax_l.set_xlabel("training step")
    ax_l.set_ylabel("loss (whole data set)")
    ax_l.set_title("the same net, sigmoid or tanh")
    ax_l.legend(frameon=False, loc="center right")
    return fig
