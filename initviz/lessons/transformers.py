"""Lesson 08, Transformers: attention's 1/sqrt(d_k), GPT-2's std-0.02 embeddings, pre-LN against post-LN.

Compute:
- `attention_scores(d_k, ...)`: the scores q.k of random queries and keys whose entries have mean 0,
  variance 1 (Vaswani et al. 2017, footnote 4): Var(q.k) = d_k, the Var(sum) = n Var argument of 03;
  `attention_entropy` measures the softmax's entropy with and without the division by sqrt(d_k);
- `tied_logits(std, ...)`: the initial logits and loss of an output layer tied to an embedding
  table of that std (GPT-2 and nanoGPT tie them; GPT-2 draws both from N(0, 0.02^2));
- `sequences(...)`: the course's generated "text": arithmetic progressions a, a+b, a+2b, ... mod
  the vocabulary size, as token ids (nothing is downloaded);
- `tiny_transformer(norm_first, ...)`: a small causal Transformer built from
  `nn.TransformerEncoderLayer` (post-LN when `norm_first=False`, pre-LN when True, then with a
  final LayerNorm as in GPT-2), PyTorch's default init;
- `ffn_gradient_norms(norm_first, ...)`: per layer, the norm of d loss / d W2 of the feed-forward
  sub-layer at initialization (Xiong et al. 2020, Fig. 3).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import torch
from torch import nn

from .. import _checks
from ..probe import DATA_SEED_OFFSET

VOCAB, SEQ = 16, 32  # the generated language: 16 tokens, sequences of 32 (+1 for the shifted targets)


def attention_scores(d_k: int, *, queries: int = 256, keys: int = 64, seed: int = 0) -> torch.Tensor:
    """Scores q.k of `queries` random queries against `keys` random keys, entries N(0, 1) of dimension d_k."""
    d_k = _checks.integer("d_k", d_k, minimum=1)
    g = torch.Generator().manual_seed(seed + DATA_SEED_OFFSET)
    q = torch.randn(queries, d_k, generator=g)
    k = torch.randn(keys, d_k, generator=g)
    return q @ k.T


def entropy(scores: torch.Tensor) -> float:
    """The mean entropy (nats) of softmax over the last dimension: ln(keys) when uniform, 0 when one-hot."""
    logp = scores.log_softmax(-1)
    return float(-(logp.exp() * logp).sum(-1).mean())


def attention_entropy(d_ks: Sequence[int], *, keys: int = 64, seed: int = 0) -> dict:
    """For each d_k: Var(q.k), and the softmax's mean entropy and largest weight, raw and divided by sqrt(d_k)."""
    out: dict[str, list[float]] = {k: [] for k in ("var", "raw", "scaled", "max_raw", "max_scaled")}
    for d in d_ks:
        s = attention_scores(d, keys=keys, seed=seed)
        scaled = s / math.sqrt(d)
        out["var"].append(s.var().item())
        out["raw"].append(entropy(s))
        out["scaled"].append(entropy(scaled))
        out["max_raw"].append(s.softmax(-1).max(-1).values.mean().item())
        out["max_scaled"].append(scaled.softmax(-1).max(-1).values.mean().item())
    return {"d_k": np.array(d_ks), "uniform": math.log(keys), **{k: np.array(v) for k, v in out.items()}}


def tied_logits(std: float, *, d_model: int = 768, vocab: int = 2000, n: int = 512, seed: int = 0) -> dict:
    """Initial logits of an output layer tied to an N(0, std^2) embedding table (vocab x d_model).

    The last hidden state is LayerNorm-ed (mean 0, variance 1 over its d_model entries), as
    before GPT-2's output layer; targets are random tokens. Returns the logits' std (theory:
    std sqrt(d_model)), the mean cross-entropy and ln(vocab), the loss of a uniform guess.
    """
    std = _checks.finite("std", std, above=0.0)
    g = torch.Generator().manual_seed(seed)
    table = torch.randn(vocab, d_model, generator=g) * std
    gd = torch.Generator().manual_seed(seed + DATA_SEED_OFFSET)
    h = nn.functional.layer_norm(torch.randn(n, d_model, generator=gd), (d_model,))
    y = torch.randint(0, vocab, (n,), generator=gd)
    logits = h @ table.T
    return {
        "std": std,
        "logit_std": logits.std().item(),
        "predicted_logit_std": std * math.sqrt(d_model),
        "loss": nn.functional.cross_entropy(logits, y).item(),
        "chance": math.log(vocab),
    }


