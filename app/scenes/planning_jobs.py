"""Jobs that ask the scene planner for prompts: the whole shot list, or one scene again."""
from __future__ import annotations

import math

from sqlalchemy import delete

from .. import db, services
from ..audio.songs import get_audio
from ..errors import Conflict, MVError
from ..generations.records import get_generation, scene_json, scenes_of
from ..jobs import job_handler
from ..models import Generation, Scene
from ..providers.planning import PlanRequest, RewriteRequest

SHORT_TAIL_SECONDS = 0.5  # a song remainder shorter than this gets no scene of its own


def scene_count(generation: Generation, planner) -> tuple[int, float | None]:
    """One scene per clip_seconds of the song (a short tail is dropped), else the flavor's count."""
    if generation.audio_id is None:
        return planner.scenes_without_audio, None
    seconds = get_audio(generation.audio_id).duration
    count = max(1, math.ceil((seconds - SHORT_TAIL_SECONDS) / planner.clip_seconds))
    if count > planner.max_scenes:
        raise MVError(f"the song needs {count} scenes of {planner.clip_seconds} s, more than "
                      f"this flavor allows ({planner.max_scenes}); use a shorter part of the song")
    return count, seconds


def check_replaceable(generation: Generation) -> None:
    """Scenes that already have clips are never thrown away by a new plan."""
    if any(scene.video_ids for scene in scenes_of(generation)):
        raise Conflict("this generation's scenes already have clips; regenerate single scenes "
                       "instead, or start a new generation")


@job_handler("create_scenes", resumable=True, lock="plan")
def create_scenes(ctx) -> dict:
    """Job: plan one scene prompt per clip and store them in order."""
    generation = get_generation(ctx.generation_id)
    bundle = services.for_flavor(ctx.params["config_flavor"])
    planner = bundle.scene_planner
    check_replaceable(generation)
    count, song_seconds = scene_count(generation, planner)
    ctx.progress(10, f"Writing {count} scene prompts")
    prompts = planner.plan(PlanRequest(generation.description, generation.generation_mode,
                                       count, song_seconds), ctx)
    check_replaceable(generation)  # again: clips may have appeared while the LLM wrote
    session = db.session()
    generation.clip_seconds = planner.clip_seconds  # the plan fixes the timing of the clips
    session.execute(delete(Scene).where(Scene.generation_id == generation.id))
    scenes = [Scene(generation_id=generation.id, index=index, prompt=prompt, video_ids=[])
              for index, prompt in enumerate(prompts)]
    session.add_all(scenes)
    session.commit()
    return {"scenes": [scene_json(scene, generation.clip_seconds) for scene in scenes]}


def get_scene(scene_id) -> Scene:
    return db.get_or_404(Scene, scene_id, "scene")


@job_handler("regenerate_scene", resumable=True, lock="prompt")
def regenerate_scene(ctx) -> dict:
    """Job: the planner rewrites one scene's prompt, consistent with its neighbours."""
    scene = get_scene(ctx.scene_id)
    generation = get_generation(scene.generation_id)
    scenes = scenes_of(generation)
    neighbours = {other.index: other.prompt for other in scenes}
    planner = services.for_flavor(ctx.params["config_flavor"]).scene_planner
    ctx.progress(20, "Rewriting the scene prompt")
    prompt = planner.rewrite(RewriteRequest(
        generation.description, generation.generation_mode, len(scenes), scene.index + 1,
        neighbours.get(scene.index - 1), scene.prompt, neighbours.get(scene.index + 1)), ctx)
    scene.prompt = prompt
    db.session().commit()
    return {"scene": scene_json(scene, generation.clip_seconds)}
