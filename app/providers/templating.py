"""Filling flavor templates: prompt texts and model `input:` mappings.

Only {name} placeholders the schema knows are replaced; other braces (a JSON example in
a prompt) are left alone. In an input mapping, a value that is exactly "{name}" takes the
value itself (a number stays a number, a file stays a file) and is dropped when that
value is None; null values (a flavor removing a default input) are dropped too.
"""
from __future__ import annotations

from typing import Any, Mapping

from ..config.schema import PLACEHOLDER


def fill_text(template: str, values: Mapping[str, Any]) -> str:
    """Replace {name} with values[name] (None becomes empty); unknown names stay as written."""

    def replace(match):
        name = match.group(1)
        if name not in values:
            return match.group(0)
        value = values[name]
        return "" if value is None else str(value)

    return PLACEHOLDER.sub(replace, template)


def fill_input(template: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    """A model's input from the flavor's `input:` mapping and this call's values."""
    filled: dict[str, Any] = {}
    for key, raw in template.items():
        value = _fill_value(raw, values)
        if value is not _DROP:
            filled[key] = value
    return filled


_DROP = object()


def _fill_value(raw: Any, values: Mapping[str, Any]) -> Any:
    if raw is None:
        return _DROP
    if isinstance(raw, str):
        whole = PLACEHOLDER.fullmatch(raw)
        if whole and whole.group(1) in values:
            value = values[whole.group(1)]
            return _DROP if value is None or value == "" else value
        return fill_text(raw, values)
    if isinstance(raw, Mapping):
        return fill_input(raw, values)
    if isinstance(raw, (list, tuple)):
        items = (_fill_value(item, values) for item in raw)
        return [item for item in items if item is not _DROP]
    return raw
