"""``truce documents`` and ``truce show``: what is stored."""

from __future__ import annotations

import json
from datetime import date

import typer
from rich.panel import Panel

from truce.cli.common import Format, emit_rows, err, out, state

COLUMNS = ("id", "published", "kind", "outlet", "side", "title", "source_name")


def documents(
    ctx: typer.Context,
    since: str | None = typer.Option(None, help="Published on or after YYYY-MM-DD."),
    until: str | None = typer.Option(None, help="Published on or before YYYY-MM-DD."),
    outlet: str | None = typer.Option(None, help="Outlet (case-insensitive substring)."),
    side: str | None = typer.Option(None, help="Side of the source."),
    kind: str | None = typer.Option(None, help="Document kind."),
    limit: int | None = typer.Option(None, help="At most this many, newest first."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table, json or csv."),
) -> None:
    """List stored documents, newest first."""
    from truce.queries.documents import DocumentFilter, iter_documents

    flt = DocumentFilter(
        since=_day(since, "--since"),
        until=_day(until, "--until"),
        outlet=outlet,
        side=side,
        kind=kind,
        limit=limit,
    )
    with state(ctx).store().read() as session:
        count = emit_rows(iter_documents(session, flt), COLUMNS, fmt, title="documents")
    if fmt is Format.table:
        err.print(f"{count} documents", markup=False)


def show(
    ctx: typer.Context,
    document_id: int = typer.Argument(..., metavar="ID", help="Document id."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table or json."),
    text: bool = typer.Option(True, "--text/--no-text", help="Include the full text."),
) -> None:
    """Show one document with its metadata (and observations, for reports)."""
    from truce.queries.documents import document_detail

    with state(ctx).store().read() as session:
        detail = document_detail(session, document_id)
    if detail is None:
        err.print(f"error: no document {document_id}", markup=False)
        raise typer.Exit(1)
    if not text:
        detail.pop("text", None)
    if fmt is Format.json:
        out.print_json(json.dumps(detail, ensure_ascii=False, default=str))
        return
    body = detail.pop("text", None)
    observations = detail.pop("observations", [])
    lines = [f"[bold]{k}[/bold]: {v}" for k, v in detail.items() if v not in (None, {}, [])]
    out.print(Panel("\n".join(lines), title=f"document {document_id}", expand=False))
    if observations:
        emit_rows(observations, list(observations[0].keys()), Format.table, title="observations")
    if body:
        out.print(body, markup=False)


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not YYYY-MM-DD", param_hint=option) from None
