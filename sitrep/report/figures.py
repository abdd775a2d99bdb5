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
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib import font_manager  # noqa: E402

from ..bands import ring_polygon  # noqa: E402
from ..intensity.contours import MMI_SHAKING, filled_contours  # noqa: E402
from ..intensity.field import MMIField  # noqa: E402
from ..intensity.tables import field_source_text  # noqa: E402
from ..snapshot import Snapshot  # noqa: E402
from ..clock import zone_label  # noqa: E402

__all__ = ["map_png", "timeline_png", "timeline_span", "cjk_font"]

STATUS = {"out": "#d7191c", "restored": "#1a9641"}


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


def map_png(snap: Snapshot, *, field: MMIField | None = None) -> bytes:
    """A static map of the snapshot: context, county, rings, layers, station status at T.

    With ``field``, its filled MMI contours (USGS colours) lie under everything, with a legend of their own.
    """
    f = snap.features
    sol = snap.solution
    with plt.rc_context(_style()):
        fig, ax = plt.subplots(figsize=(7.2, 6.2))
        shaking = _intensity(ax, field) if field is not None else []
        if "basemap" in f:
            for cls, colour, width in (("lake", "#9ecae1", 0.8), ("river", "#4a90c2", 0.7), ("border", "#6a3d9a", 1.4)):
                part = f["basemap"][f["basemap"]["class"] == cls]
                if len(part):
                    part.plot(ax=ax, color=colour if cls != "border" else "none", edgecolor=colour, linewidth=width,
                              linestyle="--" if cls == "border" else "-", zorder=1)  # fmt: skip
        if "county" in f:
            f["county"].boundary.plot(ax=ax, color="#555555", linewidth=1.2, zorder=2)
        for edge in snap.edges_km:
            if edge > 0:
                ring = np.array(ring_polygon(sol.lon, sol.lat, 0.0, edge, n=180).exterior.coords)
                ax.plot(ring[:, 0], ring[:, 1], color="#333333", linewidth=0.8, linestyle=(0, (4, 3)), zorder=3)
                ax.annotate(f"{edge:g} km", (ring[45, 0], ring[45, 1]), fontsize=7, color="#333333", zorder=9)
        if "villages" in f:
            v = f["villages"]
            ax.scatter(v.geometry.x, v.geometry.y, s=4 + np.sqrt(v["population"].astype(float).fillna(0)) * 1.4, c="#a6611a",
                       alpha=0.55, edgecolors="none", label="Village (size ~ population)", zorder=4)  # fmt: skip
        if "base_stations" in f:
            bs = f["base_stations"]
            ax.scatter(bs.geometry.x, bs.geometry.y, s=2, c="#404040", label="Base station", zorder=5)
            status = snap.station_status.reindex(bs["id"]).to_numpy()
            for state, colour in STATUS.items():
                sel = status == state
                if sel.any():
                    ax.scatter(bs.geometry.x[sel], bs.geometry.y[sel], s=10, c=colour, label=f"Station {state}", zorder=6)
        for name, colour, label in (("reservoirs", "#0571b0", "Reservoir"), ("hydropower", "#008837", "Hydropower")):
            if name in f:
                ax.scatter(f[name].geometry.x, f[name].geometry.y, s=30, marker="s", c=colour, label=label, zorder=7)
        if "townships" in f:
            t = f["townships"]
            ax.scatter(t.geometry.x, t.geometry.y, s=25, c="#2c7bb6", edgecolors="white", label="Township seat", zorder=8)
            for x, y, n, zh in zip(t.geometry.x, t.geometry.y, t["name"], t["name_zh"]):
                ax.annotate(f"{n.split(' (')[0]} {zh if cjk_font() else ''}".strip(), (x, y), xytext=(4, 3),
                            textcoords="offset points", fontsize=7, color="#1f3b63", zorder=9)  # fmt: skip
        if "rupture" in f:
            f["rupture"].plot(ax=ax, color="#7b3294", linewidth=2.2, linestyle="--", zorder=8, label="Rupture (approximate)")
        if "epicentres" in f:
            e = f["epicentres"]
            ax.scatter(e.geometry.x, e.geometry.y, s=90, marker="*", c="#ff7f00", edgecolors="black", linewidths=0.5,
                       label="Epicentre solutions", zorder=10)  # fmt: skip
        ax.scatter([sol.lon], [sol.lat], s=160, marker="*", c="#d7191c", edgecolors="black", zorder=11,
                   label=f"{sol.id.upper()} (bands measured from here)")  # fmt: skip
        reach = max(snap.edges_km) * 1.25 / 111.0
        ax.set_xlim(sol.lon - reach / np.cos(np.radians(sol.lat)), sol.lon + reach / np.cos(np.radians(sol.lat)))
        ax.set_ylim(sol.lat - reach, sol.lat + reach)
        ax.set_aspect(1 / np.cos(np.radians(sol.lat)))
        ax.set_xlabel("longitude (°, east positive; WGS84)")
        ax.set_ylabel("latitude (°, north positive)")
        ax.legend(loc="lower left", fontsize=6.5, framealpha=0.9)
        if shaking:  # a second legend: the first stays as it is
            ax.add_artist(ax.get_legend())
            ax.legend(handles=shaking, loc="upper right", fontsize=6.0, framealpha=0.9, title="Estimated shaking (MMI)", title_fontsize=6.5)
        ax.set_title(f"As of {snap.as_of_local} · bands from {sol.id.upper()}\n{snap.notice}", fontsize=7.5, loc="left")
        return _png(fig)


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
            a2.step(t, out, where="post", label="out", color="#d7191c")
            a2.step(t, restored, where="post", label="restored", color="#1a9641")
            a2.legend(fontsize=7)
        a2.set_title("Base stations (from station events)", fontsize=8)
        lo, hi = local(start), local(end)
        pad = (hi - lo) * 0.03
        for ax in (a1, a2):
            ax.axvline(hi, color="#d62728", linestyle="--", linewidth=1)
            ax.set_xlim(lo - pad, hi + pad)
            ax.xaxis.set_major_formatter(mdates.DateFormatter("%m-%d %H:%M"))
            ax.tick_params(axis="x", labelrotation=30, labelsize=6.5)
            ax.set_xlabel(f"time ({zone_label(snap.tz, end)})", fontsize=7)
        fig.tight_layout()
        return _png(fig)
