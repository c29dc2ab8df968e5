"""train: solves what it must, and records divergence instead of raising."""

import math

import pytest
import torch

import initviz


def test_a_small_relu_net_solves_xor():
    x, y = initviz.data.xor(n=200, seed=1)
    history = initviz.train(initviz.mlp([2, 16, 16, 2], "relu", "he_normal"), x, y, steps=300, lr=0.2)
    assert not history.diverged
    assert history.final_accuracy > 0.97
    assert history.loss[-1] < 0.25 * history.loss[0]


def test_minibatches_also_train():
    x, y = initviz.data.circles(n=200, seed=1)
    history = initviz.train(
        initviz.mlp([2, 32, 32, 2], "tanh", "xavier_normal"), x, y, steps=400, lr=0.3, batch_size=32
    )
    assert history.final_accuracy > 0.95


def test_a_huge_learning_rate_diverges_and_is_recorded_not_raised():
    x, y = initviz.data.moons(n=100, seed=1)
    model = initviz.mlp([2, 64, 64, 64, 2], "relu", "normal", scale=5.0)
    history = initviz.train(model, x, y, steps=50, lr=1e4)
    assert history.diverged
    assert history.diverged_at is not None and history.diverged_at < 50
    assert not math.isfinite(history.final_loss)
    assert len(history.loss) == history.diverged_at + 1


def test_one_entry_per_step_before_each_update():
    x, y = initviz.data.blobs(n=60, seed=1)
    model = initviz.mlp([2, 8, 3], "relu")
    first = torch.nn.functional.cross_entropy(model(x), y).item()
    history = initviz.train(model, x, y, steps=7, lr=0.1)
    assert len(history.loss) == len(history.accuracy) == 7
    assert history.loss[0] == first


def test_the_same_seed_trains_to_the_same_numbers():
    x, y = initviz.data.spirals(n=100, seed=2)
    runs = [
        initviz.train(initviz.mlp([2, 16, 2], "tanh", seed=5), x, y, steps=20, lr=0.1, batch_size=10, seed=3)
        for _ in range(2)
    ]
    assert runs[0].loss == runs[1].loss


def _torch_steps(model, x, y, optimizer, steps):
    for _ in range(steps):
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()


def test_adam_takes_exactly_the_steps_of_torch_optim_adam():
    x, y = initviz.data.moons(n=100, seed=1)
    ours, theirs = initviz.mlp([2, 16, 16, 2], "relu", seed=0), initviz.mlp([2, 16, 16, 2], "relu", seed=0)
    initviz.train(ours, x, y, steps=20, lr=0.01, optimizer="adam")
    _torch_steps(theirs, x, y, torch.optim.Adam(theirs.parameters(), lr=0.01, foreach=False), 20)
    assert all(torch.equal(p, q) for p, q in zip(ours.parameters(), theirs.parameters()))


def test_sgd_with_momentum_takes_exactly_the_steps_of_torch_optim_sgd():
    x, y = initviz.data.moons(n=100, seed=1)
    ours, theirs = initviz.mlp([2, 16, 16, 2], "tanh", seed=0), initviz.mlp([2, 16, 16, 2], "tanh", seed=0)
    initviz.train(ours, x, y, steps=20, lr=0.05, momentum=0.9)
    _torch_steps(theirs, x, y, torch.optim.SGD(theirs.parameters(), lr=0.05, momentum=0.9, foreach=False), 20)
    assert all(torch.allclose(p, q, atol=1e-6) for p, q in zip(ours.parameters(), theirs.parameters()))


def test_an_unknown_optimizer_is_named():
    x, y = initviz.data.moons(n=20, seed=1)
    with pytest.raises(ValueError, match="optimizer='lbfgs' is not known; allowed: sgd, adam"):
        initviz.train(initviz.mlp([2, 4, 2]), x, y, steps=1, lr=0.1, optimizer="lbfgs")


def test_momentum_is_refused_for_adam():
    x, y = initviz.data.moons(n=20, seed=1)
    with pytest.raises(ValueError, match="momentum=0.9 is for optimizer='sgd'"):
        initviz.train(initviz.mlp([2, 4, 2]), x, y, steps=1, lr=0.1, momentum=0.9, optimizer="adam")
