"""Claim quotes are verbatim, and every verdict is given once, by a written chapter.

The claims list and the seed text are upstream texts; the package carries
copies in ``memsim/data``, pinned by ``memsim/data/SHA256SUMS`` (see
``tests/conftest.py`` for how to update it), so no test reads outside the
repository.
"""

import dataclasses
from importlib import resources

import pytest

from memsim import claims
from memsim.render import markdown
from tests.conftest import ROOT, checksum_mismatch, packaged_sha256, recorded_sha256


def test_twelve_claims_in_order():
    assert [c.id for c in claims.CLAIMS] == [f"C{i}" for i in range(1, 13)]


def test_packaged_claims_list_matches_its_recorded_checksum():
    assert packaged_sha256("claims.md") == recorded_sha256("claims.md"), checksum_mismatch("claims.md")


def test_quotes_are_verbatim_from_the_seed_text():
    seed = resources.files("memsim").joinpath("data/eli5-muscle-memory.txt").read_text(encoding="utf-8")
    text = " ".join(seed.split())
    for c in claims.CLAIMS:
        assert " ".join(c.quote.split()) in text, c.id


def test_the_seeds_own_spelling_and_curly_quotes_are_kept():
    assert "reenforced" in claims.claim("C2").quote
    assert "’" in claims.claim("C3").quote
    assert "“memories.”" in claims.claim("C6").quote


def test_verdicts_of_chapter_1():
    assert claims.verdict("C2").label == "partly right"
    # Re-examined (issue 15): the neurons that drive a muscle do change with use.
    assert claims.verdict("C3").label == "partly right"
    assert claims.verdict("C2").chapter == 1


def test_verdict_on_c4_is_given_by_chapter_1_with_chapter_2s_evidence():
    v = claims.verdict("C4")
    assert (v.label, v.chapter) == ("partly right", 1)
    assert "Chapter 1" in v.evidence and "Chapter 2" in v.evidence


def test_verdict_of_chapter_2():
    assert claims.verdict("C5").label == "partly right"
    assert claims.verdict("C5").chapter == 2


def test_verdict_of_chapter_3():
    assert claims.verdict("C6").label == "partly right"
    assert claims.verdict("C6").chapter == 3


def test_verdicts_of_chapter_5():
    for cid in ("C11", "C12"):
        assert claims.verdict(cid).label == "partly right"
        assert claims.verdict(cid).chapter == 5


def test_verdicts_of_chapter_4():
    labels = {cid: claims.verdict(cid).label for cid in ("C7", "C8", "C9", "C10")}
    assert labels == {"C7": "partly right", "C8": "partly right", "C9": "partly right", "C10": "open"}
    assert all(claims.verdict(cid).chapter == 4 for cid in labels)


def test_claims_without_a_chapter_are_not_yet_examined(monkeypatch):
    monkeypatch.delitem(claims.CHAPTERS, 4)
    for cid in ("C7", "C8", "C9", "C10"):
        v = claims.verdict(cid)
        assert v.label == "not yet examined"
        assert claims.claim(cid).chapter_note not in v.reason, "the authors' note is not for readers"
        assert "not been written" in v.reason


def test_scorecard_has_one_row_per_claim_with_the_quote():
    table = markdown.scorecard_markdown()
    rows = table.splitlines()[2:]
    assert len(rows) == 12
    for c, row in zip(claims.CLAIMS, rows, strict=True):
        assert row.startswith(f"| {c.id} |")
        assert f"“{c.quote}”" in row
        assert f"**{claims.verdict(c.id).label}**" in row


def test_bad_ids_and_labels_are_rejected():
    with pytest.raises(ValueError, match="claim_id must be one of"):
        claims.verdict("C13")
    with pytest.raises(ValueError, match="label must be one of"):
        claims.Verdict("C1", "maybe", "r", "e", None)
    with pytest.raises(ValueError, match="claims table"):
        claims.parse_claims("no table here")


