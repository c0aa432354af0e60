"""The closed vocabularies users pick from, as enums shared by the CLI and the web API."""

from __future__ import annotations

from enum import Enum


class By(str, Enum):
    """What a route minimises (see ``VirtualGraph.weights``)."""

    time = "time"
    cost = "cost"
    co2 = "co2"
    generalized = "generalized"


class Cargo(str, Enum):
    """Cargo classes: per TEU, per tonne, per car, per truck."""

    container = "container"
    bulk = "bulk"
    vehicle = "vehicle"
    truck = "truck"


#: the cargo classes' names, in order (the costing has a ``[cargo.NAME]`` table for each)
CARGO_CLASSES: tuple[str, ...] = tuple(c.value for c in Cargo)


class CvFolds(str, Enum):
    """How ``dalan calibrate`` cross-validates: leave one corridor out, or random folds of rows."""

    corridor = "corridor"
    rows = "rows"


#: how ``dalan calibrate`` may split the rows of its cross-validation, in order
CV_SCHEMES: tuple[str, ...] = tuple(c.value for c in CvFolds)


class Lang(str, Enum):
    """Languages of tables, reports and the web page."""

    en = "en"
    fa = "fa"


class Metric(str, Enum):
    """What a stress-test cell measures: extra days, USD or t CO2e (``dalan stress --metric``)."""

    days = "days"
    usd = "usd"
    t_co2e = "t_co2e"
