"""Lesson 04's compute (initviz/lessons/kaiming.py): He's gain, the signal through ReLU stacks, input dependence."""

import math

import numpy as np
import pytest
import torch
from torch import nn

import initviz
from initviz.lessons import kaiming


@pytest.fixture(autouse=True, scope="module")
def one_thread():
    """As in the notebooks (initviz.setup): one torch thread, restored afterwards."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.mark.parametrize("slope", [0.0, 0.01, 0.2, 1.0, math.sqrt(5)])
def test_he_gain_equals_torch_calculate_gain(slope):
    assert kaiming.he_gain(slope) == pytest.approx(nn.init.calculate_gain("leaky_relu", slope))


@pytest.mark.parametrize("slope", [0.0, 0.2, 1.0])
def test_variance_factor_is_one_at_the_he_gain(slope):
    assert kaiming.variance_factor(kaiming.he_gain(slope), slope) == pytest.approx(1.0)


def test_prediction_is_gain_times_factor_to_the_layer_power():
    r = kaiming.relu_signal(5, 1.0, 0.0, width=16, n=32)
    assert np.allclose(r["predicted_forward"] / r["predicted_forward"][0], 0.5 ** (np.arange(5) / 2))
    assert r["predicted_backward"][-1] == pytest.approx(r["backward"][-1])


def test_relu_signal_measures_the_mlp_with_weights_gain_over_sqrt_fan_in():
    r = kaiming.relu_signal(3, 1.5, 0.2, width=16, n=32, seed=4)
    model = initviz.mlp([16] * 4 + [2], "leaky_relu", "lecun_normal", scale=1.5, seed=4, leaky_slope=0.2)
    x, y = initviz.probe.probe_batch(32, 16, seed=4)
    stats = initviz.layer_stats(model, x, y)
    assert np.array_equal(r["forward"], [s.pre_std for s in stats])
    assert np.array_equal(r["backward"], [s.grad_std for s in stats])


def test_relu_signal_arrays_are_read_only_so_the_cache_stays_right():
    r = kaiming.relu_signal(3, 1.0, width=8, n=8)
    with pytest.raises(ValueError):
        r["forward"][0] = 0.0


def test_he_gain_keeps_the_forward_std_flat():
    r = kaiming.relu_signal(20, math.sqrt(2), 0.0, width=256, n=256)
    assert abs(math.log2(r["forward"][-1] / r["forward"][0])) < 1.0


def test_gain_one_halves_the_variance_per_relu_layer():
    r = kaiming.relu_signal(21, 1.0, 0.0, width=256, n=256)
    assert abs(math.log2(r["forward"][-1] / r["forward"][0]) - (-10.0)) < 1.5
    assert abs(math.log2(r["backward"][0] / r["backward"][-1]) - (-10.0)) < 1.5


def test_leaky_slope_one_is_linear_and_he_gain_one_keeps_scale():
    r = kaiming.relu_signal(20, 1.0, 1.0, width=256, n=256)
    assert r["factor"] == pytest.approx(1.0)
    assert abs(math.log2(r["forward"][-1] / r["forward"][0])) < 1.0


def test_input_dependence_of_pytorch_default_shrinks_by_sqrt_six_per_layer():
    model = initviz.mlp([64] * 12 + [2], "relu", "pytorch_default", seed=2)
    x = torch.randn(256, 64, generator=torch.Generator().manual_seed(3))
    parts = kaiming.input_dependence(model, x)
    assert abs(math.log2(parts["signal"][-1] / parts["signal"][0]) - math.log2(6**-5)) < 2.5
    assert parts["offset"][-1] > 100 * parts["signal"][-1]


def test_input_dependence_splits_the_mean_square_into_signal_and_offset():
    model = initviz.mlp([8, 16, 16, 2], "relu", "pytorch_default", seed=1)
    parts = kaiming.input_dependence(model, torch.randn(50, 8, generator=torch.Generator().manual_seed(2)))
    n = 50  # the signal is the unbiased std over samples: total^2 = offset^2 + (n - 1) / n signal^2
    assert np.allclose(parts["total"] ** 2, parts["offset"] ** 2 + (n - 1) / n * parts["signal"] ** 2)


def test_input_dependence_works_on_any_module_tree():
    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.inner = nn.Sequential(nn.Linear(4, 4), nn.ReLU())
            self.out = nn.Linear(4, 2)

        def forward(self, x):
            return self.out(self.inner(x))

    parts = kaiming.input_dependence(Block(), torch.randn(6, 4))
    assert len(parts["signal"]) == 1 and parts["signal"][0] > 0


def test_input_dependence_leaves_the_model_unchanged():
    model = initviz.mlp([8, 8, 2], "relu", "he_normal", seed=1)
    before = [p.clone() for p in model.parameters()]
    kaiming.input_dependence(model, torch.randn(5, 8))
    assert all(p.dtype == torch.float32 and torch.equal(p, q) for p, q in zip(model.parameters(), before))


def test_non_finite_slope_names_it():
    with pytest.raises(ValueError, match="slope=nan"):
        kaiming.relu_signal(3, 1.0, math.nan)


def test_negative_gain_is_refused():
    with pytest.raises(ValueError, match="gain=-1.0"):
        kaiming.relu_signal(3, -1.0)


def test_depth_below_one_is_refused():
    with pytest.raises(ValueError, match="depth=0"):
        kaiming.relu_signal(0)


def test_input_dependence_with_the_wrong_width_names_x():
    model = initviz.mlp([8, 8, 2], "relu", "he_normal")
    with pytest.raises(ValueError, match=r"x must be .* \(n, 8\)"):
        kaiming.input_dependence(model, torch.randn(5, 3))


def test_input_dependence_of_a_model_without_activation_is_refused():
    with pytest.raises(ValueError, match="activation"):
        kaiming.input_dependence(nn.Linear(2, 2), torch.randn(5, 2))


def test_input_dependence_wants_a_module():
    with pytest.raises(TypeError, match="model"):
        kaiming.input_dependence([nn.Linear(2, 2)], torch.randn(5, 2))


def test_signal_drift_is_zero_at_the_first_layer_and_shaped_networks_by_layers():
    d = kaiming.signal_drift(16, 5, seeds=4, inputs=8)
    assert d.shape == (4, 5) and np.all(d[:, 0] == 0)


def test_signal_drift_median_follows_minus_1_8_times_depth_over_width():
    d = kaiming.signal_drift(16, 33, seeds=64)  # (L - 1) / n = 2: theory -3.6
    assert -5.0 < np.median(d[:, -1]) < -2.4


def test_signal_drift_of_one_input_follows_minus_1_8_times_depth_over_width():
    d = kaiming.signal_drift(64, 65, seeds=128, inputs=1)  # (L - 1) / n = 1: theory -1.8 on average
    assert -2.3 < d[:, -1].mean() < -1.4


def test_a_batch_of_inputs_drifts_less_than_one_input():
    one = kaiming.signal_drift(32, 29, seeds=256, inputs=1)[:, -1]
    batch = kaiming.signal_drift(32, 29, seeds=256, inputs=32)[:, -1]
    assert np.median(one) < np.median(batch) and one.std() > batch.std()


def test_signal_drift_measures_the_root_mean_square_not_the_std():
    """One input whose pre-activations have a non-zero mean over the units: rms and std differ."""
    d = kaiming.signal_drift(4, 2, seeds=1, inputs=1, seed=3)
    generator = torch.Generator().manual_seed(3)
    h = torch.randn(1, 1, 4, generator=generator)
    z1 = torch.bmm(h, torch.randn(1, 4, 4, generator=generator) * math.sqrt(2 / 4))
    z2 = torch.bmm(torch.relu(z1), torch.randn(1, 4, 4, generator=generator) * math.sqrt(2 / 4))
    rms = [z.pow(2).mean().sqrt().item() for z in (z1, z2)]
    assert d[0, 1] == pytest.approx(math.log2(rms[1] / rms[0]), rel=1e-5)


def test_signal_drift_vanishes_when_the_layers_are_wide():
    d = kaiming.signal_drift(512, 5, seeds=8)
    assert abs(np.median(d[:, -1])) < 0.15


def test_signal_drift_with_gain_one_halves_the_variance_per_relu_layer():
    d = kaiming.signal_drift(256, 11, gain=1.0, seeds=8)
    assert abs(np.median(d[:, -1]) - (-5.0)) < 0.5


def test_signal_drift_is_read_only_so_the_cache_stays_right():
    with pytest.raises(ValueError):
        kaiming.signal_drift(8, 3, seeds=2, inputs=4)[0, 0] = 1.0


def test_signal_drift_refuses_a_slope_below_zero():
    with pytest.raises(ValueError, match="slope=-0.1"):
        kaiming.signal_drift(8, 3, slope=-0.1)


def test_xavier_stalls_with_sgd_but_trains_with_adam_in_30_relu_layers():
    """Issue 13's measurement: moons, 30 layers of width 64, 200 full-batch steps.

    The stall is judged by the loss, which stays at chance (ln 2, moving by about 1e-4). Not by
    the accuracy: the stalled network's two logits differ by about 2e-4, so whether their argmax
    already follows the data depends on a drift that float rounding shifts, and the accuracy
    changed from one CPU to another (0.50 on one, 0.86 on another).
    """
    x, y = initviz.data.moons(n=128, seed=1)
    widths = [2] + [64] * 29 + [2]
    sgd = initviz.train(initviz.mlp(widths, "relu", "xavier_normal"), x, y, steps=200, lr=0.1)
    adam = kaiming.train_adam(initviz.mlp(widths, "relu", "xavier_normal"), x, y, steps=200, lr=1e-3)
    assert sgd.final_loss > math.log(2) - 0.01 and abs(sgd.final_loss - sgd.loss[0]) < 0.01
    assert adam.final_loss < 0.01 and adam.final_accuracy == 1.0


def test_adam_does_not_recover_the_pytorch_default_in_30_relu_layers():
    x, y = initviz.data.moons(n=128, seed=1)
    model = initviz.mlp([2] + [64] * 29 + [2], "relu", "pytorch_default")
    assert kaiming.train_adam(model, x, y, steps=200, lr=1e-3).final_loss > math.log(2) - 0.01


def test_train_adam_records_a_divergence_and_leaves_no_grad():
    x, y = initviz.data.moons(n=32, seed=1)
    model = initviz.mlp([2, 16, 16, 2], "relu", "he_normal")
    history = kaiming.train_adam(model, x, y, steps=5, lr=1e30)
    assert history.diverged and not math.isfinite(history.final_loss)
    assert all(p.grad is None for p in model.parameters())


def test_train_adam_refuses_a_learning_rate_of_zero():
    x, y = initviz.data.moons(n=8, seed=1)
    with pytest.raises(ValueError, match="lr=0.0"):
        kaiming.train_adam(initviz.mlp([2, 4, 2]), x, y, steps=1, lr=0.0)
