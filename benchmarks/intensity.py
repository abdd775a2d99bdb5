"""Benchmark: the model intensity field of Dingri 2025 against what CEA's field survey observed.

Run: ``.venv/bin/python benchmarks/intensity.py [--step 0.01]``. Prints Markdown tables for
README. Never part of ``make test``.

Observed (CEA intensity map, 167 survey points): areas IX 411 km², VIII 869, VII 5,350,
VI 17,356 (VI and up 23,986); an ellipse with a N-S long axis of ~191 km and a short axis of
~152 km.

Runs
  yu2013      Yu et al. (2013), Qinghai-Tibet region, CENC Ms 6.8 at the CENC epicentre
              (28.50N 87.45E); point source = ellipse along the incident's strike (187°, the
              USGS moment tensor's nodal plane 1); rupture = the bundled approximate 26 km N-S
              trace (layer "rupture"), line source.
  allen2012   Allen, Wald & Worden (2012), USGS Mww 7.1 placed at the same CENC epicentre
              (the bundled rupture runs through it); point source = hypocentral form, depth
              10 km; rupture = Rrup form, Rrup = Joyner-Boore distance (surface trace, ztor 0).

Areas: ``MMIField.level_areas_km2`` (PAGER bins, level k = [k-0.5, k+0.5), what sitrep's
exposure uses). yu2013's field is Yu's I - 0.5 (Yu's equations give the isoseismal *line* of I,
the outer edge of zone I on a Chinese map such as CEA's; see sitrep.intensity.ipe). The villages are the seven of Cuoguo township
named in reports; their positions in the bundled layer are illustrative.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CEA = {9: 411.0, 8: 869.0, 7: 5350.0, 6: 17356.0}
CEA_VI_PLUS = 23986.0
PAGER_EXPOSURE = {9: 2998.0, 8: 6964.0, 7: 27679.0, 6: 61485.0, 5: 147452.0}
VILLAGES = ("Xuezhu", "Jiweng", "Meiduo", "Jiding", "Gareguoji", "Tangren", "Yejiang")


def _areas(field, isoseismal: bool) -> dict[int, float]:
    """Area per level: PAGER bins from the field, or Yu's isoseismal bins [k, k+1)."""
    if not isoseismal:
        return field.level_areas_km2()
    levels = np.floor(field.mmi).astype(int)
    cell = np.broadcast_to(field.cell_area_km2()[:, None], levels.shape)
    return {k: float(cell[levels == k].sum()) for k in range(1, 13)}


