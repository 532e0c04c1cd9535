"""What a media file holds, read from `ffmpeg -i` (the wheel ships no ffprobe).

Also the clip format: the stream properties that must agree for clips to be joined
by stream copy.
"""
from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .ffmpeg import PROBE_TIMEOUT, MediaError, run_ffmpeg

_INPUT = re.compile(r"^Input #0, ", re.M)
_DURATION = re.compile(r"^\s*Duration:\s*(?:(\d+):(\d\d):(\d\d(?:\.\d+)?)|N/A)", re.M)
_STREAM = re.compile(r"^\s*Stream #0:\d+\S*?: (Video|Audio|Data|Subtitle|Attachment): (.*)$",
                     re.M)
_SIZE = re.compile(r"^(\d+)x(\d+)\b")
_RATE = re.compile(r"^(\d+(?:\.\d+)?)(k?) (fps|tbr)\b")
_ROTATION = re.compile(r"rotation of (-?\d+(?:\.\d+)?) degrees", re.I)
_OUT_TIME = re.compile(r"^out_time_us=(\d+)\s*$", re.M)
_NAMED_LAYOUTS = {"mono": 1, "stereo": 2, "downmix": 2, "binaural": 2, "quad": 4,
                  "hexagonal": 6, "octagonal": 8, "hexadecagonal": 16}


@dataclass(frozen=True)
class ClipFormat:
    """Stream properties that must be equal for clips to be concatenated by stream copy."""

    video_codec: str | None
    width: int | None
    height: int | None
    fps: float | None
    pix_fmt: str | None
    rotation: int
    audio_codec: str | None
    audio_profile: str | None
    audio_sample_rate: int | None
    audio_channels: int | None

    @property
    def has_audio(self) -> bool:
        return self.audio_codec is not None


@dataclass(frozen=True)
class MediaInfo:
    """A media file's duration, size and first video/audio stream (cover art ignored).

    width/height are the displayed size (swapped for clips rotated by 90 degrees).
    """

    duration: float
    size_bytes: int
    has_video: bool
    has_audio: bool
    width: int | None = None
    height: int | None = None
    fps: float | None = None
    video_codec: str | None = None
    pix_fmt: str | None = None
    rotation: int = 0
    audio_codec: str | None = None
    audio_profile: str | None = None
    audio_sample_rate: int | None = None
    audio_channels: int | None = None

    @property
    def format(self) -> ClipFormat:
        """The properties that decide whether this clip can be joined by stream copy."""
        return ClipFormat(self.video_codec, self.width, self.height, self.fps, self.pix_fmt,
                          self.rotation, self.audio_codec, self.audio_profile,
                          self.audio_sample_rate, self.audio_channels)


def probe(path: str | os.PathLike, *, timeout: float = PROBE_TIMEOUT) -> MediaInfo:
    """Read duration and stream details of a media file; MediaError if it is not media."""
    path = Path(path)
    if not path.is_file():
        raise MediaError(f"media file not found: {path.name}")
    stderr = run_ffmpeg(["-i", path], action=f"reading {path.name}", timeout=timeout,
                        loglevel="info", check=False)
    duration = None
    if _INPUT.search(stderr) and _duration(stderr) is None:
        duration = _decoded_duration(path, timeout)
    return parse_info(stderr, size_bytes=path.stat().st_size, duration=duration,
                      name=path.name)


def parse_info(text: str, *, size_bytes: int = 0, duration: float | None = None,
               name: str = "file") -> MediaInfo:
    """Build MediaInfo from the stderr of `ffmpeg -i FILE`; `duration` overrides its own."""
    if not _INPUT.search(text):
        raise MediaError(f"{name} is not a media file (ffmpeg cannot read it)", text)
    fields: dict = {}
    for kind, description in _STREAM.findall(text):
        if kind == "Video" and "video_codec" not in fields and "(attached pic)" not in description:
            fields.update(_video_fields(description, _stream_block(text, description)))
        elif kind == "Audio" and "audio_codec" not in fields:
            fields.update(_audio_fields(description))
    if not fields:
        raise MediaError(f"{name} has no audio or video stream", text)
    duration = _duration(text) if duration is None else duration
    if duration is None:
        raise MediaError(f"cannot tell how long {name} is", text)
    return MediaInfo(duration=duration, size_bytes=size_bytes,
                     has_video="video_codec" in fields, has_audio="audio_codec" in fields,
                     **fields)


