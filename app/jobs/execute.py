"""Run one job: mark it running, call its handler, record success or a readable failure."""
from __future__ import annotations

import logging
import os
import socket

from .. import db
from ..config.debuglog import scrub
from ..db import utcnow
from ..errors import MVError
from ..models import Job
from .context import JobContext, write_job
from .handlers import HANDLERS

log = logging.getLogger(__name__)
OWNER = f"{socket.gethostname()}:{os.getpid()}"


def execute(job_id: str) -> None:
    """Run a queued job to its end; failures become a failed job, never an exception."""
    session = db.session()
    job = session.get(Job, job_id)
    if job is None or job.status != "queued":
        return
    handler = HANDLERS.get(job.kind)
    if handler is None:
        _finish(job_id, error=f"no handler for jobs of kind '{job.kind}'")
        return
    write_job(job_id, status="running", started_at=utcnow(), owner=OWNER,
              message="Resuming after a restart" if job.external_id else "Started")
    context = JobContext(job)
    try:
        result = handler(context)
    except MVError as exc:
        session.rollback()
        _finish(job_id, error=scrub(exc.message))
    except Exception as exc:  # the user sees a short message; the log has the traceback
        session.rollback()
        log.exception("job %s (%s) failed", job_id, job.kind)
        _finish(job_id, error=describe(exc))
    else:
        _finish(job_id, result=result or {})


def describe(exc: BaseException) -> str:
    """A failure message a user can act on, without secrets."""
    text = str(exc).strip() or type(exc).__name__
    return scrub(text)


def _finish(job_id: str, *, result: dict | None = None, error: str | None = None) -> None:
    if error is None:
        write_job(job_id, status="succeeded", progress=100, result=result, error=None,
                  message="Done", finished_at=utcnow(), lock_key=None)
    else:
        write_job(job_id, status="failed", error=error, message="Failed", finished_at=utcnow(),
                  lock_key=None)
