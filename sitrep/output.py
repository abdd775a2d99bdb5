"""Writing results for people and programs: terminal tables, safe CSV, JSON, atomic files.

* CSV cells and column headers that begin with ``=``, ``+``, ``-``, ``@`` (or a
  tab / carriage return) are prefixed with ``'`` so a spreadsheet never runs them
  as formulas; numbers are left alone.
* Text for a terminal goes through :func:`terminal_safe`: control characters
  (C0, C1, ESC, DEL), line breaks, tabs and bidirectional overrides in user text
  are shown as visible escapes (``\\x1b``), so a name cannot move the cursor,
  recolour the terminal, forge a line or reorder what is shown.
* Files are written to a temporary file beside the target and renamed into
  place, so a failed export never leaves a half-written file; a device or pipe
  (``/dev/null``, ``/dev/stdout``) is written through, never replaced (see
  :func:`write_atomic`).
"""

from __future__ import annotations

import io
import json
import math
import os
import stat
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import InputError

__all__ = ["neutralise_formula", "to_safe_csv", "to_json_text", "render_table", "terminal_safe", "stdout_text", "write_atomic", "jsonable", "local_time_column"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: object) -> object:
    """``'=1+1'`` -> ``"'=1+1"``; non-text values come back unchanged.

    >>> neutralise_formula("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> neutralise_formula(-3)
    -3
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_safe_csv(frame: pd.DataFrame) -> str:
    """CSV text of ``frame`` with every text cell and column header neutralised against formula injection."""
    safe = frame.copy()
    safe.columns = [neutralise_formula(str(c)) for c in safe.columns]
    for col in safe.columns:
        if safe[col].dtype == object or pd.api.types.is_string_dtype(safe[col]):
            safe[col] = safe[col].map(neutralise_formula)
    buf = io.StringIO()
    safe.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue()


def jsonable(value: object) -> object:
    """Plain JSON values: NaN/NA -> None, integral floats -> int, numpy scalars -> Python, times -> ISO."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (pd.Timestamp,)):
        return value.isoformat()
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        if math.isnan(value):
            return None
        return int(value) if float(value).is_integer() and abs(value) < 2**53 else float(value)
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


def to_json_text(doc: object) -> str:
    return json.dumps(jsonable(doc), ensure_ascii=False, indent=2) + "\n"


# Characters a terminal acts on instead of showing: C0 controls (ESC, BEL, newline, tab,
# backspace, carriage return...), DEL, C1 controls (0x9b is a one-byte CSI), and the
# Unicode bidirectional embeddings, overrides and isolates ("Trojan Source"), plus the
# line / paragraph separators some terminals and editors treat as line breaks.
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_TERMINAL = {
    **{c: _NAMED.get(chr(c), f"\\x{c:02x}") for c in (*range(0x00, 0x20), *range(0x7F, 0xA0))},
    **{c: f"\\u{c:04x}" for c in (0x061C, 0x200E, 0x200F, 0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A))},
}


def terminal_safe(text: object) -> str:
    """``text`` with every character a terminal would act on shown as a visible escape.

    User text (names, sources, notes, file names, ids) is printed through this, never raw:
    ESC sequences, carriage returns, newlines, tabs, C1 controls and bidi overrides come out
    as ``\\x1b``, ``\\r``, ``\\n``, ``\\t``, ``\\x9b``, ``\\u202e``. Everything else, CJK included, is
    unchanged.

    >>> terminal_safe("Camp\\x1b[2J 1\\nfake line")
    'Camp\\\\x1b[2J 1\\\\nfake line'
    >>> terminal_safe("定日县 Dingri")
    '定日县 Dingri'
    """
    return str(text).translate(_TERMINAL)


# JSON escapes C0 controls itself (json.dumps writes ESC as \\u001b) but not DEL, C1 or bidi
# controls; written as \\uXXXX they stay valid JSON and do nothing to a terminal.
_TERMINAL_JSON = {c: f"\\u{c:04x}" for c in _TERMINAL if c >= 0x7F}


def stdout_text(text: str, fmt: str) -> str:
    """``text`` in format ``fmt`` (csv, json, geojson, table...) as written to standard output.

    To a file or a pipe it is unchanged: CSV and JSON stay exact for programs. When standard
    output is a terminal, user text in CSV is shown through :func:`terminal_safe` line by
    line, and JSON gets ``\\uXXXX`` escapes for the controls ``json.dumps`` leaves raw, so no
    cell can move the cursor, recolour the terminal or reorder what is shown.

    >>> stdout_text("name\\nCamp\\x1b[2J\\n", "csv") == "name\\nCamp\\x1b[2J\\n"  # not a terminal here
    True
    """
    try:
        terminal = sys.stdout.isatty()
    except (AttributeError, ValueError):  # no stdout, or a closed one
        terminal = False
    if not terminal:
        return text
    if fmt == "csv":
        return "\n".join(terminal_safe(line) for line in text.split("\n"))
    if fmt in ("json", "geojson"):
        return text.translate(_TERMINAL_JSON)
    return text


