"""The video API: generate clips, stitch them, read a video record."""
from __future__ import annotations

from flask import jsonify

from ..audio.songs import get_audio
from ..config.resolve import flavor_for_request
from ..errors import Conflict, MVError
from ..generations.records import get_generation, scenes_of
from ..jobs import accepted, enqueue
from ..scenes.planning_jobs import get_scene
from ..validation import json_body, record_id
from . import bp
from .records import get_video, video_json

MAX_STITCH_CLIPS = 500


@bp.get("/api/mv/get_video/<video_id>")
def get(video_id: str):
    """A video record with a URL the browser can play (and seek: Range is honoured)."""
    return jsonify(video_json(get_video(video_id)))


def _queue_clip(scene, flavor_name: str):
    if not scene.prompt.strip():
        raise MVError("this scene has no prompt yet; write one first")
    return enqueue("generate_video", {"config_flavor": flavor_name},
                   generation_id=scene.generation_id, scene_id=scene.id,
                   message="Waiting to render the clip",
                   busy_message="a clip for this scene is already being made")


@bp.post("/api/mv/generate_video")
def generate_video():
    """Queue one clip for one scene (409 while that scene already has one under way)."""
    body = json_body()
    scene = get_scene(record_id(body.get("scene_id"), "scene_id"))
    flavor = flavor_for_request(fallback=get_generation(scene.generation_id).config_flavor)
    payload, status = accepted(_queue_clip(scene, flavor.name))
    return jsonify(payload), status


@bp.post("/api/mv/generate_videos")
def generate_videos():
    """Queue a clip for every scene; scenes already busy are skipped and listed."""
    body = json_body()
    generation = get_generation(record_id(body.get("generation_id"), "generation_id"))
    flavor = flavor_for_request(fallback=generation.config_flavor)
    scenes = scenes_of(generation)
    if not scenes:
        raise MVError("this generation has no scenes yet; create scenes first")
    job_ids, busy = [], []
    for scene in scenes:
        try:
            job_ids.append(_queue_clip(scene, flavor.name).id)
        except Conflict:
            busy.append(scene.id)
    return jsonify({"job_ids": job_ids, "busy_scene_ids": busy}), 202


@bp.post("/api/mv/stitch_video")
def stitch_video():
    """Queue a stitch of clips (in the given order) with an optional song overlay."""
    body = json_body()
    video_ids = body.get("video_ids")
    if (not isinstance(video_ids, list) or not video_ids
            or not all(isinstance(v, str) for v in video_ids)):
        raise MVError("video_ids must be a non-empty list of video ids")
    if len(video_ids) > MAX_STITCH_CLIPS:
        raise MVError(f"at most {MAX_STITCH_CLIPS} clips can be stitched at once")
    for video_id in video_ids:
        if get_video(video_id).kind == "stitched":
            raise MVError(f"video '{video_id}' is already a stitched video; send clips")
    generation_id = record_id(body.get("generation_id"), "generation_id", required=False)
    generation = get_generation(generation_id) if generation_id else None
    audio_id = record_id(body.get("audio_overlay_id"), "audio_overlay_id", required=False)
    if audio_id:
        get_audio(audio_id)
    flavor = flavor_for_request(fallback=generation.config_flavor if generation else None)
    suppress = body.get("suppress_video_audio")
    if suppress is None:
        suppress = bool(flavor.get("stitch_params.suppress_video_audio"))
    if not isinstance(suppress, bool):
        raise MVError("suppress_video_audio must be true or false")
    job = enqueue("stitch_video", {"video_ids": video_ids, "audio_overlay_id": audio_id,
                                   "suppress_video_audio": suppress,
                                   "config_flavor": flavor.name},
                  generation_id=generation_id, message="Waiting to stitch")
    payload, status = accepted(job)
    return jsonify(payload), status
