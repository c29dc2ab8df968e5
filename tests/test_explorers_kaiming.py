"""Lesson 04's explorer (initviz/explorers/kaiming.py): depth, gain and slope wired to the signal figure."""

import pytest

import initviz


def test_first_control_changes_the_image():
    explorer = initviz.explore_kaiming()
    before = explorer.image.value
    explorer.controls["depth"].value = 10
    assert explorer.image.value != before
    assert explorer.result["depth"] == 10


def test_explorer_static_form_is_a_png_and_a_fixed_text():
    bundle = initviz.explore_kaiming()._repr_mimebundle_()[0]
    assert bundle["image/png"] and bundle["text/plain"].startswith("<Explorer: Depth x gain")


def test_explorer_gain_not_on_the_slider_lists_the_choices():
    with pytest.raises(ValueError, match=r"gain=1\.6.*1\.414"):
        initviz.explore_kaiming(gain=1.6)
