"""Your own incident (issue 10): `sitrep incident new|add|list|show`, SITREP_HOME, SITREP_INCIDENT, --incident.

Every test runs with its own SITREP_HOME (conftest's ``private_sitrep_home``); the Nepal
fixtures are the 2015 Gorkha event (USGS us20002926, 28.2305N 84.7314E) and villages and
cells placed at exact geodesic distances from it (tests/data/README.md).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from sitrep.errors import InputError, SpecError
from sitrep.io import list_scenarios, load_scenario, read_scenario_spec
from sitrep.io.catalog import BUNDLED, USER, IncidentSpec, ScenarioSpec, check_name, list_incidents
from sitrep.incidents import default_region, nautical_offset_hours, toml_text

from .conftest import DATA

EVENT = DATA / "usgs-nepal-detail.geojson"
VILLAGES = DATA / "nepal-villages.csv"
CELLS = DATA / "nepal-opencellid.csv"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def nepal(run_cli, private_sitrep_home):
    """Incident 'nepal' from the USGS event file, with villages and an OpenCellID file added."""
    assert run_cli("incident", "new", "nepal", "--event", EVENT, "--tz", "Asia/Kathmandu").code == 0
    r = run_cli("incident", "add", "nepal", VILLAGES, "--kind", "villages", "--provenance", "approximate", "--source", "test census")
    assert r.code == 0, r.err
    r = run_cli("incident", "add", "nepal", CELLS, "--kind", "base_stations")
    assert r.code == 0, r.err
    return private_sitrep_home / "incidents"


def _bands(run_cli, *args) -> dict[tuple[str, str], dict]:
    r = run_cli("bands", *args, "--format", "json")
    assert r.code == 0, r.err
    return {(row["layer"], row["band"]): row for row in json.loads(r.out)["rows"]}


# --- new ------------------------------------------------------------------------------------------


def test_incident_from_a_usgs_event_detail_file(run_cli, private_sitrep_home):
    """`incident new NAME --event FILE` writes NAME.toml + NAME/ (epicentres as GeoParquet) with defaults from the event."""
    r = run_cli("incident", "new", "nepal", "--event", EVENT)
    assert r.code == 0, r.err
    home = private_sitrep_home / "incidents"
    assert sorted(p.name for p in home.iterdir()) == ["nepal", "nepal.toml"]
    assert sorted(p.name for p in (home / "nepal").iterdir()) == ["epicentres.parquet", "epicentres.toml"]
    spec = read_scenario_spec("nepal")
    assert isinstance(spec, IncidentSpec) and spec.origin == USER
    assert spec.title == "M 7.8 - 36km E of Khudi, Nepal"
    assert spec.scope == "36km E of Khudi, Nepal"  # the event's place
    assert spec.reference_solution == "us20002926"
    assert spec.bands_km == (0, 10, 20, 50)
    assert spec.region == pytest.approx((81.7314, 25.2305, 87.7314, 31.2305))
    # the older feeds' properties.tz (minutes): 345 = UTC+5:45, and it is said where it came from
    assert spec.utc_offset_hours == 5.75 and spec.timezone == ""
    assert "from the event file's properties.tz" in r.err
    _, layers = load_scenario("nepal")
    epi = layers["epicentres"].iloc[0]
    assert (epi["provenance"], epi["magnitude"], epi["depth_km"]) == ("reported", 7.8, 8.22)
    assert "us20002926" in epi["source"]
    assert epi["origin_time"] == pd.Timestamp("2015-04-25T06:11:25.950Z")
    layer = spec.layer("epicentres")
    assert layer.original == EVENT.name and len(layer.sha256) == 64


def test_country_and_strike_feed_the_intensity_and_fatality_models(run_cli, nepal):
    """Issue 11: `incident new --country NP --strike 295` is stored; `sitrep intensity` uses Nepal's PAGER model."""
    assert run_cli("incident", "new", "gorkha", "--event", EVENT, "--country", "np", "--strike", "295").code == 0
    spec = read_scenario_spec("gorkha")
    assert (spec.country, spec.strike_deg) == ("NP", 295.0)
    r = run_cli("intensity", "--incident", "nepal", "--country", "NP", "--format", "json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert doc["source"] == "model" and doc["model"] == "allen2012"  # not China: Allen et al. (2012)
    assert doc["fatalities"]["country"] == "NP"
    by_level = {lv["mmi"]: {row["layer"]: row["count"] for row in lv["rows"]} for lv in doc["levels"]}
    assert sum(counts.get("villages", 0) for counts in by_level.values()) == 4


def test_tz_option_names_the_zone(run_cli):
    """--tz Asia/Kathmandu is kept as the IANA name: times show as UTC+5:45."""
    assert run_cli("incident", "new", "nepal", "--event", EVENT, "--tz", "Asia/Kathmandu", "--title", "Gorkha 2015").code == 0
    spec = read_scenario_spec("nepal")
    assert spec.timezone == "Asia/Kathmandu" and spec.title == "Gorkha 2015"
    assert "11:56 UTC+5:45" in run_cli("incident", "show", "nepal").out


def test_incident_from_epicentre_time_and_magnitude(run_cli):
    """Without a file: --epicentre --time --magnitude; the zone is the nautical guess, said on stderr."""
    r = run_cli("incident", "new", "gorkha", "--epicentre", "28.2305,84.7314", "--time", "2015-04-25T06:11:26Z",
                "--magnitude", "7.8", "--bands", "0,5,25")  # fmt: skip
    assert r.code == 0, r.err
    assert "time zone UTC+6 is a guess from the longitude" in r.err and "--tz" in r.err
    spec = read_scenario_spec("gorkha")
    assert spec.utc_offset_hours == 6 and spec.bands_km == (0, 5, 25)
    _, layers = load_scenario("gorkha")
    epi = layers["epicentres"]
    assert (float(epi.geometry.x.iloc[0]), float(epi.geometry.y.iloc[0])) == (84.7314, 28.2305)
    assert epi["origin_time"].iloc[0] == pd.Timestamp("2015-04-25T06:11:26Z")


def test_southern_and_western_epicentre_with_utc_offset(run_cli):
    """A negative latitude and longitude (--epicentre=...) and --utc-offset 13 (Tonga)."""
    r = run_cli("incident", "new", "tonga", "--epicentre=-18.11,-178.15", "--time", "2025-03-30T12:18:00+13:00",
                "--magnitude", "7.1", "--utc-offset", "13")  # fmt: skip
    assert r.code == 0, r.err
    spec = read_scenario_spec("tonga")
    assert spec.utc_offset_hours == 13
    assert spec.region == pytest.approx((-180.0, -21.11, -175.15, -15.11))  # clipped at the antimeridian
    assert "18.11S 178.15W" in r.out


def test_default_region_and_nautical_zone():
    """The region is 3 degrees around the epicentre clipped to valid degrees; the zone is round(lon/15)."""
    assert default_region(179.0, 89.0) == (176.0, 86.0, 180.0, 90.0)
    assert default_region(-179.0, -89.5) == (-180.0, -90.0, -176.0, -86.5)
    assert [nautical_offset_hours(x) for x in (0, 7.49, 7.5, -7.5, 180, -180, 84.73)] == [0, 0, 1, 0, 12, -12, 6]


@pytest.mark.parametrize("name", ["../x", "a/b", "", "{{7*7}}", ".", "..", "Nepal", "x" * 65, "_x", "a b", "a\\b", "ne.pal"])
def test_unsafe_names_are_refused(run_cli, private_sitrep_home, name):
    """NAME becomes a folder name: path separators, dots, markup, upper case, spaces are refused, nothing written."""
    r = run_cli("incident", "new", name, "--event", EVENT)
    assert r.code == 2
    assert "is not allowed; use 1-64 lower-case letters" in r.err and "Traceback" not in r.err
    assert not (private_sitrep_home / "incidents").exists() or not any((private_sitrep_home / "incidents").iterdir())
    with pytest.raises(InputError, match="not allowed"):
        check_name(name)


def test_unsafe_name_is_not_a_path_when_reading(run_cli):
    """--incident ../x is not looked up as a path; the error lists the known incidents."""
    r = run_cli("layers", "--incident", "../../layers/dingri-2025")
    assert r.code == 2 and "known incidents: dingri-2025 (bundled)" in r.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--event", "missing.geojson"], r"missing.geojson: no such file"),
        (["--event", str(EVENT), "--tz", "Mars/Olympus"], r"field '--tz': unknown time zone 'Mars/Olympus'"),
        (["--event", str(EVENT), "--utc-offset", "5.7"], r"field '--utc-offset': UTC offset 5.7 h must be a multiple of 0.25"),
        (["--event", str(EVENT), "--utc-offset", "abc"], r"field '--utc-offset': expected a number"),
        (["--event", str(EVENT), "--bands", "10,5"], r"field '--bands'"),
        (["--event", str(EVENT), "--time", "2015-04-25T06:11Z"], r"the event file gives the time and magnitude; drop --time"),
        (["--epicentre", "28.23,84.73", "--magnitude", "7.8"], r"field '--time': --epicentre needs --time too"),
        (["--epicentre", "28.23,84.73", "--time", "2015-04-25T06:11", "--magnitude", "7.8"], r"has no UTC offset"),
        (["--epicentre", "128.23,84.73", "--time", "2015-04-25T06:11Z", "--magnitude", "7.8"], r"latitude must be within -90..90"),
        (["--epicentre", "28.23,84.73", "--time", "2015-04-25T06:11Z", "--magnitude", "big"], r"field '--magnitude': expected a number"),
        ([], r"say where the earthquake was: --event"),
        (["--event", str(EVENT), "--region", "1,2,3"], r"field '--region': expected W,S,E,N"),
        (["--event", str(EVENT), "--population", "-5"], r"field '--population'"),
        (["--event", str(EVENT), "--country", "Nepal"], r"field '--country': expected an ISO 3166 alpha-2"),
        (["--event", str(EVENT), "--strike", "400"], r"field '--strike'"),
    ],
)
def test_bad_new_options_are_one_line_errors(run_cli, private_sitrep_home, args, message):
    """Bad options: exit 2, one line naming the option, and no incident written."""
    r = run_cli("incident", "new", "nepal", *args)
    assert r.code == 2
    lines = r.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("sitrep: error: ")
    assert re.search(message, lines[0]), lines[0]
    assert "nepal" not in list_scenarios()


