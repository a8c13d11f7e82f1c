"""``truce report daily`` and ``truce report period``: situation reports from the store."""

from __future__ import annotations

import enum
import sys
from pathlib import Path

import typer

from truce.cli.common import actor, out, state

app = typer.Typer(
    help="Write situation reports (Markdown, HTML, PDF) with a timeline and a map.",
    no_args_is_help=True,
)


class ReportFormat(enum.StrEnum):
    html = "html"
    md = "md"
    pdf = "pdf"


FORMAT = typer.Option(ReportFormat.html, "--format", "-f", help="html (self-contained), md or pdf.")
OUT = typer.Option(
    None,
    "--out",
    "-o",
    help="File to write (default: truce-report-DATE.EXT here; '-' prints Markdown to stdout).",
)
TZ = typer.Option(
    None, "--tz", help="Time zone for times (default: the newest stored agreement's, else UTC)."
)
REFRESH = typer.Option(
    True,
    "--refresh/--no-refresh",
    help="Group new claims into incidents and refresh agreement links first (writes).",
)
MAX_INCIDENTS = typer.Option(
    150, "--max-incidents", min=1, help="Incidents listed in detail (all are counted)."
)


@app.command()
def daily(
    ctx: typer.Context,
    day: str | None = typer.Option(
        None, "--date", "-d", help="YYYY-MM-DD (default: the day of the newest evidence)."
    ),
    fmt: ReportFormat = FORMAT,
    out_path: str | None = OUT,
    tz: str | None = TZ,
    refresh: bool = REFRESH,
    max_incidents: int = MAX_INCIDENTS,
) -> None:
    """The daily report of one day, compared with the day before (OSCE-style)."""
    from truce.report.period import Period, parse_day

    if day is None:
        from truce.queries.agreements import latest_evidence_day

        with state(ctx).store().read() as session:
            newest = latest_evidence_day(session)
        if newest is None:
            from truce.errors import InputError

            raise InputError("--date", "the store holds no dated evidence; give --date")
        period = Period.daily(newest)
    else:
        period = Period.daily(parse_day(day, "--date"))
    _write(ctx, period, fmt, out_path, tz, refresh, max_incidents)


@app.command()
def period(
    ctx: typer.Context,
    start: str = typer.Option(..., "--from", help="First day, YYYY-MM-DD."),
    end: str = typer.Option(..., "--to", help="Last day, YYYY-MM-DD (inclusive)."),
    fmt: ReportFormat = FORMAT,
    out_path: str | None = OUT,
    tz: str | None = TZ,
    refresh: bool = REFRESH,
    max_incidents: int = MAX_INCIDENTS,
) -> None:
    """A report over several days, compared with the same number of days before."""
    from truce.report.period import Period, parse_day

    _write(
        ctx,
        Period("period", parse_day(start, "--from"), parse_day(end, "--to")),
        fmt,
        out_path,
        tz,
        refresh,
        max_incidents,
    )


def _write(
    ctx: typer.Context,
    period: object,
    fmt: ReportFormat,
    out_path: str | None,
    tz: str | None,
    refresh: bool,
    max_incidents: int,
) -> None:
    from truce.report.model import build_report
    from truce.report.period import Period
    from truce.report.render import render_markdown, write

    assert isinstance(period, Period)
    store = state(ctx).store()
    report = build_report(
        store,
        period,
        tz=tz,
        max_incidents=max_incidents,
        refresh=refresh,
        actor=actor("report"),
    )
    if out_path == "-":
        if fmt is not ReportFormat.md:
            from truce.errors import InputError

            raise InputError("--out -", "only Markdown can be printed; give a file for html/pdf")
        sys.stdout.write(render_markdown(report))
        return
    path = Path(out_path) if out_path else Path(default_name(period, fmt.value))
    files = write(report, fmt.value, path)
    out.print(
        f"report: {report.title}: {report.total.now} incidents, "
        f"{len(report.disputes)} disputed or denied",
        markup=False,
    )
    for f in files:
        out.print(f"wrote {f}", markup=False)


def default_name(period: object, ext: str) -> str:
    from truce.report.period import Period

    assert isinstance(period, Period)
    if period.start == period.end:
        return f"truce-report-{period.start.isoformat()}.{ext}"
    return f"truce-report-{period.start.isoformat()}_{period.end.isoformat()}.{ext}"


def demo_block(ctx: typer.Context) -> None:
    """For ``truce demo``: write the daily report of the newest day of evidence (HTML)."""
    from truce.queries.agreements import latest_evidence_day
    from truce.report.model import build_report
    from truce.report.period import Period
    from truce.report.render import write

    store = state(ctx).store()
    with store.read() as session:
        day = latest_evidence_day(session)
    if day is None:
        return
    period = Period.daily(day)
    report = build_report(store, period, actor=actor("demo"))
    path = Path(default_name(period, "html")).resolve()
    write(report, "html", path)
    out.print(
        f"daily report for {day.isoformat()}: {path} "
        f"(also: truce report daily --date {day.isoformat()} --format pdf)",
        markup=False,
    )
