"""Input media made with ffmpeg once and cached under benchmarks/out/inputs/.

Clips look like real generated clips (H.264 yuv420p with an AAC 48 kHz stereo track);
songs are WAV, as the app stores every song.
"""
from __future__ import annotations

import os
from pathlib import Path

from app.media.ffmpeg import atomic_output, run_ffmpeg

from .common import OUT_DIR

INPUTS = OUT_DIR / "inputs"
_TIMEOUT = 600
# A chord with a slow tremolo: busier than a sine for the AAC encoder, still tiny to make.
_CHORD = ("(0.20*sin(2*PI*220*t)+0.12*sin(2*PI*277.18*t)+0.12*sin(2*PI*329.63*t)"
          "+0.05*sin(2*PI*880*t))*(0.7+0.3*sin(2*PI*2*t))")


def _cached(name: str, make) -> Path:
    """INPUTS/name, made by make(tmp_path) only when missing (never half-written)."""
    path = INPUTS / name
    if not path.is_file():
        INPUTS.mkdir(parents=True, exist_ok=True)
        with atomic_output(path) as tmp:
            make(tmp)
    return path


def clip(seconds: float, width: int = 1280, height: int = 720, fps: float = 24,
         variant: int = 0) -> Path:
    """A testsrc2 clip with a sine as its own audio; `variant` changes picture and tone."""
    name = f"clip-{width}x{height}-{fps:g}fps-{seconds:g}s-{variant}.mp4"

    def make(tmp: Path) -> None:
        run_ffmpeg(["-f", "lavfi", "-i",
                    f"testsrc2=size={width}x{height}:rate={fps}:duration={seconds}",
                    "-f", "lavfi", "-i",
                    f"sine=frequency={330 + 55 * variant}:sample_rate=48000:duration={seconds}",
                    # a different start frame per variant, so clips are not identical
                    "-vf", f"hue=h={37 * variant}", "-c:v", "libx264", "-preset", "veryfast",
                    "-pix_fmt", "yuv420p", "-c:a", "aac", "-ar", 48000, "-ac", 2,
                    "-movflags", "+faststart", tmp],
                   action="making a benchmark clip", timeout=_TIMEOUT)

    return _cached(name, make)


def clips(count: int, seconds: float, distinct: int | None = None) -> list[Path]:
    """`count` 1280x720 24 fps clips; beyond `distinct` made ones, hard links reuse them.

    Links are separate paths (the stitch probes and reads each) without paying to
    encode dozens of files; content does not change what a stream-copy stitch costs.
    """
    made = [clip(seconds, variant=i) for i in range(min(count, distinct or count))]
    folder = INPUTS / f"set-{count}x{seconds:g}s"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = folder / f"clip-{index:03d}.mp4"
        if not path.exists():
            os.link(made[index % len(made)], path)
        paths.append(path)
    return paths


def song(seconds: float) -> Path:
    """A music-like WAV (48 kHz stereo) of `seconds`."""

    def make(tmp: Path) -> None:
        run_ffmpeg(["-f", "lavfi", "-i",
                    f"aevalsrc=exprs={_CHORD}:sample_rate=48000:duration={seconds}",
                    "-ac", 2, "-c:a", "pcm_s16le", tmp],
                   action="making a benchmark song", timeout=_TIMEOUT)

    return _cached(f"song-{seconds:g}s.wav", make)


def song_with_edges(seconds: float, edges: tuple[float, ...], burst: float = 2.0,
                    freq: int = 1000, suffix: str = ".wav") -> Path:
    """Silence with loud tone bursts starting exactly at each of `edges` seconds.

    The tone is a cosine whose phase is zero at each edge (edges * freq are whole
    numbers), so the first sample of every burst is already at full amplitude.
    """
    for edge in edges:
        if abs(edge * freq - round(edge * freq)) > 1e-9:
            raise ValueError(f"edge {edge} s does not start a whole {freq} Hz period")
    on = "+".join(f"between(t\\,{edge}\\,{edge + burst})" for edge in edges)
    expression = f"if({on}\\,0.5*cos(2*PI*{freq}*t)\\,0)"
    codec = {".wav": ["-c:a", "pcm_s16le"], ".mp3": ["-c:a", "libmp3lame", "-b:a", "192k"]}

    def make(tmp: Path) -> None:
        run_ffmpeg(["-f", "lavfi", "-i",
                    f"aevalsrc=exprs={expression}:sample_rate=48000:duration={seconds}",
                    "-ac", 2, *codec[suffix], tmp],
                   action="making a song with tone edges", timeout=_TIMEOUT)

    label = "-".join(f"{edge:g}" for edge in edges)
    return _cached(f"edges-{seconds:g}s-{label}{suffix}", make)
