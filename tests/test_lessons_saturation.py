"""Lesson 06's compute (initviz.lessons.saturation): slopes, the 0.25^L bound, saturation, sigmoid's mean, ln C."""

import math

import numpy as np
import pytest
import torch

from initviz.lessons import saturation


def test_slopes_peak_at_zero_with_one_quarter_and_one():
    z = np.linspace(-5, 5, 1001)
    assert saturation.slope("sigmoid", z).max() == pytest.approx(0.25)
    assert saturation.slope("tanh", z).max() == pytest.approx(1.0)
    assert z[saturation.slope("tanh", z).argmax()] == pytest.approx(0.0)


def test_slope_matches_the_closed_forms():
    z = np.array([-3.0, -0.5, 0.0, 2.0])
    s = 1 / (1 + np.exp(-z))
    assert saturation.slope("sigmoid", z) == pytest.approx(s * (1 - s))
    assert saturation.slope("tanh", z) == pytest.approx(1 - np.tanh(z) ** 2)


def test_saturated_uses_the_course_thresholds():
    a = torch.tensor([-0.98, -0.5, 0.96, 0.99])
    assert saturation.saturated("tanh", a).tolist() == [True, False, False, True]
    assert saturation.saturated("sigmoid", torch.tensor([0.02, 0.5, 0.98])).tolist() == [True, False, True]


def test_the_chain_derivative_never_exceeds_a_quarter_per_layer():
    d = saturation.chain_derivative(12)
    assert d[0] == pytest.approx(0.25)
    assert np.all(d <= 0.25 ** np.arange(1, 13) * (1 + 1e-12))


def test_the_saturated_fraction_grows_with_the_weight_scale():
    small = saturation.saturation_by_layer(0.5, "tanh", depth=3, width=64, n=256)
    large = saturation.saturation_by_layer(6.0, "tanh", depth=3, width=64, n=256)
    assert small["saturated"].max() < 0.01 and large["saturated"].min() > 0.5
    assert large["mean_slope"][0] < small["mean_slope"][0]


def test_first_layer_saturation_matches_the_gaussian_prediction():
    # inputs N(0, 1), weights N(0, s^2/n): z of layer 1 is about N(0, s^2); P(|z| > atanh 0.97) for s = 2
    r = saturation.saturation_by_layer(2.0, "tanh", depth=1, width=128, n=1024)
    expected = 2 * (1 - (1 + math.erf(math.atanh(0.97) / 2 / math.sqrt(2))) / 2)
    assert r["saturated"][0] == pytest.approx(expected, abs=0.02)


def test_sigmoid_gradients_vanish_towards_the_input():
    r = saturation.saturation_by_layer(1.0, "sigmoid", depth=6)
    assert r["grad_std"][0] < 0.01 * r["grad_std"][-1]


def test_the_saturation_edges_invert_the_thresholds_on_the_activation():
    from initviz.recorder import SATURATION

    for name, phi in (("tanh", np.tanh), ("sigmoid", lambda t: 1 / (1 + np.exp(-t)))):
        low, high = saturation.saturation_edges(name)
        assert (phi(low), phi(high)) == pytest.approx(SATURATION[name])
    assert saturation.saturation_edges("tanh")[1] == pytest.approx(math.atanh(0.97))


def test_the_gradient_factor_per_layer_matches_mean_field():
    for name, scale in (("sigmoid", 1.0), ("sigmoid", 4.0), ("tanh", 4.0)):
        measured, predicted = saturation.backward_factor(saturation.saturation_by_layer(scale, name))
        assert measured == pytest.approx(predicted, rel=0.05)


def test_with_large_weights_a_sigmoid_layer_passes_more_than_a_quarter():
    small, _ = saturation.backward_factor(saturation.saturation_by_layer(1.0, "sigmoid"))
    large, _ = saturation.backward_factor(saturation.saturation_by_layer(4.0, "sigmoid"))
    assert small < 0.25 < large <= 4.0 / 4


def test_the_backward_factor_needs_two_layers():
    with pytest.raises(ValueError, match="2 hidden layers"):
        saturation.backward_factor(saturation.saturation_by_layer(1.0, "tanh", depth=1))


def test_the_overall_saturated_fraction_is_the_mean_over_the_layers():
    r = saturation.saturation_by_layer(2.0, "tanh")
    assert saturation.saturated_overall(2.0) == pytest.approx(r["saturated"].mean())


