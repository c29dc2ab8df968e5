"""Lesson 08, gains: 1/sqrt(E[phi(z)^2]) for ReLU, tanh, GELU, SiLU and SELU, and what a deep stack does with it."""

import math

import pytest

from initviz.lessons import gains


@pytest.mark.parametrize(
    ("name", "expected"), [("relu", math.sqrt(2)), ("tanh", 1.5925), ("gelu", 1.5335), ("silu", 1.6765), ("selu", 1.0)]
)
def test_the_gain_undoes_the_activations_second_moment(name, expected):
    assert gains.gain(name) == pytest.approx(expected, abs=5e-4)
    assert gains.monte_carlo_gain(name, n=200_000) == pytest.approx(expected, rel=0.01)


def test_selu_keeps_a_deep_stack_at_std_1_and_pytorchs_three_quarters_does_not():
    assert gains.stack_std("selu", 1.0, depth=15, width=128, n=128)[-1] == pytest.approx(1.0, abs=0.15)
    shrunk = gains.stack_std("selu", 0.75, depth=15, width=128, n=128)[-1]
    assert shrunk == pytest.approx(gains.predicted_std("selu", 0.75, 15)[-1], rel=0.2) and shrunk < 0.4


def test_gelu_with_hes_gain_fades():
    assert gains.predicted_std("gelu", math.sqrt(2), 20)[-1] < 0.05


def test_an_unknown_activation_is_named():
    with pytest.raises(ValueError, match="activation='mish'"):
        gains.gain("mish")
