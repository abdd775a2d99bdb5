"""A hostile user's text, in real Chromium: shown as text, never run, never fetched, never a crash.

The app runs with a timeline store that already holds a hostile record (an image and a
link in its source, script in its note, a template in its scope); the tests upload
files whose names, columns and values are script and Jinja, and open a report made
from such a file. Fixtures and helpers come from tests/test_browser.py.
"""

from __future__ import annotations

import json
import time

import pytest

from tests.test_browser import ROOT, browser, map_frame, page, streamlit_server, the_map, upload  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

PIXEL = "198.51.100.7"
SOURCE = f"Xinhua ![p](http://{PIXEL}/p.png) [OFFICIAL](http://x.example) :red[URGENT] $x$"
NOTE = "<img src=x onerror=alert('note')>"
SCOPE = "Dingri county"
TEMPLATE_SCOPE = "Camp {{ 7*7 }} {% x {# 3"
FILE_NAME = "shelters<img src=x onerror=alert('file')>{{ 7*7 }}.csv"
LAYER_NAME = FILE_NAME.removesuffix(".csv")  # a file's layer is named by its stem
#: A timeline note (issue 13) with template, HTML, image and link syntax, over two lines.
NOTE_TEXT = f"Needs {{{{7*7}}}} <img src=x onerror=alert('notes')>\n![n](http://{PIXEL}/n.png) [OFFICIAL](http://x.example)"


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    """`streamlit run app.py` on a store holding hostile records."""
    from sitrep.records import validate_record
    from sitrep.store import open_store

    folder = tmp_path_factory.mktemp("hostile")
    db = folder / "timeline.sqlite"
    store = open_store(str(db))
    store.append([
        validate_record({"metric": "missing", "value": "7", "scope": SCOPE, "source": SOURCE, "note": NOTE,
                         "observed_at": "2025-01-07T18:59+08:00"}),
        validate_record({"metric": "injured", "value": "8", "scope": TEMPLATE_SCOPE, "source": "{{ 6*7 }} {% y",
                         "observed_at": "2025-01-07T18:58+08:00"}),
    ])  # fmt: skip
    from sitrep.records import validate_note

    store.add_notes([validate_note({"section": "needs", "text": NOTE_TEXT, "source": SOURCE, "observed_at": "2025-01-07T18:57+08:00"})])
    with streamlit_server("app.py", folder, {"SITREP_DB": str(db)}) as url:
        yield url


@pytest.fixture
def dialogs(page):  # noqa: F811
    """Every alert/confirm/prompt any frame of the page opens (script that ran)."""
    seen: list[str] = []
    page.on("dialog", lambda d: (seen.append(d.message), d.dismiss()))
    return seen


def no_harm(page, dialogs) -> None:  # noqa: F811
    content = page.content()
    assert dialogs == []
    assert [u for u in page.blocked if PIXEL in u or "x.example" in u] == []
    assert "TemplateSyntaxError" not in content and "Traceback" not in content
    assert page.locator(f"img[src*='{PIXEL}'], a[href*='x.example']").count() == 0


def test_a_hostile_source_and_note_show_as_text(hostile_app, page, dialogs):  # noqa: F811
    page.goto(hostile_app)
    the_map(page)
    caption = page.locator("[data-testid=stCaptionContainer]").filter(has_text="Xinhua ![p]")
    caption.first.wait_for(timeout=30_000)  # the Missing card's caption
    assert caption.first.inner_text().replace("\u2060", "").startswith(SOURCE + " · ")  # literally (word joiners are invisible)
    page.get_by_text("All figures as of this time, with sources").click()
    page.locator("table").get_by_text(TEMPLATE_SCOPE, exact=True).wait_for(timeout=30_000)
    page.locator("table").get_by_text("{{ 6*7 }} {% y", exact=True).wait_for(timeout=30_000)
    no_harm(page, dialogs)


