"""Build the embedded default network (src/dalan/data/network.geojson) from the reference tables.

    python scripts/build_network.py [--reference DIR] [--out PATH]

Steps: import ``corridor_nodes.csv`` / ``corridor_links.csv`` (rules in
:mod:`dalan.network.reference_csv`) and then the project's own additions ``reference/nodes_extra.csv``
/ ``links_extra.csv`` (same columns, plus an optional ``chokepoints`` column; an id used by both is
an error); give the shared places the Persian names of ``reference/names_fa.csv`` (each with the
reason; the project's own places carry theirs in ``nodes_extra.csv``); add aliases; apply the data
fixes below; validate; write.

Aliases per place: the short English name (text before the first " (" or " –", and each part of
"A / B"), the short Persian name (text before " ("; for a port, also without the word «بندر», and
a port named in parentheses: «چابهار (بندر شهید بهشتی)» answers to «چابهار», «بندر شهید بهشتی»
and «شهید بهشتی»), and the hand-written list in ``scripts/aliases.csv``. Where several places would
answer to the same name:

* a place's own English/Persian name beats another place's automatic short name (so plain
  "آستارا" stays with IR_AST, whose Persian name it is, and "جلفا" with IR_JLF);
* the names in :data:`NAME_OWNERS` go to the place given there and are withheld from the others.
  "Astara" → IR_AST: the reference names the Iranian ADY terminal plainly "آستارا" and qualifies
  the Azerbaijani station ("آستارا (جمهوری آذربایجان)", "Astara (AZ)"), and "Rasht–Astara" in the
  corridor literature means the Iranian end; the AZ station answers to "Astara (AZ)",
  "Astara Azerbaijan", "Astara station" and its id.
  "Alat" → AZ_ALA: the Port of Baku at Alat; the Uzbek border station opposite Farap answers to
  "Alat (UZ)".

Any other shared name stops the build.

Data fixes (each applied by a general rule, recorded in the element's ``notes`` and printed):

* a link shorter than the great-circle distance between its end coordinates (beyond the 1 % slack
  of validation) is raised to that distance, rounded up to 0.1 km — the coordinates are
  approximate, the length is not wrong by much;
* the places in :data:`PLACE_FIXES` get the recorded changes (e.g. Zahedan, where the 1676 mm
  line from Pakistan meets the 1435 mm network, is a gauge-change place);
* the links in :data:`LINK_FIXES` get the recorded changes (the Chornomorsk–Poti ferry is drawn
  as it ran before February 2022; the dated history closes it from then; a long link redrawn
  between nearer junctions gets its new length with its ``length_basis``, which replaces the
  reference's in the notes, and loses the transit time computed from the old length: a line the
  reference draws whole beside the parts the network adds at its junctions is drawn once, as one of
  its parts, in that part's place);
* the reference's links in :data:`DROPPED_LINKS` are left out (a line drawn whole beside its parts,
  all of them the reference's own links);
* a sea/ferry link with neither speed nor a published transit time keeps the transit time the
  reference states for it (whatever its basis), because nothing else times it;
* a ferry whose reference frequency is text only gets the sailings per week of
  :data:`SAILINGS_FROM_TEXT`, read from that text and its source (else the costing default, meant
  for Caspian ferries, would apply);
* sea and ferry links get the shape of their sea route (``searoute``, the maritime network the
  reference measured its sea lengths on; a link tagged ``cape_of_good_hope``, or whose reference
  length is more than 30 % longer than the route through Suez, is the Cape route, computed with
  Suez and Bab-el-Mandeb closed), so that maps draw them on water; the length stays the
  reference's. Lake Van stays straight. The Arctic (north-west) passage is always closed, and
  Panama too for a Cape route;
* every sea/ferry link is tagged with the chokepoints its drawn route passes
  (:data:`CHOKEPOINT_BOXES`: the route crosses the Hormuz, Bab-el-Mandeb/Suez canal or Bosphorus
  box, or rounds the Cape); tags given in the table are kept;
* a gauge-change place whose rail/ferry links carry a single gauge (the other gauge's network is
  not in the reference) loses the ``gauge_change`` kind and methods: a gauge change there could
  never be used; the methods stay in the notes;
* a place lists every gauge its rail links carry, closed lines apart (a place written as a city
  or a port, or a border station listed with its own side's gauge only, that a line reaches).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import math
import re
import sys
import warnings
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from dalan.errors import DalanError
from dalan.network.io import read_reference_csv_records, write_geojson
from dalan.network.model import CHOKEPOINTS, Link, Network, Place
from dalan.network.records import Records
from dalan.network.search import PlaceIndex, name_key
from dalan.network.validation import rail_gauges_at, too_short, validate

REPO = Path(__file__).resolve().parents[1]
ALIASES_CSV = Path(__file__).with_name("aliases.csv")
EXTRA_REFERENCE = REPO / "reference"
#: The table (in the ``--extra`` folder) of Persian names for shared-table places, as Iranian
#: planners write them: id, name_fa, why.
PERSIAN_NAMES_CSV = "names_fa.csv"
#: The Persian word for port, dropped from a port's name for its short alias.
PORT_FA = "بندر "
NETWORK_NAME = "dalan default corridor network (reference data Nov 2025)"
#: (from, to, mode) → (sailings per week per direction, the reference text it is read from).
SAILINGS_FROM_TEXT = {
    ("TR_TAT", "TR_VAN", "ferry"): (
        14.0,
        (
            "Lake Van: 2 ferries of 50 wagons since 2018; the old ferries made ~2 round trips/day "
            "(CORRIDOR_FACTS §4, railturkey 2014/2018) — taken as 2 sailings/day per direction"
        ),
    ),
}
#: Water links drawn straight (not on the open-sea network).
STRAIGHT_WATER = {("TR_TAT", "TR_VAN"), ("EG_PSD", "EG_PSE")}  # Lake Van; across the Suez Canal entrance
#: Name → the one place that answers to it when several places would.
NAME_OWNERS = {"Astara": "IR_AST", "Alat": "AZ_ALA"}
#: Place id → (changed fields, the reason and its source).
PLACE_FIXES: dict[str, tuple[dict[str, object], str]] = {
    "IR_ZAH": (
        {
            "kinds": ("rail_terminal", "gauge_change"),
            "gauges_mm": (1435, 1676),
            "gauge_change_methods": ("transshipment",),
        },
        (
            "gauge change 1676/1435 mm: the Pakistani broad-gauge line from Quetta-Taftan-Mirjaveh "
            "ends at Zahedan, where ITI freight is transshipped (ISNA via backpackerstokyo.com 2021; "
            "Zahedan-Quetta line, de.wikipedia km posts)"
        ),
    ),
}
#: Link id → (changed fields, the reason and its source). A link the reference draws as it runs
#: today but which ran before a dated closure is drawn as it ran; ``history.toml`` closes it on the
#: date (so the default network, as of today, is unchanged). A new ``length_km`` comes with its
#: ``length_basis`` (:func:`_redrawn_notes`).
LINK_FIXES: dict[str, tuple[dict[str, object], str]] = {
    "L004": (
        {
            "from_id": "RU_ARM",
            "length_km": 796.0,
            "length_basis": "estimate: the reference's Rostov - Makhachkala 1,150 km (an estimate) less Rostov - Armavir 354 km (X969)",
        },
        "the reference's Rostov - Makhachkala line runs by Armavir, where the Volgograd line (X1006) joins it: drawn as its Armavir - Makhachkala part",
    ),
    "L052": (
        {
            "from_id": "KZ_AKG",
            "length_km": 576.0,
            "length_basis": "estimate: the reference's Dostyk - Almaty 880 km (an estimate) less Dostyk - Aktogay 304 km (X060, published)",
        },
        "the reference's Dostyk - Almaty line runs by Aktogay, where the Turksib from Semey joins it: drawn as its Aktogay - Almaty part",
    ),
    "L083": (
        {
            "from_id": "TR_ASR",
            "to_id": "TR_ULK",
            "length_km": 185.3,
            "length_basis": "estimate: the reference's Sivas - Mersin 553 km (measured on the OSM-derived graph) less Kayseri - Sivas 217 km (X966, an estimate) "
            "and Ulukışla - Mersin 150.7 km (X1074, derived from published)",
        },
        (
            "the reference's Sivas - Mersin line runs by Kayseri, where the line from Ankara (X967) joins it, and by Niğde to Ulukışla, where "
            "the Konya - Yenice railway (X1073) joins it: drawn as its Kayseri - Ulukışla part (X1074 Ulukışla - Yenice - Mersin, over the "
            "Taurus, is shared with the Konya line)"
        ),
    ),
    "L050": (
        {
            "from_id": "CN_SHZ",
            "length_km": 597.0,
            "length_basis": "estimate: great-circle 459 km x 1.3 (the network's Shihezi - Altynkol, X045, which it replaces); the reference's "
            "Xi'an - Altynkol 3,300 km is itself an estimate (great-circle 2,684 km x 1.23), and its parts by Lanzhou, Wuwei, Urumqi "
            "and Shihezi, with the published Lanzhou - Urumqi West 1,912 km, sum 3,284 km",
            "tracks": "",
            "corridors": ("MC", "CER"),
        },
        (
            "the reference's Xi'an - Altynkol line ('Lanzhou-Urumqi-Khorgos') runs by Lanzhou, Wuwei, Urumqi and Shihezi (X040 - X043, "
            "which take its MC tag and, to Urumqi, its double track): drawn as its Shihezi - Kuytun - Jinghe - Yining - Khorgos part, "
            "in place of X045 (single track not known: the double track runs to Urumqi)"
        ),
    ),
    "L055": (
        {
            "to_id": "AZ_GNJ",
            "length_km": 284.0,
            "length_basis": "estimate: the reference's Alat - Böyük Kəsik 415 km (measured on the OSM-derived graph) less Ganja - Böyük Kəsik 131 km (X665, an estimate)",
        },
        (
            "the reference's Alat - Böyük Kəsik line (the BTK's Azerbaijani section) runs by Yevlakh and Ganja: drawn as its Alat - Ganja "
            "part, in place of X664 (X665 Ganja - Böyük Kəsik takes its double track and electrification)"
        ),
    ),
    "L063": (
        {
            "from_id": "TR_DER",
            "length_km": 123.0,
            "length_basis": "estimate: great-circle 95 km x 1.3 (the network's Derince - Istanbul, X102, which it replaces); the reference's "
            "Sivas - Istanbul 1,140 km is itself an estimate (great-circle 713 km x 1.6), and its parts by Kayseri, Ankara and "
            "Derince, with the published Ankara - Sivas 603 km, sum 1,162 km",
            "corridors": ("MC", "IRTR", "ITI"),
        },
        (
            "the reference's Sivas - Istanbul line ('via Kayseri/Ankara') runs by Kayseri, Ankara, Eskişehir, İzmit and Derince "
            "(X966, X967, X101, which take its IRTR tag): drawn as its Derince - Istanbul part, in place of X102 (Marmaray freight "
            "window 00:00-05:00, RailTurkey 2019)"
        ),
    ),
    "L065": (
        {
            "to_id": "GE_KUT",
            "length_km": 202.0,
            "length_basis": "estimate: the reference's Tbilisi - Samtredia 238 km (measured on the OSM-derived graph) less Kutaisi (Rioni) - Samtredia 36 km (X670, an estimate)",
        },
        (
            "the reference's Tbilisi - Samtredia line runs by Khashuri and Rioni (Kutaisi): drawn as its Tbilisi - Kutaisi part, "
            "in place of X669 (X670 Kutaisi - Samtredia takes its double track and electrification)"
        ),
    ),
    "L070": (
        {
            "to_id": "AM_LWN",
            "length_km": 146.0,
            "length_basis": "estimate: the reference's Sadakhlo - Yerevan 290 km (an estimate, via Ayrum - Gyumri) less Gyumri - Yerevan 144 km (X668, an estimate)",
        },
        (
            "the reference's Sadakhlo - Yerevan line runs by Ayrum, Vanadzor and Gyumri: drawn as its Sadakhlo - Gyumri part, in "
            "place of X802 (X668 Gyumri - Yerevan takes its single track and electrification)"
        ),
    ),
    "L082": (
        {
            "to_id": "TR_MLT",
            "length_km": 430.0,
            "length_basis": "estimate: the reference's Tatvan - Sivas 698 km (measured on the OSM-derived graph) less Malatya - Sivas 268 km (X106, an estimate)",
        },
        (
            "the reference's Tatvan - Sivas line runs by Muş, Elazığ and Malatya: drawn as its Tatvan - Malatya part, in place of "
            "X107 (X106 Malatya - Çetinkaya - Sivas takes its single track and partial electrification)"
        ),
    ),
    "L089": (
        {
            "to_id": "BY_MSQ",
            "length_km": 749.0,
            "length_basis": "derived from published: the reference's Moscow - Brest 1,096 km (measured on OSM-derived graph) less the "
            "published Minsk - Brest 347 km (X069)",
            "corridors": ("PGBS", "CER"),
        },
        (
            "the reference's Moscow - Brest line ('via Smolensk-Minsk') runs by Minsk: drawn as its Moscow - Minsk part, in place of "
            "X068 (whose CER tag it takes, the China - Europe transit trains' line; X069 Minsk - Brest takes its PGBS tag)"
        ),
    ),
    "L121": (
        {
            "to_id": "AZ_GNJ",
            "length_km": 332.0,
            "length_basis": "estimate: the reference's Baku - Red Bridge 472 km (measured on the OSM-derived graph) less Ganja - Red Bridge 140 km (X667, an estimate)",
        },
        "the reference's Baku - Red Bridge road (the M2) runs by Ganja: drawn as its Baku - Ganja part, in place of X666",
    ),
    "L100": (
        {"corridors": ("CASPIAN", "INSTC-W")},
        "the INSTC-W tag of the reference's Anzali - Rasht road (L098), which it now carries with L099 (DROPPED_LINKS)",
    ),
    "L131": (
        {"status": "operational", "sailings_per_week": 1.0, "status_note": ""},
        (
            "drawn as it ran before 24 Feb 2022 (weekly Ukrferry rail/road ferry Chornomorsk-Poti, the reference's "
            "'weekly (pre-2022)'; Ukrferry tariff Chornomorsk -> Poti/Batumi valid from 15 Jun 2021, ukrferry.com); "
            "history.toml suspends it from 2022-02-24"
        ),
    ),
    "L018": (
        {
            "from_id": "IR_KSH",
            "to_id": "IR_AKN",
            "length_km": 347.0,
            "length_basis": "derived from published: the reference's Qom - Yazd 509 km (measured on the OSM-derived "
            "graph) less Qom - Kashan's 98 km (X561; iranrail.net), the rest (411 km) shared by the great circles of Kashan - "
            "Ardakan 303.6 km and Ardakan - Yazd 56.3 km (X1075)",
        },
        (
            "the reference's Qom - Yazd line ('via Kashan - Badrud - Meybod') meets the Isfahan branch at Kashan and the Isfahan - "
            "Ardakan - Yazd - Bafq line (X1076) at Ardakan (Meybod): drawn as Kashan - Ardakan (X1075 Ardakan - Yazd is shared)"
        ),
    ),
    "L053": (
        {"from_id": "KZ_SHU", "to_id": "KZ_MOI", "length_km": 464.0, "length_basis": "estimate: great-circle 403.6 km x 1.15"},
        (
            "the reference's Almaty - Zhezkazgan line (1,150 km, an estimate) is Almaty - Shu (X553) - Moiynty - "
            "Zharyk (X555) - Zhezkazgan (X558), about 1,450 km: drawn as its Shu - Moiynty part (KTZ: the Dostyk - "
            "Aktogay - Moiynty - Zharyk - Zhezkazgan - Saksaul corridor, massaget.kz)"
        ),
    ),
    "L054": (
        {
            "to_id": "KZ_SAK",
            "length_km": 526.0,
            "length_basis": "derived from published: KTZ's 988 km of new line (Zhezkazgan - Saksaulskaya + Shalkar - "
            "Beyneu) shared by the great circles of its two sections (497.9 and 438.0 km), as X560",
        },
        (
            "the reference's Zhezkazgan - Beyneu link (1,143 km, great-circle x 1.15) is two new sections joined by the "
            "Trans-Aral line: Zhezkazgan - Saksaulskaya, then Saksaulskaya - Shalkar (X559) and Shalkar - Beyneu (X560) "
            "(UIC e-news 414, 2014-09-09: 'Zhezkazgan-Saksaulskaya-Shalkar-Beyneu'): drawn as its Zhezkazgan - "
            "Saksaulskaya section"
        ),
    ),
    "L039": (
        {
            "length_km": 404.0,
            "length_basis": "published: the Beyneu - Mangistau (Mangyshlak) railway section 404 km (Kazakhstan's Ministry of "
            "Transport via AZERTAC, 'Казахстан модернизирует транспорт Мангистауской области', xalqqazeti.az)",
        },
        "the reference's estimate (410 km) replaced by the published length",
    ),
    "L047": (
        {
            "length_km": 227.3,
            "length_basis": "derived from published: Ashgabat (km 557) - Mary (km 928) 371 km by the Trans-Caspian railway's "
            "kilometre posts (railway atlas), shared by the estimates of L047 and X001 (215 and 136 km)",
        },
        "the reference's estimate (215 km) replaced by its share of the published Ashgabat - Mary length",
    ),
}
#: Link id → the reason the reference's link is left out: a line the network draws by its parts, which
#: no part of it can stand for (its parts are the reference's own links).
DROPPED_LINKS: dict[str, str] = {
    "L098": (
        "the reference's Anzali - Rasht road (42 km, measured on the OSM-derived graph) is its Anzali - Caspian Port (L100, 14 km) "
        "and Caspian Port - Rasht (L099, 28 km) roads, measured on the same graph: the Caspian Port of the Anzali Free Zone lies "
        "on the Rasht - Anzali highway (the port's rail spur crosses it, shoma.news 2020); L100 takes its INSTC-W tag"
    ),
}
#: Road crossings a truck crossed for free: (place ids of both sides) → (usual hours, low, high, source).
ROAD_DWELL_FIXES: dict[tuple[str, ...], tuple[float, float, float, str]] = {
    ("TR_KPK",): (
        5.0, 2.0, 14.0,
        ("Kapıkule - Kapitan Andreevo after the Nov 2025 relief measures: curtain-sided trucks 14 h (74 h before), "
        "reefers 2 h (Edirne governor, ensonhaber.com 2025-11-07); Turkish border gates 2-10 h usual "
        "(kamyonum.com.tr 2026); the mean of about 6 h leaving Türkiye and 3 h entering it"),
    ),
    ("BY_BRS", "PL_MAL"): (
        14.0, 1.0, 63.0,
        ("Kukuryki - Kozlovichi (Koroszczyn), the one freight road crossing since Feb 2023: Polish customs (KAS) "
        "snapshots 2023-24 about 24 h leaving Poland (14-63 h), about 5 h entering it (0-40 h); 1-5 h before "
        "Nov 2021 (radio.lublin.pl 2020-2024, rmf24.pl, PAP 2023-04-02)"),
    ),
    ("KZ_ALT",): (
        23.5, 16.4, 51.4,
        ("CAREC CPMM 2022 PRC, Horgos road BCP 23.5 h (77.5 h in 2021), 16.4 h in 2020, 51.4 h in 2023; it "
        "includes the goods' transfer between Chinese and Kazakh trucks (cpmm.carecprogram.org 2020-report and "
        "2022-report/peoples-republic-of-china, ?p=440)"),
    ),
    ("IR_JLF", "AZ_JUL"): (6.0, 1.0, 24.0, "compiler estimate as IR_NOR (Norduz); no published figure for the Julfa road crossing"),
}  # fmt: skip
#: Chokepoint → boxes (lon_min, lat_min, lon_max, lat_max) a route must enter to pass it; the
#: Cape of Good Hope is rounded by any route south of 33° S between 10° E and 30° E.
CHOKEPOINT_BOXES: dict[str, tuple[tuple[float, float, float, float], ...]] = {
    "hormuz": ((56.2, 25.8, 57.2, 27.0),),
    "bab_el_mandeb_suez": ((43.0, 12.2, 43.8, 13.0), (32.2, 30.0, 32.7, 31.1)),
    "bosphorus": ((28.9, 41.0, 29.2, 41.25),),
    "cape_of_good_hope": ((10.0, -60.0, 30.0, -33.0),),
}


# --- aliases ---------------------------------------------------------------------------------------


def _short_names(place: Place) -> list[str]:
    short_en = re.split(r" \(| –", place.name_en, maxsplit=1)[0].strip()
    short_fa, _, qualifier = place.name_fa.partition(" (")
    persian = [short_fa.strip()]
    if qualifier.startswith(PORT_FA):  # «چابهار (بندر شهید بهشتی)»: the port is a name too
        persian.append(qualifier.rstrip(")").strip())
    persian += [name.removeprefix(PORT_FA).strip() for name in persian if name.startswith(PORT_FA)]
    return [short_en, *(part.strip() for part in short_en.split(" / ")), *persian]


def _read_alias_table(path: Path) -> dict[str, list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            row["id"]: [a.strip() for a in row["aliases"].split(";") if a.strip()]
            for row in csv.DictReader(handle)
        }


def add_aliases(
    network: Network, table: dict[str, list[str]], log: list[str]
) -> Network:
    """Places with their aliases (see the module docstring); shared names resolved or refused."""
    unknown = sorted(set(table) - {p.id for p in network.places})
    if unknown:
        raise SystemExit(f"aliases.csv names unknown places: {unknown}")
    own_keys = {
        name_key(name) for p in network.places for name in (p.name_en, p.name_fa)
    }
    owners = {name_key(name): owner for name, owner in NAME_OWNERS.items()}
    places = []
    for place in network.places:
        names = {
            name_key(place.name_en): place.name_en,
            name_key(place.name_fa): place.name_fa,
        }
        aliases: dict[str, str] = {}
        seen = set(names)
        for alias in [*_short_names(place), *table.get(place.id, [])]:
            key = name_key(alias)
            if key in seen:
                continue
            seen.add(key)
            if key in owners and owners[key] != place.id:
                log.append(
                    f"alias {alias!r} of {place.id} withheld: the name belongs to {owners[key]}"
                )
            elif key in own_keys:
                log.append(
                    f"alias {alias!r} of {place.id} withheld: it is another place's own name"
                )
            else:
                aliases[key] = alias
        places.append(replace(place, aliases=tuple(aliases.values())))
    result = network.with_changes(places=places)
    shared = PlaceIndex(result).ambiguous_names()
    if shared:
        raise SystemExit(
            f"names shared by several places (add them to NAME_OWNERS): {shared}"
        )
    return result


# --- Persian names --------------------------------------------------------------------------------


def apply_persian_names(network: Network, shared_ids: set[str], path: Path, log: list[str]) -> Network:
    """The shared places with the Persian names of ``path`` (id, name_fa, why; recorded in the notes);
    an id that is not a shared place, or a row without a reason, stops the build."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    wrong = sorted(row["id"] for row in rows if row["id"] not in shared_ids or not row["why"].strip())
    if wrong:
        raise SystemExit(
            f"{path}: ids that are not places of the shared tables, or rows without a reason "
            f"(name the project's own places in nodes_extra.csv): {wrong}"
        )
    places = []
    for row in rows:
        place, name = network.place(row["id"]), row["name_fa"].strip()
        note = f"Persian name «{name}» (reference: «{place.name_fa}»): {row['why'].strip()}"
        places.append(replace(place, name_fa=name, notes=_with_note(place.notes, note)))
        log.append(f"place {place.id}: {note}")
    return network.with_changes(places=places)


