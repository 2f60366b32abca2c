"""The web app's JSON API and pages through FastAPI's TestClient over a real SQLite store.

Covers every endpoint with good and bad input (unknown ids, malformed filters, oversized pages),
the XSS case (an article carrying a <script>), security headers, CSRF and token checks on review
forms, review changes with their audit rows surviving a later run, and reads during writes.
"""

from __future__ import annotations

import re
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from eventcoder.schema import Event, EventDate, Location
from eventcoder.store import Store
from eventcoder.web import WebConfig, create_app
from eventcoder.web.filters import MAX_PAGE_SIZE
from web_store import ARTICLES, XSS, event_with_doc, fill_store, mentions

HTML = {"accept": "text/html"}


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = fill_store(tmp_path / "web.db")
    yield store
    store.close()


@pytest.fixture
def client(store: Store) -> TestClient:
    return TestClient(create_app(store, WebConfig()))


def csrf_of(client: TestClient, event_id: str) -> str:
    page = client.get(f"/events/{event_id}", headers=HTML)
    assert page.status_code == 200
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def error_of(response) -> str:
    body = response.json()
    assert set(body) <= {"error", "detail"} and body["error"]
    return body["error"]


# ----------------------------------------------------------------- /api/events


def test_events_lists_fused_events_newest_first(client):
    body = client.get("/api/events").json()
    assert body["total"] == 3 and body["limit"] == 50 and body["offset"] == 0
    starts = [e["date"]["start"] for e in body["events"]]
    assert starts == sorted(starts, reverse=True)
    gao = next(e for e in body["events"] if "web-gao-1" in e["doc_ids"])
    assert sorted(gao["doc_ids"]) == ["web-gao-1", "web-gao-2"]
    assert {r["doc_id"] for r in gao["fatalities"]["reports"]} == {"web-gao-1", "web-gao-2"}
    assert {"id", "event_type", "sub_event_type", "date", "location", "actors", "fatalities", "confidence", "evidence", "status"} <= set(gao)


def test_events_paging(client):
    first = client.get("/api/events?limit=2").json()
    second = client.get("/api/events?limit=2&offset=2").json()
    assert first["total"] == second["total"] == 3
    assert len(first["events"]) == 2 and len(second["events"]) == 1
    assert {e["id"] for e in first["events"]}.isdisjoint(e["id"] for e in second["events"])
    assert client.get(f"/api/events?limit={MAX_PAGE_SIZE}").status_code == 200


@pytest.mark.parametrize(
    "query, docs",
    [
        ("country=ML", {"web-gao-1"}),
        ("country=ml", {"web-gao-1"}),
        ("admin1=Idlib", {"web-idlib-1"}),
        ("event_type=Violence against civilians", {"web-kabul-1"}),
        ("sub_event_type=Air/drone strike", {"web-idlib-1"}),
        ("actor=islamic", {"web-kabul-1"}),
        ("min_fatalities=4", {"web-gao-1", "web-idlib-1"}),
        ("text=checkpoint", {"web-gao-1"}),
        ("scope=terrorism", {"web-kabul-1"}),
        ("since=2024-03-01&until=2024-03-05", {"web-gao-1"}),
        ("since=2024-03-10", {"web-idlib-1"}),
        ("until=2024-02-28", {"web-kabul-1"}),
        ("country=ML&min_fatalities=10", set()),
        ("country=&event_type=&since=", {"web-gao-1", "web-idlib-1", "web-kabul-1"}),  # an empty form field is no filter
    ],
)
def test_events_filters(client, query, docs):
    response = client.get(f"/api/events?{query}")
    assert response.status_code == 200, response.text
    found = {e["doc_ids"][0] for e in response.json()["events"]}
    assert found == docs


