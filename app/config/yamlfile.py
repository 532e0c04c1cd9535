"""Read one flavor YAML file into plain data plus the line of every key."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import FlavorConfigError

KeyPath = tuple[str, ...]


@dataclass(frozen=True)
class YamlFile:
    """A parsed flavor file: its data and where each key stands (1-based lines)."""

    path: Path
    data: dict
    lines: dict[KeyPath, int]

    def line_of(self, keys: KeyPath) -> int:
        """The line of a key, or of its nearest parent that has one (1 for the file)."""
        while keys:
            if keys in self.lines:
                return self.lines[keys]
            keys = keys[:-1]
        return 1


def read_yaml_file(path: Path) -> YamlFile:
    """Parse a file that must hold a mapping; refuse duplicate and non-string keys."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FlavorConfigError(f"cannot read the file ({exc})", file=path) from exc
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise FlavorConfigError("the file is empty; it must hold a mapping of keys", file=path)
        lines: dict[KeyPath, int] = {}
        _collect_lines(node, (), lines, path)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or "invalid YAML"
        if exc.context and exc.context_mark and exc.context_mark is not mark:
            problem += f" ({exc.context} that starts on line {exc.context_mark.line + 1})"
        raise FlavorConfigError(f"YAML syntax error: {problem}", file=path, line=line) from exc
    except yaml.YAMLError as exc:
        raise FlavorConfigError(f"YAML syntax error: {exc}", file=path) from exc
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise FlavorConfigError("the file must hold a mapping of keys, not "
                                f"{type(data).__name__}", file=path, line=node.start_mark.line + 1)
    return YamlFile(path=path, data=data, lines=lines)


def _collect_lines(node: yaml.Node, keys: KeyPath, lines: dict, path: Path) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                _collect_lines(value_node, keys, lines, path)
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                raise FlavorConfigError("keys must be plain strings", file=path, line=line,
                                        key=".".join(keys + (str(key_node.value),)))
            key = key_node.value
            dotted = ".".join(keys + (key,))
            if key in seen:
                raise FlavorConfigError("the key appears twice in the same mapping",
                                        file=path, line=line, key=dotted)
            seen.add(key)
            lines[keys + (key,)] = line
            _collect_lines(value_node, keys + (key,), lines, path)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[keys + (str(index),)] = item.start_mark.line + 1
            _collect_lines(item, keys + (str(index),), lines, path)
