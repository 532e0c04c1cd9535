"""Peak memory of a stitch at 8, 30 and 60 clips, each in a fresh Python process.

Clips are 2 s each (1280x720, 24 fps, H.264 + AAC; four encoded, the rest hard links)
to keep the run short: a stream-copy stitch holds packets, not the whole video, so clip
length should not move the peak. The song is the 4-minute WAV, trimmed to the clips.
The child reports ru_maxrss (KiB on Linux) of itself (Python: the app plus the stitch)
and the largest ffmpeg run. RUSAGE_CHILDREN cannot give the latter: Linux carries the
forking process's high-water RSS into the child across exec, so every ffmpeg started
from an 89 MB Python "peaks" at 89 MB. So in the child each ffmpeg is started through a
tiny Python shim that spawns the real one and appends its own wait4() ru_maxrss to a
log (the shim's 10 MB floor is below any ffmpeg run).
"""
from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from .common import PROJECT_ROOT, Row, Section, make_bench_app, scratch, seconds
from . import inputs

COUNTS = (8, 30, 60)
CLIP_SECONDS = 2
SONG_SECONDS = 240
LIMIT_MB = 200
FLAT = 1.2  # the 60-clip peak may be at most this many times the 8-clip peak


def run() -> Section:
    section = Section("Memory")
    song = inputs.song(SONG_SECONDS)
    measured = {}
    for count in COUNTS:
        inputs.clips(count, CLIP_SECONDS, distinct=4)
        done = subprocess.run([sys.executable, "-m", "benchmarks.memory", str(count), str(song)],
                              cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600,
                              check=True)
        measured[count] = json.loads(done.stdout.strip().splitlines()[-1])
    base = measured[COUNTS[0]]
    for count, m in measured.items():
        py, ff = m["self_kib"] / 1024, m["children_kib"] / 1024
        ok = py < LIMIT_MB and ff < LIMIT_MB and (
            py <= FLAT * base["self_kib"] / 1024 and ff <= FLAT * base["children_kib"] / 1024)
        section.rows.append(Row(
            f"peak RSS, stitch of {count} clips x {CLIP_SECONDS} s: Python / ffmpeg",
            f"{py:.0f} / {ff:.0f} MB", f"{base['self_kib'] / 1024:.0f} / "
            f"{base['children_kib'] / 1024:.0f} MB", f"{py / (base['self_kib'] / 1024):.2f}x / "
            f"{ff / (base['children_kib'] / 1024):.2f}x",
            f"< {LIMIT_MB} MB, <= {FLAT}x of 8 clips", ok))
        section.details.append(
            f"{count} clips: Python {m['app_kib'] / 1024:.0f} MB after create_app, "
            f"{py:.0f} MB after the stitch; largest ffmpeg {ff:.0f} MB; stitch took "
            f"{seconds(m['seconds'])} (timed through the RSS shim) in {m['ffmpeg_runs']} ffmpeg runs; output {m['duration']:.2f} s "
            f"(expected {count * CLIP_SECONDS} s)")
    return section


_SHIM = """#!{python} -I
import os, sys
pid = os.posix_spawn({ffmpeg!r}, [{ffmpeg!r}, *sys.argv[1:]], os.environ)
_, status, usage = os.wait4(pid, 0)
with open({log!r}, "a") as log:
    log.write(f"{{usage.ru_maxrss}}\\n")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def _measure_ffmpeg(folder: Path) -> Path:
    """Route every ffmpeg run through the RSS shim; returns the log it appends to."""
    from app.media import ffmpeg

    log, shim = folder / "ffmpeg-rss.log", folder / "ffmpeg-shim"
    shim.write_text(_SHIM.format(python=sys.executable, ffmpeg=ffmpeg.ffmpeg_exe(),
                                 log=str(log)))
    shim.chmod(0o755)
    ffmpeg.ffmpeg_exe = lambda: str(shim)
    return log


def child(count: int, song: Path) -> dict:
    """In a fresh process: build the app, stitch `count` clips, report peak RSS."""
    clips = inputs.clips(count, CLIP_SECONDS, distinct=4)
    with scratch("memory-") as folder:
        log = _measure_ffmpeg(folder)
        app = make_bench_app(folder)
        app_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        with app.app_context():
            from app import services

            stitcher = services.for_flavor("default").stitcher
            start = time.perf_counter()
            result = stitcher.stitch(clips, folder / "out.mp4", song=song,
                                     suppress_video_audio=True, work_dir=folder)
            took = time.perf_counter() - start
        runs = [int(line) for line in log.read_text().split()]
    return {"count": count, "app_kib": app_kib, "seconds": took,
            "duration": result.info.duration, "ffmpeg_runs": len(runs),
            "self_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            "children_kib": max(runs)}


if __name__ == "__main__":
    print(json.dumps(child(int(sys.argv[1]), Path(sys.argv[2]))))
