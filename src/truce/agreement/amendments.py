"""Amendments: which are in force at a moment, and the provision values they give.

An amendment changes fields of provisions (a deadline moved) from its own date on, and
may replace earlier amendments (a deadline moved twice). ``replaces`` links must not
form a cycle: a cycle has no first amendment, so no order in which to apply them.
Before an amendment's date the original values hold, which is what ``--at`` shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from truce.agreement.model import AgreementFile, Amendment, Change
from truce.agreement.timeutil import Moment

MOMENT_FIELDS = ("deadline", "effective", "until")


def find_cycle(amendments: list[Amendment]) -> list[str] | None:
    """The ids along the first ``replaces`` cycle found (``[a, b, a]``), or None."""
    graph = {a.id: list(a.replaces) for a in amendments}
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in graph.get(node, []):
            if nxt not in graph:
                continue
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if state.get(nxt) is None:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for a in amendments:
        if state.get(a.id) is None:
            found = visit(a.id)
            if found:
                return found
    return None


def ordered(amendments: list[Amendment]) -> list[Amendment]:
    """By date, then by position in the file."""
    return [a for _, _, a in sorted((a.date.utc, i, a) for i, a in enumerate(amendments))]


def active_at(amendments: list[Amendment], at: datetime | None) -> list[Amendment]:
    """Amendments dated at or before ``at`` (all if None), minus those replaced by one of them."""
    dated = [a for a in ordered(amendments) if at is None or a.date.utc <= at]
    replaced = {r for a in dated for r in a.replaces}
    return [a for a in dated if a.id not in replaced]


@dataclass(frozen=True, slots=True)
class Applied:
    """A provision's values in force, and the amendments that set them."""

    values: dict[str, Any]
    amendments: tuple[str, ...]


def change_value(change: Change, which: str = "to") -> Any:
    """A change's ``to`` (or ``from``) as a Moment for moment fields, else as written."""
    raw = change.to if which == "to" else change.from_
    if change.field in MOMENT_FIELDS and isinstance(raw, dict):
        return Moment.from_json(raw)
    return raw


def in_force(agreement: AgreementFile, at: datetime | None) -> dict[str, Applied]:
    """Each provision's amendable values at ``at`` (None: with every amendment applied)."""
    out: dict[str, Applied] = {}
    for p in agreement.provisions:
        out[p.id] = Applied({f: getattr(p, f) for f in (*MOMENT_FIELDS, "text")}, ())
    for a in active_at(agreement.amendments, at):
        for ch in a.changes:
            cur = out.get(ch.provision)
            if cur is None:
                continue
            values = {**cur.values, ch.field: change_value(ch)}
            ids = cur.amendments if a.id in cur.amendments else (*cur.amendments, a.id)
            out[ch.provision] = Applied(values, ids)
    return out
