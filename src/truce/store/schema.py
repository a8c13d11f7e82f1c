"""The tables of the truce store.

One schema for SQLite and PostgreSQL, versioned by Alembic (``store/migrations``).
Provenance is structural: a claim belongs to a document and a span, a figure to a
claim, an incident lists its member claims and observations, an evidence link ties
an incident to an agreement provision. Every write also appends to ``audit_log``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from truce.store.types import JSONType, UTCDateTime

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dict[str, Any]: JSONType,
        list[Any]: JSONType,
        datetime: UTCDateTime,
    }


class StoreInfo(Base):
    """Key/value facts about the store itself (e.g. the audit chain's genesis)."""

    __tablename__ = "store_info"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Document(Base):
    """One ingested report: article, statement, observer/sensor report or hotline message."""

    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(24), default="article")
    title: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String(200), index=True)
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date, index=True)
    published_from: Mapped[str | None] = mapped_column(String(16))
    side: Mapped[str | None] = mapped_column(String(32), index=True)
    language: Mapped[str | None] = mapped_column(String(16))
    source_path: Mapped[str | None] = mapped_column(Text)
    source_name: Mapped[str | None] = mapped_column(String(255))
    media_type: Mapped[str | None] = mapped_column(String(64))
    encoding: Mapped[str | None] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    meta: Mapped[dict[str, Any]] = mapped_column(default=dict)
    simhash: Mapped[int | None] = mapped_column(BigInteger)
    ingested_at: Mapped[datetime]
    extracted_at: Mapped[datetime | None]
    extractor_version: Mapped[str | None] = mapped_column(String(32))


class Observation(Base):
    """One structured observation (observer patrol, camera or sensor detection)."""

    __tablename__ = "observations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    row: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    external_id: Mapped[str | None] = mapped_column(String(128))
    source_kind: Mapped[str] = mapped_column(String(16), default="observer")
    reporter: Mapped[str | None] = mapped_column(String(128))
    time_start: Mapped[datetime | None] = mapped_column(index=True)
    time_end: Mapped[datetime | None]
    place_name: Mapped[str | None] = mapped_column(Text)
    place_id: Mapped[str | None] = mapped_column(String(64))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    what: Mapped[str] = mapped_column(String(32))
    event_type: Mapped[str | None] = mapped_column(String(16))
    count: Mapped[int | None] = mapped_column(Integer)
    mode: Mapped[str | None] = mapped_column(String(16))
    distance_min_km: Mapped[float | None] = mapped_column(Float)
    distance_max_km: Mapped[float | None] = mapped_column(Float)
    bearing_deg: Mapped[float | None] = mapped_column(Float)
    direction: Mapped[str | None] = mapped_column(String(8))
    killed: Mapped[int | None] = mapped_column(Integer)
    wounded: Mapped[int | None] = mapped_column(Integer)
    result: Mapped[str] = mapped_column(String(16), default="observed")
    confidence: Mapped[float | None] = mapped_column(Float)
    notes: Mapped[str | None] = mapped_column(Text)
    raw: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Place(Base):
    """A gazetteer place referenced by the store, kept with all its names."""

    __tablename__ = "places"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str | None] = mapped_column(String(24))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    country: Mapped[str | None] = mapped_column(String(8))
    parent_id: Mapped[str | None] = mapped_column(String(64))
    names: Mapped[list[Any]] = mapped_column(default=list)


class Actor(Base):
    """A person, body or force that speaks or acts, with its side."""

    __tablename__ = "actors"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str | None] = mapped_column(String(24))
    side: Mapped[str | None] = mapped_column(String(32))
    names: Mapped[list[Any]] = mapped_column(default=list)


class Claim(Base):
    """A source-attributed statement that an event happened (or did not)."""

    __tablename__ = "claims"
    __table_args__ = (UniqueConstraint("document_id", "seq"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int] = mapped_column(Integer)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    quote: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(16), index=True)
    plover: Mapped[str | None] = mapped_column(String(32))
    plover_mode: Mapped[str | None] = mapped_column(String(32))
    polarity: Mapped[str] = mapped_column(String(8), default="assert")
    speaker_name: Mapped[str | None] = mapped_column(Text)
    speaker_actor_id: Mapped[str | None] = mapped_column(String(64))
    speaker_side: Mapped[str | None] = mapped_column(String(32), index=True)
    date_start: Mapped[date | None] = mapped_column(Date, index=True)
    date_end: Mapped[date | None] = mapped_column(Date)
    date_precision: Mapped[str | None] = mapped_column(String(8))
    date_text: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[float | None] = mapped_column(Float)
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)


