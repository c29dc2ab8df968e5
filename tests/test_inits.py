"""Every scheme of INITS draws from the distribution it promises (as PyTorch tests its own init)."""

import math

import pytest
import torch
from scipy import stats
from torch import nn

import initviz

FAN_IN, FAN_OUT = 400, 300  # 120,000 weights: a KS test sees a 1% error in the std


def weights(init, **kwargs):
    model = nn.Sequential(nn.Linear(FAN_IN, FAN_OUT))
    initviz.initialize(model, init, **kwargs)
    return model[0].weight.detach().double()


def ks_pvalue(w, cdf, *args):
    return stats.kstest(w.flatten().numpy(), cdf, args=args).pvalue


@pytest.mark.parametrize(
    "init, std",
    [
        ("lecun_normal", math.sqrt(1 / FAN_IN)),
        ("xavier_normal", math.sqrt(2 / (FAN_IN + FAN_OUT))),
        ("he_normal", math.sqrt(2 / FAN_IN)),
    ],
)
def test_normal_schemes_follow_their_gaussian(init, std):
    assert ks_pvalue(weights(init), "norm", 0, std) > 1e-4


@pytest.mark.parametrize(
    "init, bound",
    [
        ("xavier_uniform", math.sqrt(6 / (FAN_IN + FAN_OUT))),
        ("he_uniform", math.sqrt(6 / FAN_IN)),
        ("pytorch_default", 1 / math.sqrt(FAN_IN)),
    ],
)
def test_uniform_schemes_follow_their_uniform_and_stay_in_bounds(init, bound):
    w = weights(init)
    assert w.abs().max() <= bound
    assert w.abs().max() > 0.99 * bound
    assert ks_pvalue(w, "uniform", -bound, 2 * bound) > 1e-4


def test_normal_takes_scale_as_its_std():
    assert ks_pvalue(weights("normal", scale=0.05), "norm", 0, 0.05) > 1e-4


def test_uniform_takes_scale_as_its_half_width():
    w = weights("uniform", scale=0.3)
    assert w.abs().max() <= 0.3 and ks_pvalue(w, "uniform", -0.3, 0.6) > 1e-4


def test_scale_multiplies_the_std_of_a_scheme():
    assert ks_pvalue(weights("he_normal", scale=0.5), "norm", 0, 0.5 * math.sqrt(2 / FAN_IN)) > 1e-4


def test_zeros_and_constant_fill_every_weight():
    assert (weights("zeros") == 0).all()
    assert (weights("constant", scale=-0.25) == -0.25).all()


def test_orthogonal_rows_are_orthonormal():
    w = weights("orthogonal")
    assert torch.allclose(w @ w.T, torch.eye(FAN_OUT, dtype=w.dtype), atol=1e-5)


def test_orthogonal_with_more_rows_than_columns_has_orthonormal_columns():
    model = nn.Sequential(nn.Linear(50, 80))
    w = initviz.initialize(model, "orthogonal", scale=2.0)[0].weight.detach().double()
    assert torch.allclose(w.T @ w, 4 * torch.eye(50, dtype=w.dtype), atol=1e-5)


def test_pytorch_default_is_exactly_what_nn_linear_does():
    torch.manual_seed(7)
    reference = nn.Linear(FAN_IN, FAN_OUT)
    ours = initviz.initialize(nn.Sequential(nn.Linear(FAN_IN, FAN_OUT)), "pytorch_default", seed=7)[0]
    assert torch.equal(ours.weight, reference.weight)
    assert torch.equal(ours.bias, reference.bias)


def test_pytorch_default_variance_is_one_third_of_fan_in_not_he():
    var = weights("pytorch_default").var().item()
    assert var == pytest.approx(1 / (3 * FAN_IN), rel=0.02)
    assert var == pytest.approx((2 / FAN_IN) / 6, rel=0.02)  # six times smaller than He


def test_biases_are_zero_unless_asked_for():
    model = initviz.mlp([3, 5, 2], init="he_normal")
    assert all((m.bias == 0).all() for m in model if isinstance(m, nn.Linear))
    model = initviz.mlp([3, 5, 2], init="he_normal", bias=0.1)
    assert all((m.bias == 0.1).all() for m in model if isinstance(m, nn.Linear))


def test_he_uses_the_leaky_relu_slope_of_the_model():
    model = initviz.mlp([FAN_IN, FAN_OUT, 2], "leaky_relu", "he_normal")
    a = initviz.nets.LEAKY_SLOPE
    std = math.sqrt(2 / (1 + a**2) / FAN_IN)
    assert ks_pvalue(model[0].weight.detach().double(), "norm", 0, std) > 1e-4


def test_same_seed_same_weights_and_global_rng_untouched():
    torch.manual_seed(123)
    before = torch.random.get_rng_state()
    a = initviz.mlp([4, 8, 2], seed=3)
    b = initviz.mlp([4, 8, 2], seed=3)
    assert torch.equal(torch.random.get_rng_state(), before)
    assert all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters()))
    c = initviz.mlp([4, 8, 2], seed=4)
    assert not torch.equal(a[0].weight, c[0].weight)


def test_mlp_has_the_activation_between_layers_and_none_after_the_last():
    model = initviz.mlp([2, 16, 8, 3], activation="tanh")
    kinds = [type(m).__name__ for m in model]
    assert kinds == ["Linear", "Tanh", "Linear", "Tanh", "Linear"]
    assert [m.out_features for m in model if isinstance(m, nn.Linear)] == [16, 8, 3]
