"""The whole book builds with warnings as errors, and shows what it should.

This executes every notebook (through the build's execution cache) and so is
slow; it runs as part of ``make test``.
"""

from __future__ import annotations

import html
import re
import subprocess

import pytest

from memsim import claims, literature
from tests.conftest import ROOT, requires_compiler

pytestmark = [pytest.mark.book, requires_compiler]

HTML = ROOT / "_build" / "html"


def page_text(relative: str) -> str:
    """Visible text of a built page, whitespace collapsed."""
    raw = (HTML / relative).read_text(encoding="utf-8")
    raw = re.sub(r"<(script|style)\b.*?</\1>", " ", raw, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", raw)).split())


@pytest.fixture(scope="module")
def build(book_build) -> subprocess.CompletedProcess:
    return book_build


def test_book_builds_without_warnings(build):
    log = build.stdout + build.stderr
    warnings = [line for line in log.splitlines() if "WARNING" in line and "IPKernelApp" not in line]
    assert build.returncode == 0, log[-5000:]
    assert not warnings, "\n".join(warnings)


def test_scorecard_quotes_every_claim_verbatim_with_its_verdict(build):
    text = page_text("book/claims.html")
    for c in claims.CLAIMS:
        assert " ".join(c.quote.split()) in text, c.id
    waiting = [c.id for c in claims.CLAIMS if claims.verdict(c.id).label == "not yet examined"]
    assert text.count("not yet examined") >= len(waiting)  # one per row, plus the legend
    # Sphinx turns straight quotes into curly ones; compare with them straightened.
    straight = " ".join(text.split()).translate(str.maketrans("‘’“”", "''\"\""))
    for c in claims.CLAIMS:
        assert claims.verdict(c.id).reason[:60] in straight, c.id


def test_scorecard_pastes_how_each_verdicts_predictions_came_out(build):
    """Each chapter's glued tally reaches the scorecard, and adds up to the rows the verdict cites."""
    from memsim import evidence

    text = page_text("book/claims.html")
    assert "{glue" not in text and "glue:text" not in text
    for c in claims.CLAIMS:
        v = claims.verdict(c.id)
        for chapter in sorted({evidence.split_row(r)[0].chapter for r in v.predictions}):
            cited = sum(evidence.split_row(r)[0].chapter == chapter for r in v.predictions)
            match = re.search(rf"Ch\. {chapter}: {cited} \(\s*(\d+) agrees?, (\d+) miss(?:es)?\s*\)", text)
            assert match, (c.id, chapter)
            assert int(match.group(1)) + int(match.group(2)) == cited, (c.id, chapter)


def test_every_comparison_table_labels_each_rows_evidence_kind(build):
    for page in sorted((HTML / "notebooks").glob("*.html")):
        text = page_text(f"notebooks/{page.name}")
        assert "evidence within tolerance?" in text, page.name
        assert "prediction" in text, page.name


def test_intro_maps_every_claim(build):
    text = page_text("book/intro.html")
    for c in claims.CLAIMS:
        assert " ".join(c.quote.split()) in text, c.id


def test_chapter_1_shows_glued_and_published_numbers(build):
    text = page_text("notebooks/01_pathways.html")
    assert "{glue" not in text and "glue:text" not in text
    assert literature.get("bi2001.tau_plus").formatted() in text
    assert literature.get("bi2001.tau_minus").formatted() in text
    for heading in ("Overview", "The biology", "The model", "Explore", "Exercises"):
        assert heading in text
    assert "Solution" in text  # dropdown solutions to the exercises


def test_citations_resolve_into_the_bibliography(build):
    text = page_text("book/bibliography.html")
    assert "Synaptic modifications in cultured hippocampal neurons" in text
    assert "Rate, timing, and cooperativity" in text


def test_math_is_served_locally(build):
    raw = (HTML / "notebooks" / "01_pathways.html").read_text(encoding="utf-8")
    # Sphinx may append a checksum (?v=...) to bust browser caches.
    assert re.search(r'src="\.\./_static/mathjax/tex-chtml\.js(\?v=[0-9a-f]+)?"', raw)
    assert "cdn.jsdelivr.net/npm/mathjax" not in raw


def test_figures_have_alt_text(build):
    raw = (HTML / "notebooks" / "01_pathways.html").read_text(encoding="utf-8")
    images = [img for img in re.findall(r"<img\b[^>]*>", raw) if "_images/" in img]
    assert len(images) >= 3
    missing = [img for img in images if not re.search(r'alt="[^"]{20,}"', img)]
    assert not missing, missing


def test_widget_javascript_is_served_locally(build):
    raw = (HTML / "notebooks" / "01_pathways.html").read_text(encoding="utf-8")
    assert 'src="../_static/widgets/require.js' in raw
    assert 'src="../_static/widgets/embed-amd.js' in raw
    assert "cdn.jsdelivr.net" not in raw and "cdnjs.cloudflare.com" not in raw
    # Loaded once, through nb_ipywidgets_js, not again from the root _static folder.
    assert raw.count("embed-amd.js") == 1


def test_chapter_pages_stay_under_5_mb(build):
    for page in (HTML / "notebooks").glob("*.html"):
        assert page.stat().st_size < 5 * 1024 * 1024, page.name


@pytest.mark.parametrize("notebook", sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb")))
def test_every_chapter_renders_its_template_glue_and_verdicts(build, notebook):
    text = page_text(f"notebooks/{notebook}.html")
    assert "{glue" not in text and "glue:text" not in text and "{cite" not in text
    for heading in (
        "Overview",
        "The biology",
        "The model",
        "Reproducing",
        "Explore",
        "Verdict",
        "Exercises",
        "Summary",
    ):
        assert heading in text, heading
    assert "Solution" in text
    number = int(notebook[:2])
    # every chapter judges at least one claim, or bears on a verdict given elsewhere (Chapter 6 on C2 and C4)
    judged = [
        c for c in claims.CLAIMS if claims.verdict(c.id).chapter == number or number in claims.verdict(c.id).requires
    ]
    assert judged, notebook
    for c in judged:
        assert f"Verdict: {claims.verdict(c.id).label}." in text, c.id
