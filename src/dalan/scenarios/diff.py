"""What a scenario changes against its base: every place and link field that differs, the places
and links it adds or removes, and its costing overrides (the web editor's "diff against base")."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Literal

from dalan.costing import Costing
from dalan.network.model import Link, Network, Place

ChangeKind = Literal["set", "add", "remove"]


@dataclass(frozen=True)
class Change:
    """One difference: ``set`` (``field`` from ``before`` to ``after``), ``add`` or ``remove`` of a
    place or link, or a ``costing`` parameter set (``id`` empty)."""

    kind: ChangeKind
    target: Literal["place", "link", "costing"]
    id: str
    field: str = ""
    before: Any = None
    after: Any = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "target": self.target, "id": self.id, "field": self.field, "before": self.before, "after": self.after}


def _record_changes(target: Literal["place", "link"], before: Place | Link, after: Place | Link) -> list[Change]:
    return [
        Change("set", target, after.id, f.name, getattr(before, f.name), getattr(after, f.name))
        for f in fields(after)
        if f.name != "geometry" and getattr(before, f.name) != getattr(after, f.name)
    ]


def network_diff(base: Network, edited: Network) -> list[Change]:
    """The changes that turn ``base`` into ``edited``: places first, then links, each in the base's
    order (added ones after), fields in their declared order."""
    changes: list[Change] = []
    for target, old, new in (
        ("place", base.places, edited.places),
        ("link", base.links, edited.links),
    ):
        new_by_id = {record.id: record for record in new}
        old_ids = {record.id for record in old}
        for record in old:
            if record.id not in new_by_id:
                changes.append(Change("remove", target, record.id))  # type: ignore[arg-type]
            elif new_by_id[record.id] != record:
                changes += _record_changes(target, record, new_by_id[record.id])  # type: ignore[arg-type]
        changes += [Change("add", target, record.id) for record in new if record.id not in old_ids]  # type: ignore[arg-type]
    return changes


def costing_diff(base: Costing, overrides: dict[str, float]) -> list[Change]:
    """A scenario's ``[costing]`` overrides with the base's values they replace (unchanged ones left out)."""
    return [
        Change("set", "costing", "", key, getattr(base, key), value)
        for key, value in overrides.items()
        if getattr(base, key) != value
    ]


__all__ = ["Change", "costing_diff", "network_diff"]
