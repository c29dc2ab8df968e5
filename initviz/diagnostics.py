"""A checklist any learner can run on their own network before training it.

`diagnose(model, x, y)` runs one forward and one backward pass on a copy of the
model (the model itself, its gradients and its BatchNorm statistics are left
untouched) and checks the numbers that the course taught to look at:

| check | what is measured | healthy |
|---|---|---|
| initial loss | cross-entropy before training vs chance, ln C | close to ln C (ratio <= 1.5) |
| forward signal | std of each hidden layer's activations / RMS of the inputs | between 0.1 and 10 |
| backward signal | std of dL/dz, first hidden layer / last hidden layer | between 0.1 and 10 |
| dead units | fraction of units that output 0 for every sample | below 25% in every layer |
| saturated units | fraction of tanh/sigmoid outputs in a flat tail | below 10% in every layer |
| symmetry | units of a layer that all compute the same thing | none |
| update:data ratio | std(lr * grad) / std(weights), per weight matrix, for one SGD step | about 1e-3 (1e-4 .. 1e-2) |

Every check has a verdict, OK, WARNING or PROBLEM, a plain-language sentence and,
unless it is OK, what to try. A "layer" is one activation module (nn.ReLU,
nn.Tanh, ...) of the model, in the order the forward pass calls it: its input is
the pre-activation z, its output the activation a.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field

import torch
from torch import nn

from . import _checks
from .data import check_xy

OK, WARNING, PROBLEM = "OK", "WARNING", "PROBLEM"
VERDICTS = (OK, WARNING, PROBLEM)

# Activation modules whose input and output diagnose records, with the name it prints.
ACTIVATION_MODULES: dict[type, str] = {
    nn.ReLU: "relu",
    nn.LeakyReLU: "leaky_relu",
    nn.PReLU: "prelu",
    nn.ReLU6: "relu6",
    nn.ELU: "elu",
    nn.SELU: "selu",
    nn.GELU: "gelu",
    nn.SiLU: "silu",
    nn.Softplus: "softplus",
    nn.Tanh: "tanh",
    nn.Sigmoid: "sigmoid",
    nn.Hardtanh: "hardtanh",
    nn.Identity: "linear",
}
SATURATION = {"tanh": (-0.97, 0.97), "sigmoid": (0.03, 0.97)}  # the same tails as initviz.layer_stats

# Thresholds: (OK up to, WARNING up to); beyond is a PROBLEM.
LOSS_RATIO = (1.5, 3.0)  # initial loss / ln C
SIGNAL_FACTOR = (10.0, 100.0)  # how far a std may drift from 1 (forward) or grad ratio from 1 (backward)
DEAD = (0.25, 0.50)  # worst layer's dead fraction (narrow deep ReLU nets lose some at birth)
SATURATED = (0.10, 0.30)  # worst layer's saturated fraction
UPDATE_FACTOR = (10.0, 100.0)  # how far the update:data ratio may drift from 1e-3
UPDATE_TARGET = 1e-3


@dataclass(frozen=True)
class Check:
    """One item of the checklist: its verdict, what was measured, and what to try."""

    name: str
    verdict: str
    value: float
    message: str
    advice: str = ""

    def __str__(self) -> str:
        text = f"[{self.verdict}] {self.name}: {self.message}"
        if self.advice:
            text += f"\n    try: {self.advice}"
        return text


@dataclass(frozen=True)
class Layer:
    """What diagnose measured at one activation module (one hidden layer)."""

    layer: int
    activation: str
    width: int
    pre_std: float
    act_std: float
    grad_std: float
    dead_fraction: float
    saturated_fraction: float | None
    identical_units: bool


@dataclass
class Diagnosis:
    """The report of `diagnose`: per-layer numbers, per-weight update ratios and the checklist.

    `print(report)` gives the plain-language report; `report["dead units"].verdict`
    (or `report.verdicts`) gives one verdict; `report.ok` is True when every check is OK.
    """

    n_samples: int
    n_classes: int
    lr: float
    input_rms: float
    initial_loss: float
    logit_std: float
    layers: list[Layer]
    update_ratios: dict[str, float]
    checks: dict[str, Check] = field(default_factory=dict)

    @property
    def chance_loss(self) -> float:
        """ln C: the loss of a network that gives every class the same probability."""
        return math.log(self.n_classes)

    @property
    def verdicts(self) -> dict[str, str]:
        """Check name -> verdict."""
        return {name: check.verdict for name, check in self.checks.items()}

    @property
    def ok(self) -> bool:
        """True when every check is OK."""
        return all(v == OK for v in self.verdicts.values())

    @property
    def problems(self) -> list[str]:
        """Names of the checks whose verdict is PROBLEM, in checklist order."""
        return [name for name, v in self.verdicts.items() if v == PROBLEM]

    @property
    def warnings(self) -> list[str]:
        """Names of the checks whose verdict is WARNING, in checklist order."""
        return [name for name, v in self.verdicts.items() if v == WARNING]

    def __getitem__(self, name: str) -> Check:
        if name not in self.checks:
            raise KeyError(f"no check named {name!r}; checks: {', '.join(self.checks)}")
        return self.checks[name]

    def table(self) -> str:
        """The per-layer numbers as a fixed-width text table."""
        rows = [
            f"{'layer':>5}  {'activation':<10} {'width':>5}  {'act std':>8}  {'grad std':>8}  "
            f"{'dead':>5}  {'saturated':>9}"
        ]
        for r in self.layers:
            sat = "-" if r.saturated_fraction is None else f"{r.saturated_fraction:.0%}"
            rows.append(
                f"{r.layer:>5}  {r.activation:<10} {r.width:>5}  {fmt(r.act_std):>8}  {fmt(r.grad_std):>8}  "
                f"{r.dead_fraction:>5.0%}  {sat:>9}"
            )
        ratios = "  ".join(f"{name} {fmt(v)}" for name, v in self.update_ratios.items())
        rows.append(f"update:data ratio per weight matrix (lr={self.lr:g}): {ratios}")
        return "\n".join(rows)

    def summary(self) -> str:
        """One closing sentence: all clear, or which check to fix first."""
        p, w = self.problems, self.warnings
        if not p and not w:
            return "All checks OK: this network is ready to train."
        counts = ", ".join(s for s in (_plural(len(p), "problem"), _plural(len(w), "warning")) if s)
        return f"{counts}. Start with '{(p or w)[0]}'."

    def __str__(self) -> str:
        head = (
            f"Diagnosis: {len(self.layers)} hidden layers, {self.n_samples} samples, {self.n_classes} classes, "
            f"one SGD step with lr={self.lr:g}"
        )
        checks = "\n".join(str(c) for c in self.checks.values())
        return f"{head}\n{self.table()}\n{checks}\n{self.summary()}"

    __repr__ = __str__


def _plural(n: int, word: str) -> str:
    return "" if n == 0 else f"{n} {word}" + ("s" if n > 1 else "")


def fmt(value: float) -> str:
    """A short, stable rendering of a number: 3 significant digits, scientific outside 0.001 .. 10000."""
    if value is None:
        return "-"
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if value == 0:
        return "0"
    if 1e-3 <= abs(value) < 1e4:
        return f"{value:.3g}"
    return f"{value:.2e}"


def _grade(value: float, limits: tuple[float, float]) -> str:
    """OK up to limits[0], WARNING up to limits[1], PROBLEM beyond (and for nan)."""
    if not value <= limits[1]:
        return PROBLEM
    return OK if value <= limits[0] else WARNING


def _drift(value: float, target: float = 1.0) -> float:
    """How many times `value` is away from `target`, either way (1 means on target)."""
    if not math.isfinite(value) or value <= 0:
        return math.inf
    return max(value / target, target / value)


def _record(model: nn.Module, x: torch.Tensor) -> tuple[torch.Tensor, list[tuple[str, torch.Tensor, torch.Tensor]]]:
    """Run `model` on `x`, recording (name, input, output) at every activation module call."""
    calls: list[tuple[str, torch.Tensor, torch.Tensor]] = []
    handles = []
    for module in model.modules():
        name = next((n for cls, n in ACTIVATION_MODULES.items() if type(module) is cls), None)
        if name is None:
            continue
        if getattr(module, "inplace", False):
            module.inplace = False  # type: ignore[assignment]  # an in-place activation would overwrite the pre-activation we record
        handles.append(
            module.register_forward_hook(lambda m, inputs, output, name=name: calls.append((name, inputs[0], output)))
        )
    try:
        logits = model(x)
    finally:
        for h in handles:
            h.remove()
    return logits, calls


def diagnose(model: nn.Module, x: torch.Tensor, y: torch.Tensor, *, lr: float = 0.01, seed: int = 0) -> Diagnosis:
    """Check a classifier before training: initial loss, per-layer signal, dead and saturated units, update size.

    `model` maps `x` (n, d) to logits (n, C); `y` holds the n class labels. `lr` is the
    learning rate you mean to train with (plain SGD): the update:data ratio is
    std(lr * grad) / std(W) for each weight matrix. The model is not changed: the
    passes run on a deep copy, in training mode (as training would see it), with
    the random state forked from `seed` (for dropout). Returns a `Diagnosis`;
    `print` it for the plain-language report.
    """
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module; got {type(model).__name__}")
    linear = [m for m in model.modules() if isinstance(m, nn.Linear)]
    if not linear:
        raise ValueError("model has no nn.Linear layer; diagnose checks networks built from nn.Linear layers")
    if y is None:
        raise TypeError("y must be a torch.Tensor of class labels (int64, one per sample of x); got None")
    check_xy(x, y, linear[0].in_features)
    lr = _checks.finite("lr", lr, above=0.0)
    seed = _checks.integer("seed", seed, minimum=0)
    copy_ = copy.deepcopy(model).train()
    for p in copy_.parameters():
        p.requires_grad_(True)
        p.grad = None

    with torch.random.fork_rng(devices=[]), torch.enable_grad():
        torch.manual_seed(seed)
        logits, calls = _record(copy_, x)
        if logits.ndim != 2 or logits.shape[0] != len(x) or logits.shape[1] < 2:
            raise ValueError(
                f"model output must be logits of shape (n, C) with C >= 2 classes; got shape {tuple(logits.shape)}"
            )
        n_classes = logits.shape[1]
        if int(y.min()) < 0 or int(y.max()) >= n_classes:
            raise ValueError(
                f"y holds labels from {int(y.min())} to {int(y.max())}, but the model outputs "
                f"{n_classes} classes: labels must be in 0 .. {n_classes - 1}"
            )
        if not calls:
            raise ValueError(
                "model has no activation module (nn.ReLU, nn.Tanh, nn.Sigmoid, ...) for diagnose to "
                "look at; activations called as functions (F.relu) cannot be seen: use modules"
            )
        loss = nn.functional.cross_entropy(logits, y)
        named = [(n, p) for n, p in copy_.named_parameters() if p.requires_grad]
        pres = [pre for _, pre, _ in calls]
        graded = [i for i, t in enumerate(pres) if t.requires_grad]  # not so only if applied to x directly
        grads = torch.autograd.grad(loss, [pres[i] for i in graded] + [p for _, p in named], allow_unused=True)
    pre_grads: list[torch.Tensor | None] = [None] * len(pres)
    for k, i in enumerate(graded):
        pre_grads[i] = grads[k]
    param_grads = grads[len(graded) :]

    layers = []
    for k, ((name, pre, act), g) in enumerate(zip(calls, pre_grads)):
        a = act.detach().reshape(len(x), -1)
        z = pre.detach().reshape(len(x), -1)
        saturated = None
        if name in SATURATION:
            low, high = SATURATION[name]
            saturated = ((a < low) | (a > high)).float().mean().item()
        spread = (a - a[:, :1]).abs().max().item() if a.shape[1] > 1 else math.inf
        size = a.abs().max().item()
        layers.append(
            Layer(
                layer=k + 1,
                activation=name,
                width=a.shape[1],
                pre_std=_std(z),
                act_std=_std(a),
                grad_std=0.0 if g is None else _std(g),
                dead_fraction=(a == 0).all(dim=0).float().mean().item(),
                saturated_fraction=saturated,
                identical_units=a.shape[1] > 1 and spread <= 1e-5 * size,
            )
        )

    ratios = {}
    for (pname, p), g in zip(named, param_grads):
        if p.ndim < 2:
            continue  # biases and BatchNorm gamma/beta: their scale (often 0 or 1) says nothing
        update = torch.zeros_like(p) if g is None else lr * g
        with torch.no_grad():
            ratios[pname] = _ratio(_std(update), _std(p))

    report = Diagnosis(
        n_samples=len(x),
        n_classes=n_classes,
        lr=lr,
        input_rms=x.detach().pow(2).mean().sqrt().item(),
        initial_loss=loss.item(),
        logit_std=_std(logits.detach()),
        layers=layers,
        update_ratios=ratios,
    )
    for check in (
        _initial_loss(report),
        _forward(report),
        _backward(report),
        _dead(report),
        _saturated(report),
        _symmetry(report),
        _update(report),
    ):
        report.checks[check.name] = check
    return report


def _std(t: torch.Tensor) -> float:
    """The std of all entries; exactly 0 when they are all equal (float rounding can leave ~1e-9)."""
    t = t.detach().float().reshape(-1)
    if t.numel() < 2 or bool((t == t[0]).all()):
        return 0.0
    return t.std().item()


def _ratio(num: float, den: float) -> float:
    if den == 0:
        return math.nan if num == 0 else math.inf
    return num / den


# ---- the checks: each returns one Check ---------------------------------------------------------------------


def _initial_loss(r: Diagnosis) -> Check:
    name, chance = "initial loss", r.chance_loss
    value = r.initial_loss / chance
    seen = (
        f"{fmt(r.initial_loss)} vs chance ln {r.n_classes} = {fmt(chance)} (ratio {fmt(value)}; "
        f"logit std {fmt(r.logit_std)})"
    )
    if not math.isfinite(r.initial_loss):
        return Check(
            name,
            PROBLEM,
            value,
            f"{seen}: the outputs overflow before any training.",
            "a smaller weight scale (Xavier for tanh/sigmoid, He for ReLU); standardize the inputs.",
        )
    verdict = _grade(value, LOSS_RATIO)
    if verdict == OK:
        note = (
            " below chance: fine for a trained net, luck at init."
            if value < 0.9
            else " close to chance, as it should be."
        )
        return Check(name, OK, value, seen + ":" + note)
    return Check(
        name,
        verdict,
        value,
        f"{seen}: the network is over-confident before it has learned anything.",
        "scale the last layer's weights down (x0.1) or set them to zero; check the weight scale of the layers below.",
    )


def _forward(r: Diagnosis) -> Check:
    name = "forward signal"
    gains = [layer.act_std / r.input_rms if r.input_rms > 0 else math.nan for layer in r.layers]
    worst = max(range(len(gains)), key=lambda i: _drift(gains[i]))
    g = gains[worst]
    value = _drift(g)
    where = f"layer {worst + 1}"
    span = f"activation std / input RMS from {fmt(gains[0])} (layer 1) to {fmt(gains[-1])} (layer {len(gains)})"
    if any(not math.isfinite(v) for v in gains):
        return Check(
            name,
            PROBLEM,
            value,
            f"{span}: activations overflow to inf/NaN.",
            "a smaller weight scale: Xavier for tanh/sigmoid, He for ReLU.",
        )
    verdict = _grade(value, SIGNAL_FACTOR)
    if verdict == OK:
        return Check(name, OK, value, f"{span}: the signal keeps its scale through depth.")
    if g == 0:
        return Check(
            name,
            verdict,
            value,
            f"{span}: {where} outputs exactly 0, the signal is gone.",
            "random weights instead of zeros; He for ReLU, Xavier for tanh/sigmoid.",
        )
    grows = g > 1
    what = "grows (exploding)" if grows else "shrinks (vanishing)"
    advice = (
        "smaller weights: He (std sqrt(2/fan_in)) for ReLU, Xavier (std sqrt(2/(fan_in+fan_out))) for "
        "tanh/sigmoid; BatchNorm or LSUV also fix the scale."
        if grows
        else "larger weights: He for ReLU (PyTorch's nn.Linear default is too small for deep ReLU nets), "
        "Xavier for tanh/sigmoid; or BatchNorm, residual connections, LSUV."
    )
    return Check(name, verdict, value, f"{span}: the signal {what}, worst at {where} ({fmt(value)}x off).", advice)


def _backward(r: Diagnosis) -> Check:
    name = "backward signal"
    g = [layer.grad_std for layer in r.layers]
    span = f"gradient std dL/dz from {fmt(g[0])} (layer 1) to {fmt(g[-1])} (layer {len(g)})"
    if any(not math.isfinite(v) for v in g):
        return Check(
            name,
            PROBLEM,
            math.inf,
            f"{span}: gradients overflow to inf/NaN.",
            "a smaller weight scale; gradient clipping only hides it.",
        )
    if max(g) == 0:
        return Check(
            name,
            PROBLEM,
            math.inf,
            f"{span}: no gradient reaches the hidden layers.",
            "random weights: all-zero (or dead) layers above pass back exactly 0.",
        )
    ratio = _ratio(g[0], g[-1])
    value = _drift(ratio)
    verdict = _grade(value, SIGNAL_FACTOR)
    if verdict == OK:
        return Check(name, OK, value, f"{span}: first / last = {fmt(ratio)}, the early layers get a useful gradient.")
    if ratio < 1:
        return Check(
            name,
            verdict,
            value,
            f"{span}: first / last = {fmt(ratio)}, the gradient vanishes on its "
            "way back, so the early layers barely learn.",
            "He for ReLU, Xavier for tanh/sigmoid; avoid saturated units; BatchNorm or residual "
            "connections for deep nets.",
        )
    return Check(
        name,
        verdict,
        value,
        f"{span}: first / last = {fmt(ratio)}, the gradient explodes on its way back.",
        "smaller weights (He for ReLU, Xavier for tanh/sigmoid); orthogonal init; a smaller learning rate.",
    )


def _dead(r: Diagnosis) -> Check:
    name = "dead units"
    fractions = [layer.dead_fraction for layer in r.layers]
    worst = max(range(len(fractions)), key=lambda i: fractions[i])
    value = fractions[worst]
    if value == 0:
        return Check(name, OK, value, "no unit outputs 0 for every sample.")
    seen = f"worst layer {worst + 1}: {value:.0%} of its units output 0 for every sample"
    verdict = _grade(value, DEAD)
    if verdict == OK:
        return Check(name, OK, value, seen + ": a few, that is common in narrow ReLU nets.")
    return Check(
        name,
        verdict,
        value,
        seen + ": they get no gradient and never come back.",
        "He init with zero (not negative) biases, a smaller learning rate, leaky ReLU or BatchNorm; "
        "if a whole layer is dead, look for all-zero weights.",
    )


def _saturated(r: Diagnosis) -> Check:
    name = "saturated units"
    fractions = [
        (i, layer.saturated_fraction) for i, layer in enumerate(r.layers) if layer.saturated_fraction is not None
    ]
    if not fractions:
        return Check(name, OK, 0.0, "no tanh or sigmoid layer, nothing to saturate.")
    worst, value = max(fractions, key=lambda t: t[1])
    if value == 0:
        return Check(
            name, OK, value, "no tanh/sigmoid output sits in a flat tail (|tanh| > 0.97, sigmoid outside [0.03, 0.97])."
        )
    seen = f"worst layer {worst + 1}: {value:.0%} of its tanh/sigmoid outputs sit in a flat tail"
    verdict = _grade(value, SATURATED)
    if verdict == OK:
        return Check(name, OK, value, seen + ": the derivatives are alive.")
    return Check(
        name,
        verdict,
        value,
        seen + ": there the derivative is near 0 and the gradient dies.",
        "smaller weights: Xavier (tanh gain 5/3), not He or N(0, 1); standardize the inputs.",
    )


def _symmetry(r: Diagnosis) -> Check:
    name = "symmetry"
    same = [layer.layer for layer in r.layers if layer.identical_units]
    if not same:
        return Check(name, OK, 0.0, "the units of every layer differ: the symmetry is broken.")
    layers = ", ".join(str(i) for i in same)
    return Check(
        name,
        PROBLEM,
        float(len(same)),
        f"in layer(s) {layers} all units compute the same output: they will get the same gradient and stay "
        "copies of each other.",
        "random weights (any scheme but zeros or a constant) break the symmetry.",
    )


def _update(r: Diagnosis) -> Check:
    name = "update:data ratio"
    if not r.update_ratios:
        return Check(name, OK, 0.0, "no weight matrix to update.")
    items = list(r.update_ratios.items())
    worst_name, worst = max(items, key=lambda t: _drift(t[1], UPDATE_TARGET))
    value = _drift(worst, UPDATE_TARGET)
    lo, hi = min(v for _, v in items), max(v for _, v in items)
    span = f"from {fmt(lo)} to {fmt(hi)} (healthy: about 1e-3)"
    if any(math.isnan(v) or math.isinf(v) for _, v in items):
        return Check(
            name,
            PROBLEM,
            value,
            f"{span}: in {worst_name} every weight is the same (std 0), so the ratio is undefined.",
            "random weights instead of zeros or a constant.",
        )
    if worst == 0:
        return Check(
            name,
            PROBLEM,
            value,
            f"{span}: {worst_name} gets no update at all (its gradient is 0).",
            "random weights; look at the backward signal and dead units above.",
        )
    verdict = _grade(value, UPDATE_FACTOR)
    if verdict == OK:
        return Check(name, OK, value, f"{span}: one step changes the weights by a healthy fraction.")
    size = "large" if worst > UPDATE_TARGET else "tiny"
    effect = "training may be unstable" if worst > UPDATE_TARGET else "it will learn very slowly"
    message = f"{span}: the step in {worst_name} is {size} next to its weights; {effect}."
    if lo > 0 and hi / lo > UPDATE_FACTOR[0] ** 2:
        return Check(
            name,
            verdict,
            value,
            message,
            "the layers learn at very different speeds: fix the forward "
            "and backward signal first, then tune the learning rate.",
        )
    typical = math.sqrt(lo * hi)
    change = "smaller" if typical > UPDATE_TARGET else "larger"
    return Check(
        name,
        verdict,
        value,
        message,
        f"a {change} learning rate: lr x {fmt(UPDATE_TARGET / typical)} brings the typical ratio to 1e-3.",
    )
