"""The judges of notebook 07's exercises accept every right answer and only those."""

import pytest

import initviz
from initviz.answers import nb07


@pytest.mark.parametrize("factor", [0.1, 0.0, -0.1, 0.15])
def test_a_factor_that_brings_the_initial_loss_near_chance_is_accepted(factor, capsys):
    assert initviz.check("07.1", factor)


@pytest.mark.parametrize("factor", [1.0, 0.5, 0.3])
def test_a_factor_that_leaves_the_network_over_confident_is_refused(factor, capsys):
    assert not initviz.check("07.1", factor)


def test_a_factor_that_is_not_a_number_is_reported_not_raised(capsys):
    assert not initviz.check("07.1", "small")
    assert "could not be checked" in capsys.readouterr().out


def test_the_learning_rate_that_puts_the_typical_ratio_at_1e_3_is_accepted(capsys):
    right = nb07.LR * 1e-3 / nb07.typical_he_ratio()
    assert initviz.check("07.2", right) and initviz.check("07.2", right * 1.01)


def test_the_learning_rate_tuned_to_the_largest_ratio_is_refused(capsys):
    report = initviz.diagnose(initviz.mlp(nb07.WIDTHS, "relu", "he_normal", seed=0), *nb07._data(), lr=nb07.LR)
    assert not initviz.check("07.2", nb07.LR * 1e-3 / max(report.update_ratios.values()))
