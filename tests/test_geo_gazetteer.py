"""Tests on the full gazetteer, built once per session into a temporary data dir."""

import shutil
import zipfile
from pathlib import Path

import pytest

from eventcoder.geo import gazetteer as gz
from eventcoder.geo.relative import haversine_km
from eventcoder.geo.resolve import find_toponyms, geoparse, locate_event, resolve_toponyms
from eventcoder.settings import Settings

from conftest import FIXTURES

SABHA = (27.03766, 14.42832)


@pytest.fixture(scope="session")
def built(gazetteer_file: Path) -> Path:
    return gazetteer_file


@pytest.fixture(scope="session")
def gazetteer(built: Path) -> gz.Gazetteer:
    return gz.Gazetteer(built)


@pytest.mark.parametrize(("name", "expected"), [
    ("Sebha", "Sabha"), ("Marzuq", "Murzuk"), ("Tazerbo", "Tāzirbū"), ("Derna", "Darnah"),
    ("Qatroun", "Al Qaţrūn"), ("Ghadamis", "Ghadames"), ("Awbari", "Ubari"), ("Surt", "Sirte")])
def test_transliterations_find_the_libyan_town(gazetteer: gz.Gazetteer, name: str, expected: str) -> None:
    assert expected in [p.name for p in gazetteer.candidates(name) if p.country_code == "LY"]


def test_fuzzy_does_not_invent_matches(gazetteer: gz.Gazetteer) -> None:
    assert gazetteer.candidates("Xqzvbt") == []
    assert gazetteer.candidates("Tazerbo", fuzzy=False) == []


def test_countries_and_regions(gazetteer: gz.Gazetteer) -> None:
    libya = gazetteer.candidates("Libya")[0]
    assert libya.is_country and gazetteer.box(libya.geonameid) is not None
    assert gazetteer.candidates("Fezzan")[0].country_code == "LY"
    assert any(p.is_admin1 and p.country_code == "LY" for p in gazetteer.candidates("Kufra"))
    assert gazetteer.get(2212775).name == "Sabha"


DUMP = FIXTURES / "geo" / "geonames_tiny.txt"
ADMIN1 = FIXTURES / "geo" / "admin1CodesASCII.txt"


@pytest.fixture
def loaded(built: Path, tmp_path: Path) -> tuple[Settings, gz.DumpResult]:
    """A copy of the gazetteer with the tiny dump (zipped, as GeoNames ships it) loaded."""
    settings = Settings(data_dir=tmp_path)
    shutil.copyfile(built, gz.gazetteer_path(settings))
    archive = tmp_path / "LY.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(DUMP, "LY.txt")
        zipped.writestr("readme.txt", "not a dump")
    return settings, gz.load_dump(archive, ADMIN1, settings=settings)


def test_load_dump_adds_all_feature_classes_and_reports_bad_lines(loaded) -> None:
    settings, result = loaded
    assert result.added == 5
    assert [e.item.rsplit(":", 1)[1] for e in result.errors] == ["3", "6"]
    assert "columns" in result.errors[0].reason and "coordinates" in result.errors[1].reason
    gazetteer = gz.Gazetteer(gz.gazetteer_path(settings))
    (base,) = gazetteer.candidates("Tamanhant")  # the dump's base replaced the shipped one
    assert (base.feature, base.admin1_name, base.geonameid) == ("S.AIRB", "Sabha", 90000001)
    assert gazetteer.candidates("Bir Zellaf")[0].geonameid == 90000004
    assert gazetteer.candidates("Wadi Irawan")[0].feature == "H.WAD"
    # the dump's real parish replaces the one derived from its towns
    assert [p.geonameid for p in gazetteer.candidates("Rapides Parish")] == [4338356]


def test_facilities_are_found_and_resolved(loaded) -> None:
    settings, _ = loaded
    gazetteer = gz.Gazetteer(gz.gazetteer_path(settings))
    text = "An airstrike hit Tamanhint air base, north of Sabha, and fire reached the Mabruk oilfield."
    toponyms = resolve_toponyms(find_toponyms(text, gazetteer=gazetteer), text, gazetteer)
    facilities = {t.toponym.text: t.place.geonameid for t in toponyms if t.toponym.kind == "facility"}
    assert facilities == {"Tamanhint air base": 90000001, "Mabruk oilfield": 90000002}
    first = text.index(",")
    assert locate_event(text, 0, first, toponyms, gazetteer).geonames_id == 90000001


