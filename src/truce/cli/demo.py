"""``truce demo`` and ``truce summary``: the main job on the bundled sample data."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import typer
from rich.table import Table

from truce.cli.common import actor, err, out, state


def sample_reports() -> Path:
    """The bundled sample reports (a folder inside the installed package)."""
    return Path(str(resources.files("truce.samples").joinpath("reports")))


def demo(ctx: typer.Context) -> None:
    """Ingest the bundled sample reports into the store and summarise what was found."""
    from truce.ingest.runner import IngestOptions, Ingestor
    from truce.ingest.sources import iter_inputs

    store = state(ctx).store()
    folder = sample_reports()
    out.print(f"truce demo: ingesting the sample reports in {folder}", markup=False)
    out.print(f"store: {store.describe()}", markup=False)

    def report(event) -> None:  # type: ignore[no-untyped-def]
        if event.outcome == "rejected":
            err.print(f"error: {event.message}", markup=False)

    from truce.cli.ingest import resolve_place
    from truce.correlate.wire import Fingerprinter
    from truce.extract.persist import ClaimWriter

    writer = ClaimWriter()
    summary = Ingestor(
        store,
        IngestOptions(actor=actor("demo")),
        listener=report,
        processors=[writer, Fingerprinter()],  # Fingerprinter: issue 4, wire copies
        place_resolver=resolve_place,
    ).run(iter_inputs([folder], exclude=store.own_files()))
    out.print(f"ingest: {summary.describe()}; {writer.claims} claims extracted", markup=False)
    # --- incidents (issue 4): group the new claims and observations into incidents ---
    from truce.cli.incidents import group_new

    group_new(store, actor("demo"))
    # --- end incidents ---
    print_summary(ctx)
    # --- agreements (issue 5): the shipped agreements and their status on the evidence ---
    from truce.cli.agreement import demo_block

    demo_block(ctx)
    # --- end agreements ---
    # --- reports (issue 6): the daily report of the newest day, written here as HTML ---
    from truce.cli.report import demo_block as report_block

    report_block(ctx)
    # --- end reports ---
    if not summary.ok:
        raise typer.Exit(1)


def summary(ctx: typer.Context) -> None:
    """Summarise what the store holds."""
    print_summary(ctx)


def print_summary(ctx: typer.Context) -> None:
    from truce.queries.summary import summarise

    with state(ctx).store().read() as session:
        s = summarise(session)
    table = Table(title="what the store holds", show_header=False, title_justify="left")
    table.add_column("what", style="bold")
    table.add_column("count")
    kinds = ", ".join(f"{n} {k}" for k, n in sorted(s.by_kind.items()))
    table.add_row("documents", f"{s.documents} ({kinds})" if s.documents else "0")
    if s.first:
        table.add_row("published", f"{s.first} to {s.last}")
    sides = ", ".join(f"{k} {n}" for k, n in sorted(s.by_side.items(), key=lambda kv: -kv[1]))
    table.add_row("sources by side", sides or "-")
    table.add_row("outlets", str(s.outlets))
    if s.observations:
        top = ", ".join(f"{k} {n}" for k, n in list(s.observations_by_what.items())[:6])
        table.add_row("observations", f"{s.observations} ({top})")
        table.add_row("checked, nothing found", str(s.observations_none_found))
    if s.claims:
        types = ", ".join(f"{k} {n}" for k, n in list(s.claims_by_type.items())[:8])
        table.add_row("claims", f"{s.claims} ({types})")
        table.add_row("denials", str(s.denials))
        speakers = ", ".join(f"{k} {n}" for k, n in list(s.claims_by_side.items())[:8])
        table.add_row("claims by speaker's side", speakers)
    out.print(table)
