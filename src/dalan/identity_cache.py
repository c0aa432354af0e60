"""A small least-recently-used cache keyed by the identity of immutable objects."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

V = TypeVar("V")


class IdentityCache(Generic[V]):
    """Values derived from immutable objects (a network, a costing), found again by those objects'
    identity plus a hashable ``extra``. Each entry keeps its objects alive, so an id cannot be
    reused by another object while its value is cached; the least recently used entry is dropped
    beyond ``maxsize``."""

    def __init__(self, maxsize: int):
        self.maxsize = maxsize
        self._entries: OrderedDict[tuple[tuple[int, ...], Hashable], tuple[tuple[Any, ...], V]] = OrderedDict()

    def get(self, objects: tuple[Any, ...], extra: Hashable, build: Callable[[], V]) -> V:
        key = (tuple(id(o) for o in objects), extra)
        found = self._entries.get(key)
        if found is not None:
            self._entries.move_to_end(key)
            return found[1]
        value = build()
        self._entries[key] = (objects, value)
        while len(self._entries) > self.maxsize:
            self._entries.popitem(last=False)
        return value
