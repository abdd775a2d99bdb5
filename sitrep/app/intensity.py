"""The app's "Estimated shaking and impact" panel: the fatality line, the exposure table by MMI level, limits.

Thin: everything shown is computed by :mod:`sitrep.intensity.tables` from the ``assess()``
dict; user text (model and layer names, warnings) goes through :func:`plain` where
Streamlit would render Markdown.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from ..intensity.tables import exposure_table, fatality_line, level_color, limits_text, source_text
from .furniture import plain

__all__ = ["impact_panel", "styled_exposure"]


def styled_exposure(impact: Mapping, titles: Mapping[str, str] | None = None):
    """The exposure table with each MMI cell in its USGS colour (the roman numeral says the level too)."""
    table = exposure_table(impact, titles)
    styled = table.style.map(lambda v: f"background-color: {level_color(v)}; color: #000000; font-weight: bold", subset=["MMI"])
    return styled.format(thousands=",", precision=0, na_rep="")  # 11,542 people, 339 km²


def impact_panel(impact: Mapping, *, titles: Mapping[str, str] | None = None, reported: object = None) -> None:
    """Show the assess() dict: source, the model's fatality estimate beside ``reported``, the table, warnings and limits."""
    st.subheader("Estimated shaking and impact 烈度与影响估计")
    st.caption(plain(source_text(str(impact.get("source") or ""), str(impact.get("model") or ""), impact.get("meta")))  # type: ignore[arg-type]
               + (" · predicted shaking, not observed" if impact.get("source") == "model" else ""))  # fmt: skip
    line = fatality_line(impact, reported)
    if line:
        st.warning(plain(line), icon=":material/warning:")
    table = exposure_table(impact, titles)
    if table.empty:
        st.info("No MMI level to show.")
    else:
        st.dataframe(styled_exposure(impact, titles), hide_index=True, width="stretch")
    for w in impact.get("warnings") or []:
        st.caption(f"⚠ {plain(w)}")
    with st.expander("Limits of this estimate", expanded=False):
        for text in limits_text(impact):
            st.caption(plain(text))