def _axes_km(field, level: float, isoseismal: bool) -> tuple[float, float]:
    """N-S and E-W extent (km) of the zone at ``level`` or more, through the field's maximum."""
    edge = level if isoseismal else level - 0.5
    i, j = np.unravel_index(np.nanargmax(field.mmi), field.mmi.shape)
    ns = (field.mmi[:, j] >= edge).sum() * field.dlat * 111.2
    ew = (field.mmi[i, :] >= edge).sum() * field.dlon * 111.32 * np.cos(np.radians(field.lat[i]))
    return float(ns), float(ew)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--step", type=float, default=0.01, help="grid step, degrees (default 0.01)")
    args = parser.parse_args(argv)

    import geopandas as gpd

    from sitrep.intensity.ipe import mmi_at, model_field
    from sitrep.io.catalog import read_scenario_spec
    from sitrep.query import Epicentre

    spec = read_scenario_spec("dingri-2025")
    rupture = gpd.read_file(spec.layer("rupture").file).geometry.iloc[0]
    villages = gpd.read_file(spec.layer("villages").file)
    villages = villages[villages["name"].isin(VILLAGES)].set_index("name").loc[list(VILLAGES)]
    epis = json.loads(Path(spec.layer("epicentres").file).read_text())["features"]
    by_id = {f["properties"]["id"]: f for f in epis}
    cenc, usgs = by_id["cenc"], by_id["usgs"]
    lon0, lat0 = cenc["geometry"]["coordinates"]
    ms = Epicentre(lon0, lat0, id="cenc", depth_km=10.0, magnitude=cenc["properties"]["magnitude"], magnitude_type="Ms", source="CENC")
    mw = Epicentre(lon0, lat0, id="usgs@cenc", depth_km=10.0, magnitude=usgs["properties"]["magnitude"], magnitude_type="Mww",
                   source="USGS magnitude at the CENC epicentre")  # fmt: skip

    runs = [
        ("yu2013", "point (strike 187°)", ms, None),
        ("yu2013", "rupture", ms, rupture),
        ("allen2012", "point (depth 10 km)", mw, None),
        ("allen2012", "rupture", mw, rupture),
    ]
    from sitrep.intensity.exposure import assess
    from sitrep.intensity.pager import estimate_fatalities
    from sitrep.io import load_scenario
    from sitrep.query import scenario_band_layers

    _, scenario = load_scenario("dingri-2025")
    people = [layer for layer in scenario_band_layers(spec, scenario) if layer.name == "villages"]
    rows, village_rows, timing, impact_rows = [], [], [], []
    for model, how, epi, rup in runs:
        t0 = time.perf_counter()
        field = model_field(model, epicentre=epi, rupture=rup, strike_deg=spec.strike_deg, step_deg=args.step)
        seconds = time.perf_counter() - t0
        doc = assess(field, people, country="CN")
        by_level = {lv["mmi"]: sum(r["population"] or 0 for r in lv["rows"]) for lv in doc["levels"]}
        fat = doc["fatalities"]
        impact_rows.append(f"| {model}, {how} | " + " | ".join(f"{by_level.get(k, 0):,.0f}" for k in (9, 8, 7, 6, 5))
                           + f" | {fat['estimate']:,} ({fat['low']:,}-{fat['high']:,}) | {fat['alert']} |")  # fmt: skip
        timing.append(f"| {model} | {how} | {field.mmi.shape[1]} x {field.mmi.shape[0]} = {field.mmi.size:,} | {seconds:.1f} s |")
        for isoseismal in [False]:
            areas = _areas(field, isoseismal)
            bins = "PAGER"
            cells = []
            for k in (9, 8, 7, 6):
                a = areas.get(k, 0.0)
                cells.append(f"{a:,.0f} ({a / CEA[k]:.2f})")
            plus = sum(v for k, v in areas.items() if k >= 6)
            ns, ew = _axes_km(field, 6, isoseismal)
            rows.append(f"| {model} M{epi.magnitude:g} | {how} | {bins} | {' | '.join(cells)} | {plus:,.0f} ({plus / CEA_VI_PLUS:.2f}) "
                        f"| {ns:.0f} x {ew:.0f} | {np.nanmax(field.mmi):.2f} |")  # fmt: skip
        mmi, sigma, _ = mmi_at(model, villages.geometry.x, villages.geometry.y, epicentre=epi, rupture=rup, strike_deg=spec.strike_deg)
        village_rows.append((f"{model}, {how}", mmi, sigma))

    print(f"Dingri 2025, model areas (km²) per level vs CEA (ratio model / CEA); grid step {args.step:g}°\n")
    print("| model | source | bins | IX | VIII | VII | VI | VI+ | VI+ N-S x E-W (km) | max MMI |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| CEA observed | survey | | {CEA[9]:,.0f} | {CEA[8]:,.0f} | {CEA[7]:,.0f} | {CEA[6]:,.0f} | {CEA_VI_PLUS:,.0f} | 191 x 152 | IX |")
    print("\n".join(rows))
    print("\nMMI ± sigma at the seven villages of Cuoguo township (positions illustrative)\n")
    print("| village | km from CENC | " + " | ".join(name for name, _, _ in village_rows) + " |")
    print("|---|---:|" + "---:|" * len(village_rows))
    from sitrep.geodesy import geodesic_distance_km

    dist = geodesic_distance_km(villages.geometry.x, villages.geometry.y, lon0, lat0)
    for n, name in enumerate(VILLAGES):
        cells = " | ".join(f"{m[n]:.2f} ± {s[n]:.2f}" for _, m, s in village_rows)
        print(f"| {name} | {dist[n]:.1f} | {cells} |")
    pager = estimate_fatalities(PAGER_EXPOSURE, "CN")
    print("\nExposure (people per MMI level) and the PAGER fatality model (country CN) vs USGS PAGER\n")
    print("| exposure | IX | VIII | VII | VI | V | fatality estimate (90% range) | alert |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    print("| USGS PAGER (LandScan, ShakeMap) | " + " | ".join(f"{PAGER_EXPOSURE[k]:,.0f}" for k in (9, 8, 7, 6, 5))
          + f" | 291 published; sitrep from this exposure: {pager.estimate:,} ({pager.low:,}-{pager.high:,}) | {pager.alert} |")  # fmt: skip
    print("\n".join(impact_rows))
    print("\n(sitrep's rows count the people of the bundled villages layer, Dingri county only: 58,173 people,"
          " against PAGER's ~250,000 in MMI V+ over several counties; reported deaths: 126.)")
    print("\nField evaluation time (this machine)\n")
    print("| model | source | grid nodes | time |")
    print("|---|---|---:|---:|")
    print("\n".join(timing))


if __name__ == "__main__":
    main()
