"""Keep long-lived objects out of the interpreter's full garbage collections.

A full collection walks every container object in the process: the imported libraries, the
loaded catalog and its boundaries, the memoised views, each open session's state; about 700k
objects in a served app, 0.1-0.4 s a walk here, holding the interpreter lock meanwhile.
Streamlit ran one after every script run (`runner.postScriptGC`, now off in
.streamlit/config.toml); Python's own collector still runs one now and then. `gc.freeze` moves
what is alive into the permanent generation, which collections skip, so a collection walks only
what was made since. The heap is frozen, after a full collection so that no garbage is frozen,
when a new catalog is in use and, at most once every REFREEZE_EVERY_S, when REFREEZE_AFTER
objects have been made since (50 open sessions hold ~60k). Frozen objects freed by reference
counting go at once; frozen objects that became cyclic garbage are collected at the next freeze.
(The curate browser tests that hung with the post-run collection off were waiting on a run
counter that missed fast runs; see tests/browser.py `watched`.)
"""

from __future__ import annotations

import gc
import threading
import time

REFREEZE_AFTER = 25_000  # objects made since the last freeze (~10 ms a walk here)
REFREEZE_EVERY_S = 60.0  # at most this often: a freeze walks the whole heap once

_lock = threading.Lock()
_frozen_with: list[object] = []  # the catalog in use at the last freeze
_checked_at = [float("-inf")]  # when the heap was last frozen or counted
_freezes = [0]


def _due(catalog: object, now: float) -> bool:
    if not _frozen_with or _frozen_with[0] is not catalog:
        return True
    if now - _checked_at[0] < REFREEZE_EVERY_S:
        return False
    _checked_at[0] = now  # counting lists every unfrozen object: not on every run either
    return len(gc.get_objects()) >= REFREEZE_AFTER


def settle(catalog: object, now: float | None = None) -> bool:
    """Freeze what is alive if `catalog` is new, or if the heap outgrew the last freeze and
    REFREEZE_EVERY_S has passed; True if it froze. Cheap otherwise: call it on every run."""
    now = time.monotonic() if now is None else now
    freezes = _freezes[0]
    if not _due(catalog, now):
        return False
    with _lock:
        if _freezes[0] != freezes:  # another session's run froze it meanwhile
            return False
        _frozen_with[:] = [catalog]
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        _checked_at[0] = now
        _freezes[0] += 1
        return True


def frozen_with() -> object | None:
    """The catalog the heap was last frozen with (None before the first freeze)."""
    return _frozen_with[0] if _frozen_with else None


def thaw() -> None:
    """Undo settle(): every object is collectable again (tests; a process that unloads data)."""
    with _lock:
        _frozen_with.clear()
        _checked_at[0] = float("-inf")
        gc.unfreeze()
