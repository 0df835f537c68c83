"""Published values: citation keys, tolerances, verification status."""

import re

import pytest

from memsim import literature
from memsim.render import markdown


def bib_keys(root):
    text = (root / "book" / "references.bib").read_text(encoding="utf-8")
    return set(re.findall(r"^@\w+\{([^,]+),", text, flags=re.M))


def test_every_measurement_cites_a_key_in_references_bib(root):
    keys = bib_keys(root)
    missing = {m.key: m.citation for m in literature.MEASUREMENTS.values() if m.citation not in keys}
    assert not missing, f"citation keys missing from book/references.bib: {missing}"


def test_every_measurement_says_how_it_was_verified():
    for m in literature.MEASUREMENTS.values():
        assert m.verified in literature.VERIFICATION_LEVELS
        if m.verified != "primary":
            assert m.note, f"{m.key} is not verified from the paper itself; its note must say how"


def test_bi_and_poo_time_constants():
    assert literature.get("bi2001.tau_plus").value == 16.8
    assert literature.get("bi2001.tau_minus").value == 33.7
    assert literature.get("bi2001.tau_plus").unit == "ms"


def test_compare_uses_the_stored_tolerance():
    within = literature.compare("bi2001.tau_plus", 16.8 * 1.099)
    outside = literature.compare("bi2001.tau_plus", 16.8 * 1.101)
    assert within.agrees and not outside.agrees
    assert within.relative_error == pytest.approx(0.099)


def test_unknown_key_lists_the_known_ones():
    with pytest.raises(KeyError, match="bi2001.tau_plus"):
        literature.get("nobody2099.value")
    with pytest.raises(TypeError, match="key must be a string"):
        literature.get(3)


def test_compare_rejects_nan():
    with pytest.raises(ValueError, match="model_value must be finite"):
        literature.compare("bi2001.tau_plus", float("nan"))


def test_measurement_rejects_bad_metadata():
    with pytest.raises(ValueError, match="verified must be one of"):
        literature.Measurement("k", "d", 1.0, "ms", "c", "s", 0.1, "probably")
    with pytest.raises(ValueError, match="rel_tolerance must be in"):
        literature.Measurement("k", "d", 1.0, "ms", "c", "s", 0.0, "primary")


def test_comparison_table_has_one_row_per_comparison_and_cites():
    table = markdown.comparison_table(
        [literature.compare("bi2001.tau_plus", 16.0), literature.compare("bi2001.tau_minus", 50.0)]
    )
    lines = table.splitlines()
    assert len(lines) == 4
    assert "{cite:t}`bi2001synaptic`" in lines[2]
    assert lines[2].endswith("| yes (±10%) |") and lines[3].endswith("| no (±10%) |")


def test_unverified_values_are_flagged_when_formatted():
    m = literature.Measurement("k", "d", 2.0, "ms", "c", "s", 0.1, "unverified", "not found")
    assert m.formatted() == "2.0 ms (unverified)"
