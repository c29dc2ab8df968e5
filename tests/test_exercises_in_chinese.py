"""Exercise feedback in Chinese: every line, its title and its hint come from the message table when printed."""

import pytest

import initviz
from initviz.answers import lookup
from initviz.i18n import set_language
from initviz.i18n.figures import english_words
from initviz.i18n.zh import TABLE


@pytest.fixture
def chinese():
    set_language("zh")
    yield
    set_language("en")


def printed(capsys):
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    return out.rstrip("\n")


def test_an_unanswered_exercise_prints_a_chinese_line(chinese, capsys):
    assert initviz.check("02.2", ...) is False
    line = printed(capsys)
    assert line.startswith("练习 2：") and "..." in line and not english_words(line)


def test_a_right_answer_is_correct_in_chinese(chinese, capsys):
    assert initviz.check("02.2", lookup("02.2").expected)
    assert printed(capsys) == "练习 2：✓ 正确。"


def test_a_wrong_answer_gets_the_chinese_hint(chinese, capsys):
    assert not initviz.check("02.2", 2.0)
    line = printed(capsys)
    assert TABLE[lookup("02.2").hint] in line and "提示" in line and not english_words(line)


def test_a_bool_typed_as_text_gets_the_quotes_hint_in_chinese(chinese, capsys):
    assert not initviz.check("01.1", "False")
    line = printed(capsys)
    assert line.startswith("练习 1：✗") and "'False'" in line
    assert set(english_words(line)) <= {"True", "False"}


def test_an_answer_that_cannot_be_checked_keeps_pythons_own_error_in_english(chinese, capsys):
    assert not initviz.check("02.2", "three")
    line = printed(capsys)
    assert line.startswith("练习 2：✗ 无法检查这个答案（") and "could not convert string to float" in line
