"""Stitching: clips joined into one video, with the song laid over them.

Clips that share one format are joined by the concat demuxer with stream copy. Stream
copy of mismatched clips gives a silently broken file, so when formats differ only the
odd clips are re-encoded (normalised) to the majority format first.
"""
from __future__ import annotations

import dataclasses
import os
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .ffmpeg import ENCODE_TIMEOUT, MediaError, atomic_output, container_flags, run_ffmpeg
from .probe import ClipFormat, MediaInfo, majority_format, odd_clips, probe

PROBE_WORKERS = 4
# What probe reports for streams made by our encoders; only these can be reproduced.
_DECODED_AS = {"libx264": ("h264", None), "aac": ("aac", "LC")}
# ffmpeg prints NTSC rates rounded; normalise to the exact rational rate.
_EXACT_FPS = {23.98: "24000/1001", 29.97: "30000/1001", 47.95: "48000/1001",
              59.94: "60000/1001", 119.88: "120000/1001"}


@dataclass(frozen=True)
class TargetFormat:
    """The format clips are normalised to (field names match stitch_params.yaml)."""

    width: int = 1280
    height: int = 720
    fps: float = 24.0
    pix_fmt: str = "yuv420p"
    video_codec: str = "libx264"
    crf: int = 20
    preset: str = "veryfast"
    audio_codec: str = "aac"
    audio_bitrate: str = "192k"
    audio_sample_rate: int = 48000
    audio_channels: int = 2

    def clip_format(self) -> ClipFormat:
        """The format probe reports for a clip normalised to this target."""
        video_codec = _DECODED_AS.get(self.video_codec, (self.video_codec, None))[0]
        audio_codec, audio_profile = _DECODED_AS.get(self.audio_codec, (self.audio_codec, None))
        return ClipFormat(video_codec, self.width, self.height, round(float(self.fps), 2),
                          self.pix_fmt, 0, audio_codec, audio_profile,
                          self.audio_sample_rate, self.audio_channels)

    def reproducing(self, fmt: ClipFormat) -> TargetFormat | None:
        """This target changed to produce clips of `fmt`, or None if our encoders cannot."""
        reachable = (fmt.video_codec == "h264" and fmt.pix_fmt == "yuv420p"
                     and not fmt.rotation and fmt.fps and fmt.width and fmt.height
                     and fmt.width % 2 == 0 and fmt.height % 2 == 0
                     and (fmt.audio_codec, fmt.audio_profile) == ("aac", "LC")
                     and fmt.audio_sample_rate and 1 <= (fmt.audio_channels or 0) <= 8)
        if not reachable:
            return None
        return dataclasses.replace(
            self, width=fmt.width, height=fmt.height, fps=fmt.fps, pix_fmt=fmt.pix_fmt,
            video_codec="libx264", audio_codec="aac", audio_sample_rate=fmt.audio_sample_rate,
            audio_channels=fmt.audio_channels)


@dataclass(frozen=True)
class StitchResult:
    """A stitched video: where it is, which clips (by index) were re-encoded, its info."""

    path: Path
    normalised: tuple[int, ...]
    info: MediaInfo


def normalize_clip(src: str | os.PathLike, dst: str | os.PathLike, *, width: int, height: int,
                   fps: float | str, pix_fmt: str = "yuv420p", video_codec: str = "libx264",
                   crf: int = 20, preset: str = "veryfast", audio_codec: str = "aac",
                   audio_bitrate: str = "192k", audio_sample_rate: int = 48000,
                   audio_channels: int = 2, timeout: float = ENCODE_TIMEOUT) -> Path:
    """Re-encode a clip to one size (letterboxed), frame rate and codec set.

    The result always has an audio stream (silence when the clip has none), so
    normalised clips can be joined by stream copy. Returns dst.
    """
    src, dst = Path(src), Path(dst)
    info = probe(src, timeout=timeout)
    if not info.has_video:
        raise MediaError(f"{src.name} has no video stream")
    video = (f"[0:v:0]scale={width}:{height}:force_original_aspect_ratio=decrease"
             f":force_divisible_by=2,pad={width}:{height}:(ow-iw)/2:(oh-ih)/2,setsar=1,"
             f"fps={_exact_fps(fps)},format={pix_fmt}[v]")
    if info.has_audio:
        silence, audio = [], f"[0:a:0]aresample={audio_sample_rate}[a]"
    else:
        silence = ["-f", "lavfi", "-t", f"{info.duration:.3f}",
                   "-i", f"anullsrc=r={audio_sample_rate}:cl=stereo"]
        audio = "[1:a]anull[a]"
    with atomic_output(dst) as tmp:
        run_ffmpeg(["-i", src, *silence, "-filter_complex", f"{video};{audio}",
                    "-map", "[v]", "-map", "[a]",
                    "-c:v", video_codec, "-preset", preset, "-crf", crf, "-pix_fmt", pix_fmt,
                    "-c:a", audio_codec, "-b:a", audio_bitrate, "-ar", audio_sample_rate,
                    "-ac", audio_channels, *container_flags(dst), tmp],
                   action=f"normalising {src.name}", timeout=timeout)
    return dst


