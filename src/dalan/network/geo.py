"""Geometry: great-circle distances (vectorised with numpy) and the shape of links."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from dalan.network.model import Link, Network

#: IUGG mean Earth radius (km).
EARTH_RADIUS_KM = 6371.0088


def haversine_km(
    lat1: ArrayLike, lon1: ArrayLike, lat2: ArrayLike, lon2: ArrayLike
) -> NDArray[np.float64]:
    """Great-circle distance (km) between points given in decimal degrees; broadcasts like numpy."""
    phi1, lam1, phi2, lam2 = (
        np.radians(np.asarray(a, dtype=float)) for a in (lat1, lon1, lat2, lon2)
    )
    h = (
        np.sin((phi2 - phi1) / 2) ** 2
        + np.cos(phi1) * np.cos(phi2) * np.sin((lam2 - lam1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def link_coordinates(network: Network, link: Link, start_id: str | None = None) -> list[list[float]]:
    """The ``[lon, lat]`` positions of a link — its geometry, else the straight line between its
    places — in the direction that starts at ``start_id`` (default: the link's own direction)."""
    if link.geometry:
        coords = [[lon, lat] for lon, lat in link.geometry]
    else:
        a, b = network.place(link.from_id), network.place(link.to_id)
        coords = [[a.lon, a.lat], [b.lon, b.lat]]
    return coords[::-1] if start_id is not None and start_id == link.to_id else coords
