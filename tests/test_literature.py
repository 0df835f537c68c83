"""Published values: citation keys, tolerances, verification status."""

import re

import pytest

from memsim import literature
from memsim.render import markdown
from tests.conftest import ROOT


def bib_keys(root):
    text = (root / "book" / "references.bib").read_text(encoding="utf-8")
    return set(re.findall(r"^@\w+\{([^,]+),", text, flags=re.M))


def test_every_measurement_cites_a_key_in_references_bib(root):
    keys = bib_keys(root)
    missing = {m.key: m.citation for m in literature.MEASUREMENTS.values() if m.citation not in keys}
    assert not missing, f"citation keys missing from book/references.bib: {missing}"


def test_every_bibliography_entry_formats(root):
    """Each entry renders as the book's bibliography renders it (a stray brace or % breaks the whole build)."""
    pybtex_database = pytest.importorskip("pybtex.database")
    from pybtex.style.formatting.unsrt import Style

    entries = pybtex_database.parse_file(root / "book" / "references.bib").entries
    style = Style()
    broken = {}
    for key, entry in entries.items():
        try:
            list(style.format_entries([entry]))
        except Exception as error:  # pybtex raises several kinds; report them all by key
            broken[key] = str(error)
    assert not broken, broken


def test_every_measurement_says_how_it_was_verified():
    for m in literature.MEASUREMENTS.values():
        assert m.verified in literature.VERIFICATION_LEVELS
        if m.verified != "primary":
            assert m.note, f"{m.key} is not verified from the paper itself; its note must say how"


def test_bi_and_poo_time_constants():
    assert literature.get("bi2001.tau_plus").value == 16.8
    assert literature.get("bi2001.tau_minus").value == 33.7
    assert literature.get("bi2001.tau_plus").unit == "ms"


#: A model that was given nothing from the table: every comparison with it is a prediction.
UNSET = literature.Provenance("test.unset", 1, "a model set from no published value")


def test_compare_uses_the_stored_tolerance():
    within = literature.compare("bi2001.tau_plus", 16.8 * 1.099, provenance=UNSET)
    outside = literature.compare("bi2001.tau_plus", 16.8 * 1.101, provenance=UNSET)
    assert within.agrees and not outside.agrees
    assert within.relative_error == pytest.approx(0.099)


def test_unknown_key_lists_the_known_ones():
    with pytest.raises(KeyError, match="bi2001.tau_plus"):
        literature.get("nobody2099.value")
    with pytest.raises(TypeError, match="key must be a string"):
        literature.get(3)


def test_compare_rejects_nan():
    with pytest.raises(ValueError, match="model_value must be finite"):
        literature.compare("bi2001.tau_plus", float("nan"), provenance=UNSET)


def test_measurement_rejects_bad_metadata():
    with pytest.raises(ValueError, match="verified must be one of"):
        literature.Measurement("k", "d", 1.0, "ms", "c", "s", 0.1, "probably")
    with pytest.raises(ValueError, match="rel_tolerance must be in"):
        literature.Measurement("k", "d", 1.0, "ms", "c", "s", 0.0, "primary")


def test_comparison_table_has_one_row_per_comparison_and_cites():
    table = markdown.comparison_table(
        [
            literature.compare("bi2001.tau_plus", 16.0, provenance=UNSET),
            literature.compare("bi2001.tau_minus", 50.0, provenance=UNSET),
        ]
    )
    lines = table.splitlines()
    assert len(lines) == 4
    assert "{cite:t}`bi2001synaptic`" in lines[2]
    assert lines[2].endswith("| **agrees** (±10%) |") and lines[3].endswith("| **misses** (±10%) |")


def test_unverified_values_are_flagged_when_formatted():
    m = literature.Measurement("k", "d", 2.0, "ms", "c", "s", 0.1, "unverified", "not found")
    assert m.formatted() == "2.0 ms (unverified)"


def test_the_table_is_data_in_one_file_and_every_entry_is_read():
    import tomllib

    table = tomllib.loads((ROOT / "memsim" / "data" / "literature.toml").read_text(encoding="utf-8"))
    assert set(table) == set(literature.MEASUREMENTS)
    assert literature.get("bi2001.tau_plus").value == table["bi2001.tau_plus"]["value"] == 16.8


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('["x"]\nvalue = 1.0\n', r"entry \['x'\] is malformed: .*missing"),
        (
            '["x"]\ndescription = "d"\nvalue = 1.0\nunit = "ms"\ncitation = "c"\nsource = "s"\n'
            'rel_tolerance = 0.1\nverified = "maybe"\n',
            r"entry \['x'\] is malformed: verified must be one of",
        ),
        (
            '["x"]\ndescription = "d"\nvalue = "ten"\nunit = "ms"\ncitation = "c"\nsource = "s"\n'
            'rel_tolerance = 0.1\nverified = "primary"\n',
            r"entry \['x'\] is malformed: value must be a finite number",
        ),
        ('["x"\nvalue = 1', r"is not valid TOML"),
    ],
)
def test_a_malformed_table_names_the_entry(text, message):
    with pytest.raises(ValueError, match=message):
        literature.load_table(text)


def test_a_measurement_gives_itself_as_a_brian2_quantity():
    import brian2 as b2

    assert literature.get("bi2001.tau_plus").quantity == 16.8 * b2.ms
    assert literature.published("bi2001.tau_minus", quantity=True) == 33.7 * b2.ms
    assert literature.published("bi2001.tau_minus") == 33.7
    days = literature.get("egner2013.withdrawal_days")
    assert float(days.quantity / b2.second) == pytest.approx(days.value * 86400.0)
    percent = next(m for m in literature.MEASUREMENTS.values() if m.unit == "%")
    with pytest.raises(ValueError, match="has no Brian2 equivalent"):
        _ = percent.quantity


def test_sourced_and_departing_fields_record_their_key():
    from dataclasses import dataclass, fields

    import brian2 as b2

    @dataclass(frozen=True)
    class Rule:
        tau_plus: float = literature.sourced("bi2001.tau_plus")
        tau_minus: float = literature.departs("bi2001.tau_minus", 20.0, why="a symmetric window")

    plus, minus = fields(Rule)
    assert (Rule().tau_plus, literature.source_of(plus), plus.metadata["source"]) == (
        16.8,
        "bi2001.tau_plus",
        "bi2001.tau_plus",
    )
    assert (Rule().tau_minus, minus.metadata["why"], literature.source_of(minus)) == (
        20.0,
        "a symmetric window",
        "bi2001.tau_minus",
    )

    @dataclass(frozen=True)
    class QuantityRule:
        tau_plus: b2.Quantity = literature.sourced("bi2001.tau_plus", quantity=True)

    (quantity_field,) = fields(QuantityRule)
    assert QuantityRule().tau_plus == literature.default_of(quantity_field) == 16.8 * b2.ms
    assert QuantityRule().tau_plus is not QuantityRule().tau_plus  # no shared mutable default
    with pytest.raises(ValueError, match="why must say why"):
        literature.departs("bi2001.tau_minus", 20.0, why=" ")
    with pytest.raises(KeyError, match="unknown measurement 'bi2001.tau_nowhere'"):
        literature.sourced("bi2001.tau_nowhere")
