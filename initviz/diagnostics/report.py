"""The report of `diagnose`: the checklist's verdicts, the numbers behind them, and their plain-text form."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..recorder import LayerRecord
from .measure import Measurement
from .table import MESSAGES

OK, WARNING, PROBLEM = "OK", "WARNING", "PROBLEM"
VERDICTS = (OK, WARNING, PROBLEM)


@dataclass(frozen=True)
class Check:
    """One item of the checklist: its verdict, the number it graded, what was seen and what to try."""

    name: str
    verdict: str
    value: float
    message: str
    advice: str = ""

    def __str__(self) -> str:
        text = f"[{self.verdict}] {self.name}: {self.message}"
        if self.advice:
            text += f"\n    {MESSAGES['try']}: {self.advice}"
        return text


@dataclass
class Diagnosis:
    """What `diagnose` found: `print(report)` for the plain-language report.

    `report["dead units"].verdict` gives one verdict, `report.verdicts` all of them,
    `report.problems` / `report.warnings` the names of the checks to look at, and
    `report.ok` is True when every check is OK. `report.layers` holds one
    `LayerRecord` per hidden layer and `report.update_ratios` the measured
    update:data ratio of each weight tensor; `report.table()` prints the layers.
    """

    measurement: Measurement
    header: str
    checks: dict[str, Check] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def layers(self) -> list[LayerRecord]:
        """One record per hidden layer (between two weight layers), in call order."""
        return self.measurement.layers

    @property
    def update_ratios(self) -> dict[str, float]:
        """std(update) / std(weights) per weight tensor for one real step (empty without optimizer or lr)."""
        update = self.measurement.update
        return dict(update.ratios) if update else {}

    @property
    def typical_update_ratio(self) -> float:
        """The median of the update:data ratios over the weight tensors that are not all equal (nan if none)."""
        values = sorted(v for v in self.update_ratios.values() if math.isfinite(v))
        if not values:
            return math.nan
        mid = len(values) // 2
        return values[mid] if len(values) % 2 else math.sqrt(values[mid - 1] * values[mid])

    @property
    def initial_loss(self) -> float:
        """The loss before training, on the samples diagnose used."""
        return self.measurement.level.loss

    @property
    def chance_loss(self) -> float | None:
        """Cross-entropy only: the entropy of the label frequencies (or ln C with too few labels per class)."""
        level = self.measurement.level
        return level.reference if level.kind == "cross-entropy" else None

    @property
    def logit_std(self) -> float | None:
        """Cross-entropy only: the std of the logits over the classes, RMS over the samples."""
        level = self.measurement.level
        return level.spread if level.kind == "cross-entropy" else None

    @property
    def verdicts(self) -> dict[str, str]:
        """Check name -> verdict, in checklist order."""
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
            raise KeyError(f"no check named {name!r}; this report has: {', '.join(self.checks)}")
        return self.checks[name]

    def table(self) -> str:
        """The per-hidden-layer numbers as a fixed-width text table (one line per layer)."""
        rows = [
            f"{'layer':>5}  {'after':<22} {'act':<10} {'width':>5}  {'signal':>8}  {'grad std':>8}  "
            f"{'dead':>5}  {'saturated':>9}"
        ]
        for r in self.layers:
            sat = f"{r.saturated_fraction:.0%}" if r.activation in ("tanh", "sigmoid") else "-"
            rows.append(
                f"{r.layer:>5}  {r.path[:22]:<22} {r.activation:<10} {r.width:>5}  {fmt(r.signal):>8}  "
                f"{fmt(r.grad_std):>8}  {r.dead_fraction:>5.0%}  {sat:>9}"
            )
        return "\n".join(rows)

    def summary(self) -> str:
        """One closing sentence: all clear, or which check to fix first."""
        p, w = self.problems, self.warnings
        if not p and not w:
            return MESSAGES["all ok"]
        counts = ", ".join(s for s in (_plural(len(p), "problem"), _plural(len(w), "warning")) if s)
        return MESSAGES["start with"].format(counts=counts, name=(p or w)[0])

    def __str__(self) -> str:
        checks = "\n".join(str(c) for c in self.checks.values())
        notes = "".join(f"\n{note}" for note in self.notes)
        return f"{self.header}\n{checks}{notes}\n{self.summary()}"

    __repr__ = __str__


def _plural(n: int, word: str) -> str:
    return "" if n == 0 else f"{n} {word}" + ("s" if n > 1 else "")


def fmt(value: float | None) -> str:
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
    return f"{value:.1e}"
