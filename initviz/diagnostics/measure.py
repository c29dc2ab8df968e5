"""One forward and one backward pass on a copy of the model: every number the checks look at.

The layers are found with forward hooks (`initviz.recorder`, `select=is_layer`): every module
with parameters of its own (Linear, Conv, Embedding, attention, norms) and every activation
module, in the order the forward pass calls them. The *weight layers* are the ones with
parameters that are not norms; hidden layer k sits between weight layers k and k + 1:
its pre-activation z is the output of weight layer k, its activation h the input of
weight layer k + 1 (whatever the forward pass did in between: an activation module, a
function such as F.relu, a norm, a residual sum, pooling). Tensors are taken to be batch
first, samples on dimension 0 (`batch_first=True` for attention and recurrent layers).
"""

from __future__ import annotations

import copy
import dataclasses
import math
from dataclasses import dataclass, field

import torch
from torch import nn

from ..recorder import LayerRecord, Recorded, activation_name, has_parameters, is_activation, is_layer, record
from ..recorder import summarize as summarize_layer
from .arguments import IGNORE_INDEX, Arguments, check_classes
from .step import Update, take_step
from .table import SETTINGS

NORMS = (
    nn.modules.batchnorm._BatchNorm,
    nn.modules.instancenorm._InstanceNorm,
    nn.LayerNorm,
    nn.GroupNorm,
    nn.RMSNorm,
)
UNSEEN = "?"  # the activation of a hidden layer where no activation module was called


@dataclass(frozen=True)
class WeightLayer:
    """A module with weights of its own that is not a norm (Linear, Conv, Embedding, attention ...)."""

    number: int  # 1, 2, ... in call order
    path: str  # its name in the model
    kind: str  # its class name
    gain: float  # RMS of its weights times sqrt(fan_in): 1 for LeCun, sqrt(2) for He, 0 for zeros
    all_zero: bool  # every weight exactly 0 (biases aside)
    params: tuple[str, ...]  # the names of its weight tensors in model.named_parameters()


@dataclass(frozen=True)
class LossLevel:
    """The initial loss and what to compare it with.

    Cross-entropy: `reference` is the chance level, the entropy of the label frequencies
    (ln C when y has too few labels per class to estimate them); `spread` the std of the
    logits over the classes. Regression (y float, shaped like the output): `reference` is
    the loss of always predicting the mean of y; `spread` the std of the outputs.
    """

    kind: str  # "cross-entropy", "regression" or "other"
    loss: float
    reference: float | None = None
    n_classes: int | None = None
    uniform: float | None = None  # ln C: the loss of equal probabilities for every class
    priors_used: bool = False
    spread: float | None = None
    target_std: float | None = None


@dataclass
class Measurement:
    """What one forward and backward pass (and one optimizer step) showed."""

    n_samples: int
    n_used: int
    layers: list[LayerRecord]
    identical: list[bool]  # per hidden layer: every unit computes the same output
    below: list[int]  # per hidden layer: the index in `weights` of the weight layer whose output is its z
    weights: list[WeightLayer]
    level: LossLevel
    random_backward: bool  # the output layer is all zero: the gradients were sent back from below it
    pooled_head: bool = False  # the output layer's input has fewer numbers per sample than the layer below gave
    norms: list[str] = field(default_factory=list)  # class names of the norm layers met
    update: Update | None = None

    @property
    def output_layer(self) -> WeightLayer:
        """The last weight layer the forward pass called."""
        return self.weights[-1]

    @property
    def adaptive(self) -> bool:
        """Whether the step was taken by an adaptive optimizer (Adam and kin: each gradient over its own size)."""
        return self.update is not None and self.update.adaptive

    @property
    def has_batchnorm(self) -> bool:
        """Whether a BatchNorm layer sits in the network."""
        return any(kind.startswith("BatchNorm") for kind in self.norms)


def subsample(args: Arguments) -> tuple[torch.Tensor, torch.Tensor]:
    """At most SETTINGS["max samples"] samples of x and y, drawn from `seed` (all of them if fewer)."""
    n = args.x.shape[0]
    if n <= SETTINGS["max samples"]:
        return args.x, args.y
    generator = torch.Generator().manual_seed(args.seed + SETTINGS["sample seed offset"])
    idx = torch.randperm(n, generator=generator)[: SETTINGS["max samples"]].sort().values
    return args.x[idx], args.y[idx]


