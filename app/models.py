"""The tables: audio, generation, scene, video, job. Ids are opaque hex strings."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .db import Base, new_id, utcnow

ID = String(32)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Audio(TimestampMixin, Base):
    """A song (or the part of it the user kept), stored as WAV."""

    __tablename__ = "audio"
    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    source: Mapped[str] = mapped_column(String(16))  # upload | youtube
    source_url: Mapped[str | None] = mapped_column(Text)
    original_name: Mapped[str | None] = mapped_column(String(255))
    start_time: Mapped[float] = mapped_column(Float, default=0.0)
    end_time: Mapped[float | None] = mapped_column(Float)
    duration: Mapped[float] = mapped_column(Float)
    path: Mapped[str] = mapped_column(String(255))  # relative to MV_MEDIA_DIR


class Generation(TimestampMixin, Base):
    """One music video in the making: its brief, flavor, song and final video."""

    __tablename__ = "generation"
    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    description: Mapped[str] = mapped_column(Text)
    generation_mode: Mapped[str] = mapped_column(String(32))
    config_flavor: Mapped[str] = mapped_column(String(64))
    audio_id: Mapped[str | None] = mapped_column(ForeignKey("audio.id"))
    clip_seconds: Mapped[int] = mapped_column(Integer)
    stitch_params: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # last stitch's audio
    final_video_id: Mapped[str | None] = mapped_column(ID)


class Scene(TimestampMixin, Base):
    """One clip's worth of the song: its prompt and every clip made for it."""

    __tablename__ = "scene"
    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    generation_id: Mapped[str] = mapped_column(ForeignKey("generation.id"), index=True)
    index: Mapped[int] = mapped_column(Integer)
    prompt: Mapped[str] = mapped_column(Text)
    video_ids: Mapped[list[str]] = mapped_column(JSON, default=list)  # oldest first
    current_video_id: Mapped[str | None] = mapped_column(ID)


class Video(TimestampMixin, Base):
    """A video file: a generated clip, a lipsynced clip or a stitched video."""

    __tablename__ = "video"
    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(16))  # generated | lipsync | stitched
    provider: Mapped[str] = mapped_column(String(16))  # replicate | preview | local
    scene_id: Mapped[str | None] = mapped_column(ForeignKey("scene.id"), index=True)
    generation_id: Mapped[str | None] = mapped_column(ForeignKey("generation.id"), index=True)
    parent_id: Mapped[str | None] = mapped_column(ID)
    path: Mapped[str] = mapped_column(String(255))
    poster_path: Mapped[str | None] = mapped_column(String(255))
    duration: Mapped[float] = mapped_column(Float)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    fps: Mapped[float | None] = mapped_column(Float)
    has_audio: Mapped[bool] = mapped_column(Boolean, default=False)
    prompt: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # e.g. audio slice, clip ids


class Job(TimestampMixin, Base):
    """A long operation run off the request thread, with its progress and outcome."""

    __tablename__ = "job"
    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    progress: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str] = mapped_column(Text, default="Waiting to start")
    error: Mapped[str | None] = mapped_column(Text)
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    external_id: Mapped[str | None] = mapped_column(String(128))  # the latest prediction id
    checkpoints: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # per-step ids/files
    # Unique while the job is active (e.g. "clip:<scene id>"): a second paid job for the
    # same thing cannot even be inserted. Cleared when the job ends.
    lock_key: Mapped[str | None] = mapped_column(String(100), unique=True)
    owner: Mapped[str | None] = mapped_column(String(128))  # host:pid of the runner
    generation_id: Mapped[str | None] = mapped_column(ID, index=True)
    scene_id: Mapped[str | None] = mapped_column(ID, index=True)
    started_at: Mapped[datetime | None] = mapped_column()
    finished_at: Mapped[datetime | None] = mapped_column()

    ACTIVE = ("queued", "running")


class PaidCall(TimestampMixin, Base):
    """One prediction MV Studio started on a paid service, and what it cost in model time."""

    __tablename__ = "paid_call"
    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    prediction_id: Mapped[str] = mapped_column(String(128), unique=True)
    model: Mapped[str] = mapped_column(String(255))
    inputs: Mapped[dict[str, Any]] = mapped_column(JSON)  # as sent, files by name, no secrets
    status: Mapped[str] = mapped_column(String(16), default="started")
    predict_time: Mapped[float | None] = mapped_column(Float)  # seconds billed by the model
    job_id: Mapped[str | None] = mapped_column(ID, index=True)
    generation_id: Mapped[str | None] = mapped_column(ID, index=True)
    scene_id: Mapped[str | None] = mapped_column(ID)
