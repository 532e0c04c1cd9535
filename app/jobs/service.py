"""Creating, reading and retrying jobs: what blueprints call."""
from __future__ import annotations

from typing import Any

from flask import current_app, url_for

from .. import db
from ..errors import Conflict, NotFound
from ..models import Job
from .execute import OWNER
from .handlers import job_handler  # noqa: F401  (re-exported for features)


def runner():
    return current_app.extensions["mv.jobs"]


def enqueue(kind: str, params: dict[str, Any], *, generation_id: str | None = None,
            scene_id: str | None = None, message: str = "Waiting to start") -> Job:
    """Record a queued job (committed), then hand it to the runner."""
    session = db.session()
    job = Job(kind=kind, params=params, generation_id=generation_id, scene_id=scene_id,
              message=message, owner=OWNER)
    session.add(job)
    session.commit()
    runner().submit(job.id)
    return job


def get_job(job_id: str) -> Job:
    job = db.session().get(Job, job_id) if isinstance(job_id, str) else None
    if job is None:
        raise NotFound(f"no job with id '{str(job_id)[:64]}'")
    return job


def retry(job_id: str) -> Job:
    """A new job with the same kind and params as a failed one."""
    job = get_job(job_id)
    if job.status != "failed":
        raise Conflict(f"only a failed job can be retried; this one is {job.status}")
    return enqueue(job.kind, dict(job.params or {}), generation_id=job.generation_id,
                   scene_id=job.scene_id)


def job_json(job: Job) -> dict[str, Any]:
    """The public shape of a job."""
    return {
        "id": job.id, "kind": job.kind, "status": job.status, "progress": job.progress,
        "message": job.message, "error": job.error, "result": job.result,
        "external_id": job.external_id, "generation_id": job.generation_id,
        "scene_id": job.scene_id,
        "created_at": _iso(job.created_at), "started_at": _iso(job.started_at),
        "finished_at": _iso(job.finished_at),
    }


def accepted(job: Job) -> tuple[dict[str, Any], int]:
    """The 202 answer for work that was queued."""
    return {"job_id": job.id, "status": job.status,
            "status_url": url_for("jobs.get", job_id=job.id)}, 202


def _iso(value) -> str | None:
    return value.isoformat() + "Z" if value else None
