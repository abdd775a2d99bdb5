"""Text tables as responders have them: encodings, HXL hashtag rows, coordinate cells.

Three pieces used by the CSV (and spreadsheet) readers of :mod:`sitrep.io.reader`:

* :func:`decode_table_text` - a text file's bytes as text: UTF-8 (with or
  without a byte-order mark) first, then GB18030 (a superset of GBK and
  GB2312, what Chinese Excel and WPS save "CSV" as). Which one was used is
  logged; a file that is neither is refused naming the first bad byte's line.
* :func:`split_hxl_row` - an HXL hashtag row (``#geo+lat``, ``#loc+name`` ...)
  directly under the header is taken out of the data, and its hashtags name
  the columns whose header words sitrep does not know (:data:`HXL_FIELDS`).
* :func:`parse_coordinates` - coordinate cells as numbers: plain decimal
  degrees, or degrees with a hemisphere (``87.45°E``, ``E87.45``, ``28.5N``,
  ``东经87.45``, ``北纬28°30'``); see the function for what is refused.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError

__all__ = ["HXL_FIELDS", "decode_table_text", "split_hxl_row", "hxl_column_names", "parse_coordinates"]

log = logging.getLogger("sitrep")


# --- encodings ---------------------------------------------------------------------------------


def decode_table_text(data: bytes, path: str | Path, *, what: str = "a CSV file") -> tuple[str, str]:
    """``(text, encoding)`` of a text table's bytes: ``"UTF-8"`` or ``"GB18030"``.

    UTF-8 is tried first (a leading byte-order mark is dropped): valid UTF-8
    is almost never valid anything-else by accident, while GB18030 decodes
    many byte strings, so it is only the fallback. Raises
    :class:`InputError` naming the line of the first byte that is valid in
    neither.

    >>> decode_table_text("经度\\n".encode("gb18030"), "x.csv")
    ('经度\\n', 'GB18030')
    """
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            pos = utf8_error.start
            line = data.count(b"\n", 0, pos) + 1
            raise InputError(
                path,
                f"is not UTF-8 text, nor GB18030/GBK: byte 0x{data[pos]:02x} on line {line} is neither; "
                f"expected {what} saved as UTF-8 (or GB18030)",
            ) from None
        log.info("%s is not UTF-8; read it as GB18030 (GBK)", path)
        return text, "GB18030"


# --- HXL ----------------------------------------------------------------------------------------

_HXL_TAG = re.compile(r"#[A-Za-z][A-Za-z0-9_]*(\s*\+\s*[A-Za-z][A-Za-z0-9_]*)*")

#: HXL hashtags (with the attributes that must be present) -> sitrep field, in priority order.
#: Used only for columns whose header word sitrep does not recognise itself.
HXL_FIELDS: tuple[tuple[str, frozenset[str], str], ...] = (
    ("#geo", frozenset({"lat"}), "lat"),
    ("#geo", frozenset({"lon"}), "lon"),
    ("#loc", frozenset({"name", "i_zh"}), "name_zh"),
    ("#loc", frozenset({"name"}), "name"),
    ("#population", frozenset(), "population"),
    ("#meta", frozenset({"id"}), "id"),
    ("#meta", frozenset({"source"}), "source"),
    ("#meta", frozenset({"provenance"}), "provenance"),
    ("#adm3", frozenset({"name"}), "township"),
)


def _is_hxl_row(cells: list[object]) -> bool:
    # HXL 1.1: the hashtag row is one whose non-empty cells are all hashtags (at least one).
    texts = ["" if c is None or (isinstance(c, float) and np.isnan(c)) else str(c).strip() for c in cells]
    filled = [t for t in texts if t]
    return bool(filled) and all(_HXL_TAG.fullmatch(t) for t in filled)


def split_hxl_row(df: pd.DataFrame) -> tuple[pd.DataFrame, list[str] | None]:
    """``(data, hashtags)``: the first row taken out when it is an HXL hashtag row, else ``(df, None)``."""
    if len(df) == 0 or not _is_hxl_row(list(df.iloc[0])):
        return df, None
    tags = ["" if pd.isna(c) else str(c).strip() for c in df.iloc[0]]
    return df.iloc[1:].reset_index(drop=True), tags


def hxl_column_names(columns: list[str], tags: list[str], known: set[str]) -> dict[str, str]:
    """Renames ``{column: field}`` for columns whose header is not in ``known`` (lower case) but whose hashtag maps.

    A field already present as a column (by name, any case) is never produced twice.

    >>> hxl_column_names(["Breite", "Länge", "Ort"], ["#geo+lat", "#geo+lon", "#loc+name"], {"lat", "lon", "name"})
    {'Breite': 'lat', 'Länge': 'lon', 'Ort': 'name'}
    """
    taken = {str(c).lower() for c in columns}
    out: dict[str, str] = {}
    for col, tag in zip(columns, tags):
        if not tag or str(col).lower() in known:
            continue
        base, *attrs = [p.strip().lower() for p in tag.split("+")]
        for hashtag, needed, field in HXL_FIELDS:
            if base == hashtag and needed <= set(attrs) and field not in taken:
                out[col] = field
                taken.add(field)
                break
    return out


# --- coordinate cells --------------------------------------------------------------------------

_NUM = r"\d+(?:\.\d*)?|\.\d+"
_COORD = re.compile(
    rf"""^(?P<pre>[NSEW]|东经|西经|北纬|南纬)?\s*
         (?P<sign>[-+])?\s*
         (?P<deg>{_NUM})\s*
         (?:(?P<dsym>[°º˚度])\s*
            (?:(?P<min>{_NUM})\s*['′’分]\s*
               (?:(?P<sec>{_NUM})\s*(?:["″”秒]|'')\s*)?
            )?
         )?
         (?P<post>[NSEW])?$""",
    re.VERBOSE | re.IGNORECASE,
)
_HEMISPHERES = {"N": ("lat", 1), "S": ("lat", -1), "E": ("lon", 1), "W": ("lon", -1),
                "北纬": ("lat", 1), "南纬": ("lat", -1), "东经": ("lon", 1), "西经": ("lon", -1)}  # fmt: skip


def parse_coordinates(cells: pd.Series, axis: str) -> tuple[np.ndarray, int | None, str | None]:
    """Decimal degrees of ``cells`` for ``axis`` (``"lon"`` or ``"lat"``), and the first refused cell.

    Returns ``(values, first_bad_position, reason)``; ``values`` is NaN where
    a cell was refused. Accepted: plain numbers (``-18.11``); a hemisphere
    letter before or after (``87.45E``, ``E 87.45``, ``28.5n``) or a Chinese
    prefix (``东经87.45``, ``北纬28.5``); a degree sign and minutes/seconds
    (``87°27'E``, ``28°30′15″N``, ``87度27分``). Refused, with the reason:
    a hemisphere of the other axis (``28.5N`` in a longitude column), two
    hemispheres, a sign together with a hemisphere (``-87.45W`` could mean
    either side), minutes or seconds of 60 or more, anything else.
    """
    text = cells.map(lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v).strip())
    values = pd.to_numeric(text.where(text != ""), errors="coerce").to_numpy(dtype=float, na_value=np.nan, copy=True)
    todo = np.flatnonzero(~np.isfinite(values) & (text != "").to_numpy())
    first_bad: int | None = None
    reason: str | None = None
    for i in todo:  # only the cells that are not plain numbers
        value, why = _parse_one(text.iloc[i], axis)
        values[i] = value
        if why is not None and first_bad is None:
            first_bad, reason = int(i), why
    empty = np.flatnonzero((text == "").to_numpy())
    if len(empty) and (first_bad is None or empty[0] < first_bad):
        first_bad, reason = int(empty[0]), "empty"
    return values, first_bad, reason


def _parse_one(cell: str, axis: str) -> tuple[float, str | None]:
    word = "longitude" if axis == "lon" else "latitude"
    m = _COORD.match(cell)
    if m is None:
        return np.nan, "not a number"
    pre, post = (m.group("pre") or "").upper(), (m.group("post") or "").upper()
    if pre and post:
        return np.nan, "has two hemispheres"
    hemi = pre or post
    if not hemi and not m.group("dsym"):
        return np.nan, "not a number"  # e.g. 'inf' or 'nan' spelled out
    sign = -1.0 if m.group("sign") == "-" else 1.0
    if hemi:
        hemi_axis, hemi_sign = _HEMISPHERES[hemi]
        if hemi_axis != axis:
            other = "latitude" if axis == "lon" else "longitude"
            return np.nan, f"is a {other} ({hemi}) in the {word} column"
        if m.group("sign"):
            return np.nan, "has both a sign and a hemisphere, which is ambiguous"
        sign = float(hemi_sign)
    minutes = float(m.group("min") or 0)
    seconds = float(m.group("sec") or 0)
    if minutes >= 60 or seconds >= 60:
        return np.nan, "has minutes or seconds of 60 or more"
    return sign * (float(m.group("deg")) + minutes / 60 + seconds / 3600), None
