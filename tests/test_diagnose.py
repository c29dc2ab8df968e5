"""diagnose on MLPs: nets with a known problem get the right verdict; what the course recommends passes."""

import math

import pytest
import torch
from torch import nn

import initviz
from initviz.diagnostics import SETTINGS, THRESHOLDS

X, Y = initviz.data.circles(n=200, seed=1)
CHECKS = [
    "initial loss",
    "zero weights",
    "symmetry",
    "forward signal",
    "backward signal",
    "dead units",
    "saturated units",
    "update:data ratio",
]


def net(activation="relu", init="he_normal", *, scale=1.0, bias=None, depth=6, width=32, seed=0, classes=2):
    widths = [2] + [width] * depth + [classes]
    return initviz.mlp(widths, activation, init, scale=scale, bias=bias, seed=seed)


def scaled_output(model, factor):
    with torch.no_grad():
        model[-1].weight.mul_(factor)
    return model


def test_a_healthy_he_relu_net_passes_every_check():
    report = initviz.diagnose(net(), X, Y, lr=0.01)
    assert report.ok, str(report)
    assert list(report.verdicts) == CHECKS
    assert "All checks OK" in str(report)


def test_a_healthy_xavier_tanh_net_passes_every_check():
    assert initviz.diagnose(net("tanh", "xavier_normal"), X, Y, lr=0.01).ok


def test_a_check_is_found_by_name_and_an_unknown_name_lists_the_checks():
    report = initviz.diagnose(net(), X, Y)
    assert report["dead units"].name == "dead units"
    with pytest.raises(KeyError, match="initial loss, zero weights"):
        report["update:data ratio"]  # not measured without optimizer or lr


def test_the_initial_loss_is_the_cross_entropy_of_the_model_on_x():
    report = initviz.diagnose(net(), X, Y)
    with torch.no_grad():
        expected = nn.functional.cross_entropy(net()(X), Y).item()
    assert report.initial_loss == pytest.approx(expected, rel=1e-6)


def test_chance_is_the_entropy_of_the_label_frequencies():
    x = torch.randn(400, 2, generator=torch.Generator().manual_seed(3))
    y = (torch.arange(400) % 10 == 0).long()  # 10% class 1
    report = initviz.diagnose(net(depth=2), x, y)
    p = 0.1
    assert report.chance_loss == pytest.approx(-(p * math.log(p) + (1 - p) * math.log(1 - p)), rel=1e-6)


def test_unbalanced_labels_ask_for_the_log_prior_bias():
    x = torch.randn(400, 2, generator=torch.Generator().manual_seed(3))
    y = (torch.arange(400) % 20 == 0).long()  # 5% class 1: ln 2 is 0.49 nats above chance
    check = initviz.diagnose(scaled_output(net(depth=2), 0.0), x, y)["initial loss"]
    assert check.verdict == "WARNING"
    assert "log of the class frequencies" in check.advice


def test_with_few_labels_per_class_chance_is_ln_c():
    x = torch.randn(64, 2, generator=torch.Generator().manual_seed(3))
    y = torch.arange(64) % 50
    report = initviz.diagnose(scaled_output(net(classes=50, depth=2), 0.0), x, y)
    assert report.chance_loss == pytest.approx(math.log(50))
    assert report["initial loss"].verdict == "OK"


def test_at_a_thousand_classes_logits_of_std_2_5_are_a_problem():
    model = nn.Sequential(nn.Linear(16, 64), nn.ReLU(), nn.Linear(64, 1000))
    x = torch.randn(256, 16, generator=torch.Generator().manual_seed(3))
    with torch.no_grad():
        model[-1].weight.mul_(2.5 / model(x).std(-1).mean())
    report = initviz.diagnose(model, x, torch.arange(256) % 1000)
    assert report.logit_std == pytest.approx(2.5, rel=0.1)
    assert report.initial_loss / report.chance_loss < 1.5  # a ratio test would let it pass
    assert report["initial loss"].verdict == "PROBLEM" and "over-confident" in report["initial loss"].message


