"""The query-file parser: valid rows round-trip, every bad cell is an InputError naming the line
and the field."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dalan.errors import InputError
from dalan.options import CARGO_CLASSES, MODES
from dalan.validation.queries import (
    COLUMNS,
    DIRECTIONS,
    OPTIONAL_COLUMNS,
    SCOPES,
    QueryRow,
    parse_queries,
    read_queries,
    write_queries,
)

SHIPPED = Path(__file__).parents[1] / "data" / "observations" / "calibration_queries.csv"

_cell_chars = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"))
text = st.text(_cell_chars, max_size=20).map(str.strip)
name = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters=";"), min_size=1, max_size=12).map(str.strip).filter(bool)
mode_set = st.lists(st.sampled_from(MODES), min_size=1, max_size=4, unique=True).map(tuple)
number = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e9, max_value=1e9)
positive = st.floats(min_value=1e-6, max_value=1e6, allow_nan=False, allow_infinity=False)


@st.composite
def query_rows(draw, index: int) -> QueryRow:
    low = draw(st.none() | number)
    high = draw(st.none() | number)
    if low is not None and high is not None and low > high:
        low, high = high, low
    return QueryRow(
        id=f"R-{index}-{draw(st.text('abcXYZ0123_-', max_size=5))}",
        metric=draw(st.sampled_from(["transit_days", "price_usd_per_feu", "border_hours", "volume_t"])),
        origin=draw(text),
        destination=draw(text),
        via=tuple(draw(st.lists(name, max_size=3))),
        leg_modes=tuple(draw(st.lists(st.none() | mode_set, max_size=3))),
        modes=draw(st.none() | mode_set),
        avoid=tuple(draw(st.lists(name, max_size=2))),
        cargo=draw(st.sampled_from(("", *CARGO_CLASSES))),
        quantity=draw(st.none() | positive),
        unit=draw(st.sampled_from(["", "TEU", "truck", "t"])),
        scope=draw(st.sampled_from(("", *SCOPES))),
        scenario=draw(st.sampled_from(["", "red-sea-diversion"])),
        place=draw(text),
        value=draw(number),
        value_low=low,
        value_high=high,
        year=draw(st.none() | st.integers(1900, 2100)),
        kind=draw(st.sampled_from(["", "claim", "observation", "price"])),
        mappable=draw(st.booleans()),
        mapping_note=draw(text),
        direction=draw(st.sampled_from(("", *DIRECTIONS))),
        month=draw(st.none() | st.integers(1, 12)),
    )


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4).flatmap(lambda n: st.tuples(*(query_rows(i) for i in range(n)))))
def test_valid_rows_round_trip(rows):
    parsed = parse_queries(write_queries(rows), "rt.csv")
    assert [replace(p, file="", line=0) for p in parsed] == list(rows)
    assert parsed[0].line >= 2 and all(p.file == "rt.csv" for p in parsed)


def _csv(**cells: str) -> str:
    good = {c: "" for c in COLUMNS} | {"id": "X-1", "metric": "transit_days", "value": "10", "mappable": "yes"}
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS + OPTIONAL_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerow(good | {"id": "X-0"})
    writer.writerow(good | cells)
    return out.getvalue()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("value", "ten"),
        ("value", ""),
        ("value", "nan"),
        ("quantity", "0"),
        ("quantity", "-2"),
        ("value_low", "x"),
        ("year", "20x4"),
        ("year", "1066.5"),
        ("mappable", "maybe"),
        ("cargo", "liquid"),
        ("scope", "port"),
        ("modes", "rail,plane"),
        ("leg_modes", "rail;boat"),
        ("id", ""),
        ("metric", ""),
        ("direction", "sideways"),
        ("month", "13"),
        ("month", "0"),
        ("month", "3.5"),
        ("month", "March"),
    ],
)
def test_bad_cell_names_file_line_field_and_value(field, value):
    with pytest.raises(InputError) as caught:
        parse_queries(_csv(**{field: value}), "bad.csv")
    problem = caught.value.problems[0]
    assert (problem.file, problem.record, problem.field) == ("bad.csv", "line 3", field)
    assert problem.hint
    assert str(caught.value).startswith("bad.csv: line 3: field")


def test_every_problem_is_reported_at_once():
    with pytest.raises(InputError) as caught:
        parse_queries(_csv(value="x", quantity="-1", mappable="?"), "bad.csv")
    assert {p.field for p in caught.value.problems} == {"value", "quantity", "mappable"}


def test_low_above_high_and_repeated_id():
    with pytest.raises(InputError, match="value_low"):
        parse_queries(_csv(value_low="5", value_high="3"), "bad.csv")
    with pytest.raises(InputError, match="repeats the id of line 2"):
        parse_queries(_csv(id="X-0"), "bad.csv")


def test_persian_digits_and_negative_values():
    rows = parse_queries(_csv(value="۱۲٫۵", value_low="-3", year="۲۰۲۴"), "fa.csv")
    assert (rows[1].value, rows[1].value_low, rows[1].year) == (12.5, -3.0, 2024)


def test_missing_column_empty_binary_and_missing_files(tmp_path):
    with pytest.raises(InputError, match="missing column.*value_high"):
        parse_queries("id,metric,value\nA,transit_days,3\n", "cols.csv")
    with pytest.raises(InputError, match="empty"):
        parse_queries("", "empty.csv")
    binary = tmp_path / "x.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe")
    with pytest.raises(InputError, match="x.csv"):
        read_queries(binary)
    with pytest.raises(InputError, match="no such file"):
        read_queries(tmp_path / "missing.csv")


def test_shipped_file_parses_with_line_numbers():
    rows = read_queries(SHIPPED)
    assert len(rows) == 219 and rows[0].id == "OBS-001" and rows[0].line == 2
    assert rows[0].via == ("Astrakhan", "Bandar Anzali", "Bandar Abbas")
    assert rows[0].leg_modes == (("rail",), ("ferry", "sea"), ("road",), ("sea",))
    assert sum(r.mappable for r in rows) == 106
    assert read_queries() == tuple(replace(r, file="dalan/data/observations/calibration_queries.csv") for r in rows)


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(["inbound", "Outbound", "OUTBOUND"]),
    st.sampled_from(["AZ", "GE", "KZ"]),
    st.sampled_from(["TR", "CN", "RU"]),
    text.filter(lambda t: not any(w in t.lower() for w in ("inbound", "outbound", "->", "-side"))),
)
def test_a_border_figure_s_heading_is_read_from_its_note_unless_its_column_states_it(word, side, other, note):
    """The note states which way a border figure was measured (CPMM times each direction apart):
    its first ``inbound``/``outbound``, a ``XX->YY`` crossing of country codes, an ``XX-side``."""
    row = QueryRow(id="B", metric="border_hours", mapping_note=f"{note} {side}-side road BCP, {word} {other}->{side} trucks")
    heading = row.heading
    assert (heading.direction, heading.side, heading.crossing) == (word.lower(), side, (other, side))
    assert heading.direction_of(side) == "inbound" and heading.direction_of(other) == "outbound"  # the crossing decides
    assert heading.direction_of("XX") == word.lower()  # a side not of the crossing: the stated word
    assert replace(row, direction="outbound").heading.direction == "outbound"  # the column wins
    plain = QueryRow(id="C", metric="border_hours", mapping_note=note).heading
    assert (plain.direction, plain.side, plain.crossing) == ("", "", None)
    assert "bound" not in QueryRow(id="D", metric="border_hours", mapping_note="rebounded trade").heading.direction


MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")


@settings(max_examples=80, deadline=None)
@given(
    st.integers(1, 12),
    st.sampled_from(["full", "short", "upper"]),
    st.sampled_from(["", "04 ", "week of 13 ", "mid-", "end ", "late "]),
    st.integers(2000, 2030),
    text.filter(lambda t: not any(m[:3].lower() in t.lower() for m in MONTH_NAMES)),
)
def test_a_figure_s_month_is_read_from_its_note_when_the_year_follows_it(month, style, before, year, note):
    """A price quoted in a month says so in its note (``Drewry WCI spot, 04 Jan 2024``,
    ``end Nov 2023``, ``week of 13 Feb 2025``): the month named with the row's year after it; the
    ``month`` column wins; a month of another year, or none, is not the figure's month."""
    name = MONTH_NAMES[month - 1]
    written = {"full": name, "short": name[:3], "upper": name[:3].upper()}[style]
    row = QueryRow(id="P", metric="price_usd_per_feu", year=year, mapping_note=f"{note} {before}{written} {year}; route used")
    assert row.quoted_month == month
    assert replace(row, month=month % 12 + 1).quoted_month == month % 12 + 1  # the column wins
    assert replace(row, year=year + 1).quoted_month is None  # the month of another year
    assert replace(row, year=None).quoted_month is None
    assert QueryRow(id="Q", metric="price_usd_per_feu", year=year, mapping_note=note).quoted_month is None


