import pytest

from eventcoder.geo.relative import bearing_degrees, find_relative, haversine_km, midpoint, offset_point


@pytest.mark.parametrize(("text", "anchor", "km", "bearing"), [
    ("killed 93 km south of Sabha on Monday", "Sabha", 93.0, 180.0),
    ("the post (93km south of Sabha)", "Sabha", 93.0, 180.0),
    ("nearly 600 miles south of Tripoli", "Tripoli", 600 * 1.609344, 180.0),
    ("20 kilometres north-east of Murzuq", "Murzuq", 20.0, 45.0),
    ("clashes north of Kufra", "Kufra", None, 0.0),
    ("60 km south of the town of Al-Qatrun", "Al-Qatrun", 60.0, 180.0),
])
def test_offsets_are_parsed(text: str, anchor: str, km: float | None, bearing: float) -> None:
    (rel,) = find_relative(text)
    assert (rel.kind, rel.anchor, rel.bearing) == ("offset", anchor, bearing)
    assert rel.km == pytest.approx(km) if km else rel.km is None
    assert text[rel.anchor_start:rel.anchor_end] == anchor


def test_qualifier_near_and_between() -> None:
    assert find_relative("nearly 600 miles south of Tripoli")[0].qualifier == "nearly"
    near = find_relative("fighting on the outskirts of Ubari")[0]
    assert (near.kind, near.anchor) == ("near", "Ubari")
    road = find_relative("an ambush on the road between Sabha and Ubari")[0]
    assert (road.kind, road.anchor, road.anchor2) == ("between", "Sabha", "Ubari")


def test_bearing_words() -> None:
    assert bearing_degrees("south-southwest") == 202.5
    assert bearing_degrees("North West") == 315.0
    assert bearing_degrees("upward") is None


@pytest.mark.parametrize(("km", "bearing"), [(93, 180), (20, 45), (965.6, 0), (300, 270)])
def test_offset_point_is_at_the_distance(km: float, bearing: float) -> None:
    lat, lon = offset_point(27.03766, 14.42832, km, bearing)
    assert abs(haversine_km(27.03766, 14.42832, lat, lon) - km) < 1.0


def test_offset_direction_and_midpoint() -> None:
    lat, lon = offset_point(27.0, 14.0, 93, 180)
    assert lat < 27.0 and abs(lon - 14.0) < 1e-6
    mid = midpoint(27.03766, 14.42832, 26.59034, 12.77511)  # Sabha, Ubari
    assert abs(haversine_km(*mid, 27.03766, 14.42832) - haversine_km(*mid, 26.59034, 12.77511)) < 1.0
