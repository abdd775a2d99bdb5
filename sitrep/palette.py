"""The colours and marker shapes every map of sitrep uses: the app's map, the report's static map, their legends.

One qualitative palette, Okabe & Ito's eight colours ("Color Universal Design", 2008),
which stay distinct for the common forms of colour blindness. Each point layer gets
its own colour; the earthquake's solutions get a shape *and* a colour each, in the
order the epicentre layer lists them, so no agency is named here: the next earthquake
may be located by others. Lines (rupture, band edges, borders, rivers) are told apart
by their dash pattern as well as their colour.

Colours are CSS hex strings; shapes are the names :data:`SHAPES` lists (drawn by the
app's map as SVG paths and by matplotlib with :data:`MPL_MARKERS`).
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = [
    "OKABE_ITO", "POINT_COLOURS", "STATUS_COLOURS", "STATUS_OUTLINE", "LINE_STYLES", "SHAPES", "MPL_MARKERS", "EpicentreStyle", "epicentre_style",
]  # fmt: skip

#: Okabe-Ito's palette, by name.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: Base stations by status: out stands out (vermillion), restored is calm (blue), in service recedes (grey).
STATUS_COLOURS: dict[str, str] = {"out": OKABE_ITO["vermillion"], "restored": OKABE_ITO["blue"], "ok": "#8C8C8C"}

#: The ring around a station's status marker: out (vermillion) and restored (blue) are told from
#: villages (orange) and reservoirs (sky blue) by it, not by hue alone (deuteranopia merges them).
STATUS_OUTLINE = OKABE_ITO["black"]

#: Point layers of an incident, by layer name; a user's layer takes :data:`USER_LAYER_COLOUR`.
POINT_COLOURS: dict[str, str] = {
    "townships": OKABE_ITO["black"],
    "villages": OKABE_ITO["orange"],
    "reservoirs": OKABE_ITO["sky_blue"],
    "hydropower": OKABE_ITO["bluish_green"],
    "base_stations": STATUS_COLOURS["ok"],
}
USER_LAYER_COLOUR = "#5A5A5A"


class LineStyle(NamedTuple):
    colour: str
    width: float  # CSS px on the app's map; the report scales it
    dash: str  # SVG stroke-dasharray ("" = solid)


#: Line layers: colour, width and dash pattern.
LINE_STYLES: dict[str, LineStyle] = {
    "rupture": LineStyle(OKABE_ITO["reddish_purple"], 4.0, "10 6"),
    "band_edge": LineStyle("#333333", 1.5, "6 4"),
    "border": LineStyle("#444444", 2.0, "12 4 2 4"),
    "river": LineStyle(OKABE_ITO["sky_blue"], 1.2, ""),
    "county": LineStyle("#555555", 1.8, ""),
}

#: Marker shapes of the earthquake's solutions, in order (then repeated).
SHAPES: tuple[str, ...] = ("star", "diamond", "triangle", "square", "pentagon")
#: The same shapes as matplotlib markers.
MPL_MARKERS: dict[str, str] = {"star": "*", "diamond": "D", "triangle": "^", "square": "s", "pentagon": "p"}
_EPICENTRE_FILLS: tuple[str, ...] = (OKABE_ITO["reddish_purple"], OKABE_ITO["yellow"], "#FFFFFF", OKABE_ITO["bluish_green"], OKABE_ITO["sky_blue"])


class EpicentreStyle(NamedTuple):
    """How one solution is drawn: a filled shape with a black outline."""

    shape: str
    fill: str
    outline: str = OKABE_ITO["black"]


def epicentre_style(index: int) -> EpicentreStyle:
    """The style of the ``index``-th solution (0-based, in the epicentre layer's order).

    Shapes and fills cycle independently, so two solutions never share both.

    >>> epicentre_style(0)
    EpicentreStyle(shape='star', fill='#CC79A7', outline='#000000')
    >>> epicentre_style(1).shape, epicentre_style(5) == epicentre_style(0)
    ('diamond', True)
    """
    if index < 0:
        raise ValueError(f"a solution's index is 0 or more, not {index}")
    return EpicentreStyle(SHAPES[index % len(SHAPES)], _EPICENTRE_FILLS[index % len(_EPICENTRE_FILLS)])
