"""Rasterized glyphs and laid-out strings kept between draws, for an Agg renderer.

Matplotlib's Agg renderer lays out every string and asks FreeType to rasterize every
glyph of it on every draw, even when an explorer draws the same legend, title and
tick labels again at the same places. `keep_text(renderer)` makes one renderer keep
both: a glyph's bitmap depends only on its font, size, dpi, rotation, hinting and the
fraction of a pixel at which it starts (a whole-pixel shift moves the bitmap and
changes nothing else), so a kept bitmap drawn at the new whole-pixel place is the
same image. `tests/test_frames.py` checks explorers' images pixel for pixel.

Built on private parts of matplotlib's Agg backend, which pyproject.toml pins to one
minor version; the pixel tests catch a change.
"""

from __future__ import annotations

import functools
import math
from collections import OrderedDict
from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import RendererAgg, get_hinting_flag
from matplotlib.ft2font import RenderMode
from matplotlib.mathtext import MathTextParser

__all__ = ["keep_text"]

_GLYPHS_KEPT = 20_000  # bitmaps of a few hundred bytes each
_LAYOUTS_KEPT = 2_000
_glyphs: OrderedDict[tuple, tuple[np.ndarray, int, int]] = OrderedDict()
_layouts: OrderedDict[tuple, list] = OrderedDict()


def _kept(cache: OrderedDict, key: tuple, limit: int, make: Any, *args: Any) -> Any:
    """`cache[key]`, made by `make(*args)` (and the oldest entry dropped past `limit`) when missing."""
    value = cache.get(key)
    if value is None:
        value = cache[key] = make(*args)
        if len(cache) > limit:
            cache.popitem(last=False)
    return value


def _glyph(font: Any, size: float, dpi: float, index: int, flags: Any, mode: Any, matrix: np.ndarray, fx: int, fy: int):
    """FreeType's bitmap of one glyph starting at (fx, fy)/64 of a pixel: (buffer, left, top)."""
    font.set_size(size, dpi)
    font._set_transform(matrix, [fx, fy])
    bitmap = font._render_glyph(index, flags, mode)
    buffer = np.array(bitmap.buffer)  # a copy: FreeType reuses its own
    if mode == RenderMode.MONO:
        buffer *= 0xFF
    return buffer, bitmap.left, bitmap.top


def _draw_glyphs_and_boxes(self: RendererAgg, gc: Any, x: float, y: float, angle: float, glyphs: Any, boxes: Any):
    """`RendererAgg._draw_text_glyphs_and_boxes` with each glyph's bitmap kept (see the module)."""
    cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    flags = get_hinting_flag()
    mode = RenderMode.NORMAL if gc.get_antialiased() else RenderMode.MONO
    rotation = 0x10000 * np.array([[cos, -sin], [sin, cos]])
    for font, size, index, slant, extend, dx, dy in glyphs:  # dy is upwards
        matrix = (rotation @ [[extend, extend * slant], [0, 1]]).round().astype(int)
        px = round(0x40 * (x + dx * cos - dy * sin))
        py = round(0x40 * (self.height - y + dx * sin + dy * cos))  # FreeType's y is upwards
        key = (font.fname, id(font), size, self.dpi, index, str(flags), str(mode), matrix.tobytes(), px & 63, py & 63)
        args = (font, size, self.dpi, index, flags, mode, matrix, px & 63, py & 63)
        buffer, left, top = _kept(_glyphs, key, _GLYPHS_KEPT, _glyph, *args)
        left, top = left + (px >> 6), top + (py >> 6)
        self._renderer.draw_text_image(buffer, left, int(self.height) - top + buffer.shape[0], 0, gc)
    type(self)._draw_text_glyphs_and_boxes(self, gc, x, y, angle, (), boxes)  # the boxes (mathtext's rules)


def _laid_out(font: Any, s: str, flags: Any, features: Any, language: Any) -> list[tuple]:
    """FreeType's layout of `s`: (font, glyph index, x, y) of each glyph."""
    return [
        (i.ft_object, i.glyph_index, i.x, i.y)
        for i in font._layout(s, flags=flags, features=features, language=language)
    ]


def _draw_text(
    self: RendererAgg, gc: Any, x: float, y: float, s: str, prop: Any, angle: float, ismath=False, mtext=None
):
    """`RendererAgg.draw_text` with each string's layout kept."""
    if ismath:
        return self.draw_mathtext(gc, x, y, s, prop, angle)
    font = self._prepare_font(prop)
    size = prop.get_size_in_points()
    flags = get_hinting_flag()
    features = mtext.get_fontfeatures() if mtext is not None else None
    language = mtext.get_language() if mtext is not None else None
    key = (font.fname, id(font), size, self.dpi, s, str(flags), repr(features), repr(language))
    items = _kept(_layouts, key, _LAYOUTS_KEPT, _laid_out, font, s, flags, features, language)
    self._draw_text_glyphs_and_boxes(gc, x, y, angle, ((f, size, i, 0, 1, gx, gy) for f, i, gx, gy in items), [])


_MATHTEXT_KEPT = 2_000


def _keep_more_mathtext() -> None:
    """Let matplotlib keep 2000 parsed mathtext strings instead of 50 (once, for the whole process).

    Log axes label their ticks in mathtext ($10^{-3}$), and parsing one costs a few
    milliseconds; an explorer whose log axes range over many decades, drawn at two dpis,
    needs more than 50, and with 50 parsed them again on nearly every draw. Only the
    size of matplotlib's cache changes, not what it returns.
    """
    cached = MathTextParser._parse_cached  # type: ignore[attr-defined]
    if cached.cache_info().maxsize < _MATHTEXT_KEPT:
        MathTextParser._parse_cached = functools.lru_cache(_MATHTEXT_KEPT)(cached.__wrapped__)  # type: ignore[attr-defined]


def keep_text(renderer: RendererAgg) -> RendererAgg:
    """Make `renderer` keep glyph bitmaps and string layouts between draws (once per renderer); returns it.

    Also lets matplotlib keep more parsed mathtext (`_keep_more_mathtext`).
    """
    _keep_more_mathtext()
    if not getattr(renderer, "_initviz_keeps_text", False):
        renderer._draw_text_glyphs_and_boxes = _draw_glyphs_and_boxes.__get__(renderer)  # type: ignore[method-assign]
        renderer.draw_text = _draw_text.__get__(renderer)  # type: ignore[method-assign]
        renderer._initviz_keeps_text = True  # type: ignore[attr-defined]
    return renderer
