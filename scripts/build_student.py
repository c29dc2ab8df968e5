"""Build the student edition: every notebook without its solutions, ready to hand out.

Usage: python scripts/build_student.py [OUT_DIR]        (what `make student` runs; default build/student)

What a cell is, read from the notebook itself (so it keeps working as cells are added or move):

- solution, removed: a cell tagged `solution`; a markdown `<details>` block whose summary is
  "Solution" (or 解答, 答案, 参考答案), removed from its cell (the cell goes if nothing else is
  left); a code cell with hidden source (`metadata.jupyter.source_hidden`) that directly follows a
  removed solution or calls `check(`: the check that runs the solution.
- answers for the instructor, removed: a cell tagged `instructor` or `answers`.
- exercise, kept with its outputs cleared: a cell tagged `exercise`, or a code cell that calls
  `initviz.check(`. Its feedback still works: it checks the learner's answer when run.
- everything else is kept as it is, stored outputs and figures included.

OUT_DIR gets `notebooks/` (and `notebooks/zh/` when the Chinese edition exists), the `initviz`
package and the files to install it (course.py, pyproject.toml, constraints.txt, environment.yml), the
licences, CITATION.cff, and a README for learners: set-up, the course map (taken from the
repository's README) and how to study alone. No answer to the classroom questions goes in.
"""

from __future__ import annotations

import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_NAME = re.compile(r"^\d\d_[A-Za-z0-9_]+\.ipynb$")
SOLUTION_WORDS = r"(?:Solutions?|Answers?|解答|答案|参考答案)"
# <details><summary>Solution</summary> ... </details>, with optional bold and spacing.
SOLUTION_BLOCK = re.compile(
    rf"<details[^>]*>\s*<summary[^>]*>\s*(?:<b>|<strong>|\*\*)?\s*{SOLUTION_WORDS}\b.*?</details>\s*", re.S | re.I
)
CHECK_CALL = re.compile(r"\binitviz\.check\(")
ANY_CHECK_CALL = re.compile(r"\bcheck\(")
REMOVED_TAGS = {"solution", "instructor", "answers"}
# Files a learner needs beside the notebooks to install and run them.
COPIED = (
    "course.py",
    "pyproject.toml",
    "constraints.txt",
    "environment.yml",
    "LICENSE",
    "LICENSE-CONTENT",
    "CITATION.cff",
)


@dataclass
class Report:
    """What the build did to one notebook."""

    removed: list[int] = field(default_factory=list)  # indices of the source's cells removed whole
    trimmed: list[int] = field(default_factory=list)  # markdown cells that lost a solution block
    cleared: list[int] = field(default_factory=list)  # exercise cells whose outputs were cleared


def tags(cell: nbformat.NotebookNode) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def source_hidden(cell: nbformat.NotebookNode) -> bool:
    return bool(cell.get("metadata", {}).get("jupyter", {}).get("source_hidden"))


def is_exercise(cell: nbformat.NotebookNode) -> bool:
    """A learner's exercise cell: tagged `exercise`, or code that calls initviz.check."""
    return "exercise" in tags(cell) or (cell.cell_type == "code" and bool(CHECK_CALL.search(cell.source)))


def student_notebook(nb: nbformat.NotebookNode) -> tuple[nbformat.NotebookNode, Report]:
    """A copy of `nb` with solutions and instructor answers removed and exercise outputs cleared."""
    nb = nbformat.from_dict(nb)  # a deep copy: the source stays untouched
    report, kept = Report(), []
    after_solution = False
    for index, cell in enumerate(nb.cells):
        if tags(cell) & REMOVED_TAGS:
            report.removed.append(index)
            after_solution = True
            continue
        if cell.cell_type == "code" and source_hidden(cell) and (after_solution or ANY_CHECK_CALL.search(cell.source)):
            report.removed.append(index)
            after_solution = True
            continue
        if cell.cell_type == "markdown" and SOLUTION_BLOCK.search(cell.source):
            rest = SOLUTION_BLOCK.sub("", cell.source).strip()
            if not rest:
                report.removed.append(index)
                after_solution = True
                continue
            cell.source = rest
            report.trimmed.append(index)
        after_solution = False
        if is_exercise(cell) and cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            report.cleared.append(index)
        kept.append(cell)
    nb.cells = kept
    nb.metadata.pop("widgets", None)
    return nb, report


