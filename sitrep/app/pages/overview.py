"""Overview: what the chosen incident holds, layer by layer, and its epicentre solutions."""

import pandas as pd
import streamlit as st

from sitrep.app import state
from sitrep.app.furniture import header, open_incident, plain_frame, provenance_notice
from sitrep.clock import zone_label
from sitrep.timeutil import format_local

_, spec, layers = open_incident(state.incident_names(), state.scenario)
header(spec, "incident overview")
provenance_notice(spec)

st.subheader("Layers")
st.table(
    plain_frame(pd.DataFrame(
        [
            {
                "layer": ls.name,
                "title": ls.title,
                "标题": ls.title_zh,
                "features": len(layers[ls.name]),
                "provenance": ", ".join(f"{n} {p}" for p, n in layers[ls.name]["provenance"].value_counts().items()),
                "note": ls.provenance_note,
            }
            for ls in spec.layers
        ]
    ).set_index("layer"), ["title", "标题", "provenance", "note"]),
)

st.subheader("Epicentre solutions")
epi = layers["epicentres"]
st.table(
    plain_frame(pd.DataFrame(
        {
            "agency": epi["agency"],
            "名称": epi["name_zh"],
            f"origin ({zone_label(spec.tzinfo, epi['origin_time'].min())})": epi["origin_time"].map(lambda t: format_local(t, tz=spec.tzinfo)),
            "lat": epi.geometry.y.round(4),
            "lon": epi.geometry.x.round(4),
            "depth km": epi["depth_km"].map(lambda d: "" if pd.isna(d) else f"{d:g}"),  # 10, not 10.0000
            "magnitude": epi["magnitude"].map("{:.1f}".format) + " " + epi["magnitude_type"],
            "source": epi["source"],
        }
    ).set_index("agency"), ["名称", "magnitude", "source"]),
)