# --- data fixes ------------------------------------------------------------------------------------


def _with_note(notes: str, note: str) -> str:
    return f"{notes} | data fix: {note}" if notes else f"data fix: {note}"


def raise_lengths_to_great_circle(network: Network, log: list[str]) -> Network:
    indices, great_circle_km = too_short(network.places, network.links)
    links = []
    for i in indices:
        link = network.links[i]
        length_km = math.ceil(great_circle_km[i] * 10) / 10
        note = (
            f"length raised from {link.length_km:g} km to the great-circle distance {length_km:g} km between "
            "the place coordinates (coordinates approximate)"
        )
        links.append(
            replace(link, length_km=length_km, notes=_with_note(link.notes, note))
        )
        log.append(f"link {link.id}: {note}")
    return network.with_changes(links=links)


def keep_stated_transit_times(
    network: Network, links_csvs: tuple[Path, ...], log: list[str]
) -> Network:
    rows = {}
    for links_csv in links_csvs:
        with links_csv.open(encoding="utf-8-sig", newline="") as handle:
            rows |= {row["link_id"]: row for row in csv.DictReader(handle)}
    links = []
    for link in network.links:
        if (
            link.mode in ("sea", "ferry")
            and link.speed_kmh is None
            and link.transit_time_h is None
        ):
            row = rows[link.id]
            hours = float(row["transit_time_h"])
            note = (
                f"transit time {hours:g} h kept from the reference although its basis is not published "
                f"({row['transit_time_basis']}): the link has no speed"
            )
            links.append(
                replace(link, transit_time_h=hours, notes=_with_note(link.notes, note))
            )
            log.append(f"link {link.id}: {note}")
    return network.with_changes(links=links)