def course_notebooks(folder: Path) -> list[Path]:
    """`NN_name.ipynb` in `folder` and in its language subfolders (zh/), in order."""
    found = [p for p in folder.iterdir() if NOTEBOOK_NAME.match(p.name)]
    for sub in sorted(d for d in folder.iterdir() if d.is_dir() and not d.name.startswith((".", "_"))):
        found += [p for p in sub.iterdir() if NOTEBOOK_NAME.match(p.name)]
    return sorted(found, key=lambda p: (p.parent != folder, str(p)))


def readme_section(readme: str, heading: str) -> str:
    """The section of `readme` under the heading `heading` (its own level), heading included."""
    match = re.search(rf"^(#+) {re.escape(heading)}\s*$", readme, re.M)
    if match is None:
        raise ValueError(f"README.md has no section {heading!r}: the student README is built from it")
    level = len(match.group(1))
    end = re.compile(rf"^#{{1,{level}}} ", re.M).search(readme, match.end())
    return readme[match.start() : end.start() if end else len(readme)].rstrip() + "\n"


STUDENT_README = """# Why initialize weights randomly, and how? (student edition)
### 为什么要随机初始化权重，又该怎么做？（学生版：[README.zh-CN.md](README.zh-CN.md)）

The course's notebooks with the solutions taken out. Each exercise still checks your answer: replace the `...` with
it and run the cell; it says `✓ correct` or gives a hint.

## Set up

With Python 3.11, 3.12, 3.13 or 3.14, in this folder:

```bash
python3 course.py lab    # on Windows: py course.py lab
```

The first time, it creates `.venv` and installs the course with the exact versions of `constraints.txt` (a few
minutes); then it opens the course in JupyterLab. Ctrl+C stops it. On Linux, pip takes PyTorch's CUDA build (2.7 GB
of wheels, for GPUs the course does not use); to take the CPU-only build instead, run
`python3 -m venv .venv && .venv/bin/python -m pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu`
first. Or with conda: `conda env create -f environment.yml && conda activate initviz-course`, then
`jupyter lab notebooks/00_start_here.ipynb`.

{course_map}
## Studying alone

1. **Go in order**, 00 to 07: each notebook uses the ideas of the ones before it. 00 shows how to read the figures
   you will meet everywhere.
2. **Predict, then run.** Before running a cell, say (or write down) what you expect: a number, the shape of a curve.
   The surprises are where the learning is.
3. **Move the sliders.** Each explorer redraws its figure as you move a slider. Try the extremes.
4. **Do the exercises.** Replace the `...` with your answer and run the cell: it says `✓ correct` or gives a hint.
5. **Change things.** Every result comes from a fixed seed: change a seed, a width or a depth and rerun. Single runs
   change, the patterns do not. *Kernel → Restart Kernel and Run All Cells* brings the stored numbers back.

## Licence

Text and figures: CC BY 4.0 (`LICENSE-CONTENT`); code: MIT (`LICENSE`). How to cite: `CITATION.cff`.
"""


