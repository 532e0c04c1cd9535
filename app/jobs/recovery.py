"""On start-up: no job stays "running" forever because its process died.

Jobs that stored a provider's id are run again to poll it (no second paid call); the
rest are marked failed with "interrupted by restart" and can be retried.
"""
from __future__ import annotations

import logging
import os
import socket

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import utcnow
from ..models import Job
from .execute import OWNER
from .handlers import RESUMABLE

log = logging.getLogger(__name__)
INTERRUPTED = "interrupted by restart; retry it"


def owner_alive(owner: str | None) -> bool:
    """True when another live process on this host owns the job (it is not ours to touch)."""
    if not owner or owner == OWNER:
        return False
    host, _, pid = owner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover_jobs(engine, runner) -> list[str]:
    """Resume or fail the jobs a dead process left queued or running; return resumed ids."""
    resumed: list[str] = []
    with Session(engine) as session, session.begin():
        orphans = session.scalars(select(Job).where(Job.status.in_(Job.ACTIVE))).all()
        for job in orphans:
            if owner_alive(job.owner):
                continue
            if job.external_id and job.kind in RESUMABLE:
                job.status = "queued"
                job.message = "Resuming after a restart"
                resumed.append(job.id)
            else:
                job.status = "failed"
                job.lock_key = None
                job.error = INTERRUPTED
                job.message = "Failed"
                job.finished_at = utcnow()
    for job_id in resumed:
        runner.submit(job_id)
    if orphans:
        log.warning("start-up: %d unfinished job(s) found, %d resumed", len(orphans), len(resumed))
    return resumed