@settings(max_examples=60, deadline=None)
@given(st.integers(2000, 2030), st.integers(1, 12), st.integers(1, 28), st.booleans(), text.filter(lambda t: "-" not in t and not any(c.isdigit() for c in t)))
def test_an_iso_date_of_the_figure_s_year_gives_its_month_after_any_named_month(year, month, day, with_day, note):
    """A note without a month name but with a source's date (``Euromaidan Press (2024-06-19)``)
    gives that date's month; a date of another year, or a month 13, none; a named month wins."""
    iso = f"{year}-{month:02d}-{day:02d}" if with_day else f"{year}-{month:02d}"
    row = QueryRow(id="I", metric="price_usd_per_feu", year=year, mapping_note=f"{note} ({iso})")
    assert row.quoted_month == month
    assert replace(row, year=year + 1).quoted_month is None
    assert QueryRow(id="J", metric="price_usd", year=year, mapping_note=f"{note} ({year}-13-01)").quoted_month is None
    named = MONTH_NAMES[month % 12]
    assert replace(row, mapping_note=f"{named} {year}; {note} ({iso})").quoted_month == month % 12 + 1


@pytest.mark.parametrize(("note", "month"), [("contract rate, Q1 2025", 2), ("Q3 2025 average", 8), ("Q42025", 11), ("Q2 2024 (2025-05-01)", 5), ("Q5 2025", None)])
def test_a_quarter_stands_for_its_middle_month(note, month):
    assert QueryRow(id="Q", metric="price_usd_per_feu", year=2025, mapping_note=note).quoted_month == month


def test_words_that_begin_like_a_month_are_no_month():
    for note in ("Marmaray 2019", "Decade 2019 review", "Junction 2019", "mayor 2019"):
        assert QueryRow(id="M", metric="transit_days", year=2019, mapping_note=note).quoted_month is None, note
    assert QueryRow(id="M", metric="transit_days", year=2021, mapping_note="RAI tariff, Mar-Jun 2021").quoted_month == 6
