"""Builders for tiny hand-built networks and costing (importable from any test folder)."""

from __future__ import annotations

from dalan.network import Link, Place


def tiny_costing_dict() -> dict:
    """Round numbers so that answers can be worked out by hand."""
    tc = lambda h, usd: {"time_h": h, "cost_usd": usd}
    return {
        "general": {"carbon_price_usd_per_t": 0.0, "deep_sea_min_speed_kmh": 25.0, "border_dwell_factor": 1.0, "voyage_border_h": 6.0},
        "default_sailings_per_week": {"sea": 1.0, "ferry": 2.0},
        "speed_kmh": {"rail_1520": 30.0, "rail_1435": 22.0, "road": 40.0, "sea": 18.5, "ferry": 18.5},
        "co2_kg_per_tkm": {
            "rail_electric": 0.01, "rail_diesel": 0.03, "road": 0.1, "ferry": 0.2, "sea_short": 0.02, "sea_deep": 0.01,
        },
        "cargo": {
            "container": {
                "unit": "TEU",
                "tonnes_per_unit": 10.0,
                "value_of_time_usd_per_h": 1.0,
                "rate_usd_per_km": {"rail": 1.0, "road": 2.0, "ferry": 3.0, "sea_short": 0.5, "sea_deep": 0.1},
                "handling": {"port": tc(10, 100), "roll_on": tc(5, 50), "land": tc(4, 40), "load": tc(2, 20), "transship": tc(3, 30)},
                "border": {"rail_fee_usd": 30.0, "road_fee_usd": 25.0},
                "gauge_change": {
                    "transshipment": tc(8, 80), "bogie_exchange": tc(6, 60), "dual_gauge": tc(0, 0),
                },
            }
        },
    }

def tiny_places() -> list[Place]:
    return [
        Place("A", "Alpha", "آلفا", "PL", 0.0, 0.0, ("city",), (1435,)),
        Place(
            "B", "Bravo Border", "براوو", "BY", 0.0, 0.9, ("border_crossing", "gauge_change"), (1435, 1520),
            rail_border_dwell_h=10.0, gauge_change_methods=("transshipment",),
        ),
        Place("C", "Charlie Port", "چارلی", "BY", 0.0, 3.5, ("ferry_terminal",), (1520,)),
        Place("D", "Delta Port", "دلتا", "TM", 0.0, 5.2, ("ferry_terminal",)),
        Place("E", "Echo", "اکو", "TM", 0.0, 5.8, ("city",)),
        Place("F", "Foxtrot", "فاکستروت", "TM", 0.0, 6.5, ("city",), (1520,)),
    ]


def tiny_links(road_km: float | None = None) -> list[Link]:
    links = [
        Link("L1", "A", "B", "rail", 110.0, (1435,), speed_kmh=22.0),
        Link("L2", "B", "C", "rail", 300.0, (1520,), speed_kmh=30.0),
        Link("L3", "C", "D", "ferry", 200.0, transit_time_h=12.0, sailings_per_week=7.0),
        Link("L4", "D", "E", "road", 80.0, speed_kmh=40.0),
        Link("L5", "E", "F", "rail", 90.0, (1520,), speed_kmh=30.0, status="planned", year=2030),
    ]
    if road_km is not None:
        links.append(Link("L6", "A", "E", "road", road_km, speed_kmh=40.0))
    return links
