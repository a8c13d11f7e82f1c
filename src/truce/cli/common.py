"""What every command shares: the store option, consoles and output formats."""

from __future__ import annotations

import csv
import enum
import json
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from truce.store import Store


def _console(stderr: bool) -> Console:
    """A console that is wide when output goes to a file or pipe (no terminal to fit)."""
    probe = Console(stderr=stderr)
    width = None if probe.is_terminal or os.environ.get("COLUMNS") else 200
    return Console(stderr=stderr, highlight=False, soft_wrap=True, width=width)


out = _console(stderr=False)
err = _console(stderr=True)
MAX_CELL = 60


class Format(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


@dataclass(slots=True)
class State:
    """Global options, carried on the Typer context."""

    db: str | None = None
    _store: Store | None = None

    def store(self) -> Store:
        if self._store is None:
            from truce.store import Store  # imported here: SQLAlchemy is slow to import

            self._store = Store(self.db)
        return self._store


def state(ctx: typer.Context) -> State:
    obj = ctx.find_root().obj
    if not isinstance(obj, State):
        obj = State()
        ctx.find_root().obj = obj
    return obj


def actor(command: str) -> str:
    from truce.store import default_actor

    return default_actor(command)


def jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def emit_rows(
    rows: Iterable[dict[str, Any]],
    columns: Sequence[str],
    fmt: Format,
    *,
    title: str | None = None,
) -> int:
    """Print rows as a Rich table, a JSON array (streamed) or CSV; return the count."""
    count = 0
    if fmt is Format.json:
        sys.stdout.write("[")
        for row in rows:
            sys.stdout.write(
                ("\n" if count == 0 else ",\n")
                + json.dumps({k: jsonable(v) for k, v in row.items()}, ensure_ascii=False)
            )
            count += 1
        sys.stdout.write("\n]\n" if count else "]\n")
        return count
    if fmt is Format.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(row.get(k)) for k in columns})
            count += 1
        return count
    table = Table(title=title, show_lines=False, header_style="bold")
    for column in columns:
        table.add_column(
            column, overflow="ellipsis", no_wrap=True, max_width=MAX_CELL, min_width=len(column)
        )
    for row in rows:
        table.add_row(*(_cell(row.get(c)) for c in columns))
        count += 1
    out.print(table)
    return count


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
