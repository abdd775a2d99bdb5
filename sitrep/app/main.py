"""sitrep's Streamlit entry point: settings, then a router over the pages.

Run with ``make run`` (or ``streamlit run app.py``). Pages live in
``sitrep/app/pages``; computation lives in ``sitrep`` and is cached in
``sitrep/app/state.py``. Each page's address is one of
:data:`sitrep.app.serve.PAGE_PATHS` (the server needs them to serve a page's own address).
"""

from pathlib import Path

import streamlit as st

from sitrep.app.serve import PAGE_PATHS

# A local favicon: a Material or emoji page icon would be fetched from an outside host.
st.set_page_config(page_title="sitrep", page_icon=str(Path(__file__).parent / "icon.png"), layout="wide")

SITUATION, OVERVIEW = PAGE_PATHS
pages = [
    st.Page(Path(__file__).parent / "pages/situation.py", title="Situation map", icon=":material/map:", default=True, url_path=SITUATION),
    st.Page(Path(__file__).parent / "pages/overview.py", title="Scenario data", icon=":material/table:", url_path=OVERVIEW),
]
st.navigation(pages).run()
