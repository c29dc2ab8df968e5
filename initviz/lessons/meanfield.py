"""Order and chaos in deep tanh nets: the (sigma_w, sigma_b) plane of mean-field theory, and one measured net.

Weights N(0, sigma_w^2 / n), biases N(0, sigma_b^2). Mean-field theory (`initviz.theory`) gives
each point of the plane a forward fixed point q* of the pre-activations' variance and a
backward factor chi = sigma_w^2 E[tanh'(z)^2] at q*: gradients shrink layer after layer where
chi < 1 (the ordered phase), grow where chi > 1 (the chaotic phase), and chi = 1 is the edge
of chaos between them (Poole et al. 2016; Schoenholz et al. 2017).

- `critical_scale(sigma_b)`: the sigma_w on the chi = 1 line;
- `phase_diagram()`: q* and chi over a grid of the plane, and the chi = 1 line;
- `order_chaos(sigma_w, sigma_b, depth)`: where one point's signal and gradient go with depth,
  by mean-field theory and measured in one network (`initviz.recorder`).
"""

from __future__ import annotations

import functools

import numpy as np
import torch
from torch import nn

from .. import _checks, theory
from ..nets import mlp
from ..probe import probe_batch
from ..recorder import record, saturated_fraction

SIGMA_W_RANGE = (0.5, 2.5)
SIGMA_B_RANGE = (0.0, 1.0)
BIAS_SEED_OFFSET = 20_000  # biases are drawn from seed + this: never the weights' or the data's stream
# |chi - 1| below this counts as the edge of chaos: over 50 layers chi^(49/2) stays within a factor 1.3 of 1,
# so a point one slider step from the line (chi = 0.998 at sigma_w = 1.3, sigma_b = 0.2) is not called ordered.
CRITICAL_TOLERANCE = 0.01


def critical_scale(bias_std: float | np.ndarray, *, steps: int = 32) -> np.ndarray:
    """The weight scale sigma_w where chi(q*) = 1 for biases N(0, bias_std^2): the edge of chaos of tanh.

    chi at the fixed point grows with sigma_w, so a bisection over sigma_w in [0.5, 4] finds it
    (broadcasts over an array of `bias_std`). With zero bias it is exactly 1.
    """
    b = np.asarray(bias_std, dtype=float)
    lo, hi = np.full(b.shape, 0.5), np.full(b.shape, 4.0)
    for _ in range(_checks.integer("steps", steps, minimum=1)):
        mid = (lo + hi) / 2
        ordered = theory.chi(theory.fixed_point(mid, b, steps=40), mid) < 1
        lo, hi = np.where(ordered, mid, lo), np.where(ordered, hi, mid)
    return (lo + hi) / 2


# Computed once per process and shared by every explorer and figure: a pure function of two integers.
@functools.cache
def phase_diagram(points_w: int = 61, points_b: int = 31) -> dict:
    """q* and chi on a grid over SIGMA_W_RANGE x SIGMA_B_RANGE, and the chi = 1 line.

    Returns `sigma_w` (points_w,), `sigma_b` (points_b,), `q_star` and `chi` (points_b, points_w),
    and `critical_w` (points_b,): sigma_w on the chi = 1 line for each sigma_b. Arrays are read-only.
    """
    sigma_w = np.linspace(*SIGMA_W_RANGE, _checks.integer("points_w", points_w, minimum=2))
    sigma_b = np.linspace(*SIGMA_B_RANGE, _checks.integer("points_b", points_b, minimum=2))
    w, b = np.meshgrid(sigma_w, sigma_b)
    q_star = theory.fixed_point(w, b, steps=40)
    result = {
        "sigma_w": sigma_w,
        "sigma_b": sigma_b,
        "q_star": q_star,
        "chi": theory.chi(q_star, w),
        "critical_w": critical_scale(sigma_b),
    }
    for a in result.values():
        a.flags.writeable = False
    return result


