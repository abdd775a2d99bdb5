"""User text is data, never code or markup: not a Jinja template, not HTML, not Markdown,
not a terminal control sequence, not a spreadsheet formula, not mathtext, not a URL to fetch.

Each test names the cause it guards. The hostile strings come from issue 9.
"""

from __future__ import annotations

import csv
import io
import json
import re
import socket
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import geopandas as gpd
import jinja2
import pandas as pd
import pytest
import shapely.geometry

from sitrep.app.furniture import plain, plain_frame
from sitrep.maps.mapview import (
    LayerControl, base_map, layer_label, points_layer, rings_layer, script_json, solutions_layer, status_layer,
)  # fmt: skip
from sitrep.output import render_table, terminal_safe, to_safe_csv
from sitrep.query import Epicentre
from sitrep.report.render import hxl_csv, md_escape

JINJA = ["Camp {{ 7*7 }} marker", "{% x", "{# 3", "{{ lipsum.__globals__['os'].popen('touch PWNED').read() }}"]
MARKER = "ZQXHOSTILE"  # in every hostile string, so a compiled template holding user text is found
SCRIPT = "shelters<img src=x onerror=alert(1)>"
CLOSE = "</script><script>alert(2)</script><!--\u2028"


def hostile_layer() -> gpd.GeoDataFrame:
    """Two points whose names, column names and values are template, script and HTML."""
    return gpd.GeoDataFrame(
        {
            "name": [f"{MARKER} {JINJA[0]}", f"{MARKER} {CLOSE}"],
            f"{MARKER} {{{{ 8*8 }}}}col": [JINJA[1], JINJA[2]],
            "note": [JINJA[3], SCRIPT + " {{'map_div'}}"],
        },
        geometry=[shapely.geometry.Point(87.40, 28.55), shapely.geometry.Point(87.42, 28.56)],
        crs="EPSG:4326",
    )


HOSTILE_EPICENTRE = Epicentre(lon=87.36, lat=28.64, id=f"<img src=x onerror=alert(3)>{MARKER}{{{{ 7*7 }}}}", magnitude_type="{% x",
                              source=f"{MARKER} {{# 3")  # fmt: skip


def hostile_map(scenario):
    """The app's map with hostile data in every place user text can reach: layer names, rings, solutions."""
    spec, layers = scenario
    m = base_map(spec, layers)
    stations = layers["base_stations"]
    status_layer(stations, pd.Series(["out"] * len(stations)), None).add_to(m)
    rings_layer(HOSTILE_EPICENTRE, [0, 10, 20]).add_to(m)
    solutions_layer([HOSTILE_EPICENTRE]).add_to(m)
    points_layer(f"{MARKER}{SCRIPT}{{{{ 6*7 }}}}{{% x", hostile_layer()).add_to(m)
    LayerControl(collapsed=True).add_to(m)
    return m


# --- no user text reaches a template compiler -----------------------------------------------------


def test_the_map_renders_hostile_names_literally(scenario):
    """Guards branca's re-compilation of rendered macros: `{{ 7*7 }}` stayed 49, `{% x` crashed."""
    page = hostile_map(scenario).get_root().render()
    assert "Camp {{ 7*7 }} marker" in page
    assert "Camp 49 marker" not in page and "64col" not in page
    assert not Path("PWNED").exists()


