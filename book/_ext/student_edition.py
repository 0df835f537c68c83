"""The student edition: the same chapters, without the exercises' solutions.

A teacher runs ``make student``. It writes, from the chapters in
``notebooks/`` (no second copy is kept in the repository), into
``_build/student/``:

* ``notebooks/``: every chapter with its solutions removed and its outputs
  cleared. An exercise's solution is everything from its
  ``{solution-start}`` directive to its ``{solution-end}`` directive: the
  solution's prose and its code cells. The learner's check cell after each
  exercise (tag ``exercise-check``, hidden in the HTML book) is kept, so the
  learner can still ask ``check.ch2_washout(...)`` whether an answer is right;
* ``requirements.txt`` and ``memsim/``, what the notebooks import, so the folder
  can be handed out as it is;
* ``html/``: the HTML book of that edition. It is built from the same sources
  as the reader's book, with this Sphinx extension's ``memsim_student_edition``
  switched on, which removes every solution (sphinx-exercise's solution nodes,
  gated ones with the code cells they enclose). The notebooks' code is the
  same as the reader's book's, so the build reuses its execution cache. It
  has no page sources, download button or launch buttons: each would hand
  out the full notebooks.

Run as a script (``python book/_ext/student_edition.py OUTPUT``) it writes
the notebooks, the requirements and the book's configuration; ``make
student`` then builds the HTML book. As a Sphinx extension (listed in
``_config.yml``) it does nothing unless ``memsim_student_edition`` is true.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import shutil
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

#: The tag of the learner's check cell after each exercise.
CHECK_TAG = "exercise-check"
_START = re.compile(r"^(`{3,}|:{3,})\{solution-start\}", re.MULTILINE)
_END = re.compile(r"^(`{3,}|:{3,})\{solution-end\}\s*\n\1[ \t]*$", re.MULTILINE)
LEARNERS_README = """# Muscle Memory, Computed: the student edition

The chapters of the book, as notebooks, without the exercises' solutions.
Below each exercise a cell calls its check, e.g. `check.ch2_washout(None)`:
put your answer in place of `None` and run the cell. The check says whether
your answer is right, close or wrong, and gives a hint; it never shows the
answer.

You need Python 3.11 and a C++ compiler (`g++`; Brian2 compiles the spiking
networks). In this folder:

    python3.11 -m venv .venv
    .venv/bin/pip install -r requirements.txt jupyterlab
    .venv/bin/jupyter lab notebooks

