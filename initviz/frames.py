"""Draw a figure again without redrawing what did not change: the panels' frames are kept as pixels.

On a slow processor most of an explorer's drawing time goes to the parts of a panel
that a slider seldom changes: the background, the grid, the ticks, the tick labels
and the axis labels (matplotlib lays out and rasterizes every tick label, glyph by
glyph, on every draw). `FrameCache.draw(fig)` draws the figure exactly as
`fig.canvas.draw()` does, but keeps those parts, the *frame*, as pixels, and reuses
them while they stay the same: then only the data (lines, bars, images, legends,
titles) is drawn over them.

What counts as the frame of a panel is what matplotlib draws first in it, before any
data: the panel's background and its `Axis` objects when they come before every other
artist in z-order (explorer panels put the axes below the data, `set_axisbelow(True)`,
for that). Drawing the frame first and the data over it is then the same order as a
full draw, so the image is the same, pixel for pixel (`tests/test_frames.py` checks
every explorer). The frame is reused only when its key matches: the panel's place,
limits and scales, every tick drawn with its label, the axis labels and their fonts,
the tick settings and the dpi.

Whatever else never changes between draws (a fixed legend, a background drawn once)
can join the frame: `keep_with_frame(artist)`. Its place in the draw order is then
the frame's, so it must not overlap anything that changes and comes before it in
z-order; the pixel tests catch a mark that breaks this.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.text import Text

from .glyphs import keep_text

__all__ = ["FrameCache", "keep_with_frame"]

_KEPT = "_initviz_kept_with_frame"


def keep_with_frame(*artists: Artist) -> None:
    """Mark `artists` as never changing between draws: `FrameCache` keeps them with their panel's frame.

    For what an explorer draws once and keeps (a fixed legend, a background drawn once),
    so it is not drawn again with the data at every update. Each must stay as it is
    (replace it by a new artist instead: the frame is keyed by the artists it holds),
    and nothing that changes may lie under it in z-order where the two overlap.
    """
    for artist in artists:
        if not isinstance(artist, Artist):
            raise TypeError(f"artists must be matplotlib artists; got {type(artist).__name__}")
        setattr(artist, _KEPT, True)


def _skip(*args: Any, **kwargs: Any) -> None:
    """An artist's `draw` while it is left out of a pass."""


@contextmanager
def _left_out(artists: list[Artist]) -> Iterator[None]:
    """Draws in the block leave `artists` out (their `draw` does nothing), as if they were not there."""
    for artist in artists:
        artist.draw = _skip  # type: ignore[method-assign]  # an instance attribute shadows the method
    try:
        yield
    finally:
        for artist in artists:
            del artist.draw


@contextmanager
def _ticks_found(ticks_of: dict) -> Iterator[None]:
    """Within the block each Axis in `ticks_of` returns the ticks found for the key instead of finding them again.

    Matplotlib finds an Axis's ticks (locator, formatter, every label's text) two or three
    times in a draw; nothing changes them between the key and the draw.
    """
    for axis, ticks in ticks_of.items():
        axis._update_ticks = lambda ticks=ticks: ticks
    try:
        yield
    finally:
        for axis in ticks_of:
            del axis._update_ticks


def _axis_key(axis: Axis, ticks_of: dict) -> tuple:
    """What an Axis draws: its ticks with their labels, its label and offset text, its tick settings.

    The ticks found are put in `ticks_of[axis]` (see `_ticks_found`).
    """
    ticks = ticks_of[axis] = axis._update_ticks()  # type: ignore[attr-defined]  # what Axis.draw draws (and sets the offset text from); cheap next to drawing
    label = axis.label
    return (
        axis.get_visible(),
        axis.get_scale(),
        tuple(axis.get_view_interval()),
        tuple(
            (
                tick.get_loc(),
                tick.label1.get_text(),
                tick.label2.get_text(),
                tick.label1.get_visible(),
                tick.label2.get_visible(),
                tick.gridline.get_visible(),
                tick.tick1line.get_visible(),
                tick.tick2line.get_visible(),
            )
            for tick in ticks
        ),
        axis.major.formatter.get_offset(),  # type: ignore[union-attr]
        label.get_text(),
        label.get_visible(),
        hash(label.get_fontproperties()),
        str(label.get_color()),
        repr(sorted(axis._major_tick_kw.items())),  # type: ignore[attr-defined]
        repr(sorted(axis._minor_tick_kw.items())),  # type: ignore[attr-defined]
    )


def _frame_of(ax: Axes) -> list[Artist]:
    """The frame of `ax`: its patch, the Axis objects matplotlib draws before any other artist, what is kept with it."""
    if not ax.get_visible():
        return []
    # the order of Axes.draw: children by z-order (a stable sort), the patch first
    children = [a for a in ax.get_children() if a is not ax.patch and not a.get_animated()]
    if not (ax.axison and ax._frameon):  # type: ignore[attr-defined]
        children = [a for a in children if a not in ax.spines.values()]
    if not ax.axison:
        children = [a for a in children if not isinstance(a, Axis)]
    frame: list[Artist] = [ax.patch] if ax.axison and ax._frameon else []  # type: ignore[attr-defined]
    for artist in sorted(children, key=lambda a: a.get_zorder()):
        if not isinstance(artist, Axis):
            break
        frame.append(artist)
    return frame + [a for a in children if getattr(a, _KEPT, False) and a not in frame]


