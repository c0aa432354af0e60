"""How far published figures that ask the same question agree: hand-counted groups, and the
properties any such count must have."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from dalan.validation.agreement import Agreement, agreement, same_question
from dalan.validation.queries import QueryRow


def _row(ident: str, value: float, metric: str = "transit_days", destination: str = "Duisburg", **more) -> QueryRow:
    return QueryRow(id=ident, metric=metric, origin="Xi'an", destination=destination, value=value, year=2024, **more)


def test_each_figure_is_set_against_the_median_of_the_others():
    """Xi'an → Duisburg in 2024: 10, 11 and 20 days against the others' medians 15.5, 15 and 10.5
    (+55 %, +36 %, −48 %: none within ±25 %); two prices of USD 100 and 120 (+20 %, −17 %: both
    within ±30 %); a figure with a range of 10–20 days against the others' median 19 (in it);
    a question asked once, and a difference (DELTA), are not counted."""
    rows = [
        _row("A", 10.0), _row("B", 11.0), _row("C", 20.0),
        _row("P", 100.0, "price_usd_per_feu"), _row("Q", 120.0, "price_usd_per_feu"),
        _row("R", 15.0, destination="Hamburg", value_low=10.0, value_high=20.0), _row("S", 19.0, destination="Hamburg"),
        _row("T", 19.0, destination="Hamburg", mapping_note="DELTA: the Cape minus Suez"),
        _row("U", 30.0, destination="Łódź"),
    ]  # fmt: skip
    found = agreement(rows, time_band=0.25, price_band=0.30)
    # R against S's 19 (inside R's 10–20): in; S against R's 15: (15 − 19) / 19 = −21 %: in
    assert found == Agreement(figures=7, questions=3, in_band=4)
    assert agreement(rows, time_band=0.60, price_band=0.30).in_band == 7  # 55 %, 36 % and 48 % now within ±60 %


def test_a_question_is_its_query_year_month_and_heading():
    """The same lane in another year, another month or for the other scope asks another question;
    a place written in other case asks the same."""
    base = _row("A", 10.0, month=6)
    assert same_question(base) == same_question(replace(base, id="B", value=12.0, destination="DUISBURG"))
    for other in (replace(base, year=2023), replace(base, month=7), replace(base, scope="line-haul"),
                  replace(base, unit="TEU"), replace(base, via=("Alat",))):  # fmt: skip
        assert same_question(other) != same_question(base)
    border = QueryRow(id="O", metric="border_hours", place="Red Bridge", value=13.6, year=2022, mapping_note="outbound")
    assert same_question(border) != same_question(replace(border, mapping_note="inbound"))


values = st.lists(st.floats(min_value=0.5, max_value=1e4, allow_nan=False), min_size=1, max_size=8)


@given(values, st.randoms(use_true_random=False))
def test_the_count_does_not_depend_on_the_rows_order(figures, random):
    rows = [_row(f"R{k}", v) for k, v in enumerate(figures)]
    shuffled = list(rows)
    random.shuffle(shuffled)
    assert agreement(rows, 0.25, 0.30) == agreement(shuffled, 0.25, 0.30)


@given(st.floats(min_value=0.5, max_value=1e4, allow_nan=False), st.integers(min_value=2, max_value=6))
def test_figures_that_all_say_the_same_all_agree(value, count):
    rows = [_row(f"R{k}", value) for k in range(count)]
    assert agreement(rows, 0.0, 0.0) == Agreement(figures=count, questions=1, in_band=count)


@given(values)
def test_two_figures_are_each_judged_by_their_gap_over_their_own_value(figures):
    """With two figures a and b, each is judged against the other: a by |a − b| / a, b by
    |a − b| / b."""
    if len(figures) < 2:
        return
    a, b = figures[:2]
    found = agreement([_row("A", a), _row("B", b)], 0.25, 0.30)
    gaps = (abs(a - b) / a, abs(a - b) / b)
    assert found.in_band == sum(gap <= 0.25 + 1e-12 for gap in gaps)
