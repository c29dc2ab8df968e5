"""The explorer pattern: sliders wired to compute + draw, shown as a PNG image.

An `Explorer` is an ipywidgets box of controls above an `ipywidgets.Image`. When a
control changes, the image is recomputed and re-rendered synchronously, before the
assignment to the control's `value` returns, so a test (or a benchmark) can set a
value and read the new PNG at once. Where no widget front end runs (GitHub, HTML
export, nbval) it shows as a static `image/png` of the default settings, with a
fixed `text/plain` line.

Speed (budget: 250 ms an update, benchmarks/ measures it): the figure is laid out
once and then kept in place (`_FrozenLayout`; laid out again only when a label
would no longer fit), and encoded by `figures.png`. In a `draw`, empty a panel with
`figures.reset(ax)` rather than `ax.clear()`, and keep what does not depend on the
controls (data, modules) between updates.
"""
from __future__ import annotations

import base64
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as widgets
from matplotlib.figure import Figure
from matplotlib.layout_engine import PlaceHolderLayoutEngine
from matplotlib.transforms import Bbox

from .figures import png

_SLIDER_STYLE = {"description_width": "initial"}
_SLIDER_LAYOUT = {"width": "340px"}


def slider(description: str, value: float, min: float, max: float, step: float) -> widgets.ValueWidget:
    """A linear slider (integer if every bound is an int), updating on release."""
    kind = widgets.IntSlider if all(isinstance(v, int) for v in (value, min, max, step)) else widgets.FloatSlider
    return kind(value=value, min=min, max=max, step=step, description=description, continuous_update=False,
                style=_SLIDER_STYLE, layout=_SLIDER_LAYOUT)


def log_slider(description: str, value: float, min_exp: float, max_exp: float, step: float = 0.25) -> widgets.FloatLogSlider:
    """A slider over 10**min_exp .. 10**max_exp on a log scale, updating on release."""
    return widgets.FloatLogSlider(value=value, base=10, min=min_exp, max=max_exp, step=step, description=description,
                                  continuous_update=False, style=_SLIDER_STYLE, layout=_SLIDER_LAYOUT)


def choice_slider(description: str, options: Sequence[Any], value: Any) -> widgets.SelectionSlider:
    """A slider over a fixed list of values (e.g. a log scale that includes 0), updating on release."""
    return widgets.SelectionSlider(options=list(options), value=value, description=description,
                                   continuous_update=False, style=_SLIDER_STYLE, layout=_SLIDER_LAYOUT)


def dropdown(description: str, options: Sequence[Any], value: Any) -> widgets.Dropdown:
    """A drop-down list of named choices."""
    return widgets.Dropdown(options=list(options), value=value, description=description, style=_SLIDER_STYLE)


class _FrozenLayout:
    """Runs the figure's layout engine (constrained layout) once, then keeps the positions it found.

    Laying out costs about as much as drawing, and an update seldom changes the room
    the labels need. After every draw, `overflows()` checks (cheaply, with the text
    extents the draw has just computed) that the axis labels, titles, offset texts and
    legends of each panel still lie inside the room the last layout gave that panel;
    when one does not (wider tick labels pushed a y label out, say), the layout is run
    again on the next draw. Panels therefore stay put while a slider moves, and a
    label is never clipped or drawn over a neighbour.
    """

    TOLERANCE_PX = 2.0

    def __init__(self, figure: Figure) -> None:
        self.figure = figure
        self.engine = figure.get_layout_engine()
        self.stale = True
        self.rooms: dict | None = None  # axes -> Bbox in pixels, recorded after a layout
        self.pinned: set = set()  # axes whose title position is kept (see _pin_title)
        self.engine.execute = self._execute  # the instance attribute shadows the class's method

    @classmethod
    def attach(cls, figure: Figure) -> "_FrozenLayout | None":
        engine = figure.get_layout_engine()
        if engine is None or isinstance(engine, PlaceHolderLayoutEngine):
            return None
        return cls(figure)

    def _execute(self, figure: Figure) -> Any:
        if self.stale:
            self.stale, self.rooms = False, None
            return type(self.engine).execute(self.engine, figure)
        return None

    def invalidate(self) -> None:
        """Lay out again at the next draw."""
        self.stale, self.rooms = True, None

    def check_structure(self) -> None:
        """Panels added or removed since the last layout (a colorbar, say): lay out again."""
        if self.rooms is not None and set(self.rooms) != {ax for ax in self.figure.axes if ax.get_visible()}:
            self.invalidate()

    def _pin_title(self, ax) -> None:
        """Keep the titles where the draw put them instead of re-deriving their height on every draw.

        Matplotlib lifts a title above ticks, labels or an offset text at the top of the
        panel, measuring every y tick label to do so (a tenth of a draw). With none of
        those at the top the title stays at y = 1, and pinning it changes nothing;
        `_title_needs_auto` hands the choice back to matplotlib when one appears.
        """
        if getattr(ax, "_autotitlepos", False) in (True, None) and ax.title.get_position()[1] == 1.0 \
                and not self._top_decorated(ax):
            ax._autotitlepos = False
            self.pinned.add(ax)

    @staticmethod
    def _top_decorated(ax) -> bool:
        return (ax.xaxis.get_ticks_position() in ("top", "unknown") or ax.xaxis.get_label_position() == "top"
                or bool(ax.yaxis.offsetText.get_visible() and ax.yaxis.offsetText.get_text()))

    def _title_needs_auto(self, ax, renderer) -> bool:
        if ax in self.pinned and (ax._autotitlepos is not False or self._top_decorated(ax)):
            ax._autotitlepos = True  # cleared, or something now sits on top: matplotlib places the title again
            self.pinned.discard(ax)
            return self._top_decorated(ax)
        return False

    @staticmethod
    def _extents(ax, renderer) -> list:
        """Pixel boxes of what a layout makes room for: titles, axis labels, offset texts, legend.

        Read after a draw: a y label sits just left of the widest tick label, an x label
        just below the tick labels, so these boxes also track the tick labels.
        """
        texts = (ax.title, getattr(ax, "_left_title", None), getattr(ax, "_right_title", None),
                 ax.xaxis.label, ax.yaxis.label, ax.xaxis.offsetText, ax.yaxis.offsetText)
        boxes = [t.get_window_extent(renderer) for t in texts if t is not None and t.get_visible()]
        legend = ax.get_legend()
        if legend is not None and legend.get_visible():
            patch = legend.legendPatch  # placed at the legend's drawn extent by Legend.draw: no re-packing
            boxes.append(Bbox.from_bounds(patch.get_x(), patch.get_y(), patch.get_width(), patch.get_height()))
        return boxes

    def overflows(self) -> bool:
        """After a draw: record each panel's room (just after a layout) or check the labels still fit it."""
        renderer = self.figure.canvas.get_renderer()
        axes = [ax for ax in self.figure.axes if ax.get_visible()]
        if self.rooms is None:
            self.rooms = {}
            for ax in axes:
                tight = ax.get_tightbbox(renderer)
                boxes = [tight if tight is not None else ax.get_window_extent(renderer), *self._extents(ax, renderer)]
                self.rooms[ax] = Bbox.union([b for b in boxes if b.width >= 0 and b.height >= 0])
                self._pin_title(ax)
            return False
        tol = self.TOLERANCE_PX
        for ax in axes:
            room = self.rooms.get(ax)
            if room is None or self._title_needs_auto(ax, renderer):
                self.invalidate()
                return True
            for box in self._extents(ax, renderer):
                if not (box.x0 >= room.x0 - tol and box.x1 <= room.x1 + tol
                        and box.y0 >= room.y0 - tol and box.y1 <= room.y1 + tol):
                    self.invalidate()
                    return True
        return False


