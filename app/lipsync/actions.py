"""Checking a lipsync request and queueing it; the API and the quick-gen page share this.

Sources: video_id or video_url, audio_id or audio_url; an id wins over a URL when both
are given. Ids are looked up through the same code as /api/mv/get_video/<id> and
/api/audio/get/<id>. URLs must be http(s) (and public unless MV_ALLOW_PRIVATE_URLS).
"""
from __future__ import annotations

from typing import Any, Mapping

from flask import current_app

from ..audio.songs import get_audio
from ..config.resolve import resolve_flavor
from ..errors import MVError
from ..generations.records import get_generation
from ..jobs import enqueue
from ..models import Job
from ..validation import fetch_url, record_id, seconds, time_range
from ..videos.records import get_video


def queue_lipsync(body: Mapping[str, Any]) -> Job:
    """Validate a lipsync request and queue it (409 while the clip's scene is busy)."""
    allow_private = current_app.config["MV_ALLOW_PRIVATE_URLS"]
    video_id = record_id(body.get("video_id"), "video_id", required=False)
    audio_id = record_id(body.get("audio_id"), "audio_id", required=False)
    if video_id is None and body.get("video_url") in (None, ""):
        raise MVError("send video_id (a clip of MV Studio) or video_url")
    if audio_id is None and body.get("audio_url") in (None, ""):
        raise MVError("send audio_id (a song of MV Studio) or audio_url")
    video = get_video(video_id) if video_id else None
    if video is not None and video.kind == "stitched":
        raise MVError("lipsync works on a clip, not on a stitched video")
    video_url = None if video else fetch_url(body.get("video_url"), "video_url",
                                             allow_private=allow_private)
    audio = get_audio(audio_id) if audio_id else None
    audio_url = None if audio else fetch_url(body.get("audio_url"), "audio_url",
                                             allow_private=allow_private)

    generation = get_generation(video.generation_id) if video and video.generation_id else None
    flavor = resolve_flavor(body.get("config_flavor"),
                            generation.config_flavor if generation else None)
    start, end = _slice(seconds(body.get("start_time"), "start_time"),
                        seconds(body.get("end_time"), "end_time"),
                        audio.duration if audio else None, flavor)
    params = {"video_id": video_id, "video_url": video_url, "audio_id": audio_id,
              "audio_url": audio_url, "start_time": start, "end_time": end,
              "config_flavor": flavor.name}
    return enqueue("lipsync", params, scene_id=video.scene_id if video else None,
                   generation_id=generation.id if generation else None,
                   message="Waiting to lipsync the clip",
                   busy_message="this scene's clip is already being made or lipsynced")


def _slice(start: float | None, end: float | None, duration: float | None,
           flavor) -> tuple[float | None, float | None]:
    """The song slice: only start -> one clip's length from there (capped at the song's end);
    neither -> the whole song; bounds checked against the song when its length is known."""
    if start is None and end is None:
        return None, None
    if end is None:
        time_range(start, None, duration)  # the start must lie inside the song
        end = start + flavor.clip_seconds
        return start, min(end, duration) if duration is not None else end
    start, end = time_range(start, end, duration,
                            flavor.get("lipsync_params.end_tolerance_seconds"))
    return start, min(end, duration) if duration is not None else end
