"""``truce incidents``, ``truce incident ID`` (and analysts' decisions), ``truce figures``.

Heavy modules (the grouping engine, numpy, queries) are imported inside the commands so
that ``truce --help`` stays fast.
"""

from __future__ import annotations

import enum
import json
import sys
from collections.abc import Callable
from datetime import date
from typing import Any

import typer
from rich.panel import Panel
from rich.table import Table

from truce.cli.common import Format, actor, emit_rows, err, jsonable, out, state
from truce.cli.documents import _day

STATUSES = ("verified", "corroborated", "disputed", "single-source", "refuted")


class ListFormat(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    geojson = "geojson"


class Rollup(enum.StrEnum):
    day = "day"
    area = "area"
    side = "side"


class _DefaultShow(typer.core.TyperGroup):
    """``truce incident 12`` means ``truce incident show 12``."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["show", *args]
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=_DefaultShow,
    no_args_is_help=True,
    help="One incident (truce incident ID [--why]) and analysts' decisions on incidents.",
)


def register(root: typer.Typer) -> None:
    """The commands of this module on the root app (one line in truce.cli)."""
    root.command()(incidents)
    root.command()(figures)
    root.add_typer(app, name="incident")


def _progress() -> tuple[Any, Callable[[str, int, int], None] | None]:
    """A Rich progress bar on a terminal, nothing otherwise."""
    if not err.is_terminal:
        return None, None
    from rich.progress import BarColumn, Progress, TextColumn

    progress = Progress(TextColumn("{task.description}"), BarColumn(), console=err, transient=True)
    tasks: dict[str, Any] = {}

    def report(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = progress.add_task(stage, total=max(total, 1))
        progress.update(tasks[stage], completed=done, total=max(total, 1))

    return progress, report


def group_new(store: Any, who: str, *, quiet: bool = False) -> None:
    """Group what is new after an ingest (called by ``truce ingest`` and ``truce demo``)."""
    from truce.correlate import update

    progress, report = _progress() if not quiet else (None, None)
    if progress is not None:
        with progress:
            summary = update(store, actor=who, progress=report)
    else:
        summary = update(store, actor=who)
    out.print(summary.describe(), markup=False)
    if summary.created or summary.updated or summary.merged:
        from sqlalchemy import func, select

        from truce.store.schema import Incident

        with store.read() as session:
            counts = dict(
                session.execute(
                    select(Incident.status, func.count())
                    .where(Incident.merged_into.is_(None), Incident.status != "merged")
                    .group_by(Incident.status)
                ).all()
            )
        line = ", ".join(f"{counts[s]} {s}" for s in STATUSES if counts.get(s))
        out.print(f"incidents by status: {line} (truce incidents --status ...)", markup=False)


def incidents(
    ctx: typer.Context,
    since: str | None = typer.Option(None, help="Happened on or after YYYY-MM-DD."),
    until: str | None = typer.Option(None, help="Happened on or before YYYY-MM-DD."),
    place: str | None = typer.Option(
        None, help="Place or district (part of the name), or a place id."
    ),
    type_: str | None = typer.Option(None, "--type", help="Event type, e.g. ASSAULT."),
    status: str | None = typer.Option(None, help=f"One of {', '.join(STATUSES)}."),
    side: str | None = typer.Option(
        None, help="A side that speaks about it (e.g. azerbaijan, osce)."
    ),
    family: str | None = typer.Option(None, help="Event family: force, presence, territory..."),
    limit: int | None = typer.Option(None, help="At most this many, newest first."),
    fmt: ListFormat = typer.Option(
        ListFormat.table, "--format", "-f", help="table, json, csv or geojson."
    ),
) -> None:
    """List incidents, newest first: claims from every source grouped, with their status."""
    from truce.queries.incidents import (
        LIST_COLUMNS,
        IncidentFilter,
        geojson_feature,
        iter_incidents,
    )

    if status and status.lower() not in STATUSES:
        raise typer.BadParameter(f"one of {', '.join(STATUSES)}", param_hint="--status")
    flt = IncidentFilter(
        since=_day(since, "--since"),
        until=_day(until, "--until"),
        place=place,
        type=type_,
        status=status,
        side=side,
        family=family,
        limit=limit,
    )
    with state(ctx).store().read() as session:
        rows = iter_incidents(session, flt)
        if fmt is ListFormat.geojson:
            _geojson(rows, geojson_feature)
            return
        columns = LIST_COLUMNS if fmt is ListFormat.table else _csv_columns()
        count = emit_rows(rows, columns, Format(fmt.value), title="incidents")
    if fmt is ListFormat.table:
        err.print(f"{count} incidents", markup=False)


def _csv_columns() -> tuple[str, ...]:
    return (
        "id", "key", "status", "type", "family", "date_start", "date_end", "date_precision",
        "place", "place_id", "area", "lat", "lon", "geo_precision", "claims", "observations",
        "sources", "sides", "asserted_by", "denied_by", "observed_by", "status_reason",
        "aggregate", "summary",
    )  # fmt: skip


def _geojson(rows: Any, feature: Callable[[dict[str, Any]], dict[str, Any] | None]) -> None:
    """A FeatureCollection, streamed (incidents without a point are left out)."""
    sys.stdout.write('{"type": "FeatureCollection", "features": [')
    first = True
    for r in rows:
        f = feature(r)
        if f is None:
            continue
        sys.stdout.write(
            ("\n" if first else ",\n") + json.dumps(f, ensure_ascii=False, default=jsonable)
        )
        first = False
    sys.stdout.write("\n]}\n")


@app.command("show")
def show(
    ctx: typer.Context,
    incident_id: int = typer.Argument(..., metavar="ID", help="Incident id."),
    why: bool = typer.Option(False, "--why", help="Explain why each claim and observation joined."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table or json."),
) -> None:
    """One incident: its claims with quotes, speakers and dates in order, its observations,
    figures by source, status history and decisions."""
    from truce.correlate.explain import explain
    from truce.queries.incidents import incident_detail

    with state(ctx).store().read() as session:
        detail = incident_detail(session, incident_id)
        if detail is None:
            err.print(f"error: no incident {incident_id}", markup=False)
            raise typer.Exit(1)
        if why:
            detail["why"] = explain(session, incident_id)
    if fmt is Format.json:
        out.print_json(json.dumps(detail, ensure_ascii=False, default=jsonable))
        return
    _print_detail(detail)


def _print_detail(d: dict[str, Any]) -> None:
    when = d["date_start"].isoformat() if d["date_start"] else "undated"
    if d["date_end"] and d["date_end"] != d["date_start"]:
        when += f" to {d['date_end'].isoformat()}"
    head = [
        f"[bold]{d['status']}[/bold]"
        + (" (set by an analyst)" if d["status_locked"] else "")
        + (f" — {d['status_reason']}" if d["status_reason"] else ""),
        f"{d['type']} ({d['family']}) at {d['place'] or 'an unknown place'}"
        + (f", {d['area']}" if d["area"] and d["area"] != d["place"] else "")
        + f"; {when}"
        + (f" ({d['date_precision']})" if d["date_precision"] else ""),
        f"{d['claims']} claims, {d['observations']} observations, "
        f"{d['sources']} independent sources",
        f"key {d['key']}",
    ]
    if d["merged_into"]:
        head.insert(0, f"[bold]merged into incident {d['merged_into']}[/bold]")
    if d["merged_from"]:
        head.append("merged from incidents " + ", ".join(map(str, d["merged_from"])))
    out.print(Panel("\n".join(head), title=f"incident {d['id']}", expand=False))
    if d["claim_list"]:
        table = Table(title="claims, in order", header_style="bold", show_lines=True)
        for col in ("claim", "date", "speaker", "says", "quote", "source", "figures"):
            table.add_column(col, overflow="fold")
        for c in d["claim_list"]:
            date_text = (
                _dates(c["date_start"], c["date_end"]) or f"(published {c['published'] or '?'})"
            )
            speaker = " / ".join(x for x in (c["speaker"], c["side"]) if x) or "(the outlet)"
            source = f"{c['outlet'] or 'document ' + str(c['document'])}, {c['published'] or ''}"
            if c["copy_of"]:
                source += f" (copy of document {c['copy_of']})"
            figs = ", ".join(_figure(f) for f in c["figures"])
            says = c["polarity"] + ("" if c["type"] == d["type"] else f" {c['type']}")
            table.add_row(str(c["claim"]), date_text, speaker, says, c["quote"], source, figs)
        out.print(table)
    if d["observation_list"]:
        table = Table(title="observations", header_style="bold")
        for col in ("obs", "time (UTC)", "by", "what", "result", "where"):
            table.add_column(col, overflow="fold")
        for o in d["observation_list"]:
            where = o["place"] or ""
            if o["distance_km"]:
                where += f", {o['distance_km']} km" + (
                    f" at {o['bearing_deg']:g}°" if o["bearing_deg"] is not None else ""
                )
            what = (
                o["what"]
                + (f" x{o['count']}" if o["count"] else "")
                + (f" ({o['mode']})" if o["mode"] else "")
            )
            t = o["time_start"].strftime("%Y-%m-%d %H:%M") if o["time_start"] else ""
            table.add_row(
                str(o["observation"]),
                t,
                f"{o['reporter'] or ''} ({o['source_kind']})",
                what,
                o["result"],
                where,
            )
        out.print(table)
    if d["figures"]:
        rows = [
            {k: f[k] for k in ("kind", "source", "side", "polarity", "low", "best", "high")}
            for f in d["figures"]
        ]
        emit_rows(
            rows,
            ["kind", "source", "side", "polarity", "low", "best", "high"],
            Format.table,
            title="figures by source",
        )
    if d["history"]:
        emit_rows(
            d["history"],
            ["at", "status", "previous", "reason", "actor"],
            Format.table,
            title="status history",
        )
    if d["decisions"]:
        emit_rows(
            d["decisions"],
            ["decision", "kind", "status", "incidents", "reason", "actor", "at", "active"],
            Format.table,
            title="decisions",
        )
    if d.get("why"):
        table = Table(title="why each member is here", header_style="bold", show_lines=True)
        for col in ("member", "when", "kind", "why"):
            table.add_column(col, overflow="fold")
        for w in d["why"]:
            table.add_row(w["member"], w["when"], w["kind"], w["why"])
        out.print(table)


def _dates(start: date | None, end: date | None) -> str:
    if start is None:
        return ""
    return start.isoformat() if end in (None, start) else f"{start.isoformat()}..{end.isoformat()}"


def _figure(f: dict[str, Any]) -> str:
    value = f["value"] if f["value"] is not None else f["low"]
    bound = " (at least)" if f["low"] is not None and f["low"] == value else ""
    return f"{f['kind']} {value}{bound}"


def _ids(text: str | None, option: str) -> list[int]:
    if not text:
        return []
    try:
        return [int(x) for x in text.replace(" ", "").split(",") if x]
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} is not a list of ids like 12,15", param_hint=option
        ) from None


@app.command("merge")
def merge(
    ctx: typer.Context,
    incident_ids: list[int] = typer.Argument(..., metavar="ID ID...", help="Incidents to merge."),
    reason: str = typer.Option(..., "--reason", help="Why (kept in the audit log)."),
) -> None:
    """Merge incidents into one; the decision survives later regrouping."""
    from truce.correlate import merge as do_merge

    result = do_merge(
        state(ctx).store(), incident_ids, reason=reason, actor=actor("incident merge")
    )
    out.print(
        f"merged into incident {result.incident_id} (decision {result.decision_id})", markup=False
    )


@app.command("split")
def split(
    ctx: typer.Context,
    incident_id: int = typer.Argument(..., metavar="ID"),
    claims: str | None = typer.Option(None, "--claims", help="Claim ids to move out, e.g. 12,15."),
    observations: str | None = typer.Option(
        None, "--observations", help="Observation ids to move out."
    ),
    reason: str = typer.Option(..., "--reason", help="Why (kept in the audit log)."),
) -> None:
    """Move claims (and observations) out of an incident into a new one."""
    from truce.correlate import split as do_split

    result = do_split(
        state(ctx).store(),
        incident_id,
        claims=_ids(claims, "--claims"),
        observations=_ids(observations, "--observations"),
        reason=reason,
        actor=actor("incident split"),
    )
    out.print(
        f"split off into incident {result.incident_id} (decision {result.decision_id})",
        markup=False,
    )


@app.command("status")
def set_status(
    ctx: typer.Context,
    incident_id: int = typer.Argument(..., metavar="ID"),
    status: str = typer.Argument(
        ..., metavar="STATUS", help=f"{', '.join(STATUSES)}, or auto to release."
    ),
    reason: str = typer.Option(..., "--reason", help="Why (kept in the audit log)."),
) -> None:
    """Set an incident's status by hand (it stays until set to auto)."""
    from truce.correlate import set_status as do_status

    result = do_status(
        state(ctx).store(),
        incident_id,
        status.lower(),
        reason=reason,
        actor=actor("incident status"),
    )
    word = "released to the rules" if status.lower() == "auto" else f"set to {status.lower()}"
    out.print(f"incident {result.incident_id}: status {word}", markup=False)


@app.command("revoke")
def revoke(
    ctx: typer.Context,
    decision_id: int = typer.Argument(..., metavar="DECISION"),
    reason: str = typer.Option(..., "--reason", help="Why (kept in the audit log)."),
) -> None:
    """Withdraw an analyst's decision; grouping follows the rules again."""
    from truce.correlate import revoke as do_revoke

    do_revoke(state(ctx).store(), decision_id, reason=reason, actor=actor("incident revoke"))
    out.print(f"decision {decision_id} revoked", markup=False)


@app.command("regroup")
def regroup(
    ctx: typer.Context,
    distance: float | None = typer.Option(None, help="Link places at most this many km apart."),
    district_radius: float | None = typer.Option(
        None, help="Radius of a district the gazetteer cannot outline (km)."
    ),
    slack_hours: float | None = typer.Option(None, help="Widen observation windows by this much."),
    timezone: str | None = typer.Option(
        None, help="Local time zone of observations, e.g. Asia/Baku."
    ),
) -> None:
    """Recompute every incident (with new settings, if given), honouring decisions."""
    from truce.correlate import regroup as do_regroup
    from truce.correlate.config import load_config

    store = state(ctx).store()
    with store.read() as session:
        config = load_config(session).with_changes(
            distance_km=distance,
            district_radius_km=district_radius,
            slack_hours=slack_hours,
            timezone=timezone,
        )
    progress, report = _progress()
    if progress is not None:
        with progress:
            summary = do_regroup(
                store, actor=actor("incident regroup"), config=config, progress=report
            )
    else:
        summary = do_regroup(store, actor=actor("incident regroup"), config=config)
    out.print(f"{summary.describe()} in {summary.seconds:.1f}s", markup=False)


@app.command("update")
def update(ctx: typer.Context) -> None:
    """Group the claims and observations not in an incident yet (ingest does this)."""
    group_new(state(ctx).store(), actor("incident update"))


def figures(
    ctx: typer.Context,
    by: Rollup = typer.Option(Rollup.day, "--by", help="day, area or side (the side reporting)."),
    kind: str | None = typer.Option(None, help="killed, wounded, missing, displaced..."),
    since: str | None = typer.Option(None, help="Incidents on or after YYYY-MM-DD."),
    until: str | None = typer.Option(None, help="Incidents on or before YYYY-MM-DD."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table, json or csv."),
) -> None:
    """Figures rolled up by day, area or side: every side's figure beside conservative
    (low), best and high totals that never count the same dead twice."""
    from truce.queries.incidents import FigureFilter, figure_rollup

    flt = FigureFilter(
        by=by.value, kind=kind, since=_day(since, "--since"), until=_day(until, "--until")
    )
    with state(ctx).store().read() as session:
        rows = figure_rollup(session, flt)
    columns = [by.value, "kind", "incidents", "low", "best", "high"]
    if by is not Rollup.side:
        columns.append("by_source")
    emit_rows(rows, columns, fmt, title=f"figures by {by.value} (low = conservative total)")
    if fmt is Format.table:
        err.print(
            "an incident counts once: sources are compared, never added; refuted and aggregate "
            "incidents are left out",
            markup=False,
        )
