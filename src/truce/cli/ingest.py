"""``truce ingest``: read files and folders into the store."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from truce.cli.common import actor, err, out, state
from truce.ingest.metadata import KINDS, Meta, check_side
from truce.ingest.sources import iter_inputs


def ingest(
    ctx: typer.Context,
    paths: list[Path] = typer.Argument(..., help="Files and folders (read recursively)."),
    title: str | None = typer.Option(None, help="Title, for every document of this run."),
    outlet: str | None = typer.Option(None, help="Outlet or issuing body."),
    url: str | None = typer.Option(None, help="Source URL."),
    published: str | None = typer.Option(None, help="Publication date, YYYY-MM-DD."),
    side: str | None = typer.Option(None, help="Side or affiliation of the source (e.g. osce)."),
    language: str | None = typer.Option(None, help="Language code, e.g. en."),
    kind: str | None = typer.Option(None, help=f"Document kind: {', '.join(KINDS)}."),
    day_first: bool = typer.Option(
        False, help="Read 04/11/2020 as 4 November (default: US order)."
    ),
    timezone: str = typer.Option("UTC", help="Time zone of observation times given without one."),
    max_size: float = typer.Option(20.0, help="Refuse files larger than this many MB."),
    extract: bool = typer.Option(
        True, "--extract/--no-extract", help="Extract and store the claims of text documents."
    ),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Extraction processes (0: one per core)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only errors and the summary."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Also list each stored document."),
) -> None:
    """Store documents and observations; report duplicates and rejected inputs.

    Exit status is 1 if any input was rejected.
    """
    from truce.ingest.readers import ReadOptions
    from truce.ingest.runner import IngestEvent, IngestOptions, Ingestor

    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise typer.BadParameter(
            f"unknown time zone {timezone!r}", param_hint="--timezone"
        ) from None
    meta = _option_meta(title, outlet, url, published, side, language, kind)
    options = IngestOptions(
        meta=meta,
        read=ReadOptions(max_bytes=int(max_size * 1024 * 1024), day_first=day_first, timezone=zone),
        actor=actor("ingest"),
    )
    store = state(ctx).store()

    def report(event: IngestEvent) -> None:
        if event.outcome == "rejected":
            err.print(f"error: {event.message}", markup=False)
        elif event.outcome == "duplicate" and not quiet:
            err.print(f"duplicate: {event.path}: {event.message}", markup=False)
        elif verbose:
            err.print(f"stored: {event.path}: {event.message}", markup=False)

    processors = []
    workers = None
    if extract:
        from truce.extract.parallel import Workers
        from truce.extract.persist import ClaimWriter

        writer = ClaimWriter()
        processors.append(writer)
        workers = Workers(jobs or None)
    from truce.correlate.wire import Fingerprinter  # issue 4: wire copies, once per document

    processors.append(Fingerprinter())
    ingestor = Ingestor(
        store,
        options,
        listener=report,
        processors=processors,
        workers=workers,
        place_resolver=resolve_place,
    )
    if err.is_terminal and not quiet:
        inputs = list(iter_inputs(paths, exclude=store.own_files()))
        progress = Progress(
            TextColumn("ingesting"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=err,
            transient=True,
        )
        with progress:
            task = progress.add_task("ingest", total=len(inputs))
            summary = ingestor.run(inputs, advance=lambda: progress.advance(task))
    else:
        summary = ingestor.run(iter_inputs(paths, exclude=store.own_files()))
    if workers is not None:
        workers.close()
    out.print(summary.describe(), markup=False)
    if extract:
        out.print(f"{writer.claims} claims extracted", markup=False)
    # --- incidents (issue 4): group what is new into incidents ---
    from truce.cli.incidents import group_new

    group_new(store, actor("ingest"), quiet=quiet)
    # --- end incidents ---
    if not summary.ok:
        raise typer.Exit(1)


def _option_meta(
    title: str | None,
    outlet: str | None,
    url: str | None,
    published: str | None,
    side: str | None,
    language: str | None,
    kind: str | None,
) -> Meta:
    meta = Meta(title=title, outlet=outlet, url=url, language=language)
    if published:
        try:
            meta.published = date.fromisoformat(published)
        except ValueError:
            raise typer.BadParameter(
                f"{published!r} is not YYYY-MM-DD", param_hint="--published"
            ) from None
        meta.published_from = "option"
    if side:
        try:
            meta.side = check_side(side, path="--side")
        except Exception as exc:
            raise typer.BadParameter(str(exc), param_hint="--side") from None
    if kind:
        if kind not in KINDS:
            raise typer.BadParameter(f"one of {', '.join(KINDS)}", param_hint="--kind")
        meta.kind = kind
    return meta


def resolve_place(name: str) -> tuple[str | None, float, float] | None:
    """An observation's place name to a gazetteer id and coordinates (best candidate)."""
    from truce.reference.gazetteer import Gazetteer

    found = Gazetteer.default().lookup(name)
    if not found:
        return None
    return found[0].id, found[0].lat, found[0].lon
