"""The scene API: plan the shot list, rewrite one scene, edit a prompt by hand."""
from __future__ import annotations

from flask import jsonify

from .. import db
from ..config.resolve import flavor_for_request
from ..generations.records import get_generation, scene_json
from ..jobs import accepted, enqueue
from ..validation import json_body, record_id, text
from . import bp
from .planning_jobs import check_replaceable, get_scene

MAX_PROMPT = 4000


@bp.post("/api/mv/create_scenes")
def create_scenes():
    """Queue the scene planner for a generation: one prompt per clip of its song."""
    body = json_body()
    generation = get_generation(record_id(body.get("generation_id"), "generation_id"))
    flavor = flavor_for_request(fallback=generation.config_flavor)
    check_replaceable(generation)
    job = enqueue("create_scenes", {"config_flavor": flavor.name},
                  generation_id=generation.id, message="Waiting to plan the scenes",
                  busy_message="the scenes of this generation are already being written")
    payload, status = accepted(job)
    return jsonify(payload), status


@bp.post("/api/mv/regenerate_scene")
def regenerate_scene():
    """Queue a rewrite of one scene's prompt by the scene planner."""
    body = json_body()
    scene = get_scene(record_id(body.get("scene_id"), "scene_id"))
    generation = get_generation(scene.generation_id)
    flavor = flavor_for_request(fallback=generation.config_flavor)
    job = enqueue("regenerate_scene", {"config_flavor": flavor.name},
                  generation_id=generation.id, scene_id=scene.id,
                  message="Waiting to rewrite the scene",
                  busy_message="this scene's prompt is already being rewritten")
    payload, status = accepted(job)
    return jsonify(payload), status


@bp.patch("/api/mv/scenes/<scene_id>")
def edit_scene(scene_id: str):
    """Replace a scene's prompt with the user's own text (before paying for a clip)."""
    body = json_body()
    scene = get_scene(scene_id)
    scene.prompt = text(body.get("prompt"), "prompt", max_length=MAX_PROMPT)
    db.session().commit()
    return jsonify(scene_json(scene, get_generation(scene.generation_id).clip_seconds))