def concat_clips(clips: Sequence[str | os.PathLike], dst: str | os.PathLike, *,
                 target: TargetFormat | None = None, work_dir: str | os.PathLike | None = None,
                 max_duration: float | None = None,
                 timeout: float = ENCODE_TIMEOUT) -> StitchResult:
    """Join clips in order into dst, re-encoding only clips whose format is odd.

    Clips that all match are joined by stream copy and `target` is not used. Otherwise
    the reference is the majority format (ties go to `target`) when our encoders can
    reproduce it exactly, else `target` itself. Intermediate files go in a temporary
    folder inside work_dir (default: dst's folder) and are removed afterwards.
    max_duration (the song's length) ends the video there: later clips are left out and
    the clip that crosses it gets an outpoint (cut on decode order, so still decodable).
    """
    dst = Path(dst)
    with _scratch_dir(work_dir, dst) as tmp:
        joined = _prepare(clips, Path(tmp), target or TargetFormat(), max_duration, timeout)
        with atomic_output(dst) as out:
            run_ffmpeg([*joined.input_args, "-map", "0:v:0", "-map", "0:a:0?", "-c", "copy",
                        *container_flags(dst), out],
                       action=f"joining {joined.count} clips", timeout=timeout)
    return StitchResult(dst, joined.normalised, probe(dst, timeout=timeout))


def mux_song(video: str | os.PathLike, song: str | os.PathLike, dst: str | os.PathLike, *,
             suppress_video_audio: bool = True, audio_codec: str = "aac",
             audio_bitrate: str = "192k", audio_sample_rate: int = 48000,
             audio_channels: int = 2, timeout: float = ENCODE_TIMEOUT) -> Path:
    """Lay the song over the video, trimmed (or padded with silence) to the video's length.

    The video stream is copied, not re-encoded. With suppress_video_audio the clip's own
    audio is dropped, else it is mixed with the song. Returns dst.
    """
    video, song, dst = Path(video), Path(song), Path(dst)
    vinfo, sinfo = probe_all([video, song], timeout=timeout)
    if not vinfo.has_video:
        raise MediaError(f"{video.name} has no video stream")
    if not sinfo.has_audio:
        raise MediaError(f"{song.name} has no audio stream")
    encoder = TargetFormat(audio_codec=audio_codec, audio_bitrate=audio_bitrate,
                           audio_sample_rate=audio_sample_rate, audio_channels=audio_channels)
    _mux(["-i", video], vinfo.duration, vinfo.has_audio, song, dst, encoder=encoder,
         suppress_video_audio=suppress_video_audio, action=f"adding {song.name} to {video.name}",
         timeout=timeout)
    return dst


def stitch(clips: Sequence[str | os.PathLike], dst: str | os.PathLike, *,
           song: str | os.PathLike | None = None, suppress_video_audio: bool = True,
           target: TargetFormat | None = None, work_dir: str | os.PathLike | None = None,
           timeout: float = ENCODE_TIMEOUT) -> StitchResult:
    """Make the final video: join the clips and lay the song over them, in one ffmpeg pass.

    The video ends where the song ends when the clips run longer; the song is trimmed
    to the clips when they are shorter. Without a song the clips keep their own audio
    (suppress_video_audio only applies to a song overlay). `timeout` bounds each ffmpeg
    run, not the whole stitch.
    """
    if song is None:
        return concat_clips(clips, dst, target=target, work_dir=work_dir, timeout=timeout)
    target, dst, song = target or TargetFormat(), Path(dst), Path(song)
    song_info = probe(song, timeout=timeout)
    if not song_info.has_audio:
        raise MediaError(f"{song.name} has no audio stream")
    with _scratch_dir(work_dir, dst) as tmp:
        joined = _prepare(clips, Path(tmp), target, song_info.duration, timeout)
        _mux(joined.input_args, joined.duration, joined.has_audio, song, dst, encoder=target,
             suppress_video_audio=suppress_video_audio,
             action=f"joining {joined.count} clips with {song.name}", timeout=timeout)
    return StitchResult(dst, joined.normalised, probe(dst, timeout=timeout))


def probe_all(paths: Sequence[Path], *, timeout: float = ENCODE_TIMEOUT) -> list[MediaInfo]:
    """Probe several files at once (each probe is an ffmpeg process that mostly waits)."""
    if len(paths) <= 1:
        return [probe(path, timeout=timeout) for path in paths]
    with ThreadPoolExecutor(max_workers=min(PROBE_WORKERS, len(paths))) as pool:
        return list(pool.map(lambda path: probe(path, timeout=timeout), paths))


