"""The checklist: each check grades one number of the `Measurement` against `THRESHOLDS` and says why.

Every sentence comes from `MESSAGES` and every limit from `THRESHOLDS` / `SETTINGS`
(initviz/diagnostics/table.py): no number is written into a sentence here. Sentences are
kept as `Phrase`s, translated when the report is printed.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from ..i18n.phrase import Phrase, Series
from .measure import Measurement
from .report import OK, PROBLEM, WARNING, Check, fmt
from .table import MESSAGES, SETTINGS, THRESHOLDS

M = MESSAGES


def grade(value: float, limits: tuple[float, float]) -> str:
    """OK up to limits[0], WARNING up to limits[1], PROBLEM beyond (and for nan)."""
    if not value <= limits[1]:
        return PROBLEM
    return OK if value <= limits[0] else WARNING


def drift(value: float, target: float = 1.0) -> float:
    """How many times `value` is away from `target`, either way (1 means on target)."""
    if not math.isfinite(value) or value <= 0:
        return math.inf
    return max(value / target, target / value)


def _say(key: str, **numbers: object) -> Phrase:
    """MESSAGES[key] with its fields (only those it uses), to be put into the current language when shown."""
    text = M[key]
    return Phrase(text, **{k: v for k, v in numbers.items() if "{" + k + "}" in text})


def _check(name: str, verdict: str, value: float, key: str, **numbers: object) -> Check:
    """A Check whose message is MESSAGES[key] and, unless it is OK, whose advice is MESSAGES[key + ' try']."""
    advice = _say(f"{key} try", **numbers) if verdict != OK and f"{key} try" in M else None
    return Check(name, verdict, value, _say(key, **numbers), advice)


def initial_loss(m: Measurement) -> Check:
    """Cross-entropy: the initial loss against chance, the entropy of the label frequencies, in nats."""
    name, level = "initial loss", m.level
    assert level.reference is not None and level.uniform is not None
    if not math.isfinite(level.loss):
        return _check(name, PROBLEM, math.inf, "loss overflow", loss=fmt(level.loss))
    gap = level.loss - level.reference
    why = _say("chance priors") if level.priors_used else _say("chance uniform", classes=level.n_classes)
    shown = round(gap, 3) or 0.0  # never "-0.000"
    seen = _say("loss seen", loss=fmt(level.loss), chance=fmt(level.reference), why=why, gap=f"{shown:+.3f}")
    verdict = grade(gap, THRESHOLDS[name])
    if verdict == OK:
        return _check(name, OK, gap, "loss below" if gap < -THRESHOLDS[name][0] else "loss ok", seen=seen)
    imbalance = level.uniform - level.reference
    if imbalance > THRESHOLDS[name][0] and level.loss - level.uniform < imbalance:
        return _check(name, verdict, gap, "loss priors", seen=seen)
    return _check(name, verdict, gap, "loss confident", seen=seen, spread=fmt(level.spread))


def output_scale(m: Measurement) -> Check:
    """Regression: the initial loss against the loss of always predicting the mean of y."""
    name, level = "output scale", m.level
    assert level.reference is not None and level.spread is not None and level.target_std is not None
    ratio = level.loss / level.reference if level.reference > 0 else math.inf
    seen = _say(
        "scale seen",
        loss=fmt(level.loss),
        reference=fmt(level.reference),
        spread=fmt(level.spread),
        target=fmt(level.target_std),
    )
    verdict = grade(ratio, THRESHOLDS[name])
    if verdict == OK:
        return _check(name, OK, ratio, "scale ok", seen=seen)
    key = "scale large" if level.spread > level.target_std else "scale offset"
    return _check(name, verdict, ratio, key, seen=seen)


def _limits(m: Measurement, name: str) -> tuple[float, float]:
    """The row of THRESHOLDS for `name`, the adaptive optimizer's row if one takes the step."""
    return THRESHOLDS[f"{name}, adaptive optimizer"] if m.adaptive else THRESHOLDS[name]


def _optimizer(m: Measurement) -> str:
    return m.update.optimizer if m.update else ""


