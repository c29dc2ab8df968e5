"""Figures of lesson 06 (saturation): the saturation explorer's two panels."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from matplotlib.figure import Figure

from .. import style
from ..lessons.saturation import saturation_edges, slope
from . import new_figure


def saturation_explorer(depth: int) -> tuple[Figure, Callable[[dict], None]]:
    """The figure of `explore_saturation` and its draw function, for a net of `depth` hidden layers.

    Left: the histogram of one layer's pre-activations over the slope phi'(z), flat tails shaded.
    Right: per layer, the saturated fraction (bars) and the norm of the loss gradient for the
    layer's weights (line, log scale). `draw(result)` takes a result of
    `initviz.lessons.saturation.saturation_by_layer` with the shown `layer` added.
    """
    fig, (ax_h, ax_l) = new_figure(
        2, width=4.8, height=3.7, title="Large weights push pre-activations into the flat tails"
    )
    fig.get_layout_engine().set(wspace=0.12)  # type: ignore[union-attr,call-arg]  # constrained layout  # room between the left panel's right axis and the right panel
    layers = np.arange(1, depth + 1)
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
        np.zeros(depth),
        color=style.PALETTE[1],
        edgecolor="black",
        hatch="..",
        alpha=0.8,
        label="saturated fraction",
    )
    (line,) = ax_g.plot(
        layers, np.ones(depth), color=style.PALETTE[0], marker="o", linestyle="-", label="gradient norm"
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
        z_low, z_high = saturation_edges(name)
        for patch, (lo, hi) in zip(tails, ((-edge, z_low), (z_high, edge))):
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

    return fig, draw
