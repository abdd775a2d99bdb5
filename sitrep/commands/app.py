"""``sitrep app``: serve the Streamlit app (``python -m sitrep.app`` is the same command).

Runs ``streamlit run`` (through :mod:`sitrep.app.serve`) on the packaged script (``sitrep/app/main.py``) with sitrep's server
settings, so that an installed sitrep behaves as ``make run`` does in a checkout: every option
of sitrep's ``.streamlit/config.toml`` (the checkout's, or the copy the wheel carries) is passed
on the command line - offline (no usage statistics, nothing fetched), headless, the upload
limit, unexpected errors shown by type only - and the app listens on 127.0.0.1 unless
``--address`` says otherwise. Command-line options win over any ``.streamlit/config.toml`` in
the folder the app is started from.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tomllib
from pathlib import Path

from ..errors import InputError, SitrepError
from ..settings import BUNDLED_ROOT

__all__ = ["register", "run", "streamlit_command", "streamlit_options", "APP_SCRIPT", "CONFIG_FILE"]

#: The Streamlit script of the app, inside the package.
APP_SCRIPT: Path = Path(__file__).resolve().parents[1] / "app" / "main.py"
#: sitrep's Streamlit settings: the checkout's, or the copy in the installed package.
CONFIG_FILE: Path = BUNDLED_ROOT / ".streamlit" / "config.toml"


def register(sub) -> None:
    p = sub.add_parser("app", help="serve the app in a browser (Streamlit), on this machine unless --address says otherwise",
                       epilog="""examples:
  sitrep app                                   the bundled Dingri incident at http://127.0.0.1:8501
  sitrep app --incident nepal --port 8600      another incident (sitrep incident new), another port
  sitrep app --address 0.0.0.0                 serve a LAN, behind a TLS reverse proxy (README: Security)
""", formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    p.add_argument("--port", type=int, default=8501, help="TCP port (default: %(default)s)")
    p.add_argument("--address", default="127.0.0.1",
                   help="address to listen on (default: %(default)s, this machine only; 0.0.0.0 serves a LAN, "
                        "behind a TLS reverse proxy: see the README's Security section)")  # fmt: skip
    p.add_argument("--incident", "--scenario", dest="incident", default=None,
                   help="incident the app opens with (sets SITREP_INCIDENT for the app)")  # fmt: skip
    p.set_defaults(func=run)


def streamlit_options(config_file: Path = CONFIG_FILE) -> list[str]:
    """Every option of a Streamlit ``config.toml`` as ``--section.key=value`` arguments (TOML order)."""
    try:
        config = tomllib.loads(config_file.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SitrepError(f"{config_file}: cannot read sitrep's Streamlit settings ({exc}); reinstall sitrep") from None
    out = []
    for section, options in config.items():
        for key, value in options.items():
            text = ("true" if value else "false") if isinstance(value, bool) else str(value)
            out.append(f"--{section}.{key}={text}")
    return out


def streamlit_command(port: int = 8501, address: str = "127.0.0.1") -> list[str]:
    """The ``streamlit run`` command line ``sitrep app`` executes (this Python, the packaged script).

    Streamlit is started through :mod:`sitrep.app.serve`, which imports the pages' libraries
    before the server listens (the first page load does not wait for them).
    """
    if not 0 < port < 65536:
        raise SitrepError(f"--port {port}: not a TCP port; expected 1-65535")
    return [sys.executable, "-m", "sitrep.app.serve", "run", str(APP_SCRIPT), *streamlit_options(),
            f"--server.port={port}", f"--server.address={address}"]  # fmt: skip


def run(args: argparse.Namespace) -> int:
    command = streamlit_command(args.port, args.address)
    env = dict(os.environ)
    if args.incident:
        from ..io.catalog import list_scenarios

        known = list_scenarios()
        if args.incident not in known:  # the page would show another incident without a word
            raise InputError(None, f"no incident named {args.incident[:80]!r}; known incidents: {', '.join(known) or 'none'} "
                                   "(sitrep incident list; sitrep incident new NAME --event FILE makes one)",
                             field="--incident")  # fmt: skip
        env["SITREP_INCIDENT"] = env["SITREP_SCENARIO"] = args.incident
    sys.stdout.flush()
    sys.stderr.flush()
    if os.name != "posix":
        return subprocess.call(command, env=env)
    os.execve(sys.executable, command, env)  # Streamlit takes this process over: its signals, its exit status
    return 0  # not reached (but where a test replaces execve)
