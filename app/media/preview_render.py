"""Offline preview clips: a moving picture with the scene prompt written on it.

Used by the preview backend instead of a generated clip. The clip is plainly a
preview (a "PREVIEW" label) and has the same streams as a normalised clip (H.264
yuv420p, AAC 48 kHz stereo: TargetFormat's defaults), so previews stitch by stream copy.
"""
from __future__ import annotations

import logging
import os
import tempfile
import textwrap
from pathlib import Path

from .ffmpeg import (ENCODE_TIMEOUT, MediaError, MediaTimeout, atomic_output, container_flags,
                     run_ffmpeg)
from .stitch import TargetFormat

log = logging.getLogger(__name__)

FONT_FILE = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
_FILTER_SPECIALS = "\\'[],;"


def render_preview_clip(dst: str | os.PathLike, *, text: str, seconds: float, width: int,
                        height: int, fps: float, seed: int = 0,
                        timeout: float = ENCODE_TIMEOUT) -> bool:
    """Render a preview clip showing `text` over a moving background, with quiet audio.

    Returns True when the text was drawn; if drawing text fails (no usable font) the
    clip is made without it and False is returned.
    """
    dst = Path(dst)
    if width % 2 or height % 2 or seconds <= 0:
        raise MediaError(f"bad preview size {width}x{height} or length {seconds:g} s")
    fontsize = max(10, height // 16)
    with tempfile.TemporaryDirectory(prefix="mv-preview-") as tmp:
        textfile = Path(tmp, "text.txt")
        textfile.write_text(wrap_text(text, width, height, fontsize), encoding="utf-8")
        try:
            _render(dst, _text_filters(textfile, fontsize), seconds, width, height, fps, seed,
                    timeout)
            return True
        except MediaTimeout:
            raise
        except MediaError as exc:
            log.warning("drawing preview text failed, rendering without it: %s", exc)
    _render(dst, [], seconds, width, height, fps, seed, timeout)
    return False


def wrap_text(text: str, width: int, height: int, fontsize: int) -> str:
    """Wrap text into lines that fit the frame; too many lines end with an ellipsis."""
    per_line = max(8, int(width * 0.85 / (fontsize * 0.6)))
    max_lines = max(1, int(height * 0.55 / (fontsize * 1.3)))
    flat = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    lines = textwrap.wrap(flat, per_line, break_long_words=True) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][:per_line - 1].rstrip() + "\u2026"
    return "\n".join(lines)


def filter_escape(value: str) -> str:
    """Escape a value for a filter option inside a filtergraph (both escaping levels)."""
    value = "".join("\\" + ch if ch in "\\':" else ch for ch in value)
    return "".join("\\" + ch if ch in _FILTER_SPECIALS else ch for ch in value)


def _text_filters(textfile: Path, fontsize: int) -> list[str]:
    font = (f"fontfile={filter_escape(str(FONT_FILE))}" if FONT_FILE.is_file()
            else "font=Sans")
    label = max(8, fontsize * 2 // 3)
    return [
        f"drawtext={font}:textfile={filter_escape(str(textfile))}:expansion=none"
        f":fontsize={fontsize}:fontcolor=white:line_spacing={fontsize // 4}:text_align=C"
        f":x=(w-text_w)/2:y=(h-text_h)/2:box=1:boxcolor=black@0.55:boxborderw={fontsize // 2}",
        f"drawtext={font}:text=PREVIEW:expansion=none:fontsize={label}:fontcolor=white"
        f":x={label}:y={label}:box=1:boxcolor=red@0.7:boxborderw={label // 3}",
    ]


def _render(dst: Path, text_filters: list[str], seconds: float, width: int, height: int,
            fps: float, seed: int, timeout: float) -> None:
    enc = TargetFormat(width=width, height=height, fps=fps)
    box = max(4, height // 8)
    video = (f"gradients=s={width}x{height}:r={fps:g}:d={seconds:.3f}:speed=0.03:seed={seed}"
             f"[bg];color=c=white@0.8:s={box}x{box}:r={fps:g}[box];"
             f"[bg][box]overlay=x='(W-w)*(0.5+0.5*sin(t*1.7+{seed % 7}))'"
             ":y='(H-h)*(0.5+0.5*cos(t*1.1))':eval=frame:shortest=1,"
             + ",".join([*text_filters, f"format={enc.pix_fmt}"]) + "[v]")
    audio = f"sine=frequency=220:duration={seconds:.3f},volume=0.03[a]"
    with atomic_output(dst) as tmp:
        run_ffmpeg(["-filter_complex", f"{video};{audio}", "-map", "[v]", "-map", "[a]",
                    "-c:v", enc.video_codec, "-preset", enc.preset, "-crf", enc.crf,
                    "-pix_fmt", enc.pix_fmt, "-c:a", enc.audio_codec, "-b:a", enc.audio_bitrate,
                    "-ar", enc.audio_sample_rate, "-ac", enc.audio_channels,
                    *container_flags(dst), tmp],
                   action=f"rendering preview {dst.name}", timeout=timeout)
