"""Finding places by id or by name in English or Persian, forgiving spelling variants.

:func:`normalize_name` folds the variants people actually type: Arabic vs Persian letters
(ي/ى→ی, ك→ک, ة→ه), ZWNJ/ZWJ/tatweel, Arabic diacritics, Persian and Arabic-Indic digits, Latin
accents and the Turkish/Azeri letters (ı→i, ə→e), case, punctuation. Names are then compared with
all spaces removed, so "سن پترزبورگ", "سن‌پترزبورگ" and "سنپترزبورگ" are the same name.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from functools import cache

from dalan.errors import InputError, Problem, UnknownPlaceError
from dalan.messages import Text
from dalan.network.model import Network, Place

#: Letters that Unicode decomposition does not fold, mapped to their plain form.
_LETTERS = str.maketrans(
    {
        "ي": "ی",
        "ى": "ی",
        "ك": "ک",
        "ة": "ه",
        "ı": "i",
        "ə": "e",
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ħ": "h",
        "æ": "ae",
        "œ": "oe",
        "ـ": None,
    }
)
#: Place kinds preferred when several places share a name.
_PREFERRED_KINDS = frozenset({"city", "port"})
#: Score of a place of that name with a qualifier («آستارا (جمهوری آذربایجان)» for «آستارا»).
NAMESAKE_SCORE = 98.0
#: Score of a name that begins with the query (a prefix: "ترکمن" for "ترکمن‌باشی").
PREFIX_SCORE = 95.0
#: What a base name drops: a qualifier in parentheses, a "– role" tail, and the word for port.
_QUALIFIER = re.compile(r"\s*(\(.*|\s[–-]\s.*)$")
_PORT_WORDS = re.compile(r"^(بندر|port of)\s+|\s+(port|seaport)$", re.IGNORECASE)


@cache  # a network's names use a few hundred distinct characters
def _fold_char(char: str) -> str:
    category = unicodedata.category(char)
    if category in (
        "Mn",
        "Me",
        "Cf",
    ):  # accents, harakat, ZWNJ/ZWJ and other invisible marks
        return ""
    if category == "Nd":
        return str(unicodedata.decimal(char))
    if category[0] in "PSZC":  # punctuation, symbols, separators, controls
        return " "
    return char


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold()).translate(_LETTERS)
    return "".join(map(_fold_char, decomposed)).casefold()


def normalize_name(text: str) -> str:
    """The comparable form of a place name: folded letters, digits and case; single spaces."""
    folded = _fold(text)
    while (
        again := _fold(folded)
    ) != folded:  # NFKD/casefold can expose foldable characters
        folded = again
    return " ".join(folded.split())


#: The Persian ezafe of a port's name written in Latin letters: "Bandar-e Abbas" is "Bandar Abbas".
_EZAFE = re.compile(r"\bbandar e\b")


def name_key(text: str) -> str:
    """:func:`normalize_name` without spaces (and without the ezafe of "Bandar-e …"): the key under
    which names match exactly."""
    return _EZAFE.sub("bandar", normalize_name(text)).replace(" ", "")


def place_names(place: Place) -> tuple[str, ...]:
    """The names a place answers to: English, Persian and aliases."""
    return (place.name_en, place.name_fa, *place.aliases)


def base_key(name: str) -> str:
    """The key of a name without its qualifier and the word for port: "Astara (AZ) station",
    "Astara port (IR)", «بندر آستارا» and «آستارا (جمهوری آذربایجان)» all give the key of "Astara"."""
    return name_key(_PORT_WORDS.sub("", _QUALIFIER.sub("", name.strip())))


class PlaceIndex:
    """Look-up of the places of a network by id, exact normalised name, or fuzzy name."""

    def __init__(self, network: Network):
        self._places = network.places
        self._by_id = {place.id.casefold(): place for place in network.places}
        self._by_key: dict[str, list[Place]] = defaultdict(list)
        self._by_base: dict[str, list[Place]] = defaultdict(list)
        self._choices: list[str] = []  # normalised names, fuzzy-matched by search()
        self._keys: list[str] = []  # the same names without spaces ("ترکمن باشی" = "ترکمن‌باشی")
        self._owner: list[Place] = []  # the place of each choice
        for place in network.places:
            for name in dict.fromkeys((place.id, *place_names(place))):
                normal = normalize_name(name)
                key = _EZAFE.sub("bandar", normal).replace(" ", "")  # name_key(name)
                if key and place not in self._by_key[key]:
                    self._by_key[key].append(place)
                base = base_key(name)
                if base and place not in self._by_base[base]:
                    self._by_base[base].append(place)
                self._choices.append(normal)
                self._keys.append(key)
                self._owner.append(place)

    @classmethod
    def of(cls, network: Network) -> PlaceIndex:
        """The index of ``network``, built once per network (networks are immutable)."""
        return network.memo("place_index", lambda: cls(network))

    def ambiguous_names(self) -> dict[str, tuple[str, ...]]:
        """Name keys shared by several places → their ids (resolved by :meth:`find`'s tie rule)."""
        return {
            key: tuple(p.id for p in places)
            for key, places in self._by_key.items()
            if len(places) > 1
        }

    def find(self, query: str) -> Place:
        """The place with this id (any case) or name; :class:`UnknownPlaceError` with suggestions.

        When several places share the name, a city or port wins, then the place listed first.
        """
        by_id = self._by_id.get(query.strip().casefold())
        if by_id is not None:
            return by_id
        matches = self._by_key.get(name_key(query), [])
        if matches:
            return min(
                matches,
                key=lambda place: not _PREFERRED_KINDS.intersection(place.kinds),
            )
        by_base = self._by_base_name(query)
        if by_base is not None:
            return by_base
        suggestions = [
            Text(f"{place.id} ({place.name_en})", f"{place.id} ({place.display_name('fa')})")
            for place, _ in self.search(query, limit=5)
        ]
        raise UnknownPlaceError(query, suggestions)

    def _by_base_name(self, query: str) -> Place | None:
        """The place a name with a qualifier or the word for port means when no place is called
        exactly that ("Port of Rotterdam", "Aktau port", "Nhava Sheva (JNPT)"): the one place of
        that base name; among several, a port when the query names a port, then a city or port."""
        matches = self._by_base.get(base_key(query), [])
        if not matches:
            return None
        wants_port = _PORT_WORDS.search(_QUALIFIER.sub("", query.strip())) is not None
        return min(
            matches,
            key=lambda place: (wants_port and "port" not in place.kinds, not _PREFERRED_KINDS.intersection(place.kinds)),
        )

    def namesakes(self, query: str) -> list[Place]:
        """Every place whose name, without qualifier and the word for port, is ``query``'s: for
        «آستارا» the Iranian terminal, the Azerbaijani station and the Iranian port."""
        return list(self._by_base.get(base_key(query), []))

    def find_stops(self, queries: Sequence[str], record: str = "route") -> list[Place]:
        """The places of a route's stops (origin, vias, destination), each found by :meth:`find`.

        A stop that is the same place as the one before it is an :class:`InputError` that names
        every place of that name and asks which is meant (a route needs two different places).
        """
        stops = [self.find(query) for query in queries]
        problems = []
        for k in range(1, len(stops)):
            if stops[k].id != stops[k - 1].id:
                continue
            query = queries[k]
            places = list(dict.fromkeys([*self.namesakes(queries[k - 1]), *self.namesakes(query)]))
            problems.append(
                Problem.of(
                    record,
                    "destination" if k == len(stops) - 1 else "via",
                    query,
                    "same_place_as",
                    "namesakes" if len(places) > 1 else "same_place",
                    what=Text("the origin", "مبدأ") if k == 1 else Text("the stop before it", "ایستگاه پیشین"),
                    place=_labelled(stops[k]),
                    places=tuple(_labelled(p) for p in places),
                )
            )
        if problems:
            raise InputError(problems)
        return stops

    def search(self, query: str, limit: int = 10) -> list[tuple[Place, float]]:
        """Up to ``limit`` places best matching ``query``, with a score 0–100, best first.

        An exact name scores 100, the same name with a qualifier :data:`NAMESAKE_SCORE`, a name
        that begins with the query :data:`PREFIX_SCORE`; other names are scored by fuzzy matching
        with and without their spaces.
        """
        # 13 ms to import: only when a name is not found as typed
        from rapidfuzz import fuzz, process

        text = normalize_name(query)
        if not text:
            return []
        key = text.replace(" ", "")
        exact = {place.id: NAMESAKE_SCORE for place in self._by_base.get(key, [])}
        exact |= {place.id: 100.0 for place in self._by_key.get(key, [])}
        best: dict[str, tuple[Place, float]] = {}
        hits = [
            *process.extract(text, self._choices, scorer=fuzz.WRatio, limit=None, score_cutoff=40),
            *process.extract(key, self._keys, scorer=fuzz.WRatio, limit=None, score_cutoff=40),
        ]
        for _, fuzzy, index in hits:
            place = self._owner[index]
            prefix = PREFIX_SCORE if len(key) > 1 and self._keys[index].startswith(key) else 0.0
            score = exact.get(place.id, max(float(fuzzy), prefix))
            if score > best.get(place.id, (place, -1.0))[1]:
                best[place.id] = (place, score)
        order = {place.id: i for i, place in enumerate(self._places)}
        ranked = sorted(best.values(), key=lambda hit: (-hit[1], order[hit[0].id]))
        return ranked[:limit]


def closest(value: str, choices: Sequence[str], limit: int = 3) -> tuple[str, ...]:
    """The ``limit`` closest of ``choices`` to ``value`` (for a ``did_you_mean`` hint)."""
    from rapidfuzz import process

    return tuple(m[0] for m in process.extract(value, choices, limit=limit))


def _labelled(place: Place) -> Text:
    """A place as a reader picks it out: its name and the id to type."""
    return Text(f"{place.display_name('en')} ({place.id})", f"{place.display_name('fa')} ({place.id})")
