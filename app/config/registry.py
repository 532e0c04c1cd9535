"""The flavor registry: every flavor read and validated once, then read-only.

Lookups are a dict access on an immutable mapping: O(1), no disk, safe from any thread.
"""
from __future__ import annotations

import logging
from pathlib import Path
from types import MappingProxyType
from typing import Iterable

from . import schema
from .errors import FlavorConfigError
from .flavor import DEFAULT_FLAVOR, Flavor, deep_merge, freeze, is_valid_name, leaf_keys
from .yamlfile import YamlFile, read_yaml_file

log = logging.getLogger(__name__)


class FlavorRegistry:
    """Read-only map of flavor name -> Flavor, default first."""

    def __init__(self, flavors: Iterable[Flavor], config_dir: Path):
        by_name = {flavor.name: flavor for flavor in flavors}
        if DEFAULT_FLAVOR not in by_name:
            raise FlavorConfigError("the default flavor is required", file=config_dir)
        self._flavors = MappingProxyType(by_name)
        self.names = (DEFAULT_FLAVOR,) + tuple(sorted(set(by_name) - {DEFAULT_FLAVOR}))
        self.config_dir = config_dir

    def get(self, name: object) -> Flavor | None:
        """The flavor called `name`, or None; any non-string is simply not found."""
        return self._flavors.get(name) if isinstance(name, str) else None

    def __contains__(self, name: object) -> bool:
        return self.get(name) is not None

    def __iter__(self):
        return (self._flavors[name] for name in self.names)

    def __len__(self) -> int:
        return len(self._flavors)

    @property
    def default(self) -> Flavor:
        return self._flavors[DEFAULT_FLAVOR]


def load_registry(config_dir: Path | str) -> FlavorRegistry:
    """Read every flavor folder under config_dir; raise FlavorConfigError on the first problem."""
    config_dir = Path(config_dir)
    if not config_dir.is_dir():
        raise FlavorConfigError("the config folder does not exist (set MV_CONFIG_DIR)",
                                file=config_dir)
    folders = sorted(p for p in config_dir.iterdir() if p.is_dir() and not p.name.startswith("."))
    for folder in folders:
        if not is_valid_name(folder.name):
            raise FlavorConfigError(
                f"'{folder.name[:80]}' is not a valid flavor name: use 1-64 lowercase letters, "
                "digits, '-' or '_', starting with a letter or digit", file=folder)
    if not (config_dir / DEFAULT_FLAVOR).is_dir():
        raise FlavorConfigError(f"the '{DEFAULT_FLAVOR}' flavor folder is required",
                                file=config_dir / DEFAULT_FLAVOR)

    default_files = _read_folder(config_dir / DEFAULT_FLAVOR)
    for stem in schema.FILES:
        if stem not in default_files:
            raise FlavorConfigError("the default flavor must hold this file",
                                    file=config_dir / DEFAULT_FLAVOR / f"{stem}.yaml")
    default_values = {stem: default_files[stem].data for stem in schema.FILES}
    _check_merged(DEFAULT_FLAVOR, default_values, default_files, {})

    flavors = [_make_flavor(DEFAULT_FLAVOR, default_values, default_files)]
    for folder in folders:
        if folder.name == DEFAULT_FLAVOR:
            continue
        own = _read_folder(folder)
        values = {stem: deep_merge(default_values[stem], own[stem].data) if stem in own
                  else default_values[stem] for stem in schema.FILES}
        _check_merged(folder.name, values, own, default_files)
        flavors.append(_make_flavor(folder.name, values, own))
    return FlavorRegistry(flavors, config_dir)


def _read_folder(folder: Path) -> dict[str, YamlFile]:
    """Parse and validate, file by file, the YAML files a flavor folder holds."""
    files: dict[str, YamlFile] = {}
    for path in sorted(folder.iterdir()):
        if path.suffix not in (".yaml", ".yml") or path.name.startswith("."):
            continue
        if path.suffix == ".yml" or path.stem not in schema.FILES:
            known = ", ".join(f"{stem}.yaml" for stem in schema.FILES)
            raise FlavorConfigError(f"unknown config file (a flavor holds some of: {known})",
                                    file=path)
        parsed = read_yaml_file(path)
        for problem in schema.validate(parsed.data, schema.FILES[path.stem]):
            raise FlavorConfigError(problem.message, file=path, line=parsed.line_of(problem.keys),
                                    key=".".join(problem.keys))
        files[path.stem] = parsed
    return files


def _check_merged(name: str, values: dict, own: dict[str, YamlFile],
                  default_files: dict[str, YamlFile]) -> None:
    """Required keys and rules that span keys, on the merged values."""
    for stem, spec in schema.FILES.items():
        source = own.get(stem) or default_files.get(stem)
        for problem in schema.missing(values[stem], spec):
            raise FlavorConfigError(problem.message, file=source.path,
                                    line=source.line_of(problem.keys[:-1]),
                                    key=".".join(problem.keys))
    video = values["video_params"]
    allowed = video.get("allowed_durations")
    if allowed and video["clip_seconds"] not in allowed:
        source = own.get("video_params") or default_files["video_params"]
        raise FlavorConfigError(
            f"clip_seconds {video['clip_seconds']} is not a duration the model accepts "
            f"(allowed_durations: {', '.join(map(str, allowed))})",
            file=source.path, line=source.line_of(("clip_seconds",)), key="clip_seconds")


def _make_flavor(name: str, values: dict, own: dict[str, YamlFile]) -> Flavor:
    overrides = tuple(f"{stem}.{key}" for stem, parsed in sorted(own.items())
                      for key in leaf_keys(parsed.data))
    return Flavor(name=name, files=tuple(f"{stem}.yaml" for stem in sorted(own)),
                  values=freeze(values), overrides=overrides)