def test_both_tz_and_utc_offset_is_refused(run_cli):
    """--tz and --utc-offset are exclusive (argparse: exit 2)."""
    with pytest.raises(SystemExit) as exc:
        run_cli("incident", "new", "nepal", "--event", EVENT, "--tz", "Asia/Kathmandu", "--utc-offset", "5.75")
    assert exc.value.code == 2


def test_existing_incident_needs_force(run_cli):
    """A rerun is refused (saying --force); --force replaces the incident whole, layers included."""
    assert run_cli("incident", "new", "nepal", "--event", EVENT).code == 0
    assert run_cli("incident", "add", "nepal", VILLAGES, "--kind", "villages", "--provenance", "approximate", "--source", "x").code == 0
    r = run_cli("incident", "new", "nepal", "--event", EVENT)
    assert r.code == 2 and "incident 'nepal' already exists" in r.err and "--force" in r.err
    assert "villages" in read_scenario_spec("nepal").layer_names
    r = run_cli("incident", "new", "nepal", "--event", EVENT, "--force", "--title", "again")
    assert r.code == 0, r.err
    spec = read_scenario_spec("nepal")
    assert spec.title == "again" and spec.layer_names == ("epicentres",)


def test_bundled_name_is_refused(run_cli, private_sitrep_home):
    """A user's incident may not take a bundled incident's name (even with --force)."""
    r = run_cli("incident", "new", "dingri-2025", "--event", EVENT, "--force")
    assert r.code == 2 and "is the name of a bundled incident" in r.err
    assert read_scenario_spec("dingri-2025").origin == BUNDLED


