"""sitrep's Streamlit entry point: settings, then a router over the pages.

Run with ``make run`` (or ``streamlit run app.py``). Pages live in
``sitrep/app/pages``; computation lives in ``sitrep`` and is cached in
``sitrep/app/state.py``.
"""

from pathlib import Path

import streamlit as st

# A local favicon: a Material or emoji page icon would be fetched from an outside host.
st.set_page_config(page_title="sitrep", page_icon=str(Path(__file__).parent / "icon.png"), layout="wide")

pages = [
    st.Page(Path(__file__).parent / "pages/situation.py", title="Situation map", icon=":material/map:", default=True),
    st.Page(Path(__file__).parent / "pages/overview.py", title="Scenario data", icon=":material/table:"),
]
st.navigation(pages).run()
