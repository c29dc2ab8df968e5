"""The fast paths draw what the slow ones drew: PNG encoding, `figures.reset`, the frozen explorer layout.

No timings here (benchmarks/ measures them); only that being faster changed nothing visible.
"""

import io
import math

import numpy as np
import pytest
import torch
from PIL import Image

import initviz
from initviz import figures
from initviz.explorer import Explorer, choice_slider, whole_decades
from initviz.training import History


def pixels(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGBA"))


def savefig_png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=fig.dpi)
    return buf.getvalue()


def log_panel(ax, k=0):
    figures.by_depth(
        ax,
        {"a": np.geomspace(1, 10.0 ** (-3 - k), 12), "b": [1, 10, math.inf, 5]},
        predicted={"a": np.geomspace(1, 1e-3, 12)},
        ylabel="std",
        title=f"state {k}",
    )


def test_png_is_the_image_savefig_makes():
    fig, (ax,) = figures.new_figure()
    log_panel(ax)
    figures.png(fig)  # constrained layout settles on the first draw
    assert np.array_equal(pixels(figures.png(fig)), pixels(savefig_png(fig)))


def test_png_keeps_transparency_and_honours_another_dpi():
    fig, (ax,) = figures.new_figure()
    fig.patch.set_alpha(0.0)
    ax.plot([0, 1], [0, 1])
    assert pixels(figures.png(fig))[0, 0, 3] == 0
    w, h = Image.open(io.BytesIO(figures.png(fig, dpi=50))).size
    assert (w, h) == (210, 170)


@pytest.fixture(autouse=True)
def course_style():
    """Builders run after initviz.setup() in a notebook: the course style is the global one there."""
    with initviz.style.context():
        yield


BUILDERS = {
    "by_depth": lambda ax, k: log_panel(ax, k),
    "histograms": lambda ax, k: figures.histograms(
        ax, [np.random.default_rng(k).normal(size=200) * s for s in (1, 2 + k)], labels=["x", "y"], title=f"h{k}"
    ),
    "loss_curves": lambda ax, k: figures.loss_curves(
        ax,
        {
            "ok": History(loss=[1.0, 0.5 / (k + 1), 0.2]),
            "bad": History(loss=[1.0, math.nan], diverged=True, diverged_at=1),
        },
        chance=math.log(2),
    ),
    "decision_boundary": lambda ax, k: figures.decision_boundary(
        ax, initviz.mlp([2, 8, 2], "tanh", seed=k), *initviz.data.xor(n=40), resolution=30, title=f"d{k}"
    ),
}


@pytest.mark.parametrize("builder", BUILDERS)
def test_reset_then_build_draws_what_clear_then_build_draws(builder):
    draw = BUILDERS[builder]
    images = []
    for clear in (lambda ax: ax.clear(), figures.reset):
        fig, (ax,) = figures.new_figure()
        draw(ax, 0)
        ax.set_xlim(-5, 5)  # state that a redraw must not inherit
        ax.set_yscale("log")
        figures.png(fig)
        clear(ax)
        draw(ax, 1)
        figures.png(fig)
        images.append(pixels(figures.png(fig)))
    assert np.array_equal(images[0], images[1])


def make_explorer(draw_values, measure_extremes=False):
    """An explorer whose single control picks the values drawn on a linear y axis (by default laid out for the
    start value only, as if a value needing more room were not an extreme)."""
    fig, (ax,) = figures.new_figure(title="frozen layout")

    def draw(values):
        figures.reset(ax)
        ax.plot(values)
        ax.ticklabel_format(axis="y", style="plain", useOffset=False)
        ax.set(xlabel="x", ylabel="a y label", title="a panel")

    control = choice_slider("k", list(draw_values), next(iter(draw_values)))
    explorer = Explorer("test", {"k": control}, fig, lambda k: draw_values[k], draw, measure_extremes=measure_extremes)
    return explorer, ax


def inside_figure(fig, ax) -> bool:
    renderer = fig.canvas.get_renderer()
    w, h = fig.canvas.get_width_height()
    boxes = [t.get_window_extent(renderer) for t in (ax.title, ax.xaxis.label, ax.yaxis.label)]
    lo, hi = sorted(ax.get_ylim())
    boxes += [
        t.get_window_extent(renderer)
        for t, y in zip(ax.get_yticklabels(), ax.get_yticks())
        if t.get_text() and lo <= y <= hi
    ]  # the ticks drawn
    return all(b.x0 >= -0.5 and b.y0 >= -0.5 and b.x1 <= w + 0.5 and b.y1 <= h + 0.5 for b in boxes)


def test_explorer_panels_stay_put_while_the_labels_fit():
    explorer, ax = make_explorer({1: [1, 2, 3], 2: [3, 2, 1]})
    before = ax.get_position().bounds
    explorer.controls["k"].value = 2
    assert ax.get_position().bounds == before
    assert np.array_equal(pixels(explorer.image.value), pixels(figures.png(explorer.figure)))


def test_explorer_lays_out_again_when_a_label_would_be_clipped():
    explorer, ax = make_explorer({1: [1, 2, 3], 2: [1_000_000, 2_000_000, 3_000_000]})
    before = ax.get_position().bounds
    explorer.controls["k"].value = 2  # tick labels 1000000...: the y label must move left
    assert ax.get_position().bounds != before
    assert inside_figure(explorer.figure, ax)
    explorer.controls["k"].value = 1
    assert inside_figure(explorer.figure, ax)


