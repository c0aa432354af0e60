"""Scenario edits on a network: set attributes, add or remove places and links.

Each edit applied returns the edit that undoes it, so a scenario can be reverted exactly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any, Literal, cast

from dalan.network.model import Link, Network, Place

Action = Literal["set", "add", "remove"]
Target = Literal["place", "link"]


@dataclass(frozen=True)
class Edit:
    """One change: ``set`` attributes of, ``add`` or ``remove`` a place or link (by id).

    For ``add``, ``record`` is the new Place/Link; for ``remove`` it is the removed one (kept so
    the edit can be undone); for ``set``, ``values`` maps field names to new values. ``links``
    are the links that come and go with an added or removed place.
    """

    action: Action
    target: Target
    id: str
    values: Mapping[str, Any] | None = None
    record: Place | Link | None = None
    links: tuple[Link, ...] = ()


def field_names(target: Target) -> tuple[str, ...]:
    model = Place if target == "place" else Link
    return tuple(f.name for f in fields(model) if not f.name.startswith("_"))


def apply_edit(network: Network, edit: Edit) -> tuple[Network, Edit]:
    """Apply one edit; return the new network and the edit that reverts it.

    Assumes the edit has been checked (ids exist, fields are known): see ``scenarios.spec``.
    """
    if edit.action == "set":
        values = dict(edit.values or {})
        if edit.target == "place":
            old_place = network.place(edit.id)
            new_place = replace(old_place, **values)
            undo = Edit("set", edit.target, edit.id, {k: getattr(old_place, k) for k in values})
            return network.with_changes(places=[new_place]), undo
        old_link = network.link(edit.id)
        new_link = replace(old_link, **values)
        undo = Edit("set", edit.target, edit.id, {k: getattr(old_link, k) for k in values})
        return network.with_changes(links=[new_link]), undo
    if edit.action == "add":
        # an "add" edit carries the new record, a Place or a Link as its target says
        if edit.target == "place":
            added = network.with_changes(places=[cast(Place, edit.record)], links=edit.links)
        else:
            added = network.with_changes(links=[cast(Link, edit.record)])
        return added, Edit("remove", edit.target, edit.id, record=edit.record, links=edit.links)
    if edit.target == "place":
        dropped = tuple(network.links_at(edit.id))
        return network.without(place_ids=[edit.id]), Edit("add", "place", edit.id, record=network.place(edit.id), links=dropped)
    return network.without(link_ids=[edit.id]), Edit("add", "link", edit.id, record=network.link(edit.id))


def apply_edits(network: Network, edits: Sequence[Edit]) -> tuple[Network, tuple[Edit, ...]]:
    """Apply edits in order; return the result and the edits that undo them (in undo order)."""
    undo: list[Edit] = []
    for edit in edits:
        network, inverse = apply_edit(network, edit)
        undo.append(inverse)
    return network, tuple(reversed(undo))


def revert(network: Network, undo: Sequence[Edit], order_like: Network) -> Network:
    """Apply undo edits and restore the element order of ``order_like`` (the base network)."""
    for edit in undo:
        network, _ = apply_edit(network, edit)
    places = {p.id: p for p in network.places}
    links = {ln.id: ln for ln in network.links}
    return Network(
        tuple(places[p.id] for p in order_like.places if p.id in places),
        tuple(links[ln.id] for ln in order_like.links if ln.id in links),
        order_like.name,
    )
