"""``truce agreement ...``: load agreements, see each provision's status, deadlines and links."""

from __future__ import annotations

from pathlib import Path

import typer

from truce.cli.common import Format, actor, emit_rows, err, out, state

app = typer.Typer(
    help="Agreements: provisions, deadlines and compliance derived from the evidence.",
    no_args_is_help=True,
)

STATUS_COLUMNS = ("agreement", "provision", "point", "kind", "status", "due", "detail")
LIST_COLUMNS = ("id", "title", "effective", "parties", "provisions", "amended", "version", "status")
DEADLINE_COLUMNS = ("when", "in", "agreement", "provision", "what", "status")
LINK_COLUMNS = ("evidence", "relation", "origin", "state", "reason", "actor", "at")
EVIDENCE_OPTS = ("incident", "claim", "observation")


def _within(value: str, option: str):  # type: ignore[no-untyped-def]
    from truce.agreement.timeutil import parse_duration

    try:
        return parse_duration(value).approx()
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint=option) from None


@app.command("load")
def load(
    ctx: typer.Context,
    files: list[Path] = typer.Argument(..., metavar="FILE...", help="Agreement YAML files."),
) -> None:
    """Validate and store agreement files (one transaction each; a changed file: new version)."""
    from truce.agreement.loader import load_file
    from truce.agreement.validate import AgreementFileError

    store = state(ctx).store()
    failed = 0
    for path in files:
        try:
            result = load_file(store, path, actor=actor("agreement load"))
        except AgreementFileError as exc:
            failed += 1
            for problem in exc.problems:
                err.print(f"error: {problem}", markup=False)
            continue
        out.print(result.describe(), markup=False)
    if failed:
        err.print(f"{failed} of {len(files)} files refused; nothing stored from them", markup=False)
        raise typer.Exit(1)


@app.command("check")
def check(files: list[Path] = typer.Argument(..., metavar="FILE...")) -> None:
    """Validate agreement files without storing them."""
    from truce.agreement.validate import AgreementFileError, read_agreement

    failed = 0
    for path in files:
        try:
            parsed = read_agreement(path)
        except AgreementFileError as exc:
            failed += 1
            for problem in exc.problems:
                err.print(f"error: {problem}", markup=False)
            continue
        a = parsed.agreement
        out.print(
            f"{path}: ok ({a.id}, {len(a.provisions)} provisions, {len(a.amendments)} amendments)",
            markup=False,
        )
    if failed:
        raise typer.Exit(1)


