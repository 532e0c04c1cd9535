"""GET /api/mv/generations/<id>/paid_calls: every paid call a generation made."""
from __future__ import annotations

from flask import jsonify

from ..generations.records import get_generation
from . import bp
from .records import call_json, calls_of, summary


@bp.get("/api/mv/generations/<generation_id>/paid_calls")
def paid_calls(generation_id: str):
    """The generation's paid calls (model, inputs, prediction id, time, model seconds)."""
    generation = get_generation(generation_id)
    return jsonify(summary=summary(generation.id),
                   calls=[call_json(call) for call in calls_of(generation.id)])
