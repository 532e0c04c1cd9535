"""Peak memory of a stitch at 8, 30 and 60 clips, each in a fresh Python process.

Clips are 2 s each (1280x720, 24 fps, H.264 + AAC; four encoded, the rest hard links)
to keep the run short: a stream-copy stitch holds packets, not the whole video, so clip
length should not move the peak. The song is the 4-minute WAV, trimmed to the clips.
Neither figure can come from getrusage(): Linux carries the high-water RSS of the process
that forks into the child across exec (kernel exec_mmap), so ru_maxrss of a child, of
RUSAGE_SELF in a fresh interpreter as much as of RUSAGE_CHILDREN for each ffmpeg, is at
least the parent's RSS at the fork. Measured instead:
- Python: VmHWM from /proc/self/status (the peak of this process's own memory map, which
  exec replaces), after create_app and after the stitch;
- ffmpeg: each run is started through a tiny Python shim that spawns the real ffmpeg and
  appends that run's wait4() ru_maxrss to a log (the shim's own ~10 MB is the floor a
  run inherits, below any ffmpeg run); the largest run is reported.
"""
from __future__ import annotations

import json
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
    base_py, base_ff = (measured[COUNTS[0]][key] / 1024 for key in ("python_kib", "ffmpeg_kib"))
    for count, m in measured.items():
        py, ff = m["python_kib"] / 1024, m["ffmpeg_kib"] / 1024
        flat = py <= FLAT * base_py and ff <= FLAT * base_ff
        valid = abs(m["duration"] - count * CLIP_SECONDS) < 0.25
        section.rows.append(Row(
            f"peak RSS Python / ffmpeg, stitch of {count} clips x {CLIP_SECONDS} s",
            f"{py:.0f} / {ff:.0f} MB", f"{base_py:.0f} / {base_ff:.0f} MB",
            f"{py / base_py:.2f}x / {ff / base_ff:.2f}x", f"<{LIMIT_MB} MB, <={FLAT}x",
            py < LIMIT_MB and ff < LIMIT_MB and flat and valid))
        section.details.append(
            f"{count} clips: Python {m['app_kib'] / 1024:.0f} MB after create_app, {py:.0f} MB "
            f"after the stitch; largest of {m['ffmpeg_runs']} ffmpeg runs {ff:.0f} MB; the "
            f"stitch took {seconds(m['seconds'])} (through the shim); output "
            f"{m['duration']:.2f} s (expected {count * CLIP_SECONDS} s)")
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


def peak_rss_kib() -> int:
    """VmHWM: the peak resident memory of this process since it was exec'd, in KiB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")


def child(count: int, song: Path) -> dict:
    """In a fresh process: build the app, stitch `count` clips, report peak RSS."""
    clips = inputs.clips(count, CLIP_SECONDS, distinct=4)
    with scratch("memory-") as folder:
        log = _measure_ffmpeg(folder)
        app = make_bench_app(folder)
        app_kib = peak_rss_kib()
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
            "python_kib": peak_rss_kib(), "ffmpeg_kib": max(runs)}


if __name__ == "__main__":
    print(json.dumps(child(int(sys.argv[1]), Path(sys.argv[2]))))
