"""200 concurrent requests for mixed flavors on a real threaded server: cross-talk, speed.

GET /api/mv/config_flavors/<name> for default, cinematic and lofi in turn, 200 requests
released together by a barrier (each on its own connection, like separate browsers),
in several bursts. Every answer must equal what that flavor answered alone beforehand
(name, files, overrides, clip_seconds and all merged values): any difference is
cross-talk. The baseline is the same 200 requests sent one after another.

werkzeug's server listens with a backlog of 128 (werkzeug.serving.LISTEN_QUEUE): when 200
connections arrive at once the kernel drops the SYNs that do not fit and the clients
retry one second later, which is what the 200-request p95 shows. So the bursts also run
at 100 (inside the backlog), and the kernel's ListenOverflows counter is reported.
"""
from __future__ import annotations

import http.client
import json
import subprocess
import sys
import threading
import time

from werkzeug.serving import LISTEN_QUEUE

from .common import PROJECT_ROOT, Row, Section, median, percentile, scratch

FLAVORS = ("default", "cinematic", "lofi")
REQUESTS, BURSTS = 200, 3
LEVELS = (REQUESTS, 100)  # requests released together per burst
BACKLOG = LISTEN_QUEUE  # the listen backlog of werkzeug's server (128)


def _get(port: int, path: str) -> tuple[int, bytes, float]:
    """(status, body, seconds) of one GET on a fresh connection."""
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    return response.status, body, time.perf_counter() - start


def listen_overflows() -> int | None:
    """The kernel's count of connections dropped because an accept queue was full."""
    try:
        lines = [line.split() for line in open("/proc/net/netstat", encoding="ascii")]
    except OSError:
        return None
    for names, values in zip(lines[::2], lines[1::2]):
        if names[0] == "TcpExt:" and "ListenOverflows" in names:
            return int(values[names.index("ListenOverflows")])
    return None


def _burst(port: int, count: int) -> tuple[list[tuple[str, int, bytes, float]], float]:
    """`count` GETs released at once; (flavor, status, body, seconds) each, and wall time."""
    results: list = [None] * count
    barrier = threading.Barrier(count + 1)

    def worker(index: int) -> None:
        flavor = FLAVORS[index % len(FLAVORS)]
        barrier.wait()
        try:
            results[index] = (flavor, *_get(port, f"/api/mv/config_flavors/{flavor}"))
        except OSError as exc:
            results[index] = (flavor, 0, repr(exc).encode(), float("inf"))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    barrier.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - start


def run() -> Section:
    section = Section("Concurrency (real server)")
    with scratch("server-") as folder:
        server = subprocess.Popen([sys.executable, "-m", "benchmarks.server", str(folder)],
                                  cwd=PROJECT_ROOT, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True)
        try:
            port = int(server.stdout.readline())
            expected = {}
            for flavor in FLAVORS:
                status, body, _ = _get(port, f"/api/mv/config_flavors/{flavor}")
                assert status == 200, (flavor, status)
                expected[flavor] = json.loads(body)
            serial_start = time.perf_counter()
            serial = [_get(port, f"/api/mv/config_flavors/{FLAVORS[i % len(FLAVORS)]}")[2]
                      for i in range(REQUESTS)]
            serial_wall = time.perf_counter() - serial_start
            levels = {}
            for count in LEVELS:
                before = listen_overflows()
                bursts = [_burst(port, count) for _ in range(BURSTS)]
                after = listen_overflows()
                levels[count] = (bursts, None if before is None else after - before)
        finally:
            server.stdin.close()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.terminate()
                server.wait(timeout=15)

    answers = [answer for bursts, _ in levels.values() for results, _ in bursts
               for answer in results]
    failed = sum(1 for _, status, _, _ in answers if status != 200)
    crossed = sum(1 for flavor, status, body, _ in answers
                  if status == 200 and json.loads(body) != expected[flavor])
    section.rows.append(Row(
        f"concurrent mixed flavors: cross-talk / errors ({BURSTS} bursts "
        f"of {' and '.join(map(str, LEVELS))})",
        f"{crossed} / {failed} of {len(answers)}", target="0 / 0",
        passed=crossed == 0 and failed == 0))
    serial_rate = REQUESTS / serial_wall
    baseline = f"{serial_rate:.0f}/s, {percentile(serial, 95) * 1000:.1f} ms"
    for count, (bursts, overflows) in levels.items():
        walls = [wall for _, wall in bursts]
        p95s = [percentile([took for *_, took in results], 95) for results, _ in bursts]
        rate = count / median(walls)
        section.rows.append(Row(
            f"{count} at once / one at a time: req/s, p95"
        + (" (in the backlog)" if count <= BACKLOG else ""),
            f"{rate:.0f}/s, {median(p95s) * 1000:.0f} ms", baseline,
            f"{rate / serial_rate:.2f}x"))
        section.details.append(
            f"{count} at once: burst walls {', '.join(f'{w * 1000:.0f}' for w in walls)} ms; "
            f"p95s {', '.join(f'{p * 1000:.0f}' for p in p95s)} ms; kernel ListenOverflows "
            f"during these bursts: {'n/a' if overflows is None else overflows}")
    section.details.append(f"one at a time: {REQUESTS} requests in {serial_wall * 1000:.0f} ms, "
                           f"p50 {percentile(serial, 50) * 1000:.1f} ms")
    return section