@pytest.mark.parametrize(
    "query, names",
    [
        (f"limit={MAX_PAGE_SIZE + 1}", "limit"),
        ("limit=100000000", "limit"),
        ("limit=0", "limit"),
        ("offset=-1", "offset"),
        ("since=yesterday", "since"),
        ("until=2024-13-01", "until"),
        ("since=2024-03-05&until=2024-03-01", "after"),
        ("min_fatalities=-1", "min_fatalities"),
        ("min_fatalities=many", "min_fatalities"),
        ("country=Mali", "country"),
        ("include_wrong=perhaps", "include_wrong"),
        ("text=" + "x" * 201, "text"),
        ("colour=red", "colour"),
    ],
)
def test_events_bad_filters_are_422_with_a_message(client, query, names):
    response = client.get(f"/api/events?{query}")
    assert response.status_code == 422
    assert names in error_of(response)


@pytest.mark.parametrize("text", ["%", "_", "' OR 1=1 --", '"; DROP TABLE events; --', "\\", "100%_"])
def test_free_text_is_a_parameter_not_sql(client, store, text):
    response = client.get("/api/events", params={"text": text})
    assert response.status_code == 200 and response.json()["total"] == 0
    assert client.get("/api/events").json()["total"] == 3


def test_wrong_events_hidden_unless_asked(client, store):
    kabul = event_with_doc(store, "web-kabul-1")
    store.mark_wrong(kabul.id, who="tester")
    assert client.get("/api/events").json()["total"] == 2
    shown = client.get("/api/events?include_wrong=true").json()["events"]
    assert {e["id"]: e["status"] for e in shown}[kabul.id] == "wrong"


# ----------------------------------------------------------------- one event, sources, audit, articles


def test_one_event(client, store):
    gao = event_with_doc(store, "web-gao-1")
    body = client.get(f"/api/events/{gao.id}").json()
    assert body["id"] == gao.id and body["location"]["name"] == "Gao"
    assert body["status"] == "ok" and body["corrected_fields"] == []
    assert any("same day" in reason for reason in body["fusion_reasons"])


def test_unknown_ids_are_404_with_the_id(client):
    for path in ("/api/events/ev_nope", "/api/events/ev_nope/sources", "/api/events/ev_nope/audit", "/api/articles/nope"):
        response = client.get(path)
        assert response.status_code == 404
        assert "nope" in error_of(response)
    assert client.get("/api/events/" + "x" * 201).status_code == 422


def test_sources_carry_articles_mentions_and_link_reasons(client, store):
    gao = event_with_doc(store, "web-gao-1")
    sources = client.get(f"/api/events/{gao.id}/sources").json()
    assert [s["article"]["doc_id"] for s in sources] == ["web-gao-1", "web-gao-2"]
    for source in sources:
        text = source["article"]["text"]
        for ev in source["mention"]["evidence"]:
            assert text[ev["start"]:ev["end"]] == ev["text"]
    assert any("same day" in r for r in sources[1]["link_reasons"])


def test_article(client):
    body = client.get("/api/articles/web-gao-2").json()
    assert body["text"] == ARTICLES[1].text and body["published"] == "2024-03-04"


# ----------------------------------------------------------------- map, timeline, facets, schema


def test_geojson(client):
    body = client.get("/api/geojson").json()
    assert body["type"] == "FeatureCollection" and body["total"] == 3 and not body["truncated"]
    by_place = {f["properties"]["place"]: f for f in body["features"]}
    assert by_place["Gao"]["geometry"]["coordinates"] == [-0.04, 16.27]
    assert by_place["Gao"]["properties"]["area_m"] is None  # a town: a point marker
    assert by_place["Idlib"]["properties"]["area_m"] > 0  # a region: drawn as an area
    assert by_place["Idlib"]["properties"]["radius_px"] > by_place["Gao"]["properties"]["radius_px"]  # 7 vs 4 killed
    assert len({f["properties"]["colour"] for f in body["features"]}) == 3  # three types, three colours
    assert len(client.get("/api/geojson?country=SY").json()["features"]) == 1
    assert client.get("/api/geojson?limit=100000").status_code == 422
    limited = client.get("/api/geojson?limit=1").json()
    assert len(limited["features"]) == 1 and limited["truncated"]


