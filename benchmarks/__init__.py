"""Benchmarks: MV Studio measured side by side with the baselines a user would otherwise have.

`make bench` (= `python -m benchmarks`) runs every section in one process tree and prints
one table of ratios. Each module measures one thing and returns `Row`s:

    stitching.py   stitch (ours) vs the ffmpeg floor vs moviepy, plus one odd clip
    memory.py      peak RSS of a stitch at 8/30/60 clips, each in a fresh subprocess
    slicing.py     the lipsync audio slice: time and start accuracy
    requests.py    flavor resolution opens, request latency, concurrent cross-talk

Benchmarks measure; they never fail on a slow machine. Each row says PASS or MISS
against its target. Generated inputs are cached under benchmarks/out/ (gitignored).
"""
