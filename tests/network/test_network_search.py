"""Place look-up in English and Persian, and the name normalisation behind it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dalan.errors import InputError, UnknownPlaceError
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


@pytest.mark.parametrize(
    ("query", "place_id"),
    [
        # the spellings the corridor literature uses beside the reference's (Russian, Kazakh, Uzbek,
        # Turkmen and Soviet-era forms): each a place's alias in scripts/aliases.csv
        ("Beineu", "KZ_BEY"), ("Iletsk", "RU_ILK"), ("Kandagach", "KZ_KDG"), ("Khorgas", "KZ_ALT"),
        ("Alataw Pass", "KZ_DOS"), ("Dzhezkazgan", "KZ_ZHZ"), ("Kurik", "KZ_KUR"), ("Krasnovodsk", "TM_TMB"),
        ("Türkmenbaşy", "TM_TMB"), ("Akmola", "KZ_NQZ"), ("Chimkent", "KZ_CIT"), ("Qaraghandy", "KZ_KGF"),
        ("Kzyl-Orda", "KZ_KZO"), ("Aktyubinsk", "KZ_AKX"), ("Frunze", "KG_FRU"), ("Samarqand", "UZ_SKD"),
        ("Buxoro", "UZ_BHK"), ("Termiz", "UZ_TMZ"), ("Merv", "TM_MRY"), ("Meshed", "IR_MHD"),
        ("Batum", "GE_BUS"), ("Novorossiisk", "RU_NOV"), ("Leningrad", "RU_LED"), ("Sverdlovsk", "RU_EKB"),
        ("Brest-Litovsk", "BY_BRS"), ("Chernomorsk", "UA_CHO"), ("Bourgas", "BG_BOJ"),
        ("Jawaharlal Nehru Port", "IN_NSA"), ("Chah Bahar", "IR_ZBR"), ("Mazar-e Sharif", "AF_MZR"),
        ("Turgundi", "AF_TOR"), ("Inche Borun", "IR_INB"), ("Mointy", "KZ_MOI"), ("Saksaul", "KZ_SAK"),
    ],
)
def test_other_spellings_of_corridor_places_are_found(index, query, place_id):
    assert index.find(query).id == place_id


def test_astara_decision(index):
    """Plain "Astara"/"آستارا" is the Iranian ADY terminal; the Azerbaijani station is qualified."""
    assert index.find("Astara").id == "IR_AST"
    assert index.find("آستارا").id == "IR_AST"
    assert index.find("Astara (AZ)").id == "AZ_AST"
    assert index.find("astara az").id == "AZ_AST"
    assert index.find("آستارا (جمهوری آذربایجان)").id == "AZ_AST"
    assert index.find("Astara port").id == "IR_ASP"


@pytest.mark.parametrize(
    ("query", "place_id"),
    [
        ("Port of Rotterdam", "NL_RTM"),
        ("Rotterdam port", "NL_RTM"),
        ("Aktau port", "KZ_AKT"),
        ("Port of Aktau", "KZ_AKT"),
        ("Nhava Sheva (JNPT)", "IN_NSA"),
        ("Bandar-e Abbas", "IR_BND"),
        ("Bandar e Anzali", "IR_ANZ"),
        ("Bandar Abbas port", "IR_BND"),
        ("Port of Astara", "IR_ASP"),
        ("Poti port", "GE_POT"),
    ],
)
def test_a_name_with_the_word_port_or_a_qualifier_is_its_base_name(index, query, place_id):
    """When no place is called exactly that, the one place of that base name (a port first when
    the query names a port); "Astara" alone stays the terminal (test_astara_decision)."""
    assert index.find(query).id == place_id


def test_an_unknown_port_is_still_an_error_with_suggestions(index):
    with pytest.raises(UnknownPlaceError) as caught:
        index.find("Port of Atlantis")
    assert caught.value.suggestions


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


# --- short and common Persian names, as a planner types them (issue 13) --------------------------

ARABIC_YEH, ARABIC_KAF = "ي", "ك"


def _typed_variants(name: str) -> set[str]:
    """The ways the same name is typed: ZWNJ, space or nothing between parts; Arabic ي and ك."""
    forms = {name, name.replace(ZWNJ, " "), name.replace(ZWNJ, ""), name.replace(" ", ZWNJ)}
    return forms | {f.replace("ی", ARABIC_YEH).replace("ک", ARABIC_KAF) for f in forms}


SHORT_NAMES = [
    ("پوتی", "GE_POT"),
    ("اودسا", "UA_ODS"),
    ("ادسا", "UA_ODS"),
    ("آکتائو", "KZ_AKT"),
    ("آکتاو", "KZ_AKT"),
    ("باتومی", "GE_BUS"),
    ("شهید بهشتی", "IR_ZBR"),
    ("بندر شهید بهشتی", "IR_ZBR"),
    ("چابهار", "IR_ZBR"),
    ("شهید رجایی", "IR_BND"),
    ("بندرعباس", "IR_BND"),
    ("ترکمن‌باشی", "TM_TMB"),
    ("ترکمن باشی", "TM_TMB"),
    ("برست", "BY_BRS"),
    ("آلتین‌کل", "KZ_ALT"),
    ("خورگوس", "KZ_ALT"),
    ("آلاشانکو", "KZ_DOS"),
    ("سرحدیاقا", "TM_SER"),
    ("سرحدیاکا", "TM_SER"),
    ("جبل علی", "AE_JEA"),
    ("کیف", "UA_KYV"),
]


@pytest.mark.parametrize(("name", "place_id"), SHORT_NAMES)
def test_short_persian_names_are_found_however_typed(index, name, place_id):
    for typed in _typed_variants(name):
        assert index.find(typed).id == place_id, typed
        best, score = index.search(typed, limit=1)[0]
        assert (best.id, score) == (place_id, 100.0), typed


@pytest.mark.parametrize("typed", sorted(_typed_variants("ترکمن‌باشی") | {"ترکمن"}))
def test_turkmenbashi_ranks_before_etrek(index, typed):
    ranked = [place.id for place, _ in index.search(typed, limit=5)]
    assert ranked[0] == "TM_TMB"
    assert "TM_ETR" not in ranked[:1]


def test_every_port_answers_to_its_name_without_the_word_port(index):
    """«بندر پوتی» is found as «پوتی» unless that is another place's own name («بندر آستارا»)."""
    network = load_embedded_network()
    own = {name_key(p.name_fa): p.id for p in network.places}
    for place in network.places:
        short = place.name_fa.split(" (")[0]
        if short.startswith("بندر "):
            bare = short.removeprefix("بندر ")
            assert index.find(bare).id == own.get(name_key(bare), place.id), place.id