def test_c1_is_judged_in_the_introduction_once_chapters_1_and_3_exist():
    v = claims.verdict("C1")
    assert (v.label, v.chapter, v.requires) == ("partly right", None, (1, 3))
    row = markdown.scorecard_markdown().splitlines()[2]
    assert row.startswith("| C1 |") and "[Introduction](../book/intro.md#two-meanings-of-muscle-memory)" in row


def test_a_verdict_waits_for_every_chapter_it_draws_on(monkeypatch):
    monkeypatch.delitem(claims.CHAPTERS, 3)
    assert claims.verdict("C1").label == "not yet examined"
    assert claims.verdict("C6").label == "not yet examined"


def test_the_verdicts_are_data_beside_the_claims():
    import tomllib

    table = tomllib.loads((ROOT / "memsim" / "data" / "verdicts.toml").read_text(encoding="utf-8"))
    assert sorted(table, key=lambda k: int(k[1:])) == [c.id for c in claims.CLAIMS]
    assert claims.verdict("C2").reason == table["C2"]["reason"]
    assert claims.verdict("C1").chapter is None and claims.verdict("C1").requires == (1, 3)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[C1]\nlabel = "maybe"\nreason = "r"\nevidence = "e"\n', r"verdict \[C1\] is malformed: label must be one of"),
        ('[C1]\nlabel = "open"\n', r"verdict \[C1\] is malformed: .*missing"),
        (
            '[C1]\nlabel = "open"\nreason = "r"\nevidence = "e"\nchapters = 1\n',
            r"verdict \[C1\] is malformed: .*unexpected",
        ),
        ("[C1\n", "is not valid TOML"),
    ],
)
def test_malformed_verdicts_name_the_claim(text, message):
    with pytest.raises(ValueError, match=message):
        claims.load_verdicts(text)


def test_the_verdict_table_links_chapter_titles_and_never_shows_the_authors_notes():
    table = markdown.verdict_table_markdown(link_prefix="../")
    rows = table.splitlines()[2:]
    assert len(rows) == len(claims.CLAIMS)
    for c, row in zip(claims.CLAIMS, rows, strict=True):
        assert f"**{c.id}** “{c.quote}”" in row
        assert f"**{claims.verdict(c.id).label}**" in row
        assert c.chapter_note not in row
    assert "[2. Riding a bike again" in table
    assert "(../notebooks/02_retention.ipynb#verdict-on-the-claims)" in table
    for leftover in ("intro, with a verdict", "(1 pathways)", "seed text"):
        assert leftover not in table + markdown.scorecard_markdown()


def test_the_short_answer_is_about_200_words_and_covers_every_claim_once():
    paragraphs = claims.short_answer()
    words = sum(len(p.text.split()) for p in paragraphs)
    assert 150 <= words <= 250, words
    covered = [cid for p in paragraphs for cid in p.verdicts]
    assert sorted(covered, key=lambda k: int(k[1:])) == [c.id for c in claims.CLAIMS]
    text = markdown.short_answer_markdown(link_prefix="../")
    assert text.count("\n\n") == len(paragraphs) - 1
    assert "[C10](../notebooks/04_sleep_replay.ipynb#verdict-on-the-claims): *open*" in text


def test_the_short_answer_refuses_to_render_when_a_verdict_changes(monkeypatch):
    changed = dataclasses.replace(claims.verdict("C7"), label="wrong")
    monkeypatch.setitem(claims._VERDICTS, "C7", changed)
    with pytest.raises(ValueError, match=r"C7 being 'partly right', but its verdict is now 'wrong'"):
        markdown.short_answer_markdown()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[paragraph]]\ntext = " "\nverdicts = {}\n', "paragraph 1 has no text"),
        ('[[paragraph]]\ntext = "t"\nverdicts = { C13 = "open" }\n', "claim_id must be one of"),
        ('[[paragraph]]\ntext = "t"\nverdicts = { C1 = "maybe" }\n', "verdicts.C1 must be one of"),
    ],
)
def test_a_malformed_short_answer_is_refused(text, message):
    with pytest.raises(ValueError, match=message):
        claims.load_short_answer(text)
