"""The physical network: model, I/O, validation, place search and summary."""

from dalan.network.io import (
    SCHEMA_VERSION,
    geojson_records,
    load_embedded_network,
    network_from_geojson,
    network_to_geojson,
    read_geojson,
    read_geojson_records,
    read_reference_csv,
    read_reference_csv_records,
    write_geojson,
)
from dalan.network.model import (
    CONFIDENCES,
    GAUGE_CHANGE_METHODS,
    MODES,
    PLACE_KINDS,
    STATUSES,
    TRANSFER_KINDS,
    Link,
    Network,
    Place,
)
from dalan.network.records import Records
from dalan.network.search import PlaceIndex, normalize_name
from dalan.network.summary import NetworkSummary, summarize
from dalan.network.validation import check, validate, validate_records

__all__ = [
    "CONFIDENCES",
    "GAUGE_CHANGE_METHODS",
    "MODES",
    "PLACE_KINDS",
    "SCHEMA_VERSION",
    "STATUSES",
    "TRANSFER_KINDS",
    "Link",
    "Network",
    "NetworkSummary",
    "Place",
    "PlaceIndex",
    "Records",
    "check",
    "geojson_records",
    "load_embedded_network",
    "network_from_geojson",
    "network_to_geojson",
    "normalize_name",
    "read_geojson",
    "read_geojson_records",
    "read_reference_csv",
    "read_reference_csv_records",
    "summarize",
    "validate",
    "validate_records",
    "write_geojson",
]
