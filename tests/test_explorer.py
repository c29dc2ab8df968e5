"""The explorer pattern: a static form for nbval and GitHub, a live image for JupyterLab."""

import asyncio
import base64
import io
import threading

import numpy as np
import pytest
from PIL import Image

import initviz
import initviz.explorer
from initviz import explorers

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def no_recent_drag(monkeypatch):
    """Each test starts with no explorer dragged a moment ago (which would put off preparing drags)."""
    monkeypatch.setattr(initviz.explorer, "_last_browser_change", [float("-inf")])


def png_size(data) -> tuple[int, int]:
    return Image.open(io.BytesIO(bytes(data))).size


@pytest.fixture(scope="module")
def explorer():
    return initviz.explore_signal(depth=6, width=32)


def test_static_form_has_the_figure_and_a_fixed_text(explorer):
    bundle = explorer._repr_mimebundle_()[0]
    assert base64.b64decode(bundle["image/png"]).startswith(PNG_MAGIC)
    assert bundle["text/plain"] == explorer.static_text()
    assert "depth" in bundle["text/plain"] and "0x" not in bundle["text/plain"]


def test_static_form_also_carries_the_live_widget(explorer):
    assert "application/vnd.jupyter.widget-view+json" in explorer._repr_mimebundle_()[0]


def test_changing_a_control_re_renders_the_image_before_the_assignment_returns(explorer):
    before = explorer.image.value
    explorer.controls["depth"].value = 12
    assert explorer.image.value != before
    assert bytes(explorer.image.value).startswith(PNG_MAGIC)  # ipywidgets hands back a memoryview
    assert len(explorer.result["forward"]) == 12


def test_timing_is_split_into_compute_and_render(explorer):
    assert set(explorer.timing) == {"compute", "render"}
    assert all(t > 0 for t in explorer.timing.values())


def test_the_image_is_drawn_at_twice_the_size_it_is_shown(explorer):
    width = int(explorer.image.layout.width.removesuffix("px"))
    assert width == round(explorer.figure.get_figwidth() * initviz.style.DISPLAY_DPI)
    assert png_size(explorer.image.value)[0] == 2 * width


def test_every_explorer_is_reachable_as_initviz_attribute():
    assert "explore_signal" in explorers.names()
    assert all(callable(getattr(initviz, name)) for name in explorers.names())


def test_an_unknown_explorer_says_which_exist():
    with pytest.raises(AttributeError, match="explore_signal"):
        getattr(explorers, "explore_nothing")  # noqa: B009


def test_an_explorer_needs_controls():
    fig, _ = initviz.figures.new_figure()
    with pytest.raises(ValueError, match="controls"):
        initviz.Explorer("empty", {}, fig, lambda: None, lambda r: None)


def test_an_explorer_needs_a_matplotlib_figure():
    with pytest.raises(TypeError, match="figure"):
        initviz.Explorer(
            "bad", {"a": initviz.explorer.slider("a", 1, 0, 2, 1)}, "not a figure", lambda a: None, lambda r: None
        )


def test_the_static_image_is_stored_at_twice_its_display_size(explorer):
    bundle, metadata = explorer._repr_mimebundle_()
    stored = Image.open(io.BytesIO(base64.b64decode(bundle["image/png"])))
    shown = metadata["image/png"]["width"]
    assert stored.width == 2 * shown
    assert shown == int(explorer.image.layout.width.removesuffix("px"))


def test_sliders_update_while_dragged(explorer):
    sliders = [c for c in explorer.controls.values() if hasattr(c, "continuous_update")]
    assert sliders and all(c.continuous_update for c in sliders)


def test_the_image_shrinks_to_a_narrower_column_keeping_its_aspect(explorer):
    layout = explorer.image.layout
    assert (layout.max_width, layout.height, layout.margin) == ("calc(100% - 4px)", "auto", "2px")


