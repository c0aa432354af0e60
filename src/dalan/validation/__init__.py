"""Validation against published observations: the query format and the back-test."""

from dalan.validation.backtest import Backtest, BacktestSummary, RowResult, run_backtest
from dalan.validation.bands import relative_error
from dalan.validation.queries import QueryRow, parse_queries, read_queries

__all__ = ["Backtest", "BacktestSummary", "QueryRow", "RowResult", "parse_queries", "read_queries", "relative_error", "run_backtest"]
