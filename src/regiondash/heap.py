"""Keep long-lived objects out of the full garbage collection Streamlit runs after every run.

Streamlit collects every generation after each script run (`runner.postScriptGC`), which walks
every container object in the process: the imported libraries, the loaded catalog and the
memoised views, about 240k objects and 60-115 ms a run here, most of a served run's time under
load. `gc.freeze` moves what is alive into the permanent generation, which collections skip, so
each run's collection walks only what was made since. The heap is frozen again, after a full
collection so that no garbage is frozen, when a new catalog is in use or when enough objects
have been added since the last freeze. Frozen objects freed by reference counting go at once;
frozen objects that become cyclic garbage wait for the next freeze. (Turning the post-run
collection off instead left curate runs waiting on what only a collection frees: ci29.)
"""

from __future__ import annotations

import gc
import threading
import time

# Objects tracked since the last freeze that make the next settle() freeze again: a
# collection walks them all after every run (25k is about 10 ms here).
REFREEZE_AFTER = 25_000
# Counting them lists them (a few ms at 25k): at most once a second, not every run.
COUNT_EVERY_S = 1.0

_lock = threading.Lock()
_frozen_with: list[object] = []  # the catalog in use at the last freeze
_counted_at = [float("-inf")]


def _settled(catalog: object) -> bool:
    if not _frozen_with or _frozen_with[0] is not catalog:
        return False
    now = time.monotonic()
    if now - _counted_at[0] < COUNT_EVERY_S:
        return True
    _counted_at[0] = now
    return len(gc.get_objects()) < REFREEZE_AFTER


def settle(catalog: object) -> bool:
    """Freeze what is alive if `catalog` is new or the heap outgrew the last freeze.

    True when it froze. Cheap otherwise (a count of the unfrozen objects): call it every run.
    """
    if _settled(catalog):
        return False
    with _lock:
        if _settled(catalog):  # another session's run froze it meanwhile
            return False
        _frozen_with[:] = [catalog]
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        return True


def thaw() -> None:
    """Undo settle(): every object is collectable again (tests; a process that unloads data)."""
    with _lock:
        _frozen_with.clear()
        gc.unfreeze()