@app.command("list")
def list_(
    ctx: typer.Context,
    at: str | None = typer.Option(None, "--at", help="Status counts at this moment."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table, json or csv."),
) -> None:
    """List stored agreements with their version and provision status counts."""
    from truce.agreement.report import agreement_rows

    with state(ctx).store().read() as session:
        rows = agreement_rows(session, at=at)
    emit_rows(rows, LIST_COLUMNS, fmt, title="agreements")
    if fmt is Format.table and not rows:
        err.print("no agreements stored (truce agreement load FILE, or truce demo)", markup=False)


@app.command("status")
def status(
    ctx: typer.Context,
    agreement_id: str | None = typer.Argument(None, metavar="[ID]", help="One agreement."),
    at: str | None = typer.Option(
        None,
        "--at",
        help="Moment: 2020-11-20T12:00+04:00, '2020-11-20T12:00 Asia/Baku', "
        "or a date (the end of that day in the agreement's zone). Default: now.",
    ),
    soon: str | None = typer.Option(None, "--soon", help="Due-soon window (default 3d)."),
    refresh: bool = typer.Option(
        True, "--refresh/--no-refresh", help="Update automatic evidence links first."
    ),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table, json or csv."),
) -> None:
    """Each provision's status: not yet due, due soon, met, overdue, violated or disputed."""
    from truce.agreement.report import status_rows

    rows = status_rows(
        state(ctx).store(),
        at=at,
        agreement_id=agreement_id,
        soon=_within(soon, "--soon") if soon else None,
        refresh=refresh,
        actor=actor("agreement status"),
    )
    if not rows and fmt is Format.table:
        err.print("no agreements stored (truce agreement load FILE, or truce demo)", markup=False)
        return
    when = at or f"now ({rows[0].at:%Y-%m-%d %H:%M} UTC)"
    emit_rows([r.row() for r in rows], STATUS_COLUMNS, fmt, title=f"provision status at {when}")
    if fmt is Format.table:
        counts: dict[str, int] = {}
        for r in rows:
            counts[r.status] = counts.get(r.status, 0) + 1
        err.print(", ".join(f"{n} {s}" for s, n in counts.items()) or "no provisions", markup=False)


@app.command("deadlines")
def deadlines(
    ctx: typer.Context,
    within: str = typer.Option("7d", "--within", help="Look ahead this far (7d, 12h, P1M)."),
    at: str | None = typer.Option(None, "--at", help="From this moment (default: now)."),
    agreement_id: str | None = typer.Option(None, "--agreement", help="One agreement."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table, json or csv."),
) -> None:
    """Deadlines, effective times and term dates coming up (and deadlines overdue)."""
    from truce.agreement.report import deadlines as find

    with state(ctx).store().read() as session:
        rows = find(session, at=at, within=_within(within, "--within"), agreement_id=agreement_id)
    emit_rows([d.row() for d in rows], DEADLINE_COLUMNS, fmt, title=f"deadlines within {within}")
    if fmt is Format.table and not rows:
        err.print(f"nothing due within {within}", markup=False)


def _evidence(incident: int | None, claim: int | None, observation: int | None) -> tuple[str, int]:
    given = [
        (k, v)
        for k, v in zip(EVIDENCE_OPTS, (incident, claim, observation), strict=True)
        if v is not None
    ]
    if len(given) != 1:
        raise typer.BadParameter("give exactly one of --incident, --claim, --observation")
    return given[0]


def _decide(
    ctx: typer.Context,
    provision: str,
    evidence: tuple[str, int],
    relation: str,
    reason: str,
    mode: str,
) -> None:
    from truce.agreement import linker

    store = state(ctx).store()
    with store.write(actor(f"agreement {mode}")) as txn:
        row = linker.find_provision(txn.session, provision)
        kind, ident = evidence
        if mode == "reset":
            if not linker.clear_manual(
                txn.session, txn.audit, row, kind, ident, relation, reason=reason
            ):
                err.print(f"no manual decision on {kind} {ident} for {provision}", markup=False)
                raise typer.Exit(1)
        else:
            linker.set_manual(
                txn.session,
                txn.audit,
                row,
                kind,
                ident,
                relation,
                include=mode == "link",
                reason=reason,
            )
    verb = {"link": "linked", "unlink": "excluded", "reset": "manual decision withdrawn for"}[mode]
    out.print(
        f"{verb} {evidence[0]} {evidence[1]} as {relation} evidence of {provision}", markup=False
    )


_REL = typer.Option(..., "--relation", "-r", help="violation or compliance.")
_REASON = typer.Option(..., "--reason", help="Why (recorded in the audit log).")


@app.command("link")
def link(
    ctx: typer.Context,
    provision: str = typer.Argument(..., metavar="AGREEMENT/PROVISION"),
    incident: int | None = typer.Option(None, "--incident"),
    claim: int | None = typer.Option(None, "--claim"),
    observation: int | None = typer.Option(None, "--observation"),
    relation: str = _REL,
    reason: str = _REASON,
) -> None:
    """Link evidence to a provision by hand (overrides the criteria)."""
    _decide(ctx, provision, _evidence(incident, claim, observation), relation, reason, "link")


@app.command("unlink")
def unlink(
    ctx: typer.Context,
    provision: str = typer.Argument(..., metavar="AGREEMENT/PROVISION"),
    incident: int | None = typer.Option(None, "--incident"),
    claim: int | None = typer.Option(None, "--claim"),
    observation: int | None = typer.Option(None, "--observation"),
    relation: str = _REL,
    reason: str = _REASON,
) -> None:
    """Exclude evidence from a provision by hand, even if the criteria match it."""
    _decide(ctx, provision, _evidence(incident, claim, observation), relation, reason, "unlink")


@app.command("reset")
def reset(
    ctx: typer.Context,
    provision: str = typer.Argument(..., metavar="AGREEMENT/PROVISION"),
    incident: int | None = typer.Option(None, "--incident"),
    claim: int | None = typer.Option(None, "--claim"),
    observation: int | None = typer.Option(None, "--observation"),
    relation: str = _REL,
    reason: str = _REASON,
) -> None:
    """Withdraw a manual link or unlink, so that the criteria alone decide again."""
    _decide(ctx, provision, _evidence(incident, claim, observation), relation, reason, "reset")


@app.command("links")
def links(
    ctx: typer.Context,
    provision: str = typer.Argument(..., metavar="AGREEMENT/PROVISION"),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table, json or csv."),
) -> None:
    """The evidence linked to a provision: automatic and manual, included and excluded."""
    from truce.agreement import linker
    from truce.queries import agreements as q

    with state(ctx).store().read() as session:
        row = linker.find_provision(session, provision)
        rows = [
            {
                "evidence": " ".join(map(str, q.link_key(ln))),
                "relation": ln.relation,
                "origin": ln.origin,
                "state": "included" if ln.active else "excluded",
                "reason": ln.reason,
                "actor": ln.actor,
                "at": ln.at,
            }
            for ln in q.links_for(session, [row.id])
        ]
    emit_rows(rows, LINK_COLUMNS, fmt, title=f"evidence links of {provision}")


def demo_block(ctx: typer.Context) -> None:
    """For ``truce demo``: load the shipped agreements and show their status on the evidence.

    The status is shown at the end of the day of the newest evidence in the store (the
    sample reports end on 1 December 2020), which is what a monitor would have seen then.
    """
    from rich.table import Table

    from truce.agreement.loader import load_shipped
    from truce.agreement.report import status_rows
    from truce.queries.agreements import latest_evidence_day

    store = state(ctx).store()
    results = load_shipped(store, actor=actor("demo"))
    loaded = sum(r.action != "unchanged" for r in results)
    out.print(f"agreements: {len(results)} shipped ({loaded} loaded or updated)", markup=False)
    with store.read() as session:
        day = latest_evidence_day(session)
    at = day.isoformat() if day else None
    rows = status_rows(store, at=at, actor=actor("demo"))
    title = f"agreement status at the end of {at} (newest evidence)" if at else "agreement status"
    table = Table(title=title, title_justify="left", header_style="bold")
    for name, style in (
        ("agreement", None),
        ("provision", None),
        ("status", "bold"),
        ("detail", None),
    ):
        table.add_column(name, style=style, overflow="fold", no_wrap=name != "detail")
    for r in rows:
        table.add_row(r.agreement_id, r.provision, r.status, r.detail)
    out.print(table)
    out.print(
        "more: truce agreement status [ID] --at DATETIME, truce agreement deadlines --within 7d",
        markup=False,
    )
