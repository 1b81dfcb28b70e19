"""Benchmark: every page at each data scale, against a naive one-file page. Prints; asserts nothing.

    make bench                                   # 1x (data/) and .bench/x10, x100, x1000
    python scripts/bench.py --scales 1 10 --repeats 5 --pages map overview

Per page and scale: the loader (reported once per scale), then
- cold: a page run with every page cache empty (st.cache_data, st.cache_resource and the
  per-catalog memo cleared; the checked catalog stays loaded, its time is the loader line),
- warm: a rerun of the same session with caches filled (what a click or a filter change
  already seen costs); scripts are compiled once, as a server does (AppTest alone would
  compile them on every run),
each as min / median of `--repeats` runs; bytes of every message the run sends to the browser
(ForwardMsg protobufs, deck and figure JSON included) on the first visit, and on a warm rerun to
a browser that kept the first visit's elements (Streamlit then sends a reference, not an element
of 10 KB or more that the browser already holds: what returning to a view costs); peak Python memory
allocated during one cold run (tracemalloc). The naive page (scripts/bench_naive_page.py) is
measured the same way, and each page's warm median and bytes are given as a ratio to it.
Synthetic packages come from scripts/synth.py (`make bench` builds them when missing).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import tracemalloc
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402
import streamlit.config  # noqa: E402
import streamlit.logger  # noqa: E402
from streamlit.runtime.forward_msg_cache import create_reference_msg  # noqa: E402
from streamlit.runtime.scriptrunner.script_cache import ScriptCache  # noqa: E402
from streamlit.testing.v1 import AppTest, app_test, local_script_runner  # noqa: E402

from regiondash import data, memo  # noqa: E402
from regiondash.pages import PAGES  # noqa: E402

NAIVE = ROOT / "scripts" / "bench_naive_page.py"
TIMEOUT = 900
SENT = {"bytes": 0, "rerun_bytes": 0, "held": frozenset()}


def _count_bytes(parse):
    """Wrap AppTest's message parser so each run's ForwardMsg bytes are recorded: all of them,
    and with references for the cacheable elements a browser already holds (SENT["held"])."""

    def parse_and_count(messages):
        SENT["bytes"] = sum(message.ByteSize() for message in messages)
        SENT["rerun_bytes"] = sum(
            create_reference_msg(message).ByteSize()
            if message.metadata.cacheable and message.hash in SENT["held"]
            else message.ByteSize()
            for message in messages
        )
        SENT["hashes"] = frozenset(m.hash for m in messages if m.metadata.cacheable)
        return parse(messages)

    return parse_and_count


local_script_runner.parse_tree_from_messages = _count_bytes(
    local_script_runner.parse_tree_from_messages
)

# A server compiles each script once: its Runtime's ScriptCache serves every run of every
# session. AppTest makes a new cache for each run, which would add the compile of app.py and
# the page (20-45 ms here) to every rerun measured; one shared cache measures what a server does.
_SCRIPT_CACHE = ScriptCache()
app_test.ScriptCache = local_script_runner.ScriptCache = lambda: _SCRIPT_CACHE


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def clear_page_caches() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()
    memo.clear()


def checked(app: AppTest) -> AppTest:
    if app.exception:
        raise RuntimeError(f"page failed: {app.exception[0].message}")
    return app


def peak_mb(action) -> float:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def bench_page(path: str | None, repeats: int, memory: bool) -> dict:
    """Cold and warm runs of one app page (path) or of the naive page (None)."""
    app = AppTest.from_file(
        str(NAIVE if path is None else ROOT / "app.py"), default_timeout=TIMEOUT
    )
    if path is not None:
        checked(app.run())
        app.switch_page(path)
    colds = []
    for _ in range(repeats):
        clear_page_caches()
        colds.append(timed(lambda: checked(app.run())))
    sent = SENT["bytes"]
    SENT["held"] = SENT["hashes"]  # the browser keeps what the first visit sent
    warms = [timed(lambda: checked(app.run())) for _ in range(repeats)]
    rerun_sent = SENT["rerun_bytes"]
    SENT["held"] = frozenset()
    peak = 0.0
    if memory:
        clear_page_caches()
        peak = peak_mb(lambda: checked(app.run()))
    return {"cold": colds, "warm": warms, "bytes": sent, "rerun_bytes": rerun_sent, "peak": peak}


def ms(values: list[float]) -> str:
    return f"{min(values) * 1000:>7.0f}/{statistics.median(values) * 1000:<7.0f}"


def package_dir(scale: float) -> Path:
    return ROOT / "data" if scale == 1 else ROOT / ".bench" / f"x{scale:g}"


def bench_scale(scale: float, pages, repeats: int, memory: bool) -> None:
    folder = package_dir(scale)
    if not (folder / "datapackage.json").exists():
        print(f"\nx{scale:g}: no package in {folder} (python scripts/synth.py --scales {scale:g})")
        return
    # Each package gets its own store (var/regiondash-<hash>.sqlite): the cold load fills it.
    os.environ["REGIONDASH_DATA_DIR"] = str(folder)
    data._cached_catalog.cache_clear()
    data._store_catalogs.clear()
    cold = timed(data.load_catalog)
    warm = timed(data.load_catalog)
    rows = sum(len(data.load_catalog().table(name)) for name in data.TABLE_NAMES)
    print(
        f"\nx{scale:g} ({rows:,} rows, {folder.relative_to(ROOT)}): loader cold "
        f"{cold * 1000:.0f} ms, warm {warm * 1000:.1f} ms"
    )
    print(
        f"{'page':<14}{'cold min/median ms':>19}{'warm min/median ms':>19}{'sent KB':>10}"
        f"{'rerun KB':>9}{'peak MB':>9}{'warm/naive':>11}{'bytes/naive':>12}"
    )
    naive = bench_page(None, repeats, memory)
    results = [("naive", naive)]
    for spec in pages:
        try:
            results.append((spec.url_path, bench_page(spec.path, repeats, memory)))
        except Exception as error:  # a failing page is a result too
            print(f"{spec.url_path:<14} FAILED: {type(error).__name__}: {str(error)[:200]}")
    naive_warm = statistics.median(naive["warm"])
    for name, result in results:
        print(
            f"{name:<14}{ms(result['cold']):>19}{ms(result['warm']):>19}"
            f"{result['bytes'] / 1000:>10,.0f}{result['rerun_bytes'] / 1000:>9,.0f}"
            f"{result['peak']:>9.1f}"
            f"{statistics.median(result['warm']) / naive_warm:>11.2f}"
            f"{result['bytes'] / naive['bytes']:>12.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", type=float, nargs="*", default=[1, 10, 100, 1000])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--pages", nargs="*", help="url paths (default: every page)")
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc run")
    parser.add_argument("--server", action="store_true", help="also time server start-up")
    args = parser.parse_args()
    # AppTest's "No runtime found" warnings, one per cached function a run. Each AppTest
    # parses Streamlit's config again, which resets the log level: set it after every parse.
    streamlit.config.on_config_parsed(lambda: streamlit.logger.set_log_level("error"), True)
    # The naive page reads CSVs as a naive page does; pandas' mixed-type warning is its own.
    warnings.filterwarnings("ignore", category=pd.errors.DtypeWarning)
    pages = [p for p in PAGES if not args.pages or p.url_path in args.pages]
    for scale in args.scales:
        bench_scale(scale, pages, args.repeats, not args.no_memory)
    if args.server:
        from browser import served_app

        os.environ.pop("REGIONDASH_DATA_DIR", None)
        start = time.perf_counter()
        with served_app():
            print(f"\nserver start to healthy: {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