def test_a_failure_halfway_leaves_nothing(run_cli, private_sitrep_home, monkeypatch):
    """A crash while writing (disk full at the metadata file) leaves no incident, folder or temporary file."""
    import sitrep.incidents as incidents

    real = incidents._write_text

    def full_disk(path, text):
        if path.name == "nepal.toml":
            raise OSError(28, "No space left on device", str(path))
        real(path, text)

    monkeypatch.setattr(incidents, "_write_text", full_disk)
    r = run_cli("incident", "new", "nepal", "--event", EVENT)
    assert r.code == 2 and "No space left on device" in r.err
    assert list((private_sitrep_home / "incidents").iterdir()) == []
    assert "nepal" not in list_scenarios()


def test_a_failure_while_replacing_keeps_the_old_incident(run_cli, private_sitrep_home, monkeypatch):
    """--force that fails before publishing leaves the previous incident as it was."""
    import sitrep.incidents as incidents

    assert run_cli("incident", "new", "nepal", "--event", EVENT, "--title", "first").code == 0

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(incidents, "_write_frame", broken)
    assert run_cli("incident", "new", "nepal", "--event", EVENT, "--force", "--title", "second").code == 2
    assert read_scenario_spec("nepal").title == "first"
    assert sorted(p.name for p in (private_sitrep_home / "incidents").iterdir()) == ["nepal", "nepal.toml"]


