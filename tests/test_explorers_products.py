"""Lesson 02: compute (initviz/lessons/products.py) and explorer (initviz/explorers/products.py)."""

import math

import numpy as np
import pytest

import initviz
from initviz.lessons import products

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_scalar_chain_of_nine_layers_gives_512_and_its_inverse():
    assert products.scalar_chain(2.0, 9)["gradient"][0] == 512
    assert products.scalar_chain(0.5, 9)["gradient"][0] == 0.5**9
    assert list(products.scalar_chain(2.0, 3)["gradient"]) == [8, 4, 2, 1]  # w^(L - l), top gets 1


def test_scalar_chain_overflows_to_inf_without_a_warning(recwarn):
    gradient = products.scalar_chain(1e10, 40)["gradient"]  # 1e400 does not fit in float64
    assert math.isinf(gradient[0]) and gradient[-1] == 1.0
    assert len(recwarn) == 0


def test_gaussian_product_scales_exactly_as_s_to_the_L_for_the_same_draws():
    one = products.product_norms(1.0, 20, n=32, seed=3)
    two = products.product_norms(2.0, 20, n=32, seed=3)
    np.testing.assert_allclose(two, one * 2.0 ** np.arange(21), rtol=1e-12)


def test_gaussian_product_grows_like_s_to_the_L():
    norms = products.product_norms(1.5, 40, n=128, seed=0)
    per_layer = math.exp(np.polyfit(np.arange(41), np.log(norms), 1)[0])
    assert per_layer == pytest.approx(1.5, rel=0.03)


def test_orthogonal_product_keeps_every_length_exactly():
    norms = products.product_norms(1.0, 60, n=32, kind="orthogonal", seed=1)
    assert np.abs(norms - 1).max() < 1e-12
    sv = products.product_singular_values(60, n=32, kind="orthogonal", seed=1)
    assert np.abs(sv - 1).max() < 1e-12


def test_deep_gaussian_product_has_spread_singular_values():
    sv = products.product_singular_values(30, n=64, kind="gaussian", seed=0)
    assert sv[0] > 2 and np.median(sv) < 0.1 and np.all(np.diff(sv) <= 0)


def test_gradient_norms_vanish_and_explode_with_relu_scale():
    small = products.gradient_norms(12, 64, "relu", 1.0)
    right = products.gradient_norms(12, 64, "relu", math.sqrt(2))
    large = products.gradient_norms(12, 64, "relu", 2.0)
    assert small["grad_z"][0] / small["grad_z"][-1] < 0.05  # (1/sqrt 2)^11 ~ 0.022
    assert 0.2 < right["grad_z"][0] / right["grad_z"][-1] < 5
    assert large["grad_z"][0] / large["grad_z"][-1] > 20  # (sqrt 2)^11 ~ 45
    assert len(small["grad_w"]) == len(small["forward"]) == 12


def test_the_explorer_first_control_changes_the_image():
    explorer = initviz.explore_chain()
    before = bytes(explorer.image.value)
    first = next(iter(explorer.controls))
    assert first == "w"
    explorer.controls[first].value = 0.5
    after = bytes(explorer.image.value)
    assert after != before and after.startswith(PNG_MAGIC)
    assert explorer.result["gradient"][0] == 0.5**9


def test_the_explorer_depth_control_changes_the_result():
    explorer = initviz.explore_chain(w=1.1)
    explorer.controls["depth"].value = 20
    assert len(explorer.result["layer"]) == 21


def test_depth_below_one_is_refused_naming_the_argument():
    with pytest.raises(ValueError, match="depth"):
        products.scalar_chain(2.0, 0)


def test_non_finite_weight_is_refused_naming_the_argument():
    with pytest.raises(ValueError, match="w="):
        products.scalar_chain(float("nan"), 3)


def test_unknown_matrix_kind_is_refused_naming_the_argument():
    with pytest.raises(ValueError, match="kind"):
        products.product_norms(1.0, 3, kind="uniform")


def test_negative_scale_is_refused_naming_the_argument():
    with pytest.raises(ValueError, match="s="):
        products.product_singular_values(3, s=-1.0)


def test_unknown_activation_is_refused_naming_the_argument():
    with pytest.raises(ValueError, match="activation"):
        products.gradient_norms(3, 8, "swish", 1.0)


def test_the_chain_figure_fits_its_axis_to_the_gradients_shown():
    explorer = initviz.explore_chain(w=2.0, depth=9)
    lo, hi = explorer.figure.axes[0].get_ylim()
    # 2^9 fills the panel, not 3 of 32 decades (widened to whole decades, as in every explorer)
    assert lo < 1 and hi > 512 and math.log10(hi / lo) <= 5
    explorer.controls["w"].value = 1.0
    lo, hi = explorer.figure.axes[0].get_ylim()
    assert math.log10(hi / lo) == pytest.approx(2.0)  # a flat line still gets two decades


def test_gradient_norms_reports_saturated_tanh_units_and_none_for_relu():
    tanh = products.gradient_norms(10, 64, "tanh", 3.0)
    relu = products.gradient_norms(10, 64, "relu", 3.0)
    assert tanh["saturated"].shape == (10,) and tanh["saturated"][-1] > 0.2
    assert np.all(relu["saturated"] == 0)
