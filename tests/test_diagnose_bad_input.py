"""diagnose refuses bad input before torch runs, with an error that names the argument."""

import math

import pytest
import torch
from torch import nn

import initviz

X, Y = initviz.data.circles(n=200, seed=1)


def net():
    return initviz.mlp([2, 16, 16, 2], "relu", seed=0)


@pytest.mark.parametrize(
    "model, error, words",
    [
        ([1, 2], TypeError, ("model", "Module", "list")),
        (nn.Sequential(nn.ReLU()), ValueError, ("model", "no parameters")),
    ],
)
def test_a_bad_model_is_named(model, error, words):
    with pytest.raises(error) as info:
        initviz.diagnose(model, X, Y)
    assert all(word in str(info.value) for word in words)


def test_x_must_be_a_tensor():
    with pytest.raises(TypeError, match="x must be a torch.Tensor; got ndarray"):
        initviz.diagnose(net(), X.numpy(), Y)


def test_x_needs_two_samples():
    with pytest.raises(ValueError, match="x must hold at least 2 samples"):
        initviz.diagnose(net(), X[:1], Y[:1])


def test_x_must_be_finite():
    with pytest.raises(ValueError, match="x holds inf or NaN"):
        initviz.diagnose(net(), torch.full((4, 2), math.nan), Y[:4])


def test_an_x_the_model_cannot_take_is_named_with_its_shape():
    with pytest.raises(ValueError, match=r"model\(x\) failed for x of shape \(10, 3\)"):
        initviz.diagnose(net(), torch.zeros(10, 3), Y[:10])


def test_y_must_be_a_tensor():
    with pytest.raises(TypeError, match="y must be a torch.Tensor; got NoneType"):
        initviz.diagnose(net(), X, None)


def test_x_and_y_must_have_as_many_samples():
    with pytest.raises(ValueError, match="x and y do not match"):
        initviz.diagnose(net(), X, Y[:10])


def test_labels_beyond_the_classes_are_named():
    with pytest.raises(ValueError, match=r"y holds labels from 0 to 4.*2 classes"):
        initviz.diagnose(net(), X, Y * 4)


def test_float_targets_with_the_default_loss_point_to_mse():
    with pytest.raises(ValueError, match="y must hold class labels.*loss=F.mse_loss"):
        initviz.diagnose(net(), X, Y.float())


def test_labels_shaped_unlike_the_logits_are_named():
    with pytest.raises(ValueError, match=r"y has shape \(200, 1\) but the logits have shape \(200, 2\)"):
        initviz.diagnose(net(), X, Y[:, None])


def test_one_output_is_not_logits():
    with pytest.raises(ValueError, match="logits of shape"):
        initviz.diagnose(nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 1)), X, Y)


def test_loss_must_be_callable():
    with pytest.raises(TypeError, match="loss must be a callable"):
        initviz.diagnose(net(), X, Y, loss="mse")


def test_loss_must_return_a_scalar():
    with pytest.raises(ValueError, match="loss must return a scalar"):
        initviz.diagnose(net(), X, Y, loss=lambda out, y: out)


def test_a_loss_that_fails_is_named():
    with pytest.raises(ValueError, match=r"loss\(model\(x\), y\) failed"):
        initviz.diagnose(net(), X, Y, loss=lambda out, y: (out @ y).mean())


def test_optimizer_must_be_a_torch_optimizer():
    with pytest.raises(TypeError, match="optimizer must be a torch.optim.Optimizer"):
        initviz.diagnose(net(), X, Y, optimizer="adam")


def test_an_optimizer_of_another_model_is_refused():
    with pytest.raises(ValueError, match="optimizer holds 6 parameter"):
        initviz.diagnose(net(), X, Y, optimizer=torch.optim.SGD(net().parameters(), lr=0.1))


def test_optimizer_and_lr_together_are_refused():
    model = net()
    with pytest.raises(ValueError, match="give optimizer or lr, not both"):
        initviz.diagnose(model, X, Y, optimizer=torch.optim.SGD(model.parameters(), lr=0.1), lr=0.1)


@pytest.mark.parametrize("lr", [0.0, -1.0, math.nan, math.inf])
def test_a_bad_learning_rate_is_named(lr):
    with pytest.raises(ValueError, match="lr="):
        initviz.diagnose(net(), X, Y, lr=lr)


@pytest.mark.parametrize("seed, error", [(-1, ValueError), (1.5, TypeError)])
def test_a_bad_seed_is_named(seed, error):
    with pytest.raises(error, match="seed"):
        initviz.diagnose(net(), X, Y, seed=seed)