class ClaimPlace(Base):
    """A place a claim happened at or concerns, as written and as resolved."""

    __tablename__ = "claim_places"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    place_id: Mapped[str | None] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(Text)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    kind: Mapped[str | None] = mapped_column(String(24))
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)


class Figure(Base):
    """A count stated in a claim: killed, wounded, missing, displaced, personnel, equipment."""

    __tablename__ = "figures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    value: Mapped[int | None] = mapped_column(BigInteger)
    low: Mapped[int | None] = mapped_column(BigInteger)
    high: Mapped[int | None] = mapped_column(BigInteger)
    text: Mapped[str | None] = mapped_column(Text)


class Incident(Base):
    """Claims and observations about one event, with a corroboration status."""

    __tablename__ = "incidents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str | None] = mapped_column(String(64), index=True)
    family: Mapped[str] = mapped_column(String(16), index=True)
    type: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), index=True)
    status_locked: Mapped[bool] = mapped_column(Boolean, default=False)
    place_id: Mapped[str | None] = mapped_column(String(64), index=True)
    place_name: Mapped[str | None] = mapped_column(Text)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[int | None] = mapped_column(Integer)
    date_start: Mapped[date | None] = mapped_column(Date, index=True)
    date_end: Mapped[date | None] = mapped_column(Date)
    claim_count: Mapped[int] = mapped_column(Integer, default=0)
    source_count: Mapped[int] = mapped_column(Integer, default=0)
    summary: Mapped[str | None] = mapped_column(Text)
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    # issue 4 (migration 0002): where it rolls up, who speaks about it, how precise it is
    merged_into: Mapped[int | None] = mapped_column(Integer, index=True)
    area: Mapped[str | None] = mapped_column(String(200), index=True)
    sides: Mapped[str | None] = mapped_column(Text)
    date_precision: Mapped[str | None] = mapped_column(String(8))
    aggregate: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class IncidentMember(Base):
    """A claim or an observation attached to an incident, with why it joined.

    The grouping features (family, tier, time window, point and radius, place ids) and
    state (unit, anchor, cluster) are kept here so that new claims join existing
    incidents without recomputing everything; ``incident_id`` is NULL only for negative
    observations that no claim matches yet (role ``pending``).
    """

    __tablename__ = "incident_members"
    __table_args__ = (
        Index("ix_incident_members_window", "family", "tier", "cell", "t0"),
        Index("ix_incident_members_district", "family", "tier", "district_id", "t0"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int | None] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    claim_id: Mapped[int | None] = mapped_column(
        ForeignKey("claims.id", ondelete="CASCADE"), unique=True
    )
    observation_id: Mapped[int | None] = mapped_column(
        ForeignKey("observations.id", ondelete="CASCADE"), unique=True
    )
    role: Mapped[str] = mapped_column(String(16), default="support")
    reason: Mapped[dict[str, Any]] = mapped_column(default=dict)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    added_at: Mapped[datetime]
    # issue 4 (migration 0002): grouping features and state, see truce.correlate
    item_key: Mapped[str | None] = mapped_column(String(64))
    document_id: Mapped[int | None] = mapped_column(Integer)
    family: Mapped[str | None] = mapped_column(String(16))
    tier: Mapped[str | None] = mapped_column(String(1))
    t0: Mapped[float | None] = mapped_column(Float)
    t1: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    radius_km: Mapped[float | None] = mapped_column(Float)
    cell: Mapped[int | None] = mapped_column(Integer)
    place_id: Mapped[str | None] = mapped_column(String(64))
    district_id: Mapped[str | None] = mapped_column(String(64))
    area_level: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    fig_kind: Mapped[str | None] = mapped_column(String(16))
    fig_value: Mapped[int | None] = mapped_column(BigInteger)
    unit: Mapped[int | None] = mapped_column(BigInteger, index=True)
    anchor: Mapped[int | None] = mapped_column(BigInteger, index=True)
    cluster: Mapped[int | None] = mapped_column(BigInteger)


class IncidentDecision(Base):
    """An analyst's manual decision (merge, split, status, pin) that re-grouping honours."""

    __tablename__ = "incident_decisions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    reason: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime]
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class IncidentStatusChange(Base):
    """Every status an incident has had, when and why."""

    __tablename__ = "incident_status_history"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(16))
    previous: Mapped[str | None] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime]


