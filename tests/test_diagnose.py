"""diagnose: nets with a known problem get the right verdict; a healthy net passes; bad input is named."""

import math

import pytest
import torch
from torch import nn

import initviz

X, Y = initviz.data.circles(n=200, seed=1)


def net(activation="relu", init="he_normal", *, scale=1.0, bias=None, depth=6, width=32, seed=0):
    return initviz.mlp([2] + [width] * depth + [2], activation, init, scale=scale, bias=bias, seed=seed)


def test_a_healthy_he_relu_net_passes_every_check():
    report = initviz.diagnose(net(), X, Y, lr=0.01)
    assert report.ok, str(report)
    assert set(report.verdicts) == {
        "initial loss",
        "forward signal",
        "backward signal",
        "dead units",
        "saturated units",
        "symmetry",
        "update:data ratio",
    }
    assert "All checks OK" in str(report)


def test_a_healthy_xavier_tanh_net_passes_every_check():
    assert initviz.diagnose(net("tanh", "xavier_normal"), X, Y, lr=0.01).ok


def test_initial_loss_is_compared_with_chance():
    report = initviz.diagnose(net(), X, Y)
    assert report.chance_loss == pytest.approx(math.log(2))
    with torch.no_grad():
        expected = nn.functional.cross_entropy(net()(X), Y).item()
    assert report.initial_loss == pytest.approx(expected, rel=1e-6)


def test_a_negative_bias_kills_relu_units_and_is_flagged_dead():
    report = initviz.diagnose(net(bias=-1.0), X, Y)
    assert report["dead units"].verdict == "PROBLEM"
    assert report["dead units"].value == 1.0
    assert "dead" in str(report["dead units"]) and "try:" in str(report["dead units"])


def test_large_tanh_weights_are_flagged_saturated():
    report = initviz.diagnose(net("tanh", "normal", scale=1.0), X, Y)
    assert report["saturated units"].verdict == "PROBLEM"
    assert report["saturated units"].value > 0.3
    assert report["dead units"].verdict == "OK"


def test_large_relu_weights_are_flagged_exploding():
    report = initviz.diagnose(net("relu", "normal", scale=1.0), X, Y)
    assert report["forward signal"].verdict == "PROBLEM"
    assert "exploding" in report["forward signal"].message
    assert report["initial loss"].verdict == "PROBLEM"  # the huge logits are over-confident too


def test_tiny_weights_are_flagged_vanishing():
    report = initviz.diagnose(net("relu", "normal", scale=0.01), X, Y)
    assert report["forward signal"].verdict == "PROBLEM"
    assert "vanishing" in report["forward signal"].message
    assert report["backward signal"].verdict == "PROBLEM"
    assert report["initial loss"].verdict == "OK"  # at chance: the initial loss alone cannot see it


def test_a_large_last_layer_is_flagged_over_confident_and_nothing_else():
    model = net()
    with torch.no_grad():
        model[-1].weight.mul_(30.0)
    report = initviz.diagnose(model, X, Y, lr=0.01)
    assert report["initial loss"].verdict == "PROBLEM"
    assert "over-confident" in report["initial loss"].message
    for name in ("forward signal", "backward signal", "dead units", "saturated units", "symmetry"):
        assert report[name].verdict == "OK", name


def test_scaling_the_last_layer_down_fixes_over_confidence():
    model = net("tanh", "normal", scale=1.0)
    before = initviz.diagnose(model, X, Y)
    with torch.no_grad():
        model[-1].weight.mul_(0.01)
    after = initviz.diagnose(model, X, Y)
    assert before["initial loss"].verdict == "PROBLEM"
    assert after["initial loss"].verdict == "OK"
    assert after.initial_loss == pytest.approx(math.log(2), abs=0.05)


def test_zero_init_is_flagged_as_symmetric_with_no_gradient():
    report = initviz.diagnose(net(init="zeros"), X, Y)
    assert report["symmetry"].verdict == "PROBLEM"
    assert report["backward signal"].verdict == "PROBLEM"
    assert report["update:data ratio"].verdict == "PROBLEM"
    assert report.initial_loss == pytest.approx(math.log(2), abs=1e-6)


def test_constant_init_is_flagged_as_symmetric():
    report = initviz.diagnose(net(init="constant", scale=0.1), X, Y)
    assert report["symmetry"].verdict == "PROBLEM"