@dataclass(frozen=True)
class _Joined:
    """Clips ready for the concat demuxer: its input arguments and what they play."""

    input_args: list
    count: int
    duration: float
    has_audio: bool
    normalised: tuple[int, ...]


def _prepare(clips: Sequence[str | os.PathLike], tmp: Path, target: TargetFormat,
             max_duration: float | None, timeout: float) -> _Joined:
    """Probe the clips, normalise only the odd ones into tmp, write the concat listing."""
    clips = [Path(clip) for clip in clips]
    if not clips:
        raise MediaError("nothing to stitch: no clips given")
    infos = probe_all(clips, timeout=timeout)
    for clip, info in zip(clips, infos):
        if not info.has_video:
            raise MediaError(f"{clip.name} has no video stream")
    clips, infos, outpoint = _fit(clips, infos, max_duration)
    reference, encoder = _reference(infos, target)
    parts, normalised = list(clips), odd_clips(infos, reference)
    for index in normalised:
        parts[index] = Path(tmp, f"clip-{index:04d}.mp4")
        normalize_clip(clips[index], parts[index], **dataclasses.asdict(encoder),
                       timeout=timeout)
        if probe(parts[index], timeout=timeout).format != reference:
            raise MediaError(f"normalising {clips[index].name} did not give the stitch "
                             f"format {reference}")
    lines = [f"file '{_quote(part.resolve())}'\n" for part in parts]
    duration = sum(info.duration for info in infos)
    if outpoint is not None:
        lines[-1] += f"outpoint {outpoint:.3f}\n"
        duration += outpoint - infos[-1].duration
    listing = Path(tmp, "clips.ffconcat")
    listing.write_text("ffconcat version 1.0\n" + "".join(lines), encoding="utf-8")
    return _Joined(["-f", "concat", "-safe", 0, "-i", listing], len(parts), duration,
                   reference.has_audio, tuple(normalised))


def _mux(video_args: list, length: float, video_has_audio: bool, song: Path, dst: Path, *,
         encoder: TargetFormat, suppress_video_audio: bool, action: str, timeout: float) -> None:
    """Copy the video stream from video_args; the song, trimmed or padded to `length`, is
    the audio (mixed with the video's own audio unless suppress_video_audio)."""
    seconds = f"{length:.3f}"
    graph = f"[1:a:0]atrim=end={seconds},asetpts=PTS-STARTPTS,apad=whole_dur={seconds}"
    if suppress_video_audio or not video_has_audio:
        graph += "[a]"
    else:
        graph += (f"[song];[0:a:0]apad=whole_dur={seconds},atrim=end={seconds}[clip];"
                  "[song][clip]amix=inputs=2:duration=first:dropout_transition=0[a]")
    with atomic_output(dst) as tmp:
        run_ffmpeg([*video_args, "-i", song, "-filter_complex", graph,
                    "-map", "0:v:0", "-map", "[a]", "-c:v", "copy",
                    "-c:a", encoder.audio_codec, "-b:a", encoder.audio_bitrate,
                    "-ar", encoder.audio_sample_rate, "-ac", encoder.audio_channels,
                    *container_flags(dst), tmp], action=action, timeout=timeout)


def _fit(clips: list[Path], infos: list[MediaInfo], max_duration: float | None
         ) -> tuple[list[Path], list[MediaInfo], float | None]:
    """The clips that play before max_duration, and the outpoint of the last one (or None)."""
    if max_duration is None:
        return clips, infos, None
    start = 0.0
    for count, info in enumerate(infos, 1):
        if start + info.duration >= max_duration - 0.02:
            cut = max_duration - start
            return clips[:count], infos[:count], (cut if cut < info.duration - 0.02 else None)
        start += info.duration
    return clips, infos, None


def _reference(infos: Sequence[MediaInfo],
               target: TargetFormat) -> tuple[ClipFormat, TargetFormat]:
    """The format all clips must end up in, and the target that re-encodes to it."""
    formats = {info.format for info in infos}
    if len(formats) == 1:
        return formats.pop(), target
    wanted = target.clip_format()
    majority = majority_format(infos, prefer=wanted)
    encoder = target.reproducing(majority)
    return (wanted, target) if encoder is None else (majority, encoder)


def _scratch_dir(work_dir: str | os.PathLike | None, dst: Path) -> tempfile.TemporaryDirectory:
    """A temporary folder for intermediate files, inside work_dir or else beside dst."""
    parent = Path(work_dir or dst.parent)
    parent.mkdir(parents=True, exist_ok=True)
    return tempfile.TemporaryDirectory(prefix=".stitch-", dir=parent)


def _exact_fps(fps: float | str) -> str:
    if isinstance(fps, str):
        return fps
    return _EXACT_FPS.get(round(float(fps), 2), f"{float(fps):g}")


def _quote(path: Path) -> str:
    """A path quoted for an ffconcat `file '...'` line."""
    return str(path).replace("'", "'\\''")
