"""The setup call at the top of every notebook: seeds, one thread, print precision, plot style."""

from __future__ import annotations

import random
import warnings

import numpy as np
import torch

from . import style
from .i18n import LANGUAGES, set_language
from .i18n.fonts import CJK_FONTS, NO_FONT_NOTE


def setup(seed: int = 0, lang: str = "en") -> None:
    """Make the notebook reproducible and its printed numbers stable, in language `lang`.

    Seeds Python, NumPy and torch with `seed`; runs torch on one thread (the same
    numbers on any machine and under nbval); prints 4 significant decimals; applies
    the course plot style. `lang="zh"` switches what initviz prints and draws to
    Chinese (the Chinese edition's notebooks); with no CJK font installed, figures
    stay English and one note says so.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"lang={lang!r} is not a course language; choose one of {', '.join(LANGUAGES)}")
    took = set_language(lang)
    if took.figures != lang:
        print(NO_FONT_NOTE.format(fonts="、".join(CJK_FONTS[:3])))
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(1)
    np.set_printoptions(precision=4, suppress=True)
    torch.set_printoptions(precision=4, sci_mode=False)
    if lang == "en":  # in Chinese a missing glyph must show (stderr), so the tests see a figure with boxes
        warnings.filterwarnings("ignore", message=".*Glyph.*missing.*")
    style.apply()
