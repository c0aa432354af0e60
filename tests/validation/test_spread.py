"""The spread of a trip's time and price read from figures predicted out of sample
(``dalan.validation.spread``).

Oracles: a quantile worked by hand; the normal distribution's own quantiles (for errors drawn with
a known log-sd the estimate converges to it); the count of rows inside the interval.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import replace
from importlib import resources
from statistics import NormalDist

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dalan.costing.operations import load_operations, sea_share
from dalan.errors import InputError
from dalan.validation.backtest import OK, RowResult
from dalan.validation.calibrate import RowPlan
from dalan.validation.queries import QueryRow
from dalan.validation.spread import (
    MIN_ROWS,
    SpreadEstimate,
    coverage_log_sd,
    estimate_spread,
    spread_operations_text,
    write_spread_operations,
)

Z90 = NormalDist().inv_cdf(0.9)


def test_the_log_sd_is_the_errors_0_8_quantile_over_z_0_9() -> None:
    # |errors| 0.1 … 0.5: the 0.8 quantile (linear) sits 0.2 of the way from 0.4 to 0.5
    assert coverage_log_sd([0.1, -0.2, 0.3, -0.4, 0.5]) == pytest.approx(0.42 / 1.2815515655, rel=1e-9)


@pytest.mark.parametrize("sigma", [0.1, 0.3, 0.5])
def test_errors_drawn_with_a_known_log_sd_give_it_back(sigma: float) -> None:
    errors = np.random.default_rng(7).normal(0.0, sigma, 20_000)
    assert coverage_log_sd(errors) == pytest.approx(sigma, rel=0.03)


@given(st.lists(st.floats(-3.0, 3.0, allow_nan=False), min_size=1, max_size=60), st.floats(0.1, 10.0))
def test_the_interval_holds_its_share_and_scales_with_the_errors(errors: list[float], k: float) -> None:
    sd = coverage_log_sd(errors)
    inside = sum(abs(e) <= sd * Z90 + 1e-12 for e in errors)
    assert inside >= math.floor(0.8 * (len(errors) - 1)) + 1  # the 0.8 quantile's own rank
    assert coverage_log_sd([k * e for e in errors]) == pytest.approx(k * sd, rel=1e-9, abs=1e-12)


def test_sea_share_is_the_moving_hours_at_sea() -> None:
    assert sea_share({"sea": 30.0, "rail": 10.0}) == 0.75
    assert sea_share({}) == sea_share({"road": 5.0}) == 0.0


def _pair(i: int, published: float, model: float, share: float | None, status: str = OK, metric: str = "transit_days") -> tuple[RowPlan, RowResult]:
    row = QueryRow(id=f"R{i}", metric=metric, origin="A", destination="B", value=published)
    plan = RowPlan(row=row, scenario="baseline", cargo="container", quantity=1.0, corridor="X", route=(), sea_share=share)
    return plan, RowResult(row, status, model_value=model)


def test_rows_split_by_their_moving_hours_and_a_small_group_gets_none() -> None:
    land_errors = [0.1, -0.2, 0.3, -0.4, 0.5, 0.05]
    pairs = [_pair(i, math.exp(e) * 10.0, 10.0, 0.2) for i, e in enumerate(land_errors)]
    pairs += [_pair(10 + i, 10.0 * math.exp(e), 10.0, 0.9) for i, e in enumerate([0.1, -0.1])]
    price_errors = [0.3, -0.6, 0.9, -1.2, 1.5]
    pairs += [_pair(30 + i, 1000.0 * math.exp(e), 1000.0, 0.95, metric="price_usd_per_feu") for i, e in enumerate(price_errors)]
    pairs.append(_pair(20, 10.0, 99.0, None))  # no share (a border's hours): not counted
    pairs.append(_pair(21, 10.0, 99.0, 0.2, status="not runnable"))
    pairs.append(_pair(22, 10.0, 99.0, 0.2, metric="distance_km"))  # a figure without a spread
    plans, results = zip(*pairs, strict=True)

    class Ops:
        trip_log_sd, sea_trip_log_sd, price_log_sd, sea_price_log_sd = 0.30, 0.20, 0.25, 0.40

    land, sea, price_land, price_sea = estimate_spread(plans, results, Ops())  # type: ignore[arg-type]
    assert (land.measure, land.group, land.rows, land.parameter, land.shipped) == ("time", "land", 6, "trip_log_sd", 0.30)
    assert land.log_sd == pytest.approx(coverage_log_sd(land_errors))
    assert land.inside_shipped == sum(abs(e) <= 0.30 * Z90 for e in land_errors) == 4  # 0.4 and 0.5 are outside ±0.30 × 1.28 = ±0.384
    assert (sea.group, sea.rows, sea.log_sd, sea.inside_shipped) == ("sea", 2, None, 2)
    assert sea.rows < MIN_ROWS
    assert sea.to_dict()["parameter"] == "sea_trip_log_sd"
    assert (price_land.rows, price_land.log_sd, price_land.parameter) == (0, None, "price_log_sd")
    assert (price_sea.rows, price_sea.parameter, price_sea.shipped) == (5, "sea_price_log_sd", 0.40)
    assert price_sea.log_sd == pytest.approx(3 * coverage_log_sd(land_errors[:5]))  # the same errors, three times larger
    assert price_sea.inside_shipped == 1  # only 0.3 is inside ±0.40 × 1.28 = ±0.51


def test_a_check_file_s_rows_join_their_groups_by_their_own_share_at_sea() -> None:
    """The --check file's figures (never fitted) carry their route's share at sea on the result
    itself: they join the cross-validated rows of their group, and the estimate counts them."""
    cv_errors = [0.1, -0.2, 0.3]
    check_errors = [0.4, -0.5, 0.6, -0.7]
    pairs = [_pair(i, math.exp(e) * 10.0, 10.0, 0.1) for i, e in enumerate(cv_errors)]
    plans, results = zip(*pairs, strict=True)
    check = [replace(_pair(10 + i, math.exp(e) * 10.0, 10.0, None)[1], sea_share=0.3) for i, e in enumerate(check_errors)]
    check.append(replace(_pair(20, 10.0, 30.0, None)[1], sea_share=0.8))  # mostly at sea: the other group
    check.append(_pair(21, 10.0, 30.0, None)[1])  # no share (no spread): not counted

    class Ops:
        trip_log_sd, sea_trip_log_sd, price_log_sd, sea_price_log_sd = 0.30, 0.20, 0.25, 0.40

    land, sea, *_ = estimate_spread(plans, results, Ops(), check=check)  # type: ignore[arg-type]
    assert (land.rows, land.check_rows) == (7, 4) and land.to_dict()["check_rows"] == 4
    assert land.log_sd == pytest.approx(coverage_log_sd(cv_errors + check_errors))
    assert land.inside_shipped == 3  # ±0.30 × 1.28 = ±0.384 holds the three cross-validated rows only
    assert (sea.rows, sea.check_rows) == (1, 1)
    alone, *_ = estimate_spread(plans, results, Ops())  # type: ignore[arg-type]
    assert (alone.rows, alone.check_rows, alone.log_sd) == (3, 0, None)


def _estimates(time_land: float | None = 0.412, price_sea: float | None = 0.287) -> tuple[SpreadEstimate, ...]:
    return (
        SpreadEstimate("time", "land", 40, time_land, 0.34, 30),
        SpreadEstimate("time", "sea", 3, None, 0.17, 3),  # too few rows: its value stays
        SpreadEstimate("price", "sea", 15, price_sea, 0.36, 12),
    )


def test_the_spreads_are_written_into_the_shipped_operations_file(tmp_path) -> None:
    shipped = resources.files("dalan.data").joinpath("operations.toml").read_text(encoding="utf-8")
    text = spread_operations_text(shipped, _estimates(), "read by a test")
    old, new = shipped.splitlines(), text.splitlines()
    assert len(new) == len(old)
    changed = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    assert [b.split("#")[0].split() for _, b in changed] == [["trip_log_sd", "=", "0.41"], ["sea_price_log_sd", "=", "0.29"]]
    assert all(a.split("#", 1)[1] == b.split("#", 1)[1] for a, b in changed)  # the comments kept
    assert spread_operations_text(text, _estimates(), "read by a test") == text  # idempotent
    written = write_spread_operations(_estimates(), tmp_path / "ops.toml", "calibration_queries.csv")
    shipped_ops = load_operations()
    assert (written.trip_log_sd, written.sea_price_log_sd) == (0.41, 0.29)
    assert (written.sea_trip_log_sd, written.price_log_sd) == (shipped_ops.sea_trip_log_sd, shipped_ops.price_log_sd)
    assert replace(written, trip_log_sd=0.0, sea_price_log_sd=0.0, source="") == replace(shipped_ops, trip_log_sd=0.0, sea_price_log_sd=0.0, source="")


def test_a_spread_a_file_lacks_is_added_to_its_section_or_a_new_one() -> None:
    within = spread_operations_text("[variability]\nfamily = \"lognormal\"\n\n[rail]\nx = 1\n", _estimates(), "note")
    assert tomllib.loads(within)["variability"] == {"family": "lognormal", "trip_log_sd": 0.41, "sea_price_log_sd": 0.29}
    assert within.splitlines()[1:4] == ['family = "lognormal"', "trip_log_sd = 0.41  # note", "sea_price_log_sd = 0.29  # note"]
    empty = spread_operations_text("[variability]\n[rail]\nx = 1\n", _estimates(), "note")
    assert tomllib.loads(empty)["variability"] == {"trip_log_sd": 0.41, "sea_price_log_sd": 0.29}
    none = spread_operations_text("[rail]\nx = 1", _estimates(), "note")
    assert tomllib.loads(none) == {"rail": {"x": 1}, "variability": {"trip_log_sd": 0.41, "sea_price_log_sd": 0.29}}


def test_no_spread_to_write_is_one_clear_error(tmp_path) -> None:
    with pytest.raises(InputError, match="no spread to write"):
        write_spread_operations(_estimates(None, None), tmp_path / "ops.toml", "x.csv")
    assert not (tmp_path / "ops.toml").exists()
    from typer.testing import CliRunner

    from dalan.cli.app import app

    result = CliRunner().invoke(app, ["calibrate", "--no-cv", "--operations-out", str(tmp_path / "ops.toml")])
    assert result.exit_code == 2 and "--no-cv" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "ops.toml").exists()
