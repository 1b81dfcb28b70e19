"""Benchmark: per page cold/warm script-run time and bytes sent; loader and server start-up.

Prints figures; asserts nothing. Run with `make bench`.
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser import served_app  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from regiondash import data  # noqa: E402
from regiondash.pages import PAGES  # noqa: E402

PAYLOAD_FIELDS = {
    "deck_gl_json_chart": lambda proto: len(proto.json.encode()),
    "plotly_chart": lambda proto: len(proto.spec.encode()),
}


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def payload_bytes(app: AppTest) -> dict[str, int]:
    """Bytes of the heavy elements a page sends: deck JSON, figure JSON, table Arrow data."""
    sizes = dict.fromkeys(("deck_gl_json_chart", "plotly_chart", "arrow_data_frame"), 0)
    for kind, measure in PAYLOAD_FIELDS.items():
        for element in app.get(kind):
            sizes[kind] += measure(element.proto)
    sizes["arrow_data_frame"] = sum(frame.proto.arrow_data.ByteSize() for frame in app.dataframe)
    return sizes


def bench_page(path: str) -> tuple[float, float, dict[str, int]]:
    """Cold run (empty catalog cache) and warm rerun of one page."""
    data._cached_catalog.cache_clear()
    data._store_catalogs.clear()  # pages read the store: its catalog is rebuilt cold too
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.run()
    app.switch_page(path)
    cold = timed(app.run)
    warm_app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    warm_app.run()
    warm_app.switch_page(path)
    warm = timed(warm_app.run)
    return cold, warm, payload_bytes(warm_app)


def main() -> None:
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    data.load_catalog()  # opens (and on first start fills) the store: not part of the timing
    data._store_catalogs.clear()
    cold = timed(data.load_catalog)
    warm = timed(data.load_catalog)  # one version query to the store
    print(f"loader (store): cold {cold * 1000:.0f} ms, warm {warm * 1000:.2f} ms")
    print(f"{'page':<16}{'cold ms':>9}{'warm ms':>9}{'deck B':>10}{'figure B':>10}{'table B':>10}")
    for spec in PAGES:
        cold, warm, sizes = bench_page(spec.path)
        print(
            f"{spec.url_path:<16}{cold * 1000:>9.0f}{warm * 1000:>9.0f}"
            f"{sizes['deck_gl_json_chart']:>10,}{sizes['plotly_chart']:>10,}"
            f"{sizes['arrow_data_frame']:>10,}"
        )
    start = time.perf_counter()
    with served_app():
        print(f"server start to healthy: {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
