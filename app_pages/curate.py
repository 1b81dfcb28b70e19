"""Curate: signed-in editors add, edit and retire rows with their sources; the audit log."""

from regiondash.ui import frame
from regiondash.ui.curate import curate_page

curate_page(frame.current_language())
