"""`make student`: the notebooks without their solutions, exercises that still check answers.

The conventions of scripts/build_student.py on small notebooks first, then the edition of the
current course notebooks (that each of them runs is tested in test_student_notebooks_run.py).
"""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")) + sorted(
    (ROOT / "notebooks").glob("*/[0-9][0-9]_*.ipynb")
)


def load_builder():
    spec = importlib.util.spec_from_file_location("build_student", ROOT / "scripts" / "build_student.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


builder = load_builder()


def solution_markdown(summary: str = "Solution") -> str:
    return f"<details><summary>{summary}</summary>\n\n```python\nanswer = 42\n```\n</details>"


def hidden(source: str) -> nbformat.NotebookNode:
    return new_code_cell(source, metadata={"jupyter": {"source_hidden": True}})


def exercise() -> nbformat.NotebookNode:
    cell = new_code_cell('answer = ...\ncorrect = initviz.check("01.1", answer)')
    cell.outputs = [new_output("stream", name="stdout", text="not answered yet\n")]
    cell.execution_count = 3
    return cell


def sources(nb: nbformat.NotebookNode) -> list[str]:
    return [cell.source for cell in nb.cells]


# --------------------------------------------------------------------------- the conventions


def test_a_cell_tagged_solution_is_removed_whatever_it_holds():
    nb = new_notebook(
        cells=[
            new_markdown_cell("intro"),
            new_code_cell("answer = 42", metadata={"tags": ["solution"]}),
            new_markdown_cell("after"),
        ]
    )
    student, report = builder.student_notebook(nb)
    assert sources(student) == ["intro", "after"] and report.removed == [1]


def test_a_folded_solution_and_the_hidden_check_below_it_are_removed():
    nb = new_notebook(
        cells=[
            exercise(),
            new_markdown_cell(solution_markdown()),
            hidden('answer = 42\nassert initviz.check("01.1", answer)'),
            new_markdown_cell("next"),
        ]
    )
    student, report = builder.student_notebook(nb)
    assert len(student.cells) == 2 and student.cells[1].source == "next"
    assert report.removed == [1, 2]


def test_a_solution_block_inside_a_longer_cell_is_cut_out_and_the_rest_kept():
    nb = new_notebook(cells=[new_markdown_cell("Exercise 2: which s?\n\n" + solution_markdown() + "\n\nThen go on.")])
    student, report = builder.student_notebook(nb)
    assert sources(student) == ["Exercise 2: which s?\n\nThen go on."] and report.trimmed == [0]


def test_the_chinese_summary_marks_a_solution_too():
    nb = new_notebook(cells=[new_markdown_cell(solution_markdown("解答"))])
    assert builder.student_notebook(nb)[0].cells == []


def test_a_hidden_cell_that_is_no_solution_is_kept():
    nb = new_notebook(cells=[new_markdown_cell("text"), hidden("import helper_for_plots")])
    assert sources(builder.student_notebook(nb)[0]) == ["text", "import helper_for_plots"]


def test_cells_for_the_instructor_are_removed():
    nb = new_notebook(
        cells=[new_markdown_cell("Answers: ln 2, 2.048", metadata={"tags": ["instructor"]}), new_markdown_cell("kept")]
    )
    assert sources(builder.student_notebook(nb)[0]) == ["kept"]


def test_an_exercise_keeps_its_code_and_loses_its_outputs():
    student, report = builder.student_notebook(new_notebook(cells=[exercise()]))
    cell = student.cells[0]
    assert cell.source == exercise().source and cell.outputs == [] and cell.execution_count is None
    assert report.cleared == [0]


def test_other_cells_keep_their_stored_outputs():
    figure = new_code_cell(
        "initviz.show(fig)", execution_count=5, outputs=[new_output("display_data", data={"text/plain": "<Figure>"})]
    )
    student, _ = builder.student_notebook(new_notebook(cells=[figure]))
    assert student.cells[0].outputs == figure.outputs and student.cells[0].execution_count == 5


def test_the_source_notebook_is_left_untouched():
    nb = new_notebook(cells=[exercise(), new_markdown_cell(solution_markdown())])
    before = nbformat.writes(nb)
    builder.student_notebook(nb)
    assert nbformat.writes(nb) == before


# --------------------------------------------------------------------------- the course's student edition


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("student")
    builder.build(ROOT / "notebooks", target)
    return target


def student_of(edition: Path, source: Path) -> nbformat.NotebookNode:
    return nbformat.read(edition / "notebooks" / source.relative_to(ROOT / "notebooks"), as_version=4)


def is_solution(cell: nbformat.NotebookNode) -> bool:
    """The documented markings: a `solution` tag, a folded "Solution" (答案 in the Chinese edition), or a hidden
    code cell."""
    return (
        "solution" in cell.metadata.get("tags", [])
        or re.search(r"<summary>(?:Solution|解答|答案|参考答案)</summary>", cell.source) is not None
        or (cell.cell_type == "code" and cell.metadata.get("jupyter", {}).get("source_hidden", False))
    )


def solution_lines(nb: nbformat.NotebookNode) -> set[str]:
    """The lines of the solution cells that say something (no blank, `</details>` or fence lines)
    and that no other cell gives away on purpose (a hint's comment may quote a solution's line)."""
    kept = "\n".join(cell.source for cell in nb.cells if not is_solution(cell))
    lines = {line.strip() for cell in nb.cells if is_solution(cell) for line in cell.source.splitlines()}
    return {
        line for line in lines if len(line) >= 12 and line not in kept and not re.fullmatch(r"</?details>|```\w*", line)
    }


def test_every_notebook_has_a_student_edition(edition: Path):
    assert SOURCES and all((edition / "notebooks" / s.relative_to(ROOT / "notebooks")).exists() for s in SOURCES)


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_no_solution_text_survives(edition: Path, source: Path):
    lines = solution_lines(nbformat.read(source, as_version=4))
    text = "\n".join(cell.source for cell in student_of(edition, source).cells)
    assert lines or "initviz.check(" not in source.read_text(encoding="utf-8"), "no solution found to look for"
    assert not [line for line in lines if line in text]


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_every_cell_but_the_solutions_is_kept_in_order(edition: Path, source: Path):
    expected = [cell.source for cell in nbformat.read(source, as_version=4).cells if not is_solution(cell)]
    assert sources(student_of(edition, source)) == expected


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_exercise_cells_show_no_stored_output(edition: Path, source: Path):
    exercises = [c for c in student_of(edition, source).cells if c.cell_type == "code" and "initviz.check(" in c.source]
    assert all(c.outputs == [] and c.execution_count is None for c in exercises)


def test_notebooks_with_exercises_keep_them_in_the_student_edition(edition: Path):
    for source in SOURCES:
        if "initviz.check(" in source.read_text(encoding="utf-8"):
            assert any("initviz.check(" in c.source for c in student_of(edition, source).cells), source.name


def shows_expected_answer(code: str) -> bool:
    """Whether a call `initviz.check(...)` in `code` passes the expected answer (a third argument
    or `expected=`) rather than letting initviz look it up by the exercise's id."""
    code = "\n".join(line for line in code.splitlines() if not line.lstrip().startswith(("%", "!")))
    for node in ast.walk(ast.parse(code)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "check"
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "initviz"
        ):
            expected = (
                node.args[2]
                if len(node.args) > 2
                else next((k.value for k in node.keywords if k.arg == "expected"), None)
            )
            if expected is not None and not (isinstance(expected, ast.Constant) and expected.value is None):
                return True
    return False


def learner_cells(nb: nbformat.NotebookNode) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "code" and not is_solution(c)]


