"""layer_stats on hand-built networks whose answer is known."""

import pytest
import torch
from torch import nn

import initviz


def hand_built(activation: nn.Module, weight: float, bias: float, width: int = 4) -> nn.Sequential:
    model = nn.Sequential(nn.Linear(2, width), activation, nn.Linear(width, 2))
    with torch.no_grad():
        model[0].weight.fill_(weight)
        model[0].bias.fill_(bias)
        model[2].weight.fill_(0.1)
        model[2].bias.zero_()
    return model


X = torch.randn(64, 2, generator=torch.Generator().manual_seed(1))
Y = (X[:, 0] > 0).long()


def test_one_record_per_hidden_layer():
    records = initviz.layer_stats(initviz.mlp([2, 8, 6, 4, 2], "tanh"), X)
    assert [r.layer for r in records] == [1, 2, 3]
    assert [r.width for r in records] == [8, 6, 4]


def test_a_unit_with_a_large_negative_bias_is_dead():
    model = hand_built(nn.ReLU(), weight=1.0, bias=0.0)
    with torch.no_grad():
        model[0].bias[:2] = -100.0
    (record,) = initviz.layer_stats(model, X)
    assert record.dead_fraction == 0.5


def test_a_relu_layer_with_normal_init_has_no_dead_unit():
    (record,) = initviz.layer_stats(initviz.mlp([2, 64, 2], "relu", seed=0), X)
    assert record.dead_fraction == 0.0


def test_a_tanh_layer_fed_huge_inputs_is_saturated():
    (record,) = initviz.layer_stats(hand_built(nn.Tanh(), weight=50.0, bias=0.0), X)
    assert record.saturated_fraction > 0.95


def test_a_tanh_layer_with_small_weights_is_not_saturated():
    (record,) = initviz.layer_stats(hand_built(nn.Tanh(), weight=0.01, bias=0.0), X)
    assert record.saturated_fraction == 0.0


def test_sigmoid_saturates_outside_3_and_97_percent():
    (record,) = initviz.layer_stats(hand_built(nn.Sigmoid(), weight=0.0, bias=-5.0), X)  # sigmoid(-5) = 0.0067
    assert record.saturated_fraction == 1.0
    assert record.act_mean == pytest.approx(torch.sigmoid(torch.tensor(-5.0)).item(), rel=1e-5)


def test_pre_activation_std_is_measured():
    model = initviz.mlp([2, 256, 2], "linear", "normal", scale=3.0)
    (record,) = initviz.layer_stats(model, X)
    expected = (X @ model[0].weight.T).std().item()
    assert record.pre_std == pytest.approx(expected, rel=1e-5)


def test_gradient_std_only_with_labels():
    model = initviz.mlp([2, 8, 2], "tanh")
    assert initviz.layer_stats(model, X)[0].grad_std is None
    assert initviz.layer_stats(model, X, Y)[0].grad_std > 0


def test_gradient_matches_autograd_on_the_pre_activation():
    model = initviz.mlp([2, 8, 2], "tanh")
    z = model[0](X)
    z.retain_grad()
    torch.nn.functional.cross_entropy(model[2](model[1](z)), Y).backward()
    assert initviz.layer_stats(model, X, Y)[0].grad_std == pytest.approx(z.grad.std().item(), rel=1e-5)


def test_parameters_and_their_gradients_are_left_alone():
    model = initviz.mlp([2, 8, 2], "relu")
    before = [p.detach().clone() for p in model.parameters()]
    initviz.layer_stats(model, X, Y)
    assert all(torch.equal(p, q) for p, q in zip(model.parameters(), before))
    assert all(p.grad is None for p in model.parameters())


def test_records_convert_to_plain_dicts():
    record = initviz.layer_stats(initviz.mlp([2, 4, 2]), X)[0]
    assert set(record.as_dict()) == {
        "layer",
        "width",
        "pre_std",
        "act_mean",
        "act_std",
        "dead_fraction",
        "saturated_fraction",
        "grad_std",
        "activation",
        "path",
        "signal",
    }


def test_with_batchnorm_the_pre_activation_is_what_feeds_the_activation():
    model = torch.nn.Sequential(nn.Linear(2, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Linear(16, 2))
    model.train()
    (record,) = initviz.layer_stats(model, X, Y)
    assert record.pre_std == pytest.approx(1.0, abs=0.02)  # BatchNorm output: standardized per unit
    assert record.act_mean > 0 and record.dead_fraction == 0.0


def test_any_module_tree_is_recorded_not_only_sequential():
    class Branchy(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.inp, self.act, self.out = nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 2)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.out(self.act(self.inp(x)) + self.inp(x))

    (record,) = initviz.layer_stats(Branchy(), X, Y)
    assert (record.activation, record.path, record.width) == ("tanh", "act", 8)
    assert record.grad_std is not None and record.grad_std > 0


def test_conv_layers_count_channels_as_units():
    model = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 6 * 6, 2))
    with torch.no_grad():
        model[0].weight.zero_()
        model[0].bias.copy_(torch.tensor([-1.0, 1.0, -1.0, 1.0]))
    (record,) = initviz.layer_stats(model, torch.randn(5, 1, 8, 8))
    assert (record.width, record.dead_fraction) == (4, 0.5)
