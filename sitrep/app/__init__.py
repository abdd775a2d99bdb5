"""The Streamlit display layer: pages, shared page furniture and cached calls into sitrep."""
