"""bot/programs/geo.py: great-circle distance and bounding boxes."""

from __future__ import annotations

import math

import pytest

from bot.programs.geo import Coordinates, bounding_boxes, distance_miles

CHICAGO = Coordinates(41.8781, -87.6298)
NEW_YORK = Coordinates(40.7128, -74.0060)


def test_distance_between_known_cities():
    # Chicago - New York is about 711 miles along the great circle.
    assert distance_miles(CHICAGO.latitude, CHICAGO.longitude, NEW_YORK.latitude, NEW_YORK.longitude) == pytest.approx(
        711, abs=3
    )
    assert distance_miles(10, 20, 10, 20) == 0


def test_distance_across_the_antimeridian_is_short():
    assert distance_miles(52.0, 179.5, 52.0, -179.5) == pytest.approx(42.5, abs=1)


def _point_at(center: Coordinates, miles: float, bearing_deg: float):
    """The point `miles` from `center` on `bearing_deg` (spherical destination formula)."""
    r = 3958.7613
    lat1, lon1 = math.radians(center.latitude), math.radians(center.longitude)
    brg, d = math.radians(bearing_deg), miles / r
    lat2 = math.asin(math.sin(lat1) * math.cos(d) + math.cos(lat1) * math.sin(d) * math.cos(brg))
    lon2 = lon1 + math.atan2(
        math.sin(brg) * math.sin(d) * math.cos(lat1), math.cos(d) - math.sin(lat1) * math.sin(lat2)
    )
    lon2 = (math.degrees(lon2) + 540) % 360 - 180
    return math.degrees(lat2), lon2


@pytest.mark.parametrize("center", [CHICAGO, Coordinates(64.8, -147.7), Coordinates(18.4, -66.1)])
@pytest.mark.parametrize("radius", [5, 25, 200])
def test_bounding_box_contains_every_point_of_the_circle(center, radius):
    boxes = bounding_boxes(center, radius)
    for bearing in range(0, 360, 5):
        lat, lon = _point_at(center, radius * 0.999, bearing)
        assert any(box.contains(lat, lon) for box in boxes), (bearing, lat, lon)


def test_bounding_box_is_tight_enough_to_be_a_useful_prefilter():
    (box,) = bounding_boxes(CHICAGO, 25)
    assert box.max_latitude - box.min_latitude == pytest.approx(50 / 69.09, rel=0.01)
    assert box.max_longitude - box.min_longitude < 1.0


def test_bounding_box_splits_at_the_antimeridian():
    boxes = bounding_boxes(Coordinates(52.0, 179.8), 50)
    assert len(boxes) == 2
    assert any(box.contains(52.0, -179.5) for box in boxes)
    assert any(box.contains(52.0, 179.5) for box in boxes)
    assert not any(box.contains(52.0, 0.0) for box in boxes)


def test_invalid_coordinates_are_rejected():
    with pytest.raises(ValueError):
        Coordinates(91, 0)
    with pytest.raises(ValueError):
        bounding_boxes(CHICAGO, -1)
