"""The model against published end-to-end corridor figures (CORRIDOR_FACTS.md §8)."""

from __future__ import annotations

import pytest

from dalan.calibration import load_trials, run_trials
from dalan.network.io import load_embedded_network


@pytest.fixture(scope="module")
def results():
    return {r.trial.id: r for r in run_trials(load_embedded_network())}


@pytest.mark.parametrize("trial", [t.id for t in load_trials()])
def test_trial_within_published_band(results, trial):
    r = results[trial]
    assert r.within_band, (
        f"{trial}: modelled {r.modelled:.2f} vs published {r.trial.published} "
        f"({100 * r.relative_error:+.1f} %, band ±{100 * r.trial.band:.0f} %)"
    )


def test_trials_follow_their_published_path(results):
    for r in results.values():
        touched = set(r.itinerary.place_sequence)
        assert r.trial.origin in touched
        assert all(end in touched for end, _ in r.trial.segments)
        modes = {leg.mode for leg in r.itinerary.legs if leg.kind == "move"}
        allowed = {m for _, ms in r.trial.segments for m in ms}
        assert modes <= allowed


def test_the_2016_trial_used_a_truck_between_rasht_and_astara(results):
    legs = [leg for leg in results["V3"].itinerary.legs if leg.kind == "move"]
    assert any(leg.mode == "road" and {leg.from_id, leg.to_id} == {"IR_RAS", "IR_AST"} for leg in legs)