def test_a_negative_bias_kills_relu_units_and_is_flagged_dead():
    check = initviz.diagnose(net(bias=-1.0), X, Y)["dead units"]
    assert check.verdict == "PROBLEM" and check.value == 1.0
    assert "try:" in str(check)


def test_large_tanh_weights_are_flagged_saturated():
    report = initviz.diagnose(net("tanh", "normal", scale=1.0), X, Y)
    assert report["saturated units"].verdict == "PROBLEM" and report["saturated units"].value > 0.3
    assert report["dead units"].verdict == "OK"


def test_large_relu_weights_are_flagged_exploding_and_over_confident():
    report = initviz.diagnose(net("relu", "normal", scale=1.0), X, Y)
    assert report["forward signal"].verdict == "PROBLEM" and "exploding" in report["forward signal"].message
    assert report["initial loss"].verdict == "PROBLEM"


def test_tiny_weights_are_flagged_vanishing_though_the_loss_is_at_chance():
    report = initviz.diagnose(net("relu", "normal", scale=0.01), X, Y)
    assert report["forward signal"].verdict == "PROBLEM" and "vanishing" in report["forward signal"].message
    assert report["backward signal"].verdict == "PROBLEM"
    assert report["initial loss"].verdict == "OK"


def test_the_pytorch_default_at_depth_30_loses_the_input_dependent_signal():
    report = initviz.diagnose(net(init="pytorch_default", depth=30), X, Y)
    signal = [layer.signal for layer in report.layers]
    assert signal[-1] < 1e-6 * signal[0]  # biases keep the activations from looking small: std is not the measure
    assert report["forward signal"].verdict == "PROBLEM"
    assert "float32" in report["forward signal"].message


def test_a_large_output_layer_is_flagged_over_confident_and_nothing_else():
    report = initviz.diagnose(scaled_output(net(), 30.0), X, Y)
    assert report["initial loss"].verdict == "PROBLEM" and "over-confident" in report["initial loss"].message
    assert report.problems == ["initial loss"]


def test_a_zeroed_output_layer_is_intended_and_not_flagged():
    report = initviz.diagnose(scaled_output(net(), 0.0), X, Y, lr=0.05)
    assert report.ok, str(report)
    assert "intended" in report["zero weights"].message and "intended" in report["update:data ratio"].message
    assert report.initial_loss == pytest.approx(math.log(2), abs=1e-6)


def test_below_a_zeroed_output_layer_the_backward_signal_is_still_measured():
    zeroed = initviz.diagnose(scaled_output(net(init="pytorch_default", depth=12), 0.0), X, Y)
    assert zeroed["backward signal"].verdict == "PROBLEM"  # the vanishing gradient below it is not hidden
    assert "random gradient" in zeroed["backward signal"].message


def test_a_down_scaled_output_layer_is_not_flagged_with_sgd():
    report = initviz.diagnose(scaled_output(net(), 0.01), X, Y, lr=0.05)
    assert report.ok, str(report)
    assert "small" in report["zero weights"].message


def test_all_zero_hidden_weights_are_called_what_they_are():
    model = net()
    with torch.no_grad():
        model[4].weight.zero_()
    check = initviz.diagnose(model, X, Y)["zero weights"]
    assert check.verdict == "PROBLEM"
    assert "all-zero weights in layer 3" in check.message and "no gradient to the layers below" in check.message


def test_the_all_zero_init_is_not_called_a_symmetry():
    report = initviz.diagnose(net(init="zeros"), X, Y, lr=0.05)
    assert report["zero weights"].verdict == "PROBLEM"
    assert report["symmetry"].verdict == "OK"
    assert report.problems[0] == "zero weights"