class IncidentFigure(Base):
    """One source's figure of one kind for an incident, or (``source`` = ``*``) the total.

    Figures are compared across sources, never added within an incident: the total row
    holds the conservative (``low``), ``best`` and ``high`` values (see docs/incidents.md).
    """

    __tablename__ = "incident_figures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(200))
    side: Mapped[str | None] = mapped_column(String(32))
    polarity: Mapped[str] = mapped_column(String(8), default="assert")
    low: Mapped[int | None] = mapped_column(BigInteger)
    best: Mapped[int | None] = mapped_column(BigInteger)
    high: Mapped[int | None] = mapped_column(BigInteger)
    claims: Mapped[int] = mapped_column(Integer, default=0)


class DocumentCopy(Base):
    """A document's fingerprint and the cluster of near-verbatim copies it belongs to.

    ``copy_of`` is the representative of the document's cluster (the earliest published;
    itself when no other document copies it): the claims of a wire story and of all its
    copies count as one source when incidents are corroborated. ``sketch`` holds the
    smallest shingle hashes of the text (see truce.correlate.wire).
    """

    __tablename__ = "document_copies"
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    copy_of: Mapped[int] = mapped_column(Integer, index=True)
    similarity: Mapped[float] = mapped_column(Float)
    size: Mapped[int] = mapped_column(Integer, default=0)
    sketch: Mapped[bytes | None] = mapped_column(LargeBinary)


class DocumentHead(Base):
    """One of the smallest hashes of a dated document's sketch (truce.correlate.wire),
    indexed by hash: a new document finds the documents that may be copies of it by
    looking up its own hashes, instead of reading every sketch published around it."""

    __tablename__ = "document_heads"
    # covers the lookups: documents per hash and day around a new one, without the rows
    __table_args__ = (Index("ix_document_heads_hash_day", "hash", "day", "document_id"),)
    hash: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[int] = mapped_column(Integer)  # publication day, days since 1970-01-01


class Agreement(Base):
    """A ceasefire or peace agreement loaded from its YAML file."""

    __tablename__ = "agreements"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    source_path: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    signed_at: Mapped[datetime | None]
    effective_at: Mapped[datetime | None]
    body: Mapped[dict[str, Any]] = mapped_column(default=dict)
    loaded_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class AgreementVersion(Base):
    """Every version of an agreement file that was loaded: a reload of a changed file adds one."""

    __tablename__ = "agreement_versions"
    __table_args__ = (UniqueConstraint("agreement_id", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agreement_id: Mapped[str] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    source_path: Mapped[str | None] = mapped_column(Text)
    body: Mapped[dict[str, Any]] = mapped_column(default=dict)
    summary: Mapped[dict[str, Any]] = mapped_column(default=dict)
    actor: Mapped[str] = mapped_column(String(200))
    loaded_at: Mapped[datetime]


class Provision(Base):
    """One obligation of an agreement: who must do what, where, by when."""

    __tablename__ = "provisions"
    __table_args__ = (UniqueConstraint("agreement_id", "key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agreement_id: Mapped[str] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    obligated: Mapped[list[Any]] = mapped_column(default=list)
    beneficiaries: Mapped[list[Any]] = mapped_column(default=list)
    deadline_at: Mapped[datetime | None]
    scope: Mapped[dict[str, Any]] = mapped_column(default=dict)
    evidence: Mapped[dict[str, Any]] = mapped_column(default=dict)
    body: Mapped[dict[str, Any]] = mapped_column(default=dict)
    effective_at: Mapped[datetime | None]
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class EvidenceLink(Base):
    """Evidence (an incident, claim or observation) for or against a provision."""

    __tablename__ = "evidence_links"
    __table_args__ = (Index("ix_evidence_links_provision_incident", "provision_id", "incident_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    provision_id: Mapped[int] = mapped_column(ForeignKey("provisions.id", ondelete="CASCADE"))
    incident_id: Mapped[int | None] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"))
    observation_id: Mapped[int | None] = mapped_column(
        ForeignKey("observations.id", ondelete="CASCADE")
    )
    relation: Mapped[str] = mapped_column(String(16))
    origin: Mapped[str] = mapped_column(String(8), default="auto")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    reason: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str | None] = mapped_column(String(200))
    at: Mapped[datetime]


class AuditEntry(Base):
    """One link of the hash chain: what changed, who or what changed it, and when.

    ``hash = sha256(prev_hash + canonical_json(seq, at, actor, action, entity, entity_id,
    payload))``; ``at`` and ``payload`` are stored as the exact strings that were hashed
    so that verification does not depend on how a database round-trips types.
    """

    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The chain's current end; locked by each writing transaction to serialise appends."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))
