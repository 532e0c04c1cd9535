"""A flavor: default's values deep-merged with the flavor's own files, frozen."""
from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Mapping

NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
DEFAULT_FLAVOR = "default"
_MISSING = object()


def is_valid_name(name: object) -> bool:
    """Flavor names are short lowercase slugs; anything else is never used as a path."""
    return isinstance(name, str) and NAME_PATTERN.fullmatch(name) is not None


@dataclass(frozen=True)
class Flavor:
    """One flavor's merged, read-only config values.

    values: file stem -> frozen mapping (e.g. values["video_params"]["clip_seconds"]).
    files: the YAML files the flavor's own folder holds.
    overrides: dotted keys the flavor sets itself (all keys, for default).
    """

    name: str
    files: tuple[str, ...]
    values: Mapping[str, Mapping[str, Any]]
    overrides: tuple[str, ...]

    def get(self, dotted: str, default: Any = None) -> Any:
        """The value at a dotted key such as "video_params.clip_seconds"."""
        node: Any = self.values
        for part in dotted.split("."):
            if not isinstance(node, Mapping):
                return default
            node = node.get(part, _MISSING)
            if node is _MISSING:
                return default
        return node

    @property
    def clip_seconds(self) -> int:
        return self.values["video_params"]["clip_seconds"]

    def as_dict(self) -> dict:
        """Plain, JSON-ready copy of the values."""
        return thaw(self.values)


def deep_merge(base: Mapping, override: Mapping) -> dict:
    """Mappings merge key by key; anything else (text, numbers, lists) is replaced."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def leaf_keys(data: Mapping, prefix: str = "") -> list[str]:
    """Dotted paths of every leaf in a nested mapping."""
    keys = []
    for key, value in data.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, Mapping) and value:
            keys.extend(leaf_keys(value, dotted + "."))
        else:
            keys.append(dotted)
    return keys


def freeze(value: Any) -> Any:
    """Read-only copy: mappings become MappingProxyType, lists become tuples."""
    if isinstance(value, Mapping):
        return MappingProxyType({key: freeze(item) for key, item in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(freeze(item) for item in value)
    return value


def thaw(value: Any) -> Any:
    """Plain dict/list copy of a frozen value."""
    if isinstance(value, Mapping):
        return {key: thaw(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [thaw(item) for item in value]
    return value
