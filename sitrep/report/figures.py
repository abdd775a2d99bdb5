"""Static figures for reports (PDF, Markdown): the map and the timeline chart, as PNG bytes.

Drawn with matplotlib's Agg backend from the same layers the app shows - offline, no
tiles. Chinese labels use a Noto CJK font when one is installed (``make setup`` installs
``fonts-noto-cjk``); otherwise only romanised names are drawn. Text is literal: mathtext
and TeX are off, so a ``$`` in a name is a dollar sign, never a formula.
"""

from __future__ import annotations

import io
import textwrap
from functools import cache

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402
import geopandas as gpd  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from ..bands import ring_polygon  # noqa: E402
from ..intensity.contours import MMI_SHAKING, filled_contours  # noqa: E402
from ..intensity.field import MMIField  # noqa: E402
from ..intensity.tables import field_source_text  # noqa: E402
from ..palette import LINE_STYLES, MPL_MARKERS, POINT_COLOURS, STATUS_COLOURS, STATUS_OUTLINE, USER_LAYER_COLOUR, epicentre_style  # noqa: E402
from ..snapshot import Snapshot  # noqa: E402
from ..clock import zone_label  # noqa: E402

__all__ = ["map_png", "map_figure", "map_extent", "timeline_png", "timeline_span", "cjk_font"]


@cache
def cjk_font() -> str | None:
    """Name of an installed Noto CJK font (Sans preferred), or None."""
    names = {f.name for f in font_manager.fontManager.ttflist}
    for name in ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Serif CJK SC", "Noto Serif CJK JP"):
        if name in names:
            return name
    return None


def _style() -> dict:
    font = cjk_font()
    # Names, sources and ids are drawn as written: "$" is not mathtext, nothing is TeX.
    return {"font.family": [font, "DejaVu Sans"] if font else ["DejaVu Sans"], "font.size": 8, "text.parse_math": False, "text.usetex": False}


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=150, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def _intensity(ax, field: MMIField) -> list:
    """Filled MMI bands of ``field`` under everything else, in the USGS colours; legend handles, highest level first."""
    from matplotlib.patches import Patch

    bands = filled_contours(field)
    if bands.empty:
        return []
    bands.plot(ax=ax, color=bands["color"].tolist(), alpha=0.45, edgecolor="none", zorder=0.5)
    bands.boundary.plot(ax=ax, color="#777777", linewidth=0.3, zorder=0.6)
    handles = [Patch(facecolor=c, alpha=0.6, edgecolor="#777777", linewidth=0.4, label=f"MMI {lab} {MMI_SHAKING[k]}")
               for k, lab, c in zip(bands["mmi"], bands["label"], bands["color"])]  # fmt: skip
    source = field_source_text(field) + (" - predicted shaking, not observed" if field.source == "model" else "")
    return [*handles, Patch(facecolor="none", edgecolor="none", label=textwrap.fill(source, 34, max_lines=3, placeholder="..."))]


#: Markers of the user's layers (points), in the order they were given (then repeated).
USER_MARKERS = ("X", "v", "<", ">", "h", "8")
#: Kilometres per degree of latitude (and of longitude at the equator), WGS84 mean: for the scale bar.
KM_PER_DEGREE = 111.32


def _dashes(dash: str, width: float) -> tuple | str:
    """An SVG dash array ("6 4") as a matplotlib line style, in units of the line's width."""
    parts = [float(x) for x in dash.split()] if dash else []
    return (0, tuple(p / max(width, 1.0) for p in parts)) if parts else "-"


def map_extent(snap: Snapshot) -> tuple[float, float, float, float]:
    """The data the static map must hold, as (west, east, south, north) degrees (EPSG:4326), margins included.

    The union of the county (the incident's area) polygon's bounds, the outermost band ring
    in use and the epicentre solutions, plus a margin of 8 % of its span on each side (at
    least 0.03°). :func:`map_figure`'s axes contain it whole (their aspect may widen it).
    """
    sol = snap.solution
    xs, ys = [sol.lon], [sol.lat]
    if "county" in snap.features and len(snap.features["county"]):
        w, s, e, n = snap.features["county"].total_bounds
        xs += [w, e]
        ys += [s, n]
    rings = [e for e in snap.edges_km if e > 0]
    if rings:
        ring = np.array(ring_polygon(sol.lon, sol.lat, 0.0, max(rings), n=180).exterior.coords)
        xs += [ring[:, 0].min(), ring[:, 0].max()]
        ys += [ring[:, 1].min(), ring[:, 1].max()]
    if "epicentres" in snap.features:
        e = snap.features["epicentres"]
        xs += list(e.geometry.x)
        ys += list(e.geometry.y)
    west, east, south, north = min(xs), max(xs), min(ys), max(ys)
    mx, my = max(0.08 * (east - west), 0.03), max(0.08 * (north - south), 0.03)
    return west - mx, east + mx, south - my, north + my


