"""The smallest Streamlit page (one metric): benchmarks/app.py loads it to show what Streamlit itself costs."""

import streamlit as st

st.metric("floor", "1")
