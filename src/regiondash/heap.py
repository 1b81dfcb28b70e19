"""Keep the loaded catalog out of the garbage collector's full collections.

A full collection walks every container object in the process: the imported libraries, the
loaded catalog and its boundaries, about 230k objects in a served app (0.1-0.4 s a walk here).
Streamlit's own collection after every run is off (`runner.postScriptGC` in .streamlit/
config.toml); Python's collector still runs full collections now and then. `gc.freeze` moves what
is alive into the permanent generation, which collections skip, so they walk only what was made
since. The heap is frozen after a full collection (no garbage is frozen) once per catalog: a
new catalog (an edit moved the store's version) unfreezes, collects the old one and freezes
again. Frozen objects freed by reference counting go at once; frozen objects that became cyclic
garbage wait for the next catalog.
"""

from __future__ import annotations

import gc
import threading

_lock = threading.Lock()
_frozen_with: list[object] = []  # the catalog in use at the last freeze


def settle(catalog: object) -> bool:
    """Freeze what is alive if `catalog` is not the one the heap was frozen with; True if it
    froze. Cheap otherwise: call it on every run."""
    if _frozen_with and _frozen_with[0] is catalog:
        return False
    with _lock:
        if _frozen_with and _frozen_with[0] is catalog:  # another session froze it meanwhile
            return False
        _frozen_with[:] = [catalog]
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        return True


def frozen_with() -> object | None:
    """The catalog the heap was last frozen with (None before the first freeze)."""
    return _frozen_with[0] if _frozen_with else None


def thaw() -> None:
    """Undo settle(): every object is collectable again (tests; a process that unloads data)."""
    with _lock:
        _frozen_with.clear()
        gc.unfreeze()
