"""Figures of lesson 05 (dying ReLU): which unit is on for which sample, and the bias explorer's panels."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import torch
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from .. import style
from . import new_figure


def draw_activity(
    ax: Axes,
    active: Sequence[torch.Tensor],
    order: np.ndarray | None = None,
    *,
    boundary: int | None = None,
    title: str | None = None,
) -> list[int]:
    """Units (rows, layer after layer) against samples (columns): blue where a unit is on, pale where it is 0.

    `active` is what `initviz.lessons.dying.activity` returns (one (samples, units) tensor per
    layer). Dead units (rows with no active sample) get a red cross right of the row; thin lines
    separate the layers. `order` sorts the samples; `boundary` draws a dashed line before that
    column (where the class changes). Returns the number of dead units per layer.
    """
    blocks = [np.asarray(a, dtype=float).T for a in active]  # (units, samples) each
    a = np.concatenate(blocks)
    if order is not None:
        a = a[:, order]
    samples = a.shape[1]
    ax.imshow(
        a, aspect="auto", interpolation="nearest", vmin=0, vmax=1, cmap=ListedColormap(["#EEEEEE", style.PALETTE[0]])
    )
    dead = np.flatnonzero(a.sum(1) == 0)
    margin = max(4, round(0.05 * samples))  # a white strip right of the samples for the crosses
    ax.plot(
        np.full(len(dead), samples - 0.5 + margin / 2),
        dead,
        marker="X",
        color="#D55E00",
        markersize=9,
        linestyle="none",
        label="dead unit",
    )
    starts = np.cumsum([0] + [len(b) for b in blocks])
    for start in starts[1:-1]:
        ax.axhline(start - 0.5, color="black", linewidth=1.5)
    ax.set_yticks((starts[:-1] + starts[1:] - 1) / 2, [f"layer {k + 1}" for k in range(len(blocks))])
    if boundary is not None:
        ax.axvline(boundary - 0.5, color="black", linestyle="--", linewidth=1.2)
    ax.set_xlim(-0.5, samples - 0.5 + margin)
    ax.set_ylim(len(a) - 0.5, -0.5)
    ax.set_xlabel("sample (sorted by class; class 0 left of the dashed line)")
    ax.grid(False)
    if title:
        ax.set_title(title)
    return [int((b.sum(1) == 0).sum()) for b in blocks]


def bias_explorer(
    grid: np.ndarray, biases: Sequence[float], scales: Sequence[float], depth: int
) -> tuple[Figure, Callable[[dict], None]]:
    """The figure of `explore_dying` and its draw function.

    Left: the fraction of dead units in each of the `depth` layers (bars, redrawn by `draw`).
    Right: `grid`, the whole net's dead fraction over `biases` (x) and `scales` (y), with the current
    setting marked. `draw(result)` takes a result of `initviz.lessons.dying.dead_by_bias`.
    """
    fig, (ax_l, ax_m) = new_figure(
        2,
        width=4.8,
        height=3.6,
        title=r"A negative bias kills units once it outweighs the spread of $\mathbf{w} \cdot \mathbf{h}$",
    )
    half = (biases[1] - biases[0]) / 2
    image = ax_m.imshow(
        grid,
        origin="lower",
        aspect="auto",
        vmin=0,
        vmax=1,
        cmap="cividis",
        interpolation="nearest",
        extent=(biases[0] - half, biases[-1] + half, -0.5, len(scales) - 0.5),
    )
    fig.colorbar(image, ax=ax_m, label="dead fraction (whole net)")
    ax_m.set_yticks(range(len(scales)), [f"{s:g}" for s in scales])
    ax_m.set_xlabel("initial bias b")
    ax_m.set_ylabel("weight scale (x He)")
    ax_m.set_title("dead fraction over bias and scale")
    ax_m.grid(False)
    (marker,) = ax_m.plot(
        [],
        [],
        marker="X",
        markersize=14,
        color="#D55E00",
        markeredgecolor="white",
        linestyle="none",
    )
    layers = np.arange(1, depth + 1)
    bars = ax_l.bar(layers, np.zeros(depth), color=style.PALETTE[0], edgecolor="black", hatch="//")
    labels = [ax_l.text(i, 0, "", ha="center", va="bottom") for i in layers]
    ax_l.set_ylim(0, 1.12)
    ax_l.set_xticks(layers)
    ax_l.set_xlabel("hidden layer")
    ax_l.set_ylabel("fraction of units dead")

    def draw(r: dict) -> None:
        for bar, label, v in zip(bars, labels, r["per_layer"]):
            bar.set_height(v)
            label.set_y(v + 0.02)
            label.set_text(f"{v:.2f}")
        ax_l.set_title(f"b = {r['bias']:+.2f}, scale {r['scale']:g}: {r['total']:.0%} dead")
        marker.set_data([r["bias"]], [list(scales).index(r["scale"])])

    return fig, draw
