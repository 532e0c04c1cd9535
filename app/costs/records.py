"""Recording paid calls the moment they start, and summing them per generation.

Writes use a session of their own and commit at once: a paid call is on record even when
the job that made it fails later.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import db
from ..config.debuglog import redact
from ..models import PaidCall

MAX_TEXT = 2000


def safe_inputs(inputs: dict[str, Any]) -> dict[str, Any]:
    """The inputs as a person may read them: files by name, long texts cut, secrets hidden."""
    shown = {}
    for key, value in inputs.items():
        if isinstance(value, Path):
            value = f"(file) {value.name}"
        elif isinstance(value, str) and len(value) > MAX_TEXT:
            value = value[:MAX_TEXT] + "…"
        shown[key] = redact(key, value)
    return shown


def record_call(*, prediction_id: str, model: str, inputs: dict, job_id: str | None,
                generation_id: str | None, scene_id: str | None) -> None:
    """A prediction was created: put it on record now (idempotent per prediction id)."""
    with Session(db.engine()) as session, session.begin():
        if session.scalar(select(PaidCall.id).where(PaidCall.prediction_id == prediction_id)):
            return
        session.add(PaidCall(prediction_id=prediction_id, model=model, inputs=safe_inputs(inputs),
                             job_id=job_id, generation_id=generation_id, scene_id=scene_id))


def finish_call(prediction_id: str, *, status: str, predict_time: float | None) -> None:
    """The prediction ended: keep its outcome and the model time it was billed for."""
    with Session(db.engine()) as session, session.begin():
        call = session.scalar(select(PaidCall).where(PaidCall.prediction_id == prediction_id))
        if call is not None:
            call.status = status
            call.predict_time = predict_time


def calls_of(generation_id: str) -> list[PaidCall]:
    query = select(PaidCall).where(PaidCall.generation_id == generation_id)
    return list(db.session().scalars(query.order_by(PaidCall.created_at)))


def summary(generation_id: str) -> dict[str, Any]:
    """How many paid calls a generation made, and their model time."""
    count, seconds = db.session().execute(
        select(func.count(PaidCall.id), func.coalesce(func.sum(PaidCall.predict_time), 0.0))
        .where(PaidCall.generation_id == generation_id)).one()
    return {"count": count, "predict_seconds": round(float(seconds), 2)}


def call_json(call: PaidCall) -> dict[str, Any]:
    return {"id": call.id, "prediction_id": call.prediction_id, "model": call.model,
            "inputs": call.inputs, "status": call.status, "predict_time": call.predict_time,
            "job_id": call.job_id, "scene_id": call.scene_id,
            "created_at": call.created_at.isoformat() + "Z" if call.created_at else None}