def sequences(n: int, *, length: int = SEQ + 1, vocab: int = VOCAB, seed: int = 0) -> torch.Tensor:
    """`n` token sequences a, a+b, a+2b, ... (mod `vocab`), a and b random (b != 0): int64 (n, length).

    A model that has read two tokens can predict every later one: a small language with rules.
    Drawn from `seed + 10_000` (never the weights' stream).
    """
    n = _checks.integer("n", n, minimum=1)
    length = _checks.integer("length", length, minimum=2)
    vocab = _checks.integer("vocab", vocab, minimum=2)
    g = torch.Generator().manual_seed(seed + DATA_SEED_OFFSET)
    a = torch.randint(0, vocab, (n, 1), generator=g)
    b = torch.randint(1, vocab, (n, 1), generator=g)
    return (a + b * torch.arange(length)) % vocab


class TinyTransformer(nn.Module):
    """Token and position embeddings, `layers` causal `nn.TransformerEncoderLayer`s, a linear head.

    `forward(ids)` maps int64 token ids (batch, time) to logits (batch, time, vocab).
    """

    def __init__(
        self,
        *,
        norm_first: bool,
        layers: int = 6,
        d_model: int = 64,
        heads: int = 4,
        vocab: int = VOCAB,
        seq: int = SEQ,
    ) -> None:
        super().__init__()
        self.tokens = nn.Embedding(vocab, d_model)
        self.positions = nn.Embedding(seq, d_model)
        layer = nn.TransformerEncoderLayer(
            d_model, heads, 4 * d_model, dropout=0.0, activation="gelu", batch_first=True, norm_first=norm_first
        )
        final = nn.LayerNorm(d_model) if norm_first else None  # pre-LN needs one at the top (GPT-2's ln_f)
        self.blocks = nn.TransformerEncoder(layer, layers, norm=final, enable_nested_tensor=False)
        self.head = nn.Linear(d_model, vocab)
        self.register_buffer("mask", nn.Transformer.generate_square_subsequent_mask(seq), persistent=False)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        t = ids.shape[1]
        h = self.tokens(ids) + self.positions(torch.arange(t, device=ids.device))
        mask = self.mask[:t, :t]  # type: ignore[index]
        return self.head(self.blocks(h, mask=mask, is_causal=True))


def tiny_transformer(norm_first: bool, *, layers: int = 6, d_model: int = 64, seed: int = 0) -> TinyTransformer:
    """A `TinyTransformer` with PyTorch's default init, drawn from `seed` (global generator, forked)."""
    if not isinstance(norm_first, bool):
        raise TypeError(f"norm_first must be True or False; got {norm_first!r}")
    layers = _checks.integer("layers", layers, minimum=1)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return TinyTransformer(norm_first=norm_first, layers=layers, d_model=d_model)


def lm_loss(model: nn.Module, ids: torch.Tensor) -> torch.Tensor:
    """Next-token cross-entropy of `model` on `ids` (predict ids[:, 1:] from ids[:, :-1])."""
    logits = model(ids[:, :-1])
    return nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), ids[:, 1:].reshape(-1))


def ffn_gradient_norms(
    norm_first: bool, *, layers: int = 6, seeds: Sequence[int] = (0, 1, 2), n: int = 32
) -> np.ndarray:
    """Per layer (1 .. layers), ||d loss / d W2|| of the feed-forward sub-layer at init, averaged over `seeds`.

    W2 is `linear2.weight`, the FFN's second matrix (Xiong et al. 2020 plot the same). The
    loss is the next-token loss on `n` generated sequences (`sequences`, seed 0 for every model).
    """
    ids = sequences(n)
    norms = []
    for seed in seeds:
        model = tiny_transformer(norm_first, layers=layers, seed=seed)
        weights = [block.linear2.weight for block in model.blocks.layers]
        grads = torch.autograd.grad(lm_loss(model, ids), weights)
        norms.append([g.norm().item() for g in grads])
    return np.array(norms).mean(0)
