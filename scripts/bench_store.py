"""Edits per second the store sustains: a burst of checked edits on SQLite and on PostgreSQL.

    .venv/bin/python scripts/bench_store.py [EDITS]

Each edit is a whole change as the Curate page makes it: one write transaction taking the write
lock, the loader's checks on the changed state, the row, the version and an audit log entry,
committed durably (SQLite WAL with synchronous=FULL; PostgreSQL with fsync on). CPU ms per edit
(this process only) tells what a loaded machine hides in the wall-clock rate. PostgreSQL runs
on a throwaway cluster from Debian's packages (skipped when it is not installed).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from postgres import create_database, postgres_bin, postgres_cluster  # noqa: E402

from regiondash.store import edits, open_store  # noqa: E402

DATA_DIR = ROOT / "data"


def edits_per_second(url: str, count: int) -> tuple[float, float]:
    """(edits per second of wall time, CPU seconds of this process per edit)."""
    store = open_store(url, DATA_DIR)
    key = ("idf-zj-2018",)
    edits.edit(
        store,
        "agreements",
        key,
        {"place": "warm-up"},
        version=_version(store, key),
        source="ups-zju-2018-06",
        who="bench",
    )  # fills the checked-state cache
    version = _version(store, key)
    start, cpu = time.perf_counter(), time.process_time()
    for number in range(count):
        change = edits.edit(
            store,
            "agreements",
            key,
            {"place": f"bench {number}"},
            version=version,
            source="ups-zju-2018-06",
            who="bench",
        )
        version = change.version
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    store.engine.dispose()
    return count / elapsed, cpu / count


def _version(store, key) -> int:
    return edits.row(store, "agreements", key)[1]


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    with tempfile.TemporaryDirectory() as folder:
        rate, cpu = edits_per_second(f"sqlite:///{folder}/bench.sqlite", count)
        print(
            f"sqlite      {rate:6.1f} edits/s, {cpu * 1000:5.0f} ms CPU/edit  "
            f"({count} checked edits, WAL, synchronous=FULL)"
        )
    bin_dir = postgres_bin()
    if bin_dir is None:
        print("postgresql  skipped: PostgreSQL is not installed")
        return
    with postgres_cluster(bin_dir) as server:
        rate, cpu = edits_per_second(create_database(server, "bench"), count)
        print(
            f"postgresql  {rate:6.1f} edits/s, {cpu * 1000:5.0f} ms CPU/edit  "
            f"({count} checked edits, fsync on)"
        )


if __name__ == "__main__":
    main()
