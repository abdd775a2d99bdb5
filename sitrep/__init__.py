"""sitrep: earthquake emergency-response situational awareness.

The package is organised in three layers that depend in one direction only:

* ``sitrep.io`` reads files (the specs in ``layers/`` say which) and returns
  checked GeoDataFrames in EPSG:4326;
* the computing modules (``sitrep.geodesy``, ``sitrep.schema`` ...) take arrays
  and frames, never file paths or Streamlit;
* ``app.py`` and ``sitrep.cli`` display and are the only places that talk to a
  person.
"""

__all__ = ["__version__"]

__version__ = "0.1.0"
