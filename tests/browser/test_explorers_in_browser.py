"""Every explorer in real JupyterLab and Chromium, in a projector's 1024x768 window: fitted and dragged.

`every_explorer.ipynb` (written by conftest.py from `initviz.explorers.names()`) shows each
explorer at its defaults after Run All; the kernel keeps them in `explorers[name]`, which
the tests read through a second client of the kernel (`notebook.kernel()`), unseen by the page.

Frames a second are a budget, not a test (benchmarks/ reports them): here a drag must show
new images while the pointer moves, and after release the image of the final value, in
full. `INITVIZ_DRAG_REPORT=path.json` writes what each drag measured there (`make bench`
does), and `INITVIZ_DRAG_SLIDERS=all` drags every slider instead of each explorer's first.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from conftest import SCREENSHOTS_WANTED, SETTLE_TIMEOUT, Drag, LabNotebook

pytestmark = pytest.mark.browser

REPORT = os.environ.get("INITVIZ_DRAG_REPORT")
EVERY_SLIDER = os.environ.get("INITVIZ_DRAG_SLIDERS") == "all"
MIN_IMAGES_DURING_DRAG = 2  # a drag that shows nothing until release fails; the frame rate is benchmarks/' job

# Defined in the kernel by the tests (a second client: nothing shows in the notebook).
KERNEL_HELPERS = '''
def _browser_test_state(name, redraw=False):
    """What the kernel holds for explorers[name]: digest of its image, settled, every control's value."""
    import hashlib
    import time as _time

    from initviz.explorer import Choice

    e = explorers[name]
    shown = hashlib.sha256(bytes(e.image.value)).hexdigest()
    if redraw:
        e.refresh()
    controls = {}
    for key, spec in e.specs.items():
        value = e.controls[key].value
        label = None
        if isinstance(spec, Choice):
            label = next(str(o[0]) if isinstance(o, tuple) else str(o) for o in spec.options
                         if (o[1] if isinstance(o, tuple) else o) == value)
        controls[spec.description] = {
            "name": key,
            "value": value if isinstance(value, (int, float, str)) else repr(value),
            "label": label,
            "step": getattr(spec, "step", None),
            "log": hasattr(spec, "min_exp"),
        }
    redrawn = hashlib.sha256(bytes(e.image.value)).hexdigest()
    cpu = _time.process_time()
    return {"settled": e.settled, "digest": shown, "redrawn": redrawn, "controls": controls, "cpu": cpu}