def forward_signal(m: Measurement) -> Check:
    """The input-dependent std of what each weight layer receives, against layer 1's: steady, growing,
    shrinking or lost. The output layer's input is left out when pooling shrank it (CNNs)."""
    name = "forward signal"
    layers = m.layers[:-1] if m.pooled_head else m.layers
    s = [math.nan if r.signal is None else r.signal for r in layers]
    if len(s) <= 1:
        return _check(name, OK, 1.0, "forward one", first=fmt(s[0] if s else None))
    span = _say("forward span", first=fmt(s[0]), last=fmt(s[-1]), n=len(s))
    if not all(math.isfinite(v) for v in s):
        return _check(name, PROBLEM, math.inf, "forward overflow", span=span)
    rms = [math.hypot(r.act_std, r.act_mean) for r in layers]
    lost = next((k for k, v in enumerate(s) if v <= SETTINGS["lost signal"] * rms[k]), None)
    if lost is not None:
        key = "forward gone" if m.weights[m.below[lost]].all_zero or rms[lost] == 0 else "forward float"
        return _check(name, PROBLEM, math.inf, key, span=span, worst=lost + 1)
    ratios = [v / s[0] for v in s]
    worst = max(range(len(s)), key=lambda k: drift(ratios[k]))
    value = drift(ratios[worst])
    # an adaptive optimizer rescales a small gradient; it does nothing for a signal that grows
    verdict = grade(value, _limits(m, name) if ratios[worst] < 1 else THRESHOLDS[name])
    if verdict == OK:
        key = "forward adaptive" if value > THRESHOLDS[name][0] else "forward ok"
        return _check(name, OK, value, key, span=span, factor=fmt(value), optimizer=_optimizer(m))
    key = "forward grows" if ratios[worst] > 1 else "forward shrinks"
    if key == "forward shrinks" and m.adaptive and verdict == WARNING:
        key = "forward shrinks adaptive"
    return _check(name, verdict, value, key, span=span, worst=worst + 1, factor=fmt(value), optimizer=_optimizer(m))


def backward_signal(m: Measurement) -> Check:
    """The gradient std at the first hidden layer over the last: vanishing, exploding or flat."""
    name = "backward signal"
    g = [math.nan if r.grad_std is None else r.grad_std for r in m.layers]
    if len(g) == 1:
        return _check(name, OK, 1.0, "backward one")
    if not all(math.isfinite(v) for v in g):
        return _check(name, PROBLEM, math.inf, "backward overflow")
    if max(g) == 0:
        return _check(name, PROBLEM, math.inf, "backward none")
    ratio = g[0] / g[-1] if g[-1] > 0 else math.inf
    value = drift(ratio)
    how = _say("backward random") if m.random_backward else ""
    span = _say("backward span", n=len(g), ratio=fmt(ratio), how=how)
    limits = _limits(m, name)
    batchnorm = m.has_batchnorm and ratio > 1
    if batchnorm:
        limits = (
            max(limits[0], THRESHOLDS[f"{name}, BatchNorm"][0]),
            max(limits[1], THRESHOLDS[f"{name}, BatchNorm"][1]),
        )
    verdict = grade(value, limits)
    if verdict == OK:
        key = "backward ok"
        if value > THRESHOLDS[name][0]:
            key = "backward bn" if batchnorm else "backward adaptive"
        return _check(name, OK, value, key, span=span, factor=fmt(value), optimizer=_optimizer(m))
    key = "backward vanishes" if ratio < 1 else "backward bn explodes" if batchnorm else "backward explodes"
    if key == "backward vanishes" and m.adaptive and verdict == WARNING:
        key = "backward vanishes adaptive"
    return _check(name, verdict, value, key, span=span, optimizer=_optimizer(m))


def dead_units(m: Measurement) -> Check:
    """The worst hidden layer's share of units that output 0 for every sample."""
    name = "dead units"
    fractions = [r.dead_fraction for r in m.layers]
    worst = max(range(len(fractions)), key=lambda k: fractions[k])
    value = fractions[worst]
    if value == 0:
        return _check(name, OK, 0.0, "dead none")
    seen = _say("dead seen", worst=worst + 1, share=f"{value:.0%}")
    verdict = grade(value, THRESHOLDS[name])
    return _check(name, verdict, value, "dead ok" if verdict == OK else "dead bad", seen=seen)


def saturated_units(m: Measurement) -> Check:
    """The worst tanh/sigmoid layer's share of outputs in a flat tail (SETTINGS['saturation'])."""
    name = "saturated units"
    found = [(k, r.saturated_fraction) for k, r in enumerate(m.layers) if r.activation in SETTINGS["saturation"]]
    if not found:
        return _check(name, OK, 0.0, "saturated none")
    worst, value = max(found, key=lambda t: t[1])
    if value == 0:
        return _check(name, OK, 0.0, "saturated zero")
    seen = _say("saturated seen", worst=worst + 1, share=f"{value:.0%}")
    verdict = grade(value, THRESHOLDS[name])
    return _check(name, verdict, value, "saturated ok" if verdict == OK else "saturated bad", seen=seen)


