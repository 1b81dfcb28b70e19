"""run_slot: at most RUN_SLOTS blocks at once, a bounded wait, and a slot always given back."""

from __future__ import annotations

import threading
import time
from contextlib import ExitStack, contextmanager

import pytest

from regiondash import run_slots
from regiondash.run_slots import RUN_SLOTS, run_slot


@contextmanager
def every_slot_taken():
    with ExitStack() as stack:
        assert all(stack.enter_context(run_slot(wait_s=0)) for _ in range(RUN_SLOTS))
        yield


def test_no_more_than_the_slots_run_at_once_and_everyone_gets_a_turn():
    running, most, done = [0], [0], []
    lock = threading.Lock()

    def page_run(number: int) -> None:
        with run_slot(wait_s=30) as admitted:
            with lock:
                running[0] += 1
                most[0] = max(most[0], running[0])
            time.sleep(0.05)
            with lock:
                running[0] -= 1
            done.append((number, admitted))

    threads = [threading.Thread(target=page_run, args=(n,)) for n in range(3 * RUN_SLOTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert most[0] == RUN_SLOTS
    assert sorted(number for number, _ in done) == list(range(3 * RUN_SLOTS))
    assert all(admitted for _, admitted in done)


def test_a_run_waits_at_most_its_wait_then_goes_ahead_without_a_slot():
    with every_slot_taken():
        started = time.monotonic()
        with run_slot(wait_s=0.2) as admitted:
            waited = time.monotonic() - started
        assert not admitted
        assert 0.15 <= waited < 2
    with run_slot(wait_s=0) as admitted:  # given back: free again at once
        assert admitted


def test_a_slot_is_given_back_when_the_run_raises():
    for _ in range(RUN_SLOTS + 1):
        with pytest.raises(RuntimeError), run_slot(wait_s=0.5) as admitted:
            assert admitted
            raise RuntimeError("a rerun or a stop raises through the page")
    assert run_slots._slots.acquire(timeout=0)
    run_slots._slots.release()


def test_going_ahead_without_a_slot_gives_none_back():
    with every_slot_taken(), run_slot(wait_s=0) as admitted:
        assert not admitted
    # Had the unadmitted run released, the bounded semaphore would have raised ValueError
    # above or would now hold a third slot.
    taken = [run_slots._slots.acquire(timeout=0) for _ in range(RUN_SLOTS + 1)]
    assert taken == [True] * RUN_SLOTS + [False]
    for _ in range(RUN_SLOTS):
        run_slots._slots.release()
