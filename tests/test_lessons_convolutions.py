"""Lesson 08, convolutions: the digits, plain CNNs, the per-channel signal and what fan_out mode changes."""

import math

import numpy as np
import pytest
import torch
from torch import nn

from initviz.lessons import convolutions


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