def test_a_constant_init_is_flagged_as_symmetry():
    report = initviz.diagnose(net(init="constant", scale=0.1), X, Y)
    assert report["symmetry"].verdict == "PROBLEM" and "same output" in report["symmetry"].message
    assert report["zero weights"].verdict == "OK"


def test_the_sgd_update_ratio_follows_the_learning_rate():
    small = initviz.diagnose(net(), X, Y, lr=1e-6)["update:data ratio"]
    large = initviz.diagnose(net(), X, Y, lr=100.0)["update:data ratio"]
    assert small.verdict == "PROBLEM" and "tiny" in small.message
    assert large.verdict == "PROBLEM" and "large" in large.message
    twice = initviz.diagnose(net(), X, Y, lr=0.02).update_ratios["0.weight"]
    assert twice == pytest.approx(2 * initviz.diagnose(net(), X, Y, lr=0.01).update_ratios["0.weight"], rel=1e-5)


def test_the_typical_ratio_is_the_median_and_advice_uses_it():
    report = initviz.diagnose(net(), X, Y, lr=1e-5)
    ratios = sorted(report.update_ratios.values())
    assert report.typical_update_ratio == ratios[len(ratios) // 2]
    factor = float(report["update:data ratio"].advice.split("lr x ")[1].split()[0])
    assert factor == pytest.approx(SETTINGS["update target"] / report.typical_update_ratio, rel=0.01)


def test_he_with_adam_at_1e_3_has_a_healthy_update_ratio():
    model = net()
    check = initviz.diagnose(model, X, Y, optimizer=torch.optim.Adam(model.parameters(), lr=1e-3))["update:data ratio"]
    assert check.verdict == "OK"
    assert "Adam step, lr 0.001" in str(initviz.diagnose(model, X, Y, optimizer=torch.optim.Adam(model.parameters())))


def test_adams_first_step_is_about_lr_times_the_sign_of_the_gradient():
    model = net()
    report = initviz.diagnose(model, X, Y, optimizer=torch.optim.Adam(model.parameters(), lr=1e-3))
    weight = model[2].weight
    # lr * g / (|g| + eps) is lr * sign(g) but where g is 0 (the weights of dead units): 16% fewer moves here
    assert report.update_ratios["2.weight"] == pytest.approx(1e-3 / weight.std().item(), rel=0.15)


def test_the_step_is_the_optimizers_own_step():
    model = net()
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=0.1, betas=(0.8, 0.99))
    report = initviz.diagnose(model, X, Y, optimizer=optimizer)
    twin = net()
    twin.load_state_dict(model.state_dict())
    twin_opt = torch.optim.AdamW(twin.parameters(), lr=3e-3, weight_decay=0.1, betas=(0.8, 0.99))
    before = twin[0].weight.detach().clone()
    nn.functional.cross_entropy(twin(X), Y).backward()
    twin_opt.step()
    expected = (twin[0].weight.detach() - before).std() / before.std()
    assert report.update_ratios["0.weight"] == pytest.approx(expected.item(), rel=1e-4)


def test_sgd_momentum_is_noted_as_a_growing_step():
    model = net()
    check = initviz.diagnose(model, X, Y, optimizer=torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9))
    assert "later steps up to 10x (momentum 0.9)" in check["update:data ratio"].message


def test_a_healthy_batchnorm_net_gets_no_warning():
    layers = [m for i in range(16) for m in (nn.Linear(2 if i == 0 else 32, 32), nn.BatchNorm1d(32), nn.ReLU())]
    model = initviz.initialize(nn.Sequential(*layers, nn.Linear(32, 2)), "he_normal", seed=0)
    check = initviz.diagnose(model, X, Y, lr=0.01)["backward signal"]
    assert check.value > THRESHOLDS["backward signal"][1]  # it grows toward the input ...
    assert check.verdict == "OK" and "BatchNorm" in check.message  # ... as in every BatchNorm net at init


