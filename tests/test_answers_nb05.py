"""The judge of notebook 05's change-and-observe exercise accepts every right answer and only those."""

import pytest

import initviz


@pytest.mark.parametrize("bias", [-0.25])
def test_a_bias_at_the_ten_percent_border_is_accepted(bias, capsys):
    assert initviz.check("05.3", bias)


@pytest.mark.parametrize("bias", [-0.3, -0.2, 0.0])
def test_a_bias_that_kills_too_many_or_is_not_the_border_is_refused(bias, capsys):
    assert not initviz.check("05.3", bias)
    assert "Hint:" in capsys.readouterr().out


def test_exercise_1_accepts_the_exact_border_bias_and_refuses_one_that_leaves_a_corner_on(capsys):
    assert initviz.check("05.1", -1.4)
    assert not initviz.check("05.1", -1.33)
