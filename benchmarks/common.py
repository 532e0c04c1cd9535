"""What every benchmark shares: result rows, timing statistics, the app under test, paths."""
from __future__ import annotations

import contextlib
import math
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = BENCH_DIR.parent
OUT_DIR = BENCH_DIR / "out"  # cached inputs and scratch (gitignored)


@dataclass
class Row:
    """One line of the results table; `passed` None means "reported, no target"."""

    what: str
    ours: str
    baseline: str = "—"
    ratio: str = "—"
    target: str = "—"
    passed: bool | None = None

    @property
    def verdict(self) -> str:
        return "—" if self.passed is None else ("PASS" if self.passed else "MISS")


@dataclass
class Section:
    """One benchmark's rows, plus detail lines (raw figures, checks) for RESULTS.md."""

    title: str
    rows: list[Row] = field(default_factory=list)
    details: list[str] = field(default_factory=list)


def seconds(value: float) -> str:
    """A duration for the table: ms below one second, else seconds."""
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def times(value: float) -> str:
    return f"{value:.2f}x"


def timed(action: Callable[[], object]) -> float:
    """Wall-clock seconds one call of `action` takes."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (p50, p95) of the samples."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def spread(values: list[float]) -> str:
    """min..max of repeated timings, to show how noisy a median is."""
    return f"{seconds(min(values))}..{seconds(max(values))}"


@contextlib.contextmanager
def scratch(prefix: str) -> Iterator[Path]:
    """A temporary folder under benchmarks/out/tmp, removed afterwards."""
    parent = OUT_DIR / "tmp"
    parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=prefix, dir=parent) as folder:
        yield Path(folder)


def make_bench_app(folder: Path, **overrides):
    """The real app (create_app) with test settings, its state in `folder`, preview backend."""
    from app import create_app

    settings = {
        "TESTING": True,
        "SECRET_KEY": "bench-secret-key",
        "INSTANCE_PATH": str(folder / "instance"),
        "MV_CONFIG_DIR": str(PROJECT_ROOT / "configs"),
        "MV_MEDIA_DIR": str(folder / "media"),
        "DATABASE_URL": f"sqlite:///{folder / 'mv.sqlite3'}",
        "MV_BACKEND": "preview",
        "MV_DEBUG_MODE": False,
    }
    settings.update(overrides)
    return create_app(settings)
