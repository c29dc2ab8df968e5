"""Lesson 08, convolutions: fan-in and fan-out of a kernel, PyTorch's default, deep plain CNNs, fan_out mode.

A `Conv2d(C_in, C_out, k)` output is a sum over C_in k^2 inputs (every input channel times
every kernel position), so its fan-in is C_in k^2; each input feeds C_out k^2 outputs, its
fan-out. Everything of 03 and 04 then holds with these fans.

Compute:
- `digits()`: scikit-learn's 8x8 digits (1,797 images shipped inside the package, no download),
  standardized, as (N, 1, 8, 8) float32 images and int64 labels;
- `plain_cnn(depth, ...)`: `depth` 3x3 convolutions with ReLU, then a linear read-out, with
  PyTorch's default init or He (fan_in or fan_out mode);
- `signal(model, x, y)`: per layer the std of the pre-activations z, of each channel, and of
  d loss / d z, from one forward and one backward pass (`initviz.recorder`);
- `pyramid(mode, ...)`: a stack whose channels double, as in a ResNet, to see what
  `kaiming_normal_(mode="fan_out")` changes when C_in != C_out.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from typing import Literal, cast

import numpy as np
import torch
from sklearn.datasets import load_digits  # the 8x8 digits ship inside scikit-learn: nothing is downloaded
from torch import nn

from .. import _checks
from ..recorder import record

INITS = ("default", "he", "he_fan_out")


@functools.cache  # the data set is read once per process; callers get it read-only (clone to change it)
def _digits() -> tuple[torch.Tensor, torch.Tensor]:
    data = load_digits()
    x = torch.tensor(data.images, dtype=torch.float32)[:, None]  # (1797, 1, 8, 8), values 0..16
    x = (x - x.mean()) / x.std()
    return x, torch.tensor(data.target, dtype=torch.int64)


def digits() -> tuple[torch.Tensor, torch.Tensor]:
    """The 1,797 8x8 digit images of scikit-learn (`load_digits`), standardized to mean 0, std 1 overall.

    Returns x (1797, 1, 8, 8) float32 and y (1797,) int64 in 0..9, in the data set's order.
    """
    x, y = _digits()
    return x.clone(), y.clone()


def init_conv(conv: nn.Conv2d, init: str, generator: torch.Generator | None = None) -> None:
    """Re-initialize a convolution: "default" (PyTorch's own), "he" (kaiming_normal_, fan_in) or "he_fan_out".

    Biases are set to 0 for "he" and "he_fan_out"; "default" leaves PyTorch's init as it is.
    """
    _checks.one_of("init", init, INITS)
    if init == "default":
        return
    mode: Literal["fan_in", "fan_out"] = "fan_in" if init == "he" else "fan_out"
    nn.init.kaiming_normal_(conv.weight, mode=mode, nonlinearity="relu", generator=generator)
    if conv.bias is not None:
        nn.init.zeros_(conv.bias)


def plain_cnn(
    depth: int,
    channels: int = 16,
    init: str = "he",
    *,
    padding_mode: str = "circular",
    size: int = 8,
    classes: int = 10,
    seed: int = 0,
) -> nn.Sequential:
    """`depth` layers of Conv2d(3x3, padding 1) + ReLU on 1-channel `size` x `size` images, then a linear read-out.

    No pooling, no normalization, no skip: a plain CNN. With `padding_mode="circular"` every pixel
    has a full 3x3 neighbourhood (as in the interior of a large image); "zeros" is PyTorch's default.
    The weights are drawn from `seed` (PyTorch's default init through the global generator, forked).
    """
    depth = _checks.integer("depth", depth, minimum=1)
    channels = _checks.integer("channels", channels, minimum=1)
    _checks.one_of("init", init, INITS)
    padding = cast(
        Literal["zeros", "reflect", "replicate", "circular"],
        _checks.one_of("padding_mode", padding_mode, ("zeros", "circular", "reflect", "replicate")),
    )
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        layers: list[nn.Module] = []
        for i in range(depth):
            conv = nn.Conv2d(1 if i == 0 else channels, channels, 3, padding=1, padding_mode=padding)
            init_conv(conv, init)
            layers += [conv, nn.ReLU()]
        layers += [nn.Flatten(), nn.Linear(channels * size * size, classes)]
        return nn.Sequential(*layers)


def signal(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> dict:
    """One forward and one backward pass (cross-entropy) through `model`, recorded at every activation module.

    Returns arrays over layers: `forward`, the signal of z: the std of each channel over samples
    and positions (what changes with the image; a bias adds a constant per channel, which this
    leaves out), as an RMS over channels; `channels`, that std per channel (a list, one array per
    layer); `backward`, the std of d loss / d z over all its entries. The model's parameters are
    not changed and no `.grad` is written. `total` is the RMS of z over all its entries (offsets included).
    """
    rec = record(model, x)
    loss = nn.functional.cross_entropy(rec.output, y)
    grads = rec.gradients(loss)
    per_channel = [r.input.detach().transpose(0, 1).flatten(1).std(1).numpy() for r in rec.layers]
    forward = np.array([math.sqrt(float(np.mean(c**2))) for c in per_channel])
    total = np.array([r.input.detach().pow(2).mean().sqrt().item() for r in rec.layers])
    backward = np.array([math.nan if g is None else g.std().item() for g in grads])
    return {"forward": forward, "total": total, "backward": backward, "channels": per_channel, "loss": loss.item()}


def pyramid(
    mode: str,
    channels: Sequence[int] = (1, 8, 16, 32, 64),
    *,
    batchnorm: bool = False,
    size: int = 8,
    seed: int = 0,
) -> nn.Sequential:
    """Conv2d(3x3) + [BatchNorm2d] + ReLU layers whose channels go `channels[0] -> channels[1] -> ...`, then a read-out.

    Every convolution is `kaiming_normal_(mode=mode, nonlinearity="relu")` with bias 0 (mode "fan_in"
    or "fan_out"), drawn from `seed`: with the same seed the two modes give weights that differ by
    one factor per layer, sqrt(C_in / C_out) (fan_out over fan_in).
    """
    fan = cast(Literal["fan_in", "fan_out"], _checks.one_of("mode", mode, ("fan_in", "fan_out")))
    if len(channels) < 2:
        raise ValueError(f"channels={tuple(channels)!r} must name at least 2 channel counts (input and one layer)")
    for c in channels:
        _checks.integer("channels", c, minimum=1)
    g = torch.Generator().manual_seed(seed)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        layers: list[nn.Module] = []
        for c_in, c_out in zip(channels[:-1], channels[1:]):
            conv = nn.Conv2d(c_in, c_out, 3, padding=1, padding_mode="circular")
            nn.init.kaiming_normal_(conv.weight, mode=fan, nonlinearity="relu", generator=g)
            nn.init.zeros_(conv.bias)  # type: ignore[arg-type]
            layers += [conv, nn.BatchNorm2d(c_out), nn.ReLU()] if batchnorm else [conv, nn.ReLU()]
        layers += [nn.Flatten(), nn.Linear(channels[-1] * size * size, 10)]
        return nn.Sequential(*layers)
