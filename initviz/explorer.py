"""The explorer pattern: sliders wired to compute + draw, shown as a PNG image.

An `Explorer` is an ipywidgets box of controls above an `ipywidgets.Image`. When a
control changes, the image is recomputed and re-rendered synchronously, before the
assignment to the control's `value` returns, so a test (or a benchmark) can set a
value and read the new PNG at once. Where no widget front end runs (GitHub, HTML
export, nbval) it shows as a static `image/png` of the default settings, with a
fixed `text/plain` line.

Sliders update while dragged (`continuous_update=True`): the widget front end sends
only the latest value once the kernel is idle again, so an update that takes ~150 ms
gives several new images a second during a drag, and the image after release always
shows the final value. Live images are drawn at 1x; the static image at 2x.

Speed (budget: 250 ms an update, benchmarks/ measures it): the figure is laid out
once and then kept in place (`_FrozenLayout`; laid out again only when a label
would no longer fit), and encoded by `figures.png`. In a `draw`, empty a panel with
`figures.reset(ax)` rather than `ax.clear()`, and keep what does not depend on the
controls (data, modules) between updates.
"""

from __future__ import annotations

import base64
import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure
from matplotlib.layout_engine import PlaceHolderLayoutEngine
from matplotlib.transforms import Bbox

from . import style
from .figures import png

_SLIDER_STYLE = {"description_width": "initial"}
_SLIDER_LAYOUT = {"width": "340px"}


def _number(value: Any) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)


@dataclass(frozen=True)
class Control:
    """What a control allows and how it looks; `Explorer` checks the start value, then builds the widget.

    Every explorer argument that a control shows goes through `check`, the one place
    where a value not on a control becomes a `ValueError` naming the argument, the value
    and what is allowed (never ipywidgets' `TraitError`, and never silently clamped).
    """

    description: str
    value: Any

    def allows(self, value: Any) -> bool:
        """Whether the control can show `value`."""
        raise NotImplementedError

    def allowed(self) -> str:
        """The allowed values, in words, for an error message."""
        raise NotImplementedError

    def extremes(self) -> tuple[Any, Any]:
        """The two ends of the control (for tests and benchmarks that jump between them)."""
        raise NotImplementedError

    def check(self, name: str) -> Any:
        """The start value if the control allows it, else a ValueError naming `name`."""
        if not self.allows(self.value):
            raise ValueError(
                f"{name}={self.value!r} is not on the {self.description!r} control; allowed: {self.allowed()}"
            )
        return self.value

    def widget(self) -> widgets.ValueWidget:
        """A fresh ipywidgets control at the start value."""
        raise NotImplementedError


@dataclass(frozen=True)
class Slider(Control):
    """A linear slider from `min` to `max` in steps of `step` (an IntSlider if every bound is an int)."""

    min: float
    max: float
    step: float

    @property
    def integer(self) -> bool:
        return all(isinstance(v, int) and not isinstance(v, bool) for v in (self.min, self.max, self.step))

    def allows(self, value: Any) -> bool:
        if not _number(value) or not math.isfinite(value):
            return False
        if self.integer and float(value) != int(value):
            return False
        return self.min <= value <= self.max

    def allowed(self) -> str:
        kind = "a whole number" if self.integer else "a number"
        return f"{kind} from {self.min:g} to {self.max:g} (step {self.step:g})"

    def extremes(self) -> tuple[Any, Any]:
        return self.min, self.max

    def widget(self) -> widgets.ValueWidget:
        kind = widgets.IntSlider if self.integer else widgets.FloatSlider
        value = int(self.value) if self.integer else float(self.value)
        return kind(
            value=value,
            min=self.min,
            max=self.max,
            step=self.step,
            description=self.description,
            continuous_update=True,
            style=_SLIDER_STYLE,
            layout=_SLIDER_LAYOUT,
        )


