"""Import of the reference tables (copied into tests/data/reference) and the embedded network build."""

from __future__ import annotations

import csv
import re
from dataclasses import fields
from pathlib import Path

import pytest

from dalan.errors import InputError
from dalan.network import load_embedded_network, read_reference_csv, validate
from dalan.network.model import PLACE_KINDS

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "reference"
NODES, LINKS = REFERENCE / "corridor_nodes.csv", REFERENCE / "corridor_links.csv"


def rows(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def imported():
    return read_reference_csv(NODES, LINKS)


def test_every_row_becomes_one_element(imported):
    assert [p.id for p in imported.places] == [r["id"] for r in rows(NODES)]
    assert [ln.id for ln in imported.links] == [r["link_id"] for r in rows(LINKS)]


def test_the_build_script_reproduces_the_embedded_network(build_script):
    built, _ = build_script.build(REFERENCE)
    assert built == load_embedded_network()


def test_embedded_network_differs_from_the_import_only_by_aliases_name_and_recorded_fixes(
    imported, build_script
):
    embedded = load_embedded_network()
    for kind, originals in (("place", imported.places), ("link", imported.links)):
        for original in originals:
            if kind == "link" and original.id in build_script.DROPPED_LINKS:
                # left out with its reason (a line the network draws by its parts)
                assert not embedded.has_link(original.id) and build_script.DROPPED_LINKS[original.id]
                continue
            shipped = (
                embedded.place(original.id)
                if kind == "place"
                else embedded.link(original.id)
            )
            changed = {
                f.name
                for f in fields(original)
                if getattr(original, f.name) != getattr(shipped, f.name)
            }
            changed -= {"aliases"}
            if kind == "link" and original.mode in ("sea", "ferry") and original.geometry is None:
                changed -= {"geometry"}  # sea shapes for drawing (build script), not a data change
            assert not changed or "data fix:" in shipped.notes, (original.id, changed)


def test_node_rules(imported):
    countries = {r["id"]: r["country_iso"] for r in rows(NODES)}
    foreign = {
        e
        for r in rows(LINKS)
        if countries[r["from_id"]] != countries[r["to_id"]]
        for e in (r["from_id"], r["to_id"])
    }
    for row in rows(NODES):
        place = imported.place(row["id"])
        assert place.gauges_mm == tuple(
            int(g) for g in row["gauges_mm"].split(";") if g
        )
        code = row["gauge_change_code"]
        assert place.gauge_change_methods == (
            () if code in ("", "none") else tuple(code.split("+"))
        )
        assert list(place.kinds) == sorted(place.kinds, key=PLACE_KINDS.index)
        if row["node_type"] == "gauge-change point":
            assert "gauge_change" in place.kinds
            is_border = "border" in row["name_en"] or row["id"] in foreign
            assert ("border_crossing" in place.kinds) == is_border
        if row["node_type"] == "border crossing":
            assert ("gauge_change" in place.kinds) == (code not in ("", "none"))
        if row["rail_border_dwell_h_range"]:
            low, high = (float(x) for x in row["rail_border_dwell_h_range"].split("-"))
            assert (place.rail_border_dwell_low_h, place.rail_border_dwell_high_h) == (
                low,
                high,
            )


def test_astara_terminal_is_a_border_crossing_because_it_links_to_another_country(
    imported,
):
    assert set(imported.place("IR_AST").kinds) == {"border_crossing", "gauge_change"}
    assert (
        "border_crossing" not in imported.place("GE_AKH").kinds
    )  # inland break of gauge


def test_link_rules(imported):
    for row in rows(LINKS):
        link = imported.link(row["link_id"])
        assert link.gauges_mm == tuple(
            dict.fromkeys(int(g) for g in re.findall(r"\d{4}", row["gauge_mm"]))
        )
        published = row["transit_time_basis"].startswith("published/reported")
        assert (link.transit_time_h is not None) == published
        if published:
            assert link.transit_time_h == float(row["transit_time_h"])
        years = re.findall(r"\b\d{4}\b", row["status_year"])
        assert link.year == (int(years[0]) if years else None)
        assert link.status == row["status_code"]
        assert link.corridors == tuple(row["corridor"].split(";"))
        for basis in (
            "length_basis",
            "speed_basis",
            "transit_time_basis",
            "electrification",
        ):
            assert row[basis] in link.notes
        if row["tracks"]:
            assert link.tracks in ("single", "double", "")
            assert link.tracks == row["tracks"].split()[0] or link.tracks == ""
            assert row["tracks"] == link.tracks or row["tracks"] in link.notes


def test_mixed_gauge_texts(imported):
    assert imported.link("L078").gauges_mm == (1520, 1435)  # "1520 (AM) / 1435 (TR)"
    assert imported.link("L012").gauges_mm == (
        1520,
        1435,
    )  # "1520;1435 (dual-gauge bridge)"
    assert "dual-gauge bridge" in imported.link("L012").notes
    assert (
        imported.link("L010").tracks == "double"
        and "double (verify)" in imported.link("L010").notes
    )


def _write(path, table, header):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(table)


def test_bad_rows_are_reported_with_file_row_field_and_value(tmp_path):
    nodes, links = rows(NODES), rows(LINKS)
    nodes[2]["lat"] = "north"
    nodes[5]["rail_border_dwell_h_range"] = "a lot"
    nodes[7]["node_type"] = "station"
    links[0]["length_km"] = "1,063 km"
    links[3]["gauge_mm"] = "broad"
    _write(tmp_path / "n.csv", nodes, list(nodes[0]))
    _write(tmp_path / "l.csv", links, list(links[0]))
    with pytest.raises(InputError) as caught:
        read_reference_csv(tmp_path / "n.csv", tmp_path / "l.csv")
    found = {(p.file, p.record, p.field, p.value) for p in caught.value.problems}
    assert found == {
        ("n.csv", f"row 4 (id {nodes[2]['id']!r})", "lat", "north"),
        (
            "n.csv",
            f"row 7 (id {nodes[5]['id']!r})",
            "rail_border_dwell_h_range",
            "a lot",
        ),
        ("n.csv", f"row 9 (id {nodes[7]['id']!r})", "node_type", "station"),
        ("l.csv", "row 2 (id 'L001')", "length_km", "1,063 km"),
        ("l.csv", "row 5 (id 'L004')", "gauge_mm", "broad"),
    }
    assert all(p.hint for p in caught.value.problems)


def test_missing_column_is_reported(tmp_path):
    nodes = rows(NODES)
    header = [c for c in nodes[0] if c != "lat"]
    _write(tmp_path / "n.csv", [{k: r[k] for k in header} for r in nodes], header)
    with pytest.raises(InputError) as caught:
        read_reference_csv(tmp_path / "n.csv", LINKS)
    assert [(p.file, p.record, p.field) for p in caught.value.problems] == [
        ("n.csv", "header", "lat")
    ]


def test_the_optional_carries_column_names_the_classes_a_service_takes(tmp_path):
    links = rows(LINKS)
    header = [*links[0], "carries"]
    for row in links:
        row["carries"] = ""
    links[0]["carries"] = "truck; vehicle"
    _write(tmp_path / "l.csv", links, header)
    network = read_reference_csv(NODES, tmp_path / "l.csv")
    assert network.link(links[0]["link_id"]).carries == ("truck", "vehicle")
    assert {ln.carries for ln in network.links if ln.id != links[0]["link_id"]} == {()}
    links[0]["carries"] = "lorries"
    _write(tmp_path / "l.csv", links, header)
    problems = validate(read_reference_csv(NODES, tmp_path / "l.csv"))
    assert (f"link {links[0]['link_id']}", "carries", "lorries") in {(p.record, p.field, p.value) for p in problems}
