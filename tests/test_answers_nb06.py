"""The judge of notebook 06's change-and-observe exercise accepts every right answer and only those."""

import pytest

import initviz


@pytest.mark.parametrize("scale", [1.47, 1.4, 1.335])
def test_a_scale_up_to_ten_percent_below_the_five_percent_border_is_accepted(scale, capsys):
    assert initviz.check("06.3", scale)


@pytest.mark.parametrize("scale", [1.5, 1.32, 1.2, 0.5])
def test_a_scale_that_saturates_too_much_or_is_far_below_the_border_is_refused(scale, capsys):
    assert not initviz.check("06.3", scale)


def test_a_non_number_is_reported_not_raised(capsys):
    assert not initviz.check("06.3", "big")
    assert "could not be checked" in capsys.readouterr().out