def counting_explorer(coarse=None):
    """An explorer of one slider k (0..10) whose compute calls after its build are logged as ("full"|"coarse", k)."""
    calls = []
    fig, (ax,) = initviz.figures.new_figure(title="dragged")
    (line,) = ax.plot([0, 1], [0, 0])

    def compute(k):
        calls.append(("full", k))
        return k

    def cheap(k):
        calls.append(("coarse", k))
        return k

    def draw(k):
        line.set_ydata([0, k])
        ax.set_ylim(-1, 11)

    control = initviz.explorer.slider("k", 0, 0, 10, 1)
    explorer = initviz.Explorer("drag", {"k": control}, fig, compute, draw, coarse=cheap if coarse else None)
    calls.clear()  # the build computes the start value and the extremes (to lay out room for their labels)
    return explorer, calls


async def drag(explorer, *values):
    """What the widget front end does while a slider is dragged: one message per value, each once the kernel has
    handled the one before (it says it is idle), which the kernel then draws in its event loop."""
    for k in values:
        explorer.controls["k"].set_state({"value": k})
        await asyncio.sleep(0)  # the kernel's loop runs: it draws the change


def send(explorer, *values):
    """Changes from the browser that reach the kernel back to back, before it gets to draw any of them."""
    for k in values:
        explorer.controls["k"].set_state({"value": k})


def test_a_change_made_in_python_is_drawn_in_full_before_the_assignment_returns():
    explorer, calls = counting_explorer(coarse=True)
    shown = int(explorer.image.layout.width.removesuffix("px"))
    explorer.controls["k"].value = 3
    explorer.controls["k"].value = 4
    assert calls[-2:] == [("full", 3), ("full", 4)]
    assert explorer.settled and png_size(explorer.image.value)[0] == 2 * shown


def test_a_drag_from_the_browser_is_drawn_coarse_then_in_full_when_the_pointer_stops():
    explorer, calls = counting_explorer(coarse=True)
    shown = int(explorer.image.layout.width.removesuffix("px"))
    seen = {}

    async def drag_then_stop():
        await drag(explorer, 1, 2, 3)
        seen["while dragging"] = (explorer.settled, png_size(explorer.image.value)[0], explorer.values["k"])
        await asyncio.sleep(explorer.SETTLE_S + 0.5)

    asyncio.run(drag_then_stop())
    assert seen["while dragging"] == (False, shown, 3)  # the last value, drawn at 1x
    # the first coarse image also sets up both ends of the slider, 0 and 10, to hold their axes (see below)
    assert calls == [("coarse", 1), ("coarse", 0), ("coarse", 10), ("coarse", 2), ("coarse", 3), ("full", 3)]
    assert explorer.settled and png_size(explorer.image.value)[0] == 2 * shown


def test_while_dragged_the_image_is_a_jpeg_and_after_the_drag_a_png():
    explorer, _ = counting_explorer(coarse=True)
    seen = {}

    async def drag_then_stop():
        await drag(explorer, 1, 2)
        seen["while dragging"] = (explorer.image.format, bytes(explorer.image.value[:2]))
        await asyncio.sleep(explorer.SETTLE_S + 0.5)

    asyncio.run(drag_then_stop())
    assert seen["while dragging"] == ("jpeg", b"\xff\xd8")  # a JPEG's first bytes
    assert explorer.image.format == "png" and bytes(explorer.image.value).startswith(PNG_MAGIC)


def test_the_full_image_after_a_drag_is_the_one_a_change_in_python_draws():
    dragged, _ = counting_explorer(coarse=True)
    typed, _ = counting_explorer(coarse=True)

    async def drag_then_stop():
        await drag(dragged, 5, 9, 7)
        await asyncio.sleep(dragged.SETTLE_S + 0.5)

    asyncio.run(drag_then_stop())
    typed.controls["k"].value = 7
    assert np.array_equal(pixels(dragged.image.value), pixels(typed.image.value))


def test_a_drag_whose_changes_come_slowly_waits_longer_before_it_counts_as_ended():
    explorer, _ = counting_explorer(coarse=True)

    async def slow_drag():
        await drag(explorer, 1)
        for k in (2, 3, 4):
            await asyncio.sleep(0.3)  # a loaded browser: each change comes 0.3 s after the last update ended
            await drag(explorer, k)
        return explorer.settle_after()

    assert explorer.settle_after() == explorer.SETTLE_S
    assert 0.6 <= asyncio.run(slow_drag()) <= explorer.DRAG_GAP_S