def sailings_from_text(network: Network, log: list[str]) -> Network:
    links = []
    for link in network.links:
        key = (link.from_id, link.to_id, link.mode)
        if link.sailings_per_week is None and key in SAILINGS_FROM_TEXT:
            sailings, basis = SAILINGS_FROM_TEXT[key]
            note = f"{sailings:g} sailings/week per direction: {basis}"
            links.append(replace(link, sailings_per_week=sailings, notes=_with_note(link.notes, note)))
            log.append(f"link {link.id}: {note}")
    return network.with_changes(links=links)


def road_dwell_place_fixes() -> dict[str, tuple[dict[str, object], str]]:
    """:data:`ROAD_DWELL_FIXES` as place fixes: each side of a crossing gets its hours and range."""
    fixes: dict[str, tuple[dict[str, object], str]] = {}
    for sides, (hours, low, high, source) in ROAD_DWELL_FIXES.items():
        for side in sides:
            same = f" (same crossing as {sides[0]})" if side != sides[0] else ""
            changes: dict[str, object] = {"road_border_dwell_h": hours, "road_border_dwell_low_h": low, "road_border_dwell_high_h": high}
            fixes[side] = (changes, f"road dwell {hours:g} h ({low:g}-{high:g} h): {source}{same}")
    return fixes