STUDENT_README_ZH = (  # Chinese paragraphs are single lines: a line break would show as a space
    "# 为什么要随机初始化权重，又该怎么做？（学生版）\n"
    "### Why initialize weights randomly, and how? (stu"
    "dent edition: [README.md](README.md))\n"
    "\n"
    "这是去掉了答案的课程笔记本。每道练习仍会检查你的答案：把 `...` 换成你的答案并运行单元格，它会"
    "告诉你答对了（`✓`），或者给出提示。\n"
    "\n"
    "## 安装与启动\n"
    "\n"
    "用 Python 3.11、3.12、3.13 或 3.14，在这个文件夹里运行：\n"
    "\n"
    "```bash\n"
    "python3 course.py lab --lang zh    # Windows：py co"
    "urse.py lab --lang zh\n"
    "```\n"
    "\n"
    "第一次运行会创建 `.venv`，并按 `constraints.txt` 中的确切版本安装课程（需"
    "要几分钟），然后在 JupyterLab 中打开中文版，JupyterLab 的菜单也是中文的。按 "
    "Ctrl+C 停止。图中的中文需要 CJK 字体（Linux：`sudo apt install f"
    "onts-noto-cjk`；Windows 和 macOS 自带）；没有时，图中文字用英文显示。\n"
    "\n"
    "{course_map}\n"
    "## 自学建议\n"
    "\n"
    "1. **按顺序学**，从 00 到 07：每个笔记本都用到前面笔记本的思想。08 把这些规则带到卷"
    "积网络、残差网络和 Transformer。\n"
    "2. **先预测，再运行。** 运行一个单元格之前，先说出（或写下）你的预期。出乎意料的地方，正是学"
    "到东西的地方。\n"
    "3. **拖动滑块。** 每个探索器都会随滑块重新绘图。先试两个极端。\n"
    "4. **做练习。** 把 `...` 换成你的答案并运行单元格：它会告诉你答对了，或者给出提示。\n"
    "5. **动手改一改。** 每个结果都来自固定的种子：改一个种子、宽度或深度，再运行。单次结果会变，"
    "规律不会变。*内核 → 重启并运行所有单元格…* 会让保存的数字回来。\n"
    "\n"
    "## 许可\n"
    "\n"
    "文字与图：CC BY 4.0（`LICENSE-CONTENT`）；代码：MIT（`LICENSE`"
    "）。引用方式见 `CITATION.cff`。\n"
    ""
)


def student_readme(readme: str) -> str:
    """The learner's README: set-up, the course map of the repository's README, how to study alone."""
    return STUDENT_README.format(course_map=readme_section(readme, "Course map"))


def student_readme_zh(readme: str) -> str:
    """The Chinese learner's README, with the course map of README.zh-CN.md."""
    course_map = readme_section(readme, "课程地图")
    course_map = re.sub(r"\n[^\n|]*README\.md#course-map[^\n]*\n", "\n", course_map)  # no link out of the folder
    return STUDENT_README_ZH.format(course_map=course_map)


def build(source: Path, target: Path, root: Path = ROOT) -> dict[str, Report]:
    """Write the student edition of the notebooks in `source` (and the files beside them) into `target`."""
    paths = course_notebooks(source)
    if not paths:
        raise ValueError(f"no notebooks named NN_name.ipynb in {source}")
    if target.exists():
        shutil.rmtree(target)
    reports = {}
    for path in paths:
        relative = path.relative_to(source)
        nb, report = student_notebook(nbformat.read(path, as_version=4))
        out = target / "notebooks" / relative
        out.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, out)
        reports[str(relative)] = report
    shutil.copytree(root / "initviz", target / "initviz", ignore=shutil.ignore_patterns("__pycache__"))
    for name in COPIED:
        if (root / name).exists():
            shutil.copy(root / name, target / name)
    (target / "README.md").write_text(
        student_readme((root / "README.md").read_text(encoding="utf-8")), encoding="utf-8"
    )
    if (root / "README.zh-CN.md").exists() and (target / "notebooks" / "zh").is_dir():
        chinese = student_readme_zh((root / "README.zh-CN.md").read_text(encoding="utf-8"))
        (target / "README.zh-CN.md").write_text(chinese, encoding="utf-8")
    return reports


def main(argv: list[str]) -> int:
    target = Path(argv[0]) if argv else ROOT / "build" / "student"
    start = time.perf_counter()
    try:
        reports = build(ROOT / "notebooks", target)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 1
    for name, report in reports.items():
        print(f"{name}: {len(report.removed)} solution cells removed, {len(report.cleared)} exercise cells cleared")
    print(f"{target}: {len(reports)} notebooks in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
