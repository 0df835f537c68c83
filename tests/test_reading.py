"""The chapters read as prose first: what a reader sees, and what is folded away.

Three rules of issue 19, checked on the committed notebooks without running them:

- **Prose before code.** A cell whose input is hidden (tags ``hide-input``,
  ``remove-input`` or ``remove-cell``) makes no top-level call into a model
  subpackage of memsim (``pathways``, ``retention``, ``myonuclei``, ``sleep``,
  ``sensory``, ``systems``, ``core``): the calls that run a model stay visible. And no
  visible cell consists only of plotting, glue, widget or display calls: those
  are folded away. The cells are classified with :mod:`ast`, by what each call
  is rooted at, as the notebook imports it (see :func:`classify_cell`).
- **Glossary links.** In each chapter's prose, the first use of each term of
  ``book/glossary.md`` is a ``{term}`` link (see :func:`term_forms` for how a
  term is matched).
- **Implementation words** (``cpp_standalone``, ``run_args``, ``memsim.``)
  appear in a chapter's markdown only inside its one folded note,
  ``:::{dropdown} How this was computed``.
"""

from __future__ import annotations

import ast
import builtins
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
GLOSSARY = ROOT / "book" / "glossary.md"

#: The subpackages of memsim that hold models: a call into one of them runs a model.
MODEL_PACKAGES = (
    "memsim.pathways",
    "memsim.retention",
    "memsim.myonuclei",
    "memsim.sleep",
    "memsim.sensory",
    "memsim.systems",
    "memsim.core",
)
#: Modules whose calls only draw, glue, build widgets or display.
PRESENTATION_MODULES = ("matplotlib", "ipywidgets", "IPython", "myst_nb", "memsim.render")
#: Modules whose calls neither run a model nor compute anything a reader needs to see.
NEUTRAL_MODULES = ("numpy", "time", "math")
NEUTRAL_BUILTINS = frozenset(name for name in dir(builtins) if not name.startswith("_"))

#: Tags that hide a cell's input from the reader.
HIDING_TAGS = frozenset({"hide-input", "remove-input", "remove-cell"})

#: Words about how the book is built, not about the science.
IMPLEMENTATION_WORDS = ("cpp_standalone", "run_args", "memsim.")
DROPDOWN_TITLE = "How this was computed"
DROPDOWN_OPEN = re.compile(r"^(?P<fence>:{3,}|`{3,})\{dropdown\}\s*(?P<title>.*?)\s*$")


# --------------------------------------------------------------------------- notebooks


def load_cells(path: Path) -> list[dict]:
    """The cells of a notebook, each with its source as one string and its tags."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return [
        {
            "cell_type": cell["cell_type"],
            "source": "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"],
            "tags": list(cell.get("metadata", {}).get("tags", [])),
            "id": cell.get("id", "?"),
        }
        for cell in notebook["cells"]
    ]


def is_hidden(cell: dict) -> bool:
    """Whether a reader sees the cell's input without opening anything."""
    return bool(HIDING_TAGS & set(cell["tags"]))


def python_source(source: str) -> str:
    """A code cell's source without IPython magics and shell escapes, which ast cannot read."""
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())


# --------------------------------------------------------------------------- call classifier


def _under(path: str, prefixes: tuple[str, ...]) -> bool:
    return any(path == p or path.startswith(p + ".") for p in prefixes)


def _root_name(node: ast.expr) -> str | None:
    """The name a call's function hangs from: ``a`` for ``a.b(x).c[0].d``."""
    while True:
        if isinstance(node, ast.Name):
            return node.id
        if isinstance(node, ast.Attribute | ast.Subscript):
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        else:
            return None


