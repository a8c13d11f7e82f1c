"""The agreement file format as pydantic models.

The same models read a YAML file (moments as text, places as written) and the body
stored in the database (moments as ``{utc, zone, precision}``, places resolved), so
the status engine works from exactly what was validated. The time zone that applies to
moments without one is passed in the validation context (``{"zone": ...}``).
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationInfo,
    field_validator,
    model_validator,
)

from truce.agreement.timeutil import Duration, Moment, parse_duration, parse_moment, parse_zone
from truce.agreement.vocab import (
    AGREEMENT_KINDS,
    AMENDABLE,
    EVENT_TYPES,
    KINDS,
    PARTY_ROLES,
    THRESHOLDS,
    observation_kinds,
)

FORMAT = "truce-agreement/1"
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


def _moment(value: Any, info: ValidationInfo) -> Moment:
    if isinstance(value, Moment):
        return value
    if isinstance(value, dict) and "utc" in value:
        return Moment.from_json(value)
    zone = (info.context or {}).get("zone")
    return parse_moment(value, zone)


def _duration(value: Any) -> Duration:
    if isinstance(value, Duration):
        return value
    return parse_duration(value)


MomentT = Annotated[
    Moment,
    BeforeValidator(_moment),
    PlainSerializer(lambda m: m.to_json(), return_type=dict),
]
DurationT = Annotated[
    Duration,
    BeforeValidator(_duration),
    PlainSerializer(lambda d: d.text or d.iso(), return_type=str),
]
Ident = Annotated[str, Field(pattern=_ID.pattern)]
Text = Annotated[str, Field(min_length=1)]


def _listify(value: Any) -> Any:
    """A single value where a list is expected becomes a one-item list."""
    return [value] if isinstance(value, str) else value


class Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, arbitrary_types_allowed=True, frozen=False
    )


class Source(Strict):
    """Where a fact comes from: enough to find it again."""

    title: Text
    publisher: str | None = None
    url: str | None = None
    date: str | None = None
    note: str | None = None

    @field_validator("url")
    @classmethod
    def _url(cls, v: str | None) -> str | None:
        if v is not None and not re.match(r"^https?://\S+$", v):
            raise ValueError(f"{v!r} is not an http(s) URL")
        return v


class Party(Strict):
    id: Ident
    name: Text
    side: str | None = None
    role: Literal[PARTY_ROLES] = "party"  # type: ignore[valid-type]


class Signatory(Strict):
    name: Text
    title: str | None = None
    party: Ident


class LatLon(Strict):
    """A point; written ``[lat, lon]``."""

    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)

    @model_validator(mode="before")
    @classmethod
    def _pair(cls, v: Any) -> Any:
        if isinstance(v, list | tuple):
            if len(v) != 2:
                raise ValueError("a point is [lat, lon]")
            return {"lat": v[0], "lon": v[1]}
        return v


class ScopePlace(Strict):
    """A gazetteer place (id such as ``nk:d-aghdam``, or a name), with an optional radius.

    ``id``/``name``/``lat``/``lon``/``ancestors`` are filled in when the place is resolved.
    """

    place: Text
    radius_km: float | None = Field(default=None, gt=0, le=2000)
    id: str | None = None
    name: str | None = None
    lat: float | None = None
    lon: float | None = None

    @model_validator(mode="before")
    @classmethod
    def _bare(cls, v: Any) -> Any:
        return {"place": v} if isinstance(v, str) else v


class Circle(Strict):
    center: LatLon
    radius_km: float = Field(gt=0, le=2000)


class Corridor(Strict):
    """A band ``width_km`` wide along a line (a road corridor)."""

    line: list[LatLon] = Field(min_length=2)
    width_km: float = Field(gt=0, le=200)


class Area(Strict):
    """An area drawn by hand: exactly one of circle, polygon or corridor."""

    name: Text
    circle: Circle | None = None
    polygon: list[LatLon] | None = Field(default=None, min_length=3)
    corridor: Corridor | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _one_shape(self) -> Area:
        shapes = [s for s in (self.circle, self.polygon, self.corridor) if s is not None]
        if len(shapes) != 1:
            raise ValueError("an area needs exactly one of circle, polygon or corridor")
        return self


class Scope(Strict):
    """Where a provision applies; empty means anywhere."""

    places: list[ScopePlace] = Field(default_factory=list)
    areas: list[Area] = Field(default_factory=list)

    def is_empty(self) -> bool:
        return not self.places and not self.areas


_ANCHOR = re.compile(
    r"^(?P<anchor>effective|signed|deadline|until)\s*(?:(?P<sign>[+-])\s*(?P<dur>\S+))?$"
)


class Window(Strict):
    """When evidence counts: anchors (``effective``, ``deadline + P7D``) or moments."""

    from_: str | MomentT | None = Field(default=None, alias="from")
    to: str | MomentT | None = None
    model_config = ConfigDict(populate_by_name=True, extra="forbid", arbitrary_types_allowed=True)

    @field_validator("from_", "to", mode="before")
    @classmethod
    def _bound(cls, v: Any, info: ValidationInfo) -> Any:
        if v is None or isinstance(v, Moment):
            return v
        if isinstance(v, dict) and "utc" in v:
            return Moment.from_json(v)
        if isinstance(v, str) and _ANCHOR.match(v.strip()):
            m = _ANCHOR.match(v.strip())
            assert m is not None
            if m["dur"]:
                parse_duration(m["dur"])
            return v.strip()
        return _moment(v, info)


class Criteria(Strict):
    """What evidence counts: all given tests must pass (types AND places AND window...)."""

    types: list[str] = Field(default_factory=list)
    families: list[str] = Field(default_factory=list)
    what: list[str] = Field(default_factory=list)
    mentions: list[Text] = Field(default_factory=list)
    within: Literal["scope", "anywhere"] | Scope = "scope"
    window: Window | None = None
    min_status: Literal[THRESHOLDS] | None = None  # type: ignore[valid-type]

    @field_validator("types", "families", "what", "mentions", mode="before")
    @classmethod
    def _as_list(cls, v: Any) -> Any:
        return _listify(v)

    @field_validator("types")
    @classmethod
    def _types(cls, v: list[str]) -> list[str]:
        bad = [t for t in v if t not in EVENT_TYPES]
        if bad:
            raise ValueError(f"unknown event type {bad[0]!r} (one of {', '.join(EVENT_TYPES)})")
        return v

    @field_validator("what")
    @classmethod
    def _what(cls, v: list[str]) -> list[str]:
        kinds = observation_kinds()
        bad = [w for w in v if w not in kinds]
        if bad:
            raise ValueError(f"unknown observation kind {bad[0]!r} (see observation_kinds.yaml)")
        return v


class Evidence(Strict):
    """Evidence for a provision being kept (compliance) or broken (violation)."""

    violation: list[Criteria] = Field(default_factory=list)
    compliance: list[Criteria] = Field(default_factory=list)

    @field_validator("violation", "compliance", mode="before")
    @classmethod
    def _as_list(cls, v: Any) -> Any:
        return [] if v is None else ([v] if isinstance(v, dict) else v)


class Notice(Strict):
    """A party's notice that it will not renew (or will end) a term."""

    date: MomentT
    by: Ident
    source: Text


