"""Lesson 06 (saturation): the flat tails of sigmoid and tanh, measured layer by layer.

- `slope(activation, z)`: sigmoid'(z) or tanh'(z), by autograd;
- `saturation_edges(activation)`: the pre-activations where the flat tails begin, derived from
  `initviz.recorder.SATURATION` (the one definition of "saturated");
- `saturation_by_layer(scale, activation)`: a deep sigmoid or tanh MLP with weights N(0, scale^2 / n),
  read by the recorder: each layer's pre-activations, saturated fraction, mean slope and the
  std of the gradient d loss / d z; `backward_factor` (the gradient's change per layer, measured
  and predicted) and `saturated_overall` (the whole net's saturated fraction);
- `chain_derivative(depth)`: d a_L / d x through a chain of scalar sigmoid units (weights 1, biases 0);
- `input_statistics(activation)`: what a layer's mean output does to the next layer's gradients
  (per-sample sign pattern, the spike in the inputs' second-moment matrix);
- `top_layer_training(activation)`: Glorot & Bengio's (2010) observation in small: trained from the
  "standard" init, a sigmoid net's top hidden layer is driven to 0, where the sigmoid is flat;
- `initial_loss(classes, last_scale)`: the loss at initialization against ln C;
- `ShiftedSigmoid`: sigmoid(z) - 1/2, the sigmoid moved to mean 0.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import torch
from torch import nn

from .. import _checks, data
from ..nets import linear_layers, mlp
from ..probe import probe_batch
from ..recorder import SATURATION, is_activation, record, saturated_fraction

SATURATING = ("tanh", "sigmoid")
SCALES = (0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0)
DEPTH, WIDTH = 6, 128


class ShiftedSigmoid(nn.Module):
    """sigmoid(z) - 1/2: the same slope as the sigmoid everywhere, mean output 0 for symmetric z."""

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(z) - 0.5


def _saturating(name: str) -> str:
    return _checks.one_of("activation", name, SATURATING)


def _phi(name: str):
    return torch.tanh if name == "tanh" else torch.sigmoid


def slope(activation: str, z: torch.Tensor | np.ndarray) -> np.ndarray:
    """The derivative of `activation` (tanh or sigmoid) at every z, computed by autograd."""
    name = _saturating(activation)
    t = torch.as_tensor(np.asarray(z, dtype=np.float64)).requires_grad_(True)
    (grad,) = torch.autograd.grad(_phi(name)(t).sum(), t)
    return grad.numpy()


def saturation_edges(activation: str) -> tuple[float, float]:
    """(z_low, z_high): a unit is saturated where its pre-activation z lies outside this interval.

    The inverse of the activation at the thresholds `SATURATION[activation]` (which are on h):
    atanh for tanh, the logit log(h / (1 - h)) for the sigmoid.
    """
    low, high = SATURATION[_saturating(activation)]
    if activation == "tanh":
        return math.atanh(low), math.atanh(high)
    return math.log(low / (1 - low)), math.log(high / (1 - high))


def saturated(activation: str, a: torch.Tensor) -> torch.Tensor:
    """True where an activation value lies in a flat tail (the thresholds of `initviz.layer_stats`)."""
    low, high = SATURATION[_saturating(activation)]
    return (a < low) | (a > high)


def _slope_of_output(name: str, h: torch.Tensor) -> torch.Tensor:
    """phi'(z) written with h = phi(z): 1 - h^2 for tanh, h (1 - h) for the sigmoid."""
    return 1 - h**2 if name == "tanh" else h * (1 - h)