def _nice_km(span_km: float) -> float:
    """A round scale-bar length near a fifth of ``span_km``."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if step >= span_km / 5:
            return float(step)
    return 1000.0


#: Bearings tried for the rings' distance labels, the app's first (:data:`sitrep.maps.mapview.RING_LABEL_AZIMUTH`).
LABEL_AZIMUTHS = (45.0, 135.0, 315.0, 225.0, 100.0, 260.0, 170.0, 350.0)


def _label_azimuth(snap: Snapshot, points) -> float:
    """The bearing (degrees from north) at which the rings' labels lie farthest from the township seats' names.

    The print map writes each seat's name to the right of its dot; a ring label on it would hide the
    name of an epicentral township (or a solution's symbol). Ties keep the app's bearing (the first of
    :data:`LABEL_AZIMUTHS`).
    """
    if "townships" not in snap.features or snap.features["townships"].empty:
        return LABEL_AZIMUTHS[0]
    t = snap.features["townships"].geometry
    # each name spans about 0.15 degrees of longitude right of its dot: its dot, middle and end; and the solutions' symbols
    e = snap.features["epicentres"].geometry if "epicentres" in snap.features else gpd.GeoSeries([], crs="EPSG:4326")
    xs = np.concatenate([t.x, t.x + 0.075, t.x + 0.15, e.x, [snap.solution.lon]])
    ys = np.concatenate([t.y, t.y, t.y, e.y, [snap.solution.lat]])
    coslat = np.cos(np.radians(snap.solution.lat))
    best, best_gap = LABEL_AZIMUTHS[0], -1.0
    for azimuth in LABEL_AZIMUTHS:
        spots = points(snap.solution, snap.edges_km, azimuth_deg=azimuth)
        if not spots:
            return LABEL_AZIMUTHS[0]
        gap = min(float(np.min(np.hypot((xs - lon) * coslat, ys - lat))) for lat, lon, _ in spots)
        if gap > best_gap + 1e-9:
            best, best_gap = azimuth, gap
    return best


def _scale_bar(ax, lat: float) -> None:
    """A scale bar (km) in the lower-left corner of the frame, measured at the map's middle latitude."""
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    km_per_lon = KM_PER_DEGREE * np.cos(np.radians(lat))
    length = _nice_km((x1 - x0) * km_per_lon)
    dx = length / km_per_lon
    left, base = x0 + 0.03 * (x1 - x0), y0 + 0.035 * (y1 - y0)
    h = 0.012 * (y1 - y0)
    ax.add_patch(Rectangle((left - 0.01 * (x1 - x0), base - 0.6 * h), dx + 0.02 * (x1 - x0), 4.6 * h, facecolor="white",
                           alpha=0.85, edgecolor="none", zorder=12))  # fmt: skip
    ax.add_patch(Rectangle((left, base), dx / 2, h, facecolor="black", edgecolor="black", linewidth=0.6, zorder=13))
    ax.add_patch(Rectangle((left + dx / 2, base), dx / 2, h, facecolor="white", edgecolor="black", linewidth=0.6, zorder=13))
    for x, text in ((left, "0"), (left + dx / 2, f"{length / 2:g}"), (left + dx, f"{length:g} km")):
        ax.text(x, base + 1.6 * h, text, ha="center", va="bottom", fontsize=6.5, zorder=13)


def _north_arrow(ax) -> None:
    """An arrow pointing north (up: the map is in longitude/latitude) in the upper-right corner of the frame."""
    ax.annotate("N", xy=(0.965, 0.97), xytext=(0.965, 0.865), xycoords="axes fraction", textcoords="axes fraction", ha="center",
                va="center", fontsize=9, fontweight="bold", zorder=13,
                arrowprops={"facecolor": "black", "edgecolor": "black", "width": 2.5, "headwidth": 8, "headlength": 8},
                bbox={"boxstyle": "circle,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85})  # fmt: skip


def _user_layer(ax, name: str, frame, i: int) -> list:
    """A user's layer drawn in the user-layer grey, points with a marker of their own; its legend handle."""
    label = textwrap.shorten(f"{name} (your layer, {len(frame):,})", 48, placeholder="...")
    geoms = frame.geometry
    points = geoms[geoms.geom_type == "Point"]
    other = frame[geoms.geom_type != "Point"]
    marker = USER_MARKERS[i % len(USER_MARKERS)]
    if len(other):
        other.plot(ax=ax, facecolor="none", edgecolor=USER_LAYER_COLOUR, linewidth=1.2, zorder=7.5)
    if len(points):
        ax.scatter(points.x, points.y, s=34, marker=marker, c=USER_LAYER_COLOUR, edgecolors="white", linewidths=0.5, zorder=9.5)
    return [Line2D([], [], marker=marker if len(points) else None, color=USER_LAYER_COLOUR, linestyle="-" if len(other) and not len(points) else "none",
                   markersize=6, label=label)]  # fmt: skip


def map_figure(snap: Snapshot, *, field: MMIField | None = None):
    """The static map as a matplotlib Figure (its one map axes: ``fig.axes[0]``), for :func:`map_png`.

    The frame holds :func:`map_extent` (the whole county, the band rings, the solutions) and,
    in a strip above it, the title; a scale bar and a north arrow sit in the frame's corners;
    the legend lies below the frame, outside the data. Colours and shapes are those of
    :mod:`sitrep.palette`, as on the app's map.
    """
    from ..maps.mapview import ring_label_points  # the app's map module (folium): only when a map is drawn

    f = snap.features
    sol = snap.solution
    west, east, south, north = map_extent(snap)
    title_strip = 0.16 * (north - south)  # room for the title inside the frame, above the data
    north_frame = north + title_strip
    mid_lat = (south + north) / 2
    aspect = (north_frame - south) / ((east - west) * np.cos(np.radians(mid_lat)))
    with plt.rc_context(_style()):
        fig, ax = plt.subplots(figsize=(7.2, min(max(7.2 * aspect, 3.5), 9.0)))
        handles: list = []
        shaking = _intensity(ax, field) if field is not None else []
        if "basemap" in f:
            b = f["basemap"]
            lakes, rivers, border = (b[b["class"] == c] for c in ("lake", "river", "border"))
            if len(lakes):
                lakes.plot(ax=ax, color=LINE_STYLES["river"].colour, alpha=0.35, edgecolor=LINE_STYLES["river"].colour, linewidth=0.5, zorder=1)
            if len(rivers):
                st = LINE_STYLES["river"]
                rivers.plot(ax=ax, color=st.colour, linewidth=st.width * 0.6, zorder=1)
                handles.append(Line2D([], [], color=st.colour, linewidth=st.width * 0.6, label="River, lake"))
            if len(border):
                st = LINE_STYLES["border"]
                border.plot(ax=ax, color=st.colour, linewidth=st.width * 0.7, linestyle=_dashes(st.dash, st.width), zorder=1.5)
                handles.append(Line2D([], [], color=st.colour, linewidth=st.width * 0.7, linestyle=_dashes(st.dash, st.width), label="National border"))
        if "county" in f:
            st = LINE_STYLES["county"]
            f["county"].boundary.plot(ax=ax, color=st.colour, linewidth=st.width * 0.7, zorder=2)
            handles.append(Line2D([], [], color=st.colour, linewidth=st.width * 0.7, label=textwrap.shorten(f"{snap.scope or 'County'} boundary", 40)))
        st = LINE_STYLES["band_edge"]
        for edge in snap.edges_km:
            if edge > 0:
                ring = np.array(ring_polygon(sol.lon, sol.lat, 0.0, edge, n=180).exterior.coords)
                ax.plot(ring[:, 0], ring[:, 1], color=st.colour, linewidth=st.width * 0.55, linestyle=_dashes(st.dash, st.width), zorder=3)
        azimuth = _label_azimuth(snap, ring_label_points)
        toward_east, toward_north = np.sin(np.radians(azimuth)), np.cos(np.radians(azimuth))
        ha = "left" if toward_east > 0.3 else "right" if toward_east < -0.3 else "center"  # outward: never over the centre
        va = "bottom" if toward_north > 0.3 else "top" if toward_north < -0.3 else "center"
        for lat, lon, text in ring_label_points(sol, snap.edges_km, azimuth_deg=azimuth):
            ax.annotate(text, (lon, lat), fontsize=7, color=st.colour, zorder=9.8, ha=ha, va=va, fontweight="bold",
                        bbox={"boxstyle": "round,pad=0.12", "facecolor": "white", "edgecolor": st.colour, "linewidth": 0.4, "alpha": 0.9})  # fmt: skip
        if any(e > 0 for e in snap.edges_km):
            handles.append(Line2D([], [], color=st.colour, linewidth=st.width * 0.55, linestyle=_dashes(st.dash, st.width),
                                  label=f"Distance band edge from {sol.id.upper()}"))  # fmt: skip
        if "villages" in f:
            v = f["villages"]
            pop = pd.to_numeric(v["population"], errors="coerce").fillna(0) if "population" in v else pd.Series(0, index=v.index)
            ax.scatter(v.geometry.x, v.geometry.y, s=4 + np.sqrt(pop.astype(float)) * 1.4, c=POINT_COLOURS["villages"],
                       alpha=0.6, edgecolors="none", zorder=4)  # fmt: skip
            handles.append(Line2D([], [], marker="o", color=POINT_COLOURS["villages"], linestyle="none", markersize=5, label="Village (size ~ population)"))
        if "base_stations" in f:
            bs = f["base_stations"]
            ax.scatter(bs.geometry.x, bs.geometry.y, s=2, c=STATUS_COLOURS["ok"], zorder=5)
            handles.append(Line2D([], [], marker="o", color=STATUS_COLOURS["ok"], linestyle="none", markersize=2.5, label="Base station, in service"))
            status = snap.station_status.reindex(bs["id"]).to_numpy()
            for state in ("out", "restored"):
                sel = status == state
                if sel.any():
                    # ringed in black, as on the app's map: never read as a village or a reservoir
                    ax.scatter(bs.geometry.x[sel], bs.geometry.y[sel], s=12, c=STATUS_COLOURS[state], edgecolors=STATUS_OUTLINE,
                               linewidths=0.5, zorder=6)  # fmt: skip
                    handles.append(Line2D([], [], marker="o", color=STATUS_COLOURS[state], markeredgecolor=STATUS_OUTLINE,
                                          markeredgewidth=0.6, linestyle="none", markersize=4,
                                          label=f"Base station {state} ({int(sel.sum())})"))  # fmt: skip
        for name, marker, label in (("reservoirs", "s", "Reservoir"), ("hydropower", "P", "Hydropower station")):
            if name in f:
                ax.scatter(f[name].geometry.x, f[name].geometry.y, s=34, marker=marker, c=POINT_COLOURS[name], edgecolors="black",
                           linewidths=0.4, zorder=7)  # fmt: skip
                handles.append(Line2D([], [], marker=marker, color=POINT_COLOURS[name], markeredgecolor="black", markeredgewidth=0.4,
                                      linestyle="none", markersize=6, label=label))  # fmt: skip
        for i, name in enumerate(n for n in snap.user_layers if n in f):
            handles += _user_layer(ax, name, f[name], i)
        if "townships" in f:
            t = f["townships"]
            ax.scatter(t.geometry.x, t.geometry.y, s=22, c=POINT_COLOURS["townships"], edgecolors="white", linewidths=0.6, zorder=8)
            handles.append(Line2D([], [], marker="o", color=POINT_COLOURS["townships"], markeredgecolor="white", linestyle="none",
                                  markersize=5, label="Township seat"))  # fmt: skip
            for x, y, n, zh in zip(t.geometry.x, t.geometry.y, t["name"], t["name_zh"] if "name_zh" in t else [""] * len(t)):
                ax.annotate(f"{str(n).split(' (')[0]} {zh if cjk_font() and isinstance(zh, str) else ''}".strip(), (x, y), xytext=(4, 3),
                            textcoords="offset points", fontsize=6.5, color="#111111", zorder=9,
                            bbox={"boxstyle": "round,pad=0.05", "facecolor": "white", "edgecolor": "none", "alpha": 0.6})  # fmt: skip
        if "rupture" in f:
            st = LINE_STYLES["rupture"]
            f["rupture"].plot(ax=ax, color=st.colour, linewidth=st.width * 0.55, linestyle=_dashes(st.dash, st.width), zorder=8)
            handles.append(Line2D([], [], color=st.colour, linewidth=st.width * 0.55, linestyle=_dashes(st.dash, st.width),
                                  label="Surface rupture (approximate)"))  # fmt: skip
        own = False
        if "epicentres" in f:
            for i, row in enumerate(f["epicentres"].itertuples()):
                style = epicentre_style(i)
                chosen = str(row.id).lower() == sol.id.lower()
                own = own or chosen
                mag = getattr(row, "magnitude", None)
                text = f"{getattr(row, 'agency', None) or row.id} {getattr(row, 'magnitude_type', '') or ''} {mag:.1f}" if mag is not None and pd.notna(mag) else str(row.id)
                ax.scatter([row.geometry.x], [row.geometry.y], s=200 if chosen else 110, marker=MPL_MARKERS[style.shape], c=style.fill,
                           edgecolors=style.outline, linewidths=1.2 if chosen else 0.8, zorder=11 if chosen else 10)  # fmt: skip
                handles.append(Line2D([], [], marker=MPL_MARKERS[style.shape], color=style.fill, markeredgecolor=style.outline,
                                      linestyle="none", markersize=9 if chosen else 7,
                                      label=textwrap.shorten(text, 30) + (" · bands measured from here" if chosen else "")))  # fmt: skip
        if not own:  # an event or point given instead of the incident's solutions
            ax.scatter([sol.lon], [sol.lat], s=160, marker="X", c="white", edgecolors="black", linewidths=1.2, zorder=11)
            handles.append(Line2D([], [], marker="X", color="white", markeredgecolor="black", linestyle="none", markersize=9,
                                  label=textwrap.shorten(f"{sol.id.upper()} · bands measured from here", 48)))  # fmt: skip
        ax.set_aspect(1 / np.cos(np.radians(mid_lat)), adjustable="box")
        ax.set_xlim(west, east)
        ax.set_ylim(south, north_frame)
        ax.tick_params(labelsize=6.5)
        ax.set_xlabel("")
        ax.set_ylabel("")
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:.1f}°E" if x >= 0 else f"{-x:.1f}°W"))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: f"{y:.1f}°N" if y >= 0 else f"{-y:.1f}°S"))
        ax.add_patch(Rectangle((0, 1 - title_strip / (ax.get_ylim()[1] - ax.get_ylim()[0])), 1, 1, transform=ax.transAxes,
                               facecolor="white", alpha=0.88, edgecolor="none", zorder=12))  # fmt: skip
        ax.text(0.012, 0.985, f"{snap.title}\nAs of {snap.as_of_local} ({snap.as_of_utc}) · bands from {sol.id.upper()}",
                transform=ax.transAxes, va="top", ha="left", fontsize=8.5, fontweight="bold", zorder=13)  # fmt: skip
        if snap.notice:  # said on the map itself: a picture travels without its report
            ax.text(0.012, 0.985 - 0.075 * 7.2 / fig.get_figheight(), textwrap.fill(f"Illustrative data: {snap.notice}", 125, max_lines=2, placeholder="..."),
                    transform=ax.transAxes, va="top", ha="left", fontsize=6, color="#7a4b00", zorder=13)  # fmt: skip
        _scale_bar(ax, mid_lat)
        _north_arrow(ax)
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, -0.045), ncol=2 if shaking else 3, fontsize=6.3,
                  frameon=False, borderaxespad=0.0, handletextpad=0.4, columnspacing=1.2)  # fmt: skip
        if shaking:  # a second legend, beside the first: both below the frame
            ax.add_artist(ax.get_legend())
            ax.legend(handles=shaking, loc="upper right", bbox_to_anchor=(1.0, -0.045), fontsize=6.0, frameon=False,
                      title="Estimated shaking (MMI)", title_fontsize=6.5, borderaxespad=0.0)  # fmt: skip
        return fig


