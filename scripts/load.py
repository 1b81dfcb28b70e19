"""Load test over loopback: N concurrent websocket sessions against one served app.

Each client speaks Streamlit's own protocol (protobuf over /_stcore/stream), like a browser tab:
it asks for a page run, waits for the run to finish, pauses, and asks again, cycling through the
pages. The app is started here on a free port with the shipped data (or REGIONDASH_DATA_DIR).
Prints: sessions, page runs, errors (an exception element, a failed or missing run, a dropped
connection), median and p95 time to content (request sent -> script finished), and the server's
memory before and with all sessions held (per session), and the server's CPU time a page run.
A measurement, not a test.

Usage: python scripts/load.py [--sessions 50] [--seconds 120] [--pages overview,map] [--pause 1]
       python scripts/load.py --naive    # the same load on the benchmark's naive one-file page
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

REPO = Path(__file__).resolve().parents[1]
APP = REPO / "app.py"
NAIVE = REPO / "scripts" / "bench_naive_page.py"


def rss_mb(pid: int) -> float:
    """Resident memory of a process (Linux /proc), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time a process has used (Linux /proc), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_server(script: Path = APP) -> tuple[subprocess.Popen, int]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "streamlit", "run", str(script)]
    command += ["--server.port", str(port), "--server.headless", "true"]
    command += ["--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"]
    server = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return server, port
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise RuntimeError("the app did not start")


class Stats:
    def __init__(self) -> None:
        self.times: list[float] = []
        self.errors: list[str] = []
        self.connected = 0


async def run_page(socket_, page: str) -> tuple[float, str | None]:
    """Ask for one page run; (seconds to its end, error or None)."""
    message = BackMsg()
    message.rerun_script.query_string = ""
    message.rerun_script.page_name = page
    started = time.monotonic()
    await socket_.send(message.SerializeToString())
    error = None
    while True:
        data = await asyncio.wait_for(socket_.recv(), timeout=120)
        forward = ForwardMsg()
        forward.ParseFromString(data)
        kind = forward.WhichOneof("type")
        if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
            if forward.delta.new_element.WhichOneof("type") == "exception":
                error = forward.delta.new_element.exception.message[:120] or "exception"
        elif kind == "page_not_found":
            return time.monotonic() - started, f"page not found: {page}"
        elif kind == "script_finished":
            status = forward.script_finished
            if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                continue
            if status != ForwardMsg.FINISHED_SUCCESSFULLY:
                error = error or f"script finished with status {status}"
            return time.monotonic() - started, error


async def client(
    port: int, pages: list[str], until: float, pause: float, stats: Stats, all_in, held_by: float
):
    """One session: pages in turn until `until`. `all_in` is released once: when the session has
    seen every page or at `held_by`, whichever is first (or when it ends, on an error), so memory
    "with every session held" is read with every session open."""
    url = f"ws://127.0.0.1:{port}/_stcore/stream"
    released = False

    def release() -> None:
        nonlocal released
        if not released:
            released = True
            all_in.release()

    number = 0
    try:
        async with websockets.connect(url, subprotocols=["streamlit"], max_size=None) as ws:
            stats.connected += 1
            while time.monotonic() < until:
                seconds, error = await run_page(ws, pages[number % len(pages)])
                stats.times.append(seconds)
                if error:
                    stats.errors.append(error)
                number += 1
                if number >= len(pages) or time.monotonic() >= held_by:
                    release()
                await asyncio.sleep(pause)
    except (OSError, websockets.WebSocketException, TimeoutError) as error:
        stats.errors.append(f"{type(error).__name__}: {error}"[:160])
    finally:
        release()


@dataclass
class LoadResult:
    sessions: int
    connected: int
    pages: list[str]
    seconds: float
    times: list[float]  # seconds from a run's request to its end, sorted
    errors: list[str]
    cpu_s: float  # the server's CPU time while the sessions ran
    wall_s: float
    warm_mb: float  # the server's memory after one session visited every page
    held_mb: float  # ... with every session open
    end_mb: float  # ... when the sessions stopped (growth since `held_mb` would be a leak)

    @property
    def p95(self) -> float:
        return self.times[int(0.95 * (len(self.times) - 1))] if self.times else float("nan")

    @property
    def mb_per_session(self) -> float:
        return (self.held_mb - self.warm_mb) / self.sessions


