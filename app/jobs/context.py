"""What a job's code sees: its params, and ways to report progress and external ids.

Status writes use their own short session, so reporting progress never commits the
job code's half-done work.
"""
from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from .. import db
from ..models import Job

log = logging.getLogger(__name__)


def write_job(job_id: str, **changes: Any) -> None:
    """Update one job row now, in a session of its own."""
    with Session(db.engine()) as session, session.begin():
        job = session.get(Job, job_id)
        if job is not None:
            for name, value in changes.items():
                setattr(job, name, value)


class JobContext:
    """Handed to a job handler: read params, report progress, remember a prediction id."""

    def __init__(self, job: Job):
        self.job_id = job.id
        self.kind = job.kind
        self.params: dict[str, Any] = dict(job.params or {})
        self.external_id: str | None = job.external_id
        self.checkpoints: dict[str, Any] = dict(job.checkpoints or {})
        self.generation_id = job.generation_id
        self.scene_id = job.scene_id

    @property
    def resuming(self) -> bool:
        """True when a restart handed us a job whose provider call already exists."""
        return self.external_id is not None

    def progress(self, percent: float, message: str | None = None) -> None:
        """Report progress (best effort: a busy database never fails the work itself)."""
        changes: dict[str, Any] = {"progress": max(0, min(99, int(percent)))}
        if message:
            changes["message"] = message
        try:
            write_job(self.job_id, **changes)
        except OperationalError as exc:
            log.warning("job %s: progress not recorded (%s)", self.job_id, exc.orig)

    def set_external_id(self, external_id: str, step: str = "main") -> None:
        """Store the provider's id before waiting on it, so a restart can resume, not repay.

        A job with several paid steps (image, then video) names each step; the last id is
        also the job's external_id.
        """
        self.external_id = external_id
        self.checkpoints[f"{step}_prediction"] = external_id
        write_job(self.job_id, external_id=external_id, checkpoints=dict(self.checkpoints))

    def prediction_for(self, step: str = "main") -> str | None:
        """The prediction a step already created (after a restart), if any."""
        return self.checkpoints.get(f"{step}_prediction")

    def checkpoint(self, key: str, value: Any) -> None:
        """Remember a finished step's output (e.g. a stored image) across restarts."""
        self.checkpoints[key] = value
        write_job(self.job_id, checkpoints=dict(self.checkpoints))