def map_png(snap: Snapshot, *, field: MMIField | None = None) -> bytes:
    """A static map of the snapshot as PNG bytes (:func:`map_figure`).

    With ``field``, its filled MMI contours (USGS colours) lie under everything, with a legend of their own.
    """
    return _png(map_figure(snap, field=field))


def timeline_span(snap: Snapshot) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The time axis of :func:`timeline_png` (UTC): from the earthquake to the snapshot's time.

    The start is the earliest origin time of the scenario's epicentre solutions (else the
    first observation, else the snapshot's time); the span is at least an hour, so early
    snapshots still show their few points.
    """
    end = snap.as_of
    times = []
    if "epicentres" in snap.features and "origin_time" in snap.features["epicentres"]:
        times.append(snap.features["epicentres"]["origin_time"].min())
    if len(snap.history):
        times.append(snap.history["observed_at"].min())
    if len(snap.station_series):
        times.append(snap.station_series["at"].min())
    start = min([t for t in times if pd.notna(t)], default=end)
    return min(start, end - pd.Timedelta(hours=1)), end


def _years(lo: pd.Timestamp, hi: pd.Timestamp) -> str:
    """The year(s) an axis spans, for its title: one year (``"2016"``) or a span (``"2015-2016"``)."""
    return str(lo.year) if lo.year == hi.year else f"{lo.year}-{hi.year}"


def timeline_png(snap: Snapshot) -> bytes:
    """Casualties (in the snapshot's scope, corrections applied) and stations out/restored up to its time.

    Both charts span :func:`timeline_span` (in the incident's zone on the axis); the station counts are
    drawn as steps from zero at the start to their values at the snapshot's time.
    """
    start, end = timeline_span(snap)

    def local(t):  # UTC -> naive local time in the incident's zone for the axis (a time or a Series of times)
        if isinstance(t, pd.Series):
            return t.dt.tz_convert(snap.tz).dt.tz_localize(None)
        return t.tz_convert(snap.tz).tz_localize(None)

    with plt.rc_context(_style()):
        fig, (a1, a2) = plt.subplots(1, 2, figsize=(7.2, 2.6))
        h = snap.history[~snap.history["corrected"]] if "corrected" in snap.history else snap.history
        for metric, colour in (("deaths", "#0068c9"), ("injured", "#83c9ff")):
            rows = h[(h["metric"] == metric) & (h["scope"] == snap.scope)].sort_values("observed_at")
            if len(rows):
                a1.plot(local(rows["observed_at"]), rows["value"], marker="o", label=metric, color=colour)
        a1.set_title("Casualties as reported", fontsize=8)
        if a1.lines:
            a1.legend(fontsize=7)
        else:
            a1.text(0.5, 0.5, "no figure reported yet", transform=a1.transAxes, ha="center", va="center", color="#666666")
        series = snap.station_series  # the same counts as the cards (timeline.station_series)
        if len(series):
            # from zero at the start to the counts at T: a single change is a visible step, not a lone point
            at = pd.concat([pd.Series([start]), series["at"], pd.Series([end])], ignore_index=True)
            t = local(pd.to_datetime(at, utc=True))
            out = [0, *series["out"], series["out"].iloc[-1]]
            restored = [0, *series["restored"], series["restored"].iloc[-1]]
            a2.step(t, out, where="post", label="out", color=STATUS_COLOURS["out"])
            a2.step(t, restored, where="post", label="restored", color=STATUS_COLOURS["restored"])
            a2.legend(fontsize=7)
        a2.set_title("Base stations (from station events)", fontsize=8)
        lo, hi = local(start), local(end)
        pad = (hi - lo) * 0.03
        for ax in (a1, a2):
            ax.axvline(hi, color="#d62728", linestyle="--", linewidth=1)
            ax.set_xlim(lo - pad, hi + pad)
            ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b %H:%M"))  # dated: "07 Jan 18:00", never "06 PM" alone
            ax.tick_params(axis="x", labelrotation=30, labelsize=6.5)
            ax.set_xlabel(f"time ({zone_label(snap.tz, end)}), {_years(lo, hi)}", fontsize=7)
        fig.tight_layout()
        return _png(fig)
