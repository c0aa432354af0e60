from __future__ import annotations

import json

from dalan.network import summarize


def test_summary_of_the_small_network(network):
    summary = summarize(network)
    assert (summary.place_count, summary.link_count) == (5, 5)
    assert dict(summary.places_by_kind) == {
        "city": 2,
        "port": 2,
        "ferry_terminal": 2,
        "border_crossing": 1,
        "gauge_change": 1,
        "rail_terminal": 1,
    }
    assert dict(summary.places_by_country) == {"IR": 2, "AZ": 2, "KZ": 1}
    rows = {
        (mode, status): (n, km) for mode, status, n, km in summary.links_by_mode_status
    }
    assert rows == {
        ("rail", "operational"): (2, 260.0),
        ("road", "operational"): (1, 120.0),
        ("ferry", "operational"): (1, 800.0),
        ("sea", "planned"): (1, 820.0),
    }
    assert dict(summary.km_by_gauge) == {1435: 130.0, 1520: 130.0}  # rail links only


def test_summary_totals_match_the_links(network):
    summary = summarize(network)
    assert sum(km for *_, km in summary.links_by_mode_status) == sum(
        ln.length_km for ln in network.links
    )
    frame = summary.to_frame()
    assert list(frame.columns) == ["table", "key", "count", "km"]
    assert frame.loc[frame.table == "country", "count"].sum() == len(network.places)
    as_dict = summary.to_dict()
    assert json.loads(json.dumps(as_dict)) == as_dict
    assert as_dict["km_by_gauge"] == {"1435": 130.0, "1520": 130.0}
