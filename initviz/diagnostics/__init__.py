"""A checklist any learner can run on their own network before training it.

`diagnose(model, x, y)` runs one forward and one backward pass, and one real step of the
learner's optimizer, on a deep copy of the model (the model, its gradients, its buffers
and the optimizer's state are left untouched) and checks the numbers the course taught
to look at:

| check | what is measured |
|---|---|
| initial loss | cross-entropy before training minus chance (the entropy of the label frequencies), in nats |
| output scale | regression: the loss before training over the loss of always predicting the mean of y |
| forward signal | input-dependent std of each hidden layer (std over samples per unit), against layer 1's |
| backward signal | std of dL/dz at the first hidden layer over the last one |
| dead units | the worst layer's share of units that output 0 for every sample |
| saturated units | the worst tanh/sigmoid layer's share of outputs in a flat tail |
| zero weights | layers whose weights are all 0 (intended for the output layer only) |
| symmetry | layers whose units all compute the same output (a constant init) |
| update:data ratio | std(update) / std(weights) per weight tensor for one real step; the median is graded |

The limits are in one table, `initviz.diagnostics.table.THRESHOLDS`; the ~1e-3 target of
the update:data ratio is the rule of thumb of the CS231n notes and of Karpathy's makemore
part 3. The modules: `arguments` (validation), `measure` (the passes), `step` (the
optimizer step), `checks` (grading), `report` (`Diagnosis`, `Check`), `table`.
"""

from __future__ import annotations

from typing import Any

import torch
from torch import nn

from ..i18n.phrase import Phrase, Series
from . import arguments, checks
from .measure import UNSEEN, Measurement, measure
from .report import OK, PROBLEM, VERDICTS, WARNING, Check, Diagnosis, fmt
from .table import MESSAGES, SETTINGS, THRESHOLDS

__all__ = [
    "OK",
    "PROBLEM",
    "WARNING",
    "VERDICTS",
    "Check",
    "Diagnosis",
    "MESSAGES",
    "SETTINGS",
    "THRESHOLDS",
    "diagnose",
    "fmt",
]


def diagnose(
    model: nn.Module,
    x: torch.Tensor,
    y: torch.Tensor,
    *,
    loss: Any = None,
    optimizer: Any = None,
    lr: float | None = None,
    seed: int = 0,
) -> Diagnosis:
    """Check a network before training: initial loss, signal and gradient through depth, dead,
    saturated, zero and identical units, and the size of one real optimizer step.

    - `model`: any `nn.Module` (MLP, CNN, Transformer ...); `x`: whatever `model(x)` takes
      (features (n, d), images (n, C, H, W), token ids (n, T)); at most
      `SETTINGS["max samples"]` samples are used, drawn from `seed`.
    - `y`: the targets of `loss`. `loss`: a callable `(output, y) -> scalar`; by default
      the cross-entropy over the last dimension ((n, C) logits with (n,) labels, or
      (n, T, V) with (n, T)). A float `y` shaped like the output (e.g. `F.mse_loss`)
      gets the output-scale check instead of the chance level.
    - `optimizer`: the `torch.optim.Optimizer` you will train with: one step of the same
      class, hyperparameters and state is taken on a copy. `lr`: shorthand for plain SGD.
      Without either, the update:data ratio is not measured.
    - `seed`: the random state of the passes (dropout) and of the sample draw.

    Returns a `Diagnosis`; `print` it for the plain-language report.
    """
    args = arguments.check(model, x, y, loss, optimizer, lr, seed)
    m = measure(args)
    report = Diagnosis(m, _header(args, m))
    steps = (checks.CLASSIFICATION if m.level.kind == "cross-entropy" else ()) + (
        checks.REGRESSION if m.level.kind == "regression" else ()
    )
    if m.layers:
        steps += checks.EVERY_NET
    else:
        steps += (checks.zero_weights, checks.update_ratio)
    for step in steps:
        check = step(m)
        if check is not None:
            report.checks[check.name] = check
    report.note_phrases = _notes(m)
    return report


def _header(args: arguments.Arguments, m: Measurement) -> list[Phrase]:
    kinds = sorted({w.kind for w in m.weights} | {r.activation for r in m.layers if r.activation != UNSEEN} - {""})
    if m.n_used == m.n_samples:
        samples = Phrase(MESSAGES["samples"], used=m.n_used)
    else:
        samples = Phrase(MESSAGES["samples of"], used=m.n_used, total=m.n_samples)
    hidden = Phrase(MESSAGES["hidden one" if len(m.layers) == 1 else "hidden many"], layers=len(m.layers))
    about = dict(model=type(args.model).__name__, hidden=hidden, kinds=Series(kinds), samples=samples)
    if m.level.kind == "cross-entropy":
        head = Phrase(MESSAGES["header"], **about, classes=m.level.n_classes)
    else:
        name = getattr(args.loss, "__name__", type(args.loss).__name__)
        head = Phrase(MESSAGES["header other loss"], **about, name=name)
    if m.update is None:
        step = Phrase(MESSAGES["header no step"])
    elif m.update.lr is None:
        step = Phrase(MESSAGES["header step"], optimizer=m.update.optimizer)
    else:
        step = Phrase(MESSAGES["header step lr"], optimizer=m.update.optimizer, lr=fmt(m.update.lr))
    return [head, step]


def _notes(m: Measurement) -> list[Phrase]:
    notes = []
    unseen = [str(r.layer) for r in m.layers if r.activation == UNSEEN]
    if unseen:
        where = Series(unseen[:6], more=len(unseen) > 6)
        notes.append(Phrase(MESSAGES["note unseen one" if len(unseen) == 1 else "note unseen many"], where=where))
    return notes
