"""Present: one partnership as a slide show for a delegation visit (projector, fully offline).

The presenter's window (the default) drives; `?screen=audience&deck=<id>` is the slide alone,
full screen, following the presenter's window of that presentation id.
"""

from regiondash.ui import frame, state
from regiondash.ui import present as show

lang = frame.current_language()
catalog = frame.catalog()  # the whole data: a presentation is about one region, not the filters

if state.get().screen == "audience":
    show.audience(catalog, lang)
else:
    show.presenter(catalog, lang)
