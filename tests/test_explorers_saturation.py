"""Lesson 06's explorer: explore_saturation wires initviz.lessons.saturation to initviz.figures.saturation."""

import pytest

import initviz
from initviz.lessons import saturation


@pytest.fixture(scope="module")
def explorer():
    return initviz.explore_saturation()


def test_the_first_control_changes_the_image(explorer):
    before = bytes(explorer.image.value)
    explorer.controls["scale"].value = 1.0
    assert bytes(explorer.image.value) != before
    assert explorer.result["scale"] == 1.0


def test_the_layer_control_picks_the_histogram(explorer):
    explorer.controls["layer"].value = 3
    assert explorer.result["layer"] == 3 and len(explorer.result["pre"]) == saturation.DEPTH


def test_moving_the_scale_between_its_extremes_keeps_the_layout(explorer):
    boxes = [ax.get_position().bounds for ax in explorer.figure.axes]
    for value in (0.25, 8.0, 0.25):
        explorer.controls["scale"].value = value
    explorer.controls["activation"].value = "sigmoid"
    explorer.controls["activation"].value = "tanh"
    assert [ax.get_position().bounds for ax in explorer.figure.axes] == boxes


def test_the_explorer_has_a_fixed_static_text(explorer):
    assert explorer.static_text().startswith("<Explorer: Saturation")


def test_a_scale_off_the_slider_names_the_allowed_values():
    with pytest.raises(ValueError, match=r"scale=5.*0.25, 0.5, 1"):
        initviz.explore_saturation(scale=5.0)


def test_a_layer_outside_the_net_names_the_argument():
    with pytest.raises(ValueError, match="layer=9"):
        initviz.explore_saturation(layer=9)
