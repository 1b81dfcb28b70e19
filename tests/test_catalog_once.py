"""A catalog is built once however many sessions ask for it at the same time, and the heap is
frozen with the loaded catalog, not with a page's filtered view of it."""

from __future__ import annotations

import threading
import time

from conftest import open_page

from regiondash import data, heap


def ask_together(ask, sessions: int = 6) -> list:
    """`ask()` from `sessions` threads released at once; what each got."""
    start = threading.Barrier(sessions)
    got = [None] * sessions

    def session(number: int) -> None:
        start.wait()
        got[number] = ask()

    threads = [threading.Thread(target=session, args=(n,)) for n in range(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return got


def test_sessions_asking_at_once_for_a_package_share_one_build(monkeypatch, data_copy):
    builds = []

    def slow_build(folder):
        builds.append(folder)
        time.sleep(0.2)  # long enough for every session to arrive during the build
        return object()

    monkeypatch.setattr(data, "build_catalog", slow_build)
    data._cached_catalog.cache_clear()
    try:
        got = ask_together(lambda: data.load_catalog(data_copy))
    finally:
        data._cached_catalog.cache_clear()
    assert len(builds) == 1
    assert all(catalog is got[0] for catalog in got)


class SlowStore:
    url = "sqlite:///slow-store-test"

    def __init__(self, versions: list[int], builds: list[int]):
        self.versions, self.builds = versions, builds

    def version(self) -> int:
        return self.versions[-1]

    def catalog(self):
        self.builds.append(self.version())
        time.sleep(0.2)
        return self.version(), object()


def test_sessions_asking_at_once_for_the_store_share_one_build_per_version(monkeypatch):
    import regiondash.store

    versions, builds = [1], []
    monkeypatch.setattr(regiondash.store, "open_store", lambda: SlowStore(versions, builds))
    data._store_catalogs.pop(SlowStore.url, None)
    try:
        first = ask_together(data.load_catalog)
        assert builds == [1] and all(catalog is first[0] for catalog in first)
        versions.append(2)  # an edit elsewhere moved the store's version
        second = ask_together(data.load_catalog)
        assert builds == [1, 2] and all(catalog is second[0] for catalog in second)
        assert second[0] is not first[0]
    finally:
        data._store_catalogs.pop(SlowStore.url, None)


def test_a_filtered_page_freezes_the_heap_with_the_loaded_catalog():
    loaded = data.load_catalog()
    years = sorted(int(y) for y in loaded.agreements["signed_year"].dropna())
    heap.thaw()
    try:
        # A years filter: the Map's `catalog` is a filtered view, another object.
        open_page("app_pages/map.py", region=["CN-ZJ"], years=f"{years[0]}-{years[0]}")
        assert heap.frozen_with() is loaded
    finally:
        heap.thaw()
