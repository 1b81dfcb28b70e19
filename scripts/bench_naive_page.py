"""The naive baseline of `make bench`: one Streamlit page, no caching, no validation.

It reads the same CSVs on every run and draws one scatter layer (institutions), one bar chart
(agreements signed per year) and one table (agreements), the way a quick one-file app would.
The data folder comes from REGIONDASH_DATA_DIR (the benchmark points it at each scale).
"""

import os
from pathlib import Path

import pandas as pd
import pydeck as pdk
import streamlit as st

DATA = Path(os.environ.get("REGIONDASH_DATA_DIR", Path(__file__).resolve().parents[1] / "data"))

institutions = pd.read_csv(DATA / "institutions.csv")
agreements = pd.read_csv(DATA / "agreements.csv")

st.title("Partnerships (naive page)")
located = institutions.dropna(subset=["lat", "lon"])
st.pydeck_chart(
    pdk.Deck(
        layers=[
            pdk.Layer(
                "ScatterplotLayer",
                data=located[["name_en", "lat", "lon"]],
                get_position="[lon, lat]",
                get_radius=20000,
                get_fill_color=[30, 90, 160],
                pickable=True,
            )
        ],
        initial_view_state=pdk.ViewState(latitude=30, longitude=30, zoom=1),
        tooltip={"text": "{name_en}"},
        map_provider=None,
    )
)
st.bar_chart(agreements.groupby("signed_year").size())
st.dataframe(agreements, hide_index=True)