def test_user_text_is_data_in_the_toml(run_cli):
    """Quotes, brackets and template syntax in a title cannot add or change keys (newlines, DEL and
    U+202E are refused as invisible characters; toml_text escapes them all the same)."""
    title = 'x" reference_solution = "evil" [style] {{7*7}} \\'

    r = run_cli("incident", "new", "nepal", "--event", EVENT, "--title", title, "--scope", "Gorkha ]]")
    assert r.code == 0, r.err
    spec = read_scenario_spec("nepal")
    assert spec.title == title.strip() and spec.reference_solution == "us20002926" and spec.scope == "Gorkha ]]"
    assert "\x1b" not in r.out and "\x7f" not in r.out and "\u202e" not in r.out  # shown through terminal_safe
    assert toml_text({"a": "\x7f\x00\U0001f600"}) == 'a = "\\u007f\\u0000\U0001f600"\n'


# --- add --------------------------------------------------------------------------------------------


def test_bands_for_the_new_incident_are_exact(run_cli, nepal):
    """`sitrep bands --incident nepal`: villages at 5/15/30/60 km and cells at 3/12/25 km fall in their bands."""
    rows = _bands(run_cli, "--incident", "nepal")
    assert [rows[("villages", b)]["count"] for b in ("0-10", "10-20", "20-50", "50+")] == [1, 1, 1, 1]
    assert [rows[("villages", b)]["population"] for b in ("0-10", "10-20", "20-50", "50+")] == [120, 240, 360, 480]
    assert [rows[("base_stations", b)]["count"] for b in ("0-10", "10-20", "20-50")] == [1, 1, 1]


def test_added_layers_are_geoparquet_with_provenance_source_and_sha256(nepal):
    """The copy is GeoParquet with provenance and source; the spec records the original's name and SHA-256."""
    import hashlib

    spec = read_scenario_spec("nepal")
    villages, cells = spec.layer("villages"), spec.layer("base_stations")
    assert villages.file == (nepal / "nepal" / "villages.parquet").resolve()
    assert villages.original == "nepal-villages.csv"
    assert villages.sha256 == hashlib.sha256(VILLAGES.read_bytes()).hexdigest()
    assert villages.sum_fields == ("population",)
    raw = tomllib.loads((nepal / "nepal" / "villages.toml").read_text(encoding="utf-8"))
    assert raw["file"] == "villages.parquet" and raw["kind"] == "villages"
    stored = pd.read_parquet(villages.file)
    assert set(stored["provenance"]) == {"approximate"} and set(stored["source"]) == {"test census"}
    # an OpenCellID CSV goes through the OpenCellID reader: operator from MCC/MNC, provenance approximate
    _, layers = load_scenario("nepal")
    assert sorted(layers["base_stations"]["operator"]) == ["Ncell", "Nepal Telecom", "Nepal Telecom"]
    assert set(layers["base_stations"]["provenance"]) == {"approximate"}
    assert cells.sha256 == hashlib.sha256(CELLS.read_bytes()).hexdigest()


def test_add_without_provenance_or_source_says_what_to_add(run_cli, nepal):
    """A file without provenance (or source) is refused naming the row and the option to add."""
    r = run_cli("incident", "add", "nepal", VILLAGES, "--kind", "villages", "--name", "more")
    assert r.code == 2
    assert r.err.strip() == (f"sitrep: error: {VILLAGES}, row 1 (line 2), field 'provenance': has no provenance; add a 'provenance' "
                             "column or --provenance reported / approximate / synthetic")  # fmt: skip
    r = run_cli("incident", "add", "nepal", VILLAGES, "--kind", "villages", "--name", "more", "--provenance", "reported")
    assert r.code == 2 and "field 'source': has no source; add a 'source' column or --source" in r.err
    assert "more" not in read_scenario_spec("nepal").layer_names
    assert not list((nepal / "nepal").glob(".*"))  # no temporary leftovers


def test_add_checks_like_check(run_cli, nepal, write):
    """The loaders' checks apply: a village without population is refused with row and field."""
    bad = write("bad.csv", "id,name,lon,lat,provenance,source\nb1,X,84.7,28.2,reported,me\n")
    r = run_cli("incident", "add", "nepal", bad, "--kind", "villages", "--name", "bad")
    assert r.code == 2 and "missing required field 'population'" in r.err


def test_add_existing_layer_needs_force_and_bundled_is_read_only(run_cli, nepal):
    """A second 'villages' needs --force (or --name); the bundled incident is never changed."""
    r = run_cli("incident", "add", "nepal", VILLAGES, "--kind", "villages", "--provenance", "reported", "--source", "y")
    assert r.code == 2 and "already has a layer 'villages'; add --force" in r.err
    r = run_cli("incident", "add", "nepal", VILLAGES, "--kind", "villages", "--provenance", "reported", "--source", "y", "--force")
    assert r.code == 0, r.err
    assert set(pd.read_parquet(read_scenario_spec("nepal").layer("villages").file)["provenance"]) == {"reported"}
    r = run_cli("incident", "add", "dingri-2025", VILLAGES, "--kind", "villages", "--name", "x", "--provenance", "reported", "--source", "y")
    assert r.code == 2 and "'dingri-2025' is a bundled incident and is not changed" in r.err


