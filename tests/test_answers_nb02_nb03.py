"""Notebooks 02 and 03's exercises (initviz/answers/nb02.py, nb03.py): the judges measure the learner's network."""

import numpy as np
import pytest
import torch

import initviz


@pytest.fixture(autouse=True, scope="module")
def one_thread():
    """As in the notebooks (initviz.setup): one torch thread, restored afterwards."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def test_exercise_02_3_accepts_a_depth_in_the_middle_of_the_predicted_range_and_refuses_a_shallow_one():
    assert initviz.check("02.3", 25) and not initviz.check("02.3", 10)


@pytest.mark.parametrize("depth", [np.int64(25), 25.0])
def test_exercise_02_3_accepts_a_numpy_integer_or_a_whole_float(depth):
    assert initviz.check("02.3", depth)


@pytest.mark.parametrize("depth", [True, "25", 25.5, 1])
def test_exercise_02_3_refuses_what_is_not_a_whole_number_of_layers(depth):
    assert not initviz.check("02.3", depth)


def test_exercise_03_3_accepts_a_flat_gain_and_refuses_xavier_and_pytorchs_gains():
    assert initviz.check("03.3", 1.28)
    assert not initviz.check("03.3", 1.0) and not initviz.check("03.3", 5 / 3)


@pytest.mark.parametrize("gain", [np.float64(1.28), np.float32(1.28)])
def test_exercise_03_3_accepts_a_numpy_gain(gain):
    assert initviz.check("03.3", gain)


def test_exercise_03_2_wants_the_linear_factor_over_four_layers():
    assert initviz.check("03.2", (1 / 3) ** 4) and initviz.check("03.2", 0.0123)
    assert not initviz.check("03.2", (1 / 3) ** 5)
