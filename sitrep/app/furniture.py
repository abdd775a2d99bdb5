"""Page furniture every page shares: the incident chooser, header, the provenance notice, and :func:`plain`."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from ..errors import SitrepError
from ..io import ScenarioSpec
from ..settings import default_incident
from ..text import defeat_autolinks, without_folders
from ..timeutil import declare_zone

__all__ = ["choose_incident", "open_incident", "header", "provenance_notice", "plain", "plain_frame"]

# Streamlit renders Markdown in titles, captions, alerts, subheaders, metric labels and
# help, radio labels and st.table cells - with extras: ":red[...]" colours,
# ":material/icon:" and ":smile:" shortcodes, "$...$" LaTeX, www./http:// autolinks.
# These characters start markup anywhere in a line; a backslash makes each one literal.
_ACTIVE = re.compile(r"([\\`*~\[\]<>&$:@|]|(?<![^\W_])_|_(?![^\W_]))")  # "_" between letters is never emphasis
# remark-gfm finds bare URLs ("http://", "www."), e-mail addresses and emoji shortcodes in the
# *parsed* text, after backslash escapes are gone: sitrep.text.defeat_autolinks (shared with the
# Markdown report) puts an invisible word joiner where they would match.
_LINE_START = re.compile(r"^([#+\-=>]|\d+(?=[.)]))")  # headings, lists, quotes, setext rules
_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def plain(text: object) -> str:
    """``text`` shown as itself by any Streamlit element that renders Markdown.

    User text (sources, scopes, notes, ids, file and layer names, error messages quoting
    them) goes through this before it reaches ``st.caption``, ``st.error``, ``st.table``
    and the like: no link, image, HTML, emphasis, colour, icon, emoji shortcode, LaTeX,
    heading or list can come out of it, and line breaks become spaces. What a reader sees
    is the text as typed: a backslash escape renders as the character it escapes, and the
    word joiners (U+2060) that stop autolinks and shortcodes are invisible.

    >>> plain("Xinhua ![p](http://198.51.100.7/p.png) :red[OFFICIAL] $x$").replace("\\u2060", "^")
    'Xinhua !\\\\[p\\\\](http\\\\:^//198.51.100.7/p.png) \\\\:^red\\\\[OFFICIAL\\\\] \\\\$x\\\\$'
    >>> plain("Kaikoura earthquake, 13 November 2016")
    'Kaikoura earthquake, 13 November 2016'
    """
    s = _BREAKS.sub(" ", "" if text is None else str(text)).strip()
    s = _ACTIVE.sub(r"\\\1", defeat_autolinks(s))
    if m := _LINE_START.match(s):
        s = s[: m.end()] + "\\" + s[m.end() :] if m.group(1)[0].isdigit() else "\\" + s
    return s


def plain_frame(frame: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    """``frame`` for ``st.table``: its index, column names and text ``columns`` through :func:`plain`."""
    out = frame.copy()
    for c in columns or []:
        out[c] = out[c].map(plain)
    if pd.api.types.is_object_dtype(out.index) or pd.api.types.is_string_dtype(out.index):
        out.index = out.index.map(plain).rename(None if out.index.name is None else plain(out.index.name))
    out.columns = [plain(c) for c in out.columns]
    return out


def header(spec: ScenarioSpec, subtitle: str) -> None:
    """Title in English and Chinese, and what the page is for."""
    st.title(plain(spec.title))
    st.caption(" · ".join(part for part in (plain(spec.title_zh), subtitle) if part))  # no leading "·" without a local title


def provenance_notice(spec: ScenarioSpec) -> None:
    """The visible notice that positions are illustrative (shown whenever such data is; nothing when the incident has none)."""
    if not (spec.notice or "").strip():
        return
    st.warning(f"**Illustrative data.** {plain(spec.notice)}", icon=":material/warning:")


#: The session's chosen incident (the chooser widget's own key is page-local).
_CHOSEN = "sitrep_incident"
#: An ``?incident=`` this session was opened with that names no incident.
_UNKNOWN = "sitrep_incident_unknown"


def choose_incident(names: list[str], default: str | None = None) -> str:
    """The incident this session shows: a chooser in the sidebar, opened at ``?incident=NAME``.

    The URL's ``?incident=`` picks the incident when the session starts; the chooser
    writes the choice back to the URL, so a link opens the same incident. An unknown name
    is a one-line warning and the default incident, never an error. Each session keeps
    its own choice (``st.session_state``); nothing is shared between sessions.
    """
    if not names:
        st.error("No incident found; create one with `sitrep incident new NAME --event FILE`.")
        st.stop()
    default = default or default_incident()  # SITREP_INCIDENT, read now (sitrep app --incident sets it)
    fallback = default if default in names else names[0]
    if _CHOSEN not in st.session_state:  # the session's first run: the URL says which
        asked = st.query_params.get("incident")
        if asked is not None and asked not in names:
            st.session_state[_UNKNOWN] = asked
        elif asked is None and default not in names:  # SITREP_INCIDENT names none: said, not silently replaced
            st.session_state[_UNKNOWN] = default
        st.session_state[_CHOSEN] = asked if asked in names else fallback
    if st.session_state[_CHOSEN] not in names:  # removed meanwhile
        st.session_state[_CHOSEN] = fallback

    def chosen() -> None:
        st.session_state[_CHOSEN] = st.session_state["incident_choice"]
        st.session_state.pop(_UNKNOWN, None)

    st.session_state["incident_choice"] = st.session_state[_CHOSEN]
    name = st.sidebar.selectbox("Incident", names, key="incident_choice", on_change=chosen,
                                help="Which incident this page shows; the address (?incident=NAME) keeps the choice.")  # fmt: skip
    if (unknown := st.session_state.get(_UNKNOWN)) is not None:
        st.warning(f"No incident is named {plain(unknown)}; showing {plain(name)}. Known incidents: {plain(', '.join(names))}.")
    if st.query_params.get("incident") != name:
        st.query_params["incident"] = name
    return name


def open_incident(names: list[str], load, default: str | None = None) -> tuple[str, ScenarioSpec, dict]:
    """The chosen incident (:func:`choose_incident`) loaded with ``load(name)``; an incident that
    cannot be read is a one-line error and the page stops. The browser tab names the incident,
    and times without an offset (and messages about times) are in its zone for this run."""
    name = choose_incident(names, default or default_incident())
    try:
        spec, layers = load(name)
    except SitrepError as exc:
        st.error(f"Could not open the incident {plain(name)}: {plain(without_folders(str(exc)))}")  # no server paths
        st.stop()
    st.set_page_config(page_title=f"sitrep · {spec.title}")
    declare_zone(spec.tzinfo)
    return name, spec, layers
