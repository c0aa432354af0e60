"""The TNTP reader on the standard files and on malformed ones."""

from __future__ import annotations

import re

import numpy as np
import pytest
from assignment_helpers import TNTP_DIR

from dalan.assignment import tntp
from dalan.errors import InputError

NET = """<NUMBER OF ZONES> 2
<NUMBER OF NODES>\t3
<FIRST THRU NODE> 3\t\t
<NUMBER OF LINKS> 3
<END OF METADATA>

~ init term capacity length fft b power speed toll type ;
  1\t3   100 1.5 2 0.15 4 0 0 1 ;
3 2 100 1.5 2 0.15 4 0 0.5 1;
\t2  1 50 3 4 0.15 4 0 0 1 ;   ~ trailing comment
"""

TRIPS = """<NUMBER OF ZONES> 2
<TOTAL OD FLOW> 30.5
<END OF METADATA>

Origin 1
    1 :   0.0;  2 : 10.0;
Origin\t2
2:0; 1 :20.5;
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_a_hand_written_net_with_odd_whitespace(tmp_path):
    raw = tntp.read_net(write(tmp_path, "x_net.tntp", NET))
    assert raw.num_nodes == 3 and raw.num_zones == 2 and raw.first_thru_node == 3
    network = raw.to_assignment_network()
    assert network.init_node.tolist() == [0, 2, 1] and network.term_node.tolist() == [2, 1, 0]
    assert network.toll.tolist() == [0.0, 0.5, 0.0]
    assert network.first_thru_node == 2 and network.zone_ids.tolist() == [0, 1]


def test_reads_trips(tmp_path):
    trips = tntp.read_trips(write(tmp_path, "x_trips.tntp", TRIPS))
    assert trips.tolist() == [[0.0, 10.0], [20.5, 0.0]]


@pytest.mark.parametrize(("name", "links", "nodes", "zones", "total"),
                         [("SiouxFalls", 76, 24, 24, 360600.0), ("Anaheim", 914, 416, 38, 104694.40)])
def test_standard_files(name, links, nodes, zones, total):
    raw = tntp.read_net(TNTP_DIR / name / f"{name}_net.tntp")
    assert raw.links["init_node"].size == links and raw.num_nodes == nodes and raw.num_zones == zones
    trips = tntp.read_trips(TNTP_DIR / name / f"{name}_trips.tntp", zones)
    text = (TNTP_DIR / name / f"{name}_trips.tntp").read_text()
    assert float(re.search(r"<TOTAL OD FLOW>\s*(\S+)", text).group(1)) == total
    assert trips.sum() == pytest.approx(total, rel=1e-9)
    flow = tntp.read_flow(TNTP_DIR / name / f"{name}_flow.tntp")
    assert flow["volume"].size == links and np.all(flow["volume"] >= 0)


def test_sioux_falls_first_rows_and_nodes():
    raw = tntp.read_net(TNTP_DIR / "SiouxFalls" / "SiouxFalls_net.tntp")
    assert raw.links["capacity"][0] == 25900.20064 and raw.links["free_flow_time"][3] == 5.0
    nodes = tntp.read_nodes(TNTP_DIR / "SiouxFalls" / "SiouxFalls_node.tntp")
    assert nodes["node"].tolist() == list(range(1, 25)) and nodes["x"][0] == -96.77041974


@pytest.mark.parametrize(
    ("text", "line", "field", "value"),
    [
        (NET.replace("100 1.5 2", "1OO 1.5 2", 1), "line 8", "capacity", "1OO"),
        (NET.replace("3 2 100", "3 9 100"), "line 9", "term_node", 9),
        (NET.replace("0 0.5 1;", "0 0.5;"), "line 9", "link_type", "3 2 100 1.5 2 0.15 4 0 0.5;"),
        (NET.replace("<END OF METADATA>", ""), "file", "<END OF METADATA>", None),
        (NET.replace("<NUMBER OF LINKS> 3", "<NUMBER OF LINKS> 4"), "file", "<NUMBER OF LINKS>", 4),
        (NET.replace("  1\t3", "  1.5\t3"), "line 8", "init_node", "1.5"),
        (NET.replace("100 1.5 2", "inf 1.5 2", 1), "line 8", "capacity", "inf"),
    ],
)
def test_bad_net_content_names_file_line_field_and_value(tmp_path, text, line, field, value):
    path = write(tmp_path, "bad_net.tntp", text)
    with pytest.raises(InputError) as error:
        tntp.read_net(path)
    problem = error.value.problems[0]
    assert (problem.file, problem.record, problem.field, problem.value) == (str(path), line, field, value)
    assert problem.hint


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (TRIPS.replace("2 : 10.0", "3 : 10.0"), "destination"),
        (TRIPS.replace("Origin 1", "Origin 7"), "origin"),
        (TRIPS.replace("2 : 10.0", "2 : -10.0"), "trips to 2"),
        (TRIPS.replace("2 : 10.0", "2 : ten"), "trips to 2"),
        (TRIPS.replace("Origin 1\n", ""), "origin"),
        (TRIPS.replace("2 : 10.0;", "2 10.0;"), "destination"),
    ],
)
def test_bad_trips_content(tmp_path, text, field):
    with pytest.raises(InputError) as error:
        tntp.read_trips(write(tmp_path, "bad_trips.tntp", text))
    assert error.value.problems[0].field == field


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="cannot be read"):
        tntp.read_net(tmp_path / "nope_net.tntp")
