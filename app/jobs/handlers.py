"""The registry of job kinds: each feature registers the function that does its work."""
from __future__ import annotations

from typing import Any, Callable

Handler = Callable[[Any], dict]
HANDLERS: dict[str, Handler] = {}
RESUMABLE: set[str] = set()
LOCKS: dict[str, str] = {}


def job_handler(kind: str, *, resumable: bool = False,
                lock: str | None = None) -> Callable[[Handler], Handler]:
    """Register `func(context) -> result dict` for jobs of `kind`.

    resumable: after a restart, a job of this kind that stored an external id is run
    again with context.external_id set, so it polls instead of paying twice.
    lock: jobs sharing this lock name and the same scene (else generation) cannot be
    active at once; e.g. "clip" makes a second clip request for a busy scene a 409.
    """

    def register(func: Handler) -> Handler:
        HANDLERS[kind] = func
        if resumable:
            RESUMABLE.add(kind)
        if lock:
            LOCKS[kind] = lock
        return func

    return register


def lock_key_for(kind: str, scene_id: str | None, generation_id: str | None) -> str | None:
    """The lock an active job of this kind holds, e.g. "clip:<scene id>"."""
    lock = LOCKS.get(kind)
    target = scene_id or generation_id
    return f"{lock}:{target}" if lock and target else None