def _dotted(node: ast.expr) -> list[str] | None:
    """``["a", "b", "c"]`` for ``a.b.c``; None if the expression is not a plain dotted name."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return parts[::-1]


@dataclass
class Scope:
    """What the names of a notebook stand for, built up cell by cell in order.

    ``imports`` maps a bound name to the dotted path it was imported as
    (``from memsim import pathways`` binds ``pathways`` to ``memsim.pathways``;
    ``import memsim.pathways as p`` binds ``p`` to the same). ``drawn`` holds the
    names of figures, axes and widgets (assigned from a presentation call), and
    ``drawing_functions`` the notebook's own functions whose bodies draw.
    """

    imports: dict[str, str] = field(default_factory=dict)
    drawn: set[str] = field(default_factory=set)
    drawing_functions: set[str] = field(default_factory=set)

    def resolve(self, func: ast.expr) -> str | None:
        """The dotted path a call's function resolves to through the imports, if it does."""
        dotted = _dotted(func)
        root = _root_name(func)
        if root is None or root not in self.imports:
            return None
        if dotted is None:  # e.g. pathways.run(x).select(...): rooted at the import all the same
            return self.imports[root]
        return ".".join([self.imports[root], *dotted[1:]])

    def kind(self, call: ast.Call) -> str:
        """``model``, ``presentation``, ``neutral`` or ``other``, for one call."""
        path = self.resolve(call.func)
        if path is not None:
            if _under(path, MODEL_PACKAGES):
                return "model"
            if _under(path, PRESENTATION_MODULES):
                return "presentation"
            if _under(path, NEUTRAL_MODULES):
                return "neutral"
            return "other"
        root = _root_name(call.func)
        if root in self.drawn or (isinstance(call.func, ast.Name) and root in self.drawing_functions):
            return "presentation"
        if isinstance(call.func, ast.Name) and root in NEUTRAL_BUILTINS:
            return "neutral"
        return "other"


@dataclass
class CellCalls:
    """The top-level calls of one code cell, by kind, as source text."""

    model: list[str] = field(default_factory=list)
    presentation: list[str] = field(default_factory=list)
    neutral: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)

    @property
    def presentation_only(self) -> bool:
        """The cell only draws, glues, builds widgets or displays (and maybe does neutral arithmetic)."""
        return bool(self.presentation) and not self.model and not self.other


def _top_level_calls(tree: ast.Module) -> Iterator[ast.Call]:
    """Calls that run when the cell runs: not those inside a def, a class body or a lambda."""
    stack: list[ast.AST] = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
            continue
        if isinstance(node, ast.Call):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def _bind(scope: Scope, statement: ast.stmt) -> None:
    """Record what the statement binds: imports, drawn objects, drawing functions."""
    if isinstance(statement, ast.Import):
        for alias in statement.names:
            if alias.asname:
                scope.imports[alias.asname] = alias.name
            else:
                head = alias.name.split(".")[0]
                scope.imports[head] = head
    elif isinstance(statement, ast.ImportFrom) and statement.module and not statement.level:
        for alias in statement.names:
            scope.imports[alias.asname or alias.name] = f"{statement.module}.{alias.name}"
    elif isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
        body_calls = [node for node in ast.walk(statement) if isinstance(node, ast.Call)]
        local = Scope(scope.imports, set(scope.drawn), scope.drawing_functions)
        for node in ast.walk(statement):
            if isinstance(node, ast.Assign | ast.For):
                _mark_drawn(local, node)
        if any(local.kind(call) == "presentation" for call in body_calls):
            scope.drawing_functions.add(statement.name)
    elif isinstance(statement, ast.Assign | ast.AnnAssign | ast.For | ast.With):
        _mark_drawn(scope, statement)


def _names(target: ast.expr) -> list[str]:
    return [node.id for node in ast.walk(target) if isinstance(node, ast.Name)]