def measure(args: Arguments) -> Measurement:
    """Run the copy of `args.model` once forward and backward, and take one optimizer step on it."""
    x, y = subsample(args)
    model = copy.deepcopy(args.model).train()
    for module in model.modules():
        if getattr(module, "inplace", False):
            module.inplace = False  # type: ignore[assignment]  # keeps each layer's output intact for its hook
    names = {id(p): name for name, p in model.named_parameters()}
    with torch.random.fork_rng(devices=[]), torch.enable_grad():
        torch.manual_seed(args.seed)
        try:
            rec = record(model, x, select=is_layer)
        except (RuntimeError, ValueError, TypeError, IndexError) as error:
            raise ValueError(f"model(x) failed for x of shape {tuple(x.shape)} ({x.dtype}): {error}") from None
        level, loss = _loss_level(args, rec.output, y)
        weight_calls = _innermost([r for r in rec.layers if has_parameters(r.module)])
        norms = [r for r in weight_calls if isinstance(r.module, NORMS)]
        weights = [r for r in weight_calls if not isinstance(r.module, NORMS)]
        if not weights:
            raise ValueError("model has no layer with weights (Linear, Conv, Embedding ...) that x passes through")
        params = [p for p in model.parameters() if p.requires_grad]
        zs = [r.output for r in weights[:-1]]
        graded = [z for z in zs if z.requires_grad]
        found = torch.autograd.grad(loss, [*graded, *params], allow_unused=True, retain_graph=True)
        grad_of = dict(zip(map(id, graded), found[: len(graded)]))
        param_grads: dict[int, torch.Tensor | None] = dict(zip(map(id, params), found[len(graded) :]))
        info = [_weight_layer(i + 1, r, names) for i, r in enumerate(weights)]
        random_backward = info[-1].all_zero and bool(graded)
        if random_backward:  # a zero output layer sends back nothing: send a random gradient from below it
            grad_of = _random_backward(weights[-1].input, graded, args.seed)
    layers: list[LayerRecord] = []
    identical: list[bool] = []
    below_index: list[int] = []
    activations = [r for r in rec.layers if is_activation(r.module)]
    for k, (below, above) in enumerate(zip(weights[:-1], weights[1:])):
        z, h = below.output, above.input
        if not (_batch_first(z, len(x)) and _batch_first(h, len(x))):
            continue  # e.g. a position embedding's integer input, or its (T, D) output: not a layer of samples
        between = [a for a in activations if below.index < a.index < above.index]
        act = between[-1] if between else None
        hidden = Recorded(len(layers), below.path, act.module if act else above.module, z, h, _unit_dim(h, above))
        record_ = summarize_layer(hidden, grad_of.get(id(z)), with_grad=True)
        name = (activation_name(act.module) or "") if act else UNSEEN
        layers.append(dataclasses.replace(record_, activation=name))
        identical.append(_identical_units(h.detach(), hidden.unit_dim))
        below_index.append(k)
    update = take_step(args, model, params, param_grads, names)
    pooled = len(weights) > 1 and weights[-1].input[0].numel() < weights[-2].output[0].numel()
    return Measurement(
        n_samples=args.x.shape[0],
        n_used=x.shape[0],
        layers=layers,
        identical=identical,
        below=below_index,
        weights=info,
        level=level,
        random_backward=random_backward,
        pooled_head=pooled,
        norms=[type(r.module).__name__ for r in norms],
        update=update,
    )


def _innermost(calls: list[Recorded]) -> list[Recorded]:
    """Drop a module whose own submodules were recorded too (the model itself, a block with a scale parameter)."""
    paths = {r.path for r in calls}
    return [r for r in calls if not any(p != r.path and (r.path == "" or p.startswith(r.path + ".")) for p in paths)]


def _batch_first(t: torch.Tensor, n: int) -> bool:
    """A float tensor with the n samples on dimension 0 and at least one more dimension."""
    return t.is_floating_point() and t.dim() >= 2 and t.shape[0] == n


def _unit_dim(h: torch.Tensor, consumer: Recorded) -> int:
    """Units of what a layer receives: channels (dim 1) for a convolution, the last dimension otherwise."""
    if isinstance(consumer.module, nn.modules.conv._ConvNd) and h.dim() > 2:
        return 1
    return h.dim() - 1


