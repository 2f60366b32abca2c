"""ACLED's `source_scale` and `admin2` in `export --format acled`, from a real store: outlets known
by name or web host (shipped lexicon and a user's file), unknown outlets left out, never guessed."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventcoder.cli import app
from eventcoder.pipeline import ArticleEvents
from eventcoder.settings import get_settings
from eventcoder.store import Store
from eventcoder.store.outlets import KnownOutlet, OutletFileError, OutletLexicon, get_lexicon, host_of
from eventcoder.store.records import SourceRef
from test_store import DAY, KABUL, SABHA, report

ARCHIVED_BBC = "http://web.archive.org/web/20230614093000/https://www.bbc.co.uk:443/news/world-africa-1"
OBSERVER = "https://www.libyaobserver.ly/news/drone-strike-sabha"
USER_OUTLETS = """
National:
  - name: Libya Observer
    hosts: [libyaobserver.ly]
    country: ly
"""


def _with_url(result: ArticleEvents, url: str) -> ArticleEvents:
    return ArticleEvents(article=result.article.model_copy(update={"url": url}), events=result.events)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    """A strike near Sabha (with its district) reported by an archived BBC page without a
    `source` and by a Libyan paper, and a Kabul bombing reported by an outlet nobody lists."""
    path = tmp_path_factory.mktemp("outlets") / "events.db"
    place = {**SABHA, "admin2": "Sabha District"}
    with Store(path) as store:
        store.ingest(_with_url(report(
            "bbc-1", "A drone strike killed 12 people near Sabha on Tuesday, residents said.",
            "drone strike", killed=12, place=place), ARCHIVED_BBC))
        store.ingest(_with_url(report(
            "observer-2", "Twelve people died when a drone hit a farm outside Sabha on Tuesday, the council said.",
            "a drone hit", killed=12, killed_text="Twelve people", place=place, source="Libya Observer",
            published=DAY + timedelta(days=2)), OBSERVER))
        store.ingest(report(
            "kt-3", "A roadside bomb killed four soldiers in Kabul on Monday.", "roadside bomb",
            day=DAY + timedelta(days=20), killed=4, killed_text="four soldiers", place=KABUL,
            kind=("Explosions/Remote violence", "Remote explosive/landmine/IED"), source="Kabul Times"))
    return path


@pytest.fixture
def user_outlets(tmp_path, monkeypatch):
    """Point EVENTCODER_OUTLETS_FILE at a file with this text, for this test only."""

    def use(text: str) -> Path:
        path = tmp_path / "outlets.yaml"
        path.write_text(text, encoding="utf-8")
        monkeypatch.setenv("EVENTCODER_OUTLETS_FILE", str(path))
        get_settings.cache_clear()
        get_lexicon.cache_clear()
        return path

    yield use
    monkeypatch.delenv("EVENTCODER_OUTLETS_FILE", raising=False)
    get_settings.cache_clear()
    get_lexicon.cache_clear()


def acled(db: Path) -> tuple[int, dict[str, dict[str, str]], str]:
    result = CliRunner().invoke(app, ["export", "--db", str(db), "--format", "acled"])
    rows = {r["location"]: r for r in csv.DictReader(io.StringIO(result.stdout))} if result.exit_code == 0 else {}
    return result.exit_code, rows, result.stderr


def test_hosts_of_urls():
    assert host_of("https://edition.cnn.com/2023/06/13/africa/x.html") == "edition.cnn.com"
    assert host_of("www.reuters.com/world/") == "reuters.com"
    assert host_of(ARCHIVED_BBC) == "bbc.co.uk"
    assert host_of("http://web.archive.org/web/2016/") == "web.archive.org"
    assert host_of(None) is None and host_of("") is None


def test_shipped_lexicon_knows_wire_services_and_broadcasters_by_name_or_host():
    lexicon = OutletLexicon.load()
    international = {"reuters", "the associated press", "AFP", "BBC News", "al jazeera"}
    assert {lexicon.find(SourceRef(label=n, name=n)).scale for n in international} == {"International"}
    assert lexicon.find(SourceRef(label="x", url="https://edition.cnn.com/2023/x")).name == "CNN"
    assert lexicon.find(SourceRef(label="x", url=ARCHIVED_BBC)).name == "BBC"
    assert lexicon.find(SourceRef(label="x", name="Kabul Times", url="https://thekabultimes.gov.af/x")) is None
    assert lexicon.find(SourceRef(label="x", url="https://www.co.uk/x")) is None  # not a parent domain of any outlet


def test_scales_join_nearest_first_and_country_bound_outlets_count_only_at_home():
    lexicon = OutletLexicon([
        (KnownOutlet("Reuters", "International"), ["Reuters"], ["reuters.com"]),
        (KnownOutlet("Daily Trust", "National", "NG"), ["Daily Trust"], ["dailytrust.com"]),
        (KnownOutlet("Kano Chronicle", "Subnational", "NG"), ["Kano Chronicle"], []),
    ])
    refs = [SourceRef(label="Reuters", name="Reuters"), SourceRef(label="dailytrust.com", url="https://dailytrust.com/a"),
            SourceRef(label="Kano Chronicle", name="Kano Chronicle"), SourceRef(label="blog", name="A blog")]
    assert lexicon.source_scale(refs, "NG") == "Subnational-National-International"
    assert lexicon.source_scale(refs, "GH") == "International"
    assert lexicon.source_scale(refs[1:], "GH") == ""
    assert lexicon.source_scale([], "NG") == ""


def test_acled_export_fills_admin2_and_source_scale_from_the_shipped_outlets(db):
    code, rows, _ = acled(db)
    sabha, kabul = rows["Sabha"], rows["Kabul"]
    assert code == 0
    assert (sabha["admin1"], sabha["admin2"], sabha["admin3"]) == ("Fezzan", "Sabha District", "")
    assert sabha["source"] == "bbc.co.uk; Libya Observer"  # an article without `source` is named by its host
    assert sabha["source_scale"] == "International"  # the BBC; the Libyan paper is not in the shipped lexicon
    assert (kabul["admin2"], kabul["source"], kabul["source_scale"]) == ("", "Kabul Times", "")


def test_a_users_outlets_file_adds_scales(db, user_outlets):
    user_outlets(USER_OUTLETS)
    code, rows, _ = acled(db)
    assert code == 0 and rows["Sabha"]["source_scale"] == "National-International"
    user_outlets(USER_OUTLETS.replace("country: ly", "country: tn"))  # a Tunisian paper: says nothing of Libya
    assert acled(db)[1]["Sabha"]["source_scale"] == "International"


@pytest.mark.parametrize("text", ["International: [{aliases: [X]}]", "Worldwide: []", "- a list", "International: [{"])
def test_a_bad_outlets_file_is_a_usage_error_on_one_line(db, user_outlets, text):
    path = user_outlets(text)
    code, _, err = acled(db)
    assert code == 2 and len(err.strip().splitlines()) == 1 and str(path) in err
    with pytest.raises(OutletFileError):
        OutletLexicon.load(path)