def test_a_hostile_timeline_note_shows_as_text(hostile_app, page, dialogs):  # noqa: F811
    """Issue 13's notes: a note's template, HTML, image and link stay the characters typed, line by line."""
    page.goto(hostile_app)
    the_map(page)
    page.get_by_text("Notes: response, needs, gaps").click()
    first, second = NOTE_TEXT.split("\n")
    shown = page.locator("[data-testid=stMarkdownContainer]").filter(has_text="Needs {{7*7}} <img src=x onerror=alert('notes')>")
    shown.first.wait_for(timeout=30_000)
    text = shown.first.inner_text().replace("\u2060", "")
    assert first in text and second in text and text.index(first) < text.index(second)
    no_harm(page, dialogs)


def test_a_hostile_upload_name_columns_and_values_show_as_text(hostile_app, page, dialogs, tmp_path):  # noqa: F811
    path = tmp_path / FILE_NAME
    path.write_text('name,lon,lat,{% x\n"Camp {{ 7*7 }} marker",87.40,28.55,{# 3\n', encoding="utf-8")
    upload(page, hostile_app, path)
    page.get_by_text(f"{FILE_NAME}: 1 features added").wait_for(timeout=30_000)
    page.locator("table").get_by_text(LAYER_NAME, exact=True).wait_for(timeout=30_000)  # band table row
    frame = page.frame_locator("iframe[title*='st_folium']")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and "Camp {{ 7*7 }} marker" not in map_frame(page).content():
        time.sleep(0.25)
    frame.locator(".leaflet-control-layers").hover()
    frame.get_by_text(f"{LAYER_NAME} (1)").wait_for(timeout=10_000)  # the layer control's label
    no_harm(page, dialogs)


def test_a_hostile_usgs_event_id_shows_as_text(hostile_app, page, dialogs, tmp_path):  # noqa: F811
    from .conftest import DATA

    doc = json.loads((DATA / "usgs-summary-feature.geojson").read_text())
    doc["id"] = doc["properties"]["code"] = "<img src=x onerror=alert('id')>{{ 7*7 }}"
    path = tmp_path / "event.geojson"
    path.write_text(json.dumps(doc), encoding="utf-8")
    upload(page, hostile_app, path)
    page.get_by_text("event.geojson: 1 epicentre solution(s) added").wait_for(timeout=30_000)
    page.get_by_text("<IMG SRC=X ONERROR=ALERT('ID')>{{ 7*7 }} · mww 7.1").click()
    page.get_by_text("Distance bands from <IMG SRC=X ONERROR=ALERT('ID')>{{ 7*7 }}").first.wait_for(timeout=30_000)
    frame = page.frame_locator("iframe[title*='st_folium']")
    frame.locator(".leaflet-control-layers").hover()
    frame.get_by_text("Distance bands from <IMG SRC=X ONERROR=ALERT('ID')>{{ 7*7 }}").wait_for(timeout=10_000)
    no_harm(page, dialogs)


def test_a_report_with_a_hostile_layer_opens_without_running_anything(page, dialogs, tmp_path):  # noqa: F811
    """`sitrep report --layer 'shelters<img ...>.csv'` ran script when the report was opened."""
    from sitrep.cli import main

    layer = tmp_path / FILE_NAME
    layer.write_text('name,lon,lat,note\n"Camp {{ 7*7 }} marker",87.40,28.55,"<img src=x onerror=alert(\'v\')>"\n', encoding="utf-8")
    out = tmp_path / "r.html"
    assert main(["report", "--as-of", "2025-01-07T16:00+08:00", "--layer", str(layer), "--out", str(out)]) == 0
    page.set_content(out.read_text(encoding="utf-8"))
    frame = page.frame_locator("iframe.map")
    frame.locator(".leaflet-control-layers").hover(timeout=30_000)
    frame.get_by_text(f"{LAYER_NAME} (1)").wait_for(timeout=10_000)
    time.sleep(0.5)  # an onerror handler fires as soon as the broken image is inserted
    assert dialogs == []
    assert [u for u in page.blocked if PIXEL in u] == []
