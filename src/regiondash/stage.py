"""What a presenter shows, shared with the audience screens that follow it.

The presenter's window and an audience window (a second tab or a projector) are two sessions of
the same server, so the simplest link that works offline is a small in-memory table, keyed by a
presentation id both URLs carry: the presenter publishes a `Cue` on every run, an audience
screen polls it about twice a second and redraws when its version changes. No Streamlit here
(`ui.present` keeps one `Stage` per server with st.cache_resource); nothing is written to disk,
so a restarted server only forgets who follows whom (an audience screen then shows the slide its
own URL names until the presenter's window runs again).
"""

from __future__ import annotations

import itertools
import secrets
import string
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from regiondash.story import Scene

MAX_DECKS = 64  # presentations kept per server; the least recently published goes first
DECK_ID_CHARS = string.ascii_lowercase + string.digits
DECK_ID_LENGTH = 8  # viewstate.DECK_ID accepts 6 to 16 of these


def new_deck_id() -> str:
    """A fresh presentation id (unguessable enough that two presenters never share one)."""
    return "".join(secrets.choice(DECK_ID_CHARS) for _ in range(DECK_ID_LENGTH))


@dataclass(frozen=True)
class Cue:
    """What the audience of one presentation sees: the story, the slide, black or not, the
    language(s) of the slides; `version` grows with every change."""

    region_id: str
    scenes: tuple[Scene, ...]
    slide: int
    black: bool = False
    lang: str = "en"
    second: str | None = None
    version: int = 0
    updated: float = 0.0


class Stage:
    """Thread-safe {presentation id: latest Cue}, at most `limit` presentations."""

    def __init__(self, limit: int = MAX_DECKS, clock: Callable[[], float] = time.time) -> None:
        self._cues: OrderedDict[str, Cue] = OrderedDict()
        self._lock = threading.Lock()
        self._versions = itertools.count(1)  # shared: a forgotten id never reuses a version
        self._limit = limit
        self._clock = clock

    def publish(self, deck_id: str, cue: Cue) -> Cue:
        """Make `cue` what `deck_id`'s audience sees; a new version only when something the
        audience sees changed (the presenter publishes on every run)."""
        with self._lock:
            current = self._cues.get(deck_id)
            if current is not None and _same(current, cue):
                self._cues.move_to_end(deck_id)
                return current
            cue = Cue(**{**cue.__dict__, "version": next(self._versions), "updated": self._clock()})
            self._cues[deck_id] = cue
            self._cues.move_to_end(deck_id)
            while len(self._cues) > self._limit:
                self._cues.popitem(last=False)
            return cue

    def get(self, deck_id: str | None) -> Cue | None:
        """The latest cue of a presentation, or None (unknown, forgotten, or no id)."""
        with self._lock:
            return self._cues.get(deck_id) if deck_id else None


def _same(a: Cue, b: Cue) -> bool:
    """Equal in everything the audience sees (not version or time)."""
    return (a.region_id, a.scenes, a.slide, a.black, a.lang, a.second) == (
        b.region_id,
        b.scenes,
        b.slide,
        b.black,
        b.lang,
        b.second,
    )
