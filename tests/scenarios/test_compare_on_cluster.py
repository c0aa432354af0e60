"""`compare --scheduler`: the OD pairs split over a Dask cluster give the local run's answers;
the scheduler address is checked where it enters, and a scheduler that does not answer is a clear
error."""

from __future__ import annotations

import pickle
import random
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from dalan.cli.app import app
from dalan.cluster import dask_client
from dalan.errors import InputError
from dalan.graph import compile_graph
from dalan.options import RouteOptions, parse_scheduler
from dalan.routing.batch import (
    Chunk,
    Shared,
    chunks,
    pack,
    route_chunk,
    routes_for_pairs,
    unpack,
)
from dalan.scenarios import load_scenario
from dalan.scenarios.compare import compare

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def scenarios():
    return load_scenario("baseline"), load_scenario("rasht-astara")


def random_pairs(network, count, seed):
    rng = random.Random(seed)
    ids = [p.id for p in network.places]
    return [tuple(rng.sample(ids, 2)) for _ in range(count)]


def test_compare_on_a_cluster_is_the_local_compare(scenarios):
    a, b = scenarios
    pairs = random_pairs(a.network, 60, 14)
    here = compare(a, b, pairs, alternatives=3)
    steps = []
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        there = compare(a, b, pairs, alternatives=3, scheduler=cluster.scheduler_address, progress=lambda: steps.append(1))
    assert len(steps) == 2 * len(pairs)
    for mine, theirs in ((here.a, there.a), (here.b, there.b)):
        assert [mine[p] and mine[p].paths for p in pairs] == [theirs[p] and theirs[p].paths for p in pairs]
    assert sum(here.b[p] is not None for p in pairs) > len(pairs) // 2
    assert here.to_frame().equals(there.to_frame())
    assert here.shares_frame().equals(there.shares_frame())


def test_what_workers_get_travels_whole(scenarios):
    """A worker process receives the network, graph and options pickled: the same routes there."""
    network = scenarios[0].network
    graph = compile_graph(network, scenarios[0].costing, "container")
    options = RouteOptions.build("origin", "destination", by="generalized", alternatives=2)
    pairs = random_pairs(network, 12, 3)
    landed, chunk = pickle.loads(pickle.dumps((Shared(network, graph, options), Chunk(pairs, None))))
    assert landed.network == network and landed.network is not network
    assert unpack(route_chunk(landed, chunk)) == routes_for_pairs(network, graph, options, pairs)


routes = st.lists(st.lists(st.integers(0, 10**6), max_size=5), min_size=1, max_size=3)


@given(st.lists(st.none() | routes, max_size=8))
def test_packed_routes_read_back_the_same(found):
    assert unpack(pickle.loads(pickle.dumps(pack(found)))) == found


@given(st.lists(st.tuples(st.sampled_from("ABCD"), st.sampled_from("WXYZ")), max_size=40), st.integers(1, 12), st.booleans())
def test_chunks_split_every_pair_once_evenly_by_destination(pairs, count, avoiding):
    extra = [["TR"] if i % 3 == 0 else [] for i in range(len(pairs))] if avoiding else None
    parts = chunks(pairs, extra, count)
    assert sorted(i for part in parts for i in part) == list(range(len(pairs)))
    assert len(parts) <= count and all(parts)
    assert not parts or max(map(len, parts)) - min(map(len, parts)) <= 1
    keys = [((tuple(extra[i]) if extra else ()), pairs[i][1]) for part in parts for i in part]
    assert keys == sorted(keys)  # a destination's pairs sit together


@pytest.mark.parametrize("address", ["tcp://10.0.0.5:8786", "scheduler.example.org:8786", "tls://[::1]:8786", "inproc://10.0.0.5/123/1"])
def test_scheduler_addresses(address):
    assert parse_scheduler(f" {address} ", "compare") == address
    assert parse_scheduler(None, "compare") is None and parse_scheduler("", "compare") is None


@pytest.mark.parametrize("address", ["10.0.0.5", "tcp://host", "http://host:8786", "tcp://host:0", "tcp://host:70000", "a b:1"])
def test_bad_scheduler_addresses_are_refused(address):
    with pytest.raises(InputError, match="is not a Dask scheduler address"):
        parse_scheduler(address, "compare")


def test_a_scheduler_that_does_not_answer_is_a_clear_error():
    with pytest.raises(InputError) as caught, dask_client("tcp://127.0.0.1:9", "compare", timeout_s=0.3):
        pass
    assert "no Dask scheduler answers there" in caught.value.message("en")
    assert "زمان‌بند" in caught.value.message("fa")


def test_the_cli_refuses_a_bad_address_before_routing():
    result = CliRunner().invoke(app, ["compare", "baseline", "rasht-astara", "--scheduler", "nowhere", "--lang", "fa"])
    assert result.exit_code == 2
    assert "نشانی زمان‌بند Dask نیست" in result.output and "Traceback" not in result.output


def test_without_the_distributed_package_the_error_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    with pytest.raises(InputError, match=r"pip install 'dalan\[dask\]'"), dask_client("tcp://10.0.0.5:8786", "simulate"):
        pass
