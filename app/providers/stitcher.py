"""The stitcher: clips and the song into one video with local ffmpeg (both backends)."""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

from ..media.stitch import StitchResult, TargetFormat, stitch
from .base import ConfiguredProvider


class Stitcher(ConfiguredProvider):
    """Concatenates clips (stream copy when they match) and lays the song over them."""

    role = "stitcher"
    config_keys = {key: f"stitch_params.{key}" for key in (
        "width", "height", "fps", "video_codec", "pix_fmt", "crf", "preset", "audio_codec",
        "audio_bitrate", "audio_sample_rate", "suppress_video_audio", "timeout_seconds")}

    @property
    def target(self) -> TargetFormat:
        """The format odd clips are normalised to."""
        return TargetFormat(width=self.width, height=self.height, fps=float(self.fps),
                            pix_fmt=self.pix_fmt, video_codec=self.video_codec, crf=self.crf,
                            preset=self.preset, audio_codec=self.audio_codec,
                            audio_bitrate=self.audio_bitrate,
                            audio_sample_rate=self.audio_sample_rate)

    def stitch(self, clips: Sequence[Path], dst: Path, *, song: Path | None,
               suppress_video_audio: bool, work_dir: Path) -> StitchResult:
        """Join the clips in order; overlay the song trimmed to their total length."""
        return stitch(clips, dst, song=song, suppress_video_audio=suppress_video_audio,
                      target=self.target, work_dir=work_dir, timeout=self.timeout_seconds)
