"""Build the bundled Dingri 2025 scenario (data/dingri-2025/*.geojson).

Run from the project root::

    .venv/bin/python data/make_dingri.py            # rewrite data/dingri-2025/
    .venv/bin/python data/make_dingri.py --out DIR  # write elsewhere (the tests do)

What is real and what is not (data/README.md says the same, per file):

* **reported** - the three epicentre solutions (CENC via the seed report, USGS
  us6000pi9w, India NCS); the seats of Xiege'er and Gangga (public
  coordinates); every *count* and *total* the seed publishes.
* **approximate** - real, named places whose coordinates are not public,
  placed from a description (the seven villages "within ~5 km" of the
  epicentre, Gurong in Changsuo, the other township seats, the Cuoguo
  villages); the N-S surface rupture (~26 km per CEA) along Dengme Co; the
  county outline, drawn to the county's published area.
* **synthetic** - stand-ins generated so that published counts come out
  exactly: unnamed villages and their populations, reservoirs and
  hydropower stations, all 751 base stations.

Everything random comes from one seeded generator (``SEED``); the script is
deterministic and checks every seed count before writing anything. Distances
are geodesics on WGS84 from the CENC epicentre (28.50N 87.45E). No feature is
placed within ``EDGE_MARGIN_KM`` of a 10/20/50 km band edge, so the counts do
not hinge on the last metre.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import LineString, Point, Polygon, mapping

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitrep.geodesy import destination, geodesic_area_km2, geodesic_distance_km, geodesic_length_km  # noqa: E402

SEED = 20250107
CENC_LON, CENC_LAT = 87.45, 28.50
EDGE_MARGIN_KM = 0.3
BAND_EDGES_KM = (10.0, 20.0, 50.0)

SEED_SRC = "Xinhua, 7 Jan 2025 (seed report)"
MWR_SRC = "Ministry of Water Resources via Xinhua, 7 Jan 2025 (seed): counts by distance band"
TELECOM_SRC = (
    "Tibet Communications Administration via Xinhua (seed): 751 base stations in Dingri county; "
    "China Mobile Tibet (seed): 177 out of service"
)
ILLUSTRATIVE = "position illustrative (no public coordinates)"

# --- county outline: hand-drawn around the county, then scaled to its published area ------
COUNTY_AREA_KM2 = 13_861.0
COUNTY_POPULATION_2020 = 58_173
_COUNTY_SKETCH = [
    (86.05, 28.80), (86.30, 29.02), (86.75, 29.10), (87.20, 29.05), (87.55, 28.95), (87.76, 28.70),
    (87.74, 28.40), (87.62, 28.10), (87.35, 27.96), (87.00, 27.95), (86.70, 28.00), (86.45, 28.12),
    (86.20, 28.33), (86.00, 28.55),
]  # fmt: skip
_COUNTY_ANCHOR = (87.45, 28.50)  # scaling keeps the epicentre where it is

# --- township seats: (id, name, name_zh, level, lat, lon) for the reported two;
#     (id, name, name_zh, level, azimuth deg, distance km) from CENC for the others -------
REPORTED_SEATS = [
    ("xiegeer", "Xiege'er (Shelkar)", "协格尔镇", "town", 28.659, 87.126),
    ("gangga", "Gangga", "岗嘎镇", "town", 28.581, 86.610),
]
PLACED_SEATS = [
    ("cuoguo", "Cuoguo (Tsogo)", "措果乡", "township", 20.0, 4.5),
    ("changsuo", "Changsuo", "长所乡", "township", 200.0, 14.0),
    ("quluo", "Quluo", "曲洛乡", "township", 330.0, 15.0),
    ("nixia", "Nixia", "尼辖乡", "township", 5.0, 32.0),
    ("jiacuo", "Jiacuo", "加措乡", "township", 240.0, 30.0),
    ("qudang", "Qudang", "曲当乡", "township", 178.0, 42.0),
    ("zhaxizong", "Zhaxizong", "扎西宗乡", "township", 232.0, 62.0),
    ("rongxia", "Rongxia", "绒辖乡", "township", 250.0, 88.0),
    ("kema", "Kema", "克玛乡", "township", 300.0, 70.0),
    ("penji", "Penji", "盆吉乡", "township", 320.0, 55.0),
    ("zhaguo", "Zhaguo", "扎果乡", "township", 265.0, 112.0),
]
EPICENTRAL = ("Cuoguo", "Changsuo", "Quluo")  # the three seats within 20 km

# --- named villages: (id, name, name_zh, township or None, azimuth, km, population or None, source)
TIBET_CN = "tibet.cn: villages within ~5 km of the epicentre"
NAMED_VILLAGES = [
    ("v-xuezhu", "Xuezhu", "雪珠", "Cuoguo", 22.0, 4.6, None, TIBET_CN + "; seat of Cuoguo township"),
    ("v-tangren", "Tangren", "塘仁", "Cuoguo", 120.0, 3.2, None, TIBET_CN),
    ("v-gareguoji", "Gareguoji", "嘎热果吉", "Cuoguo", 300.0, 2.5, None, TIBET_CN),
    ("v-meiduo", "Meiduo", "美朵", "Cuoguo", 60.0, 3.8, None, TIBET_CN),
    ("v-chaji", "Chaji", "查吉", None, 200.0, 4.2, None, TIBET_CN),
    ("v-lacang", "Lacang", "拉仓", None, 250.0, 3.0, None, TIBET_CN),
    ("v-kangqiong", "Kangqiong", "康穷", None, 160.0, 4.7, None, TIBET_CN),
    ("v-gurong", "Gurong", "古荣村", "Changsuo", 205.0, 12.5, 222, "press reports: hardest-hit village, 222 residents (~40 households)"),
    ("v-jiweng", "Jiweng", "", "Cuoguo", 40.0, 8.0, None, "Cuoguo township village list (2000 census)"),
    ("v-jiding", "Jiding", "", "Cuoguo", 80.0, 9.0, None, "Cuoguo township village list (2000 census)"),
    ("v-yejiang", "Yejiang", "", "Cuoguo", 340.0, 7.5, None, "Cuoguo township village list (2000 census)"),
]
VILLAGES_WITHIN_20KM = 27
POPULATION_WITHIN_20KM = 6_900
OUTER_VILLAGES = 150

# --- water: (azimuth, km) from CENC; the seed gives only counts by band ------------------
RESERVOIRS = [(95.0, 7.2), (150.0, 24.5), (250.0, 33.0), (330.0, 41.0), (20.0, 47.0)]
HYDROPOWER = [(170.0, 14.0), (120.0, 27.5), (215.0, 36.0), (290.0, 44.5), (45.0, 31.0)]

# --- base stations ------------------------------------------------------------------------
STATIONS_TOTAL = 751
STATIONS_BY_OPERATOR = {"China Mobile": 430, "China Telecom": 171, "China Unicom": 150}
OPERATOR_ZH = {"China Mobile": "中国移动", "China Telecom": "中国电信", "China Unicom": "中国联通"}
OPERATOR_MNC = {"China Mobile": 0, "China Telecom": 11, "China Unicom": 1}
TECHNOLOGY_SHARE = {"LTE": 0.6, "GSM": 0.25, "NR": 0.15}
SEAT_WEIGHT = {"Xiege'er": 3.0, "Gangga": 1.6, "Cuoguo": 1.5, "Changsuo": 1.3, "Quluo": 1.3, "Qudang": 1.5}  # others 1.0
KNOCKED_OUT = 177
# The 177 China Mobile stations out of service, by where they are: the three epicentral
# townships (all restored by 18:08 per the seed, so at most the 113 restored by 19:00),
# Qudang (with Quluo, the worst communications damage per the seed), and the rest.
KNOCKED_OUT_QUOTA = {"epicentral": 80, "qudang": 20, "elsewhere": 77}

# --- rupture ------------------------------------------------------------------------------
RUPTURE_LENGTH_KM = 26.0
_RUPTURE_SKETCH = [(87.470, 28.395), (87.462, 28.45), (87.452, 28.51), (87.445, 28.56), (87.438, 28.61)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "dingri-2025", help="output folder")
    args = parser.parse_args(argv)
    layers = build()
    check(layers)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, features in layers.items():
        write_geojson(args.out / f"{name}.geojson", features)
    events = station_events(np.random.default_rng(SEED + 1), layers["base_stations"])
    check_events(events, layers["base_stations"])
    write_csv(args.out / "station_events.csv", events)
    print(summary(layers) + f"; {len(events)} station events")
    return 0


def build() -> dict[str, list[dict]]:
    """Every layer as a list of GeoJSON-like features, in a fixed order."""
    rng = np.random.default_rng(SEED)
    county = county_outline()
    seats = township_seats()
    villages = make_villages(rng, county, seats)
    return {
        "epicentres": epicentres(),
        "county": [feature(county, id="dingri", name="Dingri (Tingri) County", name_zh="定日县", provenance="approximate",
                           source="outline drawn to the county's published area (13,861 km²); not an official boundary",
                           note=f"area {geodesic_area_km2(county):,.0f} km² on WGS84; population {COUNTY_POPULATION_2020:,} (2020 census)",
                           area_km2=round(geodesic_area_km2(county), 1), population_2020=COUNTY_POPULATION_2020)],
        "townships": seats,
        "villages": villages,
        "reservoirs": water(RESERVOIRS, "reservoir", "Small reservoir", "水库"),
        "hydropower": water(HYDROPOWER, "hydro", "Small hydropower station", "水电站"),
        "base_stations": make_base_stations(rng, county, seats, villages),
        "rupture": [rupture()],
    }


# --- builders -----------------------------------------------------------------------------


def epicentres() -> list[dict]:
    common = dict(depth_km=10.0, provenance="reported")
    return [
        feature(Point(87.45, 28.50), id="cenc", name="CENC", name_zh="中国地震台网中心", agency="CENC",
                origin_time="2025-01-07T01:05:00Z", magnitude=6.8, magnitude_type="Ms", event_id="",
                url="", source=SEED_SRC, note="origin time published to the minute (09:05 UTC+8)", **common),
        feature(Point(87.3608, 28.639), id="usgs", name="USGS", name_zh="美国地质调查局", agency="USGS",
                origin_time="2025-01-07T01:05:16.824Z", magnitude=7.1, magnitude_type="Mww", event_id="us6000pi9w",
                url="https://earthquake.usgs.gov/earthquakes/eventpage/us6000pi9w",
                source="USGS event us6000pi9w (event-detail GeoJSON)", note="", **common),
        feature(Point(87.51, 28.86), id="ncs", name="India NCS", name_zh="印度国家地震中心", agency="NCS",
                origin_time="2025-01-07T01:05:18Z", magnitude=7.1, magnitude_type="M", event_id="NCS-NSN-EPG-01/25",
                url="", source="India National Center for Seismology, report NCS-NSN-EPG-01/25", note="", **common),
    ]


def county_outline() -> Polygon:
    sketch = Polygon(_COUNTY_SKETCH)
    scale = (COUNTY_AREA_KM2 / geodesic_area_km2(sketch)) ** 0.5
    ax, ay = _COUNTY_ANCHOR
    return Polygon([(ax + (x - ax) * scale, ay + (y - ay) * scale) for x, y in _COUNTY_SKETCH])


def township_seats() -> list[dict]:
    out = [
        feature(Point(lon, lat), id=f"t-{i}", name=n, name_zh=zh, level=lvl, provenance="reported",
                source="public coordinates (facts sheet)", note="")
        for i, n, zh, lvl, lat, lon in REPORTED_SEATS
    ]
    for i, n, zh, lvl, az, km in PLACED_SEATS:
        lon, lat = destination(CENC_LON, CENC_LAT, az, km)
        note = ILLUSTRATIVE + ("; one of the 3 seats within 20 km (seed)" if _short(n) in EPICENTRAL else "")
        out.append(feature(Point(float(lon), float(lat)), id=f"t-{i}", name=n, name_zh=zh, level=lvl,
                           provenance="approximate", source="township list (facts sheet); " + SEED_SRC, note=note))
    return out


def make_villages(rng: np.random.Generator, county: Polygon, seats: list[dict]) -> list[dict]:
    seat_xy = _seat_xy(seats)
    out: list[dict] = []
    for vid, name, zh, tsp, az, km, pop, src in NAMED_VILLAGES:
        lon, lat = destination(CENC_LON, CENC_LAT, az, km)
        out.append(dict(geometry=Point(float(lon), float(lat)), id=vid, name=name, name_zh=zh, township=tsp,
                        population=pop, provenance="approximate", source=src,
                        note=ILLUSTRATIVE + ("" if pop else "; population synthetic")))
    # Unnamed villages within 20 km: near the epicentral seats, along the valley.
    n_inner = VILLAGES_WITHIN_20KM - len(NAMED_VILLAGES)
    inner = _sample_points(rng, n_inner, county, seat_xy, EPICENTRAL, sigma_km=4.0, ring=(5.5, 19.5))
    for k, (lon, lat) in enumerate(inner, 1):
        out.append(dict(geometry=Point(lon, lat), id=f"v-in-{k:02d}", name=f"Unnamed village {k} (synthetic)",
                        name_zh="", township=None, population=None, provenance="synthetic", source=SEED_SRC,
                        note="stand-in: the seed counts 27 villages / ~6,900 people within 20 km"))
    outer_seats = tuple(seat_xy)
    outer = _sample_points(rng, OUTER_VILLAGES, county, seat_xy, outer_seats, sigma_km=9.0, ring=(20.5, 1e9))
    for k, (lon, lat) in enumerate(outer, 1):
        out.append(dict(geometry=Point(lon, lat), id=f"v-out-{k:03d}", name=f"Village {k:03d} (synthetic)",
                        name_zh="", township=None, population=None, provenance="synthetic",
                        source="synthetic; county total from the 2020 census",
                        note=f"stand-in so the map is not empty past 20 km; village populations add up to the county's {COUNTY_POPULATION_2020:,}"))
    _assign_populations(rng, out)
    _assign_townships(out, seat_xy)
    return [feature(v.pop("geometry"), **v) for v in out]


def water(spots: list[tuple[float, float]], prefix: str, label: str, zh: str) -> list[dict]:
    out = []
    for k, (az, km) in enumerate(spots, 1):
        lon, lat = destination(CENC_LON, CENC_LAT, az, km)
        out.append(feature(Point(float(lon), float(lat)), id=f"{prefix}-{k}", name=f"{label} {k} (illustrative)",
                           name_zh=f"小型{zh}{k}（示意）", scale="small", provenance="synthetic", source=MWR_SRC,
                           note="stand-in: only the count per distance band is published"))
    return out


def make_base_stations(rng: np.random.Generator, county: Polygon, seats: list[dict], villages: list[dict]) -> list[dict]:
    seat_xy = _seat_xy(seats)
    names = list(seat_xy)
    weight = np.array([SEAT_WEIGHT.get(n, 1.0) for n in names])
    per_seat = _largest_remainder(weight / weight.sum() * STATIONS_TOTAL)
    xy: list[tuple[float, float]] = []
    road_end = seat_xy["Xiege'er"]  # the main road (G318) runs through the county seat
    for name, n in zip(names, per_seat):
        n_seat, n_village = int(round(n * 0.45)), int(round(n * 0.35))
        n_road = int(n) - n_seat - n_village
        xy += _sample_points(rng, n_seat, county, seat_xy, (name,), sigma_km=2.0, ring=(0, 1e9))
        own = [v for v in villages if v["properties"]["township"] == name] or villages
        pops = np.array([v["properties"]["population"] for v in own], float)
        picks = rng.choice(len(own), size=n_village, p=pops / pops.sum())
        for j in picks:
            xy += _jitter_inside(rng, county, own[j]["geometry"].coords[0], sigma_km=0.8)
        for t in rng.uniform(0.05, 0.95, size=n_road):
            sx, sy = seat_xy[name]
            xy += _jitter_inside(rng, county, (sx + (road_end[0] - sx) * t, sy + (road_end[1] - sy) * t), sigma_km=1.0)
    xy = _order_north_to_south(xy)
    lon, lat = np.array(xy).T
    township = _nearest_seat(lon, lat, seat_xy)
    operator = rng.permutation(np.repeat(list(STATIONS_BY_OPERATOR), list(STATIONS_BY_OPERATOR.values())))
    tech = rng.choice(list(TECHNOLOGY_SHARE), size=len(xy), p=list(TECHNOLOGY_SHARE.values()))
    knocked = _choose_knocked_out(rng, lon, lat, operator, township)
    out = []
    for k in range(len(xy)):
        op = str(operator[k])
        out.append(feature(Point(lon[k], lat[k]), id=f"bs-{k + 1:04d}", name=f"{op} {tech[k]} #{k + 1:04d}",
                           name_zh="", operator=op, operator_zh=OPERATOR_ZH[op], technology=str(tech[k]),
                           township=township[k], mcc=460, mnc=OPERATOR_MNC[op], knocked_out=bool(knocked[k]),
                           provenance="synthetic", source=TELECOM_SRC,
                           note="position synthetic: along valleys and near settlements, denser near seats"))
    return out


def rupture() -> dict:
    line = LineString(_RUPTURE_SKETCH)
    # stretch about the middle vertex so the geodesic length is the reported ~26 km
    scale = RUPTURE_LENGTH_KM / geodesic_length_km(line)
    mx, my = _RUPTURE_SKETCH[2]
    line = LineString([(mx + (x - mx) * scale, my + (y - my) * scale) for x, y in _RUPTURE_SKETCH])
    return feature(line, id="rupture-cea", name="Surface rupture (approximate)", name_zh="地表破裂带（示意）",
                   length_km=RUPTURE_LENGTH_KM, provenance="approximate",
                   source="CEA: ~26 km surface rupture, N-S, along Dengme Co (satellite mapping: ~11 km, discontinuous)",
                   note="trace drawn N-S through the CENC epicentre; geometry illustrative")


# --- station events -----------------------------------------------------------------------

QUAKE_UTC = np.datetime64("2025-01-07T01:05:00")
EPICENTRAL_BACK_UTC = np.datetime64("2025-01-07T10:08:00")  # 18:08 UTC+8: the three townships restored
RESTORED_BY_1900 = 113
EVENTS_SRC = "synthetic, consistent with China Mobile Tibet via Xinhua (seed): 177 out, 113 restored by 19:00, epicentral townships by 18:08"


def station_events(rng: np.random.Generator, stations: list[dict]) -> list[dict]:
    """Out at the earthquake for the 177; restored so that the seed's aggregates hold.

    The epicentral townships' stations come back between 11:30 and 18:08 (the last at
    18:08), 33 others between 15:00 and 19:00; the remaining 64 have no restoration
    event (the seed says only "the rest in progress").
    """
    out = [f["properties"] for f in stations if f["properties"]["knocked_out"]]
    epicentral = [p for p in out if p["township"] in EPICENTRAL]
    others = [p for p in out if p["township"] not in EPICENTRAL]
    late = [others[i] for i in sorted(rng.choice(len(others), RESTORED_BY_1900 - len(epicentral), replace=False))]
    minute = np.timedelta64(1, "m")
    events = [dict(station_id=p["id"], status="out", at=QUAKE_UTC) for p in out]
    times = QUAKE_UTC + np.sort(rng.integers(145, 543, len(epicentral))) * minute  # 11:30 .. 18:07
    times[-1] = EPICENTRAL_BACK_UTC
    events += [dict(station_id=p["id"], status="restored", at=t) for p, t in zip(epicentral, times)]
    times = np.datetime64("2025-01-07T07:00") + np.sort(rng.integers(0, 241, len(late))) * minute  # 15:00 .. 19:00
    events += [dict(station_id=p["id"], status="restored", at=t) for p, t in zip(late, times)]
    for e in events:
        e["at"] = str(e["at"]) + "Z"
        e.update(source=EVENTS_SRC, provenance="synthetic", note="time illustrative")
    return sorted(events, key=lambda e: (e["at"], e["station_id"], e["status"]))


def check_events(events: list[dict], stations: list[dict]) -> None:
    """177 out; 113 restored by 19:00 UTC+8; every epicentral one restored by 18:08."""
    township = {f["properties"]["id"]: f["properties"]["township"] for f in stations}
    restored = {e["station_id"]: e["at"] for e in events if e["status"] == "restored"}
    outs = [e["station_id"] for e in events if e["status"] == "out"]
    by_1900 = sum(t <= "2025-01-07T11:00:00Z" for t in restored.values())
    late_epicentral = [i for i in outs if township[i] in EPICENTRAL and restored.get(i, "9999") > "2025-01-07T10:08:00Z"]
    if (len(outs), by_1900, late_epicentral) != (KNOCKED_OUT, RESTORED_BY_1900, []):
        raise SystemExit(f"station events check failed: {len(outs)} out, {by_1900} restored by 19:00, late: {late_epicentral}")


def write_csv(path: Path, rows: list[dict]) -> None:
    import csv

    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


# --- helpers ------------------------------------------------------------------------------


def _short(name: str) -> str:
    """Township name without its alternative spelling: "Cuoguo (Tsogo)" -> "Cuoguo"."""
    return name.split(" (")[0]


def _seat_xy(seats: list[dict]) -> dict[str, tuple[float, float]]:
    return {_short(f["properties"]["name"]): f["geometry"].coords[0] for f in seats}


def feature(geom, **props) -> dict:
    return {"geometry": geom, "properties": props}


def _sample_points(rng, n, county, seat_xy, around, *, sigma_km, ring) -> list[tuple[float, float]]:
    """``n`` points near the seats named in ``around``, inside the county, at CENC distances in ``ring``."""
    out: list[tuple[float, float]] = []
    while len(out) < n:
        seat = seat_xy[around[int(rng.integers(len(around)))]]
        az, d = rng.uniform(0, 360), abs(rng.normal(0, sigma_km))
        lon, lat = destination(seat[0], seat[1], az, d)
        lon, lat = float(lon), float(lat)
        r = float(geodesic_distance_km([lon], [lat], CENC_LON, CENC_LAT)[0])
        if ring[0] <= r <= ring[1] and _clear_of_edges(r) and county.contains(Point(lon, lat)):
            out.append((round(lon, 6), round(lat, 6)))
    return out


def _jitter_inside(rng, county, xy, *, sigma_km) -> list[tuple[float, float]]:
    while True:
        lon, lat = destination(xy[0], xy[1], rng.uniform(0, 360), abs(rng.normal(0, sigma_km)))
        lon, lat = float(lon), float(lat)
        r = float(geodesic_distance_km([lon], [lat], CENC_LON, CENC_LAT)[0])
        if _clear_of_edges(r) and county.contains(Point(lon, lat)):
            return [(round(lon, 6), round(lat, 6))]


def _clear_of_edges(r_km: float) -> bool:
    return all(abs(r_km - e) > EDGE_MARGIN_KM for e in BAND_EDGES_KM)


def _assign_populations(rng, villages: list[dict]) -> None:
    xy = np.array([v["geometry"].coords[0] for v in villages])
    inner = geodesic_distance_km(xy[:, 0], xy[:, 1], CENC_LON, CENC_LAT) < 20.0
    for mask, total in ((inner, POPULATION_WITHIN_20KM), (~inner, COUNTY_POPULATION_2020 - POPULATION_WITHIN_20KM)):
        idx = [i for i in np.flatnonzero(mask) if villages[i]["population"] is None]
        fixed = sum(villages[i]["population"] for i in np.flatnonzero(mask) if villages[i]["population"] is not None)
        raw = rng.lognormal(mean=np.log(250), sigma=0.5, size=len(idx))
        for i, p in zip(idx, _largest_remainder(raw / raw.sum() * (total - fixed))):
            villages[i]["population"] = int(p)


def _assign_townships(villages: list[dict], seat_xy: dict) -> None:
    todo = [v for v in villages if v["township"] is None]
    xy = np.array([v["geometry"].coords[0] for v in todo])
    for v, t in zip(todo, _nearest_seat(xy[:, 0], xy[:, 1], seat_xy)):
        v["township"] = t
        if v["provenance"] == "approximate":
            v["note"] += "; township assigned by nearest seat"


def _nearest_seat(lon, lat, seat_xy: dict) -> list[str]:
    names = list(seat_xy)
    d = np.stack([geodesic_distance_km(lon, lat, *seat_xy[n]) for n in names])
    return [names[i] for i in d.argmin(axis=0)]


def _choose_knocked_out(rng, lon, lat, operator, township) -> np.ndarray:
    """The 177 China Mobile stations out of service: nearer the epicentre, more likely."""
    dist = geodesic_distance_km(lon, lat, CENC_LON, CENC_LAT)
    mobile = operator == "China Mobile"
    township = np.asarray(township)
    groups = {
        "epicentral": mobile & np.isin(township, EPICENTRAL),
        "qudang": mobile & (township == "Qudang"),
        "elsewhere": mobile & ~np.isin(township, EPICENTRAL + ("Qudang",)),
    }
    out = np.zeros(len(lon), bool)
    for group, mask in groups.items():
        idx = np.flatnonzero(mask)
        quota = KNOCKED_OUT_QUOTA[group]
        if len(idx) < quota:
            raise SystemExit(f"only {len(idx)} China Mobile stations in group {group}; quota {quota}")
        w = np.exp(-dist[idx] / 25.0)
        out[rng.choice(idx, size=quota, replace=False, p=w / w.sum())] = True
    return out


def _largest_remainder(values: np.ndarray) -> np.ndarray:
    """Round non-negative ``values`` to integers that keep their (integer) sum exactly."""
    floor = np.floor(values).astype(int)
    short = int(round(values.sum())) - floor.sum()
    floor[np.argsort(-(values - floor), kind="stable")[:short]] += 1
    return floor


def _order_north_to_south(xy):
    return sorted(xy, key=lambda p: (-p[1], p[0]))


# --- checks and output --------------------------------------------------------------------


def _dist(features: list[dict]) -> np.ndarray:
    xy = np.array([shapely.get_coordinates(f["geometry"])[0] for f in features])
    return geodesic_distance_km(xy[:, 0], xy[:, 1], CENC_LON, CENC_LAT)


def check(layers: dict[str, list[dict]]) -> None:
    """Every seed count, asserted before anything is written (raise SystemExit otherwise)."""
    def want(what: str, got, expected) -> None:
        if got != expected:
            raise SystemExit(f"seed check failed: {what}: got {got}, want {expected}")

    county = layers["county"][0]["geometry"]
    d = {name: _dist(feats) for name, feats in layers.items() if name not in ("county", "rupture")}
    want("township seats", len(layers["townships"]), 13)
    want("seats within 20 km", int((d["townships"] < 20).sum()), 3)
    want("villages within 20 km", int((d["villages"] < 20).sum()), VILLAGES_WITHIN_20KM)
    pops = np.array([f["properties"]["population"] for f in layers["villages"]])
    want("population within 20 km", int(pops[d["villages"] < 20].sum()), POPULATION_WITHIN_20KM)
    want("county village population", int(pops.sum()), COUNTY_POPULATION_2020)
    for name, expected in (("reservoirs", [1, 0, 4]), ("hydropower", [0, 1, 4])):
        got = [int(((d[name] >= lo) & (d[name] < hi)).sum()) for lo, hi in ((0, 10), (10, 20), (20, 50))]
        want(f"{name} by band 0-10/10-20/20-50", got, expected)
    want("base stations", len(layers["base_stations"]), STATIONS_TOTAL)
    out = [f for f in layers["base_stations"] if f["properties"]["knocked_out"]]
    want("knocked-out stations", len(out), KNOCKED_OUT)
    want("knocked-out operators", {f["properties"]["operator"] for f in out}, {"China Mobile"})
    for name in ("townships", "villages", "base_stations"):
        outside = [f["properties"]["id"] for f in layers[name] if not county.contains(f["geometry"])]
        want(f"{name} outside the county", outside, [])
    want("20 km disc inside county", bool(county.contains(_disc(20.0))), True)
    length = geodesic_length_km(layers["rupture"][0]["geometry"])
    want("rupture length ~26 km", abs(length - RUPTURE_LENGTH_KM) < 0.05, True)


def _disc(radius_km: float) -> Polygon:
    lon, lat = destination(CENC_LON, CENC_LAT, np.linspace(0, 360, 361), radius_km)
    return Polygon(zip(lon, lat))


def write_geojson(path: Path, features: list[dict]) -> None:
    """One feature per line, keys in a fixed order, 6 decimals (~0.1 m): stable diffs."""
    lines = []
    for f in features:
        geom = _rounded(f["geometry"])
        lines.append(json.dumps({"type": "Feature", "properties": f["properties"], "geometry": geom}, ensure_ascii=False))
    body = ",\n".join(lines)
    path.write_text('{"type": "FeatureCollection", "features": [\n' + body + "\n]}\n", encoding="utf-8")


def _rounded(geom) -> dict:
    g = mapping(geom)

    def rnd(c):
        return [round(float(v), 6) for v in c] if isinstance(c[0], (int, float)) else [rnd(x) for x in c]

    return {"type": g["type"], "coordinates": rnd(g["coordinates"])}


def summary(layers: dict[str, list[dict]]) -> str:
    d = _dist(layers["villages"])
    pops = np.array([f["properties"]["population"] for f in layers["villages"]])
    return (
        f"wrote {', '.join(f'{len(v)} {k}' for k, v in layers.items())}; "
        f"{int((d < 20).sum())} villages / {int(pops[d < 20].sum()):,} people within 20 km of CENC"
    )


if __name__ == "__main__":
    raise SystemExit(main())