async def hold_sessions(
    port: int,
    server_pid: int,
    sessions: int,
    seconds: float,
    pages: list[str],
    pause: float,
    ramp: float,
) -> LoadResult:
    stats = Stats()
    all_in = asyncio.Semaphore(0)
    until = time.monotonic() + seconds
    baseline = rss_mb(server_pid)
    cpu_start, wall_start = cpu_seconds(server_pid), time.monotonic()
    held_by = time.monotonic() + seconds / 2
    tasks = []
    for _ in range(sessions):
        session = client(port, pages, until, pause, stats, all_in, held_by)
        tasks.append(asyncio.create_task(session))
        await asyncio.sleep(ramp / sessions)
    for _ in range(sessions):
        await all_in.acquire()
    held = rss_mb(server_pid)
    await asyncio.gather(*tasks)
    return LoadResult(
        sessions,
        stats.connected,
        pages,
        seconds,
        sorted(stats.times),
        stats.errors,
        cpu_seconds(server_pid) - cpu_start,
        time.monotonic() - wall_start,
        baseline,
        held,
        rss_mb(server_pid),
    )


def measure(
    sessions: int = 50,
    seconds: float = 120,
    pages: list[str] | None = None,
    pause: float = 1.0,
    ramp: float = 10.0,
    script: Path = APP,
) -> LoadResult:
    """Serve the app (or another `script`), visit every page once, then hold `sessions`
    sessions for `seconds`."""
    pages = pages or ["overview", "map"]
    server, port = start_server(script)
    try:
        # One session first, so "warm" memory includes the loaded catalog and caches.
        asyncio.run(warm_up(port, pages))
        return asyncio.run(hold_sessions(port, server.pid, sessions, seconds, pages, pause, ramp))
    finally:
        server.terminate()
        server.wait(timeout=30)


def report(result: LoadResult) -> None:
    times = result.times
    print(
        f"sessions          {result.sessions} (connected {result.connected}), "
        f"pages {','.join(result.pages)}"
    )
    print(f"page runs         {len(times)} in {result.seconds:.0f} s")
    print(f"errors            {len(result.errors)}")
    for error in sorted(set(result.errors))[:5]:
        print(f"  {result.errors.count(error)} x {error}")
    if times:
        print(f"time to content   median {statistics.median(times):.2f} s, p95 {result.p95:.2f} s")
        cpu, wall = result.cpu_s, result.wall_s
        print(
            f"server CPU        {cpu:.1f} s in {wall:.0f} s ({cpu / wall:.0%} of one core), "
            f"{cpu / len(times) * 1000:.0f} ms a page run"
        )
    print(
        f"server memory     {result.warm_mb:.0f} MB warm, {result.held_mb:.0f} MB with every "
        f"session held, {result.end_mb:.0f} MB at the end"
    )
    print(f"per session       {result.mb_per_session:.1f} MB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--pages", default="overview,map")
    parser.add_argument("--pause", type=float, default=1.0, help="seconds between page runs")
    parser.add_argument("--ramp", type=float, default=10.0, help="seconds to open all sessions")
    parser.add_argument(
        "--naive", action="store_true", help="serve the naive one-file page instead of the app"
    )
    args = parser.parse_args()
    # The naive page is a one-file app: its only page has the empty name.
    pages = [""] if args.naive else args.pages.split(",")
    script = NAIVE if args.naive else APP
    report(measure(args.sessions, args.seconds, pages, args.pause, args.ramp, script))
    return 0


async def warm_up(port: int, pages: list[str]) -> None:
    url = f"ws://127.0.0.1:{port}/_stcore/stream"
    async with websockets.connect(url, subprotocols=["streamlit"], max_size=None) as ws:
        for page in pages:
            await run_page(ws, page)


if __name__ == "__main__":
    sys.exit(main())