def _texts(artist: Artist) -> tuple[str, ...]:
    """The strings an artist kept with the frame shows (a translation changes them in place)."""
    if isinstance(artist, Text):
        return (artist.get_text(),)
    if isinstance(artist, Legend):
        return tuple(t.get_text() for t in artist.get_texts())
    return ()


def _axes_key(ax: Axes, frame: list[Artist], ticks_of: dict) -> tuple:
    if not ax.get_visible():
        return (id(ax), False)
    return (
        id(ax),
        True,
        tuple(round(v, 6) for v in ax.bbox.bounds),  # a constrained layout wobbles in the last digit
        tuple(ax.patch.get_facecolor()),
        tuple((id(a), a.get_visible(), _texts(a)) for a in frame),
        tuple(_axis_key(a, ticks_of) for a in frame if isinstance(a, Axis)),
    )


class FrameCache:
    """Keeps the frames of a figure's panels as pixels between draws (see the module).

    `draw(fig)` leaves the figure's Agg canvas as `fig.canvas.draw()` would; `hits`
    and `misses` count the draws that reused a frame and those that drew it.
    """

    def __init__(self, size: int = 4) -> None:
        self.size = size  # frames kept (a drag draws at 1x, a release at 2x: a few of each)
        self._frames: OrderedDict[tuple, Any] = OrderedDict()
        self._renderers: dict[tuple, RendererAgg] = {}  # (width, height, dpi) -> renderer
        self.hits = 0
        self.misses = 0

    def clear(self) -> None:
        """Forget every kept frame and renderer."""
        self._frames.clear()
        self._renderers.clear()

    def _renderer(self, canvas: FigureCanvasAgg) -> RendererAgg:
        """The canvas's renderer at its size and dpi, the same one each time (matplotlib makes a new one whenever
        the dpi changes, and with it loses every text measurement it keeps per renderer)."""
        w, h = canvas.get_width_height(physical=True)
        size = (w, h, canvas.figure.dpi)
        renderer = self._renderers.get(size)
        if renderer is None:
            renderer = self._renderers[size] = keep_text(RendererAgg(w, h, canvas.figure.dpi))
        canvas.renderer, canvas._lastKey = renderer, size  # what FigureCanvasAgg.get_renderer reuses
        return renderer

    def _key(self, fig: Figure, ticks_of: dict) -> tuple[tuple, list[Artist]]:
        renderer = self._renderer(fig.canvas)  # type: ignore[arg-type]  # an Agg canvas (checked by draw)
        fig._get_draw_artists(renderer)  # type: ignore[attr-defined]  # applies each panel's aspect, as Figure.draw does first
        engine = fig.get_layout_engine()
        if fig.axes and engine is not None:
            engine.execute(fig)  # places the panels, as Figure.draw does before drawing them
        frames = {ax: _frame_of(ax) for ax in fig.axes}
        key = (
            fig.dpi,
            fig.bbox.bounds,
            tuple(fig.patch.get_facecolor()),
            tuple(_axes_key(ax, frame, ticks_of) for ax, frame in frames.items()),
        )
        return key, [fig.patch, *(a for frame in frames.values() for a in frame)]

    def draw(self, fig: Figure) -> bool:
        """Draw `fig` on its Agg canvas, reusing a kept frame where one fits; whether one did."""
        canvas = fig.canvas
        if not isinstance(canvas, FigureCanvasAgg):
            raise TypeError(f"fig must be drawn on an Agg canvas (FigureCanvasAgg); got {type(canvas).__name__}")
        ticks_of: dict = {}
        key, frame = self._key(fig, ticks_of)
        with _ticks_found(ticks_of):
            return self._draw(fig, key, frame)

    def _draw(self, fig: Figure, key: tuple, frame: list[Artist]) -> bool:
        renderer = self._renderer(fig.canvas)  # type: ignore[arg-type]
        kept = self._frames.get(key)
        hit = kept is not None
        if kept is not None:
            self._frames.move_to_end(key)
            self.hits += 1
            background, placed = kept
            np.copyto(np.asarray(renderer.buffer_rgba()), background)
            for text, position in placed:  # where the frame's draw put them (in pixels at its dpi)
                text.set_position(position)
        else:
            self.misses += 1
            in_frame = set(map(id, frame))
            data = [a for a in _everything(fig) if id(a) not in in_frame]
            renderer.clear()
            with _left_out(data):
                fig.draw(renderer)
            # every pixel (copy_from_bbox would drop the last column of a figure 1979.9999 pixels wide)
            background = np.asarray(renderer.buffer_rgba()).copy()
            self._frames[key] = (background, _placed(frame))
            while len(self._frames) > self.size:
                self._frames.popitem(last=False)
        with _left_out(frame):
            fig.draw(renderer)
        return hit


def _placed(frame: list[Artist]) -> list[tuple[Text, Any]]:
    """The texts an Axis places in pixels when it draws (its label and offset text), with their places.

    Whatever reads them after a draw (the explorer's frozen layout measures them) must
    find them where the kept frame shows them, not where a draw at another dpi left them.
    """
    return [(t, t.get_position()) for a in frame if isinstance(a, Axis) for t in (a.label, a.offsetText)]


def _everything(fig: Figure) -> list[Artist]:
    """Every artist the figure's draw visits directly: its own children and each panel's."""
    out: list[Artist] = [a for a in fig.get_children() if not isinstance(a, Axes) and a is not fig.patch]
    for ax in fig.axes:
        out += [a for a in ax.get_children() if a is not ax.patch]
    return out