def test_timeline(client):
    days = client.get("/api/timeline").json()
    assert days["bucket"] == "day"
    assert [(r["period"], r["events"], r["fatalities"]) for r in days["rows"]] == [
        ("2024-02-20", 1, 2), ("2024-03-03", 1, 4), ("2024-03-12", 1, 7)
    ]
    weeks = client.get("/api/timeline?bucket=week&country=ML").json()
    assert weeks["bucket"] == "week" and [r["period"] for r in weeks["rows"]] == ["2024-02-26"]  # the Monday
    assert client.get("/api/timeline?bucket=hour").status_code == 422


def test_timeline_auto_uses_weeks_for_long_spans(client, store):
    later = Event(
        id="ev_much_later", doc_ids=["synthetic"], event_type="Battles", sub_event_type="Armed clash",
        date=EventDate(start=date(2024, 12, 1), end=date(2024, 12, 1), precision="day"),
    )
    store.add_events([later])
    body = client.get("/api/timeline").json()
    assert body["bucket"] == "week"
    assert all(date.fromisoformat(r["period"]).weekday() == 0 for r in body["rows"])


def test_facets(client):
    body = client.get("/api/facets").json()
    assert body["countries"] == ["AF", "ML", "SY"]
    assert "Air/drone strike" in body["sub_event_types"]["Explosions/Remote violence"]


