"""The standard figures draw what they are given, and mark what is not finite."""

import math

import numpy as np
import pytest
import torch

import initviz
from initviz import figures
from initviz.training import History


def test_new_figure_has_the_panels_asked_for():
    fig, axes = figures.new_figure(3, 2, title="six panels")
    assert len(axes) == 6 and figures.describe(fig).endswith("six panels>")


def test_by_depth_marks_an_overflow_instead_of_failing():
    fig, (ax,) = figures.new_figure()
    figures.by_depth(ax, {"exploding": [1.0, 1e20, math.inf, math.nan]})
    assert any(t.get_text() == "inf/NaN" for t in ax.texts)
    assert figures.png(fig).startswith(b"\x89PNG")


def test_loss_curves_mark_a_diverged_run():
    fig, (ax,) = figures.new_figure()
    figures.loss_curves(
        ax, {"ok": History(loss=[1.0, 0.5]), "bad": History(loss=[1.0, math.nan], diverged=True, diverged_at=1)}
    )
    assert any(t.get_text() == "diverged" for t in ax.texts)
    assert any("(diverged)" in t.get_text() for t in ax.get_legend().get_texts())


def test_decision_boundary_of_a_nan_model_is_drawn_and_flagged():
    x, y = initviz.data.xor(n=40)
    model = initviz.mlp([2, 4, 2], init="constant", scale=1.0)
    with torch.no_grad():
        model[0].weight.fill_(math.nan)
    fig, (ax,) = figures.new_figure()
    figures.decision_boundary(ax, model, x, y)
    assert any("inf/NaN" in t.get_text() for t in ax.texts)
    assert figures.png(fig).startswith(b"\x89PNG")


def test_histograms_draw_one_outline_per_layer():
    fig, (ax,) = figures.new_figure()
    figures.histograms(ax, [np.random.default_rng(0).normal(size=100) * s for s in (1, 2, 3)], labels=["1", "2", "3"])
    assert len(ax.patches) == 3


def test_show_publishes_png_and_a_stable_text(monkeypatch):
    published = []
    monkeypatch.setattr("IPython.display.publish_display_data", lambda data, metadata=None: published.append(data))
    fig, _ = figures.new_figure(title="A takeaway")
    assert initviz.show(fig) is None
    assert published[0]["text/plain"] == "<Figure 420x380: A takeaway>"
    assert published[0]["image/png"].startswith(b"\x89PNG")


def test_a_diverged_run_does_not_flatten_the_other_loss_curves():
    fig, (ax,) = figures.new_figure()
    figures.loss_curves(
        ax,
        {
            "calm": History(loss=[0.7, 0.1, 0.01]),
            "wild": History(loss=[0.7, 1e20, math.nan], diverged=True, diverged_at=2),
        },
    )
    bottom, top = ax.get_ylim()
    assert top == pytest.approx(7.0) and bottom == pytest.approx(0.005)


def cross_height_in_axes(ax) -> float:
    """Where the diverged cross is drawn, as a fraction of the axes' height (0 bottom, 1 top)."""
    (cross,) = [line for line in ax.lines if line.get_marker() == "X"]
    x, y = cross.get_xdata()[0], cross.get_ydata()[0]
    fig_y = cross.get_transform().transform((x, y))[1]
    return (fig_y - ax.bbox.y0) / ax.bbox.height


def test_a_run_that_left_through_the_top_is_marked_on_the_top_edge_even_after_new_limits():
    fig, (ax,) = figures.new_figure()
    figures.loss_curves(
        ax,
        {
            "calm": History(loss=[0.7, 0.1, 0.01]),
            "wild": History(loss=[0.7, 1e20, math.nan], diverged=True, diverged_at=2),
        },
    )
    ax.set_ylim(1e-4, 1e4)  # as a notebook may do afterwards
    assert cross_height_in_axes(ax) > 0.9


def test_a_run_that_became_nan_on_the_plot_is_marked_at_its_last_finite_loss():
    fig, (ax,) = figures.new_figure()
    figures.loss_curves(
        ax,
        {
            "calm": History(loss=[0.7, 0.1, 0.01]),
            "nan": History(loss=[0.7, 0.5, math.nan], diverged=True, diverged_at=2),
        },
    )
    (cross,) = [line for line in ax.lines if line.get_marker() == "X"]
    assert (cross.get_xdata()[0], cross.get_ydata()[0]) == (2, 0.5)


def test_show_stores_twice_the_pixels_it_displays(monkeypatch):
    import io

    from IPython import display
    from PIL import Image

    published = {}
    monkeypatch.setattr(
        display, "publish_display_data", lambda data, metadata=None: published.update(data=data, meta=metadata)
    )
    fig, _ = initviz.figures.new_figure(width=4.0, height=3.0)
    initviz.figures.show(fig)
    image = Image.open(io.BytesIO(published["data"]["image/png"]))
    assert (image.width, image.height) == (800, 600)
    assert published["meta"]["image/png"] == {"width": 400, "height": 300}
    assert published["data"]["text/plain"].startswith("<Figure 400x300")


@pytest.mark.parametrize(("last", "right"), [(2, 5), (5, 5), (6, 10), (21, 25), (25, 25), (60, 60), (61, 70), (64, 70)])
def test_a_layer_axis_ends_on_the_next_whole_step(last, right):
    low, high = figures.layer_limits(1, last)
    assert low < 1 and math.isclose(high - right, 1 - low)  # the same small margin on both sides


def test_a_layer_axis_stays_put_while_the_depth_moves_within_a_step():
    assert len({figures.layer_limits(1, depth) for depth in range(21, 26)}) == 1
    assert figures.layer_limits(1, 26) != figures.layer_limits(1, 25)


def test_by_depth_puts_every_layer_inside_its_axis():
    fig, (ax,) = figures.new_figure()
    figures.by_depth(ax, {"std": np.ones(23)})
    low, high = ax.get_xlim()
    assert low < 1 and 23 < high and high == figures.layer_limits(1, 23)[1]


@pytest.mark.parametrize(
    ("value", "rounded"), [(0.011, 0.015), (0.7, 0.8), (1.0, 1.0), (2.2, 3.0), (6.01, 8.0), (9.0, 10.0), (41.0, 50.0)]
)
def test_round_up_lands_on_a_round_number_at_most_half_above(value, rounded):
    assert math.isclose(figures.round_up(value), rounded)
    assert value <= figures.round_up(value) <= 1.5 * value


@pytest.mark.parametrize("value", [0.0, -1.0, math.inf, math.nan])
def test_round_up_leaves_values_it_cannot_round_as_they_are(value):
    assert figures.round_up(value) is value or (math.isnan(value) and math.isnan(figures.round_up(value)))