def _mark_drawn(scope: Scope, statement: ast.AST) -> None:
    """Names assigned from a presentation call (``fig, ax = plotting.new_figure()``) are drawn objects."""
    pairs: list[tuple[list[str], ast.expr | None]] = []
    if isinstance(statement, ast.Assign):
        pairs = [(_names(t), statement.value) for t in statement.targets]
    elif isinstance(statement, ast.AnnAssign):
        pairs = [(_names(statement.target), statement.value)]
    elif isinstance(statement, ast.For):
        pairs = [(_names(statement.target), statement.iter)]
    elif isinstance(statement, ast.With):
        pairs = [(_names(i.optional_vars), i.context_expr) for i in statement.items if i.optional_vars]
    for names, value in pairs:
        if isinstance(value, ast.Call):
            drawn = scope.kind(value) == "presentation"
        elif isinstance(value, ast.Tuple | ast.List):  # for ax in (ax1, ax2)
            drawn = bool(value.elts) and all(isinstance(e, ast.Name) and e.id in scope.drawn for e in value.elts)
        else:
            drawn = False
        for name in names:
            if drawn:
                scope.drawn.add(name)
            else:
                scope.drawn.discard(name)


def classify_cell(source: str, scope: Scope) -> CellCalls:
    """Classify a code cell's top-level calls, and add what it binds to ``scope``.

    A call is a **model** call if its function is rooted at a name imported from
    a model subpackage (``pathways.competition_experiment(...)``,
    ``competition_experiment(...)`` after ``from memsim.pathways import
    competition_experiment``, ``p.run(...)`` after ``import memsim.pathways as
    p``). It is a **presentation** call if it is rooted at matplotlib,
    ipywidgets, IPython, myst_nb or ``memsim.render`` (``plotting``, ``glue``,
    ``widgets``, ``markdown``), at a figure, axes or widget assigned from such a
    call, or at one of the notebook's functions whose body makes such a call.
    Builtins and numpy, time and math are **neutral**; anything else (a method of
    a model's result, ``literature.compare``) is **other**. Calls inside a
    ``def``, a class body or a ``lambda`` are not top-level and not counted.
    """
    tree = ast.parse(python_source(source))
    calls = CellCalls()
    for statement in tree.body:
        # a loop's or a with's names are bound before its body runs; an assignment's after its value
        loop = isinstance(statement, ast.For | ast.With)
        if loop:
            _bind(scope, statement)
        single = ast.Module(body=[statement], type_ignores=[])
        for call in _top_level_calls(single):
            getattr(calls, scope.kind(call)).append(ast.unparse(call.func))
        if not loop:
            _bind(scope, statement)
    return calls


def classify_notebook(cells: list[dict]) -> list[tuple[dict, CellCalls]]:
    """Each code cell with its classified calls, the scope carried through the notebook in order."""
    scope = Scope()
    return [(cell, classify_cell(cell["source"], scope)) for cell in cells if cell["cell_type"] == "code"]


# --------------------------------------------------------------------------- tests: prose before code


