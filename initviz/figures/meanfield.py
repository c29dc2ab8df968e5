"""The order/chaos figure of tanh nets: the (sigma_w, sigma_b) plane, and one point's signal and gradient by depth.

`order_chaos_figure(diagram)` builds the figure from `initviz.lessons.meanfield.phase_diagram()`
and returns it with `draw(result)`, which shows one `order_chaos` result: the point in the
plane, and its forward and backward signal per layer, measured and by mean-field theory.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import Collection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator, NullFormatter

from .. import style
from ..frames import keep_with_frame
from .xavier import times

REFERENCES = {"gain 1\n(Xavier, LeCun)": (1.0, 0.0, "o"), "gain 5/3\n(PyTorch)": (5 / 3, 0.0, "s")}


def order_chaos_figure(diagram: Mapping) -> tuple[Figure, Callable[[Mapping], None]]:
    """The plane (left: colour = fixed-point std sqrt(q*), black line chi = 1) and two depth panels (right)."""
    with style.context():
        fig = Figure(figsize=(9.9, 5.6), layout="constrained")
        FigureCanvasAgg(fig)
        axes = fig.subplot_mosaic([["plane", "forward"], ["plane", "backward"]], width_ratios=[1.15, 1])
        fig.suptitle(" ", fontweight="bold")
        plane, forward, backward = axes["plane"], axes["forward"], axes["backward"]
        _draw_plane(fig, plane, diagram)
        (point,) = plane.plot(
            [],
            [],
            marker="*",
            markersize=22,
            color=style.PALETTE[1],
            markeredgecolor="black",
            linestyle="none",
            clip_on=False,
            zorder=6,  # over the legend, which is drawn with the frame (see _draw_plane)
        )
        lines = {}
        for ax, key in ((forward, "forward"), (backward, "backward")):
            (lines[key],) = ax.plot([], [], color=style.PALETTE[0], marker="o", markersize=4, label="measured")
            (lines["predicted_" + key],) = ax.plot(
                [], [], color="black", linestyle=":", linewidth=2, label="mean field"
            )
            ax.set_yscale("log")
            ax.yaxis.set_minor_formatter(NullFormatter())  # no minor labels: fewer texts to draw per update
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        fixed = forward.axhline(1.0, color=style.PALETTE[2], linestyle="--", linewidth=1.5, label=r"$\sqrt{q^*}$")
        backward.axhline(1.0, color="grey", linestyle="-", linewidth=1)
        forward.set(ylabel=r"forward: std of $z_l$")
        backward.set(xlabel="layer $l$", ylabel="backward: gradient\n(top layer = 1)")
        legend = forward.legend(
            frameon=False, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, handlelength=1.6, columnspacing=1.0
        )
        keep_with_frame(legend)  # above the panel, clear of the lines

    def draw(r: Mapping) -> None:
        point.set_data([r["sigma_w"]], [r["sigma_b"]])
        layers = np.arange(1, r["depth"] + 1)
        for key in ("forward", "backward", "predicted_forward", "predicted_backward"):
            values = np.asarray(r[key], dtype=float)
            ok = np.isfinite(values) & (values > 0)
            lines[key].set_data(layers[ok], values[ok])
        fixed.set_ydata([max(np.sqrt(r["q_star"]), 1e-300)] * 2)
        fixed.set_visible(r["q_star"] > 1e-6)
        for ax, keys in ((forward, ("forward", "predicted_forward")), (backward, ("backward", "predicted_backward"))):
            values = np.concatenate([np.asarray(r[k], dtype=float) for k in keys])
            if ax is forward and r["q_star"] > 1e-6:
                values = np.append(values, np.sqrt(r["q_star"]))
            ax.set_ylim(*_log_limits(values))
            ax.set_xlim(0, r["depth"] + 1)
        ratio = float(r["backward"][0])
        verdict = {
            "ordered": "ordered, the gradient shrinks",
            "critical": "edge of chaos, the gradient changes slowly",
            "chaotic": "chaotic, the gradient grows",
        }[r["phase"]]
        fig.suptitle(
            rf"$\sigma_w = {r['sigma_w']:.3g},\ \sigma_b = {r['sigma_b']:g}$: {verdict} "
            rf"($\chi = {r['chi']:.2f}$; layer {r['depth']}$\to$1 {times(ratio)})",
            fontweight="bold",
        )

    return fig, draw


def _draw_plane(fig: Figure, ax, diagram: Mapping) -> None:
    """The still part of the plane: sqrt(q*) as colour, the chi = 1 line, the two phases, reference gains."""
    w, b = diagram["sigma_w"], diagram["sigma_b"]
    # Filled bands, not an image: a dozen paths draw faster than an image resampled at every update.
    bands = ax.contourf(w, b, np.sqrt(diagram["q_star"]), levels=np.arange(0.0, 2.51, 0.25), cmap="cividis")
    bar = fig.colorbar(bands, ax=ax, label=r"$\sqrt{q^*}$: std of $z$ at the fixed point", shrink=0.9, ticks=[0, 1, 2])
    ax.plot(diagram["critical_w"], b, color="white", linewidth=4)
    ax.plot(diagram["critical_w"], b, color="black", linewidth=2.5, label=r"$\chi = 1$: edge of chaos")
    box = {"facecolor": "white", "alpha": 0.85, "edgecolor": "none", "boxstyle": "round,pad=0.3"}
    ax.text(0.95, 0.62, "ordered\n" + r"$\chi < 1$", ha="center", va="center", bbox=box)
    ax.text(2.15, 0.45, "chaotic\n" + r"$\chi > 1$", ha="center", va="center", bbox=box)
    for label, (x, y, marker) in REFERENCES.items():
        ax.plot([x], [y], marker=marker, markersize=10, color="white", markeredgecolor="black", clip_on=False)
        ax.annotate(label, (x, y), xytext=(0, 14), textcoords="offset points", ha="center", va="bottom", bbox=box)
    ax.set(
        xlabel=r"weight scale $\sigma_w$",
        ylabel=r"bias std $\sigma_b$",
        title="tanh: the order/chaos plane",
        xticks=[0.5, 1, 1.5, 2, 2.5],
        yticks=[0, 0.25, 0.5, 0.75, 1],
    )
    ax.grid(False)
    legend = ax.legend(frameon=True, loc="upper left", framealpha=0.85)
    # All of it still, and under the moving point: drawn once with the panels' frames.
    keep_with_frame(*(a for a in ax.get_children() if isinstance(a, (Collection, Line2D, Text))), *ax.spines.values())
    keep_with_frame(legend, *(a for a in bar.ax.get_children() if isinstance(a, Collection)))


def _log_limits(values: np.ndarray) -> tuple[float, float]:
    """Log-axis limits around the finite positive `values`, at least two decades wide (a flat line reads as flat)."""
    ok = values[np.isfinite(values) & (values > 0)]
    lo, hi = (float(ok.min()), float(ok.max())) if ok.size else (1.0, 1.0)
    lo, hi = lo / 1.5, hi * 1.5
    if hi / lo < 100:
        mid = np.sqrt(lo * hi)
        lo, hi = mid / 10, mid * 10
    return lo, hi
