"""Everything that calls Streamlit lives in this package; the rest of regiondash is pure.

`state` owns the view state's sync with the URL, `frame` the shared page frame, `sidebar` the
filters, `map_controls` and `present` the Map and Present pages' own widgets and callbacks.
"""
