"""The physical network: model, I/O, validation and place search."""

from dalan.network.model import (
    GAUGE_CHANGE_METHODS,
    MODES,
    PLACE_KINDS,
    STATUSES,
    Link,
    Network,
    Place,
)

__all__ = ["GAUGE_CHANGE_METHODS", "MODES", "PLACE_KINDS", "STATUSES", "Link", "Network", "Place"]