class Explorer(widgets.VBox):
    """Controls above an image; `compute(**values)` then `draw(result)` redraw `figure` on every change.

    Attributes a test may use: `controls` (name -> widget), `image` (its `value` is
    PNG bytes), `values` (name -> current value), `result` (the last compute result)
    and `timing` (seconds of the last update: `compute` and `render`).
    """

    def __init__(self, title: str, controls: Mapping[str, widgets.ValueWidget], figure: Figure,
                 compute: Callable[..., Any], draw: Callable[[Any], None]) -> None:
        if not controls:
            raise ValueError("controls must name at least one control")
        if not isinstance(figure, Figure):
            raise TypeError(f"figure must be a matplotlib Figure; got {type(figure).__name__}")
        self.title = title
        self.controls = dict(controls)
        self.figure = figure
        self._compute, self._draw = compute, draw
        self.result: Any = None
        self.timing = {"compute": 0.0, "render": 0.0}
        self._layout = _FrozenLayout.attach(figure)
        w, h = (figure.get_size_inches() * figure.dpi).round().astype(int)
        self.image = widgets.Image(format="png", layout=widgets.Layout(width=f"{w}px", height=f"{h}px",
                                                                       max_width="none", object_fit="contain"))
        self.refresh()
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        header = widgets.HTML(f"<b>{title}</b>")
        box = widgets.Box(list(self.controls.values()), layout=widgets.Layout(flex_flow="row wrap"))
        super().__init__([header, box, self.image])

    @property
    def values(self) -> dict[str, Any]:
        """The current value of every control, by name."""
        return {name: c.value for name, c in self.controls.items()}

    def refresh(self) -> None:
        """Recompute and redraw for the current values; updates `image.value` and `timing`."""
        t0 = time.perf_counter()
        self.result = self._compute(**self.values)
        t1 = time.perf_counter()
        self._draw(self.result)
        self.image.value = self._render()
        t2 = time.perf_counter()
        self.timing = {"compute": t1 - t0, "render": t2 - t1}

    def _render(self) -> bytes:
        """PNG of the figure, drawn with the frozen layout; laid out again first if a label no longer fits."""
        layout = self._layout
        if layout is None or layout.engine is not self.figure.get_layout_engine():  # engine replaced meanwhile
            layout = self._layout = _FrozenLayout.attach(self.figure)
        if layout is None:
            return png(self.figure)
        layout.check_structure()
        data = png(self.figure)
        if layout.overflows():
            data = png(self.figure)
            layout.overflows()  # records the new rooms
        return data

    def _on_change(self, change: dict) -> None:
        self.refresh()

    def static_text(self) -> str:
        """The fixed text shown where neither widgets nor images can be displayed."""
        return f"<Explorer: {self.title} | controls: {', '.join(self.controls)} | figure at the default settings>"

    def _repr_mimebundle_(self, **kwargs: Any) -> dict:
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        bundle = dict(bundle[0] if isinstance(bundle, tuple) else bundle)
        bundle["image/png"] = base64.b64encode(self.image.value).decode("ascii")
        bundle["text/plain"] = self.static_text()
        return bundle
