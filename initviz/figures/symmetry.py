"""Figures of lesson 01: how far apart the hidden units are, the loss, and the decision boundary."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
from matplotlib.figure import Figure

from .. import style
from ..lessons.symmetry import SPLIT, STEPS, predict
from ..style import MARKERS, PALETTE
from . import new_figure

_FLOOR, _CEIL = 1e-10, 10.0  # the spread panel's fixed y limits, so that slider positions compare


def noise_label(noise: float) -> str:
    """A noise std as the slider shows it: "0", "1e-8", ..., "1"."""
    return "0" if noise == 0 else f"{noise:.0e}".replace("e-0", "e-").replace("e+00", "")


def headline(r: dict, label: str) -> str:
    """The figure's title: what the run shows, in words."""
    if r["steps"] == 0:
        return f"Noise {label}: the start, before any training step"
    if r["noise"] == 0:
        return "No noise: the 16 units stay one unit, however long they train"
    if r["split_at"] == 0:
        return f"Noise {label}: the units differ from the start, and the loss falls at once"
    if r["split_at"] is None:
        return f"Noise {label}: not split apart yet after {r['steps']} steps (try more steps)"
    return f"Noise {label}: the units split apart at step {r['split_at']}, and then the loss falls"


def symmetry_panels(x: torch.Tensor, y: torch.Tensor) -> tuple[Figure, Callable[[dict], None]]:
    """The explorer's figure for the task (x, y), and its draw function.

    `draw(result)` takes what `initviz.lessons.symmetry.symmetry_run` returns. Left: how far
    apart the 16 hidden units are; middle: the loss; right: the decision boundary after the
    last step. Only the changing artists are redrawn on an update.
    """
    with style.context():  # artists built here keep the course's fonts and sizes, setup() or not
        fig, (ax_s, ax_l, ax_b) = new_figure(3, width=3.3, height=3.3, title=" ")  # 990 px: fits a JupyterLab column
        every = max(STEPS) // 8

        # left: spread of the units (log axis, fixed limits so that slider positions compare)
        (spread_line,) = ax_s.plot([], [], color=PALETTE[0], linestyle="-", marker="o")
        identical = ax_s.text(
            0.5,
            0.5,
            "exactly 0 at every step:\nthe units are identical",
            transform=ax_s.transAxes,
            ha="center",
            va="center",
            color=PALETTE[3],
            fontweight="bold",
            visible=False,
        )
        ax_s.axhline(SPLIT, color="grey", linestyle=":", linewidth=1.5, label=f"split apart: {SPLIT:g}")
        ax_s.legend(frameon=False, loc="lower right")
        ax_s.set(
            yscale="log",
            ylim=(_FLOOR, _CEIL),
            xlim=(0, max(STEPS)),
            xlabel="step",
            ylabel="largest weight difference\nbetween hidden units",
            title="how far apart the units are",
        )

        # middle: the loss, with chance level
        (loss_line,) = ax_l.plot([], [], color=PALETTE[1], linestyle="--", marker="s", label="training loss")
        ax_l.axhline(math.log(2), color="grey", linestyle=":", linewidth=1.5, label="ln 2 (chance)")
        ax_l.set(
            yscale="log",
            ylim=(0.01, 3.0),
            xlim=(0, max(STEPS)),
            xlabel="step",
            ylabel="loss (cross-entropy)",
            title="training loss",
        )
        ax_l.legend(frameon=False, loc="lower left")

        # right: the data once, the predicted regions on every update
        lo, hi = x.min(0).values.numpy() - 0.3, x.max(0).values.numpy() + 0.3
        gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], 80), np.linspace(lo[1], hi[1], 80))
        grid = np.stack([gx.ravel(), gy.ravel()], 1)
        for k in (0, 1):
            pts = x[y == k].numpy()
            ax_b.scatter(
                pts[:, 0],
                pts[:, 1],
                s=20,  # circle vs square readable without colour
                color=PALETTE[k],
                marker=MARKERS[k],
                edgecolor="white",
                linewidth=0.3,
                label=f"class {k}",
                zorder=3,
            )
        ax_b.set(xlim=(lo[0], hi[0]), ylim=(lo[1], hi[1]), xlabel="$x_1$", ylabel="$x_2$", aspect="equal")
        ax_b.grid(False)
        # below the panel: at 11 pt, inside it would cover the outer ring
        ax_b.legend(
            frameon=False,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.2),
            ncol=2,
            markerscale=1.5,
            handletextpad=0.1,
            columnspacing=1.0,
        )

    regions: list = []

    def draw(r: dict) -> None:
        step = np.arange(r["steps"] + 1)
        zero = not r["spread"].any()
        spread_line.set_data(([], []) if zero else (step, np.clip(r["spread"], _FLOOR, None)))
        spread_line.set_markevery(every)
        identical.set_visible(zero)
        loss_line.set_data(step, r["loss"])
        loss_line.set_markevery(every)
        while regions:
            regions.pop().remove()
        pred = predict(r["params"], grid, r["activation"]).reshape(gx.shape).astype(float)
        regions.append(ax_b.contourf(gx, gy, pred, levels=[-0.5, 0.5, 1.5], colors=PALETTE[:2], alpha=0.35, zorder=0))
        # flush with the panel's right edge, the figure's: centred, "100% right" is wider than the square panel
        ax_b.set_title(f"after {r['steps']} steps: {100 * r['accuracy']:.0f}% right", loc="right")
        fig.suptitle(headline(r, noise_label(r["noise"])), fontweight="bold")

    return fig, draw
