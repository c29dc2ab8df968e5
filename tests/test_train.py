"""train: solves what it must, and records divergence instead of raising."""

import math

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
