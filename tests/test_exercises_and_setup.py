"""Exercise feedback and the notebook setup call."""

import numpy as np
import pytest
import torch

import initviz


def test_an_unanswered_exercise_prints_a_fixed_line(capsys):
    assert initviz.check("Exercise 1", ..., 3) is False
    assert capsys.readouterr().out == (
        "Exercise 1: not answered yet. Replace the ... with your answer and run the cell again.\n"
    )


def test_a_close_enough_number_is_correct(capsys):
    assert initviz.check("Q", 0.693, 0.6931, rel=0.01)
    assert "✓" in capsys.readouterr().out


def test_a_wrong_answer_gets_the_hint(capsys):
    assert not initviz.check("Q", 2, 3, hint="count the layers")
    assert "Hint: count the layers" in capsys.readouterr().out


def test_a_judge_decides_where_the_answer_is_a_property(capsys):
    assert initviz.check("Q", [3, 1, 2], None, judge=lambda a: sorted(a) == [1, 2, 3])


def test_an_answer_of_the_wrong_type_is_reported_not_raised(capsys):
    assert not initviz.check("Q", "three", 3)
    assert "could not be checked" in capsys.readouterr().out


def test_setup_makes_torch_single_threaded_and_seeded():
    initviz.setup(seed=5)
    a = torch.rand(3)
    initviz.setup(seed=5)
    assert torch.equal(a, torch.rand(3))
    assert torch.get_num_threads() == 1
    assert np.get_printoptions()["precision"] == 4


def test_an_exercise_id_is_checked_against_the_answer_kept_in_initviz(capsys):
    from initviz.answers import lookup

    assert initviz.check("03.1", lookup("03.1").expected)
    assert "✓ correct" in capsys.readouterr().out
    assert not initviz.check("03.1", 1.0)
    assert "Hint:" in capsys.readouterr().out


def test_an_unknown_exercise_id_names_the_known_ones():
    with pytest.raises(ValueError, match=r"exercise='03\.9'.*03\.1, 03\.2"):
        initviz.check("03.9", 1.0)


def test_a_bool_typed_as_text_gets_a_hint_about_quotes(capsys):
    assert not initviz.check("Q", "False", False)
    assert "without quotes" in capsys.readouterr().out


def test_every_registered_exercise_has_a_title_and_a_way_to_judge():
    import importlib
    import pkgutil

    import initviz.answers as answers

    for info in pkgutil.iter_modules(answers.__path__):
        for exercise in importlib.import_module(f"initviz.answers.{info.name}").EXERCISES:
            assert exercise.id.startswith(info.name.removeprefix("nb") + "."), exercise.id
            assert exercise.title and (exercise.expected is not None or exercise.judge is not None), exercise.id
