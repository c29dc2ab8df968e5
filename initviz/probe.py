"""The probe batch: random inputs and labels to push through a network at initialization."""

from __future__ import annotations

import torch

from . import _checks

#: Probe data is drawn from `seed + DATA_SEED_OFFSET`: never the weights' stream, so x never equals a row of W.
DATA_SEED_OFFSET = 10_000


def probe_batch(n: int, features: int, *, classes: int = 2, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """`n` inputs x ~ N(0, 1) of `features` dimensions and labels uniform in 0 .. classes-1 (float32, int64).

    Both come, in that order, from one generator seeded with `seed + DATA_SEED_OFFSET`.
    """
    n = _checks.integer("n", n, minimum=1)
    features = _checks.integer("features", features, minimum=1)
    classes = _checks.integer("classes", classes, minimum=1)
    seed = _checks.integer("seed", seed, minimum=0)
    generator = torch.Generator().manual_seed(seed + DATA_SEED_OFFSET)
    x = torch.randn(n, features, generator=generator)
    y = torch.randint(0, classes, (n,), generator=generator)
    return x, y
