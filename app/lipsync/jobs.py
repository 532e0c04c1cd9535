"""The lipsync job: slice the song, lipsync the clip, keep it, then re-stitch by itself."""
from __future__ import annotations

import logging
from pathlib import Path

from flask import current_app

from .. import db, services
from ..audio.songs import get_audio
from ..errors import MVError
from ..generations.records import get_generation
from ..jobs import job_handler
from ..media import storage
from ..media.cuts import clip_audio
from ..media.probe import probe
from ..providers.replicate_output import download_output
from ..scenes.planning_jobs import get_scene
from ..validation import fetch_url, time_range
from ..videos.actions import queue_restitch
from ..videos.clips import add_clip_to_scene
from ..videos.records import get_video, save_video, video_path

log = logging.getLogger(__name__)


@job_handler("lipsync", resumable=True, lock="clip")
def lipsync(ctx) -> dict:
    """Job: result {"video_id": the lipsynced clip, "stitch_job_id": the automatic re-stitch}."""
    params = ctx.params
    bundle = services.for_flavor(params["config_flavor"])
    parent = get_video(params["video_id"]) if params["video_id"] else None
    with storage.store().scratch_dir() as scratch:
        scratch = Path(scratch)
        video = video_path(parent) if parent else params["video_url"]
        if parent is None and bundle.backend == "preview":
            video = _download(params["video_url"], scratch / "video.mp4", "the video at video_url")
        audio = _audio_slice(params, scratch, needs_file=bundle.backend == "preview")
        result = bundle.lip_syncer.sync(video, audio, scratch / "lipsync.mp4", ctx)
        ctx.progress(95, "Saving the lipsynced clip")
        clip = save_video(result, kind="lipsync", provider=bundle.backend,
                          scene_id=parent.scene_id if parent else None,
                          generation_id=parent.generation_id if parent else None,
                          parent_id=parent.id if parent else None,
                          prompt=parent.prompt if parent else None,
                          details={key: params[key] for key in (
                              "audio_id", "audio_url", "start_time", "end_time", "video_url",
                              "config_flavor")})
    if clip.scene_id:
        add_clip_to_scene(get_scene(clip.scene_id), clip.id)
    db.session().commit()
    return {"video_id": clip.id, "stitch_job_id": _restitch(clip.generation_id, bundle.flavor)}


def _audio_slice(params: dict, scratch: Path, *, needs_file: bool):
    """The WAV slice of the song to sing (cut accurately), or the audio URL passed through."""
    start, end = params["start_time"], params["end_time"]
    if params["audio_id"]:
        source = storage.store().path(get_audio(params["audio_id"]).path)
    elif start is None and end is None and not needs_file:
        return params["audio_url"]  # nothing to cut: the model fetches the URL itself
    else:
        source = _download(params["audio_url"], scratch / "song.audio", "the audio at audio_url")
        duration = probe(source).duration
        time_range(start, None, duration)  # the start must lie inside the song
        if end is not None:
            end = min(end, duration)
    if start is None and end is None:
        return source
    return clip_audio(source, scratch / "slice.wav", start or 0.0, end)


def _download(url: str, dst: Path, what: str) -> Path:
    """Fetch a file the user named by URL; every hop (redirects too) must be allowed."""
    config = current_app.config

    def guard(address: str) -> None:
        fetch_url(address, what, allow_private=config["MV_ALLOW_PRIVATE_URLS"])

    return download_output(url, dst, timeout=config["MV_DOWNLOAD_TIMEOUT"],
                           max_bytes=config["MV_MAX_DOWNLOAD_MB"] * 2**20, what=what,
                           url_guard=guard)


def _restitch(generation_id: str | None, flavor) -> str | None:
    """Stitch the current clips again, with the generation's unchanged audio parameters."""
    if not generation_id:
        return None
    try:
        return queue_restitch(get_generation(generation_id), flavor).id
    except MVError as exc:  # the lipsync itself succeeded; say why no stitch followed
        log.warning("no automatic re-stitch for generation %s: %s", generation_id, exc.message)
        return None
