"""``truce extract``: print the claims of documents without touching the store."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import typer

from truce.cli.common import err, out


def extract(
    paths: list[Path] = typer.Argument(..., help="Files and folders (read recursively)."),
    fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl or table."),
    published: str | None = typer.Option(
        None, help="Publication date YYYY-MM-DD (default: from the text or metadata)."
    ),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Worker processes (0: one per core)."),
) -> None:
    """Claims of each document: who says what happened, where, when, with what figures.

    JSON Lines output is the contract of the annotation guideline: one object per
    document with claims carrying a character span.
    """
    if fmt not in ("jsonl", "table"):
        raise typer.BadParameter("jsonl or table", param_hint="--format")
    pub: date | None = None
    if published:
        try:
            pub = date.fromisoformat(published)
        except ValueError:
            raise typer.BadParameter(
                f"{published!r} is not YYYY-MM-DD", param_hint="--published"
            ) from None
    from truce.errors import InputError
    from truce.extract import extract as run_pipeline
    from truce.ingest.metadata import read_sidecar
    from truce.ingest.readers import ReadOptions, read_file
    from truce.ingest.sources import iter_inputs

    failures = 0
    jobs_list: list[tuple[str, str, date | None]] = []
    for item in iter_inputs(paths):
        if isinstance(item, InputError):
            err.print(f"error: {item}", markup=False)
            failures += 1
            continue
        try:
            result = read_file(item, ReadOptions())
            sidecar = read_sidecar(item)
        except InputError as exc:
            err.print(f"error: {exc}", markup=False)
            failures += 1
            continue
        for problem in result.errors:
            err.print(f"error: {problem}", markup=False)
        for parsed in result.documents:
            if parsed.observations:
                continue  # structured observations carry no text claims
            meta = sidecar.over(parsed.meta)
            name = item.name + (f"#{parsed.where}" if parsed.where else "")
            jobs_list.append((name, parsed.text, pub or meta.published))
    if fmt == "jsonl":
        from truce.extract.parallel import Workers, extract_json

        # one process for a few documents (a pool costs more than it saves), else all cores
        with Workers(1 if len(jobs_list) < 8 else (jobs or None)) as workers:
            for record in workers.imap(extract_json, jobs_list):
                sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    else:
        for name, text, published_on in jobs_list:
            _table(name, run_pipeline(text, published=published_on))
    if failures:
        raise typer.Exit(1)


def _table(name: str, doc) -> None:  # type: ignore[no-untyped-def]
    from rich.table import Table

    from truce.extract.output import date_value

    table = Table(
        title=f"{name} ({doc.published or 'no date'}): {len(doc.claims)} claims",
        show_lines=True,
        title_justify="left",
    )
    for column in ("type", "pol", "speaker", "side", "date", "places", "figures", "text"):
        table.add_column(column, overflow="fold")
    for c in doc.claims:
        when = date_value(c)
        table.add_row(
            c.type,
            c.polarity,
            c.speaker.name if c.speaker else "",
            (c.speaker.side or "?") if c.speaker else "",
            when if isinstance(when, str) or when is None else f"{when['start']}..{when['end']}",
            ", ".join(p.name for p in c.places),
            ", ".join(
                f"{f.kind} {f.value if f.value is not None else f'>={f.low}'}" for f in c.figures
            ),
            " ".join(doc.text[c.start : c.end].split()),
        )
    out.print(table)