@dataclass(frozen=True)
class LogSlider(Control):
    """A slider over 10**min_exp .. 10**max_exp on a log scale."""

    min_exp: float
    max_exp: float
    step: float

    def allows(self, value: Any) -> bool:
        return _number(value) and math.isfinite(value) and 10**self.min_exp <= value <= 10**self.max_exp

    def allowed(self) -> str:
        return f"a number from {10**self.min_exp:g} to {10**self.max_exp:g}"

    def extremes(self) -> tuple[Any, Any]:
        return 10**self.min_exp, 10**self.max_exp

    def widget(self) -> widgets.ValueWidget:
        return widgets.FloatLogSlider(
            value=self.value,
            base=10,
            min=self.min_exp,
            max=self.max_exp,
            step=self.step,
            description=self.description,
            continuous_update=True,
            style=_SLIDER_STYLE,
            layout=_SLIDER_LAYOUT,
        )


@dataclass(frozen=True)
class Choice(Control):
    """A fixed list of values: a slider (`kind="slider"`) or a drop-down list (`kind="dropdown"`).

    `options` holds values, or (label, value) pairs where a value needs a label.
    """

    options: tuple[Any, ...]
    kind: str = "slider"

    @property
    def values(self) -> list[Any]:
        return [o[1] if isinstance(o, tuple) else o for o in self.options]

    def allows(self, value: Any) -> bool:
        return any(
            type(value) is type(v) and value == v or (_number(value) and _number(v) and value == v) for v in self.values
        )

    def allowed(self) -> str:
        return ", ".join(f"{v:g}" if _number(v) else str(v) for v in self.values)

    def extremes(self) -> tuple[Any, Any]:
        return self.values[0], self.values[-1]

    def widget(self) -> widgets.ValueWidget:
        value = next(v for v in self.values if v == self.value)
        if self.kind == "dropdown":
            return widgets.Dropdown(
                options=list(self.options), value=value, description=self.description, style=_SLIDER_STYLE
            )
        return widgets.SelectionSlider(
            options=list(self.options),
            value=value,
            description=self.description,
            continuous_update=True,
            style=_SLIDER_STYLE,
            layout=_SLIDER_LAYOUT,
        )


def slider(description: str, value: float, min: float, max: float, step: float) -> Slider:
    """A linear slider (integer if every bound is an int)."""
    return Slider(description, value, min, max, step)


def log_slider(description: str, value: float, min_exp: float, max_exp: float, step: float = 0.25) -> LogSlider:
    """A slider over 10**min_exp .. 10**max_exp on a log scale."""
    return LogSlider(description, value, min_exp, max_exp, step)


def choice_slider(description: str, options: Sequence[Any], value: Any) -> Choice:
    """A slider over a fixed list of values (e.g. a log scale that includes 0)."""
    return Choice(description, value, tuple(options))


def dropdown(description: str, options: Sequence[Any], value: Any) -> Choice:
    """A drop-down list of named choices."""
    return Choice(description, value, tuple(options), kind="dropdown")


