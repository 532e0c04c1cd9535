"""`python -m benchmarks` (`make bench`): run every benchmark, print the table, write RESULTS.md.

A full run writes benchmarks/RESULTS.md (commit it with the change it measures); a run
limited with --only or --quick writes benchmarks/out/RESULTS.md instead.
"""
from __future__ import annotations

import argparse
import os
import sys
import time

from . import concurrency, memory, request_path, results, slicing, stitching
from .common import BENCH_DIR, OUT_DIR
from .machine import describe
from .report import table

# name -> (module, arguments of a full run, arguments of a --quick run)
SECTIONS = {
    "stitch": (stitching, {"reps": 7, "moviepy_reps": 3}, {"reps": 2, "moviepy_reps": 1}),
    "memory": (memory, {}, {}),
    "slice": (slicing, {"reps": 5}, {"reps": 2}),
    "requests": (request_path, {"count": 200}, {"count": 40}),
    "concurrency": (concurrency, {}, {}),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--only", help=f"comma-separated sections: {', '.join(SECTIONS)}")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (smoke test)")
    args = parser.parse_args(argv)
    chosen = args.only.split(",") if args.only else list(SECTIONS)
    unknown = [name for name in chosen if name not in SECTIONS]
    if unknown:
        parser.error(f"unknown section(s) {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")

    os.environ.pop("MV_DEBUG_MODE", None)  # the debug log would be measured too
    machine = describe()
    print("\n".join(f"{label:>9}: {value}" for label, value in machine), flush=True)
    if os.getloadavg()[0] > 0.5 * (os.cpu_count() or 1):
        print("warning: the machine is busy (load average above half the cores); "
              "the figures will be noisy", flush=True)
    started, sections = time.perf_counter(), []
    for name in chosen:
        module, full, quick = SECTIONS[name]
        print(f"... {name}", flush=True)
        section_start = time.perf_counter()
        sections.append(module.run(**(quick if args.quick else full)))
        print(f"    {name} took {time.perf_counter() - section_start:.0f} s", flush=True)
    elapsed = time.perf_counter() - started

    print()
    print(table(sections))
    misses = sum(row.passed is False for section in sections for row in section.rows)
    print(f"\n{misses} MISS; the run took {elapsed / 60:.1f} min")
    partial = bool(args.only or args.quick)
    target = (OUT_DIR if partial else BENCH_DIR) / "RESULTS.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(results.document(sections, machine, elapsed, partial=partial),
                      encoding="utf-8")
    print(f"written: {target.relative_to(BENCH_DIR.parent)}")
    return 0  # benchmarks measure; a MISS is reported, not a failure


if __name__ == "__main__":
    sys.exit(main())