def test_there_are_chapters():
    assert len(NOTEBOOKS) >= 5, NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_hidden_cells_run_no_model(path):
    offending = [
        f"{cell['id']} (tags {cell['tags']}): {', '.join(calls.model)}"
        for cell, calls in classify_notebook(load_cells(path))
        if is_hidden(cell) and calls.model
    ]
    assert not offending, (
        f"{path.name}: these hidden cells call a model; move the model calls into a visible cell:\n"
        + "\n".join(offending)
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_visible_cells_are_not_only_plumbing(path):
    offending = [
        f"{cell['id']}: {', '.join(calls.presentation)}"
        for cell, calls in classify_notebook(load_cells(path))
        if not is_hidden(cell) and calls.presentation_only
    ]
    assert not offending, (
        f"{path.name}: these visible cells only plot, glue, build widgets or display; tag them hide-input:\n"
        + "\n".join(offending)
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_chapters_show_some_model_calls_and_hide_some_cells(path):
    """Neither extreme: not every cell hidden (a blanket tag), not every cell shown."""
    classified = classify_notebook(load_cells(path))
    visible_model = [cell["id"] for cell, calls in classified if calls.model and not is_hidden(cell)]
    hidden = [cell["id"] for cell, _ in classified if is_hidden(cell)]
    assert visible_model, f"{path.name}: no visible cell runs a model"
    assert hidden, f"{path.name}: no cell is hidden"


def _cells(*sources: str, tags: tuple[list[str], ...] | None = None) -> list[dict]:
    tags = tags or tuple([] for _ in sources)
    return [
        {"cell_type": "code", "source": s, "tags": t, "id": f"cell-{i:02d}"}
        for i, (s, t) in enumerate(zip(sources, tags, strict=True), start=1)
    ]


def test_classifier_flags_a_hidden_model_call():
    cells = _cells(
        "from memsim import pathways\nfrom memsim.render import plotting",
        "run = pathways.competition_experiment(rates)\nglue('x', run.weights.mean())",
        tags=([], ["hide-input"]),
    )
    (_, imports), (hidden, calls) = classify_notebook(cells)
    assert is_hidden(hidden)
    assert calls.model == ["pathways.competition_experiment"]
    assert not imports.model


@pytest.mark.parametrize(
    ("imports", "call"),
    [
        ("from memsim import pathways", "pathways.competition_experiment(r)"),
        ("from memsim.pathways import competition_experiment", "competition_experiment(r)"),
        ("from memsim.pathways import competition_experiment as ce", "ce(r)"),
        ("import memsim.pathways as p", "p.competition_experiment(r)"),
        ("import memsim.pathways", "memsim.pathways.competition_experiment(r)"),
        ("import memsim", "memsim.retention.savings(m)"),
        ("from memsim.core import spiking", "spiking.run(n).select(a=1)"),
        ("from memsim import myonuclei", "x = [myonuclei.simulate(s) for s in schedules]"),
    ],
)
def test_classifier_resolves_every_import_form(imports, call):
    (_, _), (_, calls) = classify_notebook(_cells(imports, call))
    assert calls.model, f"{call!r} after {imports!r} was not seen as a model call"


@pytest.mark.parametrize(
    "source",
    [
        "from memsim import literature\nliterature.get('bi1998.window')",  # not a model subpackage
        "from memsim import pathways\n\ndef f(x):\n    return pathways.run(x)",  # inside a def
        "from memsim import pathways\ng = lambda x: pathways.run(x)",  # inside a lambda
        "import numpy as np\nnp.linspace(0, 1, 5)",
        "from memsim import pathways\nrule = pathways.STDPRule\nprint(rule)",  # no call into the package
    ],
)
def test_classifier_counts_no_model_call(source):
    ((_, calls),) = classify_notebook(_cells(source))
    assert not calls.model, calls


def test_classifier_flags_a_visible_cell_that_only_plots_and_glues():
    cells = _cells(
        "from memsim.render import plotting\nfrom myst_nb import glue",
        "fig, ax = plotting.new_figure()\nglue('x', fig)",
    )
    (_, _), (cell, calls) = classify_notebook(cells)
    assert not is_hidden(cell)
    assert calls.presentation_only
    assert calls.presentation == ["plotting.new_figure", "glue"]


def test_classifier_follows_drawn_objects_and_drawing_functions():
    cells = _cells(
        "import matplotlib.pyplot as plt\nimport numpy as np\nfrom memsim.render.widgets import FrameExplorable",
        "def draw(x):\n    fig, ax = plt.subplots()\n    ax.plot(x)\n    return fig\n\n"
        "fig, (ax1, ax2) = plt.subplots(1, 2)\nfor ax in (ax1, ax2):\n    ax.plot(np.arange(3))\n"
        "explorer = FrameExplorable('x', draw, [])\nexplorer.widget.layout\ndraw(np.zeros(3))",
    )
    (_, _), (_, calls) = classify_notebook(cells)
    assert calls.presentation_only, calls
    assert "ax.plot" in calls.presentation and "draw" in calls.presentation


def test_classifier_passes_a_visible_cell_with_a_model_call():
    cells = _cells(
        "from memsim import pathways\nfrom memsim.render import plotting\nfrom myst_nb import glue",
        "run = pathways.competition_experiment(rates)\nfig, ax = plotting.new_figure()\nglue('x', fig)",
    )
    (_, _), (_, calls) = classify_notebook(cells)
    assert calls.model == ["pathways.competition_experiment"]
    assert not calls.presentation_only


def test_classifier_passes_a_visible_cell_that_computes_from_results():
    cells = _cells(
        "from IPython.display import Markdown",
        "group_mean = grid.weights[:, grid.group_mask()].mean(axis=1)\nMarkdown(f'{group_mean}')",
    )
    (_, _), (_, calls) = classify_notebook(cells)
    assert calls.other and calls.presentation == ["Markdown"]
    assert not calls.presentation_only


# --------------------------------------------------------------------------- markdown prose

_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,}|:{3,})\s*(?P<info>.*)$")
_OPTION = re.compile(r"^:[\w-]+:")
#: Fenced blocks whose whole content is not prose: code, math, figures (caption and alt text).
_NOT_PROSE = re.compile(r"^\{(glue:figure|figure|code|code-block|code-cell|math|glossary|list-table|table)\}")
_ROLE = re.compile(r"\{(?P<role>[\w:-]+)\}`(?P<body>[^`]*)`")
_TERM_BODY = re.compile(r"^(?P<shown>.*?)\s*<(?P<target>[^<>]+)>\s*$", re.S)


