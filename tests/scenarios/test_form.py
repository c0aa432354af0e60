"""Form edits (the web editor's layer in dalan.scenarios.form) and scenario diffs: checked values,
TOML that reads back to the same tables, and a diff that finds exactly what the edits changed."""

from __future__ import annotations

import math
import tomllib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dalan.errors import InputError
from dalan.network.validation import NUMERIC_RULES
from dalan.scenarios import apply_spec, load_scenario, parse_spec
from dalan.scenarios.diff import network_diff
from dalan.scenarios.form import (
    FORM_FIELDS,
    SPEED_FACTOR,
    FormEdit,
    append_edits,
    edit_tables,
    edit_toml,
)

keys = st.sampled_from(["status", "extra_delay_h", "note", "link", "place"])
values = st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=30), st.booleans())


@given(st.lists(st.dictionaries(keys, values, min_size=1, max_size=4), min_size=1, max_size=3))
def test_edit_toml_reads_back_to_the_same_tables(tables):
    tables = [{"action": "set", **t, "values": {k: v for k, v in t.items() if k != "action"}} for t in tables]
    assert tomllib.loads(edit_toml(tables))["edit"] == tables


@given(
    st.sampled_from(sorted({(t, f) for t, fields in FORM_FIELDS.items() for f in fields})),
    st.floats(allow_nan=True, allow_infinity=True),
)
def test_a_form_value_is_accepted_exactly_when_it_is_in_range(target_field, number):
    target, field = target_field
    low, high, low_open, _ = NUMERIC_RULES[target][field]
    inside = math.isfinite(number) and (number > low if low_open else number >= low) and number <= high
    try:
        edit = FormEdit.build(target, "X", values={field: str(number)})
    except InputError as error:
        assert not inside and error.problems[0].field == field
    else:
        assert inside and edit.values == {field: number}


def test_persian_digits_and_the_speed_factor_range():
    edit = FormEdit.build("link", "L1", speed_factor="۰٫۵", values={"extra_delay_h": "۱۲"})
    assert edit.speed_factor == 0.5 and edit.values == {"extra_delay_h": 12.0}
    for bad in ("0", "1.01", str(SPEED_FACTOR[0])):
        with pytest.raises(InputError, match="speed_factor"):
            FormEdit.build("link", "L1", speed_factor=bad)


def test_form_edits_applied_are_what_the_diff_finds():
    base = load_scenario("baseline")
    link = next(ln for ln in base.network.links if ln.mode == "rail" and ln.status == "operational")
    ferry = next(ln for ln in base.network.links if ln.mode == "ferry" and ln.status == "operational")
    tables = [
        *edit_tables(FormEdit.build("link", link.id, close=True), base.network, base.costing),
        *edit_tables(FormEdit.build("link", ferry.id, values={"sailings_per_week": "3"}), base.network, base.costing),
        *edit_tables(FormEdit.build("place", "AZ_AST", close=True), base.network, base.costing),
    ]
    spec = parse_spec(append_edits('name = "t"\nbase = "baseline"', tables), "t")
    edited = apply_spec(spec).network
    changes = {(c.kind, c.target, c.id, c.field) for c in network_diff(base.network, edited)}
    dropped = {("remove", "link", ln.id, "") for ln in base.network.links_at("AZ_AST")}
    assert changes == {("set", "link", link.id, "status"), ("set", "link", ferry.id, "sailings_per_week"),
                       ("remove", "place", "AZ_AST", "")} | dropped  # fmt: skip
    assert network_diff(base.network, base.network) == []
    with pytest.raises(InputError, match="sailings_per_week"):  # a rail link has no sailings
        edit_tables(FormEdit.build("link", link.id, values={"sailings_per_week": "3"}), base.network, base.costing)
