"""Lesson 03's compute (initviz/lessons/xavier.py), figures (initviz/figures/xavier.py) and explorer."""

import math

import numpy as np
import pytest
import torch

import initviz
from initviz.figures import xavier as xavier_figures
from initviz.lessons import xavier


@pytest.fixture(autouse=True, scope="module")
def one_thread():
    """As in the notebooks (initviz.setup): one torch thread, restored afterwards."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def test_standard_init_draws_within_one_over_sqrt_n_with_n_var_one_third():
    w = xavier.build([400, 400, 2], "tanh", "standard", seed=1)[0].weight.detach()
    assert w.abs().max() <= 1 / math.sqrt(400)
    assert abs(400 * w.var().item() - 1 / 3) < 0.01
    assert xavier.weight_variance_times_fan_in("standard") == pytest.approx(1 / 3)


def test_standard_init_has_zero_bias():
    model = xavier.build([8, 8, 2], "tanh", "standard", seed=1)
    assert all((m.bias == 0).all() for m in model if hasattr(m, "bias"))


def test_gain_multiplies_the_weight_std():
    w = xavier.build([400, 400, 2], "tanh", "xavier_normal", gain=5 / 3, seed=1)[0].weight.detach()
    assert abs(400 * w.var().item() / (5 / 3) ** 2 - 1) < 0.02


def test_layer_signals_returns_one_array_per_layer_of_shape_n_by_width():
    r = xavier.layer_signals("xavier_uniform", "tanh", 4, 32, n=50)
    assert len(r["activations"]) == len(r["gradients"]) == 4
    assert all(a.shape == (50, 32) for a in r["activations"] + r["gradients"])
    assert all(len(r[k]) == 4 for k in ("pre_ms", "act_ms", "grad_ms", "act_grad_ms", "predicted_pre_ms"))


@pytest.mark.parametrize("init, nvar", [("standard", 1 / 3), ("xavier_uniform", 1.0)])
def test_linear_part_of_each_layer_multiplies_the_mean_square_by_n_var_w(init, nvar):
    r = xavier.layer_signals(init, "tanh", 5, 256, n=512)
    forward = r["pre_ms"][1:] / r["act_ms"][:-1]
    backward = r["act_grad_ms"][:-1] / r["grad_ms"][1:]
    assert np.allclose(forward, nvar, rtol=0.08)
    assert np.allclose(backward, nvar, rtol=0.12)


@pytest.mark.parametrize("init", ["standard", "xavier_uniform"])
def test_measured_variances_follow_the_mean_field_prediction(init):
    r = xavier.layer_signals(init, "tanh", 5, 256, n=512)
    assert np.allclose(r["pre_ms"], r["predicted_pre_ms"], rtol=0.1)
    assert np.allclose(r["grad_ms"], r["predicted_grad_ms"], rtol=0.12)


def test_layer_signals_is_reproducible_from_its_seed():
    a = xavier.layer_signals("xavier_normal", "relu", 3, 16, n=20, seed=4)
    b = xavier.layer_signals("xavier_normal", "relu", 3, 16, n=20, seed=4)
    assert all(np.array_equal(u, v) for u, v in zip(a["gradients"], b["gradients"]))


def test_jacobian_singular_values_are_near_glorot_and_bengio_numbers():
    standard = xavier.jacobian_singular_values("standard", "tanh", 5, 256, n=2)
    normalized = xavier.jacobian_singular_values("xavier_uniform", "tanh", 5, 256, n=2)
    assert len(standard) == 4
    assert np.all(np.abs(standard - 0.5) < 0.1)
    assert np.all(normalized > standard + 0.1)


def test_shown_layers_are_at_most_five_from_first_to_last():
    assert xavier_figures.shown_layers(3) == [1, 2, 3]
    shown = xavier_figures.shown_layers(12)
    assert len(shown) == 5 and shown[0] == 1 and shown[-1] == 12


def test_signal_histograms_share_the_x_axis_of_all_panels():
    runs = {k: xavier.layer_signals(k, "relu", 3, 32, n=64) for k in ("standard", "he_normal")}
    fig = xavier_figures.signal_histograms(runs, "gradients", title="t")
    a, b = fig.axes
    assert a.get_xlim() == b.get_xlim() and a.get_ylim() == b.get_ylim()


def test_first_control_changes_the_image():
    explorer = initviz.explore_xavier()
    before = explorer.image.value
    explorer.controls["init"].value = "xavier_uniform"
    assert explorer.image.value != before
    assert explorer.result["init"] == "xavier_uniform"


def test_explorer_static_form_is_a_png_and_a_fixed_text():
    bundle = initviz.explore_xavier()._repr_mimebundle_()[0]
    assert bundle["image/png"] and bundle["text/plain"].startswith("<Explorer: Per-layer histograms")


def test_unknown_init_names_it_and_lists_the_schemes():
    with pytest.raises(ValueError, match=r"init='kaiming'.*standard.*xavier_uniform"):
        xavier.layer_signals("kaiming")


def test_depth_below_one_is_refused():
    with pytest.raises(ValueError, match="depth=0"):
        xavier.layer_signals("standard", "tanh", 0)


def test_non_integer_width_is_a_type_error():
    with pytest.raises(TypeError, match="width"):
        xavier.layer_signals("standard", "tanh", 3, 12.5)


def test_negative_gain_is_refused():
    with pytest.raises(ValueError, match="gain"):
        xavier.layer_signals("standard", "tanh", 3, 8, gain=-1.0)


def test_explorer_depth_beyond_the_slider_is_refused():
    with pytest.raises(ValueError, match="depth=40"):
        initviz.explore_xavier(depth=40)


def test_unknown_histogram_kind_is_refused():
    r = xavier.layer_signals("standard", "tanh", 2, 8, n=8)
    with pytest.raises(ValueError, match="kind='weights'"):
        xavier_figures.signal_histograms({"a": r}, "weights", title="t")


def test_layer_signals_is_cached_and_its_arrays_are_read_only():
    a = xavier.layer_signals("xavier_normal", "tanh", 3, 16, n=20, seed=5)
    assert xavier.layer_signals("xavier_normal", "tanh", 3, 16, n=20, seed=5) is a
    with pytest.raises(ValueError, match="read-only"):
        a["gradients"][0][0, 0] = 1.0


def test_weight_densities_are_normalized_by_the_total_count_values_outside_included():
    from matplotlib.figure import Figure

    values = np.concatenate([np.zeros(50), np.full(50, 10.0)])  # half of them beyond the edges
    ax = Figure().subplots()
    xavier_figures.weight_densities(ax, {"w": values}, np.array([-1.0, 1.0]))
    (stairs,) = ax.patches
    assert stairs.get_data().values[0] == pytest.approx(0.25)  # 50 of 100 values over a bin of width 2


def test_layer_signals_reports_the_saturated_fraction_per_layer():
    r = xavier.layer_signals("xavier_normal", "tanh", 4, 64, n=64, gain=3.0)
    assert len(r["saturated"]) == 4 and r["saturated"][-1] > 0.2


def test_a_growth_factor_is_written_without_e_notation_at_every_size():
    from initviz.figures.xavier import times

    assert [times(f) for f in (0.048, 999, 3040.4, 12345)] == [
        r"$\times 0.048$",
        r"$\times 999$",
        r"$\times 3040$",
        r"$\times 1.2\cdot 10^{4}$",
    ]
