"""Bad input raises ValueError or TypeError naming the argument, the value and what is allowed."""

import math

import pytest
import torch
from torch import nn

import initviz


def raises(exc, *words):
    """pytest.raises whose message must contain every word."""

    class _Check:
        def __enter__(self):
            self.ctx = pytest.raises(exc)
            self.info = self.ctx.__enter__()
            return self.info

        def __exit__(self, *args):
            handled = self.ctx.__exit__(*args)
            message = str(self.info.value)
            for word in words:
                assert word in message, f"{word!r} not in {message!r}"
            return handled

    return _Check()


def test_unknown_init_names_it_and_lists_the_schemes():
    with raises(ValueError, "init", "'kaiming'", "he_normal", "xavier_uniform"):
        initviz.mlp([2, 4, 2], init="kaiming")


def test_unknown_activation_names_it_and_lists_the_activations():
    with raises(ValueError, "activation", "'gelu'", "relu", "tanh"):
        initviz.mlp([2, 4, 2], activation="gelu")


def test_width_below_one_names_the_position():
    with raises(ValueError, "widths[1]", "0", ">= 1"):
        initviz.mlp([2, 0, 2])


def test_non_integer_width_is_a_type_error():
    with raises(TypeError, "widths[1]", "2.5"):
        initviz.mlp([2, 2.5, 2])


def test_widths_need_inputs_and_outputs():
    with raises(ValueError, "widths", "at least 2"):
        initviz.mlp([4])


def test_widths_as_a_string_is_a_type_error():
    with raises(TypeError, "widths"):
        initviz.mlp("2,4,2")


@pytest.mark.parametrize("scale", [math.nan, math.inf, -math.inf])
def test_non_finite_scale_is_refused(scale):
    with raises(ValueError, "scale", "finite"):
        initviz.mlp([2, 4, 2], scale=scale)


def test_negative_scale_is_refused_except_for_constant():
    with raises(ValueError, "scale", "-1.0", ">= 0"):
        initviz.mlp([2, 4, 2], init="normal", scale=-1.0)
    initviz.mlp([2, 4, 2], init="constant", scale=-1.0)


def test_non_finite_bias_is_refused():
    with raises(ValueError, "bias", "nan"):
        initviz.mlp([2, 4, 2], bias=math.nan)


def test_initialize_wants_a_module():
    with raises(TypeError, "model", "Module"):
        initviz.initialize([1, 2, 3], "zeros")


def test_initialize_wants_linear_layers():
    with raises(ValueError, "nn.Linear"):
        initviz.initialize(nn.Sequential(nn.ReLU()), "zeros")


def test_mismatched_x_and_y_names_both_lengths():
    model = initviz.mlp([2, 4, 2])
    with raises(ValueError, "x and y", "10", "9"):
        initviz.train(model, torch.zeros(10, 2), torch.zeros(9, dtype=torch.int64), steps=1, lr=0.1)


def test_x_with_the_wrong_number_of_features_is_refused():
    model = initviz.mlp([2, 4, 2])
    with raises(ValueError, "x", "3 features", "expects 2"):
        initviz.layer_stats(model, torch.zeros(5, 3))


def test_float_labels_are_refused():
    model = initviz.mlp([2, 4, 2])
    with raises(ValueError, "y", "int64"):
        initviz.layer_stats(model, torch.zeros(5, 2), torch.zeros(5))


def test_x_as_a_list_is_a_type_error():
    with raises(TypeError, "x", "list"):
        initviz.layer_stats(initviz.mlp([2, 4, 2]), [[0.0, 0.0]])


@pytest.mark.parametrize("lr", [0.0, -0.1, math.nan])
def test_learning_rate_must_be_positive_and_finite(lr):
    model = initviz.mlp([2, 4, 2])
    with pytest.raises(ValueError, match="lr"):
        initviz.train(model, *initviz.data.xor(n=8), steps=1, lr=lr)


def test_steps_must_be_a_whole_number():
    with raises(TypeError, "steps", "1.5"):
        initviz.train(initviz.mlp([2, 4, 2]), *initviz.data.xor(n=8), steps=1.5, lr=0.1)


@pytest.mark.parametrize(
    "make", [initviz.data.circles, initviz.data.moons, initviz.data.spirals, initviz.data.xor, initviz.data.blobs]
)
def test_data_refuses_negative_noise_and_tiny_n(make):
    with raises(ValueError, "noise", "-1.0"):
        make(noise=-1.0)
    with raises(ValueError, "n", ">= 2"):
        make(n=1)


def test_seed_must_be_a_non_negative_integer():
    with raises(ValueError, "seed", "-1"):
        initviz.mlp([2, 4, 2], seed=-1)


def test_errors_come_before_torch_internals():
    """The message is ours, not a torch shape error from deep inside a matmul."""
    model = initviz.mlp([2, 4, 2])
    with pytest.raises(ValueError) as info:
        initviz.train(model, torch.zeros(4, 5), torch.zeros(4, dtype=torch.int64), steps=1, lr=0.1)
    assert "mat1" not in str(info.value)
