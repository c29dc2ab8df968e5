"""Lesson 08, Transformers: attention's 1/sqrt(d_k), tied embeddings, the generated language, pre-LN vs post-LN."""

import math

import numpy as np
import pytest
import torch

from initviz.lessons import transformers


def test_the_variance_of_q_dot_k_is_d_k_and_dividing_by_sqrt_d_k_keeps_the_entropy():
    r = transformers.attention_entropy([8, 512])
    assert np.allclose(r["var"], r["d_k"], rtol=0.1)
    assert abs(r["scaled"][1] - r["scaled"][0]) < 0.1 and r["raw"][1] < 0.3


def test_tied_logits_have_std_sigma_sqrt_d():
    small, unit = transformers.tied_logits(0.02), transformers.tied_logits(1.0)
    assert small["logit_std"] == pytest.approx(0.02 * math.sqrt(768), rel=0.02)
    assert small["loss"] - small["chance"] < 0.3 and unit["loss"] > 50


def test_the_generated_sequences_follow_their_rule():
    ids = transformers.sequences(4, length=6, vocab=16)
    steps = (ids[:, 1:] - ids[:, :-1]) % 16
    assert torch.all(steps == steps[:, :1]) and torch.all(steps[:, 0] != 0)


@pytest.mark.parametrize("norm_first", [False, True])
def test_the_tiny_transformer_maps_token_ids_to_next_token_logits(norm_first):
    model = transformers.tiny_transformer(norm_first, layers=2)
    ids = transformers.sequences(3)
    assert model(ids[:, :-1]).shape == (3, transformers.SEQ, transformers.VOCAB)
    assert transformers.lm_loss(model, ids).item() == pytest.approx(math.log(transformers.VOCAB), rel=0.3)


def test_post_ln_gradients_peak_at_the_top_and_exceed_pre_lns_there():
    post = transformers.ffn_gradient_norms(False, layers=6, seeds=(0,))
    pre = transformers.ffn_gradient_norms(True, layers=6, seeds=(0,))
    assert post.argmax() == 5 and post[-1] > 2 * pre[-1]
