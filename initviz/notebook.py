"""The setup call at the top of every notebook: seeds, one thread, print precision, plot style."""

from __future__ import annotations

import random
import warnings

import numpy as np
import torch

from . import style


def setup(seed: int = 0) -> None:
    """Make the notebook reproducible and its printed numbers stable.

    Seeds Python, NumPy and torch with `seed`; runs torch on one thread (the same
    numbers on any machine and under nbval); prints 4 significant decimals; applies
    the course plot style.
    """
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(1)
    np.set_printoptions(precision=4, suppress=True)
    torch.set_printoptions(precision=4, sci_mode=False)
    warnings.filterwarnings("ignore", message=".*Glyph.*missing.*")
    style.apply()
