"""List what the Chinese message table still lacks (see initviz/i18n/audit.py).

Usage:
    python scripts/i18n_missing.py                 # tr() literals, runtime tables, explorers
    python scripts/i18n_missing.py --run NB [...]  # also execute English notebooks in Chinese
                                                   # (in memory) and list their figures' English
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from initviz.i18n import audit


def run_in_chinese(notebook: Path) -> list[tuple[str, str]]:
    """Execute `notebook` with `initviz.setup(lang="zh")` in a fresh kernel; the figure texts left in English."""
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and "initviz.setup(" in cell.source and "lang=" not in cell.source:
            # the call only, at the start of a line: not the words "initviz.setup()" inside a string
            cell.source = re.sub(r"^(\s*)initviz\.setup\(\)", r'\1initviz.setup(lang="zh")', cell.source, flags=re.M)
    NotebookClient(
        nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(notebook.parent)}}
    ).execute()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / notebook.name
        nbformat.write(nb, out)
        return list(audit.notebook_texts(out))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run", nargs="*", type=Path, default=[], help="English notebooks to execute in Chinese")
    args = parser.parse_args()
    found = audit.missing_keys(audit.tr_literals()) + audit.missing_keys(audit.runtime_messages())
    found += list(audit.explorer_texts())
    for notebook in args.run:
        found += run_in_chinese(notebook)
    seen = set()
    for where, text in found:
        if text not in seen:
            seen.add(text)
            print(f"{where}\t{text!r}")
    print(f"{len(seen)} texts without a Chinese entry", file=sys.stderr)
    return 1 if seen else 0


if __name__ == "__main__":
    sys.exit(main())
