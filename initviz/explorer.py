"""The explorer pattern: sliders wired to compute + draw, shown as a PNG image.

An `Explorer` is an ipywidgets box of controls above an `ipywidgets.Image`. When a
control changes, the image is recomputed and re-rendered synchronously, before the
assignment to the control's `value` returns, so a test (or a benchmark) can set a
value and read the new PNG at once. Where no widget front end runs (GitHub, HTML
export, nbval) it shows as a static `image/png` of the default settings, with a
fixed `text/plain` line.
"""
from __future__ import annotations

import base64
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as widgets
from matplotlib.figure import Figure

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
        self.image.value = png(self.figure)
        t2 = time.perf_counter()
        self.timing = {"compute": t1 - t0, "render": t2 - t1}

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