def order_chaos(
    sigma_w: float, sigma_b: float = 0.0, depth: int = 30, *, width: int = 256, n: int = 64, seed: int = 0
) -> dict:
    """Where the signal and the gradient of a deep tanh net go, by mean-field theory and measured.

    The net: `depth` hidden tanh layers of `width` units, weights N(0, sigma_w^2 / n_in), biases
    N(0, sigma_b^2), the probe batch (`n` inputs N(0, 1), random labels), mean cross-entropy.
    Returns per hidden layer l = 1 .. depth:
    - `forward`, `predicted_forward`: root mean square of z_l, measured and mean-field (sqrt q_l);
    - `backward`, `predicted_backward`: root mean square of d loss / d z_l divided by that of the
      top hidden layer, measured and mean-field (the product of chi(q_k) over layers l .. depth-1);
    and `q_star`, `chi` (at q*), `phase` ("critical" within CRITICAL_TOLERANCE of chi = 1, else "ordered"
    or "chaotic"), the arguments, and
    `saturated` (measured fraction of saturated units in the last layer, `recorder.SATURATION`).
    """
    sigma_w = _checks.finite("sigma_w", sigma_w, minimum=0.0)
    sigma_b = _checks.finite("sigma_b", sigma_b, minimum=0.0)
    depth = _checks.integer("depth", depth, minimum=2)
    width = _checks.integer("width", width, minimum=1)
    n = _checks.integer("n", n, minimum=2)
    seed = _checks.integer("seed", seed, minimum=0)
    return _order_chaos(sigma_w, sigma_b, depth, width, n, seed)


# An explorer revisits the same points while sliders move; each entry is a few kB.
@functools.lru_cache(maxsize=256)
def _order_chaos(sigma_w: float, sigma_b: float, depth: int, width: int, n: int, seed: int) -> dict:
    predicted_forward = theory.forward_std(depth, "tanh", sigma_w, bias_std=sigma_b)
    predicted_backward = theory.backward_std(predicted_forward, "tanh", sigma_w, 1.0)
    q_star = float(theory.fixed_point(sigma_w, sigma_b))
    chi = float(theory.chi(q_star, sigma_w))
    forward, backward, saturated = _measure(sigma_w, sigma_b, depth, width, n, seed)
    result = {
        "sigma_w": sigma_w,
        "sigma_b": sigma_b,
        "depth": depth,
        "width": width,
        "forward": forward,
        "backward": backward,
        "predicted_forward": predicted_forward,
        "predicted_backward": predicted_backward,
        "q_star": q_star,
        "chi": chi,
        "phase": "critical" if abs(chi - 1) < CRITICAL_TOLERANCE else "ordered" if chi < 1 else "chaotic",
        "saturated": saturated,
    }
    for value in result.values():
        if isinstance(value, np.ndarray):
            value.flags.writeable = False
    return result


def _measure(
    sigma_w: float, sigma_b: float, depth: int, width: int, n: int, seed: int
) -> tuple[np.ndarray, np.ndarray, float]:
    model = mlp([width] * (depth + 1) + [2], "tanh", "lecun_normal", scale=sigma_w, seed=seed)
    generator = torch.Generator().manual_seed(seed + BIAS_SEED_OFFSET)
    with torch.no_grad():
        for layer in model:
            if isinstance(layer, nn.Linear):
                layer.bias.normal_(0.0, sigma_b, generator=generator)
    x, y = probe_batch(n, width, seed=seed)
    rec = record(model, x)
    loss = nn.functional.cross_entropy(rec.output, y)
    z = [layer.input for layer in rec.layers]
    grads = torch.autograd.grad(loss, z)

    def rms(t: torch.Tensor) -> float:
        return t.detach().double().square().mean().sqrt().item()

    backward = np.array([rms(g) for g in grads])
    saturated = saturated_fraction(rec.layers[-1].output.detach(), "tanh")
    with np.errstate(all="ignore"):
        return np.array([rms(t) for t in z]), backward / backward[-1], saturated
