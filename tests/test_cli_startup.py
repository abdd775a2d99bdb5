"""The CLI starts without the heavy libraries it does not need (issue 12, "a fast first page").

``sitrep --help`` lists every command from :data:`sitrep.commands.COMMANDS` and imports no
command module; ``sitrep timeline`` imports only its own (the store, pandas) and never
GeoPandas, Shapely or pyproj, which cost about half a second before the first line. Each
check runs in a fresh interpreter, since this test session has imported everything already.
No test here measures time: ``benchmarks/app.py`` does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from sitrep.cli import build_parser, main
from sitrep.commands import COMMANDS, all_modules

GEO = ("geopandas", "shapely", "pyproj", "pyogrio")


def imported_by(*argv: str) -> dict:
    """Run ``sitrep ARGV`` in a fresh interpreter; its exit code, stdout, and which heavy modules it imported."""
    probe = (
        "import contextlib, io, json, sys\n"
        "from sitrep.cli import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        "    try:\n"
        f"        code = main({list(argv)!r})\n"
        "    except SystemExit as exc:\n"
        "        code = exc.code\n"
        "mods = ['geopandas', 'shapely', 'pyproj', 'pyogrio', 'pandas', 'sqlalchemy', 'streamlit', 'weasyprint', 'matplotlib']\n"
        "print(json.dumps({'code': code, 'out': out.getvalue(), 'imported': [m for m in mods if m in sys.modules]}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=dict(os.environ), timeout=300, check=True
    )
    return json.loads(done.stdout.splitlines()[-1])


def test_help_lists_every_command_with_its_help_line_without_importing_one():
    """Guards: `sitrep --help` imported every command module, hence GeoPandas and pandas (~1 s)."""
    result = imported_by("--help")
    assert result["code"] == 0
    for name, line in COMMANDS.items():
        assert name in result["out"] and " ".join(line.split()[:4]) in " ".join(result["out"].split())
    assert result["imported"] == []


def test_help_is_the_same_text_as_the_fully_built_parser():
    """The listed stubs print exactly what the full parser prints."""
    assert build_parser("").format_help() == build_parser().format_help()


def test_the_index_of_commands_holds_the_help_line_each_module_registers():
    """COMMANDS repeats each module's help line for `sitrep --help`: the two never drift apart."""
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")  # argparse has no public walk over subcommands
    registered = {c.dest: c.help for c in sub._choices_actions}
    assert registered == COMMANDS
    assert [m.__name__.rsplit(".", 1)[1] for m in all_modules()] == list(COMMANDS)


def test_timeline_does_not_import_geopandas(tmp_path):
    """Guards: `sitrep timeline` imported GeoPandas, Shapely and pyproj through the shared options module."""
    result = imported_by("timeline", "--incident", "dingri-2025")
    assert result["code"] == 0
    assert "deaths" in result["out"]
    assert not set(GEO) & set(result["imported"])


@pytest.mark.parametrize("name", list(COMMANDS))
def test_each_command_has_its_own_help(name, capsys):
    """`sitrep X --help` builds X's full parser (its description and options), not the listing stub."""
    with pytest.raises(SystemExit, match="0"):
        main([name, "--help"])
    out = capsys.readouterr().out
    assert out.startswith(f"usage: sitrep {name} ")
    assert "--verbose" in out and len(out.splitlines()) > 6


def test_a_command_help_imports_only_what_it_needs():
    """`sitrep timeline --help` stays free of GeoPandas; `sitrep bands --help` still works (its module imports no engine)."""
    assert not set(GEO) & set(imported_by("timeline", "--help")["imported"])
    bands = imported_by("bands", "--help")
    assert bands["code"] == 0 and "--layer" in bands["out"]
    assert "geopandas" not in bands["imported"]