_Element = TypeVar("_Element", Place, Link)


def apply_fixes(network: Network, log: list[str]) -> Network:
    """Each place and link of the fix tables changed as given, its reason added to its notes."""
    place_fixes = {**PLACE_FIXES, **road_dwell_place_fixes()}
    places = [_fixed(network.place(place_id), changes, reason) for place_id, (changes, reason) in place_fixes.items()]
    links = [_fixed(network.link(link_id), changes, reason) for link_id, (changes, reason) in LINK_FIXES.items()]
    for kind, fixes in (("place", place_fixes), ("link", LINK_FIXES)):
        log.extend(f"{kind} {ident}: {reason}" for ident, (_, reason) in fixes.items())
    log.extend(f"link {ident} left out: {reason}" for ident, reason in DROPPED_LINKS.items())
    return network.with_changes(places=places, links=links).without(link_ids=DROPPED_LINKS)


def _fixed(element: _Element, changes: dict[str, object], reason: str) -> _Element:
    changes = dict(changes)
    basis = changes.pop("length_basis", None)
    notes = element.notes if basis is None else _redrawn_notes(element.notes, str(basis))
    return replace(element, **changes, notes=_with_note(notes, reason))  # type: ignore[arg-type]


def _redrawn_notes(notes: str, length_basis: str) -> str:
    """A redrawn link's notes: ``length_basis`` in place of the reference's length basis, and
    without the transit time computed from the old length (the reader drops that time itself)."""
    parts = []
    for part in notes.split(" | "):
        if part.startswith("length: "):
            parts.append(f"length: {length_basis}")
        elif not (part.startswith("transit time: ") and "computed:" in part):
            parts.append(part)
    return " | ".join(parts)