def test_openapi_schema_lists_the_api(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/events", "/api/events/{event_id}", "/api/articles/{doc_id}", "/api/geojson", "/api/timeline"} <= set(paths)
    names = {p["name"] for p in paths["/api/events"]["get"]["parameters"]}
    assert {"since", "until", "country", "admin1", "event_type", "actor", "min_fatalities", "text", "limit", "offset"} <= names


# ----------------------------------------------------------------- pages, assets, security


def test_home_page_keeps_filters_and_lists_events(client):
    page = client.get("/?country=ML&min_fatalities=1", headers=HTML)
    assert page.status_code == 200
    assert 'data-geojson="/api/geojson?country=ML&amp;min_fatalities=1"' in page.text
    assert '<option value="ML" selected>' in page.text
    assert page.text.count('class="event-link"') == 1
    assert client.get("/?since=soon", headers=HTML).status_code == 422


def test_pages_and_assets_are_served_locally(client):
    page = client.get("/", headers=HTML).text
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts and all('src="/static/' in tag for tag in scripts)  # no inline script, no CDN
    assert "http" not in "".join(re.findall(r'(?:src|href)="([^"]*)"', page).__iter__())
    for asset in ("/static/leaflet/leaflet.js", "/static/leaflet/leaflet.css", "/static/markercluster/leaflet.markercluster.js",
                  "/static/app/map.js", "/static/app/timeline.js", "/static/app/review.js", "/static/app/app.css"):
        assert client.get(asset).status_code == 200, asset
    assert client.get("/static/app/../../store/store.py").status_code == 404


def test_security_headers(client):
    for path in ("/", "/api/events", "/api/events/nope"):
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        assert headers["x-content-type-options"] == "nosniff"


def test_tile_origin_allowed_by_csp_only_when_set(store):
    tiles = TestClient(create_app(store, WebConfig(tile_url="https://{s}.tiles.example.net/{z}/{x}/{y}.png")))
    assert "https://*.tiles.example.net" in tiles.get("/").headers["content-security-policy"]
    assert 'data-tiles="https://{s}.tiles.example.net/{z}/{x}/{y}.png"' in tiles.get("/", headers=HTML).text


def test_article_html_is_shown_as_text(client, store):
    gao = event_with_doc(store, "web-gao-2")
    page = client.get(f"/events/{gao.id}", headers=HTML).text
    assert XSS not in page and "<b>News</b>" not in page
    assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in page
    assert "Wire &lt;b&gt;News&lt;/b&gt;" in page
    assert "javascript:" not in page  # a non-web URL is not made a link
    assert all('src="/static/' in tag for tag in re.findall(r"<script[^>]*>", page))


def test_event_page_shows_evidence_figures_and_reasons(client, store):
    gao = event_with_doc(store, "web-gao-1")
    page = client.get(f"/events/{gao.id}", headers=HTML).text
    assert '<mark class="evidence" title="trigger">attacked</mark>' in page
    assert '<mark class="evidence" title="fatalities">four officers</mark>' in page
    assert "at least 5 (residents)" in page and "4 (a regional official)" in page  # figures side by side
    assert "same day" in page  # why fused
    assert 'id="confidence"' in page


def test_unknown_event_page_is_404(client):
    assert client.get("/events/ev_nope", headers=HTML).status_code == 404
    assert "ev_nope" in error_of(client.get("/events/ev_nope"))


# ----------------------------------------------------------------- review


def post_review(client: TestClient, path: str, event_id: str, **form) -> object:
    data = {"csrf": csrf_of(client, event_id), "who": "Ana Analyst", **form}
    return client.post(path, data=data, follow_redirects=False)


def test_correct_a_field_with_audit(client, store):
    gao = event_with_doc(store, "web-gao-1")
    response = post_review(client, f"/events/{gao.id}/correct", gao.id, field="fatalities.best", value="6")
    assert response.status_code == 303 and response.headers["location"] == f"/events/{gao.id}?done=corrected"
    body = client.get(f"/api/events/{gao.id}").json()
    assert body["fatalities"]["best"] == 6 and body["corrected_fields"] == ["fatalities.best"]
    (entry,) = client.get(f"/api/events/{gao.id}/audit").json()
    assert entry["who"] == "Ana Analyst" and entry["action"] == "correct" and entry["field"] == "fatalities.best"
    assert (entry["before"], entry["after"]) == (4, 6) and entry["at"]
    page = client.get(f"/events/{gao.id}?done=corrected", headers=HTML).text
    assert "Correction saved." in page and "Ana Analyst" in page


def test_correction_survives_later_runs(client, store):
    gao = event_with_doc(store, "web-gao-1")
    assert post_review(client, f"/events/{gao.id}/correct", gao.id, field="location.name", value="Gao town").status_code == 303
    for result in mentions():  # the same articles again: nothing changes
        store.ingest(result)
    third = ARTICLES[0].model_copy(update={"id": "web-gao-3", "text": ARTICLES[0].text.replace("regional", "local")})
    first_mention = mentions()[0].events[0]
    joining = first_mention.model_copy(update={"id": "ev_gao_3", "doc_ids": ["web-gao-3"],
                                               "evidence": [e.model_copy(update={"doc_id": "web-gao-3"}) for e in first_mention.evidence]})
    from eventcoder.pipeline import ArticleEvents

    store.ingest(ArticleEvents(third, [joining]))  # a new report of the same attack re-merges the event
    body = client.get(f"/api/events/{gao.id}").json()
    assert "web-gao-3" in body["doc_ids"]
    assert body["location"]["name"] == "Gao town"


def test_correct_refuses_bad_input(client, store):
    gao = event_with_doc(store, "web-gao-1")
    cases = [
        ({"field": "id", "value": "x"}, 422, "field"),
        ({"field": "fatalities.best", "value": "several"}, 422, "several"),
        ({"field": "date.start", "value": "31/12/2024"}, 422, "date.start"),
        ({"field": "location.lat", "value": "north"}, 422, "location.lat"),
    ]
    for form, status, says in cases:
        response = post_review(client, f"/events/{gao.id}/correct", gao.id, **form)
        assert response.status_code == status and says in error_of(response)
    response = post_review(client, "/events/ev_nope/correct", gao.id, field="scope", value="x")
    assert response.status_code == 404
    assert client.get(f"/api/events/{gao.id}/audit").json() == []


def test_refused_form_in_a_browser_is_a_page_leading_back(client, store):
    gao = event_with_doc(store, "web-gao-1")
    data = {"csrf": csrf_of(client, gao.id), "who": "Ana", "field": "fatalities.best", "value": "lots"}
    headers = {**HTML, "referer": f"http://testserver/events/{gao.id}"}
    page = client.post(f"/events/{gao.id}/correct", data=data, headers=headers)
    assert page.status_code == 422 and "text/html" in page.headers["content-type"]
    assert "&#39;lots&#39; is not valid for fatalities.best" in page.text
    assert f'href="/events/{gao.id}" id="back-link"' in page.text
    elsewhere = client.post(f"/events/{gao.id}/correct", data=data, headers={**HTML, "referer": "https://evil.example/x"})
    assert "back-link" not in elsewhere.text


def test_review_needs_the_csrf_token(client, store):
    gao = event_with_doc(store, "web-gao-1")
    csrf_of(client, gao.id)  # the browser has its cookie, but the form does not echo it
    no_token = client.post(f"/events/{gao.id}/correct", data={"who": "x", "field": "scope", "value": "criminal"}, follow_redirects=False)
    assert no_token.status_code == 403 and "CSRF" in error_of(no_token)
    forged = client.post(f"/events/{gao.id}/correct", data={"who": "x", "csrf": "f" * 43, "field": "scope", "value": "criminal"})
    assert forged.status_code == 403
    cross = client.post(
        f"/events/{gao.id}/correct",
        data={"who": "x", "csrf": csrf_of(client, gao.id), "field": "scope", "value": "criminal"},
        headers={"origin": "https://evil.example"},
    )
    assert cross.status_code == 403 and "evil.example" in error_of(cross)
    assert client.get(f"/api/events/{gao.id}").json()["scope"] == "political violence"


def test_review_needs_a_name(client, store):
    gao = event_with_doc(store, "web-gao-1")
    response = post_review(client, f"/events/{gao.id}/wrong", gao.id, who="  ")
    assert response.status_code == 422 and "who" in error_of(response)


def test_mark_wrong_and_right_again(client, store):
    kabul = event_with_doc(store, "web-kabul-1")
    assert post_review(client, f"/events/{kabul.id}/wrong", kabul.id, wrong="true").status_code == 303
    assert client.get("/api/events").json()["total"] == 2
    assert "marked wrong" in client.get(f"/events/{kabul.id}", headers=HTML).text
    assert post_review(client, f"/events/{kabul.id}/wrong", kabul.id, wrong="false").status_code == 303
    assert client.get("/api/events").json()["total"] == 3
    assert [e["after"] for e in client.get(f"/api/events/{kabul.id}/audit").json()] == ["wrong", "ok"]


def test_merge_two_events(client, store):
    gao, idlib = event_with_doc(store, "web-gao-1"), event_with_doc(store, "web-idlib-1")
    response = post_review(client, f"/events/{gao.id}/merge", gao.id, other_id=idlib.id)
    assert response.status_code == 303
    assert set(client.get(f"/api/events/{gao.id}").json()["doc_ids"]) == {"web-gao-1", "web-gao-2", "web-idlib-1"}
    assert client.get(f"/api/events/{idlib.id}").status_code == 404
    assert post_review(client, f"/events/{gao.id}/merge", gao.id, other_id=gao.id).status_code == 422
    assert post_review(client, f"/events/{gao.id}/merge", gao.id, other_id="ev_nope").status_code == 404


def test_split_a_mention_off(client, store):
    gao = event_with_doc(store, "web-gao-1")
    second = client.get(f"/api/events/{gao.id}/sources").json()[1]
    response = post_review(client, f"/mentions/{second['mention_id']}/split", gao.id)
    assert response.status_code == 303
    new_id = response.headers["location"].split("/events/")[1].split("?")[0]
    assert client.get(f"/api/events/{new_id}").json()["doc_ids"] == ["web-gao-2"]
    assert client.get(f"/api/events/{gao.id}").json()["doc_ids"] == ["web-gao-1"]
    assert client.get("/api/events").json()["total"] == 4
    only = client.get(f"/api/events/{gao.id}/sources").json()[0]
    refused = post_review(client, f"/mentions/{only['mention_id']}/split", gao.id)
    assert refused.status_code == 400 and "nothing to split" in error_of(refused)
    assert post_review(client, "/mentions/nope/split", gao.id).status_code == 404


def test_token_required_when_set(store):
    client = TestClient(create_app(store, WebConfig(token="s3cret-token")))
    gao = event_with_doc(store, "web-gao-1")
    path = f"/events/{gao.id}/correct"
    assert post_review(client, path, gao.id, field="scope", value="criminal").status_code == 401
    assert post_review(client, path, gao.id, field="scope", value="criminal", token="guess").status_code == 401
    assert 'name="token"' in client.get(f"/events/{gao.id}", headers=HTML).text
    assert post_review(client, path, gao.id, field="scope", value="criminal", token="s3cret-token").status_code == 303
    data = {"csrf": csrf_of(client, gao.id), "who": "bot", "field": "scope", "value": "terrorism"}
    bearer = client.post(path, data=data, headers={"authorization": "Bearer s3cret-token"}, follow_redirects=False)
    assert bearer.status_code == 303
    assert client.get(f"/api/events/{gao.id}").json()["scope"] == "terrorism"


def test_review_disabled_beyond_loopback_without_token(store):
    client = TestClient(create_app(store, WebConfig(loopback_only=False)))
    gao = event_with_doc(store, "web-gao-1")
    form = {"who": "x", "field": "scope", "value": "criminal"}  # the page offers no review forms to take a token from
    response = client.post(f"/events/{gao.id}/correct", data=form, follow_redirects=False)
    assert response.status_code == 403 and "--token" in error_of(response)
    assert "Review is disabled" in client.get(f"/events/{gao.id}", headers=HTML).text
    assert client.get("/api/events").status_code == 200  # reads stay open


# ----------------------------------------------------------------- reads during writes, the command


def test_reads_keep_working_while_another_connection_writes(client, store):
    writer = Store(store.path)
    stop = threading.Event()
    written = []

    def write() -> None:
        day = date(2023, 1, 1)
        for batch in range(40):
            if stop.is_set():
                break
            events = [
                Event(id=f"ev_bulk_{batch}_{i}", doc_ids=["bulk"], event_type="Battles", sub_event_type="Armed clash",
                      date=EventDate(start=day + timedelta(days=i), end=day + timedelta(days=i), precision="day"),
                      location=Location(name="Gao", country_code="ML", lat=16.2, lon=-0.1))
                for i in range(50)
            ]
            written.append(writer.add_events(events))

    thread = threading.Thread(target=write)
    thread.start()
    try:
        statuses = [client.get("/api/events?country=ML&limit=20").status_code for _ in range(60)]
    finally:
        stop.set()
        thread.join(timeout=60)
        writer.close()
    assert set(statuses) == {200}
    assert sum(written) > 0


def test_serve_command_usage(tmp_path):
    from typer.testing import CliRunner

    from eventcoder.cli import app

    runner = CliRunner()
    help_text = runner.invoke(app, ["serve", "--help"]).output
    assert "--db" in help_text and "--token" in help_text and "EVENTCODER_WEB_TOKEN" in help_text
    missing = runner.invoke(app, ["serve", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 2 and "no database" in missing.output
    assert "--events" in runner.invoke(app, ["bench", "serve", "--help"]).output
