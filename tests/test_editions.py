"""The Chinese edition (notebooks/zh/) is the English one in Chinese: same code, same cells, linked both ways."""

import io
import json
import re
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ENGLISH = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
CHINESE_DIR = ROOT / "notebooks" / "zh"
CJK = r"\u3400-\u9fff"
SWITCH = re.compile(r"""initviz\.setup\((.*?)(,\s*)?lang=["']zh["']\)""")


def cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def source(cell: dict) -> str:
    return "".join(cell["source"])


def code_tokens(text: str) -> list[str]:
    """The code's tokens without comments and layout: what runs, whatever language the comments are in."""
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}
    lines = [line for line in text.splitlines() if not line.lstrip().startswith(("%", "!"))]
    tokens = tokenize.generate_tokens(io.StringIO("\n".join(lines) + "\n").readline)
    return [t.string for t in tokens if t.type not in skip]


def english_code(chinese: str) -> str:
    """The Chinese edition's code with its one difference undone: setup(lang="zh") -> setup()."""
    return SWITCH.sub(lambda m: f"initviz.setup({m.group(1)})", chinese)


def twin(english: Path) -> Path:
    return CHINESE_DIR / english.name


def prose(text: str) -> str:
    """Markdown without code, math, links' targets and HTML tags, where ASCII punctuation belongs."""
    text = re.sub(r"```.*?```", " ", text, flags=re.DOTALL)
    text = re.sub(r"\$\$.*?\$\$", " ", text, flags=re.DOTALL)
    text = re.sub(r"`[^`]*`|\$[^$]*\$|<[^>]+>", " ", text)
    return re.sub(r"\]\([^)]*\)", "]", text)


PAIRS = [pytest.param(path, id=path.stem) for path in ENGLISH]


def test_every_english_notebook_has_a_chinese_twin_and_no_other():
    assert sorted(p.name for p in CHINESE_DIR.glob("*.ipynb")) == [p.name for p in ENGLISH]


@pytest.mark.parametrize("english", PAIRS)
def test_the_twins_run_the_same_code_apart_from_the_language_switch(english):
    en = [source(c) for c in cells(english) if c["cell_type"] == "code"]
    zh = [source(c) for c in cells(twin(english)) if c["cell_type"] == "code"]
    assert len(en) == len(zh)
    for i, (a, b) in enumerate(zip(en, zh)):
        assert code_tokens(a) == code_tokens(english_code(b)), f"code cell {i + 1} differs"


@pytest.mark.parametrize("english", PAIRS)
def test_the_chinese_twin_switches_to_chinese_in_its_setup_cell(english):
    zh = [source(c) for c in cells(twin(english)) if c["cell_type"] == "code"]
    assert sum(bool(SWITCH.search(s)) for s in zh) == 1


@pytest.mark.parametrize("english", PAIRS)
def test_the_twins_tag_their_code_cells_alike(english):
    def tags(path):
        return [c["metadata"].get("tags", []) for c in cells(path) if c["cell_type"] == "code"]

    assert tags(english) == tags(twin(english))


@pytest.mark.parametrize("english", PAIRS)
def test_every_chinese_text_cell_is_in_chinese(english):
    left = [
        source(c)[:80]
        for c in cells(twin(english))
        if c["cell_type"] == "markdown"
        and len(re.findall(r"[A-Za-z]{3,}", prose(source(c)))) > 5
        and not re.search(f"[{CJK}]", source(c))
    ]
    assert not left


@pytest.mark.parametrize("english", PAIRS)
def test_chinese_prose_uses_full_width_punctuation(english):
    bad = re.compile(rf"[{CJK}][,:;?!()]|[,:;?!()][{CJK}]")
    found = [
        m.group(0) for c in cells(twin(english)) if c["cell_type"] == "markdown" for m in bad.finditer(prose(source(c)))
    ]
    assert not found


@pytest.mark.parametrize("english", PAIRS)
def test_the_twins_link_to_each_other(english):
    first_en = "".join(source(c) for c in cells(english)[:3])
    first_zh = "".join(source(c) for c in cells(twin(english))[:3])
    assert f"(zh/{english.name})" in first_en
    assert f"(../{english.name})" in first_zh


@pytest.mark.parametrize("english", PAIRS)
def test_the_chinese_twin_shows_every_figure_in_chinese(english):
    untranslated = [
        text
        for cell in cells(twin(english))
        for output in cell.get("outputs", [])
        for text in output.get("metadata", {}).get("initviz", {}).get("untranslated", [])
    ]
    assert not untranslated


def test_the_readmes_link_to_each_other():
    assert "(README.zh-CN.md)" in (ROOT / "README.md").read_text(encoding="utf-8")[:2000]
    assert "(README.md)" in (ROOT / "README.zh-CN.md").read_text(encoding="utf-8")[:2000]


def test_the_chinese_readme_uses_full_width_punctuation():
    text = prose((ROOT / "README.zh-CN.md").read_text(encoding="utf-8"))
    assert not re.findall(rf"[{CJK}][,:;?!()]|[,:;?!()][{CJK}]", text)
