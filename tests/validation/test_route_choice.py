"""The route the model picks by generalised cost is one shippers use (issue "Numbers that hold up",
*Also*; docs/validation.md, "Which route the model picks"), on 2025-06-01, before the 2026 closures.
The tests name the corridor, not one branch of it: where two branches are within a few dollars of
each other (Moscow → Tehran by the Caspian or through Kazakhstan) a sourced change may move the
pick between them, and both are run."""

from __future__ import annotations

import pytest

from dalan.options import RouteOptions
from dalan.routing import find_routes

DATE = "2025-06-01"


def _route(network, costing, origin: str, destination: str, **options):
    return find_routes(network, RouteOptions.build(origin, destination, by="generalized", date=DATE, **options), costing=costing)[0]


def _moves(it):
    return [leg for leg in it.legs if leg.kind == "move"]


def _km_by(it, network, mode: str, country: str) -> float:
    """Kilometres moved in ``mode`` on legs that start in ``country``."""
    return sum(leg.length_km for leg in _moves(it) if leg.mode == mode and network.place(leg.from_id).country == country)


def test_india_to_russia_takes_the_instc_through_bandar_abbas_and_iran_s_railways(network, costing):
    """Not a ship to Chabahar and 2,614 km by truck across Iran: the sea to Bandar Abbas, then
    Iran's railways (to the Caspian or to Turkmenistan), no road at all."""
    it = _route(network, costing, "Nhava Sheva", "Moscow")
    first = _moves(it)[0]
    assert first.mode == "sea" and first.to_id == "IR_BND"
    assert _km_by(it, network, "rail", "IR") > 1000
    assert not any(leg.mode == "road" for leg in _moves(it))


def test_china_to_azerbaijan_without_russia_crosses_the_caspian(network, costing):
    it = _route(network, costing, "Urumqi", "Baku", avoid=["Russia"])
    caspian = [leg for leg in _moves(it) if leg.mode in ("ferry", "sea")]
    assert caspian and network.place(caspian[0].from_id).country == "KZ" and network.place(caspian[-1].to_id).country == "AZ"
    assert not any(network.place(leg.from_id).country == "RU" for leg in it.legs)


def test_russia_to_iran_goes_by_rail_or_the_caspian_not_by_road(network, costing):
    """Through Astara, a Caspian port, or the INSTC's eastern branch by rail (Sarakhs, Incheh
    Borun): not by truck round the Caucasus."""
    it = _route(network, costing, "Moscow", "Tehran")
    assert not any(leg.mode == "road" for leg in _moves(it))
    entry = next(leg for leg in _moves(it) if network.place(leg.to_id).country == "IR")
    caspian_ports = {"IR_CSP", "IR_ANZ", "IR_ASP", "IR_NOW", "IR_AMR"}
    assert entry.to_id in {"IR_AST", "IR_INB", "IR_SRK", *caspian_ports}
    assert entry.mode == "rail" or (entry.mode in ("sea", "ferry") and entry.to_id in caspian_ports)


def test_china_to_europe_crosses_kazakhstan_on_the_transit_train_at_its_rate(network, costing):
    """By generalised cost (and by cost) a box from China to Europe crosses Kazakhstan on the
    China–Europe transit train at the through rate ERAI indexes, not as KTZ's own slower train at
    the rate KTZ discounts for the INSTC, China–Iran and TITR trains ([groups] railway_crossings)."""
    transit = costing.value("rail_rate_usd_per_teu_km.KZ_TRANSIT")
    for by in ("generalized", "cost"):
        it = find_routes(network, RouteOptions.build("Xi'an", "Duisburg", modes=["rail"], by=by, date=DATE), costing=costing)[0]
        kazakh = [leg for leg in _moves(it) if network.place(leg.from_id).country == network.place(leg.to_id).country == "KZ"]
        assert kazakh and all(leg.cost_usd / leg.length_km == pytest.approx(transit) for leg in kazakh), by
