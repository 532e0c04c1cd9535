"""Job runners: the small interface blueprints rely on, and the in-process thread pool.

A distributed queue (RQ or Celery on Redis) can replace ThreadPoolRunner by implementing
`submit(job_id)` (run `execute(job_id)` in an app context somewhere) and `shutdown()`;
nothing else changes, because job state lives in the database, not in the runner.
"""
from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol

from flask import Flask

log = logging.getLogger(__name__)


class JobRunner(Protocol):
    """Runs queued jobs somewhere other than the request thread."""

    def submit(self, job_id: str) -> None: ...

    def shutdown(self, wait: bool = True) -> None: ...


class ThreadPoolRunner:
    """At most `max_workers` jobs at once in this process, each inside an app context."""

    def __init__(self, app: Flask, max_workers: int):
        self.app = app
        self.max_workers = max_workers
        self._pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="mv-job")

    def submit(self, job_id: str) -> None:
        self._pool.submit(self._run, job_id)

    def _run(self, job_id: str) -> None:
        from .execute import execute

        with self.app.app_context():
            try:
                execute(job_id)
            except Exception:  # execute records failures itself; this is a last resort
                log.exception("job %s could not be run", job_id)

    def shutdown(self, wait: bool = True) -> None:
        self._pool.shutdown(wait=wait, cancel_futures=not wait)
