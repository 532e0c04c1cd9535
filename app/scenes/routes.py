"""The scene API: plan the shot list, rewrite one scene, edit a prompt by hand."""
from __future__ import annotations

from flask import jsonify

from ..config.resolve import flavor_for_request
from ..generations.records import get_generation, scene_json
from ..jobs import accepted
from ..validation import json_body, record_id
from . import bp
from .actions import edit_prompt, queue_plan, queue_rewrite
from .planning_jobs import get_scene


@bp.post("/api/mv/create_scenes")
def create_scenes():
    """Queue the scene planner for a generation: one prompt per clip of its song."""
    body = json_body()
    generation = get_generation(record_id(body.get("generation_id"), "generation_id"))
    flavor = flavor_for_request(fallback=generation.config_flavor)
    return accepted(queue_plan(generation, flavor))


@bp.post("/api/mv/regenerate_scene")
def regenerate_scene():
    """Queue a rewrite of one scene's prompt by the scene planner."""
    body = json_body()
    scene = get_scene(record_id(body.get("scene_id"), "scene_id"))
    generation = get_generation(scene.generation_id)
    flavor = flavor_for_request(fallback=generation.config_flavor)
    return accepted(queue_rewrite(scene, flavor))


@bp.patch("/api/mv/scenes/<scene_id>")
def edit_scene(scene_id: str):
    """Replace a scene's prompt with the user's own text (before paying for a clip)."""
    body = json_body()
    scene = edit_prompt(get_scene(scene_id), body.get("prompt"))
    return jsonify(scene_json(scene, get_generation(scene.generation_id).clip_seconds))
