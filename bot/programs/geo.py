"""Great-circle distance and bounding boxes, in statute miles.

Search uses `bounding_boxes()` as an indexed prefilter on latitude/longitude and
`distance_miles()` for the exact distance of the candidates it returns.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

EARTH_RADIUS_MILES = 3958.7613  # mean Earth radius (IUGG), in statute miles
MILES_PER_DEGREE_LATITUDE = math.pi * EARTH_RADIUS_MILES / 180.0


@dataclass(frozen=True)
class Coordinates:
    """A point: latitude and longitude in decimal degrees (WGS 84)."""

    latitude: float
    longitude: float

    def __post_init__(self) -> None:
        if not -90.0 <= self.latitude <= 90.0:
            raise ValueError(f"latitude out of range: {self.latitude}")
        if not -180.0 <= self.longitude <= 180.0:
            raise ValueError(f"longitude out of range: {self.longitude}")


@dataclass(frozen=True)
class BoundingBox:
    """An inclusive latitude/longitude rectangle that never crosses the antimeridian."""

    min_latitude: float
    max_latitude: float
    min_longitude: float
    max_longitude: float

    def contains(self, latitude: float, longitude: float) -> bool:
        return (
            self.min_latitude <= latitude <= self.max_latitude and self.min_longitude <= longitude <= self.max_longitude
        )


def distance_miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points (haversine formula), in miles."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(a)))


def bounding_boxes(center: Coordinates, radius_miles: float) -> tuple[BoundingBox, ...]:
    """Rectangles that together contain every point within `radius_miles` of `center`.

    Usually one box; two when the circle crosses the antimeridian (western
    Alaska, Guam and the Northern Mariana Islands sit near it). Near a pole the
    box spans every longitude.
    """
    if radius_miles < 0:
        raise ValueError("radius_miles must not be negative")
    d_lat = radius_miles / MILES_PER_DEGREE_LATITUDE
    min_lat = max(-90.0, center.latitude - d_lat)
    max_lat = min(90.0, center.latitude + d_lat)
    # The widest longitude span of the circle is at the latitude nearest a pole.
    angular = radius_miles / EARTH_RADIUS_MILES
    sin_ratio = math.sin(angular) / max(math.cos(math.radians(center.latitude)), 1e-12)
    if max_lat >= 90.0 or min_lat <= -90.0 or angular >= math.pi / 2 or sin_ratio >= 1.0:
        return (BoundingBox(min_lat, max_lat, -180.0, 180.0),)
    d_lon = math.degrees(math.asin(sin_ratio))
    west, east = center.longitude - d_lon, center.longitude + d_lon
    if west < -180.0:
        return (
            BoundingBox(min_lat, max_lat, -180.0, east),
            BoundingBox(min_lat, max_lat, west + 360.0, 180.0),
        )
    if east > 180.0:
        return (
            BoundingBox(min_lat, max_lat, west, 180.0),
            BoundingBox(min_lat, max_lat, -180.0, east - 360.0),
        )
    return (BoundingBox(min_lat, max_lat, west, east),)