def add_sea_shapes(network: Network, log: list[str]) -> Network:
    import searoute  # in the test extra (make test, make data install it)

    links = []
    for link in network.links:
        if link.mode not in ("sea", "ferry") or link.geometry or (link.from_id, link.to_id) in STRAIGHT_WATER:
            continue
        a, b = network.place(link.from_id), network.place(link.to_id)
        route = searoute.searoute([a.lon, a.lat], [b.lon, b.lat], units="km")
        declared_cape = "cape_of_good_hope" in link.chokepoints
        if declared_cape or link.length_km > 1.3 * route["properties"]["length"]:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                cape = searoute.searoute(
                    [a.lon, a.lat], [b.lon, b.lat], units="km", restrictions=["northwest", "panama", "suez", "babalmandab"]
                )
            if declared_cape or abs(cape["properties"]["length"] - link.length_km) < 0.15 * link.length_km:
                route = cape
        inner = [(round(lon, 3), round(lat, 3)) for lon, lat in route["geometry"]["coordinates"][1:-1]]
        links.append(replace(link, geometry=((a.lon, a.lat), *inner, (b.lon, b.lat))))
    log.append(f"sea shapes: {len(links)} sea/ferry links drawn along their sea routes (searoute)")
    return network.with_changes(links=links)


def _enters(line: tuple[tuple[float, float], ...], box: tuple[float, float, float, float]) -> bool:
    """Whether the polyline (lon, lat) enters the box, checked every ~0.05° along each segment."""
    lon_min, lat_min, lon_max, lat_max = box
    for (lon_a, lat_a), (lon_b, lat_b) in itertools.pairwise(line):
        steps = max(1, math.ceil(max(abs(lon_b - lon_a), abs(lat_b - lat_a)) / 0.05))
        for k in range(steps + 1):
            lon, lat = lon_a + (lon_b - lon_a) * k / steps, lat_a + (lat_b - lat_a) * k / steps
            if lon_min <= lon <= lon_max and lat_min <= lat <= lat_max:
                return True
    return False


