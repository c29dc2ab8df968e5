"""Lesson 05's explorer: explore_dying wires initviz.lessons.dying to initviz.figures.dying."""

import pytest
import torch

import initviz
from initviz.figures import new_figure
from initviz.figures.dying import draw_activity
from initviz.lessons import dying


@pytest.fixture(scope="module")
def explorer():
    return initviz.explore_dying()


def test_the_first_control_changes_the_image(explorer):
    before = bytes(explorer.image.value)
    explorer.controls["bias"].value = -1.5
    assert bytes(explorer.image.value) != before
    assert explorer.result["bias"] == -1.5 and explorer.result["total"] > 0.5


def test_the_explorer_shows_what_dead_by_bias_computes(explorer):
    explorer.controls["bias"].value = -1.0
    explorer.controls["scale"].value = 4.0
    assert explorer.result["per_layer"].tolist() == dying.dead_by_bias(-1.0, 4.0)["per_layer"].tolist()


def test_the_explorer_has_a_fixed_static_text(explorer):
    assert explorer.static_text().startswith("<Explorer: Dying by a negative bias")


def test_a_scale_off_the_slider_names_the_argument_and_the_allowed_values():
    with pytest.raises(ValueError, match=r"scale=3.*0.25, 0.5, 1, 2, 4"):
        initviz.explore_dying(scale=3.0)


def test_a_bias_off_the_slider_names_the_argument():
    with pytest.raises(ValueError, match="bias=-5"):
        initviz.explore_dying(bias=-5.0)


def test_draw_activity_counts_the_dead_units_of_each_layer():
    active = [torch.tensor([[True, False], [True, False]]), torch.tensor([[False, False, True], [False, False, False]])]
    fig, (ax,) = new_figure()
    assert draw_activity(ax, active) == [1, 2]
