"""The order/chaos plane of tanh: theory (fixed point, chi), lessons/meanfield.py, its figure helper and explorer."""

import math

import numpy as np
import pytest
import torch

import initviz
from initviz import theory
from initviz.figures.xavier import times
from initviz.lessons import meanfield


@pytest.fixture(autouse=True, scope="module")
def one_thread():
    """As in the notebooks (initviz.setup): one torch thread, restored afterwards."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def test_tanh_with_zero_bias_has_fixed_point_zero_up_to_gain_one_and_above_zero_beyond():
    q = theory.fixed_point(np.array([0.5, 0.9, 1.0, 1.2, 5 / 3]))
    assert np.all(q[:3] < 1e-9) and np.all(q[3:] > 0.2)


def test_the_fixed_point_is_a_fixed_point_of_the_variance_map():
    for scale, bias in [(5 / 3, 0.0), (1.3, 0.2), (2.0, 0.5)]:
        q = float(theory.fixed_point(scale, bias))
        mapped = scale**2 * theory.gaussian_mean(lambda z: np.tanh(z) ** 2, q) + bias**2
        assert mapped == pytest.approx(q, rel=1e-9)


def test_chi_at_the_fixed_point_of_gain_five_thirds_is_1_21():
    q = theory.fixed_point(5 / 3)
    assert float(theory.chi(q, 5 / 3)) == pytest.approx(1.2098, abs=1e-3)


def test_chi_at_zero_variance_is_the_gain_squared_for_tanh():
    assert float(theory.chi(0.0, 0.8)) == pytest.approx(0.64)


def test_forward_std_with_bias_adds_the_bias_variance_and_keeps_the_old_default():
    plain = theory.forward_std(4, "tanh", 1.2)
    assert np.array_equal(plain, theory.forward_std(4, "tanh", 1.2, bias_std=0.0))
    biased = theory.forward_std(4, "tanh", 1.2, bias_std=0.5)
    assert biased[0] ** 2 == pytest.approx(1.2**2 + 0.25)


def test_fixed_point_is_only_defined_for_tanh():
    with pytest.raises(ValueError, match="activation='relu'"):
        theory.fixed_point(1.0, activation="relu")


def test_the_edge_of_chaos_starts_at_gain_one_and_rises_with_the_bias():
    line = meanfield.critical_scale(np.array([0.0, 0.2, 0.5]))
    assert line[0] == pytest.approx(1.0, abs=1e-6)
    assert line[1] == pytest.approx(1.304, abs=0.005) and line[2] > line[1]
    assert float(theory.chi(theory.fixed_point(line[1], 0.2), line[1])) == pytest.approx(1.0, abs=1e-4)


def test_the_phase_diagram_is_ordered_left_of_the_line_and_chaotic_right_of_it():
    d = meanfield.phase_diagram()
    w = d["sigma_w"][None, :]
    left, right = w < d["critical_w"][:, None] - 0.05, w > d["critical_w"][:, None] + 0.05
    assert np.all(d["chi"][left] < 1) and np.all(d["chi"][right] > 1)
    assert meanfield.phase_diagram() is d and not d["chi"].flags.writeable


def test_a_measured_chaotic_net_grows_its_gradient_as_mean_field_says():
    r = meanfield.order_chaos(5 / 3, 0.0, 30, width=256, n=32)
    assert r["phase"] == "chaotic" and r["chi"] == pytest.approx(1.21, abs=0.01)
    assert r["backward"][0] == pytest.approx(r["predicted_backward"][0], rel=0.3) and r["backward"][0] > 5
    assert np.allclose(r["forward"][10:], math.sqrt(r["q_star"]), rtol=0.1)
    assert r["saturated"] < 0.1


def test_gain_one_is_critical_and_its_signal_decays_as_a_power_law():
    r = meanfield.order_chaos(1.0, 0.0, 30, width=128, n=32)
    assert r["phase"] == "critical" and r["q_star"] < 1e-9
    assert r["predicted_forward"][-1] * math.sqrt(2 * 30) == pytest.approx(1.0, abs=0.05)


def test_a_point_one_slider_step_from_the_line_counts_as_the_edge_of_chaos():
    r = meanfield.order_chaos(1.3, 0.2, 30, width=32, n=8)
    assert r["chi"] == pytest.approx(0.998, abs=1e-3) and r["phase"] == "critical"


def test_below_gain_one_both_signals_vanish():
    r = meanfield.order_chaos(0.8, 0.0, 20, width=128, n=32)
    assert r["phase"] == "ordered" and r["forward"][-1] < 1e-2 and r["backward"][0] < 1e-2


def test_random_biases_come_from_their_own_seed_and_are_reproducible():
    a = meanfield.order_chaos(1.3, 0.2, 10, width=32, n=8, seed=3)
    b = meanfield._order_chaos.__wrapped__(1.3, 0.2, 10, 32, 8, 3)
    assert np.array_equal(a["forward"], b["forward"]) and np.array_equal(a["backward"], b["backward"])


def test_order_chaos_refuses_a_negative_bias_std_naming_it():
    with pytest.raises(ValueError, match="sigma_b=-0.1"):
        meanfield.order_chaos(1.0, -0.1)


def test_growth_factors_are_written_as_mathtext_never_as_e_notation():
    assert times(12.57) == r"$\times 12.6$"
    assert times(7.2e-16) == r"$\times 7.2\cdot 10^{-16}$"
    assert times(3e5) == r"$\times 3.0\cdot 10^{5}$" and "e+" not in times(3e5)


def test_the_explorer_moves_the_star_and_redraws_both_depth_panels():
    explorer = initviz.explore_order_chaos(sigma_w=1.0)
    before = bytes(explorer.image.value)
    explorer.controls["sigma_w"].value = 2.0
    assert bytes(explorer.image.value) != before
    assert explorer.result["phase"] == "chaotic" and explorer.result["sigma_w"] == 2.0
    assert "chaotic" in explorer.figure.get_suptitle()


def test_the_explorer_offers_pytorchs_tanh_gain_exactly():
    explorer = initviz.explore_order_chaos(sigma_w=5 / 3)
    assert explorer.result["sigma_w"] == 5 / 3
    with pytest.raises(ValueError, match="sigma_w=1.66"):
        initviz.explore_order_chaos(sigma_w=1.66)
