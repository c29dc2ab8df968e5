"""Lesson 08, residual networks: the stream's variance against theory, the fixes, and exercise 08.2's measurement."""

import numpy as np
import pytest
import torch

import initviz
from initviz.lessons import residual


def test_the_pre_norm_stream_grows_like_1_plus_2l_and_the_raw_one_like_3_to_the_l():
    assert np.allclose(residual.predicted_variance(4, norm=True), [1, 3, 5, 7, 9])
    assert np.allclose(residual.predicted_variance(3, norm=False), [1, 3, 9, 27])
    runs = [residual.stream_variance(16, norm=True, width=128, seed=s) for s in range(4)]
    assert np.allclose(np.mean([r["stream"] for r in runs], 0), runs[0]["predicted"], rtol=0.1)


@pytest.mark.parametrize("fix", ["zero", "rezero", "fixup"])
def test_zero_init_rezero_and_fixup_start_every_block_as_the_identity(fix):
    model = residual.stack(8, fix, norm=False)
    x = residual.stream_input(16, 64)
    assert torch.equal(model(x), x)


def test_gpt2_scaling_bounds_the_pre_norm_stream_at_3_whatever_the_depth():
    for blocks in (8, 64):
        assert residual.predicted_variance(blocks, "gpt2")[-1] == pytest.approx(3.0)
    assert residual.stream_variance(32, "gpt2", width=256)["stream"][-1] == pytest.approx(3.0, rel=0.1)


def test_fixup_scales_the_first_layer_by_l_to_the_minus_half_and_zeroes_the_last():
    plain, fixup = residual.stack(16, "none", seed=3), residual.stack(16, "fixup", seed=3)
    assert torch.allclose(fixup[0].fc1.weight, plain[0].fc1.weight / 4)
    assert torch.all(fixup[0].fc2.weight == 0)


def test_only_rezero_learns_alpha():
    assert residual.stack(2, "rezero")[0].alpha.requires_grad
    assert not residual.stack(2, "zero")[0].alpha.requires_grad


def test_after_one_step_zero_init_moves_the_stream_more_than_fixup_and_more_with_depth():
    zero = [residual.one_step_change(L, "zero") for L in (4, 32)]
    fixup = [residual.one_step_change(L, "fixup") for L in (4, 32)]
    assert zero[1] > 4 * zero[0] and fixup[1] < zero[1] / 4


def test_growth_after_measures_a_learners_change_to_every_block():
    assert residual.growth_after(lambda b: b.fc2.weight.zero_()) == pytest.approx(1.0)
    with pytest.raises(TypeError, match="change must be a function"):
        residual.growth_after(0.1)


def test_exercise_08_2_accepts_a_tamed_stream_and_refuses_a_switched_off_one():
    assert initviz.check("08.2", lambda block: block.fc2.weight.mul_(0.1))
    assert not initviz.check("08.2", lambda block: block.alpha.zero_())
    assert not initviz.check("08.2", lambda block: None)


def test_fixups_first_step_on_the_weights_moves_the_stream_alike_at_every_depth():
    fixup = residual.one_step_changes((4, 64), ("fixup",))["fixup"]
    assert fixup[1] == pytest.approx(fixup[0], rel=0.2)


def test_trained_biases_make_even_fixups_first_step_grow_with_depth():
    fixup = residual.one_step_changes((4, 64), ("fixup",), biases=True)["fixup"]
    assert fixup[1] > 2 * fixup[0]
