"""At most RUN_SLOTS page runs execute at once in a served app; the others wait their turn.

Each session's run is a Python thread, and every thread shares one interpreter lock with the
server's event loop, which starts the runs and sends every session's messages. With 30 runs in
flight, 50 sessions clicking once a second waited a median 1.5 s for content while a third of
a core stood idle (scripts/load.py, Streamlit's post-run collection off), and py-spy found the
event loop mostly waiting for the lock. Waiting runs block on a semaphore, using no CPU; with
two slots the same load ran at 99% of a core. Two slots, not one: a long run (a PDF
briefing takes seconds) leaves the other slot to everyone else. A run that waits MAX_WAIT_S
goes ahead anyway, so nothing waits forever behind a stuck run.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

RUN_SLOTS = 2
MAX_WAIT_S = 3.0

_slots = threading.BoundedSemaphore(RUN_SLOTS)


@contextlib.contextmanager
def run_slot(wait_s: float = MAX_WAIT_S) -> Iterator[bool]:
    """Hold one of the slots for the block (True), or go ahead without one after `wait_s`
    seconds (False). The slot is given back however the block ends (a rerun or a stop raises
    through it)."""
    admitted = _slots.acquire(timeout=wait_s)
    try:
        yield admitted
    finally:
        if admitted:
            _slots.release()