def test_cached_results_are_read_only():
    r = saturation.saturation_by_layer(1.0, "tanh")
    with pytest.raises(ValueError):
        r["grad_std"][0] = 0.0


def test_sigmoid_outputs_give_same_sign_gradient_rows_and_a_spike():
    r = saturation.input_statistics("sigmoid", width=64, n=256)
    assert r["mean"] == pytest.approx(0.5, abs=0.02)
    assert r["same_sign_rows"] == 1.0
    assert r["top_eigenvalue"] == pytest.approx(64 * 0.25, rel=0.1) and r["spike"] > 20


def test_centred_activations_have_no_spike():
    for name in ("shifted_sigmoid", "tanh"):
        r = saturation.input_statistics(name, width=64, n=256)
        assert abs(r["mean"]) < 0.02 and r["same_sign_rows"] < 0.01 and r["spike"] < 2


def test_the_shifted_sigmoid_has_the_sigmoid_slope():
    z = torch.linspace(-4, 4, 81, requires_grad=True)
    (g,) = torch.autograd.grad(saturation.ShiftedSigmoid()(z).sum(), z)
    assert np.allclose(g.numpy(), saturation.slope("sigmoid", z.detach().numpy()), atol=1e-6)


def test_a_zero_last_layer_gives_initial_loss_ln_c():
    for classes in (2, 5):
        assert saturation.initial_loss(classes, 0.0) == pytest.approx(math.log(classes), abs=1e-6)


def test_a_large_last_layer_gives_an_initial_loss_far_above_ln_c():
    assert saturation.initial_loss(10, 10.0) > 3 * math.log(10)


def test_an_activation_that_does_not_saturate_is_refused_by_name():
    with pytest.raises(ValueError, match=r"activation='relu'.*tanh, sigmoid"):
        saturation.saturation_by_layer(1.0, "relu")


def test_a_non_positive_scale_names_the_argument():
    with pytest.raises(ValueError, match="scale"):
        saturation.saturation_by_layer(0.0, "tanh")


def test_a_non_integer_class_count_is_a_type_error():
    with pytest.raises(TypeError, match="classes"):
        saturation.initial_loss(2.5, 1.0)


def test_a_negative_last_layer_factor_names_the_argument():
    with pytest.raises(ValueError, match="last_scale"):
        saturation.initial_loss(3, -1.0)


def test_with_zero_biases_no_tanh_unit_is_saturated_on_every_sample():
    r = saturation.saturation_by_layer(8.0, "tanh", depth=3, width=64, n=256)
    assert r["saturated"].min() > 0.5 and r["always_saturated"].max() == 0


def test_the_activations_outside_the_tails_carry_almost_all_of_the_mean_square_slope():
    r = saturation.saturation_by_layer(4.0, "tanh", depth=3, width=64, n=256)
    assert np.all(r["middle_share"] > 0.99)


def test_the_sigmoid_mean_holds_some_deep_units_in_a_tail_on_every_sample():
    r = saturation.saturation_by_layer(8.0, "sigmoid")
    assert r["always_saturated"][0] == 0 and r["always_saturated"][-1] > 0.1


def test_teacher_data_is_reproducible_and_labelled_by_every_class():
    x, y = saturation.teacher_data(500, 8, 4, seed=3)
    x2, y2 = saturation.teacher_data(500, 8, 4, seed=3)
    assert torch.equal(x, x2) and torch.equal(y, y2)
    assert x.shape == (500, 8) and set(y.tolist()) == {0, 1, 2, 3}


def test_training_drives_the_top_sigmoid_layer_towards_zero_while_tanh_learns():
    sigmoid = saturation.top_layer_training("sigmoid", steps=300, every=100)
    tanh = saturation.top_layer_training("tanh", steps=300, every=100)
    assert sigmoid["step"].tolist() == [0, 100, 200, 300]
    assert sigmoid["mean"][0, -1] > 0.45 and sigmoid["mean"][-1, -1] < 0.15
    assert abs(sigmoid["loss"][-1] - sigmoid["prior_loss"]) < 0.05
    assert tanh["loss"][-1] < 0.5 * tanh["loss"][0]


def test_top_layer_training_names_an_activation_it_does_not_take():
    with pytest.raises(ValueError, match="activation"):
        saturation.top_layer_training("relu")
