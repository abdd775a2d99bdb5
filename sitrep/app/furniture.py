"""Page furniture every page shares: header and the provenance notice."""

from __future__ import annotations

import streamlit as st

from ..io import ScenarioSpec

__all__ = ["header", "provenance_notice"]


def header(spec: ScenarioSpec, subtitle: str) -> None:
    """Title in English and Chinese, and what the page is for."""
    st.title(spec.title)
    st.caption(f"{spec.title_zh} · {subtitle}")


def provenance_notice(spec: ScenarioSpec) -> None:
    """The visible notice that positions are illustrative (shown whenever such data is)."""
    st.warning(f"**Illustrative data.** {spec.notice}", icon="⚠️")