def test_the_update_ratio_follows_the_learning_rate():
    small = initviz.diagnose(net(), X, Y, lr=1e-6)
    large = initviz.diagnose(net(), X, Y, lr=100.0)
    assert small["update:data ratio"].verdict == "PROBLEM" and "tiny" in small["update:data ratio"].message
    assert large["update:data ratio"].verdict == "PROBLEM" and "large" in large["update:data ratio"].message
    ratio = initviz.diagnose(net(), X, Y, lr=0.02).update_ratios["0.weight"]
    assert ratio == pytest.approx(2 * initviz.diagnose(net(), X, Y, lr=0.01).update_ratios["0.weight"], rel=1e-5)


def test_the_model_is_left_untouched():
    model = nn.Sequential(nn.Linear(2, 16), nn.BatchNorm1d(16), nn.ReLU(inplace=True), nn.Linear(16, 2))
    before = {k: v.clone() for k, v in model.state_dict().items()}
    report = initviz.diagnose(model, X, Y)
    assert len(report.layers) == 1
    for k, v in model.state_dict().items():
        assert torch.equal(v, before[k]), k
    assert all(p.grad is None for p in model.parameters())
    assert model[2].inplace


def test_layers_are_the_activation_modules_in_call_order_even_inside_blocks():
    class Residual(nn.Module):
        def __init__(self):
            super().__init__()
            self.branch = nn.Sequential(nn.ReLU(), nn.Linear(8, 8))

        def forward(self, h):
            return h + self.branch(h)

    model = nn.Sequential(nn.Linear(2, 8), Residual(), Residual(), nn.Tanh(), nn.Linear(8, 2))
    report = initviz.diagnose(model, X, Y)
    assert [layer.activation for layer in report.layers] == ["relu", "relu", "tanh"]
    assert report.layers[-1].saturated_fraction is not None and report.layers[0].saturated_fraction is None


def test_the_report_is_plain_text_and_the_same_every_time():
    text = str(initviz.diagnose(net("tanh", "normal"), X, Y))
    assert text == repr(initviz.diagnose(net("tanh", "normal"), X, Y))
    assert "[PROBLEM] saturated units" in text and "try:" in text
    assert "0x" not in text and "tensor" not in text


def test_diagnose_is_callable_after_its_module_is_imported():
    import initviz.diagnostics

    assert initviz.diagnose(net(), X, Y).layers


@pytest.mark.parametrize(
    "model, words",
    [
        ([1, 2], ("model", "Module", "list")),
        (nn.Sequential(nn.ReLU()), ("model", "nn.Linear")),
    ],
)
def test_a_bad_model_is_named(model, words):
    with pytest.raises((TypeError, ValueError)) as info:
        initviz.diagnose(model, X, Y)
    for word in words:
        assert word in str(info.value)


def test_bad_x_and_y_are_named():
    with pytest.raises(TypeError, match="x must be a torch.Tensor"):
        initviz.diagnose(net(), X.numpy(), Y)
    with pytest.raises(ValueError, match="x has 3 features"):
        initviz.diagnose(net(), torch.zeros(10, 3), Y[:10])
    with pytest.raises(TypeError, match="y must be"):
        initviz.diagnose(net(), X, None)
    with pytest.raises(ValueError, match="x and y do not match"):
        initviz.diagnose(net(), X, Y[:10])
    with pytest.raises(ValueError, match=r"y holds labels from 0 to 4.*2 classes"):
        initviz.diagnose(net(), X, Y * 4)


@pytest.mark.parametrize("lr", [0.0, -1.0, math.nan, math.inf])
def test_a_bad_learning_rate_is_named(lr):
    with pytest.raises(ValueError, match="lr="):
        initviz.diagnose(net(), X, Y, lr=lr)


def test_a_model_without_activation_modules_is_explained():
    class Functional(nn.Module):
        def __init__(self):
            super().__init__()
            self.a, self.b = nn.Linear(2, 8), nn.Linear(8, 2)

        def forward(self, x):
            return self.b(torch.relu(self.a(x)))

    with pytest.raises(ValueError, match="activation module"):
        initviz.diagnose(Functional(), X, Y)


def test_a_model_whose_output_is_not_logits_is_explained():
    with pytest.raises(ValueError, match="logits of shape"):
        initviz.diagnose(nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 1)), X, Y)