def test_explorer_going_back_and_forth_between_two_settings_lays_out_once_more_at_most():
    fig, (a, b) = figures.new_figure(2, title="back and forth")

    def draw(k):
        for ax, wide in ((a, k == 2), (b, k == 1)):  # wide tick labels on one panel, then on the other
            figures.reset(ax)
            ax.plot(np.array([1, 2, 3]) * (1_000_000 if wide else 1))
            ax.ticklabel_format(axis="y", style="plain", useOffset=False)
            ax.set(xlabel="x", ylabel="a y label", title="a panel")

    explorer = Explorer("t", {"k": choice_slider("k", [1, 2], 1)}, fig, lambda k: k, draw, measure_extremes=False)
    explorer.controls["k"].value = 2  # a's labels need more room now: laid out again, keeping room for b's
    positions = [ax.get_position().bounds for ax in (a, b)]
    for k in (1, 2, 1):
        explorer.controls["k"].value = k
        assert [ax.get_position().bounds for ax in (a, b)] == positions
        assert inside_figure(fig, a) and inside_figure(fig, b)


def test_explorer_lays_out_room_for_the_labels_of_its_extremes_before_the_first_image():
    values = {1: [1, 2, 3], 5: [3, 2, 1], 9: [1_000_000, 2_000_000, 3_000_000]}  # the widest labels at an end
    explorer, ax = make_explorer(values, measure_extremes=True)
    before = ax.get_position().bounds
    assert inside_figure(explorer.figure, ax)
    for k in (9, 5, 1):
        explorer.controls["k"].value = k
        assert ax.get_position().bounds == before
        assert inside_figure(explorer.figure, ax)


def test_explorer_measures_every_option_of_a_drop_down_list():
    fig, (ax,) = figures.new_figure(title="options")

    def draw(scale):
        figures.reset(ax)
        ax.plot(np.array([1, 2, 3]) * scale)
        ax.ticklabel_format(axis="y", style="plain", useOffset=False)
        ax.set(xlabel="x", ylabel="a y label", title="a panel")

    options = [("small", 1), ("huge", 1_000_000), ("medium", 1_000)]  # the widest labels in the middle
    control = initviz.explorer.dropdown("scale", options, 1)
    explorer = Explorer("t", {"scale": control}, fig, lambda scale: scale, draw)
    before = ax.get_position().bounds
    explorer.controls["scale"].value = 1_000_000
    assert ax.get_position().bounds == before
    assert inside_figure(fig, ax)


def test_explorer_title_makes_way_for_an_offset_text_that_appears():
    fig, (ax,) = figures.new_figure(width=3.6)

    def draw(scale):
        figures.reset(ax)
        ax.plot(np.array([1.0, 3.0, 2.0]) * scale)
        ax.set_title("a title as wide as the panel")

    explorer = Explorer("t", {"s": choice_slider("s", [1.0, 1e-7], 1.0)}, fig, lambda s: s, draw)
    explorer.controls["s"].value = 1e-7
    renderer = fig.canvas.get_renderer()
    offset = ax.yaxis.offsetText
    assert offset.get_text()
    assert not ax.title.get_window_extent(renderer).overlaps(offset.get_window_extent(renderer))


def test_signal_explorer_nets_are_the_nets_mlp_builds():
    from initviz.lessons import signal

    for depth, width, act, scale in [
        (30, 32, "tanh", 1.0),
        (5, 32, "tanh", 2.0),
        (12, 16, "relu", 1.5),
        (55, 8, "tanh", 1.0),
    ]:
        kept = signal.network(depth, width, act, scale, 0)
        fresh = initviz.mlp([width] * (depth + 1) + [2], act, "lecun_normal", scale=scale, seed=0)
        assert [type(m) for m in kept] == [type(m) for m in fresh]
        for a, b in zip(kept.parameters(), fresh.parameters()):
            assert torch.equal(a, b)


@pytest.mark.parametrize("change", [("depth", 35), ("activation", "relu"), ("scale", 0.25), ("width", 16)])
def test_signal_explorer_moving_lines_draws_what_drawing_afresh_draws(change):
    from initviz.figures import signal

    explorer = initviz.explore_signal(depth=8, width=32)
    name, value = change
    explorer.controls[name].value = value
    moved = pixels(explorer.image.value)
    ax_f, ax_b = explorer.figure.axes
    r = explorer.result
    label = f"{r['activation']}, s={r['scale']:g}"
    for ax, kind, ylabel, title in (
        (ax_f, "forward", signal.FORWARD_LABEL, "forward"),
        (ax_b, "backward", signal.BACKWARD_LABEL, "backward"),
    ):
        figures.reset(ax)
        figures.by_depth(ax, {label: r[kind]}, predicted={label: r[f"predicted_{kind}"]}, ylabel=ylabel, title=title)
        whole_decades(ax)  # as every explorer does after its draw
    assert np.array_equal(moved, pixels(figures.png(explorer.figure)))
    assert not signal.move_lines(ax_f, label, np.array([1.0, math.inf]), np.array([1.0, 1.0]))
