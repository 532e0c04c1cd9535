"""Is an output valid? Its length, and a full decode that must print no error."""
from __future__ import annotations

from pathlib import Path

from app.media.ffmpeg import run_ffmpeg
from app.media.probe import probe


def decode_errors(path: Path) -> str:
    """What `ffmpeg -v error -i path -f null -` prints ("" for a clean file)."""
    return run_ffmpeg(["-i", path, "-map", "0", "-f", "null", "-"],
                      action="decoding a benchmark output", timeout=600, check=False).strip()


def verdict(path: Path, expected_seconds: float, tolerance: float = 0.25) -> tuple[bool, str]:
    """(valid, description): the duration is within `tolerance` and it decodes cleanly."""
    info = probe(path)
    errors = decode_errors(path)
    ok = abs(info.duration - expected_seconds) <= tolerance and not errors and info.has_video \
        and info.has_audio
    note = f"{info.duration:.2f} s, {'decodes cleanly' if not errors else 'DECODE ERRORS'}"
    if errors:
        note += f": {errors.splitlines()[0][:80]}"
    return ok, note
