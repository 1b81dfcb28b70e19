"""Results of pure functions of one catalog, computed once per catalog object.

The checked catalog is built once per process, and each filtered view of it once per filter value
(`filters.view`), so what a page derives from one (layer frames, arcs, facet counts, figures, the
search index) is the same on every rerun of every session: `per_catalog` keeps it beside that
catalog object and forgets it when the catalog is gone (a new data version is a new object).
Keys are the catalog's identity and the other arguments, never a hash of its frames (hashing
1000x tables costs more than most of what is cached). Results are shared: treat them as
read-only.
"""

from __future__ import annotations

import functools
import itertools
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable

_STORE: dict[int, dict] = {}  # id(catalog) -> {function: OrderedDict(args -> result)}
_TOKENS: dict[int, int] = {}  # id(catalog) -> a number no other catalog object ever gets
_COUNTER = itertools.count(1)
_LOCK = threading.RLock()


def _forget(key: int) -> None:
    with _LOCK:
        _STORE.pop(key, None)
        _TOKENS.pop(key, None)


def _results(catalog) -> dict:
    """The results kept for this catalog object (registered for cleanup on first use)."""
    key = id(catalog)
    results = _STORE.get(key)
    if results is None:
        results = _STORE[key] = {}
        _TOKENS[key] = next(_COUNTER)
        weakref.finalize(catalog, _forget, key)
    return results


def token(catalog) -> int:
    """A version number of this catalog object, unique for the process (a cache key part)."""
    with _LOCK:
        _results(catalog)
        return _TOKENS[id(catalog)]


def per_catalog(function: Callable | None = None, *, max_entries: int = 32):
    """Decorator: `function(catalog, *args)` computed once per catalog object and hashable args,
    keeping the `max_entries` most recently used argument sets per catalog."""
    if function is None:
        return functools.partial(per_catalog, max_entries=max_entries)

    @functools.wraps(function)
    def cached(catalog, *args, **kwargs):
        key = (args, tuple(sorted(kwargs.items())))
        with _LOCK:
            entries = _results(catalog).setdefault(function, OrderedDict())
            if key in entries:
                entries.move_to_end(key)
                return entries[key]
        value = function(catalog, *args, **kwargs)  # unlocked: sessions compute in parallel
        with _LOCK:
            entries = _results(catalog).setdefault(function, OrderedDict())
            entries[key] = value
            while len(entries) > max_entries:
                entries.popitem(last=False)
        return value

    cached.uncached = function
    return cached


def clear() -> None:
    """Forget every result (benchmarks measure cold runs this way)."""
    with _LOCK:
        # A copy: clearing can free a cached filtered view, whose finalizer drops its entry.
        for results in list(_STORE.values()):
            results.clear()