def check_controls(controls: Mapping[str, Control]) -> None:
    """The one check of an explorer's arguments: each start value must be on its control.

    Explorer() calls it; an explorer that computes anything from its arguments before
    building the Explorer calls it first. A ValueError names the argument, the value and
    what is allowed.
    """
    if not controls:
        raise ValueError("controls must name at least one control")
    for name, spec in controls.items():
        if not isinstance(spec, Control):
            raise TypeError(
                f"controls[{name!r}] must be an initviz.explorer.Control (slider, choice_slider, dropdown ...); "
                f"got {type(spec).__name__}"
            )
        spec.check(name)


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
        # matplotlib internals (pinned to one minor version in pyproject.toml, and caught by the pixel tests):
        self.engine.execute = self._execute  # type: ignore[method-assign,union-attr]  # shadows the class's method

    @classmethod
    def attach(cls, figure: Figure) -> _FrozenLayout | None:
        engine = figure.get_layout_engine()
        if engine is None or isinstance(engine, PlaceHolderLayoutEngine):
            return None
        return cls(figure)

    def _execute(self, figure: Figure) -> Any:
        if self.stale:
            self.stale, self.rooms = False, None
            return type(self.engine).execute(self.engine, figure)  # type: ignore[union-attr,arg-type]
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
        if (
            getattr(ax, "_autotitlepos", False) in (True, None)
            and ax.title.get_position()[1] == 1.0
            and not self._top_decorated(ax)
        ):
            ax._autotitlepos = False
            self.pinned.add(ax)

    @staticmethod
    def _top_decorated(ax) -> bool:
        return (
            ax.xaxis.get_ticks_position() in ("top", "unknown")
            or ax.xaxis.get_label_position() == "top"
            or bool(ax.yaxis.offsetText.get_visible() and ax.yaxis.offsetText.get_text())
        )

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
        texts = (
            ax.title,
            getattr(ax, "_left_title", None),
            getattr(ax, "_right_title", None),
            ax.xaxis.label,
            ax.yaxis.label,
            ax.xaxis.offsetText,
            ax.yaxis.offsetText,
        )
        boxes = [t.get_window_extent(renderer) for t in texts if t is not None and t.get_visible()]
        legend = ax.get_legend()
        if legend is not None and legend.get_visible():
            patch = legend.legendPatch  # placed at the legend's drawn extent by Legend.draw: no re-packing
            boxes.append(Bbox.from_bounds(patch.get_x(), patch.get_y(), patch.get_width(), patch.get_height()))
        return boxes

    def overflows(self) -> bool:
        """After a draw: record each panel's room (just after a layout) or check the labels still fit it."""
        renderer = self.figure.canvas.get_renderer()  # type: ignore[attr-defined]  # an Agg canvas
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
                if not (
                    box.x0 >= room.x0 - tol
                    and box.x1 <= room.x1 + tol
                    and box.y0 >= room.y0 - tol
                    and box.y1 <= room.y1 + tol
                ):
                    self.invalidate()
                    return True
        return False


class Explorer(widgets.VBox):
    """Controls above an image; `compute(**values)` then `draw(result)` redraw `figure` on every change.

    Attributes a test may use: `controls` (name -> widget), `specs` (name -> `Control`:
    allowed values and extremes), `image` (its `value` is
    PNG bytes), `values` (name -> current value), `result` (the last compute result)
    and `timing` (seconds of the last update: `compute` and `render`).
    """

    def __init__(
        self,
        title: str,
        controls: Mapping[str, Control],
        figure: Figure,
        compute: Callable[..., Any],
        draw: Callable[[Any], None],
    ) -> None:
        check_controls(controls)
        if not isinstance(figure, Figure):
            raise TypeError(f"figure must be a matplotlib Figure; got {type(figure).__name__}")
        self.title = title
        self.specs = dict(controls)
        self.controls = {name: spec.widget() for name, spec in controls.items()}
        self.figure = figure
        self._compute, self._draw = compute, draw
        self.result: Any = None
        self.timing = {"compute": 0.0, "render": 0.0}
        self._layout = _FrozenLayout.attach(figure)
        figure.set_dpi(style.DISPLAY_DPI)  # live updates at 1x: a quarter of the pixels to draw and encode
        w, h = (figure.get_size_inches() * style.DISPLAY_DPI).round().astype(int)
        # Shown at its display size, scaled down (keeping its aspect) where the output column is narrower,
        # as on a 1024-pixel projector; the controls above wrap instead of overflowing.
        self.image = widgets.Image(format="png", layout=widgets.Layout(width=f"{w}px", max_width="100%", height="auto"))
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
        with style.context():  # the course style, even where setup() was not called
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

    def static_png(self) -> bytes:
        """The figure at the current values, at 2x (`style.STORED_DPI`) like every stored figure."""
        with style.context():
            self.figure.set_dpi(style.STORED_DPI)
            try:
                if self._layout is not None:
                    self._layout.invalidate()
                data = png(self.figure)
            finally:
                self.figure.set_dpi(style.DISPLAY_DPI)
                if self._layout is not None:
                    self._layout.invalidate()
        return data

    def _repr_mimebundle_(self, **kwargs: Any) -> tuple[dict, dict]:
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        bundle = dict(bundle[0] if isinstance(bundle, tuple) else bundle)
        bundle["image/png"] = base64.b64encode(self.static_png()).decode("ascii")
        bundle["text/plain"] = self.static_text()
        w, h = (self.figure.get_size_inches() * style.DISPLAY_DPI).round().astype(int)
        return bundle, {"image/png": {"width": int(w), "height": int(h)}}
