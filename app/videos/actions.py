"""What a user can ask of clips and stitches; the API and the pages both call these."""
from __future__ import annotations

from typing import Sequence

from ..audio.songs import get_audio
from ..config.flavor import Flavor
from ..errors import Conflict, MVError
from ..generations.records import scenes_of
from ..jobs import enqueue
from ..models import Generation, Job, Scene
from .records import get_video

MAX_STITCH_CLIPS = 500


def queue_clip(scene: Scene, flavor: Flavor) -> Job:
    """Queue one paid clip for a scene; 409 while that scene already has one under way."""
    if not scene.prompt.strip():
        raise MVError("this scene has no prompt yet; write one first")
    return enqueue("generate_video", {"config_flavor": flavor.name},
                   generation_id=scene.generation_id, scene_id=scene.id,
                   message="Waiting to render the clip",
                   busy_message="a clip for this scene is already being made")


def queue_all_clips(generation: Generation, flavor: Flavor) -> tuple[list[Job], list[Scene]]:
    """Queue a clip for every scene; returns the jobs and the scenes skipped as busy."""
    scenes = scenes_of(generation)
    if not scenes:
        raise MVError("this generation has no scenes yet; create scenes first")
    jobs, busy = [], []
    for scene in scenes:
        try:
            jobs.append(queue_clip(scene, flavor))
        except Conflict:
            busy.append(scene)
    return jobs, busy


def queue_stitch(video_ids: Sequence[str], *, flavor: Flavor, audio_id: str | None,
                 suppress_video_audio: bool | None, generation: Generation | None) -> Job:
    """Queue a stitch of these clips in this order, with the song laid over them."""
    if len(video_ids) > MAX_STITCH_CLIPS:
        raise MVError(f"at most {MAX_STITCH_CLIPS} clips can be stitched at once")
    for video_id in video_ids:
        if get_video(video_id).kind == "stitched":
            raise MVError(f"video '{video_id}' is already a stitched video; send clips")
    if audio_id:
        get_audio(audio_id)
    if suppress_video_audio is None:
        suppress_video_audio = bool(flavor.get("stitch_params.suppress_video_audio"))
    return enqueue("stitch_video", {"video_ids": list(video_ids), "audio_overlay_id": audio_id,
                                    "suppress_video_audio": suppress_video_audio,
                                    "config_flavor": flavor.name},
                   generation_id=generation.id if generation else None,
                   message="Waiting to stitch")


def current_clip_ids(generation: Generation) -> list[str]:
    """The current clip of every scene that has one, in song order."""
    return [scene.current_video_id for scene in scenes_of(generation) if scene.current_video_id]


def queue_restitch(generation: Generation, flavor: Flavor) -> Job:
    """Stitch the current clips with the audio parameters of the last stitch, unchanged
    (the generation's song, clips' audio muted per the flavor, when it was never stitched)."""
    clip_ids = current_clip_ids(generation)
    if not clip_ids:
        raise MVError("no scene has a clip yet; generate clips first")
    previous = generation.stitch_params
    if previous is None:
        previous = {"audio_overlay_id": generation.audio_id, "suppress_video_audio": None}
    return queue_stitch(clip_ids, flavor=flavor, audio_id=previous.get("audio_overlay_id"),
                        suppress_video_audio=previous.get("suppress_video_audio"),
                        generation=generation)
