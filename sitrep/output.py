"""Writing results for people and programs: terminal tables, safe CSV, JSON, atomic files.

* CSV cells that begin with ``=``, ``+``, ``-``, ``@`` (or a tab / carriage
  return) are prefixed with ``'`` so a spreadsheet never runs them as formulas;
  numbers are left alone.
* Files are written to a temporary file beside the target and renamed into
  place, so a failed export never leaves a half-written file.
"""

from __future__ import annotations

import io
import json
import math
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import InputError

__all__ = ["neutralise_formula", "to_safe_csv", "to_json_text", "render_table", "write_atomic", "jsonable"]

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
    """CSV text of ``frame`` with every text cell neutralised against formula injection."""
    safe = frame.copy()
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


def render_table(frame: pd.DataFrame, *, align_right: Sequence[str] = ()) -> str:
    """A plain, aligned text table (no colours, safe to pipe)."""
    cols = list(frame.columns)
    cells = [[str(c) for c in cols]] + [["" if v is None else str(v) for v in row] for row in frame.itertuples(index=False)]
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

    Raises :class:`InputError` naming the path when it cannot be written.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise InputError(path, f"cannot be written: {exc.strerror or exc}", field="--out") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a report is an ordinary file
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(path, f"cannot be written: {exc.strerror or exc}", field="--out") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
