"""Lesson 05's compute (initviz.lessons.dying): dead units, revival, death by bias and by a step, born-dead nets."""

import math

import numpy as np
import pytest
import torch
from torch import nn

import initviz
from initviz.lessons import dying


def test_a_unit_with_negative_pre_activation_on_every_sample_is_dead():
    model = nn.Sequential(nn.Linear(2, 2), nn.ReLU(), nn.Linear(2, 1))
    with torch.no_grad():
        model[0].weight.copy_(torch.tensor([[1.0, 0.0], [0.0, 1.0]]))
        model[0].bias.copy_(torch.tensor([0.0, -5.0]))  # unit 2: x2 - 5 < 0 for every x in the square
    x = torch.rand(50, 2) * 2 - 1
    assert dying.dead_fractions(model, x).tolist() == [0.5]
    assert dying.activity(model, x)[0][:, 1].sum() == 0


def test_dead_fractions_agree_with_layer_stats_for_relu_mlps():
    x, _ = dying.bench_data()
    model = dying.bench_net(bias=-0.5, seed=3)
    expected = [s.dead_fraction for s in initviz.layer_stats(model, x)]
    assert dying.dead_fractions(model, x) == pytest.approx(expected)


def test_counting_dead_units_leaves_batchnorm_statistics_untouched():
    model = dying.bench_net(batchnorm=True, seed=0)
    x, _ = dying.bench_data()
    before = [b.clone() for b in model.buffers()]
    dying.dead_fractions(model, x)
    assert all(torch.equal(a, b) for a, b in zip(before, model.buffers()))


def test_batchnorm_units_are_on_for_part_of_the_batch():
    x, _ = dying.bench_data()
    assert dying.dead_fraction(dying.bench_net("normal", batchnorm=True, seed=0), x) == 0.0


def test_one_step_is_plain_gradient_descent():
    x, y = dying.bench_data()
    model = dying.bench_net(seed=1)
    w = model[0].weight.detach().clone()
    nn.functional.cross_entropy(model(x), y).backward()
    expected = w - 0.5 * model[0].weight.grad
    dying.one_step(model, x, y, 0.5)
    assert torch.allclose(model[0].weight, expected)


def test_a_very_negative_bias_kills_every_unit_and_zero_bias_kills_few():
    assert dying.dead_by_bias(-2.0, 0.25)["total"] == 1.0
    assert dying.dead_by_bias(0.0, 1.0)["total"] < 0.2


def test_weight_scale_does_not_matter_with_zero_bias():
    assert dying.dead_by_bias(0.0, 0.25)["per_layer"].tolist() == dying.dead_by_bias(0.0, 4.0)["per_layer"].tolist()


def test_dead_map_entries_equal_dead_by_bias():
    grid = dying.dead_map((-1.0, 0.0), (0.5, 2.0), seeds=(0,))
    assert grid[1, 0] == pytest.approx(dying.dead_by_bias(-1.0, 2.0, seed=0)["total"])
    assert grid[0, 1] == pytest.approx(dying.dead_by_bias(0.0, 0.5, seed=0)["total"])


def test_a_larger_weight_scale_changes_no_death_at_init_but_kills_more_in_training():
    he = dying.train_variant(lr=0.1, steps=5, seeds=range(4), init="he_normal")
    large = dying.train_variant(lr=0.1, steps=5, seeds=range(4), init="he_normal", scale=3.0)
    assert large["dead_before"].tolist() == he["dead_before"].tolist()
    assert large["dead_after"].mean() > he["dead_after"].mean() + 0.2


def test_a_dead_first_layer_unit_never_comes_back_and_its_weights_never_move():
    r = dying.revival(bias=-0.5, lr=0.1, steps=20, seeds=range(4))
    assert r["dead_at_init"][0] > 0
    assert r["revived"][0] == 0 and r["untouched"][0] == r["dead_at_init"][0]


def test_dead_units_in_deeper_layers_can_come_back():
    r = dying.revival(bias=-0.5, lr=0.1, steps=80, seeds=range(4))
    assert r["revived"][1:].sum() > 0


def test_without_steps_nothing_revives_or_dies():
    r = dying.revival(steps=0, seeds=range(2))
    assert r["revived"].sum() == r["died"].sum() == 0 and (r["untouched"] == r["dead_at_init"]).all()
    assert r["units"].tolist() == [2 * dying.WIDTH] * dying.DEPTH