def chokepoints_of(line: tuple[tuple[float, float], ...]) -> tuple[str, ...]:
    """The chokepoints (:data:`CHOKEPOINT_BOXES` order) a sea route passes."""
    return tuple(
        name for name, boxes in CHOKEPOINT_BOXES.items() if any(_enters(line, box) for box in boxes)
    )


def tag_chokepoints(network: Network, log: list[str]) -> Network:
    links: list[Link] = []
    for link in network.links:
        if link.mode not in ("sea", "ferry") or link.geometry is None:
            continue
        found = chokepoints_of(link.geometry)
        tags = tuple(c for c in CHOKEPOINTS if c in {*link.chokepoints, *found})
        if tags != link.chokepoints:
            note = f"chokepoints {', '.join(tags)} from its sea route (searoute)"
            links.append(replace(link, chokepoints=tags, notes=_with_note(link.notes, note)))
            log.append(f"link {link.id}: {note}")
    return network.with_changes(links=links)


#: Speed of a feeder service (CORRIDOR_FACTS §2.4: Caspian/Black Sea feeders and general cargo 10 kn).
FEEDER_SPEED_KMH = 18.5
#: Eastern Baltic ports: mainline Asia-Europe services end at the North Sea hubs (Rotterdam,
#: Hamburg); St Petersburg, Ust-Luga and Helsinki are reached by feeders from there.
BALTIC_FEEDER_PORTS = frozenset({"RU_LED", "RU_ULU", "FI_HEL"})
#: ... except the direct deep-sea service from the Mediterranean to the Russian Baltic ports:
#: FESCO Baltorient Line, "Russia's first container line between China and the North-West region
#: of Russia via the Suez Canal without transshipment in European ports" (China, India (Mundra)
#: -> St Petersburg; 2,471-TEU ships, 3 then 6 by the end of 2023: PortNews, 2023-09-25), every two
#: weeks (FESCO via russiaspivottoasia.com). It runs from 2023-03-17 (src/dalan/data/history.toml,
#: an ``open`` event); before, cargo went through the North Sea hubs.
BALTIC_DIRECT_FROM = frozenset({"EG_PSD"})
BALTIC_DIRECT_SAILINGS_PER_WEEK = 0.5
#: Canal entrance → the hub port beside it that its feeders sail from: a mainline ship transits
#: the canal without calling, so a box bound for a feeder changes ship at the hub (East Port Said's
#: Suez Canal Container Terminal, the transshipment hub at the northern entrance).
FEEDER_HUBS = {"EG_PSD": "EG_PSE"}
#: Sea links through the Bosphorus that are direct deep-sea services, not feeders (their sailings
#: and sources in ``links_extra.csv``; history.toml opens them on their first date): the leg beyond
#: the Suez Canal of FESCO's Indian Line West and Ruscon's India - Novorossiysk services, from
#: February 2023.
DIRECT_DEEP_SEA = frozenset({"X351"})