`html/index.html`, where your teacher included it, is this edition as a book.
"""
_NOTE = (
    "```{note}\n"
    "This is the **student edition**: the exercises' solutions are not included. "
    "Each exercise says how to check your answer, and its check cell is below it.\n"
    "```\n"
)


def _source(cell: dict[str, Any]) -> str:
    source = cell["source"]
    return "".join(source) if isinstance(source, list) else source


def strip_solutions(notebook: dict[str, Any], name: str = "notebook") -> dict[str, Any]:
    """A copy of a notebook without its solutions and outputs.

    Parameters
    ----------
    notebook : dict
        The notebook as JSON (nbformat 4).
    name : str
        Its name, for error messages.

    Returns
    -------
    dict
        The student notebook: every cell from a ``{solution-start}`` directive
        to the next ``{solution-end}`` directive is gone (within a markdown cell,
        only that span), outputs and execution counts are cleared, and a note
        saying what edition this is follows the title.

    Raises
    ------
    ValueError
        If a ``{solution-start}`` has no ``{solution-end}`` after it, or a
        ``{solution-end}`` no start before it, naming the notebook and cell.
    """
    student = copy.deepcopy(notebook)
    cells: list[dict[str, Any]] = []
    inside = False
    for index, cell in enumerate(student["cells"]):
        text = _source(cell)
        if cell["cell_type"] == "markdown":
            kept, inside = _markdown_outside_solutions(text, inside, f"{name}, cell {index}")
            if kept.strip():
                cells.append({**cell, "source": kept})
            continue
        if inside:
            continue
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
        cells.append(cell)
    if inside:
        raise ValueError(f"{name}: a {{solution-start}} has no {{solution-end}} after it")
    title, _, rest = _source(cells[0]).partition("\n")
    cells[0] = {**cells[0], "source": f"{title}\n\n{_NOTE}{rest}"}
    student["cells"] = cells
    return student


def _markdown_outside_solutions(text: str, inside: bool, where: str) -> tuple[str, bool]:
    """The parts of a markdown cell outside any solution, and whether the cell ends inside one."""
    kept, position = [], 0
    while position <= len(text):
        if inside:
            end = _END.search(text, position)
            start = _START.search(text, position)
            if start and (end is None or start.start() < end.start()):
                raise ValueError(f"{where}: a {{solution-start}} inside a solution that has not ended")
            if end is None:
                return "".join(kept), True
            position, inside = end.end(), False
        else:
            start = _START.search(text, position)
            end = _END.search(text, position)
            if end and (start is None or end.start() < start.start()):
                raise ValueError(f"{where}: a {{solution-end}} with no {{solution-start}} before it")
            if start is None:
                kept.append(text[position:])
                break
            kept.append(text[position : start.start()])
            position, inside = start.end(), True
    return re.sub(r"\n{3,}", "\n\n", "".join(kept)).strip("\n") + "\n", inside


def write_notebooks(source: Path, output: Path) -> list[Path]:
    """Write the student edition of every chapter in ``source`` into ``output``; return the paths."""
    output.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted(source.glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        target = output / path.name
        student = strip_solutions(notebook, path.name)
        target.write_text(json.dumps(student, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(target)
    return written


def write_book_config(output: Path) -> Path:
    """The reader's book configuration, switched to the student edition; return its path.

    It shares the reader's book's execution cache: the notebooks' code is the
    same, so a built reader's book makes this build cheap.
    """
    import yaml  # comes with jupyter-book, which only this function's caller needs

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    config["title"] = f"{config['title']} (student edition)"
    config["execute"]["cache"] = str(ROOT / "_build" / ".jupyter_cache")
    config["sphinx"]["config"]["memsim_student_edition"] = True
    # The page sources, the download button and the launch buttons would all
    # hand out the full notebooks, solutions included.
    config["sphinx"]["config"]["html_copy_source"] = False
    config.pop("launch_buttons", None)
    # Jupyter Book does not pass html.use_download_button on to the theme; this
    # sets it among the theme's options, keeping the others.
    config["sphinx"]["recursive_update"] = True
    config["sphinx"]["config"]["html_theme_options"] = {"use_download_button": False}
    # Jupyter Book looks for local extensions from the configuration file's folder.
    extensions = config["sphinx"]["local_extensions"]
    config["sphinx"]["local_extensions"] = {name: str(ROOT / folder) for name, folder in extensions.items()}
    path = output / "_config.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def write_edition(output: Path) -> None:
    """Write the student notebooks, what they import, and the book's configuration into ``output``."""
    if output.resolve() in (ROOT, ROOT / "notebooks"):
        raise ValueError(f"output must be a folder of its own, such as _build/student, got {output}")
    notebooks = output / "notebooks"
    shutil.rmtree(notebooks, ignore_errors=True)
    write_notebooks(ROOT / "notebooks", notebooks)
    shutil.rmtree(output / "memsim", ignore_errors=True)
    shutil.copytree(ROOT / "memsim", output / "memsim", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "requirements.txt", "runtime.txt", "apt.txt"):
        shutil.copy(ROOT / name, output / name)
    # pyproject.toml names README.md as the package's description; this one is the learners'.
    (output / "README.md").write_text(LEARNERS_README, encoding="utf-8")
    write_book_config(output)


# --------------------------------------------------------------------------- Sphinx


def _remove_solutions(app: Any, doctree: Any, _docname: str) -> None:
    """Remove every solution node (gated ones enclose their code cells) in the student edition."""
    if not app.config.memsim_student_edition:
        return
    from sphinx_exercise.nodes import solution_node

    for node in list(doctree.findall(solution_node)):
        node.parent.remove(node)


def setup(app: Any) -> dict[str, Any]:
    app.add_config_value("memsim_student_edition", False, "env")
    # After sphinx-exercise has gathered each gated solution's cells into its node.
    app.connect("doctree-resolved", _remove_solutions, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def main() -> int:
    parser = argparse.ArgumentParser(description="Write the student edition's notebooks and book configuration.")
    parser.add_argument("output", type=Path, help="folder to write, e.g. _build/student")
    args = parser.parse_args()
    write_edition(args.output)
    print(f"student notebooks in {args.output / 'notebooks'}; book configuration {args.output / '_config.yml'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
