"""Costing: cargo classes, money rates, speeds, handling, border and gauge-change stops, CO2e."""

from dalan.costing.loading import costing_from_dict, load_costing
from dalan.costing.model import CargoClass, Costing, TimeCost, handling_key

__all__ = ["CargoClass", "Costing", "TimeCost", "costing_from_dict", "handling_key", "load_costing"]