# --- list, show, options ----------------------------------------------------------------------------


def test_list_and_show(run_cli, nepal):
    """list: both incidents with origin, magnitude, UTC and local origin time; show: each layer's details."""
    doc = json.loads(run_cli("incident", "list", "--format", "json").out)
    by_name = {row["name"]: row for row in doc["incidents"]}
    assert by_name["dingri-2025"]["origin"] == "bundled" and by_name["nepal"]["origin"] == "SITREP_HOME"
    assert by_name["nepal"]["magnitude"] == 7.8 and by_name["nepal"]["layers"] == 3
    assert by_name["nepal"]["origin_time_local"] == "2015-04-25 11:56 UTC+5:45"
    table = run_cli("incident", "list").out
    assert "2015-04-25 06:11:25" in table and "SITREP_HOME" in table and "bundled" in table
    shown = run_cli("incident", "show", "nepal").out
    assert "origin time: 2015-04-25 06:11:25 UTC = 2015-04-25 11:56 UTC+5:45 (Asia/Kathmandu)" in shown
    assert "original: nepal-villages.csv  sha256: " in shown and "[4 approximate]  source: test census" in shown
    info = json.loads(run_cli("incident", "show", "nepal", "--format", "json").out)
    assert {r["layer"]: r["features"] for r in info["layers"]} == {"villages": 4, "base_stations": 3, "epicentres": 1}
    r = run_cli("incident", "show", "atlantis")
    assert r.code == 2 and "known incidents: dingri-2025 (bundled), nepal (SITREP_HOME)" in r.err


def test_list_incidents_user_first(nepal):
    """list_scenarios() keeps its shape and includes the user's incidents."""
    assert list_scenarios() == ["dingri-2025", "nepal"]
    assert [(loc.name, loc.origin) for loc in list_incidents()] == [("dingri-2025", BUNDLED), ("nepal", USER)]
    assert ScenarioSpec is IncidentSpec


def test_scenario_is_an_alias_of_incident(run_cli, nepal):
    """--scenario (the older name) and --incident select the same incident in every command that takes one."""
    assert _bands(run_cli, "--scenario", "nepal") == _bands(run_cli, "--incident", "nepal")
    assert json.loads(run_cli("layers", "--scenario", "nepal", "--format", "json").out)["scenario"] == "nepal"
    assert run_cli("check", VILLAGES, "--kind", "villages", "--incident", "nepal").code == 0


def test_every_command_takes_incident():
    """Each subcommand that reads an incident accepts --incident and --scenario."""
    from sitrep.cli import build_parser

    parser = build_parser()
    for argv in (["layers"], ["check", "f"], ["bands"], ["timeline"], ["report", "--out", "x.html", "--as-of", "2025-01-07T12:00Z"], ["users", "list"],
                 ["ingest", "--metric", "deaths", "--value", "1"]):  # fmt: skip
        for option in ("--incident", "--scenario"):
            try:
                args = parser.parse_args([*argv, option, "nepal"])
            except SystemExit:  # pragma: no cover - shown as the failing command
                pytest.fail(f"{argv[0]} does not take {option}")
            assert args.scenario == "nepal", argv


def test_sitrep_incident_sets_the_default(run_cli, nepal, monkeypatch):
    """SITREP_INCIDENT (read when the CLI runs, not at import) picks the incident; SITREP_SCENARIO is the older name."""
    monkeypatch.setenv("SITREP_INCIDENT", "nepal")
    assert json.loads(run_cli("layers", "--format", "json").out)["scenario"] == "nepal"
    monkeypatch.delenv("SITREP_INCIDENT")
    monkeypatch.setenv("SITREP_SCENARIO", "nepal")
    assert json.loads(run_cli("layers", "--format", "json").out)["scenario"] == "nepal"
    monkeypatch.setenv("SITREP_INCIDENT", "dingri-2025")
    assert json.loads(run_cli("layers", "--format", "json").out)["scenario"] == "dingri-2025"


def test_sitrep_incident_in_a_fresh_process(nepal, tmp_path):
    """The same from a separate process: SITREP_HOME and SITREP_INCIDENT in its environment."""
    env = {**os.environ, "SITREP_INCIDENT": "nepal", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-m", "sitrep.cli", "bands", "--layer", "villages", "--format", "json"],
                         env=env, capture_output=True, text=True, check=True, cwd=tmp_path).stdout  # fmt: skip
    doc = json.loads(out)
    assert doc["scenario"] == "nepal" and sum(r["count"] for r in doc["rows"]) == 4