def test_remembered_dumps_are_imported_into_a_new_build(loaded, built: Path, tmp_path: Path) -> None:
    settings, _ = loaded
    fresh = tmp_path / "new" / gz.gazetteer_path(settings).name
    fresh.parent.mkdir()
    shutil.copyfile(built, fresh)
    shutil.copyfile(tmp_path / "gazetteer-dumps.json", fresh.parent / "gazetteer-dumps.json")
    gz._reload_dumps(fresh)
    assert gz.Gazetteer(fresh).candidates("Tamanhint")[0].geonameid == 90000001


def test_interrupted_load_keeps_the_previous_gazetteer(built: Path, tmp_path: Path, monkeypatch) -> None:
    settings = Settings(data_dir=tmp_path)
    target = gz.gazetteer_path(settings)
    shutil.copyfile(built, target)
    before = target.read_bytes()
    parse = gz._parse_dump_line
    calls = []

    def interrupted(line: str, admin1: dict) -> tuple:
        calls.append(line)
        if len(calls) == 4:
            raise KeyboardInterrupt
        return parse(line, admin1)

    monkeypatch.setattr(gz, "_parse_dump_line", interrupted)
    with pytest.raises(KeyboardInterrupt):
        gz.load_dump(DUMP, ADMIN1, settings=settings)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]
    gazetteer = gz.Gazetteer(target)
    assert gazetteer.candidates("Sabha") and not gazetteer.candidates("Bir Zellaf")


def test_shipped_facilities_and_spelling_variants(gazetteer: gz.Gazetteer) -> None:
    (base,) = [p for p in gazetteer.candidates("Tamanhint Air Base") if p.feature_code == "AIRB"]
    assert (base.country_code, base.admin1_name, base.population) == ("LY", "Sabhā", 0)
    assert haversine_km(base.lat, base.lon, *SABHA) < 40
    text = "Rockets were fired at Kuweiris air base on Sunday."
    located = locate(text, gazetteer)
    assert (located.name, located.precision, located.text) == ("Kuweires Air Base", "town", "Kuweiris air base")
    # a spelling variant is taken only when it is that kind of facility
    assert gazetteer.candidates("Kuweiris", fuzzy=False) == []  # found as a variant, not a spelling we ship
    assert locate("Shells hit Sebha airport.", gazetteer).name == "Sabha Airport"


def test_towns_carry_their_county(gazetteer: gz.Gazetteer) -> None:
    location = locate("A gunman opened fire in Alexandria, Louisiana.", gazetteer)
    assert (location.name, location.admin1, location.admin2) == ("Alexandria", "Louisiana", "Rapides Parish")
    parish = locate("Deputies searched Rapides Parish.", gazetteer)
    assert parish.admin2 == "Rapides Parish"


def test_the_city_refers_back_to_the_last_town(gazetteer: gz.Gazetteer) -> None:
    text = "Fighters withdrew from Sirte last year. They had seized the city in 2015, officials in Libya said."
    toponyms = resolve_toponyms(find_toponyms(text, gazetteer=gazetteer), text, gazetteer)
    second = text.index("They")
    location = locate_event(text, second, len(text), toponyms, gazetteer)
    assert (location.name, location.precision) == ("Sirte", "town")
    alone = "They seized the city in 2015, officials in Libya said."
    assert locate(alone, gazetteer).precision == "country"


def test_counties_demonyms_and_continents(gazetteer: gz.Gazetteer) -> None:
    (parish,) = [p for p in gazetteer.candidates("Rapides Parish") if p.feature == "A.ADM2"]
    assert (parish.country_code, parish.admin1_name) == ("US", "Louisiana")
    assert haversine_km(parish.lat, parish.lon, 31.1669, -92.4835) < 40
    assert gazetteer.demonym("Iraqis").name == "Iraq"
    assert gazetteer.demonym("Libyan").country_code == "LY"
    assert gazetteer.demonym("Tripoli") is None
    assert gazetteer.candidates("Africa")[0].feature == "L.CONT"


