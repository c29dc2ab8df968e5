"""The READMEs' course tables list every notebook, with the reading time its own header gives.

The English README links notebooks/, the Chinese README (README.zh-CN.md) their twins in notebooks/zh/;
both give the minutes of the English header, which the Chinese twin's header repeats.
"""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
TWINS = sorted((ROOT / "notebooks" / "zh").glob("[0-9][0-9]_*.ipynb"))
README = (ROOT / "README.md").read_text(encoding="utf-8")
README_ZH = (ROOT / "README.zh-CN.md").read_text(encoding="utf-8")


def header_minutes(path: Path) -> int:
    """The first number after the header's **Time.** (English) or **时间。** (Chinese)."""
    first = "".join(json.loads(path.read_text(encoding="utf-8"))["cells"][0]["source"])
    found = re.search(r"\*\*(?:Time|时间)[.。:：]?\*\*\D*?(\d+)", first)
    assert found, f"{path.name}: no **Time.** / **时间。** in its first cell"
    return int(found.group(1))


def test_the_course_map_lists_every_notebook():
    for path in NOTEBOOKS:
        assert f"(notebooks/{path.name})" in README, path.name


def test_the_teaching_table_gives_each_notebook_the_reading_time_of_its_header():
    for path in NOTEBOOKS:
        row = re.search(rf"^\| {path.name[:2]} \| \[[^\]]+\]\(notebooks/{path.name}\) \| (\d+) min \|", README, re.M)
        assert row, f"no teaching-table row for {path.name}"
        assert int(row.group(1)) == header_minutes(path), path.name


def test_the_chinese_course_map_lists_every_notebooks_chinese_twin():
    for path in NOTEBOOKS:
        assert f"(notebooks/zh/{path.name})" in README_ZH, path.name


def test_the_chinese_teaching_table_gives_each_notebook_the_reading_time_of_its_header():
    for path in NOTEBOOKS:
        pattern = rf"^\| {path.name[:2]} \| \[[^\]]+\]\(notebooks/zh/{path.name}\) \| (\d+) 分钟 \|"
        row = re.search(pattern, README_ZH, re.M)
        assert row, f"no teaching-table row for zh/{path.name} in README.zh-CN.md"
        assert int(row.group(1)) == header_minutes(path), path.name


@pytest.mark.parametrize("twin", TWINS, ids=[p.stem for p in TWINS])
def test_a_chinese_twin_gives_the_reading_time_of_its_english_header(twin: Path):
    assert header_minutes(twin) == header_minutes(ROOT / "notebooks" / twin.name)
