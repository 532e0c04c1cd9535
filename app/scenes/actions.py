"""What a user can ask of scenes; the API and the pages both call these."""
from __future__ import annotations

from .. import db
from ..config.flavor import Flavor
from ..jobs import enqueue
from ..models import Generation, Job, Scene
from ..validation import text
from .planning_jobs import check_replaceable

MAX_PROMPT = 4000


def queue_plan(generation: Generation, flavor: Flavor) -> Job:
    """Queue the scene planner: one prompt per clip of the song (409 if one is under way)."""
    check_replaceable(generation)
    return enqueue("create_scenes", {"config_flavor": flavor.name},
                   generation_id=generation.id, message="Waiting to plan the scenes",
                   busy_message="the scenes of this generation are already being written")


def queue_rewrite(scene: Scene, flavor: Flavor) -> Job:
    """Queue a rewrite of one scene's prompt (409 if one is under way for this scene)."""
    return enqueue("regenerate_scene", {"config_flavor": flavor.name},
                   generation_id=scene.generation_id, scene_id=scene.id,
                   message="Waiting to rewrite the scene",
                   busy_message="this scene's prompt is already being rewritten")


def edit_prompt(scene: Scene, prompt: object) -> Scene:
    """Replace a scene's prompt with the user's own text."""
    scene.prompt = text(prompt, "prompt", max_length=MAX_PROMPT)
    db.session().commit()
    return scene