def prose_lines(markdown: str) -> Iterator[str]:
    """The lines of a markdown cell that a reader reads as prose.

    Leaves out fenced code and math, figure blocks (caption and alt text), headings,
    the title and option lines of directives (an exercise's or a dropdown's title);
    keeps the bodies of exercises, solutions and dropdowns.
    """
    fences: list[tuple[str, bool]] = []  # (fence, prose inside)
    in_math = False
    after_directive = False
    for line in markdown.splitlines():
        stripped = line.strip()
        match = _FENCE.match(stripped)
        if match and fences and stripped == fences[-1][0]:
            fences.pop()
            after_directive = False
            continue
        if match and (not fences or fences[-1][1]):
            info = match["info"]
            prose = info.startswith("{") and not _NOT_PROSE.match(info)
            fences.append((match["fence"], prose))
            after_directive = prose
            continue
        if fences and not fences[-1][1]:
            continue
        if after_directive and _OPTION.match(stripped):
            continue
        after_directive = False
        if stripped.startswith("$$"):
            if not (stripped.endswith("$$") and len(stripped) > 2):
                in_math = not in_math
            continue
        if in_math or stripped.startswith("#"):
            continue
        yield line


@dataclass(frozen=True)
class Segment:
    """A piece of prose: plain text, or a ``{term}`` link (``target`` set)."""

    text: str
    target: str | None = None


def prose_segments(markdown: str) -> Iterator[Segment]:
    """The prose of a markdown cell as plain text and term links, in reading order.

    Inline math and inline code are dropped; roles other than ``{term}`` (citations,
    glued numbers, references) are dropped too.
    """
    text = "\n".join(prose_lines(markdown))
    text = re.sub(r"\\begin\{(\w+\*?)\}.*?\\end\{\1\}", " ", text, flags=re.S)
    position = 0
    for match in _ROLE.finditer(text):
        yield from _plain(text[position : match.start()])
        if match["role"] == "term":
            body = match["body"]
            explicit = _TERM_BODY.match(body)
            shown, target = (explicit["shown"], explicit["target"]) if explicit else (body, body)
            yield Segment(shown, target.strip())
        position = match.end()
    yield from _plain(text[position:])


def _plain(text: str) -> Iterator[Segment]:
    text = re.sub(r"\$[^$\n]+\$", " ", text)
    text = re.sub(r"`[^`\n]*`", " ", text)
    if text.strip():
        yield Segment(text)


def glossary_terms() -> list[str]:
    """The terms of ``book/glossary.md``: the non-indented lines of its ``{glossary}`` block."""
    text = GLOSSARY.read_text(encoding="utf-8")
    block = re.search(r"^```\{glossary\}\n(?P<body>.*?)^```", text, re.S | re.M)
    assert block, f"{GLOSSARY} has no {{glossary}} block"
    return [
        line.strip()
        for line in block["body"].splitlines()
        if line.strip() and not line[0].isspace() and not _OPTION.match(line)
    ]


