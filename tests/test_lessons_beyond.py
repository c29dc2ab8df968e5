"""Lesson 08 (beyond the MLP): the compute behind each claim of the notebook, checked against theory and torch."""

import math

import numpy as np
import pytest
import torch
from torch import nn

import initviz
from initviz.lessons import convolutions, gains, residual, transformers


# ---------------------------------------------------------------- convolutions
def test_the_digits_are_1797_standardized_8x8_images_with_labels_0_to_9():
    x, y = convolutions.digits()
    assert x.shape == (1797, 1, 8, 8) and y.shape == (1797,) and x.dtype == torch.float32
    assert abs(x.mean().item()) < 1e-5 and abs(x.std().item() - 1) < 1e-5
    assert set(y.tolist()) == set(range(10))


def test_the_digits_are_a_fresh_copy_each_time():
    x, _ = convolutions.digits()
    x.zero_()
    assert convolutions.digits()[0].abs().sum() > 0


@pytest.mark.parametrize("init", convolutions.INITS)
def test_a_plain_cnn_maps_images_to_class_logits(init):
    model = convolutions.plain_cnn(3, 4, init)
    assert model(torch.zeros(2, 1, 8, 8)).shape == (2, 10)
    assert sum(isinstance(m, nn.Conv2d) for m in model) == 3


def test_he_conv_weights_have_variance_2_over_c_in_k2():
    model = convolutions.plain_cnn(2, 64, "he", seed=1)
    w = model[2].weight  # Conv2d(64, 64, 3): fan_in 576
    assert w.var().item() * 576 == pytest.approx(2.0, rel=0.03)
    assert torch.all(model[2].bias == 0)


def test_the_signal_of_a_deep_default_cnn_shrinks_by_sqrt_6_per_layer():
    x, y = convolutions.digits()
    r = convolutions.signal(convolutions.plain_cnn(12, 16, "default"), x[:64], y[:64])
    factor = (r["forward"][-1] / r["forward"][1]) ** (1 / 10)
    assert factor == pytest.approx(6**-0.5, abs=0.05)
    assert len(r["channels"]) == 12 and r["channels"][0].shape == (16,)


def test_fan_out_mode_scales_each_layer_by_sqrt_c_in_over_c_out():
    x, y = convolutions.digits()
    channels = (1, 4, 8)
    a = convolutions.signal(convolutions.pyramid("fan_in", channels), x[:32], y[:32])
    b = convolutions.signal(convolutions.pyramid("fan_out", channels), x[:32], y[:32])
    assert np.allclose(b["forward"] / a["forward"], [math.sqrt(1 / 4), math.sqrt(1 / 8)], rtol=1e-4)


def test_with_batchnorm_the_two_fan_modes_compute_the_same_function():
    x, _ = convolutions.digits()
    a = convolutions.pyramid("fan_in", batchnorm=True)(x[:32])
    b = convolutions.pyramid("fan_out", batchnorm=True)(x[:32])
    assert torch.allclose(a, b, atol=1e-4)


def test_a_pyramid_needs_two_channel_counts():
    with pytest.raises(ValueError, match="channels="):
        convolutions.pyramid("fan_in", (3,))


# ---------------------------------------------------------------- gains
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


# ---------------------------------------------------------------- residual
def test_the_pre_norm_stream_grows_like_1_plus_2l_and_the_raw_one_like_3_to_the_l():
    assert np.allclose(residual.predicted_variance(4, norm=True), [1, 3, 5, 7, 9])
    assert np.allclose(residual.predicted_variance(3, norm=False), [1, 3, 9, 27])
    runs = [residual.stream_variance(16, norm=True, width=128, seed=s) for s in range(4)]
    assert np.allclose(np.mean([r["stream"] for r in runs], 0), runs[0]["predicted"], rtol=0.1)