@pytest.fixture
def compiled(monkeypatch):
    """Every template source jinja2 compiles while the test runs (Template(), from_string, loaders)."""
    sources: list[str] = []
    original = jinja2.Environment.compile

    def recording(self, source, *args, **kwargs):
        sources.append(source if isinstance(source, str) else "")
        return original(self, source, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", recording)
    return sources


def test_no_user_text_reaches_a_template_compiler_in_the_map(scenario, compiled):
    """Guards the mechanism itself: whatever the names hold, none is ever compiled by Jinja."""
    m = hostile_map(scenario)
    m.get_root().render()
    assert compiled, "the recorder saw nothing: is jinja2 still how branca compiles?"
    assert [s for s in compiled if MARKER in s] == []


def test_no_user_text_reaches_a_template_compiler_through_streamlit_folium(scenario, compiled):
    """The app's path: streamlit-folium renders the map, the dynamic groups and the layer control."""
    from streamlit_folium import _get_feature_group_string, _get_header, _get_layer_control_string, _get_map_string

    spec, layers = scenario
    m = base_map(spec, layers)
    m.get_root().render()
    m.render()
    header = _get_header(m)
    script = _get_map_string(m)
    groups = [rings_layer(HOSTILE_EPICENTRE, [0, 10]), points_layer(f"{MARKER}{SCRIPT}{{{{ 6*7 }}}}", hostile_layer())]
    dynamic = "".join(_get_feature_group_string(fg, m, i) for i, fg in enumerate(groups))
    control = _get_layer_control_string(LayerControl(collapsed=True), m)
    assert [s for s in compiled if MARKER in s] == []
    assert "Camp {{ 7*7 }} marker" in dynamic and "42" not in control
    assert "{{\\u0027map_div\\u0027}}" in dynamic  # streamlit-folium rewrites {{'name'}}: not inside user text
    assert SCRIPT not in header + script + dynamic + control
    assert "shelters\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in control  # the label, escaped once, as a JS string


def test_report_with_a_hostile_layer_file_and_event(run_cli, tmp_path):
    """`sitrep report --layer` / `--event` with template, script and HTML in file name, columns, values and id."""
    layer = tmp_path / "shelters<img src=x onerror=alert(1)>{{ 6*7 }}.csv"
    layer.write_text('name,lon,lat,{{ 8*8 }}col,note\n"Camp {{ 7*7 }} marker",87.40,28.55,"{% x","{# 3"\n', encoding="utf-8")
    doc = json.loads((Path(__file__).parent / "data" / "usgs-summary-feature.geojson").read_text())
    doc["id"] = doc["properties"]["code"] = "<img src=x onerror=alert(3)>{{ 7*7 }}"
    event = tmp_path / "event.geojson"
    event.write_text(json.dumps(doc), encoding="utf-8")
    out = tmp_path / "r.html"
    r = run_cli("report", "--as-of", "2025-01-07T16:00+08:00", "--layer", layer, "--event", event, "--out", out)
    assert r.code == 0, r.err
    srcdoc = IframeDocs.of(out.read_text(encoding="utf-8"))
    assert "Camp {{ 7*7 }} marker" in srcdoc and "Camp 49 marker" not in srcdoc and "64col" not in srcdoc
    # Leaflet inserts layer-control labels as HTML: the names arrive escaped exactly once
    stem = "shelters\\u0026lt;img src=x onerror=alert(1)\\u0026gt;\\u0026#123;\\u0026#123; 6*7 \\u0026#125;\\u0026#125;"
    assert f"{stem} (1)" in srcdoc  # the layer is named by its file's stem, then its count
    assert "Distance bands from \\u0026lt;IMG SRC=X ONERROR=ALERT(3)\\u0026gt;" in srcdoc
    assert "<img src=x" not in srcdoc.lower()


def test_bundle_with_a_hostile_layer(run_cli, tmp_path):
    """The zip bundle's report.html renders template text literally (hostile *file* names in a
    bundle are helper "robust"'s part: a GeoPackage layer name cannot hold them)."""
    import zipfile

    layer = tmp_path / "shelters.csv"
    layer.write_text('name,lon,lat\n"Camp {{ 7*7 }} marker {% x",87.40,28.55\n', encoding="utf-8")
    out = tmp_path / "b.zip"
    r = run_cli("report", "--as-of", "2025-01-07T16:00+08:00", "--layer", layer, "--out", out)
    assert r.code == 0, r.err
    with zipfile.ZipFile(out) as z:
        page = IframeDocs.of(z.read("report.html").decode("utf-8"))
    assert "Camp {{ 7*7 }} marker {% x" in page and "Camp 49" not in page


class IframeDocs(HTMLParser):
    """The documents in a page's iframe srcdoc attributes (the report's map), decoded."""

    def __init__(self):
        super().__init__()
        self.docs: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.docs += [v for k, v in attrs if k == "srcdoc" and v]

    @classmethod
    def of(cls, page: str) -> str:
        parser = cls()
        parser.feed(page)
        return "".join(parser.docs)


# --- labels and JSON that reach Leaflet --------------------------------------------------------------


@pytest.mark.parametrize("name", [SCRIPT, "&lt;img src=x onerror=alert(1)&gt;", "a & b"])
def test_layer_labels_are_escaped_exactly_once(name):
    """Guards the layer control: Leaflet sets its labels with innerHTML."""
    label = layer_label(name)
    assert "<" not in label and ">" not in label
    assert label.replace("&#123;", "{").replace("&#125;", "}").replace("&lt;", "<").replace("&gt;", ">").replace(
        "&quot;", '"').replace("&#x27;", "'").replace("&amp;", "&") == name  # fmt: skip


def test_distance_band_layer_names_and_tooltips_escape_the_event_id():
    """Guards "Distance bands from <ID>": a USGS id is text in the layer name and every tooltip."""
    fg = rings_layer(HOSTILE_EPICENTRE, [0, 10])
    assert fg.layer_name.startswith("Distance bands from &lt;IMG SRC=X ONERROR=ALERT(3)&gt;")
    (rings,) = [json.loads(child.doc) for child in fg._children.values() if type(child).__name__ == "GeoJsonLayer"]
    tooltips = [f["properties"]["_tooltip"] for f in rings["features"]]
    assert tooltips == ["10 km from &lt;IMG SRC=X ONERROR=ALERT(3)&gt;ZQXHOSTILE{{ 7*7 }}"]


def test_json_in_a_script_element_cannot_close_it():
    """Guards every JSON document embedded in <script>: no `</script`, `<!--` or raw U+2028/2029."""
    text = script_json({"name": CLOSE})
    assert "</" not in text and "<!--" not in text and "\u2028" not in text
    assert json.loads(text) == {"name": CLOSE}


def test_a_rendered_map_never_closes_its_script_early(scenario):
    page = hostile_map(scenario).get_root().render()
    script = page.split("<script>\n", 1)[1] if "<script>\n" in page else page
    assert "</script><script>alert(2)" not in page and "<!--" not in script


# --- Markdown in the app ------------------------------------------------------------------------------

MARKDOWN = [
    "Xinhua ![p](http://198.51.100.7/p.png) [OFFICIAL](http://x.example)",
    ":red[URGENT] :material/warning: :smile: $\\frac{1}{2}$",
    "<img src=http://198.51.100.7/q.png> www.evil.example a@b.example",
    "# heading",
    "- list item",
    "1. first",
    "**bold** _em_ `code` ~~strike~~ a|b",
]
#: characters that start Markdown (or Streamlit's extensions) anywhere in a line
ACTIVE = "\\`*~[]<>&$:@|"


def unescape(text: str) -> str:
    """What a reader sees of :func:`plain`'s output: escapes resolved, word joiners invisible."""
    return re.sub(r"\\(.)", r"\1", text).replace("\u2060", "")


@pytest.mark.parametrize("text", MARKDOWN)
def test_plain_makes_user_text_inert_for_streamlit_markdown(text):
    """Guards captions, alerts, subheaders and table cells: a source is shown as typed, never rendered."""
    shown = plain(text)
    assert unescape(shown) == text  # what the reader sees
    unescaped = re.sub(r"\\.", "", shown)
    assert not set(unescaped) & set(ACTIVE), shown
    assert not re.match(r"[#+\-=>]|\d+[.)]", shown)
    parsed = re.sub(r"\\(.)", r"\1", shown)  # what remark-gfm's autolink and emoji passes look at
    assert not re.search(r"(?i)https?://|www\.|\w@\w|:[\w+-]+:", parsed), shown


def test_plain_leaves_ordinary_text_alone():
    assert plain("Dingri (Tingri) earthquake, 7 January 2025") == "Dingri (Tingri) earthquake, 7 January 2025"
    assert plain("base_stations 定日县 12,345") == "base_stations 定日县 12,345"
    assert plain("two\nlines\r\n") == "two lines"


def test_plain_frame_covers_index_headers_and_text_cells():
    frame = pd.DataFrame({"[x](http://e)": ["![p](http://198.51.100.7/p.png)"], "n": [1]}, index=[":red[a]"])
    shown = plain_frame(frame, ["[x](http://e)"])
    assert list(shown.columns) == ["\\[x\\](http\\:\u2060//e)", "n"]
    assert list(shown.index) == ["\\:\u2060red\\[a\\]"]
    assert shown.iloc[0, 0] == "!\\[p\\](http\\:\u2060//198.51.100.7/p.png)" and shown.iloc[0, 1] == 1


def test_the_app_shows_a_hostile_source_and_scope_as_text():
    """A record whose source is an image and a link: every element showing it has it inert."""
    from streamlit.testing.v1 import AppTest

    from sitrep.records import validate_record
    from sitrep.store import open_store

    source = MARKER + " " + MARKDOWN[0] + " :red[x] $\\frac{1}{2}$"
    open_store().append([validate_record({"metric": "deaths", "value": "7", "scope": "Dingri county", "source": source,
                                          "observed_at": "2025-01-07T20:00+08:00", "note": "<img src=x onerror=alert(1)>"})])  # fmt: skip
    root = Path(__file__).resolve().parents[1]
    at = AppTest.from_file(str(root / "app.py"), default_timeout=90).run()
    at = at.slider(key="as_of").set_value(datetime(2025, 1, 7, 21, 0)).run()
    assert not at.exception
    shown = [c.value for c in at.caption if MARKER in c.value]
    shown += [str(v) for t in at.table for v in t.value.to_numpy().ravel() if MARKER in str(v)]
    assert len(shown) >= 2  # the deaths card and the table of figures
    for text in shown:  # (the card's source line, its "Sources disagree" line since issue 13, the table's cell)
        assert not set(re.sub(r"\\.", "", text)) & set("[]<>$:"), text
        assert source in unescape(text)
    assert any(unescape(text).split(" · ")[0] == source for text in shown)


# --- terminals -----------------------------------------------------------------------------------------

CONTROL = "Xinhua\x1b[2J\x1b]0;owned\x07 \r\nforged line\t\u202egnp.exe\x9b31m\x7f"


def test_terminal_safe_shows_control_characters_as_escapes():
    """Guards every print of user text: ESC, CR, LF, tab, C1, DEL and bidi overrides are shown, not obeyed."""
    shown = terminal_safe(CONTROL)
    assert shown == "Xinhua\\x1b[2J\\x1b]0;owned\\x07 \\r\\nforged line\\t\\u202egnp.exe\\x9b31m\\x7f"
    assert all(ch.isprintable() for ch in shown)
    assert terminal_safe("定日县 Dingri (Tingri)") == "定日县 Dingri (Tingri)"


def test_tables_escape_control_characters_in_cells_and_headers():
    text = render_table(pd.DataFrame({"source\x1b[1m": [CONTROL]}))
    assert "\x1b" not in text and "\u202e" not in text and text.count("\n") == 3


def test_timeline_and_ingest_print_no_control_characters(run_cli):
    """`sitrep timeline` printed ESC sequences raw; the ingest confirmation too.

    Since the review of issue 9 ingest refuses a source with control characters (its error
    names the character, never prints it); a store holding one (written before, or by other
    means) is still printed safely.
    """
    from sitrep.records import Record
    from sitrep.store import open_store

    r = run_cli("ingest", "--metric", "deaths", "--value", "7", "--scope", "Dingri county", "--source", CONTROL,
                "--observed-at", "2025-01-07T20:00+08:00")  # fmt: skip
    assert r.code == 2 and "field 'source': contains an invisible or control character U+001B" in r.err
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", r.err)
    open_store().append([Record("deaths", 7.0, "people", "Dingri county", pd.Timestamp("2025-01-07T12:00Z"), CONTROL)])
    r2 = run_cli("timeline", "--as-of", "2025-01-07T21:00+08:00", "--metric", "deaths")
    for out in (r2.out,):
        assert "Xinhua\\x1b[2J" in out
        assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", out)
    assert "forged line" not in r2.out.splitlines()[-1]


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_timeline_csv_and_json_to_a_terminal_carry_no_raw_control_characters(run_cli, monkeypatch, fmt):
    """`sitrep timeline --format csv` printed a source's ESC sequences raw to a terminal (exact to a pipe)."""
    import sys

    from sitrep.records import Record
    from sitrep.store import open_store

    # ingest refuses such a source now; a store may still hold one (written before, or by other means)
    open_store().append([Record("deaths", 7.0, "people", "Dingri county", pd.Timestamp("2025-01-07T12:00Z"), CONTROL)])
    piped = run_cli("timeline", "--as-of", "2025-01-07T21:00+08:00", "--metric", "deaths", "--format", fmt)
    assert "\u202e" in piped.out  # a file or pipe gets the exact text
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    shown = run_cli("timeline", "--as-of", "2025-01-07T21:00+08:00", "--metric", "deaths", "--format", fmt)
    assert shown.code == 0 and not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", shown.out)
    if fmt == "json":
        assert json.loads(shown.out) == json.loads(piped.out)


def test_error_lines_quoting_user_values_are_terminal_safe(run_cli, tmp_path):
    r = run_cli("check", str(tmp_path / "evil\x1b[31m\u202e.csv"), "--kind", "villages")
    assert r.code == 2
    assert r.err.startswith("sitrep: error:") and r.err.count("\n") == 1
    assert "\x1b" not in r.err and "\u202e" not in r.err


# --- CSV headers, Markdown report, PDF, figures --------------------------------------------------------


def test_csv_headers_are_neutralised_like_cells():
    """Guards column names from a user's layer: a header cell is a spreadsheet cell too."""
    text = to_safe_csv(pd.DataFrame({"=HYPERLINK(\"http://x\")": ["=1+1"], "+cmd": [2], "ok": [3]}))
    header, row = list(csv.reader(io.StringIO(text)))
    assert header == ["'=HYPERLINK(\"http://x\")", "'+cmd", "ok"] and row == ["'=1+1", "2", "3"]
    rows = list(csv.reader(io.StringIO(hxl_csv(pd.DataFrame({"@SUM(A1)": ["-2+3"], "name": ["x"]})))))
    assert rows[0] == ["'@SUM(A1)", "name"] and rows[1] == ["", "#loc+name"] and rows[2] == ["'-2+3", "x"]


@pytest.mark.parametrize("text", ["![p](http://198.51.100.7/p.png)", "<img src=http://198.51.100.7/q.png>", "$\\frac{1}{2}$ ~~x~~"])
def test_markdown_report_text_is_inert(text):
    shown = md_escape(text)
    assert "![" not in shown and "<img" not in shown and not re.search(r"(?<!\\)[$~\[]", shown)


AUTOLINKS = ["[OFFICIAL](http://198.51.100.7/)", "www.evil.example", "evil@evil.example", "mailto:a@b.example https://x.example"]


@pytest.mark.parametrize("text", AUTOLINKS)
def test_markdown_report_text_makes_no_autolink(text):
    """md_escape left bare URLs, www. names and e-mail addresses that GFM renderers turn into links
    after backslash escapes are resolved; a word joiner now breaks them, as the app's plain() does."""
    shown = md_escape(text)
    parsed = re.sub(r"\\(.)", r"\1", shown)  # what a GFM autolink pass looks at
    assert not re.search(r"(?i)https?://|www\.|\w@\w|mailto:\w", parsed), shown
    assert parsed.replace("\u2060", "") == text  # the reader sees the text as typed
    assert md_escape(text).count("\u2060") == plain(text).count("\u2060")  # one rule for the app and the report


def test_pdf_fetches_nothing_from_the_network(monkeypatch):
    """Guards WeasyPrint's default fetcher: an <img src=http://...> in the page is never requested."""
    import sitrep.report.render as render

    attempts: list[object] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(render, "render_html", lambda *a, **k: '<p>x<img src="http://198.51.100.7/p.png"><img src="file:///etc/passwd"></p>')
    pdf = render.render_pdf(None, None, None)
    assert pdf.startswith(b"%PDF") and attempts == []


def test_figures_draw_dollar_signs_literally(scenario):
    """Guards matplotlib's mathtext: `$\\frac{` in a name crashed the PNG."""
    from sitrep.report.figures import map_png
    from sitrep.snapshot import build_snapshot
    from sitrep.store import open_store

    spec, layers = scenario
    store = open_store()
    snap = build_snapshot(spec, layers, store.records(), store.station_events(), as_of_time=pd.Timestamp("2025-01-07T16:00+08:00"),
                          solution=Epicentre(lon=87.36, lat=28.64, id="$\\frac{$", source="$x^$"), edges_km=(0, 10, 20))  # fmt: skip
    assert map_png(snap).startswith(b"\x89PNG")