def test_unknown_incident_lists_the_known_ones():
    """read_scenario_spec of an unknown name: SpecError naming known incidents and how to make one."""
    with pytest.raises(SpecError, match=r"no incident 'x'.*known incidents: dingri-2025 \(bundled\); create one with: sitrep incident new"):
        read_scenario_spec("x")


def test_help_teaches_by_example(capsys):
    """`sitrep incident --help` and `incident new --help` show worked examples."""
    from sitrep.cli import main

    for argv in (["incident", "--help"], ["incident", "new", "--help"], ["incident", "add", "--help"]):
        with pytest.raises(SystemExit):
            main(argv)
        out = capsys.readouterr().out
        assert "sitrep incident new nepal --event us20002926.geojson --tz Asia/Kathmandu" in out
        assert "sitrep bands --incident nepal" in out


def test_interrupted_creation_is_not_an_incident(private_sitrep_home, run_cli):
    """A folder without its NAME.toml (a creation cut short) is not listed and is replaced by `incident new`."""
    (private_sitrep_home / "incidents" / "nepal").mkdir(parents=True)
    (private_sitrep_home / "incidents" / "nepal" / "junk.toml").write_text("not toml [")
    assert "nepal" not in list_scenarios()
    assert run_cli("incident", "new", "nepal", "--event", EVENT).code == 0
    assert read_scenario_spec("nepal").layer_names == ("epicentres",)


def test_replacing_epicentres_keeps_the_reference_solution(run_cli, nepal):
    """The 'epicentres' layer may be replaced only by one holding the reference solution; other files go under --name."""
    other = DATA / "usgs-summary-feature.geojson"
    r = run_cli("incident", "add", "nepal", other, "--kind", "epicentres", "--force")
    assert r.code == 2 and "has no solution 'us20002926', the incident's reference solution" in r.err
    r = run_cli("incident", "add", "nepal", other, "--kind", "epicentres", "--name", "dingri-usgs")
    assert r.code == 0, r.err
    assert read_scenario_spec("nepal").layer("dingri-usgs").kind == "epicentres"


def test_symlinked_sitrep_home(run_cli, tmp_path, monkeypatch):
    """SITREP_HOME through a symbolic link: `layers` shows files relative to it (no path mismatch)."""
    real = tmp_path / "real-home"
    real.mkdir()
    (tmp_path / "link-home").symlink_to(real)
    monkeypatch.setenv("SITREP_HOME", str(tmp_path / "link-home"))
    assert run_cli("incident", "new", "nepal", "--event", EVENT).code == 0
    r = run_cli("layers", "--incident", "nepal", "--format", "json")
    assert r.code == 0, r.err
    assert json.loads(r.out)["layers"][0]["file"] == "incidents/nepal/epicentres.parquet"


def test_a_failure_at_the_last_rename_keeps_the_old_incident(run_cli, private_sitrep_home, monkeypatch):
    """--force failing when the new metadata file is renamed into place restores the old folder and metadata."""
    import sitrep.incidents as incidents

    assert run_cli("incident", "new", "nepal", "--event", EVENT, "--title", "first").code == 0
    assert run_cli("incident", "add", "nepal", VILLAGES, "--kind", "villages", "--provenance", "approximate", "--source", "x").code == 0
    real = os.replace

    def replace(src, dst):
        if str(dst).endswith("nepal.toml"):
            raise OSError(28, "No space left on device", str(dst))
        real(src, dst)

    monkeypatch.setattr(incidents.os, "replace", replace)
    assert run_cli("incident", "new", "nepal", "--event", EVENT, "--force", "--title", "second").code == 2
    monkeypatch.setattr(incidents.os, "replace", real)
    spec = read_scenario_spec("nepal")
    assert spec.title == "first" and "villages" in spec.layer_names
    assert sorted(p.name for p in (private_sitrep_home / "incidents").iterdir()) == ["nepal", "nepal.toml"]


# --- the newcomer's walk-through (README "Your own incident"; issue 10's "Done when") ---------------

GEONAMES = DATA / "geonames-np-sample.txt"
NEPAL_TITLE = "M 7.8 - 36km E of Khudi, Nepal"


