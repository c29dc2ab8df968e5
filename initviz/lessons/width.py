"""Lesson 08, width: muP (Yang & Hu 2021; Yang et al. 2022, Tensor Programs V) in its simplest form.

A 2-hidden-layer ReLU MLP (64 -> n -> n -> 10, no biases) learns scikit-learn's 8x8 digits
with Adam for a fixed number of steps, for several widths n and learning rates eta.

- standard parametrization ("sp"): every weight N(0, 1/fan_in), one learning rate eta for all;
- muP ("mup"), for Adam: the input layer as in SP; the hidden n x n layer N(0, 1/fan_in) with
  learning rate eta * base / n (proportional to 1/fan_in); the read-out initialized to 0, with
  learning rate eta * base / n. At the base width (the smallest, 16) muP differs from SP only
  in its zero read-out.

Under SP the best eta drifts down as n grows (an Adam step moves each weight by about eta, and
a sum over n inputs turns that into a change of order eta * n); under muP it stays put.

All (learning rate) runs of one width train at once as one batched model (`torch.bmm`), with
Adam written out in a few lines. The sweep takes several CPU-seconds, more than a notebook's
budget: `SWEEP_FILE` caches it (regenerate with `python -m initviz.lessons.width`), and
tests/test_lessons_width.py recomputes it and compares.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch

from .. import _checks
from .convolutions import digits

PARAMETRIZATIONS = ("sp", "mup")
WIDTHS = (16, 64, 256)
LOG2_LRS = tuple(range(-12, -1))  # eta = 2^-12 .. 2^-2
STEPS, BATCH, BASE, SEEDS = 100, 64, 16, (0, 1, 2)
SWEEP_FILE = Path(__file__).with_name("width_sweep.json")


def _adam_step(p: torch.Tensor, g: torch.Tensor, m: torch.Tensor, v: torch.Tensor, lr: torch.Tensor, t: int) -> None:
    """One Adam step (beta1 0.9, beta2 0.999, eps 1e-8) with a learning rate per model (lr: (K, 1, 1))."""
    b1, b2 = 0.9, 0.999
    m.mul_(b1).add_(g, alpha=1 - b1)
    v.mul_(b2).addcmul_(g, g, value=1 - b2)
    p.sub_(lr * (m / (1 - b1**t)) / ((v / (1 - b2**t)).sqrt() + 1e-8))


def train_width(
    width: int,
    parametrization: str,
    log2_lrs: Sequence[float] = LOG2_LRS,
    *,
    steps: int = STEPS,
    batch: int = BATCH,
    base: int = BASE,
    seed: int = 0,
) -> np.ndarray:
    """Final training loss (cross-entropy on all 1,797 digits) for each learning rate 2^log2_lr; NaN if diverged.

    Every learning rate starts from the same weights (drawn from `seed`) and sees the same
    mini-batches of `batch` digits (drawn from `seed + 10_000`).
    """
    width = _checks.integer("width", width, minimum=1)
    _checks.one_of("parametrization", parametrization, PARAMETRIZATIONS)
    steps = _checks.integer("steps", steps, minimum=1)
    x, y = digits()
    x = x.flatten(1)
    k, d_in, d_out = len(log2_lrs), x.shape[1], 10
    g = torch.Generator().manual_seed(seed)
    w1 = (torch.randn(d_in, width, generator=g) / math.sqrt(d_in)).expand(k, -1, -1).clone()
    w2 = (torch.randn(width, width, generator=g) / math.sqrt(width)).expand(k, -1, -1).clone()
    w3 = (torch.randn(width, d_out, generator=g) / math.sqrt(width)).expand(k, -1, -1).clone()
    lr = torch.tensor([2.0**e for e in log2_lrs]).view(k, 1, 1)
    if parametrization == "mup":
        w3.zero_()
        lrs = [lr, lr * (base / width), lr * (base / width)]
    else:
        lrs = [lr, lr, lr]
    params = [w.requires_grad_(True) for w in (w1, w2, w3)]
    moments = [(torch.zeros_like(w), torch.zeros_like(w)) for w in params]

    def losses(xb: torch.Tensor, yb: torch.Tensor) -> torch.Tensor:
        out = torch.relu(torch.relu(xb @ params[0]) @ params[1]) @ params[2]  # (k, batch, 10)
        per = torch.nn.functional.cross_entropy(out.reshape(-1, d_out), yb.repeat(k), reduction="none")
        return per.view(k, -1).mean(1)

    gd = torch.Generator().manual_seed(seed + 10_000)
    for t in range(1, steps + 1):
        idx = torch.randint(0, len(x), (batch,), generator=gd)
        grads = torch.autograd.grad(losses(x[idx], y[idx]).sum(), params)
        with torch.no_grad():
            for p, grad, (m, v), rate in zip(params, grads, moments, lrs):
                _adam_step(p, grad, m, v, rate, t)
    with torch.no_grad():
        final = losses(x, y).numpy().astype(float)
    final[~np.isfinite(final)] = np.nan
    return final


def sweep(
    widths: Sequence[int] = WIDTHS, log2_lrs: Sequence[float] = LOG2_LRS, *, seeds: Sequence[int] = SEEDS, **kwargs
) -> dict:
    """`train_width` for every width and both parametrizations, as the geometric mean of the final loss over `seeds`.

    Returns {"sp": (widths, lrs) array, "mup": ..., "runs": {"sp": (seeds, widths, lrs), "mup": ...},
    "widths", "log2_lrs", "steps", "seeds"}; NaN where a run diverged.
    """
    result: dict = {
        "widths": list(widths),
        "log2_lrs": list(log2_lrs),
        "steps": kwargs.get("steps", STEPS),
        "seeds": list(seeds),
        "runs": {},
    }
    for p in PARAMETRIZATIONS:
        runs = np.array([[train_width(w, p, log2_lrs, seed=s, **kwargs) for w in widths] for s in seeds])
        result["runs"][p] = runs
        result[p] = np.exp(np.log(runs).mean(0))
    return result


def best_log2_lr(result: dict) -> dict[str, list[float]]:
    """For each parametrization, the learning rate (log2) with the lowest final loss, per width."""
    lrs = np.array(result["log2_lrs"])
    return {p: [float(lrs[int(np.nanargmin(row))]) for row in np.asarray(result[p])] for p in PARAMETRIZATIONS}


def _rows(values: np.ndarray) -> list:
    if values.ndim > 1:
        return [_rows(v) for v in values]
    return [None if math.isnan(v) else round(float(v), 6) for v in values]


def _array(rows: list) -> np.ndarray:
    return np.array(rows, dtype=float)  # null -> nan


def save(result: dict, path: Path = SWEEP_FILE) -> None:
    """Write a sweep as JSON (losses rounded to 6 digits, NaN as null)."""
    data = {k: result[k] for k in ("widths", "log2_lrs", "steps", "seeds")}
    for p in PARAMETRIZATIONS:
        data[p] = _rows(np.asarray(result[p]))
    data["runs"] = {p: _rows(np.asarray(result["runs"][p])) for p in PARAMETRIZATIONS}
    path.write_text(json.dumps(data, separators=(",", ":")).replace("],[", "],\n[") + "\n")


def load(path: Path = SWEEP_FILE) -> dict:
    """The cached sweep, as `sweep` returns it (null losses back to NaN)."""
    data = json.loads(Path(path).read_text())
    for p in PARAMETRIZATIONS:
        data[p] = _array(data[p])
    data["runs"] = {p: _array(v) for p, v in data["runs"].items()}
    return data


if __name__ == "__main__":
    torch.set_num_threads(1)
    save(sweep())
    print(f"wrote {SWEEP_FILE.name}: best log2 lr {best_log2_lr(load())}")