def test_a_new_drag_counts_as_ended_after_settle_s_again():
    explorer, _ = counting_explorer(coarse=True)

    async def slow_drag_then_a_quick_one():
        await drag(explorer, 1)
        await asyncio.sleep(0.3)
        await drag(explorer, 2)
        await asyncio.sleep(explorer.DRAG_GAP_S + 0.1)
        await drag(explorer, 3, 4)
        return explorer.settle_after()

    assert asyncio.run(slow_drag_then_a_quick_one()) == explorer.SETTLE_S


def fitted_explorer():
    """An explorer of one slider k (1..10) whose panel's y axis is fitted to its line, 0..k."""
    fig, (ax,) = initviz.figures.new_figure(title="fitted")
    (line,) = ax.plot([0, 1], [0, 1])

    def draw(k):
        line.set_ydata([0, k])
        ax.set_ylim(0, k)

    control = initviz.explorer.slider("k", 1, 1, 10, 1)
    return initviz.Explorer("fit", {"k": control}, fig, lambda k: k, draw), ax


def test_while_a_slider_is_dragged_the_axes_cover_both_its_ends():
    explorer, ax = fitted_explorer()
    seen = {}

    async def drag_up_and_down():
        await drag(explorer, 2, 3)
        seen["at 3"] = ax.get_ylim()
        await drag(explorer, 4)
        seen["at 4"] = ax.get_ylim()
        await asyncio.sleep(explorer.SETTLE_S + 0.5)

    asyncio.run(drag_up_and_down())
    assert seen["at 3"] == seen["at 4"] == (0, 10)  # the curve moves, the axis stays where k = 10 needs it
    assert ax.get_ylim() == (0, 4) and explorer.settled  # the full image fits the final value again


def test_while_a_slider_is_dragged_the_axes_only_grow():
    fig, (ax,) = initviz.figures.new_figure(title="peaked")
    (line,) = ax.plot([0, 1], [0, 1])

    def draw(k):  # highest in the middle of the slider, not at its ends
        line.set_ydata([0, 10 - abs(k - 5)])
        ax.set_ylim(0, 10 - abs(k - 5))

    explorer = initviz.Explorer("peak", {"k": initviz.explorer.slider("k", 1, 1, 9, 1)}, fig, lambda k: k, draw)
    seen = {}

    async def drag_over_the_peak():
        await drag(explorer, 2, 5, 8)
        seen["after 5 then 8"] = ax.get_ylim()
        await asyncio.sleep(explorer.SETTLE_S + 0.5)

    asyncio.run(drag_over_the_peak())
    assert seen["after 5 then 8"] == (0, 10)  # still covers k = 5's peak
    assert ax.get_ylim() == (0, 7) and explorer.settled


def test_a_change_made_in_python_fits_the_axes_to_its_value():
    explorer, ax = fitted_explorer()
    explorer.controls["k"].value = 8
    explorer.controls["k"].value = 3
    assert ax.get_ylim() == (0, 3)


def test_a_single_change_from_the_browser_is_drawn_coarse_then_in_full():
    explorer, calls = counting_explorer(coarse=True)

    async def click_then_wait():
        await drag(explorer, 6)
        await asyncio.sleep(explorer.SETTLE_S + 0.5)

    asyncio.run(click_then_wait())
    assert calls[0] == ("coarse", 6) and calls[-1] == ("full", 6) and explorer.settled


def test_without_an_event_loop_a_drag_is_drawn_in_full_at_once():
    explorer, calls = counting_explorer(coarse=True)
    send(explorer, 1, 2)
    assert calls[-1] == ("full", 2) and explorer.settled


