"""Place look-up in English and Persian, and the name normalisation behind it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dalan.errors import UnknownPlaceError
from dalan.network import (
    Network,
    Place,
    PlaceIndex,
    load_embedded_network,
    normalize_name,
)
from dalan.network.search import name_key

ZWNJ = "\u200c"


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("كرمان", "کرمان"),  # Arabic kaf
        ("ياسوج", "یاسوج"),  # Arabic yeh
        ("موسى", "موسی"),  # alef maksura
        ("مدرسة", "مدرسه"),  # teh marbuta
        ("بَندَرِ عَبّاس", "بندر عباس"),  # harakat
        ("تهـــران", "تهران"),  # tatweel
        ("۱۲۳", "123"),  # Persian digits
        ("١٢٣", "123"),  # Arabic-Indic digits
        ("Kapıköy", "kapikoy"),
        ("KAPIKÖY", "kapikoy"),
        ("Constanța", "constanta"),
        ("Böyük Kəsik", "boyuk kesik"),
        ("Małaszewicze", "malaszewicze"),
        ("Rostov-on-Don", "rostov on don"),
        ("  Xi'an   ", "xi an"),
    ],
)
def test_normalisation_cases(variant, canonical):
    assert normalize_name(variant) == normalize_name(canonical)


def test_spaces_zwnj_and_none_are_the_same_name():
    assert (
        len(
            {
                name_key("سن پترزبورگ"),
                name_key(f"سن{ZWNJ}پترزبورگ"),
                name_key("سنپترزبورگ"),
            }
        )
        == 1
    )


@given(st.text())
def test_normalize_is_idempotent(text):
    once = normalize_name(text)
    assert normalize_name(once) == once


@given(st.text(), st.integers(min_value=0, max_value=50))
def test_zwnj_is_invisible(text, at):
    at = min(at, len(text))
    assert normalize_name(text[:at] + ZWNJ + text[at:]) == normalize_name(text)


PERSIAN = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی "
ARABIC_VARIANTS = str.maketrans({"ک": "ك", "ی": "ي", "ه": "ة"})


@given(st.text(alphabet=PERSIAN, min_size=1))
def test_arabic_letter_variants_equal_persian(text):
    assert normalize_name(text.translate(ARABIC_VARIANTS)) == normalize_name(text)


@pytest.fixture(scope="module")
def index():
    return PlaceIndex(load_embedded_network())


@pytest.mark.parametrize(
    ("query", "place_id"),
    [
        ("ir_bnd", "IR_BND"),
        ("Bandar Abbas", "IR_BND"),
        ("بندرعباس", "IR_BND"),
        ("بندر عباس", "IR_BND"),
        ("Shahid Rajaee", "IR_BND"),
        ("moscow", "RU_MOW"),
        ("Vorsino", "RU_MOW"),
        ("St Petersburg", "RU_LED"),
        ("Saint-Petersburg", "RU_LED"),
        ("سن پترزبورگ", "RU_LED"),
        ("سنپترزبورگ", "RU_LED"),
        ("Nhava Sheva", "IN_NSA"),
        ("mumbai", "IN_NSA"),
        ("Warszawa", "PL_WAW"),
        ("Kiev", "UA_KYV"),
        ("HALKALI", "TR_IST"),
        ("Constanta", "RO_CND"),
        ("Kapikoy", "TR_KPY"),
        ("boyuk kesik", "AZ_BYK"),
        ("Alat", "AZ_ALA"),
        ("Chabahar", "IR_ZBR"),
        ("كرمان", "IR_KER"),
        ("تهران", "IR_THR"),
    ],
)
def test_find_in_english_and_persian(index, query, place_id):
    assert index.find(query).id == place_id


def test_astara_decision(index):
    """Plain "Astara"/"آستارا" is the Iranian ADY terminal; the Azerbaijani station is qualified."""
    assert index.find("Astara").id == "IR_AST"
    assert index.find("آستارا").id == "IR_AST"
    assert index.find("Astara (AZ)").id == "AZ_AST"
    assert index.find("astara az").id == "AZ_AST"
    assert index.find("آستارا (جمهوری آذربایجان)").id == "AZ_AST"
    assert index.find("Astara port").id == "IR_ASP"


def test_embedded_names_are_unambiguous(index):
    assert index.ambiguous_names() == {}


@pytest.mark.parametrize(
    ("query", "place_id"),
    [("Bandar Abas", "IR_BND"), ("Tehrn", "IR_THR"), ("مشحد", "IR_MHD")],
)
def test_unknown_name_suggests_the_right_place(index, query, place_id):
    with pytest.raises(UnknownPlaceError) as caught:
        index.find(query)
    assert 0 < len(caught.value.suggestions) <= 5
    assert any(s.startswith(place_id) for s in caught.value.suggestions)


def test_search_ranks_an_exact_name_first(index):
    hits = index.search("Astara", limit=3)
    assert hits[0][0].id == "IR_AST" and hits[0][1] == 100.0
    assert len(hits) == 3
    assert [score for _, score in hits] == sorted(
        (score for _, score in hits), reverse=True
    )


def test_ambiguous_exact_names_prefer_a_city_or_port_deterministically():
    station = Place("X_STA", "Springfield", "", "XX", 1.0, 1.0, ("rail_terminal",))
    port = Place(
        "X_PRT",
        "Springfield port",
        "",
        "XX",
        1.0,
        1.1,
        ("port",),
        aliases=("Springfield",),
    )
    other = Place(
        "X_BRD",
        "Springfield border",
        "",
        "XX",
        1.0,
        1.2,
        ("border_crossing",),
        aliases=("Springfield",),
    )
    for places in ((station, port, other), (other, port, station)):
        index = PlaceIndex(Network(places, ()))
        assert index.find("springfield").id == "X_PRT"
        assert set(index.ambiguous_names()["springfield"]) == {
            "X_STA",
            "X_PRT",
            "X_BRD",
        }
    two_stations = PlaceIndex(Network((other, station), ()))
    assert (
        two_stations.find("Springfield").id == "X_BRD"
    )  # no city/port: the first listed
