"""Single-file cuts: an accurate slice of a song, a poster frame of a clip."""
from __future__ import annotations

import os
from pathlib import Path

from .ffmpeg import EDIT_TIMEOUT, MediaError, atomic_output, run_ffmpeg
from .probe import probe


def clip_audio(src: str | os.PathLike, dst: str | os.PathLike, start: float = 0.0,
               end: float | None = None, *, sample_rate: int = 48000, channels: int = 2,
               timeout: float = EDIT_TIMEOUT) -> Path:
    """Cut [start, end) seconds of src's audio into a PCM WAV, exact to the sample.

    Used for lipsync audio slices. The audio is decoded and re-encoded (a stream copy
    would cut at packet edges). `end` None means the end of the audio; an `end` past
    the end gives a shorter slice. Returns dst.
    """
    src, dst = Path(src), Path(dst)
    info = probe(src, timeout=timeout)
    if not info.has_audio:
        raise MediaError(f"{src.name} has no audio stream")
    if start < 0 or (end is not None and end <= start):
        raise MediaError(f"bad audio range {start:g}..{end} s: need 0 <= start < end")
    if start >= info.duration:
        raise MediaError(f"start {start:g} s is past the end of {src.name} "
                         f"({info.duration:g} s)")
    trim = f"atrim=start={start:.6f}" + (f":end={end:.6f}" if end is not None else "")
    with atomic_output(dst) as tmp:
        run_ffmpeg(["-i", src, "-map", "0:a:0", "-vn",
                    "-af", f"{trim},asetpts=PTS-STARTPTS,aresample={sample_rate}",
                    "-ac", channels, "-c:a", "pcm_s16le", tmp],
                   action=f"cutting audio from {src.name}", timeout=timeout)
    return dst


def extract_frame(video: str | os.PathLike, dst: str | os.PathLike, at_seconds: float,
                  *, timeout: float = EDIT_TIMEOUT) -> Path:
    """Save the frame shown at `at_seconds` (clamped into the clip) as a poster image.

    The format follows dst's extension: .jpg/.jpeg for JPEG, anything else PNG.
    """
    video, dst = Path(video), Path(dst)
    codec = ["-c:v", "mjpeg", "-q:v", 3] if dst.suffix.lower() in (".jpg", ".jpeg") else [
        "-c:v", "png"]
    info = probe(video, timeout=timeout)
    if not info.has_video:
        raise MediaError(f"{video.name} has no video stream")
    at = min(max(at_seconds, 0.0), max(info.duration - 0.1, 0.0))
    with atomic_output(dst) as tmp:
        run_ffmpeg(["-ss", f"{at:.3f}", "-i", video, "-map", "0:v:0", "-frames:v", 1,
                    "-update", 1, *codec, tmp],
                   action=f"taking a frame from {video.name}", timeout=timeout)
    return dst
