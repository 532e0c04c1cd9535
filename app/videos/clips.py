"""The clip job: render one scene's prompt into a clip; it joins the scene's history."""
from __future__ import annotations

from pathlib import Path

from .. import db, services
from ..jobs import job_handler
from ..media import storage
from ..models import Scene
from ..scenes.planning_jobs import get_scene
from .records import save_video


def add_clip_to_scene(scene: Scene, video_id: str) -> None:
    """A new clip joins the scene's clips (oldest first) and becomes its current clip."""
    scene.video_ids = [*(scene.video_ids or []), video_id]
    scene.current_video_id = video_id


@job_handler("generate_video", resumable=True, lock="clip")
def generate_video(ctx) -> dict:
    """Job: (first frame if the flavor wants one, then) the clip; result {"video_id"}."""
    scene = get_scene(ctx.scene_id)
    prompt = scene.prompt
    bundle = services.for_flavor(ctx.params["config_flavor"])
    media = storage.store()
    image = None
    if bundle.image_maker.enabled:
        image = _first_frame(bundle, prompt, ctx)
    with media.scratch_dir() as scratch:
        clip = bundle.video_maker.make(prompt, Path(scratch) / "clip.mp4", image=image, ctx=ctx)
        ctx.progress(95, "Saving the clip")
        video = save_video(clip, kind="generated", provider=bundle.backend, scene_id=scene.id,
                           generation_id=scene.generation_id, prompt=prompt,
                           details={"config_flavor": bundle.flavor.name,
                                    "image": ctx.checkpoints.get("image")})
    add_clip_to_scene(scene, video.id)
    db.session().commit()
    return {"video_id": video.id}


def _first_frame(bundle, prompt: str, ctx) -> Path:
    """The stored first frame, made once per job (kept across a restart)."""
    media = storage.store()
    relative = ctx.checkpoints.get("image")
    if relative and media.path(relative).is_file():
        return media.path(relative)
    relative = media.relative("images", ctx.job_id, ".png")
    with media.writing(relative) as temp:
        bundle.image_maker.make(prompt, temp, ctx)
    ctx.checkpoint("image", relative)
    return media.path(relative)
