"""The ``sitrep`` command line.

Every subcommand follows the same rules: results on stdout, warnings and
errors on stderr, exit status 0 on success and 2 on bad input (one clear
line naming file, row and field, never a traceback). Output that cannot be
written (a full disk) is exit status 2 with one line too. Anything else is a
bug: one line naming it, exit status 1, and the traceback only with
``--verbose`` or ``SITREP_DEBUG=1``.
"""

from __future__ import annotations

import argparse
import errno
import logging
import os
import re
import sys
import traceback
import warnings
from collections.abc import Sequence
from datetime import timezone, tzinfo

from . import __version__
from .errors import SitrepError

__all__ = ["main", "build_parser", "COORDINATE_METAVAR", "join_coordinate_values"]

#: Options with this metavar take a coordinate pair, which may start with "-" (southern latitude).
COORDINATE_METAVAR = "LAT,LON"
# A value starting "-" then a digit or "." is a negative number, never an option (no option looks like that).
_NEGATIVE_VALUE = re.compile(r"-\s*[\d.]")

EPILOG = """\
examples:
  sitrep incident new nepal --event us20002926.geojson --tz Asia/Kathmandu
                                             your own incident from a USGS event file
  sitrep incident add nepal NP.txt --kind villages
                                             add a layer (here a GeoNames dump), checked and copied in
  sitrep bands --incident nepal              distance bands of that incident's layers
  sitrep report --incident nepal --as-of 2015-04-25T18:00+05:45 --out nepal.html
                                             its report, titled for its event, on its clock
  sitrep layers                              list the incident's layers (default: the bundled Dingri 2025 example)
  sitrep check my_villages.csv --kind villages
                                             validate a file before sharing it
  sitrep check event.geojson --kind epicentres
                                             read a USGS event file as a solution
  sitrep users add li.wei --role editor      an account that may write in the app (password asked)

exit status: 0 ok, 2 bad input (message on stderr), 1 internal error
(SITREP_DEBUG=1 or -v prints its traceback).
"""


#: Errors of writing that are the machine's state, not a bug: disk full, quota, I/O error, file too large.
WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG})


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser (subcommands register themselves here).

    With ``command`` (a subcommand's name, or ``""`` for none), only that subcommand's
    module is imported and registered; the others are listed by name and help line
    (:data:`sitrep.commands.COMMANDS`), which is all ``sitrep --help`` shows. So
    ``sitrep --help`` and ``sitrep timeline`` do not import GeoPandas. Without it, every
    subcommand is registered in full.
    """
    parser = argparse.ArgumentParser(
        prog="sitrep",
        description="Earthquake situational awareness: layers, distance bands, timeline and reports.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"sitrep {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what is read and computed (stderr)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    from .commands import COMMANDS, command_module

    for name, help_line in COMMANDS.items():
        if command is None or name == command:
            command_module(name).register(sub)
        else:  # listed only: never run, since the command line names another
            sub.add_parser(name, help=help_line)
    _verbose_everywhere(sub)
    return parser


def _verbose_everywhere(group: argparse._SubParsersAction) -> None:
    """``-v`` after the subcommand too (``sitrep bands -v``), as the error hint suggests."""
    for parser in set(group.choices.values()):
        if "-v" not in parser._option_string_actions:
            parser.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                                help="log what is read and computed (stderr)")  # fmt: skip
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                _verbose_everywhere(action)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit status (0 ok, 2 bad input or unwritable output, 1 internal error)."""
    argv = [str(a) for a in (sys.argv[1:] if argv is None else argv)]
    parser = build_parser(_command_named(argv))
    args = parser.parse_args(join_coordinate_values(parser, argv))
    from .output import terminal_safe  # after parsing: `sitrep --help` needs neither pandas nor these
    from .timeutil import assume_zone

    handler = logging.StreamHandler()
    handler.setFormatter(_TerminalFormatter("sitrep: %(message)s"))
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, handlers=[handler])
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("always", UserWarning)  # a person should see every warning once
            warnings.showwarning = _show_warning
            with assume_zone(_incident_zone(args)):  # naive times are read, and times shown, in the incident's zone
                code = int(args.func(args) or 0)
        # Flushed here, not at interpreter exit, so that a full disk is reported like any error.
        sys.stdout.flush()
        return code
    except SitrepError as exc:
        _error(f"sitrep: error: {terminal_safe(exc)}")
        return 2
    except KeyboardInterrupt:
        _error("sitrep: interrupted")
        return 130
    except BrokenPipeError:
        _silence_stdout()  # the reader left (| head): not an error
        return 0
    except OSError as exc:
        if exc.errno not in WRITE_ERRNOS:
            return _internal_error(exc, args)
        if exc.filename is None:
            _silence_stdout()
        _error(terminal_safe(f"sitrep: error: cannot write {exc.filename or 'output'}: {exc.strerror or exc}"))
        return 2
    except Exception as exc:  # noqa: BLE001 - the last net: a bug, shown as one line
        return _internal_error(exc, args)