def feeder_services(network: Network, log: list[str]) -> Network:
    """Sea links through the Bosphorus, and those of the eastern Baltic ports, run as feeders, not
    as 16-kn mainline services: the Black Sea ports are served by feeders from the Mediterranean
    hubs (the Poti-Constanta feeder of 210 TEU, P§5 OBS-194; the TITR feeder Batumi-Constanta,
    OBS-193) and the eastern Baltic ones from the North Sea hubs, so cargo pays the short-sea rate
    and feeder speed on them; a feeder sails from the hub beside a canal entrance (:data:`FEEDER_HUBS`).
    The direct service from the Mediterranean to the Russian Baltic (:data:`BALTIC_DIRECT_FROM`)
    keeps the mainline speed and sails every two weeks; :data:`DIRECT_DEEP_SEA` keep theirs."""
    links = []
    for link in network.links:
        ends = {link.from_id, link.to_id}
        if link.mode == "sea" and ends & BALTIC_FEEDER_PORTS and ends & BALTIC_DIRECT_FROM:
            note = (
                f"sailings {BALTIC_DIRECT_SAILINGS_PER_WEEK:g}/week at the mainline speed: FESCO Baltorient Line, a direct "
                "service via Suez without transshipment in European ports from 2023-03-17 (PortNews, 2023-09-25), "
                "every two weeks (russiaspivottoasia.com); closed before that date by the dated history"
            )
            links.append(replace(link, sailings_per_week=BALTIC_DIRECT_SAILINGS_PER_WEEK, notes=_with_note(link.notes, note)))
            log.append(f"link {link.id}: {note}")
            continue
        baltic = bool(ends & BALTIC_FEEDER_PORTS)
        if link.id in DIRECT_DEEP_SEA:
            continue
        if link.mode == "sea" and ("bosphorus" in link.chokepoints or baltic) and (link.speed_kmh or 0.0) > FEEDER_SPEED_KMH:
            where = (
                "the eastern Baltic ports are served by feeders from the North Sea hubs"
                if baltic
                else "through the Bosphorus the Black Sea ports are served by feeders from Mediterranean hubs"
            )
            note = (
                f"speed {link.speed_kmh:g} -> {FEEDER_SPEED_KMH:g} km/h: {where} "
                "(CORRIDOR_FACTS §2.4 feeders at 10 kn; P§5 OBS-193/194)"
            )
            feeder = replace(link, speed_kmh=FEEDER_SPEED_KMH, transit_time_h=None, notes=_with_note(link.notes, note))
            links.append(_from_hub(feeder, log))
            log.append(f"link {link.id}: {note}")
    return network.with_changes(links=links)


