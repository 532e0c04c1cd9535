"""RESULTS.md: the run's table, the machine, how to run, and how each figure is measured."""
from __future__ import annotations

import inspect
import time

from . import concurrency, memory, request_path, slicing, stitching
from .report import details, markdown_table

MEASURED_BY = (stitching, memory, slicing, request_path, concurrency)

HOW_TO_RUN = """\
    make bench                                # = .venv/bin/python -m benchmarks
    .venv/bin/python -m benchmarks --only stitch,slice   # some sections
    .venv/bin/python -m benchmarks --quick    # fewer repetitions, a smoke test

A full run rewrites this file; `--only`/`--quick` runs write benchmarks/out/RESULTS.md.
Inputs are generated once with ffmpeg into benchmarks/out/ (gitignored) and reused, so
the first run takes about a minute longer. Sections: stitch, memory, slice, requests,
concurrency."""

GENERAL = """\
- Everything runs in one `make bench`, ours and baselines interleaved on the same inputs,
  so each ratio compares figures taken minutes apart on the same machine.
- Times are wall-clock medians of repeated runs (min..max under Details); percentiles are
  nearest-rank. Nothing here asserts a time: a row says PASS or MISS against its target.
- The app is the real `create_app()` with the preview backend, SQLite and media in a
  temporary folder; stitches go through the default flavor's `Stitcher` from the
  service locator, exactly as the stitch job calls it.
- ffmpeg is the imageio-ffmpeg binary the app uses (no ffprobe)."""


def document(sections, machine, elapsed: float, *, partial: bool) -> str:
    when = time.strftime("%Y-%m-%d %H:%M %Z")
    misses = [row for section in sections for row in section.rows if row.passed is False]
    out = [
        "# MV Studio benchmarks: results",
        "",
        f"Run of {when}; the whole run took {elapsed / 60:.1f} min"
        + (" (a partial run: --only/--quick)." if partial else "."),
        "",
        "## Machine",
        "",
        *(f"- {label}: {value}" for label, value in machine),
        "",
        "## Results",
        "",
        markdown_table(sections),
        "",
        f"{len(misses)} MISS" + (": " + "; ".join(row.what for row in misses) if misses else "")
        + ".",
        "",
        "## Details",
        "",
        details(sections),
        "## How to run",
        "",
        HOW_TO_RUN,
        "",
        "## Methodology",
        "",
        GENERAL,
        "",
    ]
    for module in MEASURED_BY:
        name = module.__name__.rsplit(".", 1)[-1]
        out += [f"### {name}.py", "", inspect.getdoc(module), ""]
    return "\n".join(out)
