"""Toy data: local, seeded, the right shapes and dtypes."""

import pytest
import torch

import initviz

MAKERS = [initviz.data.circles, initviz.data.moons, initviz.data.spirals, initviz.data.xor, initviz.data.blobs]


@pytest.mark.parametrize("make", MAKERS)
def test_shapes_and_dtypes(make):
    x, y = make(n=101)
    assert x.shape == (101, 2) and x.dtype == torch.float32
    assert y.shape == (101,) and y.dtype == torch.int64


@pytest.mark.parametrize("make", MAKERS)
def test_same_seed_same_data_other_seed_other_data(make):
    assert torch.equal(make(seed=3)[0], make(seed=3)[0])
    assert not torch.equal(make(seed=3)[0], make(seed=4)[0])


@pytest.mark.parametrize("make", [initviz.data.circles, initviz.data.moons, initviz.data.spirals])
def test_two_class_sets_are_balanced(make):
    _, y = make(n=200)
    assert y.sum().item() == 100


def test_blobs_has_the_number_of_classes_asked_for():
    _, y = initviz.data.blobs(n=90, classes=5)
    assert sorted(y.unique().tolist()) == [0, 1, 2, 3, 4]


def test_xor_labels_follow_the_signs():
    x, y = initviz.data.xor(n=200, noise=0.0)
    assert torch.equal(y, (torch.sign(x[:, 0]) != torch.sign(x[:, 1])).long())
