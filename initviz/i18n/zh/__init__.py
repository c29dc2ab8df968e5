"""The Chinese message table: English text -> Chinese, one module per part of initviz.

`TABLE` merges them; tests/test_i18n.py checks that no English key appears twice with
two translations, that every Chinese entry keeps its English key's `{fields}`, and that
every message initviz can show has an entry. Parts: lessons_early = explorers and
figures of notebooks 00-04, lessons_late = 05-08.
"""

from __future__ import annotations

from . import answers, common, diagnostics, figures, lessons_early, lessons_late

PARTS = (common, figures, lessons_early, lessons_late, diagnostics, answers)
#: The parts whose {field} templates may match a figure's text: printed sentences' templates
#: (diagnose's "layer {number} ({path})", say) would half-translate unrelated labels.
FIGURE_PARTS = (figures, lessons_early, lessons_late)

TABLE: dict[str, str] = {}
for _part in PARTS:
    TABLE.update(_part.ZH)
