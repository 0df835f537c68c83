"""Every comparison says what kind of evidence it is, and verdicts rest on predictions only.

A comparison's kind is derived from its model's provenance
(:class:`memsim.literature.Provenance`), never typed. These tests check the
derivation, and check it independently of what each model declares: a row
called a prediction must not use a published value that any parameter of its
chapter's models was set from (found by walking the dataclasses, and by
reading the model modules for ``sourced``, ``published`` and
``derived_from`` calls), nor one that its fit was fitted to.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import re
from dataclasses import dataclass

import pytest

from memsim import claims, evidence, literature
from memsim.render import markdown

_SETTING_CALL = re.compile(r"""\b(?:sourced|published|derived_from)\(\s*\(?\s*["']([\w.]+)["']""")


def _package_modules(package) -> list:
    return [
        importlib.import_module(info.name) for info in pkgutil.iter_modules(package.__path__, f"{package.__name__}.")
    ]


def _keys_that_set_parameters(package) -> frozenset[str]:
    """Table keys any parameter of the package's models was set from, found two ways."""
    keys: set[str] = set()
    for module in _package_modules(package):
        source = inspect.getsource(module)
        keys.update(_SETTING_CALL.findall(source))
        for cls in vars(module).values():
            if inspect.isclass(cls) and dataclasses.is_dataclass(cls) and cls.__module__ == module.__name__:
                keys |= literature.parameter_sources(cls)
    return frozenset(keys)


def _package_of(model: literature.Provenance):
    for package in evidence.MODEL_PACKAGES:
        if any(value is model for value in vars(package).values()):
            return package
    raise AssertionError(f"{model.name} is exported by no model package")


def _cited_rows() -> list[tuple[str, str, str]]:
    """``(claim id, group, row id)`` for every row a verdict cites."""
    rows = []
    for c in claims.CLAIMS:
        v = claims.verdict(c.id)
        rows += [(c.id, "predictions", r) for r in v.predictions]
        rows += [(c.id, "not_evidence", r) for r in v.not_evidence]
    return rows


CITED = _cited_rows()


# -- the derivation ---------------------------------------------------------------


@dataclass(frozen=True)
class _Rule:
    tau_plus: float = literature.sourced("bi2001.tau_plus")
    g_max: float = literature.departs("song2000.g_max", 0.05, why="test")
    cap: float = literature.derived_from(("bruusgaard2009.nuclei_6_10d",), 0.1, how="53 % over 5 days")


def _model(**sets) -> literature.Provenance:
    return literature.provenance("test.model", 1, "a test model", parameters=(_Rule(),), **sets)


def test_a_sourced_parameter_makes_its_value_an_input():
    assert _model().kind("bi2001.tau_plus") == "input"


def test_a_derived_parameter_counts_as_set_from_its_values():
    assert "bruusgaard2009.nuclei_6_10d" in literature.parameter_sources(_Rule)
    assert _model().kind("bruusgaard2009.nuclei_6_10d") == "input"


def test_a_departure_is_not_an_input():
    assert _model().kind("song2000.g_max") == "prediction"


def test_fit_targets_are_calibrated_and_imposed_values_imposed():
    model = _model(calibrated=("egner2013.steroid_csa",), imposed=("devivo2017.asi_reduction",))
    assert model.kind("egner2013.steroid_csa") == "calibrated"
    assert model.kind("devivo2017.asi_reduction") == "imposed"
    assert model.kind("walker2002.sleep_speed_gain") == "prediction"


def test_input_wins_over_calibrated():
    assert _model(calibrated=("bi2001.tau_plus",)).kind("bi2001.tau_plus") == "input"


def test_the_kind_cannot_be_typed_into_a_comparison():
    comparison = literature.compare("bi2001.tau_plus", 16.8, provenance=_model())
    assert comparison.kind == "input"
    with pytest.raises(TypeError):
        literature.compare("bi2001.tau_plus", 16.8, provenance=_model(), kind="prediction")  # type: ignore[call-arg]


def test_compare_requires_a_provenance():
    with pytest.raises(TypeError, match="provenance"):
        literature.compare("bi2001.tau_plus", 16.8)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="provenance must be a Provenance"):
        literature.compare("bi2001.tau_plus", 16.8, provenance="test.model")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("sets", "message"),
    [
        ({"calibrated": ("no.such.key",)}, "unknown measurement 'no.such.key'"),
        ({"inputs": "bi2001.tau_plus"}, "inputs must be a collection"),
    ],
)
def test_a_provenance_names_only_table_keys(sets, message):
    with pytest.raises((KeyError, TypeError), match=message):
        _model(**sets)


def test_a_provenance_name_cannot_contain_the_row_separator():
    with pytest.raises(ValueError, match="name must be a non-empty string without ':'"):
        literature.Provenance("a:b", 1, "d")


def test_a_model_range_agrees_when_it_overlaps_the_published_tolerance_band():
    published = literature.get("falco1994.h_latency")  # 31.3 ms, ±10 %
    low = published.value * 1.2
    inside = literature.compare("falco1994.h_latency", low, provenance=_model(), model_range=(low - 5, low + 1))
    outside = literature.compare("falco1994.h_latency", low, provenance=_model(), model_range=(low, low + 1))
    assert inside.agrees and not outside.agrees


def test_a_model_range_must_bracket_the_model_value():
    with pytest.raises(ValueError, match="model_range must bracket model_value"):
        literature.compare("falco1994.h_latency", 30.0, provenance=_model(), model_range=(31.0, 35.0))


# -- the book's models and verdicts -----------------------------------------------


def test_every_chapter_declares_its_models_provenances():
    chapters = {model.chapter for model in evidence.provenances().values()}
    assert chapters >= set(claims.CHAPTERS)


@pytest.mark.parametrize("model", evidence.provenances().values(), ids=lambda m: m.name)
def test_a_provenance_declares_every_value_its_chapters_parameters_were_set_from(model):
    """Walking the package independently: any parameter-setting key must be declared."""
    setting = _keys_that_set_parameters(_package_of(model))
    undeclared = setting - model.inputs - model.calibrated - model.imposed
    assert not undeclared, f"{model.name} does not declare values its package's parameters were set from"


@pytest.mark.parametrize(("claim_id", "group", "row"), CITED, ids=[f"{c}-{r}" for c, _, r in CITED])
def test_cited_rows_name_a_model_and_a_table_key(claim_id, group, row):
    model, key = evidence.split_row(row)
    literature.get(key)
    assert model.chapter in claims.CHAPTERS


@pytest.mark.parametrize(("claim_id", "group", "row"), CITED, ids=[f"{c}-{r}" for c, _, r in CITED])
def test_verdicts_rest_on_predictions_and_count_the_rest_apart(claim_id, group, row):
    kind = evidence.row_kind(row)
    if group == "predictions":
        assert kind == "prediction", f"{claim_id} rests on {row}, which is {kind}"
    else:
        assert kind != "prediction", f"{claim_id} lists {row} as not evidence, but it is a prediction"


def test_each_chapter_has_at_least_two_predictions():
    predictions: dict[int, set[str]] = {}
    for _, group, row in CITED:
        if group == "predictions":
            predictions.setdefault(evidence.split_row(row)[0].chapter, set()).add(row)
    assert {chapter: len(rows) >= 2 for chapter, rows in predictions.items()} == dict.fromkeys(claims.CHAPTERS, True)


def test_a_tally_refuses_a_cited_row_the_chapter_does_not_show():
    cited = next(r for _, group, r in CITED if group == "predictions")
    chapter = evidence.split_row(cited)[0].chapter
    with pytest.raises(ValueError, match="does not show"):
        evidence.tally(chapter, [])


def test_a_verdict_cannot_cite_a_malformed_row():
    with pytest.raises(ValueError, match="predictions must be a list of '<provenance>:<key>' row ids"):
        claims.load_verdicts('[C1]\nlabel = "open"\nreason = "r"\nevidence = "e"\npredictions = ["no-colon"]\n')


def test_the_scorecard_counts_predictions_and_rows_that_are_not_evidence():
    table = markdown.scorecard_markdown("../")
    assert "| predictions (outcome) | not evidence |" in table
    for c in claims.CLAIMS:
        v = claims.verdict(c.id)
        row = next(line for line in table.splitlines() if line.startswith(f"| {c.id} |"))
        for chapter in {evidence.split_row(r)[0].chapter for r in v.predictions}:
            doc = claims.CHAPTERS[chapter].docname
            assert f"{doc}.ipynb::evidence_{c.id}" in row


def test_a_comparison_table_shows_each_rows_kind_and_calls_only_predictions_agreements():
    model = _model()
    table = markdown.comparison_table(
        [
            literature.compare("bi2001.tau_plus", 16.8, provenance=model),
            literature.compare("walker2002.sleep_speed_gain", 1.0, provenance=model),
        ]
    )
    given, predicted = table.splitlines()[2:]
    assert "`input<input (evidence)>`" in given and "not evidence" in given and "agrees" not in given
    assert "`prediction<prediction (evidence)>`" in predicted and "**misses**" in predicted