def test_a_change_from_the_browser_is_drawn_once_its_message_is_handled():
    explorer, calls = counting_explorer(coarse=True)
    seen = {}

    async def one_change():
        send(explorer, 6)  # the kernel says it is idle now: the browser's next value can come while it draws
        seen["handled"] = (list(calls), explorer.settled)
        await asyncio.sleep(0)
        seen["then"] = list(calls)
        await asyncio.sleep(explorer.SETTLE_S + 0.5)

    asyncio.run(one_change())
    assert seen["handled"] == ([], False)
    assert seen["then"][0] == ("coarse", 6)


def test_changes_that_come_before_the_kernel_draws_are_drawn_as_one_the_latest():
    explorer, calls = counting_explorer(coarse=True)

    async def three_at_once():
        send(explorer, 1, 2, 3)
        await asyncio.sleep(explorer.SETTLE_S + 0.5)

    asyncio.run(three_at_once())
    assert calls == [("coarse", 3), ("coarse", 0), ("coarse", 10), ("full", 3)]


def test_changes_that_come_back_to_the_value_shown_before_the_kernel_draws_draw_nothing():
    explorer, calls = counting_explorer(coarse=True)  # at k = 0, drawn in full

    async def there_and_back():
        send(explorer, 5, 0)
        await asyncio.sleep(explorer.SETTLE_S + 0.5)

    asyncio.run(there_and_back())
    assert calls == [] and explorer.settled


def test_a_change_in_python_during_a_drag_cancels_the_pending_full_drawing():
    explorer, calls = counting_explorer(coarse=True)

    async def drag_then_type():
        await drag(explorer, 1, 2)
        explorer.controls["k"].value = 8
        await asyncio.sleep(explorer.SETTLE_S + 0.5)

    asyncio.run(drag_then_type())
    assert calls == [("coarse", 1), ("coarse", 0), ("coarse", 10), ("coarse", 2), ("full", 8)]


def test_a_change_in_python_before_the_browsers_change_is_drawn_leaves_that_change_undrawn():
    explorer, calls = counting_explorer(coarse=True)

    async def send_then_type():
        send(explorer, 1)
        explorer.controls["k"].value = 8
        await asyncio.sleep(explorer.SETTLE_S + 0.5)

    asyncio.run(send_then_type())
    assert calls == [("full", 8)] and explorer.settled


def test_a_change_from_the_browser_on_another_thread_is_drawn_on_the_thread_that_built_the_explorer():
    # JupyterLab 4.4+ sends widget messages to a kernel subshell, which handles them on its own thread
    seen = {}

    async def build_then_change_from_a_subshell():
        explorer, _ = counting_explorer(coarse=True)
        threads = []
        refresh = explorer.refresh

        def noted(**kwargs):
            threads.append(threading.current_thread().name)
            refresh(**kwargs)

        explorer.refresh = noted
        subshell = threading.Thread(target=lambda: send(explorer, 4, 5), name="subshell")
        subshell.start()
        subshell.join()
        await asyncio.sleep(explorer.SETTLE_S + 0.5)
        seen.update(threads=threads, settled=explorer.settled, k=explorer.values["k"])

    asyncio.run(build_then_change_from_a_subshell())
    main = threading.current_thread().name
    assert seen == {"threads": [main, main], "settled": True, "k": 5}  # 4 and 5 drawn as one, coarse, then full


def test_once_built_in_a_running_kernel_the_first_image_of_a_drag_is_prepared_ahead_the_image_unchanged():
    seen = {}

    async def build_idle_then_drag():
        explorer, calls = counting_explorer(coarse=True)
        built = bytes(explorer.image.value)
        await asyncio.sleep(0.05)  # the cell has run: the kernel's loop goes on
        seen["idle"] = (list(calls), bytes(explorer.image.value) == built, explorer.figure.dpi)
        calls.clear()
        kept = explorer._frames.hits
        await drag(explorer, 3)
        seen["first image"] = (list(calls), explorer._frames.hits - kept)

    asyncio.run(build_idle_then_drag())
    # both ends of the slider set up, and a frame drawn at 1x for them, with the image left as it was
    assert seen["idle"] == ([("coarse", 0), ("coarse", 10)], True, initviz.style.STORED_DPI)
    assert seen["first image"] == ([("coarse", 3)], 1)  # no ends to set up again, and the frame reused


