"""The README's course tables list every notebook, with the reading time its own header gives."""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
README = (ROOT / "README.md").read_text(encoding="utf-8")


def header_minutes(path: Path) -> int:
    first = "".join(json.loads(path.read_text(encoding="utf-8"))["cells"][0]["source"])
    return int(re.search(r"\*\*Time\.?\*\*\D*?(\d+)", first).group(1))


def test_the_course_map_lists_every_notebook():
    for path in NOTEBOOKS:
        assert f"(notebooks/{path.name})" in README, path.name


def test_the_teaching_table_gives_each_notebook_the_reading_time_of_its_header():
    for path in NOTEBOOKS:
        row = re.search(rf"^\| {path.name[:2]} \| \[[^\]]+\]\(notebooks/{path.name}\) \| (\d+) min \|", README, re.M)
        assert row, f"no teaching-table row for {path.name}"
        assert int(row.group(1)) == header_minutes(path), path.name