def _from_hub(link: Link, log: list[str]) -> Link:
    """A feeder with an end at a canal entrance (:data:`FEEDER_HUBS`) sails from the hub beside it."""
    ends = {end: FEEDER_HUBS.get(end, end) for end in (link.from_id, link.to_id)}
    if ends[link.from_id] == link.from_id and ends[link.to_id] == link.to_id:
        return link
    note = "a feeder: it sails from the transshipment hub beside the canal entrance, where a mainline box changes ship"
    log.append(f"link {link.id}: {note}")
    return replace(link, from_id=ends[link.from_id], to_id=ends[link.to_id], notes=_with_note(link.notes, note))


def drop_single_gauge_changes(network: Network, log: list[str]) -> Network:
    gauges_at = rail_gauges_at(network.links)
    places = []
    for place in network.places:
        gauges = sorted(gauges_at.get(place.id, ()))
        if place.is_gauge_change and len(gauges) < 2:
            note = (
                f"gauge change ({'+'.join(place.gauge_change_methods)}) not modelled: its rail/ferry links in "
                f"the reference carry only gauge {gauges}, the other network is not included"
            )
            kinds = tuple(k for k in place.kinds if k != "gauge_change")
            places.append(
                replace(
                    place,
                    kinds=kinds,
                    gauge_change_methods=(),
                    notes=_with_note(place.notes, note),
                )
            )
            log.append(f"place {place.id}: {note}")
    return network.with_changes(places=places)


def add_rail_link_gauges(network: Network, log: list[str]) -> Network:
    """Each place with the gauges of its rail links (not the closed ones) added to the ones it lists."""
    gauges_at = rail_gauges_at([link for link in network.links if link.mode == "rail" and link.status != "closed"])
    places = []
    for place in network.places:
        missing = sorted(gauges_at.get(place.id, set()) - set(place.gauges_mm))
        if missing:
            note = f"gauges {'+'.join(map(str, missing))} mm added: its rail links carry them"
            places.append(replace(place, gauges_mm=tuple(sorted({*place.gauges_mm, *missing})), notes=_with_note(place.notes, note)))
            log.append(f"place {place.id}: {note}")
    return network.with_changes(places=places)


# --- build -----------------------------------------------------------------------------------------


def read_tables(reference: Path, extra: Path) -> tuple[Network, set[str]]:
    """The shared reference tables followed by the project's additions (a shared id is an error),
    and the ids of the shared places."""
    shared = read_reference_csv_records(reference / "corridor_nodes.csv", reference / "corridor_links.csv")
    added = read_reference_csv_records(extra / "nodes_extra.csv", extra / "links_extra.csv")
    clashes = sorted(
        {p.id for p in shared.places} & {p.id for p in added.places}
        | {ln.id for ln in shared.links} & {ln.id for ln in added.links}
    )
    if clashes:
        raise SystemExit(f"{extra}: ids already used by the shared reference tables: {clashes}")
    network = Records(
        shared.places + added.places,
        shared.links + added.links,
        shared.problems + added.problems,
        NETWORK_NAME,
        f"{shared.file}, {added.file}",
    ).to_network()
    return network, {p.id for p in shared.places}


def build(
    reference: Path, aliases_csv: Path = ALIASES_CSV, extra: Path = EXTRA_REFERENCE
) -> tuple[Network, list[str]]:
    """The embedded network built from the reference folders, and the log of aliases and fixes."""
    log: list[str] = []
    network, shared_ids = read_tables(reference, extra)
    network = apply_persian_names(network, shared_ids, extra / PERSIAN_NAMES_CSV, log)
    network = add_aliases(network, _read_alias_table(aliases_csv), log)
    network = raise_lengths_to_great_circle(network, log)
    network = apply_fixes(network, log)
    network = keep_stated_transit_times(
        network, (reference / "corridor_links.csv", extra / "links_extra.csv"), log
    )
    network = sailings_from_text(network, log)
    network = add_sea_shapes(network, log)
    network = tag_chokepoints(network, log)
    network = feeder_services(network, log)
    network = drop_single_gauge_changes(network, log)
    network = add_rail_link_gauges(network, log)
    return Network(network.places, network.links, NETWORK_NAME), log


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--reference",
        type=Path,
        default=REPO.parent / "shared" / "reference",
        help="folder with corridor_nodes.csv and corridor_links.csv (default: ../shared/reference)",
    )
    parser.add_argument(
        "--extra",
        type=Path,
        default=EXTRA_REFERENCE,
        help="folder with nodes_extra.csv and links_extra.csv (default: reference/)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=REPO / "src" / "dalan" / "data" / "network.geojson",
        help="output GeoJSON (default: src/dalan/data/network.geojson)",
    )
    args = parser.parse_args(argv)
    try:
        network, log = build(args.reference, extra=args.extra)
    except DalanError as error:
        print(error, file=sys.stderr)
        return 1
    problems = validate(network)
    if problems:
        print("the built network is not valid:", *problems, sep="\n  ", file=sys.stderr)
        return 1
    write_geojson(network, args.out)
    print(*log, sep="\n")
    print(
        f"wrote {args.out}: {len(network.places)} places, {len(network.links)} links, valid"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