def test_dead_map_is_read_only():
    with pytest.raises(ValueError):
        dying.dead_map()[0, 0] = 1.0


def test_train_variant_with_a_tiny_learning_rate_kills_no_one():
    r = dying.train_variant(lr=1e-6, steps=2, seeds=[0, 1], init="he_normal")
    assert r["dead_after"].tolist() == r["dead_before"].tolist()
    assert not r["diverged"].any()


def test_single_point_bound_is_one_minus_survival():
    assert dying.single_point_bound(3, [1, 10]) == pytest.approx([1 / 8, 1 - (7 / 8) ** 10])


def test_chain_lower_bound_is_zero_for_one_layer_and_grows_with_depth():
    lower = dying.chain_lower_bound(2, 30)
    assert lower[0] == 0.0 and np.all(np.diff(lower) >= 0) and lower[-1] > 0.99


def test_chain_lower_bound_for_width_one_is_exact():
    # one unit per layer: after layer 1 it is on somewhere; each later layer kills it with probability 1/2
    assert dying.chain_lower_bound(1, 5) == pytest.approx([0, 1 / 2, 3 / 4, 7 / 8, 15 / 16])


def test_simulated_death_at_one_point_matches_the_exact_formula():
    r = dying.born_dead(3, 12, 20_000, seed=11)
    exact = dying.single_point_bound(3, r["depth"])
    assert np.all(np.abs(r["p_at_one"] - exact) < 4 * np.maximum(r["se_at_one"], 1e-4))


def test_born_dead_probability_lies_between_the_bounds():
    r = dying.born_dead(2, 15, 20_000, seed=5)
    slack = 4 * np.maximum(r["se"], 1e-4)
    assert np.all(r["p"] <= dying.single_point_bound(2, r["depth"]) + slack)
    assert np.all(r["p"] >= dying.chain_lower_bound(2, 15) - slack)


def test_two_points_decide_born_dead_as_well_as_a_dense_grid():
    two = dying.born_dead_layer(3, 15, 500, points=2, seed=2)["dead"]
    dense = dying.born_dead_layer(3, 15, 500, points=101, seed=2)["dead"]
    assert torch.equal(two, dense)


def test_a_net_has_a_constant_output_exactly_when_a_layer_is_dead_on_the_domain():
    grid = torch.linspace(-1, 1, 101)[:, None]
    for seed in range(20):
        net = initviz.mlp([1] + [2] * 6 + [1], "relu", "he_normal", seed=seed)
        dead_layers = [k for k, a in enumerate(dying.activity(net, grid)) if not a.any()]
        with torch.no_grad():
            out = net(grid).ravel()
        assert bool(dead_layers) == bool((out == out[0]).all())


def test_born_dead_is_reproducible_from_its_seed():
    a = dying.born_dead(4, 10, 1000, seed=9)["p"]
    b = dying.born_dead(4, 10, 1000, seed=9)["p"]
    assert a.tolist() == b.tolist()


def test_a_non_finite_bias_names_the_argument():
    with pytest.raises(ValueError, match="bias"):
        dying.dead_by_bias(math.nan, 1.0)


def test_a_width_that_is_not_an_integer_is_a_type_error():
    with pytest.raises(TypeError, match="width"):
        dying.born_dead_layer(2.5, 10, 100)


def test_fewer_than_two_points_is_refused():
    with pytest.raises(ValueError, match="points"):
        dying.born_dead_layer(3, 10, 100, points=1)


def test_counting_needs_a_model_with_relu_units():
    with pytest.raises(ValueError, match="ReLU"):
        dying.dead_fractions(nn.Sequential(nn.Linear(2, 2), nn.Tanh(), nn.Linear(2, 2)), torch.zeros(3, 2))


def test_counting_needs_a_module():
    with pytest.raises(TypeError, match="model"):
        dying.activity("not a model", torch.zeros(3, 2))


def test_a_non_positive_learning_rate_names_the_argument():
    x, y = dying.bench_data()
    with pytest.raises(ValueError, match="lr"):
        dying.one_step(dying.bench_net(), x, y, 0.0)
