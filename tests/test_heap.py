"""heap.settle: what it freezes, when it freezes again, and that it never freezes garbage."""

import gc
import weakref

import pytest

from regiondash import heap


class Catalog:
    """A stand-in catalog: settle() only compares its identity."""


class Cycle:
    def __init__(self):
        self.me = self


@pytest.fixture(autouse=True)
def thawed():
    heap.thaw()
    yield
    heap.thaw()


def test_a_first_catalog_freezes_what_is_alive():
    kept = [[n] for n in range(1000)]
    assert heap.settle(Catalog())
    assert gc.get_freeze_count() > len(kept)
    assert gc.is_tracked(kept[0]) and len(gc.get_objects()) < len(kept)
    assert heap.frozen_with() is not None


def test_the_same_catalog_settles_once():
    catalog = Catalog()
    assert heap.settle(catalog)
    assert not heap.settle(catalog)


def test_a_new_catalog_freezes_again_and_frees_the_old_ones_cycles():
    old = Catalog()
    old.cycle = Cycle()
    heap.settle(old)
    gone = weakref.ref(old.cycle)
    del old.cycle
    assert gone() is not None  # frozen cyclic garbage waits ...
    gc.collect()
    assert gone() is not None
    assert heap.settle(Catalog())  # ... for the next freeze
    assert gone() is None


def test_garbage_is_never_frozen():
    cycle = Cycle()
    gone = weakref.ref(cycle)
    del cycle
    heap.settle(Catalog())
    assert gone() is None


def test_the_heap_is_counted_again_only_after_its_interval_and_frozen_past_the_limit():
    catalog = Catalog()
    assert heap.settle(catalog, now=0.0)
    grown = [[n] for n in range(heap.REFREEZE_AFTER + 100)]
    assert len(gc.get_objects()) >= heap.REFREEZE_AFTER
    assert not heap.settle(catalog, now=heap.REFREEZE_EVERY_S - 0.01)  # too soon to count
    assert heap.settle(catalog, now=heap.REFREEZE_EVERY_S)  # counted: past the limit
    assert gc.is_tracked(grown[0]) and len(gc.get_objects()) < heap.REFREEZE_AFTER


def test_a_heap_under_the_limit_is_counted_then_left_for_another_interval():
    catalog = Catalog()
    assert heap.settle(catalog, now=0.0)
    assert len(gc.get_objects()) < heap.REFREEZE_AFTER
    assert not heap.settle(catalog, now=heap.REFREEZE_EVERY_S)  # counted, under the limit
    grown = [[n] for n in range(heap.REFREEZE_AFTER + 100)]
    assert not heap.settle(catalog, now=1.5 * heap.REFREEZE_EVERY_S)  # counted too recently
    assert heap.settle(catalog, now=2 * heap.REFREEZE_EVERY_S) and grown


def test_a_new_catalog_does_not_wait_for_the_interval():
    assert heap.settle(Catalog(), now=0.0)
    assert heap.settle(Catalog(), now=0.001)


def test_sessions_settling_a_new_catalog_at_once_freeze_once():
    import threading

    catalog, froze = Catalog(), []
    start = threading.Barrier(4)

    def session() -> None:
        start.wait()
        froze.append(heap.settle(catalog))

    threads = [threading.Thread(target=session) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(froze) == [False, False, False, True]
