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