def _command_named(argv: Sequence[str]) -> str:
    """The subcommand a command line names: its first word that is not an option (the
    top-level options take no value), or ``""`` when there is none or it is unknown
    (argparse then lists the choices)."""
    from .commands import COMMANDS

    for arg in argv:
        if arg == "--":
            break
        if not arg.startswith("-"):
            return arg if arg in COMMANDS else ""
    return ""


def join_coordinate_values(parser: argparse.ArgumentParser, argv: Sequence[str]) -> list[str]:
    """``--epicentre -18.11,-178.15`` -> ``--epicentre=-18.11,-178.15`` for every ``LAT,LON`` option.

    argparse takes a value starting with "-" for an option unless it is a plain
    negative number, so a southern epicentre would be refused as written. Every
    option whose metavar is :data:`COORDINATE_METAVAR`, in any subcommand, gets
    its value joined to it; nothing after ``--`` is touched.
    """
    options = _coordinate_options(parser)
    out: list[str] = []
    args = [str(a) for a in argv]
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            out += args[i:]
            break
        if arg in options and i + 1 < len(args) and _NEGATIVE_VALUE.match(args[i + 1]):
            out.append(f"{arg}={args[i + 1]}")
            i += 2
            continue
        out.append(arg)
        i += 1
    return out


def _coordinate_options(parser: argparse.ArgumentParser) -> set[str]:
    """The option strings (``--epicentre`` ...) whose metavar is ``LAT,LON``, in this parser and its subparsers."""
    found: set[str] = set()
    for action in parser._actions:  # argparse has no public walk over subcommands
        if isinstance(action, argparse._SubParsersAction):
            for sub in set(action.choices.values()):
                found |= _coordinate_options(sub)
        elif action.metavar == COORDINATE_METAVAR:
            found |= set(action.option_strings)
    return found


def _incident_zone(args: argparse.Namespace) -> tzinfo:
    """The time zone of the incident a command works on (``--incident``); UTC for commands
    without one or when the incident cannot be read (the command then says why)."""
    name = getattr(args, "scenario", None)
    if not name:
        return timezone.utc
    from .io.catalog import read_scenario_spec

    try:
        return read_scenario_spec(name).tzinfo
    except SitrepError:
        return timezone.utc


def _internal_error(exc: BaseException, args: argparse.Namespace) -> int:
    from .output import terminal_safe

    if args.verbose or os.environ.get("SITREP_DEBUG", "").strip() not in ("", "0"):
        traceback.print_exception(exc, file=sys.stderr)
    message = " ".join(str(exc).split())[:300]
    _error(terminal_safe(f"sitrep: internal error: {type(exc).__name__}: {message}; run with -v for details"))
    return 1


def _silence_stdout() -> None:
    # Python flushes stdout once more at exit; point it at /dev/null so that
    # flush cannot fail again and print "Exception ignored ..." after our line.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass  # stdout is not a real file (tests capture it): nothing to flush at exit


def _error(line: str) -> None:
    try:
        print(line, file=sys.stderr)
    except OSError:
        pass  # stderr is gone too: the exit status is all we can give


class _TerminalFormatter(logging.Formatter):
    """Log lines quote file names and ids: show their control characters as escapes."""

    def format(self, record: logging.LogRecord) -> str:
        from .output import terminal_safe

        return terminal_safe(super().format(record))


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    from .output import terminal_safe

    print(f"sitrep: warning: {terminal_safe(message)}", file=sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
