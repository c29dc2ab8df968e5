"""Lesson 01: a constant init plus noise, trained in NumPy (initviz/lessons/symmetry.py), and its explorer."""

import numpy as np
import pytest
import torch
from torch import nn

import initviz
from initviz.answers import lookup
from initviz.explorers.symmetry import NOISES
from initviz.lessons import symmetry

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_without_noise_the_hidden_units_stay_exactly_identical():
    r = symmetry.symmetry_run(0.0, 200)
    assert (r["spread"] == 0).all()
    assert r["split_at"] is None
    assert abs(r["loss"][-1] - np.log(2)) < 0.01


def test_tiny_noise_grows_until_the_units_split_apart():
    r = symmetry.symmetry_run(1e-6, 300)
    assert r["spread"][0] < 1e-5
    assert r["split_at"] is not None and r["spread"][-1] > symmetry.SPLIT
    assert r["loss"][-1] < 0.3


def test_less_noise_splits_later():
    steps = [symmetry.symmetry_run(noise, 400)["split_at"] for noise in (1e-8, 1e-6, 1e-4)]
    assert steps[0] > steps[1] > steps[2] > 0


def test_numpy_gradient_step_matches_torch_autograd():
    x, y = symmetry.task()
    params = symmetry.initial_params(0.3, seed=2)
    model = symmetry.to_torch(params, dtype=torch.float64)
    loss = nn.functional.cross_entropy(model(x.double()), y)
    loss.backward()
    expected = {"W1": model[0].weight, "b1": model[0].bias, "W2": model[2].weight, "b2": model[2].bias}
    before = {k: v.copy() for k, v in params.items()}
    curves = symmetry.gradient_descent(params, x.numpy().astype(np.float64), y.numpy(), steps=1, lr=0.5)
    assert curves["loss"][0] == pytest.approx(loss.item(), rel=1e-12)
    for name, p in expected.items():
        np.testing.assert_allclose(params[name], before[name] - 0.5 * p.grad.numpy(), rtol=1e-10, atol=1e-12)


def test_row_spread_is_zero_only_for_identical_rows():
    assert symmetry.row_spread(np.full((4, 2), 0.5)) == 0.0
    assert symmetry.row_spread(torch.tensor([[1.0, 2.0], [1.0, 2.5]])) == pytest.approx(0.5)


def test_the_explorer_first_control_changes_the_image():
    explorer = initviz.explore_symmetry(steps=50)
    before = bytes(explorer.image.value)
    first = next(iter(explorer.controls))
    assert first == "noise"
    explorer.controls[first].value = 0.0
    after = bytes(explorer.image.value)
    assert after != before and after.startswith(PNG_MAGIC)
    assert explorer.result["noise"] == 0.0 and (explorer.result["spread"] == 0).all()


def test_the_noise_slider_is_a_log_scale_that_includes_zero():
    values = [v for _, v in NOISES]
    assert values[0] == 0.0 and all(b / a >= 10 for a, b in zip(values[1:], values[2:]))


def test_negative_noise_is_refused_naming_the_argument():
    with pytest.raises(ValueError, match="noise"):
        symmetry.symmetry_run(-1e-3, 10)


def test_non_integer_steps_are_refused_naming_the_argument():
    with pytest.raises(TypeError, match="steps"):
        symmetry.symmetry_run(1e-3, 10.5)


def test_unknown_activation_is_refused_naming_the_argument():
    with pytest.raises(ValueError, match="activation"):
        symmetry.symmetry_run(1e-3, 10, activation="softplus")


@pytest.mark.parametrize("noise, steps", [(0.0, 300), (1e-8, 400), (1e-4, 125), (1.0, 0)])
def test_the_explorers_cached_runs_give_exactly_what_symmetry_run_gives(noise, steps):
    symmetry.slider_run(noise, max(symmetry.STEPS))  # the whole run first, then the prefix the slider asks for
    got, want = symmetry.slider_run(noise, steps), symmetry.symmetry_run(noise, steps)
    assert got.keys() == want.keys()
    for key in ("loss", "spread"):
        assert np.array_equal(got[key], want[key])
    for name in want["params"]:
        assert np.array_equal(got["params"][name], want["params"][name])
    assert [got[k] for k in ("split_at", "accuracy", "steps", "noise")] == [
        want[k] for k in ("split_at", "accuracy", "steps", "noise")
    ]


def test_the_explorers_cached_runs_cannot_be_changed_through_a_result():
    r = symmetry.slider_run(1e-4, 100)
    with pytest.raises(ValueError, match="read-only"):
        r["loss"][0] = 1.0
    assert symmetry.slider_run(1e-4, 100)["loss"][0] == pytest.approx(np.log(2), abs=1e-3)


def test_the_explorers_runs_refuse_a_step_count_not_on_the_slider():
    with pytest.raises(ValueError, match="steps"):
        symmetry.slider_run(1e-4, 30)


def test_exercise_01_3_accepts_any_small_noise_that_splits_within_100_steps():
    judge = lookup("01.3").judge
    assert judge(1e-3) and judge(4e-3)
    assert not judge(1e-4)  # splits at step 123: too late
    assert not judge(5e-3) and not judge(0.0) and not judge(-1e-3)  # not below 0.005, or no noise
