"""Rules for user text that other modules share (no Streamlit here): comparing names, showing text in Markdown.

GFM renderers (remark-gfm in Streamlit, GitHub, most Markdown viewers) turn bare URLs
(``http://``, ``https://``, ``www.``), e-mail addresses and ``mailto:`` / ``xmpp:`` links
into links *after* backslash escapes are resolved, so escaping ``[`` and ``(`` is not
enough: :func:`defeat_autolinks` inserts a word joiner (U+2060: invisible, no line
break) where those patterns need a plain character. :func:`sitrep.app.furniture.plain`
(Streamlit) and :func:`sitrep.report.render.md_escape` (the Markdown report) both use it.
"""

from __future__ import annotations

import re

__all__ = ["WORD_JOINER", "defeat_autolinks", "fold"]

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
