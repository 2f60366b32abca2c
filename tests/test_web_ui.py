"""The web app in a real browser: `eventcoder serve` in its own process on a free loopback port,
driven by Debian's headless chromium through Playwright.

Filter, brush the timeline, open an event, see the highlighted evidence, correct a field, reload
and see the correction kept; screenshots of the map and the event page go to test-artifacts/.
Without chromium the tests skip locally and fail in CI (CI installs it: .ci/run).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import ROOT
from eventcoder.bench.serve_load import served as serve_process
from web_store import XSS, event_with_doc, fill_store

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
ARTIFACTS = ROOT / "test-artifacts"
LOOPBACK = {"127.0.0.1", "localhost"}


def need_browser() -> None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problem = "the playwright package is not installed (pip install -e '.[test]')"
    else:
        problem = None if CHROMIUM.exists() else f"{CHROMIUM} is absent (apt-get install chromium)"
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests cannot run in CI: {problem}")
        pytest.skip(problem)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A real server over a real store: (base URL, store)."""
    need_browser()
    db = tmp_path_factory.mktemp("web") / "ui.db"
    store = fill_store(db)
    try:
        with serve_process(db) as base:
            yield base, store
    finally:
        store.close()


@pytest.fixture(scope="module")
def browser(served):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh browser tab that may talk to this machine only, and records CSP violations and dialogs."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    context.route("**/*", lambda route: route.continue_() if urlsplit(route.request.url).hostname in LOOPBACK else route.abort())
    page = context.new_page()
    page.problems = []
    page.on("console", lambda msg: page.problems.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    page.on("dialog", lambda dialog: (page.problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    yield page
    context.close()


def open_home(page, base: str, query: str = "") -> None:
    page.goto(f"{base}/{query}")
    page.wait_for_selector("#map[data-features]")
    page.wait_for_selector("#timeline svg")


def test_map_shows_markers_offline_and_filters_keep_in_the_url(served, page):
    base, _ = served
    open_home(page, base)
    assert page.get_attribute("#map", "data-features") == "3"
    assert page.locator("#map path.leaflet-interactive").count() == 3  # two points and one region area
    assert page.locator("#timeline svg rect").count() >= 3
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#map").screenshot(path=str(ARTIFACTS / "web-map.png"))
    page.screenshot(path=str(ARTIFACTS / "web-home.png"), full_page=True)

    page.select_option("select[name=country]", "ML")
    page.click("#apply-filters")
    page.wait_for_selector("#map[data-features]")
    assert "country=ML" in page.url
    assert page.locator("a.event-link").count() == 1
    assert page.get_attribute("#map", "data-features") == "1"
    page.reload()  # the URL alone restores the view
    page.wait_for_selector("#map[data-features]")
    assert page.input_value("select[name=country]") == "ML" and page.locator("a.event-link").count() == 1
    assert page.problems == []


def test_hover_names_a_marker_and_a_click_opens_its_event(served, page):
    base, _ = served
    open_home(page, base, "?country=ML")
    marker = page.locator("#map path.leaflet-interactive")
    marker.hover()
    assert "Armed clash in Gao" in page.inner_text(".leaflet-tooltip")
    marker.click()
    page.wait_for_selector("#event-title")
    assert "Armed clash in Gao" in page.inner_text("#event-title")
    assert page.problems == []


def test_brushing_the_timeline_filters_map_and_list(served, page):
    base, _ = served
    open_home(page, base)
    box = page.locator("#timeline svg").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 20, y)  # the first bars: the Kabul shooting (20 Feb) and a little more
    page.mouse.down()
    page.mouse.move(box["x"] + 60, y, steps=5)
    page.mouse.up()
    page.wait_for_url("**since=2024-02-20**")
    page.wait_for_selector("#map[data-features]")
    assert "until=" in page.url
    places = page.locator("a.event-link").all_inner_texts()
    assert places == ["Kabul"]
    assert page.get_attribute("#map", "data-features") == "1"
    assert page.problems == []


def test_open_event_see_evidence_correct_and_reload(served, page):
    base, store = served
    open_home(page, base, "?country=ML")
    page.click("a.event-link")
    page.wait_for_selector("#event-title")
    assert "Armed clash in Gao" in page.inner_text("#event-title")
    marks = page.locator(".source mark.evidence").all_inner_texts()
    assert {"attacked", "four officers", "stormed", "five police officers"} <= set(marks)
    shown = page.locator(".source .article-text").all_inner_texts() + page.locator(".source-title").all_inner_texts()
    assert sum(XSS in text for text in shown) == 2  # in the article text and in its title, shown as text
    assert not page.evaluate("[...document.scripts].some(s => s.textContent.includes('xss'))")
    page.screenshot(path=str(ARTIFACTS / "web-event.png"), full_page=True)

    page.fill("#who", "Ana Analyst")
    page.select_option("#correct-field", "fatalities.best")
    page.fill("#correct-value", "9")
    page.click("#correct-submit")
    page.wait_for_selector("#done")
    page.reload()
    assert page.inner_text('td[data-field="fatalities.best"]') == "9"
    assert "Ana Analyst" in page.inner_text("#audit")
    assert page.input_value("#who") == "Ana Analyst"  # remembered for the next change
    assert event_with_doc(store, "web-gao-1").fatalities.best == 9  # stored, not just shown
    assert page.problems == []


def test_mark_wrong_from_the_event_page(served, page):
    base, store = served
    kabul = event_with_doc(store, "web-kabul-1")
    page.goto(f"{base}/events/{kabul.id}")
    page.fill("#who", "Ben Reviewer")
    page.click("#wrong-submit")
    page.wait_for_selector("#wrong-badge")
    assert "mark_wrong" in page.inner_text("#audit") and "Ben Reviewer" in page.inner_text("#audit")
    open_home(page, base)
    assert "Kabul" not in page.locator("a.event-link").all_inner_texts()
    assert page.problems == []
