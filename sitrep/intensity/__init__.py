"""Shaking intensity and impact: MMI fields, prediction equations, exposure by MMI, the PAGER fatality model.

Pure computation on arrays and GeoDataFrames already loaded; readers of USGS
products live in :mod:`sitrep.io.shakemap`.
"""