# Cached: the explorer asks for the same (scale, activation) again whenever the layer slider moves;
# 18 entries (every scale and activation of the explorer) of about 1.6 MB each.
@functools.lru_cache(maxsize=18)
def saturation_by_layer(
    scale: float, activation: str = "tanh", *, depth: int = DEPTH, width: int = WIDTH, n: int = 512, seed: int = 0
) -> dict:
    """A `depth`-layer `activation` MLP, weights N(0, scale^2 / n_in) (`lecun_normal` times `scale`), biases 0.

    Inputs and labels: `probe_batch(n, width, seed=seed)`. Returns per hidden layer (read-only
    numpy arrays): `pre` (its pre-activations z, flat), `saturated` (the fraction of activations in
    a flat tail), `always_saturated` (the fraction of units in a flat tail on every sample),
    `mean_slope` (the mean of phi'(z)), `mean_sq_slope` (the mean of phi'(z)^2), `middle_share` (the
    share of that mean square contributed by activations outside the flat tails) and `grad_std`
    (the std of d loss / d z, the gradient that flows back through the layer).
    """
    scale = _checks.finite("scale", scale, above=0.0)
    name = _saturating(activation)
    depth = _checks.integer("depth", depth, minimum=1)
    width = _checks.integer("width", width, minimum=1)
    n = _checks.integer("n", n, minimum=2)
    model = mlp([width] * (depth + 1) + [2], name, "lecun_normal", scale=scale, seed=seed)
    x, y = probe_batch(n, width, seed=seed)
    rec = record(model, x)
    grads = rec.gradients(nn.functional.cross_entropy(rec.output, y))
    with torch.no_grad():
        slopes = [_slope_of_output(name, layer.output) for layer in rec.layers]
        flat = [saturated(name, layer.output) for layer in rec.layers]  # (samples, units) each
        pre = [layer.input.detach().numpy().ravel() for layer in rec.layers]
        result = {
            "saturated": np.array([saturated_fraction(layer.output, name) for layer in rec.layers]),
            "always_saturated": np.array([f.all(0).float().mean().item() for f in flat]),
            "mean_slope": np.array([d.mean().item() for d in slopes]),
            "mean_sq_slope": np.array([(d**2).mean().item() for d in slopes]),
            "middle_share": np.array([((d**2) * ~f).sum().item() / (d**2).sum().item() for d, f in zip(slopes, flat)]),
            "grad_std": np.array([g.std().item() for g in grads if g is not None]),
        }
    for a in (*pre, *result.values()):
        a.setflags(write=False)  # shared by every caller of the cache
    return {"scale": scale, "activation": name, "pre": pre, **result}


def backward_factor(result: dict) -> tuple[float, float]:
    """(measured, predicted) factor by which the gradient's std changes per layer, top hidden layer -> layer 1.

    Measured: (grad_std[0] / grad_std[-1]) ** (1 / (depth - 1)) of a `saturation_by_layer` result.
    Predicted (mean field): each layer multiplies the gradient's mean square by
    chi = s^2 E[phi'(z)^2]; the geometric mean of sqrt(chi) over layers 1 .. depth - 1.
    """
    g, s = result["grad_std"], result["scale"]
    if len(g) < 2:
        raise ValueError("backward_factor needs a result with at least 2 hidden layers")
    measured = float((g[0] / g[-1]) ** (1 / (len(g) - 1)))
    predicted = float(np.exp(np.mean(np.log(s * np.sqrt(result["mean_sq_slope"][:-1])))))
    return measured, predicted


def saturated_overall(scale: float, activation: str = "tanh") -> float:
    """The fraction of all hidden activations of the explorer's net (`saturation_by_layer`) in a flat tail."""
    return float(saturation_by_layer(scale, activation)["saturated"].mean())


def chain_derivative(depth: int, x: float = 0.0) -> np.ndarray:
    """d a_L / d x for L = 1..depth through a_l = sigmoid(a_{l-1}), a_0 = x (weights 1, biases 0), by autograd."""
    depth = _checks.integer("depth", depth, minimum=1)
    x = _checks.finite("x", x)
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    a, out = t, []
    for _ in range(depth):
        a = torch.sigmoid(a)
        out.append(torch.autograd.grad(a, t, retain_graph=True)[0].item())
    return np.array(out)


def _is_hidden_activation(module: nn.Module) -> bool:
    return is_activation(module) or isinstance(module, ShiftedSigmoid)


def input_statistics(activation: str = "sigmoid", *, width: int = WIDTH, n: int = 512, seed: int = 0) -> dict:
    """What layer 1's outputs a (mean and spread) do to layer 2's weight gradients, in a 2-hidden-layer net.

    `activation` is 'sigmoid', 'tanh' or 'shifted_sigmoid'; weights N(0, 1/n_in), inputs and labels
    `probe_batch(n, width, seed=seed)`. Returns `mean` (of a), `same_sign_rows` (per sample, the
    fraction of rows of d loss / d W2 = delta a^T whose entries all share one sign), `top_eigenvalue`
    of E[a a^T] (the curvature that W2's gradient descent sees; about width * mean^2 when the mean
    dominates) and `spike`: that eigenvalue over the second largest.
    """
    _checks.one_of("activation", activation, ("sigmoid", "tanh", "shifted_sigmoid"))
    width = _checks.integer("width", width, minimum=2)
    n = _checks.integer("n", n, minimum=2)
    model = mlp([width, width, width, 2], "tanh" if activation == "tanh" else "sigmoid", "lecun_normal", seed=seed)
    if activation == "shifted_sigmoid":
        model = nn.Sequential(*[ShiftedSigmoid() if isinstance(m, nn.Sigmoid) else m for m in model])
    x, y = probe_batch(n, width, seed=seed)
    rec = record(model, x, _is_hidden_activation)
    a = rec.layers[0].output  # layer 1's activations: the inputs of layer 2
    delta = rec.gradients(nn.functional.cross_entropy(rec.output, y, reduction="sum"))[1]  # d loss / d z2
    assert delta is not None  # z2 is in the graph of the loss
    with torch.no_grad():
        per_sample = delta[:, :, None] * a[:, None, :]  # (n, width, width): delta_i a_j per sample
        same = ((per_sample >= 0).all(-1) | (per_sample <= 0).all(-1)).float().mean().item()
        eig = torch.linalg.eigvalsh((a.T @ a / n).double())
    return {
        "activation": activation,
        "mean": a.mean().item(),
        "same_sign_rows": same,
        "spike": (eig[-1] / eig[-2]).item(),
        "top_eigenvalue": eig[-1].item(),
    }


