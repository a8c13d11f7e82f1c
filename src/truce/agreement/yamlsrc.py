"""Read a YAML file into plain data plus the line of every value, for precise errors.

PyYAML's node tree carries marks; we build the data from the nodes ourselves so that
every path (``("provisions", 3, "deadline")``) maps to its line, duplicate keys are an
error (PyYAML would silently keep the last), and dates stay the strings they were
written as (the agreement parser reads zones that YAML's timestamp type would drop).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

Path = tuple[str | int, ...]

__all__ = ["Path", "SourceMap", "YamlProblem", "read_yaml"]


class YamlProblem(Exception):
    """The text is not well-formed YAML (or has a duplicate key); carries the line."""

    def __init__(self, line: int, message: str) -> None:
        self.line = line
        self.message = message
        super().__init__(f"line {line}: {message}")


@dataclass(slots=True)
class SourceMap:
    """Line numbers (1-based) of values and of keys, by path."""

    lines: dict[Path, int] = field(default_factory=dict)

    def line_of(self, path: Path) -> int:
        """The line of ``path``, or of its nearest ancestor that exists (for a missing field)."""
        probe = tuple(path)
        while probe:
            if probe in self.lines:
                return self.lines[probe]
            probe = probe[:-1]
        return self.lines.get((), 1)


_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:timestamp",
}


def read_yaml(text: str) -> tuple[Any, SourceMap]:
    """Parse one YAML document; return its data and the source map."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        smap = SourceMap()
        if node is None:
            return None, smap
        return _build(loader, node, (), smap), smap
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = exc.problem or exc.context or "malformed YAML"
        raise YamlProblem(line, f"YAML syntax error: {problem}") from None
    except yaml.YAMLError as exc:
        raise YamlProblem(1, f"YAML error: {exc}") from None
    finally:
        loader.dispose()


def _build(loader: yaml.SafeLoader, node: yaml.Node, path: Path, smap: SourceMap) -> Any:
    smap.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)  # resolves merge keys (<<)
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem(key_node.start_mark.line + 1, "a key must be a plain name")
            key = str(key_node.value)
            if key in out:
                raise YamlProblem(key_node.start_mark.line + 1, f"duplicate key {key!r}")
            out[key] = _build(loader, value_node, (*path, key), smap)
            # a key's own line is where a problem about the whole entry is reported
            smap.lines[(*path, key)] = key_node.start_mark.line + 1
            if isinstance(value_node, yaml.ScalarNode):
                smap.lines[(*path, key)] = value_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, (*path, i), smap) for i, item in enumerate(node.value)]
    if node.tag in _PLAIN_TAGS:
        return node.value
    return loader.construct_object(node, deep=True)
