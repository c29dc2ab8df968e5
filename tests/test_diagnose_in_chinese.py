"""diagnose's report in Chinese: translated when printed, no English sentence left, columns aligned."""

import inspect

import pytest
import torch
from test_diagnose import X, Y, net
from test_diagnose_architectures import IMAGE_LABELS, IMAGES, NEXT_TOKENS, TOKENS, Transformer, cnn

import initviz
from initviz.i18n import set_language
from initviz.i18n.columns import display_width, pad
from initviz.i18n.figures import english_words

#: The verdicts stay Latin in the Chinese report, glossed ("[PROBLEM 问题]"): they are the values code compares.
VERDICT_WORDS = {"WARNING", "PROBLEM"}


@pytest.fixture
def chinese():
    set_language("zh")
    yield
    set_language("en")


def sick_mlp():
    """tanh with N(0, 1) weights: problems and a warning, so advice lines and the closing count."""
    model = net("tanh", "normal")
    return model, X, Y, torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)


def image_cnn():
    model = cnn()
    return model, IMAGES, IMAGE_LABELS, torch.optim.SGD(model.parameters(), lr=0.01)


def token_transformer():
    """Its feed-forward ReLU is a function call: the report ends with a note."""
    model = Transformer()
    return model, TOKENS, NEXT_TOKENS, torch.optim.Adam(model.parameters(), lr=1e-3)


def code_words(model, optimizer):
    """The words of the learner's code a report may quote: class names, module paths, activations, arguments."""
    names = {type(m).__name__ for m in model.modules()} | {path for path, _ in model.named_modules()}
    names |= set(initviz.ACTIVATIONS) | set(inspect.signature(initviz.diagnose).parameters)
    names.add(type(optimizer).__name__)
    return set(english_words(" ".join(names).replace(".", " ")))


@pytest.mark.parametrize("build", [sick_mlp, image_cnn, token_transformer])
def test_the_chinese_report_has_no_english_sentence(build, chinese):
    model, x, y, optimizer = build()
    text = str(initviz.diagnose(model, x, y, optimizer=optimizer))
    allowed = code_words(model, optimizer) | VERDICT_WORDS
    for line in text.splitlines():
        assert not set(english_words(line)) - allowed, line


def test_a_report_is_printed_in_the_language_in_effect_when_it_is_printed():
    model, x, y, optimizer = sick_mlp()
    english = str(initviz.diagnose(model, x, y, optimizer=optimizer))
    set_language("zh")
    try:
        made_in_chinese = initviz.diagnose(model, x, y, optimizer=optimizer)
        chinese = repr(made_in_chinese)
        assert chinese != english and "[PROBLEM 问题] 初始损失：" in chinese
    finally:
        set_language("en")
    assert str(made_in_chinese) == repr(made_in_chinese) == english


def test_messages_advice_notes_and_summary_follow_the_language(chinese):
    model, x, y, optimizer = token_transformer()
    report = initviz.diagnose(model, x, y, optimizer=optimizer)
    assert report.notes[0].startswith("注意：") and report.summary().startswith("全部检查通过")
    sick = initviz.diagnose(*sick_mlp()[:3])
    assert "过度自信" in sick["initial loss"].message and "输出层" in sick["initial loss"].advice
    set_language("en")
    assert "over-confident" in sick["initial loss"].message


def test_names_and_verdicts_stay_english_in_the_api_and_the_printed_name_finds_a_check(chinese):
    report = initviz.diagnose(*sick_mlp()[:3])
    assert report.problems == ["initial loss", "saturated units"]
    assert report["饱和单元"] is report["saturated units"]
    assert report["saturated units"].verdict == "PROBLEM" and report["saturated units"].title == "饱和单元"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_layer_table_keeps_its_columns_aligned_with_chinese_titles(lang):
    set_language(lang)
    try:
        rows = initviz.diagnose(*sick_mlp()[:3]).table().splitlines()
    finally:
        set_language("en")
    assert len({display_width(row) for row in rows}) == 1
    assert ("梯度标准差" in rows[0]) == (lang == "zh")


def test_a_chinese_character_takes_two_columns_when_padded():
    assert display_width("梯度 std") == 8
    assert pad("饱和", 6, ">") == "  饱和" and pad("dead", 6) == "dead  "
