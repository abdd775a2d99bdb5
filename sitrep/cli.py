"""The ``sitrep`` command line.

Every subcommand follows the same rules: results on stdout, warnings and
errors on stderr, exit status 0 on success and 2 on bad input (one clear
line naming file, row and field, never a traceback).
"""

from __future__ import annotations

import argparse
import logging
import sys
import warnings
from collections.abc import Sequence

from . import __version__
from .errors import SitrepError

__all__ = ["main", "build_parser"]

EPILOG = """\
examples:
  sitrep layers                              list the bundled Dingri 2025 layers
  sitrep check my_villages.csv --kind villages
                                             validate a file before sharing it
  sitrep check event.geojson --kind epicentres
                                             read a USGS event file as a solution
  sitrep users add li.wei --role editor      an account that may write in the app (password asked)

exit status: 0 ok, 2 bad input (message on stderr), 1 internal error.
"""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (subcommands register themselves here)."""
    parser = argparse.ArgumentParser(
        prog="sitrep",
        description="Earthquake situational awareness: layers, distance bands, timeline and reports.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"sitrep {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what is read and computed (stderr)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    from .commands import ALL

    for command in ALL:
        command.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit status (0 ok, 2 bad input)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="sitrep: %(message)s")
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("always", UserWarning)  # a person should see every warning once
            warnings.showwarning = _show_warning
            return int(args.func(args) or 0)
    except SitrepError as exc:
        print(f"sitrep: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("sitrep: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    print(f"sitrep: warning: {message}", file=sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
