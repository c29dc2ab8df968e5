"""diagnose works on a copy: the model, its gradients, its buffers and the optimizer are left as they were."""

import copy

import torch
from torch import nn

import initviz

X, Y = initviz.data.circles(n=200, seed=1)


def batchnorm_net():
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(2, 16), nn.BatchNorm1d(16), nn.ReLU(inplace=True), nn.Dropout(0.2), nn.Linear(16, 2))


def test_the_parameters_are_untouched():
    model = batchnorm_net()
    before = copy.deepcopy(list(model.parameters()))
    initviz.diagnose(model, X, Y, optimizer=torch.optim.Adam(model.parameters(), lr=1e-3))
    assert all(torch.equal(p, q) for p, q in zip(model.parameters(), before))


def test_the_gradients_are_untouched():
    model = batchnorm_net()
    assert all(p.grad is None for p in model.parameters())
    initviz.diagnose(model, X, Y, lr=0.1)
    assert all(p.grad is None for p in model.parameters())
    nn.functional.cross_entropy(model(X), Y).backward()
    grads = [p.grad.clone() for p in model.parameters()]
    initviz.diagnose(model, X, Y, optimizer=torch.optim.SGD(model.parameters(), lr=0.1))
    assert all(torch.equal(p.grad, g) for p, g in zip(model.parameters(), grads))


def test_the_batchnorm_running_statistics_are_untouched():
    model = batchnorm_net()
    buffers = {k: v.clone() for k, v in model.named_buffers()}
    initviz.diagnose(model, X, Y)
    assert all(torch.equal(v, buffers[k]) for k, v in model.named_buffers())


def test_the_optimizer_state_and_hyperparameters_are_untouched():
    model = batchnorm_net()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    nn.functional.cross_entropy(model(X), Y).backward()
    optimizer.step()  # some state to keep: step 1, first and second moments
    state = copy.deepcopy(optimizer.state_dict())
    initviz.diagnose(model, X, Y, optimizer=optimizer)
    after = optimizer.state_dict()
    assert after["param_groups"] == state["param_groups"]
    for key, saved in state["state"].items():
        assert all(torch.equal(after["state"][key][name], value) for name, value in saved.items())


def test_the_mode_and_the_in_place_flags_are_untouched():
    model = batchnorm_net().eval()
    initviz.diagnose(model, X, Y)
    assert not model.training and model[2].inplace


def test_the_global_random_state_is_untouched():
    model = batchnorm_net()
    state = torch.random.get_rng_state()
    initviz.diagnose(model, X, Y, seed=5)
    assert torch.equal(torch.random.get_rng_state(), state)


def test_the_same_seed_gives_the_same_report_with_dropout():
    model = batchnorm_net()
    assert str(initviz.diagnose(model, X, Y, seed=3)) == str(initviz.diagnose(model, X, Y, seed=3))