#: A parenthesis that only says which sense of a word is meant, not another name for it.
SENSE_QUALIFIERS = frozenset({"evidence"})


def term_forms(term: str) -> tuple[str, ...]:
    """The words that count as a use of a glossary term in prose.

    The matching rule, in full: a term "Name (other name)" is used wherever
    either name appears ("LTP (long-term potentiation)": "LTP" or "long-term
    potentiation"; "Action potential (spike)": "action potential" or "spike");
    a term without a parenthesis, wherever its name appears. A parenthesis that
    only names a sense ("Input (evidence)") is not another name: such a term is
    used only where its full name appears. Matching ignores case, takes whole
    words (a hyphen joins words: "spike-timing" is not "spike"), and allows a
    plural "s" or "es".
    """
    match = re.fullmatch(r"(?P<name>.+?)\s*\((?P<other>[^()]+)\)", term)
    if not match:
        return (term,)
    if match["other"].strip().lower() in SENSE_QUALIFIERS:
        return (term,)
    return (match["name"].strip(), match["other"].strip())


def term_pattern(term: str) -> re.Pattern[str]:
    forms = "|".join(re.escape(form) for form in term_forms(term))
    return re.compile(rf"(?<![\w-])(?:{forms})(?:e?s)?(?![\w-])", re.I)


def first_uses(cells: list[dict], terms: list[str]) -> dict[str, Segment | None]:
    """For each term, the first segment that uses it: a link to it, plain text, or None if unused.

    A link to another term is passed over (its words are that term's), so a term
    inside a longer linked term ("synapse" in a linked "cascade synapse") is not
    a use of it.
    """
    by_name = {t.lower(): t for t in terms}
    found: dict[str, Segment | None] = dict.fromkeys(terms)
    patterns = {t: term_pattern(t) for t in terms}
    for cell in cells:
        if cell["cell_type"] != "markdown":
            continue
        for segment in prose_segments(cell["source"]):
            for term in terms:
                if found[term] is not None:
                    continue
                if segment.target is not None:
                    if by_name.get(segment.target.lower()) == term:
                        found[term] = segment
                elif patterns[term].search(segment.text):
                    found[term] = segment
    return found


def test_glossary_has_its_terms():
    terms = glossary_terms()
    assert len(terms) >= 30, terms
    assert "LTP (long-term potentiation)" in terms and "Synapse" in terms
    assert not any(t.startswith(" ") or t.endswith(".") for t in terms), terms


def test_term_matching_rule():
    assert term_forms("LTP (long-term potentiation)") == ("LTP", "long-term potentiation")
    assert term_forms("Input (evidence)") == ("Input (evidence)",)
    assert term_pattern("Synapse").search("two synapses compete")
    assert term_pattern("Action potential (spike)").search("pre- and postsynaptic spikes")
    assert not term_pattern("Action potential (spike)").search("spike-timing-dependent plasticity")
    assert not term_pattern("Input (evidence)").search("the input rate")


def test_first_use_finder_sees_an_unlinked_first_use():
    terms = ["LTP (long-term potentiation)", "Synapse", "Cascade synapse"]
    cells = [
        {"cell_type": "markdown", "source": "# LTP in a heading\n\nA {term}`cascade synapse <Cascade synapse>` here."},
        {"cell_type": "markdown", "source": "Then LTP, unlinked, and a {term}`synapse`.\n\n$$LTP$$"},
        {"cell_type": "markdown", "source": "```{glue:figure} f\n:alt: synapse\n\nLTP\n```\nLater {term}`LTP`."},
    ]
    found = first_uses(cells, terms)
    assert found["LTP (long-term potentiation)"] == Segment(found["LTP (long-term potentiation)"].text)  # plain
    assert found["Synapse"] == Segment("synapse", "synapse")
    assert found["Cascade synapse"] == Segment("cascade synapse", "Cascade synapse")


