"""``truce export``: incidents as CSV (ACLED columns), GeoJSON or JSON Lines, streamed."""

from __future__ import annotations

import enum
import sys
from pathlib import Path

import typer

from truce.cli.common import err, state


class ExportFormat(enum.StrEnum):
    csv = "csv"
    geojson = "geojson"
    jsonl = "jsonl"


def export(
    ctx: typer.Context,
    fmt: ExportFormat = typer.Option(
        ExportFormat.csv, "--format", "-f", help="csv, geojson or jsonl."
    ),
    out_path: str = typer.Option("-", "--out", "-o", help="File to write ('-': stdout)."),
    since: str | None = typer.Option(
        None, "--from", help="Incidents starting on or after YYYY-MM-DD."
    ),
    until: str | None = typer.Option(
        None, "--to", help="Incidents starting on or before YYYY-MM-DD."
    ),
    types: list[str] = typer.Option(
        [], "--type", "-t", help="Event type (repeatable): ASSAULT, ..."
    ),
    statuses: list[str] = typer.Option(
        [],
        "--status",
        "-s",
        help="verified, corroborated, disputed, single-source, refuted (repeatable).",
    ),
    area: str | None = typer.Option(None, "--area", help="An area as the incidents name it."),
    aggregates: bool = typer.Option(
        False, "--aggregates", help="Include aggregate incidents (claims over a week or a region)."
    ),
    merged: bool = typer.Option(False, "--merged", help="Include incidents merged into another."),
) -> None:
    """Export incidents with their status, sources and figures (constant memory)."""
    from truce.export import ExportFilter
    from truce.export import export as run
    from truce.report.period import parse_day

    flt = ExportFilter(
        since=parse_day(since, "--from") if since else None,
        until=parse_day(until, "--to") if until else None,
        types=tuple(types),
        statuses=tuple(statuses),
        area=area,
        aggregates=aggregates,
        merged=merged,
    )
    store = state(ctx).store()
    if out_path == "-":
        count = run(store, fmt.value, sys.stdout, flt)
    else:
        path = Path(out_path)
        with path.open("w", encoding="utf-8", newline="") as stream:
            count = run(store, fmt.value, stream, flt)
        err.print(f"exported {count} incidents to {path}", markup=False)
