"""Several processes on one store: a kill -9 loses no acknowledged edit; edits reach others."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from conftest import DATA_DIR, ROOT

from regiondash.store import edits, open_store

pytest_plugins = ["store_fixtures"]
WORKER = [sys.executable, str(ROOT / "tests" / "store_worker.py")]
ACKS_BEFORE_KILL = 5


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, store_url_on):
    return store_url_on(request.param)


def test_a_kill_during_a_burst_of_edits_loses_no_acknowledged_edit(store_url):
    worker = subprocess.Popen(
        [*WORKER, "burst", store_url, "200"], stdout=subprocess.PIPE, text=True
    )
    acknowledged = []
    for line in worker.stdout:
        acknowledged.append(line.split()[1])
        if len(acknowledged) == ACKS_BEFORE_KILL:
            os.kill(worker.pid, signal.SIGKILL)  # mid-burst: the next edit is in flight
            break
    worker.wait()
    assert worker.returncode == -signal.SIGKILL
    store = open_store(store_url, DATA_DIR)
    version, catalog = store.catalog()  # the whole store still passes every check
    found = {i for i in catalog.sources["id"] if i.startswith("burst-")}
    assert set(acknowledged) <= found
    assert len(found) in (len(acknowledged), len(acknowledged) + 1)  # + the one in flight
    assert version == 1 + len(found)
    assert [e.after["id"] for e in reversed(edits.audit_log(store)) if e.action == "add"] == sorted(
        found, key=lambda i: int(i.split("-")[1])
    )
    print(f"kill test: {len(acknowledged)} acknowledged, {len(found)} found after restart")
    store.engine.dispose()


def test_an_edit_in_one_process_is_seen_by_another_on_postgresql(store_url_on):
    url = store_url_on("postgresql")
    other = subprocess.Popen(
        [*WORKER, "watch", url], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert "test-seen" not in other.stdout.readline().split()
        store = open_store(url, DATA_DIR)
        edits.add(
            store,
            "agreements",
            {
                "id": "test-seen",
                "title_en": "Seen",
                "kind": "mou",
                "signed_year": "2025",
                "status": "active",
            },
            source="ups-zju-2018-06",
            who="editor@example.org",
        )
        other.stdin.write("again\n")
        other.stdin.flush()
        assert "test-seen" in other.stdout.readline().split()
        store.engine.dispose()
    finally:
        other.kill()
        other.wait()