def test_he_with_batchnorm_has_no_problem():
    model = nn.Sequential(nn.Linear(2, 64), nn.BatchNorm1d(64), nn.ReLU(), nn.Linear(64, 64), nn.BatchNorm1d(64))
    model.append(nn.ReLU()).append(nn.Linear(64, 2))
    assert not initviz.diagnose(initviz.initialize(model, "he_normal"), X, Y, lr=0.01).problems


def test_layers_sit_between_weight_layers_even_inside_blocks():
    class Residual(nn.Module):
        def __init__(self):
            super().__init__()
            self.branch = nn.Sequential(nn.ReLU(), nn.Linear(8, 8))

        def forward(self, h):
            return h + self.branch(h)

    model = nn.Sequential(nn.Linear(2, 8), Residual(), Residual(), nn.Tanh(), nn.Linear(8, 2))
    report = initviz.diagnose(model, X, Y)
    assert [(layer.path, layer.activation) for layer in report.layers] == [
        ("0", "relu"),
        ("1.branch.1", "relu"),
        ("2.branch.1", "tanh"),
    ]


def test_an_activation_subclass_counts_as_its_base():
    class LibraryGELU(nn.GELU):
        pass

    model = nn.Sequential(nn.Linear(2, 16), LibraryGELU(), nn.Linear(16, 16), nn.Tanh(), nn.Linear(16, 2))
    report = initviz.diagnose(model, X, Y)
    assert [layer.activation for layer in report.layers] == ["gelu", "tanh"]
    assert not report.notes


def test_functional_activations_are_measured_and_named_in_a_note():
    class Functional(nn.Module):
        def __init__(self):
            super().__init__()
            self.a, self.b, self.c = nn.Linear(2, 32), nn.Linear(32, 32), nn.Linear(32, 2)

        def forward(self, x):
            return self.c(torch.relu(self.b(torch.relu(self.a(x)))))

    model = Functional()
    with torch.no_grad():
        model.b.bias.fill_(-10.0)  # every unit of layer 2 dead, seen without an nn.ReLU
    report = initviz.diagnose(model, X, Y)
    assert report["dead units"].value == 1.0
    assert len(report.notes) == 1 and "F.relu" in report.notes[0] and "layers 1, 2" in report.notes[0]


def test_the_report_fits_on_one_screen_and_is_the_same_every_time():
    model = net("tanh", "normal")
    text = str(initviz.diagnose(model, X, Y, lr=0.05))
    assert text == repr(initviz.diagnose(model, X, Y, lr=0.05))
    assert len(text.splitlines()) <= 25
    assert "[PROBLEM] saturated units" in text and "try:" in text
    assert "tensor(" not in text and " 0x" not in text


def test_at_most_max_samples_are_used():
    x, y = initviz.data.circles(n=1000, seed=1)
    report = initviz.diagnose(net(), x, y)
    assert f"{SETTINGS['max samples']} of 1000 samples" in str(report)


def test_the_regression_net_gets_the_output_scale_check_instead_of_chance():
    x = torch.randn(128, 8, generator=torch.Generator().manual_seed(3))
    y = x[:, :1] * 2
    model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 32), nn.ReLU(), nn.Linear(32, 1))
    report = initviz.diagnose(model, x, y, loss=nn.functional.mse_loss, lr=0.01)
    assert "initial loss" not in report.verdicts and report["output scale"].verdict == "OK"
    assert report.chance_loss is None


def test_regression_targets_far_from_the_outputs_are_flagged():
    x = torch.randn(128, 8, generator=torch.Generator().manual_seed(3))
    model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 1))
    check = initviz.diagnose(model, x, x[:, :1] + 50.0, loss=nn.functional.mse_loss)["output scale"]
    assert check.verdict == "PROBLEM" and "mean of y" in check.advice


def test_diagnose_is_callable_after_its_package_is_imported():
    import initviz.diagnostics

    assert initviz.diagnostics.diagnose is initviz.diagnose