@pytest.fixture
def newcomer(run_cli, private_sitrep_home):
    """README's walk-through as a newcomer types it: the event file alone (its time zone from the file's
    ``tz``), villages from a GeoNames dump, towers from an OpenCellID file; no --provenance or --source."""
    for args in (("incident", "new", "nepal", "--event", EVENT),
                 ("incident", "add", "nepal", GEONAMES, "--kind", "villages"),
                 ("incident", "add", "nepal", CELLS, "--kind", "base_stations")):  # fmt: skip
        r = run_cli(*args)
        assert r.code == 0, f"sitrep {' '.join(map(str, args))}: {r.err}"
    return private_sitrep_home / "incidents"


def test_a_geonames_dump_gives_the_newcomer_exact_bands(run_cli, newcomer):
    """Places 4, 9, 12, 35 and 80 km from the Gorkha epicentre (tests/data/README.md) fall in their bands,
    with GeoNames' populations summed; the layer keeps GeoNames as its source."""
    rows = _bands(run_cli, "--incident", "nepal")
    bands = ("0-10", "10-20", "20-50", "50+")
    assert [rows[("villages", b)]["count"] for b in bands] == [2, 1, 1, 1]
    assert [rows[("villages", b)]["population"] for b in bands] == [1500, 2000, 3000, 700]
    assert [rows[("base_stations", b)]["count"] for b in bands] == [1, 1, 1, None]
    spec, layers = load_scenario("nepal")
    assert (spec.title, spec.utc_offset_hours) == (NEPAL_TITLE, 5.75)
    villages = layers["villages"]
    assert sorted(villages["name"]) == ["Gaun Char", "Gaun Dui", "Gaun Ek", "Gaun Panch", "Gaun Tin"]
    assert set(villages["provenance"]) == {"reported"}


def test_a_geonames_layer_keeps_geonames_and_the_file_as_its_source(newcomer):
    """`incident add nepal NP.txt --kind villages` (no --source) stored source 'GeoNames (\\x00no source)'."""
    _, layers = load_scenario("nepal")
    assert set(layers["villages"]["source"]) == {"GeoNames (geonames-np-sample.txt)"}


def test_the_newcomers_report_is_titled_for_the_event_on_its_clock(run_cli, newcomer, tmp_path):
    """`sitrep report --incident nepal`: the event's USGS title, times in UTC+5:45, nothing of Dingri."""
    out = tmp_path / "nepal.html"
    r = run_cli("report", "--incident", "nepal", "--as-of", "2015-04-25T18:00+05:45", "--out", out)
    assert r.code == 0, r.err
    html = out.read_text(encoding="utf-8")
    assert re.search(r"<title>([^<]*)</title>", html).group(1).startswith(NEPAL_TITLE)
    assert f"<h1>{NEPAL_TITLE}</h1>" in html
    assert "2015-04-25 18:00 UTC+5:45" in html
    assert [t for t in ("Dingri", "定日", "UTC+8", "2025-01-07") if t in html] == []


def test_the_app_shows_the_newcomers_incident_on_its_own_clock(newcomer):
    """The app at ?incident=nepal: the event's title, the slider from its origin in UTC+5:45, no Dingri."""
    from datetime import datetime

    from streamlit.testing.v1 import AppTest

    from sitrep.app import state

    for cached in (state.scenario, state.exposure_layers, state.map_layer_docs):
        cached.clear()  # a 'nepal' of another test's SITREP_HOME may be cached in this process
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["incident"] = "nepal"
    at = at.run()
    assert not at.exception
    assert at.title[0].value == NEPAL_TITLE
    slider = at.slider(key="as_of")
    assert slider.label.startswith("As of (") and slider.label.endswith("UTC+5:45)")
    # the origin 06:11:25.950Z is 11:56 UTC+5:45 (bounds travel as microseconds since the epoch)
    assert datetime(1970, 1, 1) + pd.Timedelta(microseconds=slider.min) == datetime(2015, 4, 25, 11, 56)
    shown = "\n".join(str(getattr(el, attr, "")) for el in (*at.title, *at.caption, *at.markdown, *at.metric)
                      for attr in ("value", "label"))  # fmt: skip
    assert "Dingri" not in shown and "UTC+8" not in shown
    for cached in (state.scenario, state.exposure_layers, state.map_layer_docs):
        cached.clear()