def _gradient_passes(m: Measurement, index: int) -> bool:
    """Whether a gradient reaches some layer below weight layer `index` (around it: a residual connection)."""
    return any((r.grad_std or 0.0) > 0 for r, k in zip(m.layers, m.below) if k < index)


def zero_weights(m: Measurement) -> Check:
    """All-zero weight layers: intended for the output layer and for a residual branch, a problem elsewhere."""
    name = "zero weights"
    zero = [(i, w) for i, w in enumerate(m.weights[:-1]) if w.all_zero]
    bad = [w for i, w in zero if not _gradient_passes(m, i)]
    if bad:
        where = Series(_say("zero where", number=w.number, path=w.path or w.kind) for w in bad[:3])
        return _check(name, PROBLEM, float(len(bad)), "zero bad", where=where)
    if zero:
        where = Series(_say("zero where", number=w.number, path=w.path or w.kind) for _, w in zero[:3])
        return _check(name, OK, 0.0, "zero branch", where=where)
    out = m.output_layer
    if out.all_zero:
        return _check(name, OK, 0.0, "zero output")
    if out.gain < SETTINGS["small output gain"]:
        return _check(name, OK, 0.0, "zero small", gain=fmt(out.gain))
    return _check(name, OK, 0.0, "zero none")


def symmetry(m: Measurement) -> Check:
    """Hidden layers whose units all compute the same output (a constant init), zero layers aside."""
    name = "symmetry"
    zero_below = {k for k, w in enumerate(m.weights[:-1]) if w.all_zero}
    same = [k + 1 for k, flag in enumerate(m.identical) if flag and m.below[k] not in zero_below]
    if not same:
        return _check(name, OK, 0.0, "symmetry ok")
    return _check(name, PROBLEM, float(len(same)), "symmetry bad", where=Series(same[:5]))


def update_ratio(m: Measurement) -> Check | None:
    """The typical (median) update:data ratio of one real optimizer step against SETTINGS['update target']."""
    name, update, target = "update:data ratio", m.update, SETTINGS["update target"]
    if update is None:
        return None
    zero_params = {p for w in m.weights if w.all_zero for p in w.params}
    out = m.output_layer
    values = [v for p, v in update.ratios.items() if math.isfinite(v) and p not in zero_params]
    if out.all_zero and not any(values) and zero_params <= set(out.params):
        return _check(name, OK, math.nan, "update zero output")
    if not values and any(math.isinf(v) for v in update.ratios.values()):
        return _check(name, PROBLEM, math.inf, "update undefined")
    if not values or max(values) == 0:
        return _check(name, PROBLEM, math.inf, "update none")
    values.sort()
    mid = len(values) // 2
    typical = values[mid] if len(values) % 2 else math.sqrt(values[mid - 1] * values[mid])
    low, high = fmt(values[0]), fmt(values[-1])
    numbers = dict(typical=fmt(typical), count=len(values), low=low, high=high, target=fmt(target))
    seen = _say("update seen", **numbers)
    later = _say("update momentum", factor=fmt(1 / (1 - update.momentum)), momentum=fmt(update.momentum))
    momentum = later if update.momentum > 0 else ""
    value = drift(typical, target)
    verdict = grade(value, THRESHOLDS[name])
    if verdict == OK:
        return _check(name, OK, value, "update ok", **numbers, momentum=momentum)
    factor = fmt(target / typical)
    if typical < target:
        if out.gain < SETTINGS["small output gain"]:
            return _check(name, OK, value, "update small output", seen=seen)
        return _check(
            name, verdict, value, "update tiny", seen=seen, momentum=momentum, factor=factor, target=fmt(target)
        )
    return _check(name, verdict, value, "update large", seen=seen, momentum=momentum, factor=factor, target=fmt(target))


CLASSIFICATION: tuple[Callable[[Measurement], Check | None], ...] = (initial_loss,)
REGRESSION: tuple[Callable[[Measurement], Check | None], ...] = (output_scale,)
EVERY_NET: tuple[Callable[[Measurement], Check | None], ...] = (
    zero_weights,
    symmetry,
    forward_signal,
    backward_signal,
    dead_units,
    saturated_units,
    update_ratio,
)
