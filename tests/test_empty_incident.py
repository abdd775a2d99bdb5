"""A new incident has only its epicentre: nothing assumes an exposure layer.

``sitrep incident new`` makes an incident with just its ``epicentres`` layer. Until
``sitrep incident add`` gives it villages or stations, `sitrep bands` says so in one line
(exit 2) unless ``--layer`` names a file, the report shows a sentence instead of the band
table, and the app a note. Each test makes its incident in the private SITREP_HOME
(conftest) with the CLI, under a name of its own (the app caches incidents by name).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from sitrep.present import band_grid
from sitrep.query import Epicentre, band_rows, feature_rows

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
NEW = ("--epicentre=-42.69,173.02", "--time", "2016-11-13T11:02:56Z", "--magnitude", "7.8", "--tz", "Pacific/Auckland")


def new_incident(run_cli, name: str) -> None:
    r = run_cli("incident", "new", name, *NEW)
    assert r.code == 0, r.err


def with_far_villages(run_cli, name: str) -> None:
    """``name`` with a villages layer whose features all lie far outside its bands (Nepal, for a New Zealand event)."""
    new_incident(run_cli, name)
    r = run_cli("incident", "add", name, DATA / "nepal-villages.csv", "--kind", "villages", "--provenance", "reported", "--source", "test")
    assert r.code == 0, r.err


# --- the computations --------------------------------------------------------------------------


def test_no_layer_gives_band_rows_with_their_columns_and_an_empty_grid():
    """band_rows([]) was a frame without columns: band_grid failed with KeyError 'layer'."""
    rows = band_rows([], (0, 10, 20, 50), epicentre=Epicentre(lon=173.02, lat=-42.69, id="e"))
    assert rows.empty and {"layer", "band", "lower_km", "upper_km", "count", "coverage"} <= set(rows.columns)
    grid = band_grid(rows, (0, 10, 20, 50))
    assert grid.empty and list(grid.columns) == ["0-10 km", "10-20 km", "20-50 km", "50+ km"]
    assert band_grid(pd.DataFrame(), (0, 10)).empty


def test_no_layer_gives_no_features():
    """feature_rows([]) failed with "No objects to concatenate"."""
    features = feature_rows([], (0, 10), epicentre=Epicentre(lon=173.02, lat=-42.69, id="e"))
    assert features.empty and {"layer", "distance_km", "band"} <= set(features.columns) and features.crs == "EPSG:4326"


# --- sitrep bands ------------------------------------------------------------------------------


@pytest.mark.parametrize("extra", [(), ("--compare",), ("--features",), ("--format", "json")])
def test_bands_of_an_incident_without_layers_says_how_to_add_one(run_cli, extra):
    """Was: internal error KeyError 'band' (or another internal error with --compare / --features)."""
    new_incident(run_cli, "kaikoura")
    r = run_cli("bands", "--incident", "kaikoura", *extra)
    assert r.code == 2 and r.out == ""
    assert r.err == ("sitrep: error: incident 'kaikoura' has no layers to count yet; add one with "
                     "`sitrep incident add kaikoura FILE --kind villages`, or name a file with --layer FILE\n")  # fmt: skip


@pytest.mark.parametrize("extra", [(), ("--compare",), ("--features",)])
def test_bands_of_an_incident_without_layers_counts_a_layer_file(run_cli, extra):
    new_incident(run_cli, "kaikoura")
    r = run_cli("bands", "--incident", "kaikoura", "--layer", DATA / "nepal-villages.csv", *extra)
    assert r.code == 0, r.err
    assert "nepal-villages" in r.out and "internal error" not in r.err


def test_bands_of_a_layer_with_no_feature_within_the_bands(run_cli):
    """Every village lies in the open last band: the inner bands are shown, not a crash or a blank."""
    with_far_villages(run_cli, "kaikoura")
    r = run_cli("bands", "--incident", "kaikoura")
    assert r.code == 0, r.err
    assert "villages  0-10 km" in r.out and "villages  50+ km" in r.out


# --- sitrep report -----------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["html", "md"])
def test_the_report_of_an_incident_without_layers_has_a_sentence_for_the_bands(run_cli, tmp_path, suffix):
    """Was: internal error KeyError 'layer' in band_grid."""
    new_incident(run_cli, "kaikoura")
    out = tmp_path / f"t.{suffix}"
    r = run_cli("report", "--incident", "kaikoura", "--as-of", "2016-11-14T00:00Z", "--out", out)
    assert r.code == 0, r.err
    text = out.read_text(encoding="utf-8")
    assert "Nothing to count yet: this incident has no exposure layer" in text
    assert "sitrep incident add kaikoura FILE --kind villages" in text
    assert "<th>layer</th>" not in text and "| layer |" not in text  # no empty table
    assert "the band reaches beyond" not in text and "beyond the layer's coverage" not in text  # nor its footnote


def test_the_report_of_a_layer_with_no_feature_within_the_bands_has_its_table(run_cli, tmp_path):
    with_far_villages(run_cli, "kaikoura")
    out = tmp_path / "t.md"
    assert run_cli("report", "--incident", "kaikoura", "--as-of", "2016-11-14T00:00Z", "--out", out).code == 0
    text = out.read_text(encoding="utf-8")
    assert "| layer | 0-10 km |" in text and "Nothing to count yet" not in text


# --- the app -----------------------------------------------------------------------------------

PAGES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "sitrep" / "app" / "pages").glob("*.py") if p.name != "__init__.py")


def open_app(page: str, name: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / page), default_timeout=90)
    at.query_params["incident"] = name
    return at.run()


def test_the_app_shows_a_note_instead_of_the_band_table(run_cli):
    """Was: a KeyError on the situation page at ?incident=NAME of a new incident."""
    new_incident(run_cli, "kaikoura-app")
    at = open_app("app.py", "kaikoura-app")
    assert not at.exception
    assert at.selectbox(key="incident_choice").value == "kaikoura-app"
    note = " ".join(i.value for i in at.info)
    assert "Nothing to count yet" in note and "incident add kaikoura-app FILE --kind villages" in note
    assert not any(t.value.columns.tolist()[:1] == ["0-10 km"] for t in at.table)
    # issue 13: the map shows the model's shaking, so the page does not say there is none; no stray "·" before the subtitle
    captions = [c.value for c in at.caption]
    assert any(c.startswith("No impact estimate: the incident has no exposure layer") for c in captions)
    assert not any(c.startswith("No shaking estimate") for c in captions)
    assert not any(c.startswith(" ·") or c.startswith("·") for c in captions)
    # review: no empty "Illustrative data." warning, no "0 of 0 base stations"
    assert not any("Illustrative data" in w.value for w in at.warning)
    assert next(m.value for m in at.metric if m.label.startswith("Stations out")) == "—"
    assert "no base-station layer in this incident" in captions and not any("of 0 base stations" in c for c in captions)


def test_the_app_shows_the_band_table_of_a_layer_with_no_feature_within_the_bands(run_cli):
    with_far_villages(run_cli, "kaikoura-far")
    at = open_app("app.py", "kaikoura-far")
    assert not at.exception
    grid = next(t.value for t in at.table if "50+ km" in t.value.columns)
    assert grid.loc[grid.index[0], "0-10 km"] == "no data" and "Nothing to count yet" not in " ".join(i.value for i in at.info)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_for_an_incident_without_layers(run_cli, page):
    new_incident(run_cli, "kaikoura-pages")
    at = open_app(page, "kaikoura-pages")
    assert not at.exception, at.exception
