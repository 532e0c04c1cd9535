"""Creating, reading and retrying jobs: what blueprints call."""
from __future__ import annotations

import time
from typing import Any

from flask import current_app, jsonify, url_for
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import db
from ..errors import Conflict
from ..models import Job
from .execute import OWNER
from .handlers import job_handler, lock_key_for  # noqa: F401  (job_handler: for features)


def runner():
    return current_app.extensions["mv.jobs"]


def enqueue(kind: str, params: dict[str, Any], *, generation_id: str | None = None,
            scene_id: str | None = None, message: str = "Waiting to start",
            busy_message: str = "") -> Job:
    """Record a queued job (committed), then hand it to the runner.

    Kinds registered with a lock hold it while active: a second one for the same scene
    (or generation) is refused with 409 (busy_message), atomically in the database, so
    a double click or a retry never pays twice.
    """
    lock_key = lock_key_for(kind, scene_id, generation_id)
    session = db.session()
    job = Job(kind=kind, params=params, generation_id=generation_id, scene_id=scene_id,
              message=message, owner=OWNER, lock_key=lock_key)
    session.add(job)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        if lock_key is None:
            raise
        raise Conflict(busy_message or "this is already being worked on",
                       job_id=active_job_id(lock_key)) from None
    runner().submit(job.id)
    return job


def active_job_id(lock_key: str) -> str | None:
    """The id of the active job holding lock_key, if any."""
    return db.session().scalar(select(Job.id).where(Job.lock_key == lock_key))


def active_jobs(**filters: Any) -> list[Job]:
    """Queued or running jobs matching column filters (e.g. generation_id=...)."""
    query = select(Job).where(Job.status.in_(Job.ACTIVE)).filter_by(**filters)
    return list(db.session().scalars(query.order_by(Job.created_at)))


def get_job(job_id: str) -> Job:
    return db.get_or_404(Job, job_id, "job")


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


def accepted(job: Job):
    """The 202 answer for work that was queued."""
    return jsonify(job_id=job.id, status=job.status,
                   status_url=url_for("jobs.get", job_id=job.id)), 202


def _iso(value) -> str | None:
    return value.isoformat() + "Z" if value else None


def snapshot(job_ids: list[str]) -> list[Job]:
    """Fresh copies of jobs as they are in the database now (for waiting outside requests)."""
    with Session(db.engine()) as session:
        jobs = {job.id: job for job in session.scalars(select(Job).where(Job.id.in_(job_ids)))}
        session.expunge_all()
    return [jobs[job_id] for job_id in job_ids]


def wait_for_jobs(job_ids: list[str], *, on_update=None, poll: float = 0.5,
                  timeout: float | None = None) -> list[Job]:
    """Block until every job has finished; on_update(jobs) is called after each poll."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        jobs = snapshot(job_ids)
        if on_update:
            on_update(jobs)
        if all(job.status in ("succeeded", "failed") for job in jobs):
            return jobs
        if deadline is not None and time.monotonic() > deadline:
            raise TimeoutError(f"jobs still running after {timeout} s")
        time.sleep(poll)
