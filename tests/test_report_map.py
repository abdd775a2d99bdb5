"""Issue 13: the PDF's static map shows the whole county (its western half was cut off), with the
national border, a scale bar, a north arrow, the legend outside the data, the user's layers and
the title inside the frame, in the palette the app's map uses."""

from __future__ import annotations

import io

import geopandas as gpd
import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex
from PIL import Image
from shapely.geometry import Point

from sitrep.palette import POINT_COLOURS, STATUS_COLOURS, USER_LAYER_COLOUR, epicentre_style
from sitrep.query import Epicentre
from sitrep.report.figures import map_extent, map_figure
from sitrep.snapshot import build_snapshot
from sitrep.store import open_store

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def snap(scenario, tmp_path_factory):
    spec, layers = scenario
    store = open_store(str(tmp_path_factory.mktemp("map") / "t.sqlite"))
    shelters = gpd.GeoDataFrame({"name": ["Camp {{7*7}} <b>"]}, geometry=[Point(87.40, 28.55)], crs="EPSG:4326")
    return build_snapshot(spec, layers, store.records(), store.station_events(), as_of_time=pd.Timestamp("2025-01-07T16:00+08:00"),
                          solution=Epicentre.from_frame(layers["epicentres"], "cenc"), edges_km=(0, 10, 20, 50),
                          extra_layers={"shelters <img src=x>": shelters})  # fmt: skip


@pytest.fixture(scope="module")
def drawn(snap):
    fig = map_figure(snap)
    fig.canvas.draw()
    yield fig, fig.axes[0]
    matplotlib.pyplot.close(fig)


def test_the_frame_holds_the_whole_county_and_the_outer_ring(snap, drawn):
    """Today's frame was the 50 km ring x 1.25 around the epicentre: the county's west (86.14°E) was cut at 86.8°E."""
    west, south, east, north = snap.features["county"].total_bounds
    x0, x1 = drawn[1].get_xlim()
    y0, y1 = drawn[1].get_ylim()
    assert x0 < west and x1 > east and y0 < south and y1 > north
    e_west, e_east, e_south, e_north = map_extent(snap)
    assert e_west < west < east < e_east and e_south < south < north < e_north
    ring_west = 87.45 - 50 / (111.32 * np.cos(np.radians(28.5)))  # the 50 km ring's western point
    assert x0 < ring_west


def test_something_is_drawn_at_the_county_s_western_edge(snap, drawn):
    """The rendered PNG has ink where the county's westernmost vertex falls (not a blank margin)."""
    fig, ax = drawn
    county = snap.features["county"].geometry.iloc[0]
    coords = np.array(county.exterior.coords if county.geom_type == "Polygon" else max(county.geoms, key=lambda g: g.area).exterior.coords)
    lon, lat = coords[coords[:, 0].argmin()]
    px, py = ax.transData.transform((lon, lat))
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=fig.dpi)  # no tight box: pixels match the transform
    grey = np.asarray(Image.open(buf).convert("L"))
    row = grey.shape[0] - int(round(py))
    col = int(round(px))
    patch = grey[row - 3 : row + 4, col - 3 : col + 4]
    assert patch.size and patch.min() < 160  # the county line (dark grey) is drawn there
    assert col > 0.03 * grey.shape[1]  # and inside the frame, not at the figure's edge


def test_legend_below_the_frame_with_border_scale_bar_and_north_arrow(drawn):
    fig, ax = drawn
    legend = ax.get_legend()
    labels = [t.get_text() for t in legend.get_texts()]
    assert "National border" in labels and "Dingri county boundary" in labels
    renderer = fig.canvas.get_renderer()
    assert legend.get_window_extent(renderer).y1 <= ax.get_window_extent(renderer).y0  # outside the data, below it
    texts = [t.get_text() for t in ax.texts]
    assert "N" in texts and any(t.endswith(" km") for t in texts) and "0" in texts  # north arrow, scale bar
    title = next(t for t in ax.texts if t.get_text().startswith("Dingri (Tingri) earthquake"))
    assert title.get_transform() == ax.transAxes and 0 < title.get_position()[1] <= 1  # inside the frame
    assert "As of 2025-01-07 16:00 UTC+8" in title.get_text()


def test_the_user_layer_and_the_solutions_are_drawn_in_the_palette(drawn):
    fig, ax = drawn
    labels = {t.get_text(): h for t, h in zip(ax.get_legend().get_texts(), ax.get_legend().legend_handles)}
    user = next(k for k in labels if k.startswith("shelters <img src=x>"))
    assert to_hex(labels[user].get_color()) == USER_LAYER_COLOUR.lower()
    cenc = next(k for k in labels if k.startswith("CENC Ms 6.8"))
    assert "bands measured from here" in cenc
    style = epicentre_style(0)
    assert labels[cenc].get_marker() == "*" and to_hex(labels[cenc].get_color()) == style.fill.lower()
    assert labels[next(k for k in labels if k.startswith("USGS"))].get_marker() == "D"
    colours = {k: to_hex(h.get_color()) for k, h in labels.items() if hasattr(h, "get_color")}
    assert colours["Village (size ~ population)"] == POINT_COLOURS["villages"].lower()
    out = next(k for k in labels if k.startswith("Base station out"))
    assert colours[out] == STATUS_COLOURS["out"].lower() != style.fill.lower()


def test_hostile_layer_names_are_drawn_as_text(drawn):
    """No mathtext, no TeX: a name is drawn as written."""
    fig, ax = drawn
    assert matplotlib.rcParams["text.usetex"] is False
    assert any("shelters <img src=x>" in t.get_text() for t in ax.get_legend().get_texts())


def test_the_timeline_axes_are_dated(snap, monkeypatch):
    """Issue 13: time axes read "01-07 18:00" (no month name, no year); now "07 Jan 18:00" with the year in the axis title."""
    import re

    from sitrep.report import figures

    drawn = []
    monkeypatch.setattr(figures, "_png", lambda fig: drawn.append(fig) or b"")
    figures.timeline_png(snap)
    fig = drawn[0]
    fig.canvas.draw()
    for ax in fig.axes:
        labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
        assert labels and all(re.fullmatch(r"\d\d [A-Z][a-z]{2} \d\d:\d\d", t) for t in labels), labels
        assert ax.get_xlabel() == "time (UTC+8), 2025"
    matplotlib.pyplot.close(fig)


def test_the_rings_are_labelled_without_hiding_a_township_name(drawn):
    """Each ring carries its distance; on the print map no label covers a township seat's name (Cuoguo's was hidden at 45°)."""
    fig, ax = drawn
    renderer = fig.canvas.get_renderer()
    from matplotlib.text import Annotation

    rings = [t for t in ax.texts if isinstance(t, Annotation) and t.get_text() in ("10 km", "20 km", "50 km")]  # not the scale bar's
    assert sorted(t.get_text() for t in rings) == ["10 km", "20 km", "50 km"]
    names = [t for t in ax.texts if "乡" in t.get_text() or "镇" in t.get_text()]
    assert len(names) >= 10
    for ring in rings:
        box = ring.get_window_extent(renderer)
        assert not [n.get_text() for n in names if box.overlaps(n.get_window_extent(renderer))], ring.get_text()
