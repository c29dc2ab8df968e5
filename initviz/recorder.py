"""One way to watch a network: forward hooks that record each layer's input, output and gradient.

`record(model, x)` runs `model(x)` with forward hooks on the modules that `select`
picks (by default every activation module: `nn.ReLU`, `nn.Tanh`, `nn.GELU`, ...)
and returns a `Recording`: per recorded module, its input z (the pre-activation)
and output h (the activation), kept in the autograd graph so that
`Recording.gradients(loss)` gives d loss / d z without touching any `.grad`.
It works on any module tree (not only `nn.Sequential`), and it is what
`layer_stats`, `diagnose` and the lessons build on; `select=is_layer` also records
every module with parameters of its own (Linear, Conv, Embedding, norms, attention).

`summarize` turns one recorded module into a `LayerRecord`, the one record type of
the package (`LayerStats` is its name in the public API).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

import torch
from torch import nn

# Activation modules and the name initviz gives each. A subclass counts as its base.
ACTIVATION_MODULES: dict[type[nn.Module], str] = {
    nn.ReLU: "relu",
    nn.LeakyReLU: "leaky_relu",
    nn.PReLU: "prelu",
    nn.ReLU6: "relu6",
    nn.ELU: "elu",
    nn.SELU: "selu",
    nn.CELU: "celu",
    nn.GELU: "gelu",
    nn.SiLU: "silu",
    nn.Mish: "mish",
    nn.Softplus: "softplus",
    nn.Tanh: "tanh",
    nn.Sigmoid: "sigmoid",
    nn.Hardtanh: "hardtanh",
    nn.Hardswish: "hardswish",
    nn.Identity: "linear",
}

#: Where an activation counts as saturated (its slope nearly 0): outside (low, high).
SATURATION: dict[str, tuple[float, float]] = {"tanh": (-0.97, 0.97), "sigmoid": (0.03, 0.97)}

#: Modules after which channels sit on dimension 1 (N, C, ...): convolutions and their norms.
_CHANNELS_FIRST = (
    nn.modules.conv._ConvNd,
    nn.modules.batchnorm._BatchNorm,
    nn.modules.instancenorm._InstanceNorm,
    nn.GroupNorm,
)


def activation_name(module: nn.Module) -> str | None:
    """The name initviz gives an activation module (`nn.Tanh()` -> "tanh"), or None if it is not one."""
    for kind, name in ACTIVATION_MODULES.items():
        if isinstance(module, kind):
            return name
    return None


def is_activation(module: nn.Module) -> bool:
    """Whether `module` is one of the activation modules initviz knows."""
    return activation_name(module) is not None


def has_parameters(module: nn.Module) -> bool:
    """Whether `module` holds parameters of its own (Linear, Conv, Embedding, norms, MultiheadAttention ...)."""
    return next(module.parameters(recurse=False), None) is not None


def is_layer(module: nn.Module) -> bool:
    """Whether `module` has parameters of its own or is an activation module: what `diagnose` records."""
    return has_parameters(module) or is_activation(module)


@dataclass
class Recorded:
    """What one hooked module saw in one forward pass."""

    index: int  # 0, 1, ... in the order the forward pass called the hooked modules
    path: str  # the module's qualified name in the model ("" for the model itself)
    module: nn.Module
    input: torch.Tensor  # z: the pre-activation, still in the autograd graph
    output: torch.Tensor  # h
    unit_dim: int  # the dimension that indexes units (features or channels)


@dataclass
class Recording:
    """The modules a forward pass called, in order, and the model's output."""

    layers: list[Recorded] = field(default_factory=list)
    output: Any = None

    def gradients(self, loss: torch.Tensor) -> list[torch.Tensor | None]:
        """d loss / d z for each recorded module's input (None where z does not reach the loss)."""
        inputs = [r.input for r in self.layers]
        wanted = [z for z in inputs if z.requires_grad]
        if not wanted:
            return [None] * len(inputs)
        found = iter(torch.autograd.grad(loss, wanted, allow_unused=True, retain_graph=True))
        return [next(found) if z.requires_grad else None for z in inputs]


def _unit_dim(tensor: torch.Tensor, channels_first: bool) -> int:
    """Units are the features of (N, F), the channels of conv outputs, the last dim of (N, T, D)."""
    if tensor.dim() <= 2:
        return tensor.dim() - 1
    return 1 if channels_first else tensor.dim() - 1