def test_while_another_explorer_is_dragged_preparing_drags_waits():
    seen = {}

    async def drag_one_while_another_is_built():
        other, _ = counting_explorer(coarse=True)
        await drag(other, 3)  # a slider of another explorer moves now
        explorer, calls = counting_explorer(coarse=True)
        await asyncio.sleep(0.1)
        seen["at once"] = [c for c in calls if c[0] == "coarse"]
        await asyncio.sleep(explorer.WARM_AFTER_S + 0.3)
        seen["later"] = [c for c in calls if c[0] == "coarse"]

    asyncio.run(drag_one_while_another_is_built())
    assert seen == {"at once": [], "later": [("coarse", 0), ("coarse", 10)]}


def test_after_a_drag_the_other_controls_ends_are_set_up_again_while_idle():
    fig, (ax,) = initviz.figures.new_figure(title="two")
    (line,) = ax.plot([0, 1], [0, 0])
    calls = []

    def compute(k, m):
        calls.append((k, m))
        return k * m

    def draw(y):
        line.set_ydata([0, y])

    controls = {"k": initviz.explorer.slider("k", 1, 0, 10, 1), "m": initviz.explorer.slider("m", 1, 1, 3, 1)}
    seen = {}

    async def idle_drag_m_then_idle():
        explorer = initviz.Explorer("two", controls, fig, compute, draw)  # in a running kernel
        calls.clear()
        await asyncio.sleep(0.3)  # idle after the build: one control a step
        seen["built"] = list(calls)
        calls.clear()
        await drag_control(explorer, "m", 2)
        await asyncio.sleep(explorer.SETTLE_S + explorer.WARM_AFTER_S + 0.3)
        seen["after m"] = list(calls)

    asyncio.run(idle_drag_m_then_idle())
    assert seen["built"] == [(0, 1), (10, 1), (1, 1), (1, 3)]  # k's ends, then m's
    # m dragged to 2 (its ends were ready), drawn in full, then k's ends again, now with m = 2; m's still hold
    assert seen["after m"] == [(1, 2), (1, 2), (0, 2), (10, 2)]


async def drag_control(explorer, name, value):
    """One change of control `name` from the browser, drawn in the kernel's loop."""
    explorer.controls[name].set_state({"value": value})
    await asyncio.sleep(0)


def test_a_dragged_control_must_be_one_of_the_explorers():
    explorer, _ = counting_explorer()
    with pytest.raises(KeyError, match="dragged"):
        explorer.refresh(coarse=True, dragged="depth")


def test_coarse_must_be_a_function():
    fig, _ = initviz.figures.new_figure()
    control = {"a": initviz.explorer.slider("a", 1, 0, 2, 1)}
    with pytest.raises(TypeError, match="coarse"):
        initviz.Explorer("bad", control, fig, lambda a: a, lambda r: None, coarse="cheap")


def pixels(data) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(bytes(data))).convert("RGB"))


def test_an_explorers_log_axes_end_on_whole_decades_and_keep_autoscaling(explorer):
    for ax in explorer.figure.axes:
        if ax.get_yscale() == "log":
            low, high = sorted(ax.get_ylim())
            assert np.log10(low) == pytest.approx(round(np.log10(low))), ax.get_ylim()
            assert np.log10(high) == pytest.approx(round(np.log10(high))), ax.get_ylim()
            assert ax.get_autoscaley_on()
    assert any(ax.get_yscale() == "log" for ax in explorer.figure.axes)


def test_whole_decades_leaves_linear_axes_and_inverted_log_axes_as_they_go():
    from matplotlib.figure import Figure

    from initviz.explorer import whole_decades

    ax = Figure().add_subplot()
    ax.set_xlim(0.3, 7)
    ax.set_yscale("log")
    ax.set_ylim(40, 2e-3)
    whole_decades(ax)
    assert ax.get_xlim() == (0.3, 7)
    assert ax.get_ylim() == pytest.approx((100, 1e-3))
