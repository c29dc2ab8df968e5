"""Notebook 04's exercises (initviz/answers/nb04.py): expected answers and the judge that measures a pair (a, g)."""

import math

import pytest

import initviz
from initviz.answers import nb04


def test_exercise_2_counts_ten_layer_to_layer_steps():
    assert initviz.check("04.2", 6**-5) and not initviz.check("04.2", 6**-4.5)


@pytest.mark.parametrize("slope", [0.01, 0.25, 0.5])
def test_exercise_3_accepts_he_gain_for_any_leaky_slope(slope):
    assert nb04.keeps_the_signal((slope, math.sqrt(2 / (1 + slope**2))))


@pytest.mark.parametrize("pair", [(0.3, 1.0), (0.2, 1.6)])
def test_exercise_3_refuses_a_gain_that_loses_or_blows_up_the_signal(pair):
    assert not nb04.keeps_the_signal(pair)


@pytest.mark.parametrize("answer", [(0.0, 1.414), (1.0, 1.0), "0.2, 1.4", (0.2,)])
def test_exercise_3_wants_a_pair_with_a_leaky_slope_between_0_and_1(answer):
    with pytest.raises(ValueError, match="a"):
        nb04.keeps_the_signal(answer)