class Term(Strict):
    """How long an obligation lasts and how it renews."""

    start: Literal["effective", "signed"] | MomentT = "effective"
    length: DurationT
    renewal: Literal["none", "automatic"] = "none"
    renewal_length: DurationT | None = None
    notice: DurationT | None = None
    max_renewals: int | None = Field(default=None, ge=0)
    notices: list[Notice] = Field(default_factory=list)

    @model_validator(mode="after")
    def _lengths(self) -> Term:
        for name in ("length", "renewal_length"):
            value = getattr(self, name)
            if value is not None and value.is_zero():
                raise ValueError(f"{name} must be longer than zero")
        if self.notice is not None and self.notice.approx() >= self.length.approx():
            raise ValueError("notice must be shorter than the term")
        return self


class Provision(Strict):
    id: Ident
    point: str | None = None
    kind: Literal[tuple(KINDS)]  # type: ignore[valid-type]
    obligation: Literal["standing", "deliverable"] | None = None
    text: Text
    obligated: list[Ident] = Field(default_factory=list)
    beneficiaries: list[Ident] = Field(default_factory=list)
    effective: MomentT | None = None
    deadline: MomentT | None = None
    until: MomentT | None = None
    term: Term | None = None
    scope: Scope = Field(default_factory=Scope)
    evidence: Evidence | None = None
    notes: str | None = None

    @field_validator("point", mode="before")
    @classmethod
    def _point(cls, v: Any) -> Any:
        return str(v) if isinstance(v, int) else v

    @field_validator("obligated", "beneficiaries", mode="before")
    @classmethod
    def _as_list(cls, v: Any) -> Any:
        return _listify(v)

    @property
    def mode(self) -> str:
        return self.obligation or KINDS[self.kind]


class Change(Strict):
    provision: Ident
    field: Literal[AMENDABLE]  # type: ignore[valid-type]
    from_: Any = Field(default=None, alias="from")
    to: Any
    model_config = ConfigDict(populate_by_name=True, extra="forbid")


class Amendment(Strict):
    """A later change, with its own date and source (e.g. a deadline moved)."""

    id: Ident
    date: MomentT
    source: Source | Text
    agreed_by: list[Ident] = Field(default_factory=list)
    replaces: list[Ident] = Field(default_factory=list)
    changes: list[Change] = Field(min_length=1)
    note: str | None = None

    @field_validator("replaces", "agreed_by", mode="before")
    @classmethod
    def _as_list(cls, v: Any) -> Any:
        return [] if v is None else _listify(v)


class AgreementFile(Strict):
    """One agreement file (``format: truce-agreement/1``)."""

    format: Literal[FORMAT]  # type: ignore[valid-type]
    id: Ident
    title: Text
    short_title: str | None = None
    kind: Literal[AGREEMENT_KINDS] = "ceasefire"  # type: ignore[valid-type]
    timezone: str | None = None
    signed: MomentT | None = None
    effective: MomentT
    due_soon: DurationT | None = None
    parties: list[Party] = Field(min_length=1)
    signatories: list[Signatory] = Field(default_factory=list)
    term: Term | None = None
    provisions: list[Provision] = Field(min_length=1)
    amendments: list[Amendment] = Field(default_factory=list)
    sources: list[Source] = Field(min_length=1)
    notes: str | None = None

    @field_validator("timezone")
    @classmethod
    def _zone(cls, v: str | None) -> str | None:
        if v is not None:
            parse_zone(v)
        return v

    @property
    def zone(self) -> str:
        return self.timezone or self.effective.zone

    def provision(self, key: str) -> Provision | None:
        return next((p for p in self.provisions if p.id == key), None)
