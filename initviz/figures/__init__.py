"""The standard figures of the course, built as matplotlib `Figure` objects without pyplot.

Each builder returns a `Figure`, or draws into an `ax` it is given, so notebooks can
compose grids. `show(fig)` displays one in a notebook and returns None.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence

import matplotlib
import numpy as np
import torch
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .. import style
from ..i18n import tr
from ..i18n.figures import translate_figure, untranslated
from ..pngfile import png_bytes
from ..training import History


def new_figure(
    ncols: int = 1,
    nrows: int = 1,
    *,
    width: float = 4.2,
    height: float = 3.4,
    title: str | None = None,
    sharey: bool = False,
    sharex: bool = False,
) -> tuple[Figure, np.ndarray]:
    """A figure of nrows x ncols panels, each about width x height inches; axes as a flat array.

    Built in the course style (`style.context()`), whatever the global rcParams say.
    """
    with style.context():
        fig = Figure(figsize=(width * ncols, height * nrows + (0.4 if title else 0)), layout="constrained")
        FigureCanvasAgg(fig)
        axes = fig.subplots(nrows, ncols, squeeze=False, sharey=sharey, sharex=sharex)
        if title:
            fig.suptitle(title, fontweight="bold")
    return fig, axes.ravel()


def png(fig: Figure, *, dpi: float | None = None) -> bytes:
    """The figure as PNG bytes, at its own dpi unless told (fast, lightly compressed).

    The figure is drawn once on its Agg canvas and the pixels are encoded by `encode` at
    compression level 1 (RGB when every pixel is opaque): the same image as
    `fig.savefig(format="png")`, in about half the time, since `savefig` draws a figure
    that has a layout engine twice. Figures that `savefig` would treat differently
    (another dpi, another canvas, savefig rcParams changed) go through `savefig`.
    """
    if not drawn_in_place(fig, dpi):
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=dpi or fig.dpi, pil_kwargs={"compress_level": 1})
        return buf.getvalue()
    fig.canvas.draw()
    return encode(fig)


def encode(fig: Figure) -> bytes:
    """PNG bytes of what `fig`'s Agg canvas holds now, i.e. after `fig.canvas.draw()` (see `png`).

    For callers that draw, look at what was drawn and maybe draw again before encoding once
    (the explorers); only for a figure where `drawn_in_place(fig)` holds. RGB when every
    pixel is opaque; written by `initviz.pngfile` (a third of Pillow's time, same pixels).
    """
    rgba = np.asarray(fig.canvas.buffer_rgba())  # type: ignore[attr-defined]  # an Agg canvas (see drawn_in_place)
    if (rgba[..., 3] == 255).all():
        h, w, _ = rgba.shape
        rgb = np.frombuffer(_rgb_image(rgba).tobytes(), np.uint8).reshape(h, w, 3)
        return png_bytes(rgb, dpi=fig.dpi, software=_SOFTWARE)
    return png_bytes(rgba, dpi=fig.dpi, software=_SOFTWARE)


def _rgb_image(rgba: np.ndarray):  # -> PIL.Image.Image (Pillow imported only when needed)
    """A Pillow RGB image of an (height, width, 4) RGBA array, its alpha dropped.

    Pillow skips the alpha byte while it unpacks the buffer (as "RGBX"): a third of the
    time numpy takes to copy the RGB bytes out of RGBA.
    """
    from PIL import Image

    h, w, _ = rgba.shape
    return Image.frombytes("RGB", (w, h), rgba.data, "raw", "RGBX")


def encode_preview(fig: Figure) -> bytes:
    """JPEG bytes (quality 90, no chroma subsampling) of what `fig`'s Agg canvas holds now, like `encode`.

    For an image shown only for a moment, while a slider moves: about half the time
    `encode` takes at the display size (3-4 ms against 6-12 for an explorer), with softer
    edges that nobody sees in motion. Every image that stays (and every stored one) is a PNG.
    """
    rgba = np.asarray(fig.canvas.buffer_rgba())  # type: ignore[attr-defined]  # an Agg canvas
    buf = io.BytesIO()
    _rgb_image(rgba).save(buf, format="jpeg", quality=90, subsampling=0)
    return buf.getvalue()


_SOFTWARE = f"Matplotlib version{matplotlib.__version__}, https://matplotlib.org/"


def drawn_in_place(fig: Figure, dpi: float | None = None) -> bool:
    """Whether `savefig(format="png")` would just draw `fig` at its own dpi on its Agg canvas,
    so that `fig.canvas.draw()` then `encode(fig)` make the same PNG."""
    rc = matplotlib.rcParams
    return (
        isinstance(fig.canvas, FigureCanvasAgg)
        and fig.canvas.figure is fig
        and (dpi is None or dpi == fig.dpi)
        and rc["savefig.facecolor"] == "auto"
        and rc["savefig.edgecolor"] == "auto"
        and not rc["savefig.transparent"]
        and rc["savefig.bbox"] in (None, "standard")
    )


def display_size(fig: Figure) -> tuple[int, int]:
    """Width and height in CSS pixels at which the figure is shown (its PNG holds more pixels: see style)."""
    w, h = (fig.get_size_inches() * style.DISPLAY_DPI).round().astype(int)
    return int(w), int(h)


def describe(fig: Figure) -> str:
    """A stable one-line text for a figure: its size in pixels and its title."""
    w, h = display_size(fig)
    suptitle = fig.get_suptitle()
    title = suptitle if suptitle else ""
    return f"<Figure {w}x{h}: {title}>" if title else f"<Figure {w}x{h}>"


def show(fig: Figure) -> None:
    """Display `fig` in the notebook at its display size (stored at 2x); returns None (nbval-stable)."""
    from IPython.display import publish_display_data

    translate_figure(fig)
    with style.context():
        data = png(fig)
    w, h = display_size(fig)
    metadata: dict = {"image/png": {"width": w, "height": h}}
    missing = untranslated(fig)
    if missing:  # invisible to the reader; tests/test_editions.py fails on it
        metadata["initviz"] = {"untranslated": missing}
    publish_display_data({"image/png": data, "text/plain": describe(fig)}, metadata=metadata)


LAYER_STEPS = (5, 10, 20, 50, 100, 200, 500, 1000)


def layer_limits(first: int, last: int) -> tuple[float, float]:
    """x limits of a panel over layers `first`..`last`: the right end rounded up to a whole step.

    The step is 5 layers (10 past 60, ...): a depth slider then moves the axis once every
    5 values and not on each, so the eye follows the curve growing against an axis that
    stays put (and an explorer reuses the frame it drew: `initviz.frames`). A margin of
    3% on both sides keeps the end markers whole.
    """
    step = next((s for s in LAYER_STEPS if last <= 12 * s), LAYER_STEPS[-1])
    right = max(step, step * math.ceil(last / step))
    pad = 0.03 * (right - first)
    return first - pad, right + pad


def round_up(value: float) -> float:
    """The smallest of 1, 1.5, 2, 3, 4, 5, 6, 8 times a power of 10 that is at least `value` (> 0).

    For a linear axis whose end follows the data (a histogram's highest density, a
    spread): the end lands on a round number at most half above the data's, and moves
    in such steps, not with every change of a slider. Non-positive or non-finite values come back as they are.
    """
    if not (value > 0 and math.isfinite(value)):
        return value
    decade = 10.0 ** math.floor(math.log10(value))
    for m in (1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0):
        if m * decade >= value * (1 - 1e-12):
            return m * decade
    return 10 * decade


def reset(ax: Axes) -> None:
    """Empty a panel for redrawing, like `ax.clear()` but several times cheaper (use it in explorers).

    Removes every line, patch, collection, image, text and the legend; empties the
    titles and axis labels; resets the scales to linear, the limits to autoscaling,
    the aspect, grid and colour cycle to the style's. Unlike `ax.clear()` it keeps the
    axes' tick and spine objects instead of rebuilding them, which is most of the cost
    (about 16 ms of 20 per panel). A builder called after it draws the same figure as
    after `ax.clear()`. (Font properties given to `set_title`/`set_xlabel` as keywords,
    and tick settings, are kept: pass them again or use `ax.clear()`.)
    """
    for artist in (
        *ax.lines,
        *ax.patches,
        *ax.collections,
        *ax.images,
        *ax.texts,
        *ax.artists,
        *ax.tables,
        *ax.child_axes,
    ):
        artist.remove()
    legend = ax.get_legend()
    if legend is not None:
        legend.remove()
    for loc in ("center", "left", "right"):
        ax.set_title("", loc=loc)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_xscale("linear")
    ax.set_yscale("linear")
    ax.set_aspect("auto")
    rc = matplotlib.rcParams
    ax.grid(False)
    if rc["axes.grid"]:
        ax.grid(True, which=rc["axes.grid.which"], axis=rc["axes.grid.axis"])
    ax.set_prop_cycle(None)
    ax.margins(x=rc["axes.xmargin"], y=rc["axes.ymargin"])
    ax.relim()
    ax.autoscale(True)


def histograms(
    ax: Axes,
    values: Sequence[np.ndarray | torch.Tensor],
    *,
    labels: Sequence[str] | None = None,
    bins: int | np.ndarray = 60,
    range: tuple[float, float] | None = None,
    density: bool = True,
    xlabel: str = "value",
    title: str | None = None,
) -> None:
    """Overlaid outline histograms (numpy + `stairs`), one per entry of `values` (e.g. per layer)."""
    arrays = [np.asarray(v.detach() if isinstance(v, torch.Tensor) else v, dtype=float).ravel() for v in values]
    finite = np.concatenate([a[np.isfinite(a)] for a in arrays]) if arrays else np.zeros(1)
    if range is None:
        lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (-1.0, 1.0)
        range = (lo, hi) if hi > lo else (lo - 1.0, hi + 1.0)
    edges = np.linspace(range[0], range[1], bins + 1) if isinstance(bins, (int, np.integer)) else np.asarray(bins)
    for i, a in enumerate(arrays):
        counts, _ = np.histogram(a[np.isfinite(a)], bins=edges, density=density and np.isfinite(a).any())
        c = style.cue(i)
        ax.stairs(
            counts,
            edges,
            color=c["color"],
            linestyle=c["linestyle"],
            linewidth=1.8,
            label=labels[i] if labels else None,
        )
    ax.set_xlabel(xlabel)
    ax.set_ylabel("density" if density else "count")
    if labels:
        ax.legend(frameon=False)
    if title:
        ax.set_title(title)


def by_depth(
    ax: Axes,
    series: Mapping[str, Sequence[float]],
    *,
    predicted: Mapping[str, Sequence[float]] | None = None,
    ylabel: str = "std",
    title: str | None = None,
    log: bool = True,
) -> None:
    """Per-layer values (std, norm ...) against depth, one line per entry; dashed grey for theory.

    Non-finite values are not drawn as lines: the last finite point is marked with a
    red cross and the words 'inf/NaN', so an overflow reads as such.
    """
    for i, (label, values) in enumerate(series.items()):
        v = np.asarray(values, dtype=float)
        depth = np.arange(1, len(v) + 1)
        ok = np.isfinite(v) & ((v > 0) if log else True)
        c = style.cue(i)
        ax.plot(depth[ok], v[ok], label=label, color=c["color"], linestyle=c["linestyle"], marker=c["marker"])
        if (~np.isfinite(v)).any():
            first_bad = int(np.argmax(~np.isfinite(v)))
            mark_diverged(ax, depth[first_bad], v[ok][-1] if ok.any() else 1.0)
        if predicted and label in predicted:
            p = np.asarray(predicted[label], dtype=float)
            ax.plot(
                np.arange(1, len(p) + 1),
                p,
                color=c["color"],
                linestyle=":",
                linewidth=1.5,
                marker=None,
                alpha=0.8,
                label=f"{label}: theory",
            )
    if log:
        ax.set_yscale("log")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))  # whole layers, on the limits' step
    longest = max((len(v) for v in series.values()), default=1)
    ax.set_xlim(*layer_limits(1, longest))
    ax.set_xlabel("layer")
    ax.set_ylabel(ylabel)
    ax.legend(frameon=False)
    if title:
        ax.set_title(title)


def mark_diverged(ax: Axes, x: float, y: float | None, text: str = "inf/NaN") -> None:
    """A red cross with a label where a curve stopped being finite: at height `y`, or with
    `y=None` on the top edge of the axes (for a curve that left through the top first)."""
    if y is None:  # x in data coordinates, y in axes coordinates: stays on the edge whatever the y limits
        transform, y, offset, va = ax.get_xaxis_transform(), 0.96, (8, -4), "center"
    else:
        transform, offset, va = ax.transData, (6, 6), "baseline"
    ax.plot(
        [x],
        [y],
        transform=transform,
        marker="X",
        markersize=12,
        color="#D55E00",
        linestyle="none",
        zorder=5,
        clip_on=transform is ax.transData,
    )
    ax.annotate(
        text,
        (x, y),
        xycoords=transform,
        textcoords="offset points",
        xytext=offset,
        va=va,
        color="#D55E00",
        fontweight="bold",
    )


def loss_curves(
    ax: Axes,
    histories: Mapping[str, History],
    *,
    title: str | None = None,
    log: bool = True,
    chance: float | None = None,
) -> None:
    """Training loss against step for each history; divergence marked 'diverged' at its step.

    On a log axis, a diverged run's climb to 1e20 would flatten every other curve: the
    axis then stops a decade above the highest loss of the runs that did not diverge,
    and the diverged run leaves through the top edge. Its cross is drawn on that edge, at
    the step where the loss became inf/NaN (at its last finite loss if that is on the plot).
    """
    calm = [v for h in histories.values() if not h.diverged for v in h.loss if math.isfinite(v) and v > 0]
    top = 10 * max(calm) if (log and calm and any(h.diverged for h in histories.values())) else None
    for i, (label, h) in enumerate(histories.items()):
        loss = np.asarray(h.loss, dtype=float)
        ok = np.isfinite(loss)
        c = style.cue(i)
        steps = np.arange(len(loss))
        ax.plot(
            steps[ok],
            loss[ok],
            label=label + (" (diverged)" if h.diverged else ""),
            color=c["color"],
            linestyle=c["linestyle"],
            marker=None,
        )
        if h.diverged:
            last = loss[ok][-1] if ok.any() else math.inf
            on_plot = math.isfinite(last) and (top is None or last < top)
            at = h.diverged_at if h.diverged_at is not None else len(loss)
            mark_diverged(ax, at, last if on_plot else None, "diverged")

    if chance is not None:
        ax.axhline(chance, color="grey", linestyle=":", linewidth=1.5, label=f"chance: {chance:.3f}")
    if log:
        ax.set_yscale("log")
    if top:
        ax.set_ylim(min(calm) / 2, top)
    ax.set_xlabel("step")
    ax.set_ylabel("loss")
    ax.legend(frameon=False)
    if title:
        ax.set_title(title)


def decision_boundary(
    ax: Axes,
    model: torch.nn.Module,
    x: torch.Tensor,
    y: torch.Tensor,
    *,
    title: str | None = None,
    resolution: int = 120,
) -> None:
    """The model's predicted class over the plane (shaded) with the data on top (two markers)."""
    lo = x.min(0).values.numpy() - 0.3
    hi = x.max(0).values.numpy() + 0.3
    gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    grid = torch.from_numpy(np.stack([gx.ravel(), gy.ravel()], 1).astype(np.float32))
    with torch.no_grad():
        logits = model(grid)
    ok = torch.isfinite(logits).all(1).numpy()
    pred = logits.argmax(1).numpy().astype(float)
    pred[~ok] = np.nan
    ax.contourf(
        gx,
        gy,
        pred.reshape(gx.shape),
        levels=np.arange(-0.5, int(y.max()) + 1),
        alpha=0.35,
        colors=style.PALETTE[: int(y.max()) + 1],
    )
    # Big enough that circle and square tell the classes apart without colour: 6 pt² per inch of panel width
    # (from the grid, not the axes' position, which moves when constrained layout first runs).
    spec = ax.get_subplotspec()
    figure = ax.get_figure(root=True)
    assert isinstance(figure, Figure)
    panel_inches = figure.get_figwidth() / (spec.get_gridspec().ncols if spec else 1)
    size = float(np.clip(6 * panel_inches, 10, 24))
    for k in range(int(y.max()) + 1):
        pts = x[y == k].numpy()
        ax.scatter(
            pts[:, 0],
            pts[:, 1],
            s=size,
            color=style.PALETTE[k],
            marker=style.MARKERS[k],
            edgecolor="white",
            linewidth=0.3,
            label=f"class {k}",
        )
    if not ok.all():
        ax.text(
            0.5,
            0.5,
            "inf/NaN output",
            transform=ax.transAxes,
            ha="center",
            color="#D55E00",
            fontweight="bold",
            bbox={"facecolor": "white", "alpha": 0.85, "edgecolor": "none"},
        )
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_aspect("equal")
    ax.grid(False)
    if title:
        ax.set_title(title)


def finite_or(value: float, text: str = "diverged") -> str:
    """A number for a table, or `text` (in the current language) where it is inf/NaN."""
    return f"{value:.4f}" if math.isfinite(value) else tr(text)
