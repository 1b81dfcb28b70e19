"""A separate process on a store, driven by tests/test_store_processes.py and the benchmark.

python tests/store_worker.py burst URL COUNT   add COUNT sources, printing "ack ID" after
                                              each commit (the kill test's victim)
python tests/store_worker.py watch URL ID      print the agreement ids load_catalog shows,
                                              again each time a line arrives on stdin
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from regiondash.store import edits, open_store

DATA_DIR = Path(__file__).resolve().parents[1] / "data"


def new_source(number: int, prefix: str = "burst") -> dict:
    return {
        "id": f"{prefix}-{number}",
        "title": f"Burst source {number}",
        "accessed_on": "2026-11-29",
        "reliability": "primary",
        "authority": "primary",
    }


def burst(url: str, count: int) -> None:
    store = open_store(url, DATA_DIR)
    for number in range(count):
        row = new_source(number)
        edits.add(store, "sources", row, source=None, who="burst")
        print(f"ack {row['id']}", flush=True)


def watch(url: str) -> None:
    os.environ["REGIONDASH_DATABASE_URL"] = url
    from regiondash.data import load_catalog

    while True:
        print(" ".join(load_catalog().agreements["id"]), flush=True)
        if not sys.stdin.readline():
            return


if __name__ == "__main__":
    mode, url = sys.argv[1], sys.argv[2]
    burst(url, int(sys.argv[3])) if mode == "burst" else watch(url)