@pytest.mark.parametrize("fix", ["zero", "rezero", "fixup"])
def test_zero_init_rezero_and_fixup_start_every_block_as_the_identity(fix):
    model = residual.stack(8, fix, norm=False)
    x = residual.stream_input(16, 64)
    assert torch.equal(model(x), x)


def test_gpt2_scaling_bounds_the_pre_norm_stream_at_3_whatever_the_depth():
    for blocks in (8, 64):
        assert residual.predicted_variance(blocks, "gpt2")[-1] == pytest.approx(3.0)
    assert residual.stream_variance(32, "gpt2", width=256)["stream"][-1] == pytest.approx(3.0, rel=0.1)


def test_fixup_scales_the_first_layer_by_l_to_the_minus_half_and_zeroes_the_last():
    plain, fixup = residual.stack(16, "none", seed=3), residual.stack(16, "fixup", seed=3)
    assert torch.allclose(fixup[0].fc1.weight, plain[0].fc1.weight / 4)
    assert torch.all(fixup[0].fc2.weight == 0)


def test_only_rezero_learns_alpha():
    assert residual.stack(2, "rezero")[0].alpha.requires_grad
    assert not residual.stack(2, "zero")[0].alpha.requires_grad


def test_after_one_step_zero_init_moves_the_stream_more_than_fixup_and_more_with_depth():
    zero = [residual.one_step_change(L, "zero") for L in (4, 32)]
    fixup = [residual.one_step_change(L, "fixup") for L in (4, 32)]
    assert zero[1] > 4 * zero[0] and fixup[1] < zero[1] / 4


def test_growth_after_measures_a_learners_change_to_every_block():
    assert residual.growth_after(lambda b: b.fc2.weight.zero_()) == pytest.approx(1.0)
    with pytest.raises(TypeError, match="change must be a function"):
        residual.growth_after(0.1)


# ---------------------------------------------------------------- transformers
def test_the_variance_of_q_dot_k_is_d_k_and_dividing_by_sqrt_d_k_keeps_the_entropy():
    r = transformers.attention_entropy([8, 512])
    assert np.allclose(r["var"], r["d_k"], rtol=0.1)
    assert abs(r["scaled"][1] - r["scaled"][0]) < 0.1 and r["raw"][1] < 0.3


def test_tied_logits_have_std_sigma_sqrt_d():
    small, unit = transformers.tied_logits(0.02), transformers.tied_logits(1.0)
    assert small["logit_std"] == pytest.approx(0.02 * math.sqrt(768), rel=0.02)
    assert small["loss"] - small["chance"] < 0.3 and unit["loss"] > 50


def test_the_generated_sequences_follow_their_rule():
    ids = transformers.sequences(4, length=6, vocab=16)
    steps = (ids[:, 1:] - ids[:, :-1]) % 16
    assert torch.all(steps == steps[:, :1]) and torch.all(steps[:, 0] != 0)


@pytest.mark.parametrize("norm_first", [False, True])
def test_the_tiny_transformer_maps_token_ids_to_next_token_logits(norm_first):
    model = transformers.tiny_transformer(norm_first, layers=2)
    ids = transformers.sequences(3)
    assert model(ids[:, :-1]).shape == (3, transformers.SEQ, transformers.VOCAB)
    assert transformers.lm_loss(model, ids).item() == pytest.approx(math.log(transformers.VOCAB), rel=0.3)


def test_post_ln_gradients_peak_at_the_top_and_exceed_pre_lns_there():
    post = transformers.ffn_gradient_norms(False, layers=6, seeds=(0,))
    pre = transformers.ffn_gradient_norms(True, layers=6, seeds=(0,))
    assert post.argmax() == 5 and post[-1] > 2 * pre[-1]


# ---------------------------------------------------------------- exercises
def test_exercise_08_2_accepts_a_tamed_stream_and_refuses_a_switched_off_one():
    assert initviz.check("08.2", lambda block: block.fc2.weight.mul_(0.1))
    assert not initviz.check("08.2", lambda block: block.alpha.zero_())
    assert not initviz.check("08.2", lambda block: None)
