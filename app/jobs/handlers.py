"""The registry of job kinds: each feature registers the function that does its work."""
from __future__ import annotations

from typing import Any, Callable

Handler = Callable[[Any], dict]
HANDLERS: dict[str, Handler] = {}
RESUMABLE: set[str] = set()


def job_handler(kind: str, *, resumable: bool = False) -> Callable[[Handler], Handler]:
    """Register `func(context) -> result dict` for jobs of `kind`.

    resumable: after a restart, a job of this kind that stored an external id is run
    again with context.external_id set, so it polls instead of paying twice.
    """

    def register(func: Handler) -> Handler:
        HANDLERS[kind] = func
        if resumable:
            RESUMABLE.add(kind)
        return func

    return register