def teacher_data(
    n: int = 2000, features: int = 32, classes: int = 10, *, seed: int = 0
) -> tuple[torch.Tensor, torch.Tensor]:
    """Inputs x ~ N(0, 1) labelled by a random linear teacher, y = argmax(x T): a task a net can learn.

    x and the teacher T come from one generator seeded with `seed + 20_000` (never a weight stream).
    """
    n = _checks.integer("n", n, minimum=1)
    features = _checks.integer("features", features, minimum=1)
    classes = _checks.integer("classes", classes, minimum=2)
    g = torch.Generator().manual_seed(_checks.integer("seed", seed, minimum=0) + 20_000)
    x = torch.randn(n, features, generator=g)
    teacher = torch.randn(features, classes, generator=g)
    return x, (x @ teacher).argmax(1)


def top_layer_training(
    activation: str = "sigmoid",
    *,
    steps: int = 1000,
    lr: float = 0.5,
    batch: int = 32,
    width: int = 128,
    depth: int = 4,
    every: int = 50,
    seed: int = 0,
) -> dict:
    """Glorot & Bengio's (2010, section 3.1) experiment, small: train from the "standard" init and watch each layer.

    A `depth`-layer `activation` MLP ([32, width, ..., 10]) with `nn.Linear`'s default weights
    U[-1/sqrt(n_in), 1/sqrt(n_in)] and zero biases (the paper's "standard" init) learns `teacher_data`
    by plain mini-batch SGD (`batch` samples drawn with replacement per step). Every `every` steps it
    records, on the whole data set: `mean` (step, layer), each hidden layer's mean activation;
    `slope` (step, layer), the mean of phi'(z); and `loss`. Also returns `step` and `prior_loss`,
    the cross-entropy of predicting every class with its frequency in the data (what output biases
    alone can reach).
    """
    name = _checks.one_of("activation", activation, ("sigmoid", "tanh"))
    steps = _checks.integer("steps", steps, minimum=0)
    lr = _checks.finite("lr", lr, above=0.0)
    batch = _checks.integer("batch", batch, minimum=1)
    every = _checks.integer("every", every, minimum=1)
    x, y = teacher_data(seed=seed)
    model = mlp([x.shape[1]] + [width] * depth + [10], name, "pytorch_default", bias=0.0, seed=seed)
    params = list(model.parameters())
    g = torch.Generator().manual_seed(seed + 30_000)
    frequency = torch.bincount(y, minlength=10).double() / len(y)
    prior = float(-(frequency[frequency > 0] * frequency[frequency > 0].log()).sum())
    record_at, means, slopes, losses = [], [], [], []
    for k in range(steps + 1):
        if k % every == 0 or k == steps:
            with torch.no_grad():
                rec = record(model, x)
                outputs = [layer.output for layer in rec.layers]
                record_at.append(k)
                means.append([h.mean().item() for h in outputs])
                slopes.append([_slope_of_output(name, h).mean().item() for h in outputs])
                losses.append(nn.functional.cross_entropy(rec.output, y).item())
        if k == steps:
            break
        rows = torch.randint(0, len(x), (batch,), generator=g)
        loss = nn.functional.cross_entropy(model(x[rows]), y[rows])
        grads = torch.autograd.grad(loss, params)
        with torch.no_grad():
            for p, d in zip(params, grads):
                p.sub_(lr * d)
    return {
        "activation": name,
        "step": np.array(record_at),
        "mean": np.array(means),
        "slope": np.array(slopes),
        "loss": np.array(losses),
        "prior_loss": prior,
    }


def initial_loss(classes: int, last_scale: float, *, width: int = 64, n: int = 600, seed: int = 0) -> float:
    """Cross-entropy at initialization of a He-init ReLU MLP [2, width, width, classes] on `data.blobs`,
    with the last layer's weights multiplied by `last_scale` (data seed `seed + 1`)."""
    classes = _checks.integer("classes", classes, minimum=2)
    last_scale = _checks.finite("last_scale", last_scale, minimum=0.0)
    x, y = data.blobs(n=n, seed=seed + 1, classes=classes)
    model = mlp([2, width, width, classes], "relu", "he_normal", seed=seed)
    with torch.no_grad():
        linear_layers(model)[-1].weight.mul_(last_scale)
        return nn.functional.cross_entropy(model(x), y).item()