def test_no_exercise_cell_shows_its_expected_answer(edition: Path):
    shown = [s.name for s in SOURCES if any(map(shows_expected_answer, learner_cells(student_of(edition, s))))]
    assert shown == []


def test_the_expected_answer_detector_tells_the_two_forms_apart():
    assert shows_expected_answer('ok = initviz.check("Exercise 1", answer, 44, rel=0)')
    assert not shows_expected_answer('ok = initviz.check("02.1", answer)')
    assert not shows_expected_answer('ok = initviz.check("07.1", answer, None, judge=cures)')


def test_the_student_readme_has_the_course_map_and_no_classroom_answers(edition: Path):
    readme = (edition / "README.md").read_text(encoding="utf-8")
    assert "## Course map" in readme and "notebooks/00_start_here.ipynb" in readme
    assert "ask the room" not in readme and "stop at" not in readme and "Solution" not in readme


def test_the_chinese_student_readme_opens_the_chinese_edition_and_links_only_inside_the_folder(edition: Path):
    readme = (edition / "README.zh-CN.md").read_text(encoding="utf-8")
    assert "## 课程地图" in readme and "course.py lab --lang zh" in readme
    for target in re.findall(r"\]\(([^)#]+)", readme):
        assert (edition / target).exists(), target


def test_the_student_readme_sets_up_with_course_py_on_the_promised_pythons(edition: Path):
    readme = (edition / "README.md").read_text(encoding="utf-8")
    assert "python3 course.py lab" in readme and "py course.py lab" in readme  # macOS and Linux; Windows
    assert "Python 3.11, 3.12, 3.13 or 3.14" in readme


def test_the_student_edition_carries_what_it_needs_to_run(edition: Path):
    for name in ("initviz/__init__.py", "course.py", "pyproject.toml", "constraints.txt", "LICENSE", "LICENSE-CONTENT"):
        assert (edition / name).exists(), name
