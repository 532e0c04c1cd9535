"""Generation records: create, read, and their public JSON shape with scenes."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select

from .. import db
from ..audio.songs import audio_json, get_audio
from ..config.flavor import Flavor
from ..costs.records import summary as paid_summary
from ..config.schema import GENERATION_MODES
from ..errors import MVError
from ..models import Generation, Scene, Video
from ..videos.records import video_json

MAX_DESCRIPTION = 4000


def create_generation(*, description: str, mode: str, flavor: Flavor,
                      audio_id: str | None) -> Generation:
    """A new generation; clip length comes from its flavor."""
    if mode not in GENERATION_MODES:
        raise MVError(f"generation_mode must be one of: {', '.join(GENERATION_MODES)}")
    if audio_id is not None:
        get_audio(audio_id)
    generation = Generation(description=description, generation_mode=mode,
                            config_flavor=flavor.name, audio_id=audio_id,
                            clip_seconds=flavor.clip_seconds)
    session = db.session()
    session.add(generation)
    session.commit()
    return generation


def get_generation(generation_id: Any) -> Generation:
    return db.get_or_404(Generation, generation_id, "generation")


def scenes_of(generation: Generation) -> list[Scene]:
    """The generation's scenes in song order."""
    query = select(Scene).where(Scene.generation_id == generation.id).order_by(Scene.index)
    return list(db.session().scalars(query))


def scene_json(scene: Scene, clip_seconds: int) -> dict[str, Any]:
    return {"id": scene.id, "index": scene.index, "prompt": scene.prompt,
            "video_ids": list(scene.video_ids or []), "current_video_id": scene.current_video_id,
            "start_time": scene.index * clip_seconds,
            "end_time": (scene.index + 1) * clip_seconds}


def generation_json(generation: Generation) -> dict[str, Any]:
    """The generation with its scenes, song and final video."""
    session = db.session()
    audio = get_audio(generation.audio_id) if generation.audio_id else None
    final = session.get(Video, generation.final_video_id) if generation.final_video_id else None
    return {
        "id": generation.id, "video_description": generation.description,
        "generation_mode": generation.generation_mode,
        "config_flavor": generation.config_flavor, "audio_id": generation.audio_id,
        "audio": audio_json(audio) if audio else None, "clip_seconds": generation.clip_seconds,
        "scenes": [scene_json(scene, generation.clip_seconds) for scene in scenes_of(generation)],
        "stitch_params": generation.stitch_params, "final_video_id": generation.final_video_id,
        "paid_calls": paid_summary(generation.id),
        "final_video": video_json(final) if final else None,
        "created_at": generation.created_at.isoformat() + "Z" if generation.created_at else None,
    }


def clips_by_id(*, generation_id: str | None = None, scene_id: str | None = None) -> dict:
    """Every clip of a generation (or of one scene) as JSON, by id, for players and history."""
    query = select(Video).where(Video.kind != "stitched")
    if scene_id:
        query = query.where(Video.scene_id == scene_id)
    else:
        query = query.where(Video.generation_id == generation_id)
    return {video.id: video_json(video) for video in db.session().scalars(query)}


def song_context(generation: Generation) -> dict[str, Any]:
    """The song facts a scene card needs for its lipsync request (none without a song)."""
    if not generation.audio_id:
        return {"audio_id": None, "song_duration": None}
    return {"audio_id": generation.audio_id,
            "song_duration": round(get_audio(generation.audio_id).duration, 3)}
