"""What a job's code sees: its params, and ways to report progress and external ids.

Status writes use their own short session, so reporting progress never commits the
job code's half-done work.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from .. import db
from ..models import Job


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
        self.generation_id = job.generation_id
        self.scene_id = job.scene_id

    @property
    def resuming(self) -> bool:
        """True when a restart handed us a job whose provider call already exists."""
        return self.external_id is not None

    def progress(self, percent: float, message: str | None = None) -> None:
        changes: dict[str, Any] = {"progress": max(0, min(99, int(percent)))}
        if message:
            changes["message"] = message
        write_job(self.job_id, **changes)

    def set_external_id(self, external_id: str) -> None:
        """Store the provider's id before waiting on it, so a restart can resume, not repay."""
        self.external_id = external_id
        write_job(self.job_id, external_id=external_id)
