import math

import numpy as np

from dalan.network.geo import EARTH_RADIUS_KM, haversine_km


def test_quarter_meridian_is_a_quarter_of_the_circumference():
    assert math.isclose(
        haversine_km(0, 0, 90, 0), math.pi * EARTH_RADIUS_KM / 2, rel_tol=1e-12
    )


def test_one_degree_of_longitude_at_the_equator():
    assert math.isclose(
        haversine_km(0, 10, 0, 11), 2 * math.pi * EARTH_RADIUS_KM / 360, rel_tol=1e-12
    )


def test_vectorised_symmetric_and_zero_on_itself():
    lat = np.array([35.7, 59.9, -33.9])
    lon = np.array([51.4, 30.3, 151.2])
    d = haversine_km(lat, lon, lat[::-1], lon[::-1])
    assert d.shape == (3,)
    assert d[1] == 0.0
    assert math.isclose(d[0], d[2])
