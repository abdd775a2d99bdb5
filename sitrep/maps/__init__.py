"""The map the app and the reports share: folium layers (:mod:`.mapview`) and the Leaflet assets (:mod:`.assets`).

Neither module imports Streamlit or :mod:`sitrep.app`: the app and :mod:`sitrep.report`
both import from here, never from each other.
"""

__all__: list[str] = []
