"""Read and check an agreement file: every problem reported with its file, line and field.

Checks run in three layers, and all problems of a layer are reported together:
YAML syntax (one problem stops it), the format (pydantic: types, required fields,
unknown fields, dates), then meaning (ids unique and referenced, places known to the
gazetteer, deadlines after the time they take effect, amendments without cycles and
consistent with what they change). Nothing here touches the store.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from truce.agreement.amendments import MOMENT_FIELDS, find_cycle, ordered
from truce.agreement.model import AgreementFile, Criteria, Scope
from truce.agreement.places import GazetteerLike, default_gazetteer, resolve
from truce.agreement.timeutil import Moment, parse_moment, parse_zone
from truce.agreement.yamlsrc import Path as DataPath
from truce.agreement.yamlsrc import SourceMap, YamlProblem, read_yaml
from truce.errors import DataError

MAX_BYTES = 2_000_000


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a file."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class AgreementFileError(DataError):
    """An agreement file is malformed; ``problems`` lists each problem, one line each."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(f"{problems[0]}{more}")


@dataclass(frozen=True, slots=True)
class Parsed:
    """A valid agreement: the model, its canonical body and the body's hash."""

    agreement: AgreementFile
    body: dict[str, Any]
    content_hash: str
    path: str


def dotted(path: DataPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _Collector:
    def __init__(self, file: str, smap: SourceMap) -> None:
        self.file, self.smap = file, smap
        self.problems: list[Problem] = []

    def add(self, path: DataPath, message: str) -> None:
        self.problems.append(Problem(self.file, self.smap.line_of(path), dotted(path), message))


def read_agreement(path: str | Path, *, gazetteer: GazetteerLike | None = None) -> Parsed:
    """Read, validate and resolve one agreement file; AgreementFileError if anything is wrong."""
    path = Path(path)
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise AgreementFileError([Problem(name, 1, "", f"cannot read: {exc.strerror}")]) from None
    if len(raw) > MAX_BYTES:
        raise AgreementFileError([Problem(name, 1, "", "file too large for an agreement")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise AgreementFileError([Problem(name, line, "", "not UTF-8 text")]) from None
    return parse_agreement(text, name, gazetteer=gazetteer)


def parse_agreement(text: str, name: str, *, gazetteer: GazetteerLike | None = None) -> Parsed:
    """Validate agreement text (``name`` is used in messages)."""
    try:
        data, smap = read_yaml(text)
    except YamlProblem as exc:
        raise AgreementFileError([Problem(name, exc.line, "", exc.message)]) from None
    out = _Collector(name, smap)
    if not isinstance(data, dict):
        out.add((), "an agreement file is a mapping of fields (format:, id:, title:, ...)")
        raise AgreementFileError(out.problems)
    # top-level keys starting with "x-" hold YAML anchors (shared scopes) and are ignored
    data = {k: v for k, v in data.items() if not str(k).startswith("x-")}
    zone = data.get("timezone")
    if zone is not None:
        try:
            parse_zone(str(zone))
        except ValueError as exc:
            out.add(("timezone",), str(exc))
            raise AgreementFileError(out.problems) from None
    context = {"zone": str(zone) if zone is not None else _zone_of(data.get("effective"))}
    try:
        model = AgreementFile.model_validate(data, context=context)
    except ValidationError as exc:
        for err in exc.errors():
            out.add(_data_path(data, err["loc"]), _message(err))
        raise AgreementFileError(_dedupe(out.problems)) from None
    _check_meaning(model, data, out, gazetteer)
    if out.problems:
        raise AgreementFileError(out.problems)
    body = model.model_dump(mode="json", by_alias=True, exclude_none=True)
    digest = hashlib.sha256(
        json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    ).hexdigest()
    return Parsed(model, body, digest, name)


def load_body(body: dict[str, Any]) -> AgreementFile:
    """The model back from a stored body (already validated and resolved)."""
    return AgreementFile.model_validate(body, context={"zone": body.get("timezone")})


def _zone_of(value: Any) -> str | None:
    """The zone named in the effective moment, to read other moments by default."""
    if isinstance(value, str):
        try:
            m = parse_moment(value, None)
        except ValueError:
            return None
        return m.zone
    return None


def _data_path(data: Any, loc: tuple[Any, ...]) -> DataPath:
    """Keep the parts of a pydantic location that are real keys or indexes in the data."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
        elif isinstance(part, str) and isinstance(node, dict):
            key = "from" if part == "from_" and "from" in node else part
            path.append(key)
            node = node.get(key) if key in node else None
            if node is None:
                break
    return tuple(path)


def _message(err: dict[str, Any]) -> str:
    kind = err["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field (check the spelling; see docs/agreements.md)"
    msg = str(err["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        msg = msg.removeprefix(prefix)
    if kind == "string_pattern_mismatch":
        return (
            f"{err.get('input')!r} is not a valid id: use lowercase letters, digits, '.', '_' "
            "or '-' (at most 64)"
        )
    if kind in {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}:
        return f"{msg[0].lower()}{msg[1:]}, got {err.get('input')!r}"
    if kind == "literal_error":
        return f"got {err.get('input')!r}: {msg[0].lower()}{msg[1:]}"
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return f"{msg[0].lower()}{msg[1:]}, got {err.get('input')!r}"
    return msg


def _dedupe(problems: list[Problem]) -> list[Problem]:
    """Union types report one error per member; keep the first per field."""
    seen: set[tuple[int, str]] = set()
    out = []
    for p in problems:
        if (p.line, p.field) not in seen:
            seen.add((p.line, p.field))
            out.append(p)
    return out


def _check_meaning(
    model: AgreementFile, data: dict[str, Any], out: _Collector, gazetteer: GazetteerLike | None
) -> None:
    parties = _unique(out, "parties", [p.id for p in model.parties], "party")
    provisions = _unique(out, "provisions", [p.id for p in model.provisions], "provision")
    amendments = _unique(out, "amendments", [a.id for a in model.amendments], "amendment")

    for i, s in enumerate(model.signatories):
        if s.party not in parties:
            out.add(("signatories", i, "party"), f"unknown party {s.party!r}")
    if model.signed and model.effective.utc < model.signed.utc and model.signed.precision != "day":
        out.add(("effective",), "takes effect before the agreement was signed")
    _check_term(model.term, ("term",), parties, out)

    gaz = _Gaz(gazetteer)
    for i, p in enumerate(model.provisions):
        base = ("provisions", i)
        for field in ("obligated", "beneficiaries"):
            for j, ref in enumerate(getattr(p, field)):
                if ref not in parties:
                    out.add((*base, field, j), f"unknown party {ref!r} (not in parties)")
        effective = p.effective or model.effective
        if p.deadline and _end(p.deadline) <= effective.utc:
            out.add(
                (*base, "deadline"), "deadline is not after the time the provision takes effect"
            )
        if p.until and p.until.utc <= effective.utc:
            out.add((*base, "until"), "until is not after the time the provision takes effect")
        if p.mode == "standing" and p.deadline:
            out.add(
                (*base, "deadline"),
                f"a standing obligation ({p.kind}) has no deadline; "
                "use effective/until, or obligation: deliverable",
            )
        _check_term(p.term, (*base, "term"), parties, out)
        _resolve_scope(p.scope, (*base, "scope"), gaz, out)
        if p.evidence is not None:
            for rel in ("violation", "compliance"):
                for j, crit in enumerate(getattr(p.evidence, rel)):
                    _check_criteria(crit, (*base, "evidence", rel, j), p, gaz, out)

    for i, a in enumerate(model.amendments):
        base = ("amendments", i)
        if model.signed and a.date.utc < model.signed.utc:
            out.add((*base, "date"), "amendment dated before the agreement was signed")
        for j, ref in enumerate(a.agreed_by):
            if ref not in parties:
                out.add((*base, "agreed_by", j), f"unknown party {ref!r}")
        for j, ref in enumerate(a.replaces):
            if ref == a.id:
                out.add((*base, "replaces", j), "an amendment cannot replace itself")
            elif ref not in amendments:
                out.add((*base, "replaces", j), f"unknown amendment {ref!r}")
        for j, ch in enumerate(a.changes):
            cpath = (*base, "changes", j)
            if ch.provision not in provisions:
                out.add((*cpath, "provision"), f"unknown provision {ch.provision!r}")
                continue
            _parse_change(ch, cpath, model, out)
    if out.problems:
        return
    cycle = find_cycle(model.amendments)
    if cycle:
        index = {a.id: i for i, a in enumerate(model.amendments)}
        out.add(
            ("amendments", index[cycle[0]], "replaces"),
            "amendments replace each other in a cycle: " + " -> ".join(cycle),
        )
        return
    _check_amendment_order(model, out)


def _unique(out: _Collector, where: str, ids: list[str], what: str) -> set[str]:
    seen: set[str] = set()
    for i, ident in enumerate(ids):
        if ident in seen:
            out.add((where, i, "id"), f"duplicate {what} id {ident!r}")
        seen.add(ident)
    return seen


def _end(m: Moment) -> Any:
    return m.end_of_day()


def _check_term(term: Any, path: DataPath, parties: set[str], out: _Collector) -> None:
    if term is None:
        return
    for j, n in enumerate(term.notices):
        if n.by not in parties:
            out.add((*path, "notices", j, "by"), f"unknown party {n.by!r}")
    if term.notices and term.renewal == "none":
        out.add((*path, "notices"), "notices only matter for a term that renews")


class _Gaz:
    """The gazetteer, loaded on first use; a load failure is reported once."""

    def __init__(self, gazetteer: GazetteerLike | None) -> None:
        self._g = gazetteer
        self.failed: str | None = None

    def get(self) -> GazetteerLike | None:
        if self._g is None and self.failed is None:
            try:
                self._g = default_gazetteer()
            except Exception as exc:  # the gazetteer is another module's data: report, not crash
                self.failed = f"the gazetteer cannot be loaded: {exc}"
        return self._g


def _resolve_scope(scope: Scope, path: DataPath, gaz: _Gaz, out: _Collector) -> None:
    if not scope.places:
        return
    g = gaz.get()
    for j, sp in enumerate(scope.places):
        if g is None:
            out.add((*path, "places", j), gaz.failed or "no gazetteer")
            return
        try:
            place = resolve(sp.place, g)
        except ValueError as exc:
            out.add((*path, "places", j), str(exc))
            continue
        sp.id, sp.name, sp.lat, sp.lon = place.id, place.name, place.lat, place.lon


def _check_criteria(
    crit: Criteria, path: DataPath, provision: Any, gaz: _Gaz, out: _Collector
) -> None:
    if isinstance(crit.within, Scope):
        _resolve_scope(crit.within, (*path, "within"), gaz, out)
    if crit.window is not None:
        for name, bound in (("from", crit.window.from_), ("to", crit.window.to)):
            if isinstance(bound, str):
                anchor = bound.split()[0].rstrip("+-")
                if anchor == "deadline" and provision.deadline is None:
                    out.add(
                        (*path, "window", name), "window uses 'deadline' but the provision has none"
                    )
                if anchor == "until" and provision.until is None:
                    out.add(
                        (*path, "window", name), "window uses 'until' but the provision has none"
                    )
        lo, hi = crit.window.from_, crit.window.to
        if isinstance(lo, Moment) and isinstance(hi, Moment) and hi.utc <= lo.utc:
            out.add((*path, "window"), "window ends before it starts")


def _parse_change(ch: Any, path: DataPath, model: AgreementFile, out: _Collector) -> None:
    """Turn moment values of a change into stored moments; check texts are text."""
    for which, attr in (("to", "to"), ("from", "from_")):
        raw = getattr(ch, attr)
        if raw is None:
            if which == "to" and ch.field != "until":
                out.add((*path, which), "required: the new value")
            continue
        if ch.field in MOMENT_FIELDS:
            if isinstance(raw, dict) and "utc" in raw:
                continue
            try:
                setattr(ch, attr, parse_moment(raw, model.zone).to_json())
            except ValueError as exc:
                out.add((*path, which), str(exc))
        elif not isinstance(raw, str) or not raw.strip():
            out.add((*path, which), "expected text")


def _check_amendment_order(model: AgreementFile, out: _Collector) -> None:
    """Replacements come later; each change's ``from`` is the value in force before it."""
    by_id = {a.id: a for a in model.amendments}
    index = {a.id: i for i, a in enumerate(model.amendments)}
    for a in model.amendments:
        for j, ref in enumerate(a.replaces):
            if by_id[ref].date.utc > a.date.utc:
                out.add(
                    ("amendments", index[a.id], "replaces", j),
                    f"replaces {ref!r}, which is dated later",
                )
    originals = {
        p.id: {f: getattr(p, f) for f in (*MOMENT_FIELDS, "text")} for p in model.provisions
    }
    done: list[Any] = []

    def state() -> dict[str, dict[str, Any]]:
        replaced = {r for d in done for r in d.replaces}
        cur = {k: dict(v) for k, v in originals.items()}
        for d in done:
            if d.id not in replaced:
                for ch in d.changes:
                    cur[ch.provision][ch.field] = _value(ch.to, ch.field)
        return cur

    for a in ordered(model.amendments):
        before = state()  # ``from`` is what was in force just before this amendment
        for j, ch in enumerate(a.changes):
            if ch.from_ is not None:
                was = before[ch.provision][ch.field]
                if not _same(was, _value(ch.from_, ch.field)):
                    out.add(
                        ("amendments", index[a.id], "changes", j, "from"),
                        f"{ch.field} of {ch.provision} was {_show(was)} at that date, "
                        f"not {_show(_value(ch.from_, ch.field))}",
                    )
        done.append(a)
        after = state()
        for j, ch in enumerate(a.changes):
            new = after[ch.provision]["deadline"]
            if ch.field == "deadline" and new is not None:
                eff = after[ch.provision]["effective"] or model.effective
                if _end(new) <= eff.utc:
                    out.add(
                        ("amendments", index[a.id], "changes", j, "to"),
                        "new deadline is not after the time the provision takes effect",
                    )


def _value(raw: Any, field: str) -> Any:
    if field in MOMENT_FIELDS and isinstance(raw, dict):
        return Moment.from_json(raw)
    return raw


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, Moment) and isinstance(b, Moment):
        return a.utc == b.utc and a.precision == b.precision
    return a == b


def _show(v: Any) -> str:
    if isinstance(v, Moment):
        return v.text or v.display()
    return "unset" if v is None else repr(v)
