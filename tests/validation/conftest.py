"""Fixtures shared by the calibration's test files."""

from __future__ import annotations

import pytest

from dalan.validation import read_queries


@pytest.fixture(scope="module")
def rows():
    """The shipped observations file's rows."""
    return read_queries()