def clips_match(infos: Sequence[MediaInfo]) -> bool:
    """True when all clips share one format, so stream copy joins them correctly."""
    return len({info.format for info in infos}) <= 1


def majority_format(infos: Sequence[MediaInfo], prefer: ClipFormat | None = None) -> ClipFormat:
    """The format most clips share; ties go to `prefer`, then to the earliest clip."""
    counts = Counter(info.format for info in infos)
    best = max(counts.values())
    tied = [fmt for fmt in counts if counts[fmt] == best]
    return prefer if prefer in tied else tied[0]


def odd_clips(infos: Sequence[MediaInfo], reference: ClipFormat) -> list[int]:
    """Indexes of the clips whose format differs from `reference`."""
    return [index for index, info in enumerate(infos) if info.format != reference]


def _duration(text: str) -> float | None:
    match = _DURATION.search(text)
    if not match or match.group(1) is None:
        return None
    hours, minutes, seconds = match.groups()
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def _decoded_duration(path: Path, timeout: float) -> float | None:
    """Duration found by reading the whole file, for files whose header does not say.

    Copying packets is quick; raw streams without timestamps need a real decode.
    """
    for codec_args in (["-c", "copy"], []):
        stderr = run_ffmpeg(["-i", path, "-map", "0", *codec_args, "-f", "null",
                             "-progress", "pipe:2", "-nostats", "-"],
                            action=f"measuring {path.name}", timeout=timeout, check=False)
        if times := _OUT_TIME.findall(stderr):
            return int(times[-1]) / 1e6
    return None


def _split_fields(description: str) -> list[str]:
    """Split a stream description on commas outside (...) and [...]."""
    parts, depth, current = [], 0, []
    for char in description:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(depth - 1, 0)
        if char == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    parts.append("".join(current).strip())
    return parts


def _stream_block(text: str, description: str) -> str:
    """The stream line and its indented detail lines (metadata, side data)."""
    start = text.index(description)
    following = _STREAM.search(text, start + len(description))
    return text[start:following.start() if following else len(text)]


def _video_fields(description: str, block: str) -> dict:
    parts = _split_fields(description)
    codec = parts[0].split()[0]
    pix_fmt = None
    if len(parts) > 1 and not _SIZE.match(parts[1]):
        pix_fmt = re.match(r"[a-z0-9_]*", parts[1]).group() or None
    width = height = fps = tbr = None
    for part in parts[1:]:
        if (size := _SIZE.match(part)) and width is None:
            width, height = int(size.group(1)), int(size.group(2))
        elif rate := _RATE.match(part):
            value = float(rate.group(1)) * (1000 if rate.group(2) else 1)
            if rate.group(3) == "fps":
                fps = value
            else:
                tbr = value
    rotation = _ROTATION.search(block)
    degrees = round(float(rotation.group(1))) % 360 if rotation else 0
    if degrees in (90, 270) and width is not None:
        width, height = height, width
    return {"video_codec": codec, "pix_fmt": pix_fmt, "width": width, "height": height,
            "fps": fps if fps is not None else tbr, "rotation": degrees}


def _audio_fields(description: str) -> dict:
    parts = _split_fields(description)
    codec, _, rest = parts[0].partition(" ")
    profile = re.match(r"\(([^)/]*)\)", rest.strip())
    rate = channels = None
    for index, part in enumerate(parts[1:], start=1):
        if hz := re.match(r"(\d+) Hz$", part):
            rate = int(hz.group(1))
            channels = _channel_count(parts[index + 1]) if index + 1 < len(parts) else None
            break
    return {"audio_codec": codec, "audio_profile": profile.group(1) if profile else None,
            "audio_sample_rate": rate, "audio_channels": channels}


def _channel_count(layout: str) -> int | None:
    """Channels in a layout as ffmpeg prints it: "stereo", "5.1(side)", "6 channels"."""
    layout = layout.split("(")[0].strip()
    if layout in _NAMED_LAYOUTS:
        return _NAMED_LAYOUTS[layout]
    if count := re.fullmatch(r"(\d+) channels?", layout):
        return int(count.group(1))
    if re.fullmatch(r"\d+(?:\.\d+)+", layout):
        return sum(int(piece) for piece in layout.split("."))
    return None
