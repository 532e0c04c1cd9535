"""The scene card's htmx actions: save or rewrite the prompt, make a clip, browse clips."""
from __future__ import annotations

from flask import render_template, request

from .. import db
from ..config.resolve import flavor_for_request
from ..errors import MVError, NotFound
from ..generations.records import clips_by_id, get_generation, scene_json, song_context
from ..jobs.pages import render_job
from ..models import Scene
from ..videos.actions import queue_clip
from . import bp
from .actions import edit_prompt, queue_rewrite
from .planning_jobs import get_scene


def card_context(scene: Scene, **extra) -> dict:
    """What the card's partials render from."""
    generation = get_generation(scene.generation_id)
    return {"scene": scene_json(scene, generation.clip_seconds), "generation": generation,
            "clips": clips_by_id(scene_id=scene.id), **song_context(generation), **extra}


def _flavor(scene: Scene):
    return flavor_for_request(fallback=get_generation(scene.generation_id).config_flavor)


@bp.post("/mv/scenes/<scene_id>/prompt")
def save_prompt(scene_id: str):
    """Save the prompt the user edited in place."""
    scene = get_scene(scene_id)
    try:
        edit_prompt(scene, request.form.get("prompt"))
    except MVError as exc:
        db.session().rollback()
        return render_template("scenes/_prompt.html", **card_context(scene),
                               prompt_error=exc.message), 400
    return render_template("scenes/_prompt.html", **card_context(scene), saved=True)


@bp.post("/mv/scenes/<scene_id>/rewrite")
def rewrite(scene_id: str):
    """Ask the scene planner for a new prompt for this scene."""
    scene = get_scene(scene_id)
    return render_job(queue_rewrite(scene, _flavor(scene)))


@bp.post("/mv/scenes/<scene_id>/clip")
def generate_clip(scene_id: str):
    """The card's video button: a new clip, or with the lipsync box ticked, a lipsync of
    the current clip to this scene's slice of the song (the card sends video_id, audio_id,
    start_time and end_time, as a client of POST /api/mv/lipsync would)."""
    scene = get_scene(scene_id)
    if request.form.get("lipsync"):
        from ..lipsync.actions import queue_lipsync

        body = {key: request.form.get(key) for key in (
            "video_id", "audio_id", "start_time", "end_time", "config_flavor")}
        return render_job(queue_lipsync(body))
    return render_job(queue_clip(scene, _flavor(scene)))


@bp.get("/mv/scenes/<scene_id>/clips/<video_id>")
def clip_partial(scene_id: str, video_id: str):
    """Show one clip from the scene's history in its player."""
    scene = get_scene(scene_id)
    if video_id not in (scene.video_ids or []):
        raise NotFound("that clip does not belong to this scene")
    return render_template("scenes/_clip.html", **card_context(scene, shown_id=video_id))


@bp.post("/mv/scenes/<scene_id>/clips/<video_id>/use")
def use_clip(scene_id: str, video_id: str):
    """Make an earlier clip the scene's current one again (what a stitch uses)."""
    scene = get_scene(scene_id)
    if video_id not in (scene.video_ids or []):
        raise NotFound("that clip does not belong to this scene")
    scene.current_video_id = video_id
    db.session().commit()
    return render_template("scenes/_clip.html", **card_context(scene))
