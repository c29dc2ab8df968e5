"""The report of `diagnose`: the checklist's verdicts, the numbers behind them, and their plain-text form.

Its sentences are kept as `Phrase`s (English templates and their numbers) and put into the
current language each time the report is shown: a report made before `initviz.setup(lang="zh")`
prints in Chinese after it. Check names and verdicts stay English in the API (`report["dead
units"].verdict == "PROBLEM"`); only their printed form is translated.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..i18n import tr
from ..i18n.columns import display_width, pad
from ..i18n.phrase import Phrase
from ..recorder import LayerRecord
from .measure import Measurement
from .table import MESSAGES

OK, WARNING, PROBLEM = "OK", "WARNING", "PROBLEM"
VERDICTS = (OK, WARNING, PROBLEM)


@dataclass(frozen=True)
class Check:
    """One item of the checklist: its verdict, the number it graded, what was seen and what to try.

    `message` and `advice` are the text in the current language; `said` and `to_try` the
    phrases they are made from (`to_try` is None when there is nothing to try).
    """

    name: str
    verdict: str
    value: float
    said: Phrase
    to_try: Phrase | None = None

    @property
    def message(self) -> str:
        """What was seen, in the current language."""
        return str(self.said)

    @property
    def advice(self) -> str:
        """What to try, in the current language ("" when the check is OK)."""
        return "" if self.to_try is None else str(self.to_try)

    @property
    def title(self) -> str:
        """The check's name in the current language ("dead units", "死亡单元")."""
        return tr(self.name)

    def __str__(self) -> str:
        text = str(Phrase(MESSAGES[f"check {self.verdict}"], name=self.title, message=self.said))
        if self.to_try is not None:
            text += "\n    " + str(Phrase(MESSAGES["try"], advice=self.to_try))
        return text

    __repr__ = __str__


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
    header_phrases: list[Phrase]
    checks: dict[str, Check] = field(default_factory=dict)
    note_phrases: list[Phrase] = field(default_factory=list)

    @property
    def header(self) -> str:
        """The first lines: the network, the samples, the loss and the optimizer step, in the current language."""
        return "\n".join(str(line) for line in self.header_phrases)

    @property
    def notes(self) -> list[str]:
        """Remarks under the checklist (e.g. activations called as functions), in the current language."""
        return [str(note) for note in self.note_phrases]

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
            shown = {check.title: check for check in self.checks.values()}
            if name in shown:  # the name as the report prints it in the current language
                return shown[name]
            raise KeyError(f"no check named {name!r}; this report has: {', '.join(self.checks)}")
        return self.checks[name]

    def table(self) -> str:
        """The per-hidden-layer numbers as a fixed-width text table (one line per layer).

        The column titles are in the current language; a column is as wide as its title
        (a Chinese character takes two columns of a terminal or notebook output).
        """
        head = _titles()
        widths = [max(width, display_width(title)) for title, (width, _) in zip(head, _COLUMNS)]
        rows = [_row(head, widths)]
        for r in self.layers:
            sat = f"{r.saturated_fraction:.0%}" if r.activation in ("tanh", "sigmoid") else "-"
            cells = [str(r.layer), r.path[:22], r.activation, str(r.width), fmt(r.signal), fmt(r.grad_std)]
            rows.append(_row([*cells, f"{r.dead_fraction:.0%}", sat], widths))
        return "\n".join(rows)

    def summary(self) -> str:
        """One closing sentence in the current language: all clear, or which check to fix first."""
        return str(self._summary())

    def _summary(self) -> Phrase:
        p, w = len(self.problems), len(self.warnings)
        if not p and not w:
            return Phrase(MESSAGES["all ok"])
        key = "start with " + "P" * min(p, 2) + "W" * min(w, 2)
        return Phrase(MESSAGES[key], problems=p, warnings=w, name=self[(self.problems or self.warnings)[0]].title)

    def __str__(self) -> str:
        checks = "\n".join(str(c) for c in self.checks.values())
        notes = "".join(f"\n{note}" for note in self.notes)
        return f"{self.header}\n{checks}{notes}\n{self.summary()}"

    __repr__ = __str__


def _titles() -> list[str]:
    """The column titles of `Diagnosis.table()` in the current language."""
    return [tr("layer"), tr("after"), tr("act"), tr("width"), tr("signal"), tr("grad std"), tr("dead"), tr("saturated")]


#: The columns of `Diagnosis.table()`: least width and alignment, and the spaces before each.
_COLUMNS = ((5, ">"), (22, "<"), (10, "<"), (5, ">"), (8, ">"), (8, ">"), (5, ">"), (9, ">"))
_GAPS = ("", "  ", " ", " ", "  ", "  ", "  ", "  ")


def _row(cells: list[str], widths: list[int]) -> str:
    aligns = [align for _, align in _COLUMNS]
    return "".join(gap + pad(cell, width, align) for gap, cell, width, align in zip(_GAPS, cells, widths, aligns))


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