@contextmanager
def recording(model: nn.Module, select: Callable[[nn.Module], bool] = is_activation) -> Iterator[Recording]:
    """Hooks on every module of `model` that `select` picks, for the forward passes inside the block.

    A module called twice in a pass is recorded twice; a module that returns a tuple
    (`nn.MultiheadAttention`) is recorded with its first element. The hooks are removed on leaving
    the block, even after an error. For in-place modules (`nn.ReLU(inplace=True)`) the
    recorded input is a copy taken before the module ran, outside the autograd graph.
    """
    rec = Recording()
    names = {m: name for name, m in model.named_modules()}
    state = {"channels_first": False}
    pending: dict[int, torch.Tensor] = {}

    def track_layout(module: nn.Module, _inputs: Any, _output: Any) -> None:
        if isinstance(module, (nn.Linear, nn.Embedding, nn.LayerNorm, nn.MultiheadAttention)):
            state["channels_first"] = False
        elif isinstance(module, _CHANNELS_FIRST):
            state["channels_first"] = True

    def before(module: nn.Module, inputs: tuple) -> None:
        if getattr(module, "inplace", False) and inputs and isinstance(inputs[0], torch.Tensor):
            pending[id(module)] = inputs[0].detach().clone()

    def after(module: nn.Module, inputs: tuple, output: Any) -> None:
        if isinstance(output, (tuple, list)) and output:  # nn.MultiheadAttention: (output, attention weights)
            output = output[0]
        if not inputs or not isinstance(inputs[0], torch.Tensor) or not isinstance(output, torch.Tensor):
            return
        z = pending.pop(id(module), inputs[0])
        rec.layers.append(
            Recorded(
                index=len(rec.layers),
                path=names.get(module, ""),
                module=module,
                input=z,
                output=output,
                unit_dim=_unit_dim(output, state["channels_first"]),
            )
        )

    handles = []
    for module in model.modules():
        if not list(module.children()):
            handles.append(module.register_forward_hook(track_layout))
        if select(module):
            handles.append(module.register_forward_pre_hook(before))
            handles.append(module.register_forward_hook(after))
    try:
        yield rec
    finally:
        for handle in handles:
            handle.remove()


def record(model: nn.Module, x: Any, select: Callable[[nn.Module], bool] = is_activation) -> Recording:
    """Run `model(x)` once with gradients on, recording every module `select` picks (see `recording`)."""
    with torch.enable_grad(), recording(model, select) as rec:
        rec.output = model(x)
    return rec


@dataclass(frozen=True)
class LayerRecord:
    """Statistics of one hidden layer, i.e. of one activation module and the z that enters it.

    - `pre_std`: std of the pre-activations z over every entry;
    - `act_mean`, `act_std`: mean and std of the activations h;
    - `dead_fraction`: fraction of units whose output is exactly 0 for every sample (and position);
    - `saturated_fraction`: fraction of activations in a flat tail (see `SATURATION`); 0 for the others;
    - `grad_std`: std of d loss / d z (None when no loss was given);
    - `signal`: the part of h that depends on the input (see `input_dependent_std`).
    """

    layer: int
    width: int
    pre_std: float
    act_mean: float
    act_std: float
    dead_fraction: float
    saturated_fraction: float
    grad_std: float | None = None
    activation: str = ""
    path: str = ""
    signal: float | None = None

    def as_dict(self) -> dict:
        """The record as a plain dict."""
        return asdict(self)


def dead_units(h: torch.Tensor, unit_dim: int) -> torch.Tensor:
    """Boolean per unit: True where the unit outputs exactly 0 for every sample (and position)."""
    other = [d for d in range(h.dim()) if d != unit_dim]
    return (h == 0).all(dim=other[0]) if len(other) == 1 else (h == 0).permute(unit_dim, *other).flatten(1).all(1)


def input_dependent_std(h: torch.Tensor) -> float:
    """The std over samples (dim 0) of each unit and position, RMS over them: what the input moves.

    A constant offset (a bias) adds nothing to it, unlike `h.std()`; for conv outputs
    (N, C, H, W) and sequences (N, T, D) every channel or feature at every position is a unit.
    """
    h = h.detach()
    if h.shape[0] < 2:
        return float("nan")
    return h.var(0).mean().sqrt().item()


def saturated_fraction(h: torch.Tensor, activation: str) -> float:
    """Fraction of the activations `h` of a tanh or sigmoid in a flat tail; 0.0 for other activations."""
    if activation not in SATURATION:
        return 0.0
    low, high = SATURATION[activation]
    return ((h < low) | (h > high)).float().mean().item()


def summarize(layer: Recorded, grad: torch.Tensor | None = None, *, with_grad: bool = False) -> LayerRecord:
    """The `LayerRecord` of one recorded module (`grad`: d loss / d z, if a loss was given)."""
    z, h = layer.input.detach(), layer.output.detach()
    name = activation_name(layer.module) or type(layer.module).__name__.lower()
    return LayerRecord(
        layer=layer.index + 1,
        width=h.shape[layer.unit_dim],
        pre_std=z.std().item(),
        act_mean=h.mean().item(),
        act_std=h.std().item(),
        dead_fraction=dead_units(h, layer.unit_dim).float().mean().item(),
        saturated_fraction=saturated_fraction(h, name),
        grad_std=(0.0 if grad is None else grad.std().item()) if with_grad else None,
        activation=name,
        path=layer.path,
        signal=input_dependent_std(h),
    )
