"""The signal lesson (initviz/lessons/signal.py): measured per-layer scales beside the mean field."""

import math

import numpy as np
import pytest

from initviz import theory
from initviz.answers import lookup
from initviz.figures.signal import headline
from initviz.lessons.signal import saturated_share, signal_by_depth


def test_a_linear_net_at_scale_one_follows_the_theory():
    r = signal_by_depth(10, 256, "linear", 1.0)
    assert r["predicted_forward"] == pytest.approx([1.0] * 10)
    assert r["forward"][-1] == pytest.approx(1.0, rel=0.25)


def test_relu_needs_gain_root_two():
    keeps = signal_by_depth(20, 256, "relu", 2**0.5)["forward"]
    shrinks = signal_by_depth(20, 256, "relu", 1.0)["forward"]
    assert keeps[-1] / keeps[0] == pytest.approx(1.0, rel=0.5)
    assert shrinks[-1] / shrinks[0] < 0.01  # (1/sqrt 2)^19 ~ 0.0014


def test_tanh_at_scale_one_has_no_fixed_point_and_fades_as_a_power_law():
    assert theory.fixed_point(1.0) < 1e-3
    forward = signal_by_depth(20, 256, "tanh", 1.0)["forward"]
    assert forward[9] / forward[19] == pytest.approx(math.sqrt(2), rel=0.1)  # std ~ 1/sqrt(2 l)


def test_tanh_above_scale_one_settles_where_the_fixed_point_says():
    q = float(theory.fixed_point(2.0))
    assert q == pytest.approx(2.12, rel=0.01)
    assert signal_by_depth(20, 256, "tanh", 2.0)["forward"][-1] == pytest.approx(math.sqrt(q), rel=0.05)


def test_chi_is_one_at_the_edge_of_chaos_below_one_before_and_above_one_beyond():
    assert theory.chi(0.0, 1.0) == pytest.approx(1.0)
    assert theory.chi(theory.fixed_point(0.5), 0.5) == pytest.approx(0.25)
    assert theory.chi(theory.fixed_point(2.0), 2.0) == pytest.approx(1.36, rel=0.01)


def test_chi_of_a_linear_layer_is_the_scale_squared():
    assert theory.chi(3.0, 1.5, "linear") == pytest.approx(2.25)


def test_chi_gives_the_measured_growth_of_the_gradient_per_layer():
    backward = signal_by_depth(30, 256, "tanh", 2.0)["backward"]
    per_layer = np.median(backward[:-1][10:] / backward[1:][10:])  # deep layers: at the fixed point
    assert per_layer == pytest.approx(math.sqrt(theory.chi(theory.fixed_point(2.0), 2.0)), rel=0.05)


def test_saturated_share_matches_the_measured_fraction_at_the_fixed_point():
    measured = signal_by_depth(20, 256, "tanh", 2.0)["saturated"][-1]
    assert measured == pytest.approx(saturated_share("tanh", float(theory.fixed_point(2.0))), abs=0.03)
    assert 0.12 < measured < 0.2


def test_saturated_share_is_zero_without_flat_tails_or_without_signal():
    assert saturated_share("relu", 4.0) == 0.0
    assert saturated_share("tanh", 0.0) == 0.0
    assert saturated_share("sigmoid", 100.0) > 0.7


def test_an_unknown_activation_is_refused_naming_the_argument():
    with pytest.raises(ValueError, match="activation"):
        saturated_share("softplus", 1.0)


def test_a_negative_variance_is_refused_naming_the_argument():
    with pytest.raises(ValueError, match="variance"):
        saturated_share("tanh", -1.0)


def test_the_headline_states_both_factors_and_marks_an_overflow():
    r = {"activation": "relu", "scale": 4.0, "forward": np.array([1.0, 8.0]), "backward": np.array([math.inf, 1.0])}
    assert headline(r) == "relu, s = 4, 2 layers: signal ×8 forward, gradient inf/NaN backward"


def test_exercise_00_2_accepts_any_scale_that_keeps_the_relu_signal():
    judge = lookup("00.2").judge
    assert judge(math.sqrt(2)) and judge(1.45)
    assert not judge(1.0) and not judge(2.0) and not judge(-1.414) and not judge(math.nan)
