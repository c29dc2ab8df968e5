"""The language switch: one English -> Chinese table, Chinese figures through a CJK font, English without one."""

import logging
import re
import string
import subprocess
import sys
import warnings

import matplotlib
import pytest

import initviz
from initviz.i18n import audit, language, set_language, tr
from initviz.i18n.figures import english_words, template_pattern, translate_figure, translate_text
from initviz.i18n.fonts import CJK_FONTS, cjk_font
from initviz.i18n.zh import FIGURE_PARTS, PARTS, TABLE

CJK = r"\u3400-\u9fff"
ASCII_PUNCT_NEXT_TO_CJK = re.compile(rf"[{CJK}][,:;?!()]|[,:;?!()][{CJK}]")


def fields(template: str) -> list[str]:
    return sorted(name for _, name, _, _ in string.Formatter().parse(template) if name is not None)


def prose(text: str) -> str:
    """Text without $math$ and `code`, where ASCII punctuation belongs."""
    return re.sub(r"`[^`]*`", " ", re.sub(r"\$[^$]*\$", " ", text))


@pytest.fixture
def chinese():
    set_language("zh")
    yield
    set_language("en")


def test_setup_refuses_an_unknown_language_naming_lang():
    with pytest.raises(ValueError, match="lang='fr'.*en, zh"):
        initviz.setup(lang="fr")


def test_english_text_is_its_own_key_and_fields_fill_after_translation():
    assert language().text == "en"
    assert tr("{n} of {m} units", n=3, m=16) == "3 of 16 units"


def test_chinese_takes_the_table_entry_and_fills_its_fields(chinese):
    key = next(k for k in TABLE if fields(k))
    values = {name: f"<{name}>" for name in fields(key)}
    assert tr(key, **values) == TABLE[key].format(**values)


def test_no_english_key_has_two_translations():
    seen: dict[str, str] = {}
    for part in PARTS:
        for key, value in part.ZH.items():
            assert seen.setdefault(key, value) == value, key


def test_every_chinese_entry_keeps_the_fields_of_its_key():
    wrong = {key: value for key, value in TABLE.items() if fields(key) != fields(value)}
    assert not wrong


def test_every_chinese_entry_is_in_chinese():
    assert not [key for key, value in TABLE.items() if english_words(key) and not re.search(f"[{CJK}]", value)]


def test_no_key_is_only_fields():
    assert not [key for key in TABLE if template_pattern(key) and not re.sub(r"\{\w*\}", "", key).strip()]


def test_chinese_entries_use_full_width_punctuation():
    assert not [value for value in TABLE.values() if ASCII_PUNCT_NEXT_TO_CJK.search(prose(value))]


def test_every_tr_literal_has_a_chinese_entry():
    assert not audit.missing_keys(audit.tr_literals())


def test_every_message_kept_in_a_table_has_a_chinese_entry():
    assert not audit.missing_keys(audit.runtime_messages())


def test_every_explorer_draws_chinese_at_its_defaults_and_extremes():
    assert not list(audit.explorer_texts())


def test_a_figure_text_matches_a_template_and_keeps_its_fields():
    key = next(k for part in FIGURE_PARTS for k in part.ZH if template_pattern(k) and english_words(k))
    text = key.format(**{name: f"<{name}>" for name in fields(key)})
    assert translate_text(text) == TABLE[key].format(**{name: f"<{name}>" for name in fields(key)})


def test_chinese_figures_draw_with_a_cjk_font_first(chinese):
    assert cjk_font() in CJK_FONTS
    with initviz.style.context():
        assert matplotlib.rcParams["font.family"][0] == cjk_font()


def test_back_in_english_figures_use_the_default_font():
    initviz.setup(lang="zh")
    initviz.setup()
    assert matplotlib.rcParams["font.family"] == ["sans-serif"]
    assert language().figures == "en"


def test_a_chinese_figure_draws_every_glyph_without_a_warning(chinese, caplog):
    fig, (ax,) = initviz.figures.new_figure(title="训练损失")
    ax.set_ylabel(r"$\partial \mathcal{L} / \partial z$ 的标准差")
    ax.set_xlabel("隐藏层（第 $l$ 层）")
    with warnings.catch_warnings(), caplog.at_level(logging.WARNING, logger="matplotlib"):
        warnings.simplefilter("error")
        initviz.figures.png(fig)
    assert not [r for r in caplog.records if "glyph" in r.getMessage()]


def test_widget_labels_follow_the_language(chinese):
    explorer = initviz.explore_symmetry()
    label = explorer.controls["noise"].description
    assert re.search(f"[{CJK}]", label), label


def test_a_printed_sentence_template_never_rewrites_a_figure_label():
    printed = [k for part in PARTS if part not in FIGURE_PARTS for k in part.ZH if template_pattern(k)]
    key = next(k for k in printed if english_words(k))
    text = key.format(**{name: "x" for name in fields(key)})
    assert text in TABLE or translate_text(text) == text or any(text in part.ZH for part in FIGURE_PARTS)


def test_translate_figure_leaves_english_figures_alone():
    fig, (ax,) = initviz.figures.new_figure(title="training loss")
    translate_figure(fig)
    assert fig.get_suptitle() == "training loss"


NO_FONT = """
import matplotlib, warnings
from matplotlib import font_manager
font_manager.fontManager.ttflist = [f for f in font_manager.fontManager.ttflist if "CJK" not in f.name]
font_manager.findSystemFonts = lambda *args, **kwargs: []  # a machine with no CJK font file at all
warnings.simplefilter("error")
import initviz
from initviz.i18n import language
initviz.setup(lang="zh")
fig, (ax,) = initviz.figures.new_figure(title="training loss")
initviz.i18n.figures.translate_figure(fig)
print(language().figures, fig.get_suptitle())
"""


def test_without_a_cjk_font_figures_stay_english_and_one_note_says_so():
    run = subprocess.run([sys.executable, "-c", NO_FONT], capture_output=True, text=True, check=True)
    lines = run.stdout.strip().splitlines()
    assert len(lines) == 2 and "fonts-noto-cjk" in lines[0]
    assert lines[1] == "en training loss"
    assert run.stderr == ""


FONT_INSTALLED_AFTER_THE_CACHE = """
from matplotlib import font_manager
font_manager.fontManager.ttflist = [f for f in font_manager.fontManager.ttflist if "CJK" not in f.name]
from initviz.i18n.fonts import cjk_font
print(cjk_font())
"""


def test_a_cjk_font_installed_after_matplotlib_cached_its_font_list_is_found():
    run = subprocess.run([sys.executable, "-c", FONT_INSTALLED_AFTER_THE_CACHE], capture_output=True, text=True)
    assert run.stdout.strip() in CJK_FONTS, run.stderr


def test_every_chinese_figure_text_has_its_glyphs_in_the_cjk_font(chinese, caplog):
    values = sorted(
        {
            value.format(**{name: "{" + name + "}" for name in fields(key)}) if template_pattern(key) else value
            for part in FIGURE_PARTS
            for key, value in part.ZH.items()
        }
    )
    with initviz.style.context(), warnings.catch_warnings(), caplog.at_level(logging.WARNING, logger="matplotlib"):
        warnings.simplefilter("error")
        for start in range(0, len(values), 40):
            fig, (ax,) = initviz.figures.new_figure(width=12, height=12)
            for i, value in enumerate(values[start : start + 40]):
                ax.text(0, i / 40, value)
            initviz.figures.png(fig)
    assert not [r.getMessage() for r in caplog.records if "glyph" in r.getMessage()]
