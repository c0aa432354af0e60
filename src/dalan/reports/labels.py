"""Places and links as a reader names them, in English or Persian: the name first, the
id after it (the CLI takes the id, also with Persian digits)."""

from __future__ import annotations

from dalan.messages import MESSAGES, text
from dalan.network.model import Network


def place_label(network: Network, place_id: str, lang: str = "en") -> str:
    """``Astara (IR) (IR_AST)`` / «آستارا (IR_AST)»; the bare id for a place not in ``network``."""
    if not network.has_place(place_id):
        return place_id
    return f"{network.place(place_id).display_name(lang)} ({place_id})"


def link_label(network: Network, link_id: str, lang: str = "en") -> str:
    """A link by its end places and mode: ``Batumi – Chornomorsk, ferry (L130)``; the bare id for a
    link not in ``network``."""
    if not network.has_link(link_id):
        return link_id
    link = network.link(link_id)
    ends = " – ".join(network.place(p).display_name(lang) for p in (link.from_id, link.to_id) if network.has_place(p))
    mode = text(link.mode, lang) if link.mode in MESSAGES else link.mode
    return f"{ends}{text('comma', lang)}{mode if lang == 'fa' else mode.lower()} ({link_id})"


__all__ = ["link_label", "place_label"]
