"""``truce audit``: check and inspect the hash-chained audit log."""

from __future__ import annotations

import typer

from truce.cli.common import Format, emit_rows, err, out, state

app = typer.Typer(no_args_is_help=True, help="Check and inspect the audit log.")


@app.command()
def verify(ctx: typer.Context) -> None:
    """Recompute the whole chain; name the first entry that does not verify (exit 1)."""
    from truce.store.audit import verify as verify_chain

    with state(ctx).store().read() as session:
        result = verify_chain(session)
    if result.ok:
        out.print(result.describe(), markup=False)
        return
    err.print(f"error: {result.describe()}", markup=False)
    raise typer.Exit(1)


@app.command()
def head(ctx: typer.Context) -> None:
    """Print the chain head (sequence number and hash) to record outside the store."""
    from truce.store.schema import AuditHead

    with state(ctx).store().read() as session:
        row = session.get(AuditHead, 1)
    if row is None:
        out.print("0 " + "0" * 64)
    else:
        out.print(f"{row.seq} {row.hash}", markup=False)


@app.command("log")
def log(
    ctx: typer.Context,
    limit: int = typer.Option(20, help="The last N entries."),
    fmt: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """Show the latest audit entries."""
    from sqlalchemy import select

    from truce.store.schema import AuditEntry

    with state(ctx).store().read() as session:
        rows = session.scalars(
            select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit)
        ).all()
        data = [
            {
                "seq": r.seq,
                "at": r.at,
                "actor": r.actor,
                "action": r.action,
                "entity": r.entity,
                "entity_id": r.entity_id,
                "hash": r.hash[:16],
            }
            for r in reversed(rows)
        ]
    if not data:
        err.print("the audit log is empty", markup=False)
    emit_rows(data, ["seq", "at", "actor", "action", "entity", "entity_id", "hash"], fmt)