'''


@pytest.fixture(scope="module")
def explorers(explorer_notebook: LabNotebook) -> dict[str, object]:
    """Explorer name -> its output (a Playwright locator), in the notebook's order."""
    kernel = explorer_notebook.kernel()
    kernel.run(KERNEL_HELPERS)
    names = kernel.evaluate("list(explorers)")
    outputs = explorer_notebook.explorers()
    assert len(outputs) == len(names), f"{len(names)} explorers in the kernel, {len(outputs)} shown"
    return dict(zip(names, outputs))


def test_every_explorer_fits_the_column_of_a_1024_pixel_window(explorer_notebook, explorers) -> None:
    problems = []
    for name, explorer in explorers.items():
        explorer.scroll_into_view_if_needed()
        found = explorer.evaluate(
            """output => {
                const found = [];
                const column = output.getBoundingClientRect();
                const img = output.querySelector('img.widget-image');
                const shown = img.getBoundingClientRect();
                if (shown.right > column.right + 0.5)
                    found.push(`the image ends ${Math.round(shown.right - column.right)} px beyond the column`);
                const aspect = (shown.height / shown.width) / (img.naturalHeight / img.naturalWidth);
                if (Math.abs(aspect - 1) > 0.01) found.push(`the image is stretched (aspect x${aspect.toFixed(3)})`);
                if (img.naturalWidth < 2 * shown.width - 1)
                    found.push(`the image has ${img.naturalWidth} pixels for ${Math.round(shown.width)} shown: < 2x`);
                for (const el of [output, ...output.querySelectorAll('.widget-box, .widget-vbox')])
                    if (el.scrollWidth > el.clientWidth + 1)
                        found.push(`${el.className}: ${el.scrollWidth - el.clientWidth} px scroll sideways`);
                for (const control of output.querySelectorAll('.widget-slider, .widget-dropdown')) {
                    const box = control.getBoundingClientRect();
                    const label = control.querySelector('.widget-label');
                    const name = label ? label.textContent : control.className;
                    if (box.left < column.left - 0.5 || box.right > column.right + 0.5)
                        found.push(`control "${name}" lies outside the column`);
                    if (label && label.scrollWidth > label.clientWidth + 1)
                        found.push(`label "${name}" is clipped: ${label.scrollWidth} px in ${label.clientWidth}`);
                }
                return found;
            }"""
        )
        problems += [f"{name}: {p}" for p in found]
        if SCREENSHOTS_WANTED:
            explorer_notebook.screenshot_explorer(explorer, list(explorers).index(name) + 1, f"1024px.{name}")
    assert not problems, "at 1024x768, file browser closed:\n" + "\n".join(problems)


def _settle(notebook: LabNotebook, name: str, explorer, slider, control: str) -> tuple[dict, str, str]:
    """Wait until the slider's last value has reached the kernel, which has drawn it in full, and the page shows
    that image (or SETTLE_TIMEOUT has passed): the kernel's state, the readout and the page's image digest."""
    kernel, image = notebook.kernel(), notebook.image(explorer)
    deadline = time.monotonic() + SETTLE_TIMEOUT
    while True:
        state = kernel.evaluate(f"_browser_test_state({name!r})")
        readout = slider.locator(".widget-readout").first.inner_text().strip()
        shown = notebook.image_digest(image)
        held = state["controls"].get(control)
        if held and _readout_shows(held, readout) and state["settled"] and shown == state["digest"]:
            return state, readout, shown
        if time.monotonic() > deadline:
            return state, readout, shown
        time.sleep(0.1)


def _readout_shows(control: dict, readout: str) -> bool:
    """Whether a slider's readout shows the kernel's value (a label, or a number to its step)."""
    if control["label"] is not None:
        return readout == control["label"]
    try:
        shown = float(readout.replace("\u2212", "-"))
    except ValueError:
        return False
    value = float(control["value"])
    if control["log"]:
        return abs(shown - value) <= 0.01 * abs(value)
    return abs(shown - value) <= (control["step"] or 0) / 2 + 1e-9 or readout == str(control["value"])


def test_dragging_a_slider_shows_new_images_and_after_release_the_final_value_in_full(
    explorer_notebook, explorers
) -> None:
    notebook, kernel = explorer_notebook, explorer_notebook.kernel()
    problems, report = [], []
    for name, explorer in explorers.items():
        sliders = explorer.locator(".widget-slider")
        for index in range(sliders.count() if EVERY_SLIDER else min(1, sliders.count())):
            slider = sliders.nth(index)
            cpu_before = kernel.evaluate(f"_browser_test_state({name!r})")["cpu"]
            drag = notebook.drag_slider(explorer, slider)
            state, readout, shown = _settle(notebook, name, explorer, slider, drag.control)
            notebook.read_images(explorer, drag)
            control = state["controls"].get(drag.control)
            redrawn = kernel.evaluate(f"_browser_test_state({name!r}, redraw=True)")
            what = f"{name}, {drag.control} {drag.readout_before} -> {readout}"
            if drag.images_during < MIN_IMAGES_DURING_DRAG:
                problems.append(f"{what}: {drag.images_during} new image(s) during a {drag.seconds:.1f} s drag")
            if control is None or not _readout_shows(control, readout):
                problems.append(f"{what}: the slider shows {readout!r}, the kernel holds {control}")
            elif not state["settled"]:
                problems.append(f"{what}: not drawn in full {SETTLE_TIMEOUT} s after release")
            elif shown != state["digest"]:
                problems.append(f"{what}: the page does not show the kernel's last image")
            elif redrawn["digest"] != redrawn["redrawn"]:
                problems.append(f"{what}: the image shown is not what drawing the final value in full gives")
            report.append(_measured(name, drag, state["cpu"] - cpu_before))
    if REPORT:
        Path(REPORT).write_text(json.dumps(report, indent=1) + "\n")
    assert not problems, "\n".join(problems)


def _measured(name: str, drag: Drag, kernel_cpu_s: float) -> dict:
    after = drag.images_after
    return {
        "name": name,
        "control": drag.control,
        "seconds": round(drag.seconds, 3),
        "moves": drag.moves,
        "images_during": drag.images_during,
        "values_during": drag.values_during,
        "frames_per_second": round(drag.frames_per_second, 2),
        "values_per_second": round(drag.values_during / drag.seconds, 2) if drag.seconds > 0 else 0.0,
        "images_after": len(after),
        "final_ms": round(after[-1]) if after else 0,  # release -> the last (full) image
        "kernel_cpu_s": round(kernel_cpu_s, 3),  # the kernel's CPU time from before the drag to settled
        "load": round(os.getloadavg()[0], 2),
    }
