"""The video API: generate clips, stitch them, read a video record."""
from __future__ import annotations

from flask import jsonify

from ..config.resolve import flavor_for_request
from ..errors import MVError
from ..generations.records import get_generation
from ..jobs import accepted
from ..scenes.planning_jobs import get_scene
from ..validation import json_body, record_id
from . import bp
from .actions import queue_all_clips, queue_clip, queue_stitch
from .records import get_video, video_json


@bp.get("/api/mv/get_video/<video_id>")
def get(video_id: str):
    """A video record with a URL the browser can play (and seek: Range is honoured)."""
    return jsonify(video_json(get_video(video_id)))


@bp.post("/api/mv/generate_video")
def generate_video():
    """Queue one clip for one scene (409 while that scene already has one under way)."""
    body = json_body()
    scene = get_scene(record_id(body.get("scene_id"), "scene_id"))
    flavor = flavor_for_request(fallback=get_generation(scene.generation_id).config_flavor)
    return accepted(queue_clip(scene, flavor))


@bp.post("/api/mv/generate_videos")
def generate_videos():
    """Queue a clip for every scene; scenes already busy are skipped and listed."""
    body = json_body()
    generation = get_generation(record_id(body.get("generation_id"), "generation_id"))
    flavor = flavor_for_request(fallback=generation.config_flavor)
    jobs, busy = queue_all_clips(generation, flavor)
    return jsonify({"job_ids": [job.id for job in jobs],
                    "busy_scene_ids": [scene.id for scene in busy]}), 202


@bp.post("/api/mv/stitch_video")
def stitch_video():
    """Queue a stitch of clips (in the given order) with an optional song overlay."""
    body = json_body()
    video_ids = body.get("video_ids")
    if (not isinstance(video_ids, list) or not video_ids
            or not all(isinstance(v, str) for v in video_ids)):
        raise MVError("video_ids must be a non-empty list of video ids")
    generation_id = record_id(body.get("generation_id"), "generation_id", required=False)
    generation = get_generation(generation_id) if generation_id else None
    audio_id = record_id(body.get("audio_overlay_id"), "audio_overlay_id", required=False)
    flavor = flavor_for_request(fallback=generation.config_flavor if generation else None)
    suppress = body.get("suppress_video_audio")
    if suppress is not None and not isinstance(suppress, bool):
        raise MVError("suppress_video_audio must be true or false")
    job = queue_stitch(video_ids, flavor=flavor, audio_id=audio_id,
                       suppress_video_audio=suppress, generation=generation)
    return accepted(job)
