"""sitrep's Streamlit entry point: settings, then a router over the pages.

Run with ``make run`` (or ``streamlit run app.py``). Pages live in
``sitrep/app/pages``; computation lives in ``sitrep`` and is cached in
``sitrep/app/state.py``.
"""

import streamlit as st

st.set_page_config(page_title="sitrep · Dingri 2025", page_icon="🛰", layout="wide")

pages = [
    st.Page("sitrep/app/pages/overview.py", title="Overview", icon="🗂", default=True),
]
st.navigation(pages).run()