def test_prose_leaves_out_code_math_headings_captions_and_titles():
    markdown = (
        "## Heading word\n\nKept one $inline$ `code` {cite}`key` {glue:text}`n:.1f`.\n\n"
        "$$\nmath\n$$\n\n```python\ncode block\n```\n\n"
        "````{exercise} Exercise title\n:label: ex-x\n\nKept two.\n````\n\n"
        ":::{dropdown} Dropdown title\nKept three.\n:::\n"
        "```{glue:figure} fig\n:alt: alt words\n\ncaption words\n```\n"
    )
    text = " ".join(s.text for s in prose_segments(markdown))
    for kept in ("Kept one", "Kept two", "Kept three"):
        assert kept in text
    for dropped in ("Heading", "inline", "code", "key", "math", "title", "label", "alt words", "caption"):
        assert dropped not in text, (dropped, text)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_glossary_terms_are_linked_at_first_use(path):
    terms = glossary_terms()
    unlinked = {}
    for term, segment in first_uses(load_cells(path), terms).items():
        if segment is not None and segment.target is None:
            match = term_pattern(term).search(segment.text)
            assert match, (term, segment)
            unlinked[term] = " ".join(segment.text[max(0, match.start() - 50) : match.end() + 30].split())
    assert not unlinked, f"{path.name}: first use not linked with {{term}}:\n" + "\n".join(
        f"- {term}: …{context}…" for term, context in unlinked.items()
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_chapter_links_the_glossary_and_only_to_its_terms(path):
    names = {t.lower() for t in glossary_terms()}
    targets = [
        segment.target
        for cell in load_cells(path)
        if cell["cell_type"] == "markdown"
        for segment in prose_segments(cell["source"])
        if segment.target is not None
    ]
    assert targets, f"{path.name} has no {{term}} link"
    unknown = [t for t in targets if t.lower() not in names]
    assert not unknown, f"{path.name}: {{term}} links to terms not in the glossary: {unknown}"


# --------------------------------------------------------------------------- implementation words


def split_dropdowns(markdown: str) -> tuple[list[str], str]:
    """The titles of a markdown cell's dropdowns, and the cell's text outside "How this was computed"."""
    titles: list[str] = []
    outside: list[str] = []
    closing: str | None = None
    for line in markdown.splitlines():
        if closing is not None:
            if line.strip() == closing:
                closing = None
            continue
        match = DROPDOWN_OPEN.match(line.strip())
        if match:
            titles.append(match["title"])
            if match["title"] == DROPDOWN_TITLE:
                closing = match["fence"]
                continue
        outside.append(line)
    return titles, "\n".join(outside)


def test_split_dropdowns_finds_the_note_and_what_lies_outside():
    titles, outside = split_dropdowns(
        "Prose with run_args.\n\n:::{dropdown} How this was computed\nWith `cpp_standalone`.\n:::\nAfter."
    )
    assert titles == [DROPDOWN_TITLE]
    assert "run_args" in outside and "After." in outside
    assert "cpp_standalone" not in outside


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_chapter_has_one_how_this_was_computed_note(path):
    titles = [
        title
        for cell in load_cells(path)
        if cell["cell_type"] == "markdown"
        for title in split_dropdowns(cell["source"])[0]
    ]
    assert titles.count(DROPDOWN_TITLE) == 1, f"{path.name}: dropdowns {titles}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_implementation_words_stay_in_the_note(path):
    leaks = [
        f"{cell['id']}: {word!r} in …{outside[max(0, outside.index(word) - 60) : outside.index(word) + 40]}…"
        for cell in load_cells(path)
        if cell["cell_type"] == "markdown"
        for outside in [split_dropdowns(cell["source"])[1]]
        for word in IMPLEMENTATION_WORDS
        if word in outside
    ]
    assert not leaks, f"{path.name}: implementation words outside the 'How this was computed' note:\n" + "\n".join(
        leaks
    )