def test_a_qualified_namesake_ranks_before_a_longer_name(index):
    """«آستارا»: both Astaras and Astara port before Astrakhan («آستاراخان»)."""
    ranked = [place.id for place, _ in index.search("آستارا", limit=4)]
    assert ranked[0] == "IR_AST"
    assert set(ranked[1:3]) == {"AZ_AST", "IR_ASP"}


@pytest.mark.parametrize("queries", [("آستارا", "آستارا"), ("Astara", "آستارا"), ("astara", "IR_AST")])
def test_the_same_astara_twice_asks_which_one_in_both_languages(index, queries):
    with pytest.raises(InputError) as caught:
        index.find_stops(queries)
    english, persian = caught.value.message("en"), caught.value.message("fa")
    for text in (english, persian):
        assert "AZ_AST" in text and "IR_AST" in text
    assert "Astara (AZ)" in english and "which one" in english
    assert "آستارا (جمهوری آذربایجان)" in persian and "کدام" in persian


def test_a_place_repeated_without_namesakes_asks_for_another_place(index):
    with pytest.raises(InputError) as caught:
        index.find_stops(("Moscow", "مسکو"))
    assert "same place as the origin" in caught.value.message("en")
    assert "AZ_AST" not in caught.value.message("en")
    assert "مقصد دیگری" in caught.value.message("fa")


def test_a_via_repeating_the_stop_before_it_is_named_as_the_via(index):
    with pytest.raises(InputError) as caught:
        index.find_stops(("Moscow", "Baku", "باکو", "Tehran"))
    (problem,) = caught.value.problems
    assert problem.field == "via"
    assert "AZ_ALA" in problem.text("en")  # "Baku" is also the Port of Baku at Alat


def test_different_stops_resolve_in_order(index):
    stops = index.find_stops(("Astara", "Astara (AZ)"))
    assert [p.id for p in stops] == ["IR_AST", "AZ_AST"]


@given(st.text(alphabet=PERSIAN + ZWNJ + ARABIC_YEH + ARABIC_KAF, min_size=1))
def test_name_key_ignores_how_persian_is_typed(text):
    """Arabic ي/ك, ZWNJ and spaces never change the key under which names match."""
    plain = text.replace(ARABIC_YEH, "ی").replace(ARABIC_KAF, "ک").replace(ZWNJ, "").replace(" ", "")
    assert name_key(text) == name_key(plain)
    assert name_key(name_key(text)) == name_key(text)


@given(st.integers(min_value=0, max_value=10**9))
def test_persian_arabic_and_latin_digits_map_together(number):
    latin = str(number)
    persian = latin.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    arabic = latin.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert normalize_name(persian) == normalize_name(arabic) == latin