def test_list_of_counties_resolves_to_counties(gazetteer: gz.Gazetteer) -> None:
    text = "Deputies from Barrow, Jackson and Oconee counties searched the area near Athens, Georgia."
    spans = [(text.index(name), text.index(name) + len(name)) for name in ("Barrow", "Jackson", "Oconee", "Athens")]
    out = geoparse(text, spans, gazetteer=gazetteer)
    assert [t["feature"] for t in out] == ["A.ADM2", "A.ADM2", "A.ADM2", "P.PPL"]
    assert {t["country_code"] for t in out} == {"US"}
    assert all(haversine_km(t["lat"], t["lon"], 33.96, -83.38) < 100 for t in out)  # all around Athens, GA


def test_interrupted_rebuild_keeps_the_old_gazetteer(built: Path, tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / built.name
    shutil.copyfile(built, target)

    def fail(stats: dict) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(gz, "_source_rows", fail)
    with pytest.raises(KeyboardInterrupt):
        gz.build(target)
    assert gz.Gazetteer(target).candidates("Sabha")
    assert [p.name for p in tmp_path.iterdir()] == [built.name]


def test_tripoli_follows_context(gazetteer: gz.Gazetteer) -> None:
    libya = "Militias from Misrata and Zintan clashed in Tripoli on Sunday."
    lebanon = "Clashes in Tripoli, Lebanon killed three; Beirut sent troops."
    assert [t["country_code"] for t in geoparse(libya, gazetteer=gazetteer) if t["text"] == "Tripoli"] == ["LY"]
    assert [t["country_code"] for t in geoparse(lebanon, gazetteer=gazetteer) if t["text"] == "Tripoli"] == ["LB"]


def test_gold_spans_are_resolved_exactly(gazetteer: gz.Gazetteer) -> None:
    text = "Gunmen attacked Sebha and Murzuk."
    out = geoparse(text, [(16, 21), (26, 32)], gazetteer=gazetteer)
    assert [(t["start"], t["end"], t["geonames_id"]) for t in out] == [(16, 21, 2212775), (26, 32, 2214603)]
    assert set(out[0]) == {"start", "end", "text", "name", "lat", "lon", "geonames_id", "country_code", "feature"}


def test_town_the_ner_mislabels_is_found(gazetteer: gz.Gazetteer) -> None:
    spacy = pytest.importorskip("spacy")
    from eventcoder import nlp
    try:
        pipeline = nlp.load()
    except nlp.ModelNotInstalled:
        pytest.skip("no spaCy model")
    text = "Tebu fighters seized Ubari and Murzuq in southwest Libya."
    doc = pipeline(text)
    found = {t.text for t in find_toponyms(text, doc, gazetteer=gazetteer)}
    assert {"Ubari", "Murzuq", "Libya"} <= found
    assert spacy is not None


def test_stoplist_and_titles(gazetteer: gz.Gazetteer) -> None:
    text = "Mr. Derna said in March that the Islamic State was weak."
    assert find_toponyms(text, gazetteer=gazetteer) == []


def locate(text: str, gazetteer: gz.Gazetteer):
    toponyms = resolve_toponyms(find_toponyms(text, gazetteer=gazetteer), text, gazetteer)
    return locate_event(text, 0, len(text), toponyms, gazetteer)


def test_relative_offset_location(gazetteer: gz.Gazetteer) -> None:
    location = locate("Gunmen attacked a checkpoint 93 km south of Sabha on Monday.", gazetteer)
    assert (location.precision, location.geo_precision, location.anchor) == ("offset", 2, "Sabha")
    assert abs(haversine_km(location.lat, location.lon, *SABHA) - 93) < 1
    assert location.lat < SABHA[0]


def test_offset_picks_the_named_town(gazetteer: gz.Gazetteer) -> None:
    location = locate("Fighting broke out in Murzuq, 135 km south of Sabha.", gazetteer)
    assert (location.precision, location.geo_precision, location.geonames_id) == ("town", 1, 2214603)


def test_region_phrases(gazetteer: gz.Gazetteer) -> None:
    location = locate("Clashes were reported in southwest Libya.", gazetteer)
    box = gazetteer.box(gazetteer.country("LY").geonameid)
    assert (location.precision, location.geo_precision, location.geonames_id) == ("region", 3, None)
    assert box.south <= location.lat < (box.south + box.north) / 2
    assert box.west <= location.lon < (box.west + box.east) / 2
    kufra = locate("An airstrike hit the Kufra region.", gazetteer)
    assert (kufra.precision, kufra.country_code) == ("region", "LY")


def test_country_fallback_and_null(gazetteer: gz.Gazetteer) -> None:
    assert locate("Violence flared again in Libya.", gazetteer).precision == "country"
    empty = locate("Nobody knows where it happened.", gazetteer)
    assert empty.lat is None and empty.reason


def test_possessor_of_an_area_and_unit_names(gazetteer: gz.Gazetteer) -> None:
    text = "Clashes broke out between the Radaa force and a rival brigade in Tripoli's Souq al-Jumaa district."
    toponyms = resolve_toponyms(find_toponyms(text, gazetteer=gazetteer), text, gazetteer)
    assert [(t.place.name if t.place else t.toponym.text) for t in toponyms] == ["Tripoli", "Souq al-Jumaa district"]
    assert toponyms[0].place.country_code == "LY"  # no Råde (Norway) for "the Radaa force"
    location = locate_event(text, 0, len(text), toponyms, gazetteer)
    assert (location.name, location.country_code) == ("Tripoli", "LY")


def test_a_name_placed_once_keeps_that_place(gazetteer: gz.Gazetteer) -> None:
    text = "SALISBURY, N.C. - Gunfire outside a Salisbury diner killed a girl. Salisbury police arrived within minutes."
    toponyms = resolve_toponyms(find_toponyms(text, gazetteer=gazetteer), text, gazetteer)
    salisburys = [t.place for t in toponyms if t.toponym.text.lower() == "salisbury"]
    assert len(salisburys) == 3
    assert {(p.country_code, p.admin1_name) for p in salisburys} == {("US", "North Carolina")}


def test_common_words_and_loose_spellings_of_big_places_are_not_places(gazetteer: gz.Gazetteer) -> None:
    text = "Read or Share this story. Deputies met at the Mall near South Seventh Street and Officer Lane."
    assert [t.text for t in find_toponyms(text, gazetteer=gazetteer) if t.candidates] == []


def test_anchors_are_towns_and_containers_may_follow_in(gazetteer: gz.Gazetteer) -> None:
    near = locate("Soldiers were ambushed near Tillaberi on Tuesday.", gazetteer)
    assert (near.precision, near.anchor) == ("near", "Tillabéri")
    town = [p for p in gazetteer.candidates("Tillaberi") if p.feature_class == "P"][0]
    assert (near.lat, near.lon) == (round(town.lat, 5), round(town.lon, 5))
    text = "Women were attacked near Leer, in South Sudan's Unity State, in October."
    assert locate(text, gazetteer).country_code == "SS"


def test_a_subdivision_matched_by_name_never_takes_another_ones_code(monkeypatch: pytest.MonkeyPatch) -> None:
    # Guam is listed among US subdivisions; its loose name skeleton is a town's in Indiana. Whatever
    # order pycountry lists them in, Indiana keeps "IN".
    towns = [{"name": "Kokomo", "alternatenames": [], "admin1code": "IN", "population": 50_000},
             {"name": "Salem", "alternatenames": [], "admin1code": "OR", "population": 170_000}]
    real = gz.pycountry.subdivisions.get

    for order in (list, lambda subs: list(reversed(list(subs)))):
        monkeypatch.setattr(gz.pycountry.subdivisions, "get",
                            lambda order=order, **kw: order(real(**kw) or []))
        mapping = gz._subdivision_codes("US", towns, {"IN", "OR"})
        assert mapping["US-IN"] == "IN" and mapping["US-OR"] == "OR" and "US-GU" not in mapping
