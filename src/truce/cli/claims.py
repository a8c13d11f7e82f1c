"""``truce claims``: stored claims, filtered."""

from __future__ import annotations

from typing import Any

import typer

from truce.cli.common import Format, emit_rows, err, state
from truce.cli.documents import _day

COLUMNS = (
    "id",
    "document_id",
    "type",
    "polarity",
    "side",
    "speaker",
    "date",
    "places",
    "figures",
    "quote",
)
CSV_COLUMNS = (
    "id",
    "document_id",
    "source",
    "outlet",
    "published",
    "type",
    "plover",
    "polarity",
    "speaker",
    "side",
    "date_start",
    "date_end",
    "date_precision",
    "places",
    "figures",
    "confidence",
    "quote",
)


def claims(
    ctx: typer.Context,
    type_: list[str] = typer.Option([], "--type", "-t", help="Event type (repeatable)."),
    side: list[str] = typer.Option([], "--side", "-s", help="Speaker's side; 'none' = the outlet."),
    place: str | None = typer.Option(None, help="Place name (any spelling) or gazetteer id."),
    since: str | None = typer.Option(None, help="Claims about events on or after YYYY-MM-DD."),
    until: str | None = typer.Option(None, help="Claims about events on or before YYYY-MM-DD."),
    polarity: str | None = typer.Option(None, help="assert or deny."),
    document: int | None = typer.Option(None, help="Only this document's claims."),
    limit: int | None = typer.Option(None, help="At most this many."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table, json or csv."),
) -> None:
    """List stored claims: who says what happened, where, when, with what figures."""
    from truce.queries.claims import ClaimFilter, iter_claims

    if polarity not in (None, "assert", "deny"):
        raise typer.BadParameter("assert or deny", param_hint="--polarity")
    flt = ClaimFilter(
        types=tuple(type_),
        sides=tuple(side),
        place=place,
        since=_day(since, "--since"),
        until=_day(until, "--until"),
        polarity=polarity,
        document_id=document,
        limit=limit,
    )
    with state(ctx).store().read() as session:
        rows = iter_claims(session, flt)
        if fmt is Format.table:
            count = emit_rows((_display(r) for r in rows), COLUMNS, fmt, title="claims")
            err.print(f"{count} claims", markup=False)
        elif fmt is Format.csv:
            emit_rows((_flat(r) for r in rows), CSV_COLUMNS, fmt)
        else:
            emit_rows(rows, CSV_COLUMNS, fmt)


def _when(row: dict[str, Any]) -> str:
    start, end = row["date_start"], row["date_end"]
    if start is None:
        return ""
    return start.isoformat() if start == end else f"{start}..{end}"


def _display(row: dict[str, Any]) -> dict[str, Any]:
    return {
        **row,
        "date": _when(row),
        "places": ", ".join(p["name"] for p in row["places"]),
        "figures": ", ".join(_figure(f) for f in row["figures"]),
    }


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    return {
        **row,
        "places": "; ".join(f"{p['name']} ({p['lat']}, {p['lon']})" for p in row["places"]),
        "figures": "; ".join(_figure(f) for f in row["figures"]),
    }


def _figure(f: dict[str, Any]) -> str:
    if f["value"] is not None:
        bound = (
            " (at least)"
            if f["low"] == f["value"]
            else " (at most)"
            if f["high"] == f["value"]
            else ""
        )
        return f"{f['kind']} {f['value']}{bound}"
    if f["low"] is not None and f["high"] is not None:
        return f"{f['kind']} {f['low']}-{f['high']}"
    return f"{f['kind']} >= {f['low']}"
