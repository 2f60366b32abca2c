"""Tests on the full gazetteer, built once per session into a temporary data dir."""

import shutil
from pathlib import Path

import pytest

from eventcoder.geo import gazetteer as gz
from eventcoder.geo.relative import haversine_km
from eventcoder.geo.resolve import find_toponyms, geoparse, locate_event, resolve_toponyms
from eventcoder.settings import Settings

SABHA = (27.03766, 14.42832)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = gz.gazetteer_path(Settings(data_dir=tmp_path_factory.mktemp("gazetteer")))
    gz.build(path)
    return path


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


def write_dump(path: Path) -> None:
    rows = [
        ["90000001", "Tamanhant Air Base", "Tamanhant Air Base", "Tamanhint,Tamenhint", "27.2403", "14.6558",
         "S", "MILB", "LY", "", "75", "", "", "", "0", "", "430", "Africa/Tripoli", "2020-01-01"],
        ["90000002", "Mabruk Oil Field", "Mabruk Oil Field", "Mabrouk", "30.27", "17.85", "S", "OILF", "LY", "",
         "76", "", "", "", "0", "", "100", "Africa/Tripoli", "2020-01-01"],
    ]
    lines = ["\t".join(r) for r in rows]
    lines.insert(1, "90000003\tBroken line with too few columns\t27.0")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_load_dump_adds_facilities_and_reports_bad_lines(built: Path, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    shutil.copyfile(built, gz.gazetteer_path(settings))
    dump, admin1 = tmp_path / "LY.txt", tmp_path / "admin1CodesASCII.txt"
    write_dump(dump)
    admin1.write_text("LY.75\tSabha\tSabha\t2212776\n", encoding="utf-8")
    result = gz.load_dump(dump, admin1, settings=settings)
    assert result.added == 2
    assert len(result.errors) == 1 and result.errors[0].item.endswith(":2")
    gazetteer = gz.Gazetteer(gz.gazetteer_path(settings))
    (base,) = gazetteer.candidates("Tamanhint")
    assert (base.feature, base.admin1_name) == ("S.MILB", "Sabha")
    text = "An airstrike hit Tamanhant Air Base, north of Sabha."
    toponyms = resolve_toponyms(find_toponyms(text, gazetteer=gazetteer), text, gazetteer)
    location = locate_event(text, 0, len(text), toponyms, gazetteer)
    assert location.geonames_id == 90000001


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
