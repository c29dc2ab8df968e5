"""Lesson 04's figures (initviz/figures/kaiming.py)."""

import numpy as np

from initviz import figures
from initviz.figures import kaiming as kfig
from initviz.training import History


def _y_labels(fig, ax):
    fig.canvas.draw()
    return [t.get_text() for t in ax.get_yticklabels() if t.get_text() and t.get_visible()]


def test_a_log_axis_within_a_decade_gets_plain_tick_labels():
    fig, (ax,) = figures.new_figure(1)
    figures.by_depth(ax, {"a": np.array([1.4, 2.0, 4.0, 8.0])})
    kfig.plain_log_ticks(ax)
    labels = _y_labels(fig, ax)
    assert labels and all("times" not in t and "^" not in t for t in labels)
    assert "2" in labels and "5" in labels


def test_a_log_axis_over_decades_keeps_its_powers_of_ten():
    fig, (ax,) = figures.new_figure(1)
    figures.by_depth(ax, {"a": np.array([1e-4, 1e-2, 1.0])})
    before = _y_labels(fig, ax)
    kfig.plain_log_ticks(ax)
    assert _y_labels(fig, ax) == before


def test_by_layer_draws_each_series_in_the_cue_it_names():
    fig, (ax,) = figures.new_figure(1)
    kfig.by_layer(ax, {"He": ([1.0, 0.9], 1), "default": ([0.5, 0.1], 2)})
    colours = [line.get_color() for line in ax.lines]
    assert colours == [figures.style.cue(1)["color"], figures.style.cue(2)["color"]]


def test_the_drift_figure_leaves_the_inf_nan_cross_colour_to_the_cross():
    drift = {n: np.zeros((4, 10)) for n in (8, 16, 32, 64, 128)}
    fig = kfig.drift_figure(drift, (5, 10), median_per_step=-1.8, spread_per_sqrt_step=1.6, title="t")
    colours = {str(line.get_color()).lower() for ax in fig.axes for line in ax.lines}
    assert "#d55e00" not in colours


def test_the_training_figure_draws_its_legend_once_in_the_first_panel():
    runs = {name: {"a": History(loss=[0.7, 0.1]), "b": History(loss=[0.7, 0.7])} for name in ("SGD", "Adam")}
    fig = kfig.training_figure(runs, chance=0.69, title="t")
    assert [ax.get_legend() is not None for ax in fig.axes] == [True, False]