def _identical_units(h: torch.Tensor, unit_dim: int) -> bool:
    """Every unit gives the same output for every sample, and it is not 0 everywhere (that is dead, not copies)."""
    if h.dim() < 2 or h.shape[unit_dim] < 2 or not h.is_floating_point():
        return False
    units = h.movedim(unit_dim, -1).reshape(-1, h.shape[unit_dim])
    size = units.abs().max().item()
    if size == 0:
        return False
    tolerance = SETTINGS["identical tolerance"] * size
    if (units[:, 1] - units[:, 0]).abs().max().item() > tolerance:  # the usual case, found at once
        return False
    return (units - units[:, :1]).abs().max().item() <= tolerance


def _weight_layer(number: int, call: Recorded, names: dict[int, str]) -> WeightLayer:
    weights = [p for p in call.module.parameters(recurse=False) if p.ndim >= 2]
    if not weights:  # e.g. a layer with a 1-D scale only
        weights = list(call.module.parameters(recurse=False))
    w = weights[0].detach()
    fan_in = w[0].numel() if w.ndim >= 2 else 1
    rms = torch.linalg.vector_norm(w.float()).item() / math.sqrt(w.numel())
    return WeightLayer(
        number=number,
        path=call.path,
        kind=type(call.module).__name__,
        gain=rms * math.sqrt(fan_in),
        all_zero=all(p.detach().abs().max().item() == 0 for p in weights),
        params=tuple(names[id(p)] for p in weights if id(p) in names),
    )


def _random_backward(below_output: torch.Tensor, zs: list[torch.Tensor], seed: int) -> dict[int, torch.Tensor]:
    """d<g, h>/dz for a random g of unit std at h, the input of the output layer (seeded)."""
    generator = torch.Generator().manual_seed(seed + SETTINGS["sample seed offset"])
    g = torch.randn(below_output.shape, generator=generator, dtype=below_output.dtype)
    # <g, h> as a scalar: grad_outputs= would import torch.fx's symbolic shapes (sympy), seconds the first time
    found = torch.autograd.grad((below_output * g).sum(), zs, allow_unused=True, retain_graph=True)
    return dict(zip(map(id, zs), found))


def _loss_level(args: Arguments, output: object, y: torch.Tensor) -> tuple[LossLevel, torch.Tensor]:
    """The loss on (output, y) and its reference level; a ValueError naming what does not fit."""
    n_classes = check_classes(output, y, args.y) if args.cross_entropy else 0
    try:
        loss = args.loss(output, y)
    except (RuntimeError, ValueError, TypeError, IndexError) as error:
        raise ValueError(f"loss(model(x), y) failed: {error}") from None
    if not isinstance(loss, torch.Tensor) or loss.numel() != 1 or not loss.is_floating_point():
        raise ValueError(f"loss must return a scalar float tensor; it returned {type(loss).__name__} {loss!r:.80}")
    loss = loss.reshape(())
    value = loss.item()
    if args.cross_entropy and isinstance(output, torch.Tensor):
        return _chance(value, output.detach(), args.y, n_classes), loss
    if isinstance(output, torch.Tensor) and y.is_floating_point() and output.shape == y.shape:
        with torch.no_grad():
            mean = y.mean(0, keepdim=True).expand_as(y)
            reference = float(args.loss(mean, y).item())
        return LossLevel("regression", value, reference, spread=_std(output.detach()), target_std=_std(y)), loss
    return LossLevel("other", value), loss


def _chance(value: float, logits: torch.Tensor, y: torch.Tensor, n_classes: int) -> LossLevel:
    """Chance: the entropy of the label frequencies in all of y, or ln C with too few labels per class."""
    labels = y[y != IGNORE_INDEX].reshape(-1)
    uniform = math.log(n_classes)
    priors_used = labels.numel() >= SETTINGS["labels per class"] * n_classes
    reference = uniform
    if priors_used:
        p = torch.bincount(labels, minlength=n_classes).double() / labels.numel()
        p = p[p > 0]
        reference = float(-(p * p.log()).sum())
    spread = logits.double().var(-1).mean().sqrt().item() if math.isfinite(value) else math.inf
    return LossLevel("cross-entropy", value, reference, n_classes, uniform, priors_used, spread)


def _std(t: torch.Tensor) -> float:
    return t.double().std().item() if t.numel() > 1 else 0.0