def render_table(frame: pd.DataFrame, *, align_right: Sequence[str] = ()) -> str:
    """A plain, aligned text table (no colours, safe to pipe); every cell through :func:`terminal_safe`."""
    cols = list(frame.columns)
    cells = [[terminal_safe(c) for c in cols]] + [["" if v is None else terminal_safe(v) for v in row] for row in frame.itertuples(index=False)]
    width = [max(_width(r[i]) for r in cells) for i in range(len(cols))]
    lines = []
    for n, row in enumerate(cells):
        parts = [_pad(v, width[i], right=cols[i] in align_right) for i, v in enumerate(row)]
        lines.append("  ".join(parts).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in width))
    return "\n".join(lines) + "\n"


def _width(text: str) -> int:
    # CJK characters take two terminal columns.
    return sum(2 if ord(ch) >= 0x1100 and _wide(ch) else 1 for ch in text)


def _wide(ch: str) -> bool:
    import unicodedata

    return unicodedata.east_asian_width(ch) in ("W", "F")


def _pad(text: str, width: int, *, right: bool) -> str:
    gap = " " * (width - _width(text))
    return gap + text if right else text + gap


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename.

    What ``path`` names decides how it is written:

    * nothing yet, or a regular file: a temporary file beside it is renamed into place, so
      a failed write never leaves half a file. A replaced file keeps its permission bits
      (and its owner where the user may set it); a new file gets ``0666 & ~umask``. A file
      this user may not write is refused, not replaced.
    * a symbolic link: its final target is written that way; the link stays a link.
    * a character device or FIFO (``/dev/null``, ``/dev/stdout``, a named pipe), or anything
      under ``/dev`` or ``/proc``: written through in place (not atomic), never replaced.
    * a folder, a block device or a socket: refused.

    Raises :class:`InputError` naming the path (field ``--out``) when it cannot be written.
    """
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    target, existing = _write_target(path)
    if target is None:
        _write_through(path, payload)
        return
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise InputError(path, f"cannot be written: {exc.strerror or exc}", field="--out") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        _copy_mode(tmp, existing)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(path, f"cannot be written: {exc.strerror or exc}", field="--out") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_target(path: Path) -> tuple[Path | None, os.stat_result | None]:
    """(file to replace atomically, its current stat) for ``path``; (None, None) to write through."""
    try:
        st = os.stat(path)  # follows symbolic links
    except FileNotFoundError:
        return (path.resolve() if path.is_symlink() else path), None  # a dangling link: create its target
    except OSError as exc:
        raise InputError(path, f"cannot be written: {exc.strerror or exc}", field="--out") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(path, "is a folder; expected a file name", field="--out")
    resolved = path.resolve()
    system = any(p.parts[1:2] in (("dev",), ("proc",)) for p in (path.absolute(), resolved))
    if stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode) or system:
        return None, None
    if not stat.S_ISREG(st.st_mode):
        raise InputError(path, "is a block device or socket, not a file; expected a file name", field="--out")
    if not os.access(resolved, os.W_OK):
        raise InputError(path, "is read-only; not replaced (change its permissions or choose another name)", field="--out")
    return resolved, st


def _write_through(path: Path, payload: bytes) -> None:
    try:
        with open(path, "wb") as fh:  # a device or pipe: there is nothing to rename
            fh.write(payload)
    except OSError as exc:
        raise InputError(path, f"cannot be written: {exc.strerror or exc}", field="--out") from None


def _copy_mode(tmp: str, existing: os.stat_result | None) -> None:
    """Give the temporary file the replaced file's permissions (and owner, when allowed), else umask's."""
    if existing is None:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a report is an ordinary file
        return
    os.chmod(tmp, stat.S_IMODE(existing.st_mode) & 0o777)
    if (existing.st_uid, existing.st_gid) != (os.geteuid(), os.getegid()):
        try:
            os.chown(tmp, existing.st_uid, existing.st_gid)
        except OSError:
            pass  # not allowed to give it away: the new file is this user's


def local_time_column(name: str, texts: Sequence[str]) -> tuple[str, list[str]]:
    """A table column of :func:`~sitrep.timeutil.format_local` texts: when every time carries
    the same zone (``UTC+8``), the zone goes in the header once; otherwise each keeps its own
    (a zone with daylight saving changes offset within an incident).

    >>> local_time_column("observed", ["2025-01-07 09:05 UTC+8", "2025-01-07 19:00 UTC+8"])
    ('observed (UTC+8)', ['2025-01-07 09:05', '2025-01-07 19:00'])
    >>> local_time_column("observed", ["2016-04-02 23:00 UTC+13", "2016-04-03 09:00 UTC+12"])[0]
    'observed'
    """
    zones = {t.rpartition(" ")[2] for t in texts}
    if len(zones) != 1:
        return name, list(texts)
    zone = zones.pop()
    return f"{name} ({zone})", [t.removesuffix(f" {zone}") for t in texts]
