"""Rules for user text that other modules share (no Streamlit here): comparing names, showing text in Markdown.

GFM renderers (remark-gfm in Streamlit, GitHub, most Markdown viewers) turn bare URLs
(``http://``, ``https://``, ``www.``), e-mail addresses and ``mailto:`` / ``xmpp:`` links
into links *after* backslash escapes are resolved, so escaping ``[`` and ``(`` is not
enough: :func:`defeat_autolinks` inserts a word joiner (U+2060: invisible, no line
break) where those patterns need a plain character. :func:`sitrep.app.furniture.plain`
(Streamlit) and :func:`sitrep.report.render.md_escape` (the Markdown report) both use it.
"""

from __future__ import annotations

import unicodedata

import re

__all__ = ["invisible_character", "visible_line", "without_folders", "WORD_JOINER", "defeat_autolinks", "fold"]

#: U+2060 WORD JOINER: zero width, no break; a reader sees nothing, a link matcher sees a non-URL character.
WORD_JOINER = "\u2060"
# after ":" or "@" that a word character, "+", "-" or "/" follows: "http://", "mailto:x", "a@b", ":smile:"
_AFTER = re.compile(r"(?<=[:@])(?=[\w+\-/])")
_WWW = re.compile(r"(?i)(?<=www)\.")


def defeat_autolinks(text: str) -> str:
    """``text`` with a word joiner wherever a GFM autolink or shortcode would start.

    Applied to raw text, before any backslash escaping; what a reader sees is unchanged.

    >>> defeat_autolinks("see http://198.51.100.7/ www.evil.example a@b.example :red[x]").replace(WORD_JOINER, "^")
    'see http:^//198.51.100.7/ www^.evil.example a@^b.example :^red[x]'
    >>> defeat_autolinks("Dingri (Tingri), 7 January 2025")
    'Dingri (Tingri), 7 January 2025'
    """
    return _AFTER.sub(WORD_JOINER, _WWW.sub(WORD_JOINER + ".", text))


def fold(text: str) -> str:
    """``text`` compared as people read it: runs of (Unicode) whitespace as one space, letter case ignored.

    >>> fold("  dingri   County ")
    'dingri county'
    """
    return " ".join(str(text).split()).casefold()


def invisible_character(text: str) -> str | None:
    r"""The first character of ``text`` a reader cannot see (Unicode categories C*: controls such
    as ESC, formats such as U+202E RIGHT-TO-LEFT OVERRIDE or U+200B; line and paragraph
    separators), or ``None``.

    >>> invisible_character("Dingri county"), invisible_character("x\u202eevil")
    (None, '\u202e')
    """
    for ch in text:
        category = unicodedata.category(ch)
        if category[0] == "C" or category in ("Zl", "Zp"):
            return ch
    return None


def visible_line(text: str) -> str:
    r"""``text`` as one line without invisible characters (each becomes a space; runs of
    whitespace collapse): for text read from files, such as a USGS event's title.

    >>> visible_line("M 7.8 -\n 36km E of Khudi,\x1b[31m Nepal")
    'M 7.8 - 36km E of Khudi, [31m Nepal'
    """
    return " ".join("".join(" " if invisible_character(ch) else ch for ch in text).split())


_ABSOLUTE_PATH = re.compile(r"(?<![\w.])/(?:[^\s/:,'\"]+/)+([^\s/:,'\"]+)")


def without_folders(text: str) -> str:
    r"""``text`` with every absolute path cut to its file name: what a viewer of the app may
    see of the server's disk.

    >>> without_folders("/srv/sitrep/home/incidents/brk/villages.parquet: not a Parquet file")
    'villages.parquet: not a Parquet file'
    """
    return _ABSOLUTE_PATH.sub(r"\1", text)
