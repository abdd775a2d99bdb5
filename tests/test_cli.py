"""`sitrep` on the command line: results on stdout, one clear error line on stderr, exit 2."""

import json
import subprocess
import sys

import pytest

from .conftest import DATA


def test_help_teaches_with_examples(run_cli, capsys):
    with pytest.raises(SystemExit) as exc:
        run_cli("--help")
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "examples:" in out and "sitrep check" in out and "exit status" in out


def test_help_shows_how_to_make_your_own_incident(run_cli, capsys):
    """Issue 10: `sitrep --help` taught only the bundled Dingri layers ("list the bundled Dingri 2025 layers")."""
    with pytest.raises(SystemExit):
        run_cli("--help")
    out = capsys.readouterr().out
    assert "sitrep incident new nepal --event us20002926.geojson --tz Asia/Kathmandu" in out
    assert "sitrep bands --incident nepal" in out
    assert "list the incident's layers (default: the bundled Dingri 2025 example)" in out
    assert "list the bundled Dingri 2025 layers" not in out


def test_layers_lists_the_bundled_scenario(run_cli):
    r = run_cli("layers")
    assert r.code == 0
    assert "base_stations    751" in r.out
    assert "村庄" in r.out
    assert "illustrative" in r.out


def test_layers_as_json(run_cli):
    doc = json.loads(run_cli("layers", "--format", "json").out)
    counts = {row["layer"]: row["features"] for row in doc["layers"]}
    assert counts["base_stations"] == 751 and counts["townships"] == 13
    assert doc["layers"][0]["provenance"]


def test_check_reads_a_usgs_event(run_cli):
    r = run_cli("check", DATA / "usgs-us6000pi9w-detail.geojson", "--kind", "epicentres", "--format", "json")
    assert r.code == 0
    assert json.loads(r.out)["features"] == 1


def test_check_reads_opencellid(run_cli):
    r = run_cli("check", DATA / "opencellid-sample.csv", "--kind", "base_stations")
    assert r.code == 0 and "6 base_stations" in r.out


def test_bad_input_is_one_line_on_stderr_and_exit_2(run_cli, write):
    r = run_cli("check", write("v.csv", "id,lon,lat\na,87.4,abc\n"))
    assert r.code == 2
    assert r.out == ""
    assert r.err.strip().splitlines() == [
        f"sitrep: error: {write('v.csv', 'id,lon,lat').parent}/v.csv, row 1 (line 2), field 'lat': coordinate is 'abc'; expected a number"
    ]


def test_unknown_scenario_is_exit_2(run_cli):
    r = run_cli("layers", "--scenario", "atlantis")
    assert r.code == 2 and "no incident 'atlantis'" in r.err


def test_suspected_swap_is_a_warning_on_stderr(run_cli, write):
    r = run_cli("check", write("s.csv", "id,lon,lat\na,28.5,87.45\n"))
    assert r.code == 0  # latitude 87.45 is legal, so it is a warning, not an error
    assert r.err.startswith("sitrep: warning: ") and "swapped" in r.err


def test_console_script_runs_without_traceback(write):
    bad = write("bad.geojson", '{"type": "FeatureCollection", "features": [')
    proc = subprocess.run([sys.executable, "-m", "sitrep.cli", "check", str(bad)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "bad.geojson: is not valid JSON at line 1" in proc.stderr


def test_verbose_goes_before_or_after_the_subcommand(run_cli):
    """Issue 10 (newcomer): the error hint says "run with -v", and `sitrep bands -v` was refused."""
    for args in (("-v", "layers"), ("layers", "-v"), ("incident", "list", "-v")):
        assert run_cli(*args).code == 0