def test_a_layer_from_another_part_of_the_world_is_warned_about(tmp_path, run_cli, monkeypatch):
    """Issue 10 (newcomer): Canadian cells added to a Nepal incident passed without a word,
    although the incident's region says where its data should lie."""
    monkeypatch.setenv("SITREP_HOME", str(tmp_path / "home"))
    assert run_cli("incident", "new", "nepal", "--epicentre", "28.23,84.73", "--time", "2015-04-25T06:11Z",
                   "--magnitude", "7.8", "--tz", "Asia/Kathmandu").code == 0
    far = tmp_path / "far.csv"
    far.write_text("id,name,lon,lat,population\na,Ottawa,-75.69,45.42,1000\n", encoding="utf-8")
    r = run_cli("incident", "add", "nepal", far, "--kind", "villages", "--source", "test", "--provenance", "synthetic")
    assert r.code == 0
    assert "100% of the coordinates fall outside the incident's region" in r.err
    # `sitrep check` warns so when an incident is named, not for a file checked on its own
    warned = run_cli("check", far, "--incident", "nepal")
    assert "outside the incident's region" in warned.err
    # issue 13 polish: a check that warned does not end "all checks passed"
    assert warned.code == 0 and "read, with 1 warning (above)" in warned.out and "all checks passed" not in warned.out
    quiet = run_cli("check", far)
    assert "outside the incident's region" not in quiet.err and "all checks passed" in quiet.out
    doc = json.loads(run_cli("check", far, "--incident", "nepal", "--format", "json").out)
    assert len(doc["warnings"]) == 1 and "outside the incident's region" in doc["warnings"][0]


def test_a_hand_edited_spec_cannot_reach_outside_its_incident_or_take_another_name(tmp_path, run_cli, monkeypatch):
    """Issue 10 (attacker): a layer spec's `file = "../../secret.csv"` read any file on the disk
    (and the app showed its first line to viewers); an incident file declaring another incident's
    name was listed, and reported, as that incident."""
    monkeypatch.setenv("SITREP_HOME", str(tmp_path / "home"))
    assert run_cli("incident", "new", "trav", "--epicentre", "28.23,84.73", "--time", "2015-04-25T06:11Z",
                   "--magnitude", "7.8", "--tz", "Asia/Kathmandu").code == 0
    (tmp_path / "secret.csv").write_text("id,name,lon,lat,population\nx,TOPSECRET,84.7,28.2,1\n", encoding="utf-8")
    folder = tmp_path / "home" / "incidents"
    (folder / "trav" / "villages.toml").write_text(
        'name = "villages"\nkind = "villages"\nfile = "../../../secret.csv"\ntitle = "Villages"\n', encoding="utf-8")
    r = run_cli("bands", "--incident", "trav", "--features")
    assert r.code == 2 and "lies outside the incident's folder" in r.err and "TOPSECRET" not in r.out + r.err
    (folder / "trav" / "villages.toml").unlink()
    spoof = (folder / "trav.toml").read_text(encoding="utf-8").replace('name = "trav"', 'name = "dingri-2025"')
    (folder / "spoof.toml").write_text(spoof, encoding="utf-8")
    (folder / "spoof").mkdir()
    r = run_cli("layers", "--incident", "spoof")
    assert r.code == 2 and "must match the file name 'spoof'" in r.err


def test_incident_text_with_invisible_characters_is_refused(tmp_path, run_cli, monkeypatch):
    """Issue 10 (attacker): --scope with ESC and U+202E became the default scope of every figure,
    past the records' own refusal of invisible characters; titles took newlines."""
    monkeypatch.setenv("SITREP_HOME", str(tmp_path / "home"))
    base = ("incident", "new", "h1", "--epicentre", "28.23,84.73", "--time", "2015-04-25T06:11Z", "--magnitude", "7.8",
            "--tz", "Asia/Kathmandu")
    for option, value in (("--scope", "x \x1b[31mRED"), ("--scope", "a\u202eevil"), ("--title", "two\nlines")):
        r = run_cli(*base, option, value)
        assert r.code == 2 and f"field '{option}'" in r.err and "invisible or control character" in r.err


def test_two_creations_of_one_incident_at_once_create_it_once(tmp_path):
    """Issue 10 (attacker): six `incident new race` at once all said "created"; only the last
    survived, silently replacing the others without --force."""
    import subprocess
    import sys

    env = {**os.environ, "SITREP_HOME": str(tmp_path / "home"), "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    cmd = [sys.executable, "-m", "sitrep.cli", "incident", "new", "race", "--epicentre", "28.23,84.73",
           "--time", "2015-04-25T06:11Z", "--magnitude", "7.8", "--tz", "Asia/Kathmandu"]
    procs = [subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    codes = [p.wait(timeout=120) for p in procs]
    assert sorted(codes) == [0, 2, 2, 2], [p.stderr.read() for p in procs]


def test_pagers_unknown_code_is_refused_when_the_incident_is_made(run_cli):
    """Attacker review: --country uk was accepted, then every intensity and report of the incident failed."""
    r = run_cli("incident", "new", "t1", "--event", EVENT, "--country", "uk")
    assert r.code == 2 and "GB" in r.err and "t1" not in list_scenarios()
