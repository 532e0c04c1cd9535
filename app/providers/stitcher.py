"""The stitcher: clips and the song into one video with local ffmpeg (both backends)."""
from __future__ import annotations

from .base import ConfiguredProvider


class Stitcher(ConfiguredProvider):
    """Concatenates clips (stream copy when they match) and lays the song over them."""

    role = "stitcher"
    config_keys = {key: f"stitch_params.{key}" for key in (
        "width", "height", "fps", "video_codec", "pix_fmt", "crf", "preset", "audio_codec",
        "audio_bitrate", "audio_sample_rate", "suppress_video_audio", "timeout_seconds")}
