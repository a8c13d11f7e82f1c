"""The ingest run: files in, one transaction per document, a summary out.

A document and everything derived from it (its observations, and the claims that
processors add) are written in one transaction with their audit entries, so a crash
never leaves half a document and running the same ingest again completes the job:
what was stored is recognised by its content hash and reported as a duplicate.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, tzinfo
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import make_transient_to_detached

from truce.errors import InputError, StoreError
from truce.ingest.metadata import Meta, read_sidecar
from truce.ingest.normalise import content_hash
from truce.ingest.observations import (
    as_utc,
    bearing_degrees,
    distance_range,
    observation_kinds,
)
from truce.ingest.readers import ObservationRecord, ParsedDocument, ReadOptions, read_file
from truce.store import Store, WriteTxn
from truce.store.audit import canonical_json
from truce.store.schema import Document, Observation
from truce.store.types import utcnow


class DocumentProcessor(Protocol):
    """Work done on a new document inside its ingest transaction (e.g. claim extraction).

    A processor may also offer ``job(text, published, meta)`` and a picklable
    ``prepare(job)``: the runner then computes ``prepare`` ahead of the write, on worker
    processes when it has them, and passes the result as ``prepared``. Without workers,
    ``prepare_many(jobs)`` (if offered) does a whole batch at once.
    """

    def __call__(
        self, txn: WriteTxn, document: Document, parsed: ParsedDocument, prepared: Any = None
    ) -> None: ...


@dataclass(slots=True)
class IngestOptions:
    meta: Meta = field(default_factory=Meta)  # from command-line options: strongest
    read: ReadOptions = field(default_factory=ReadOptions)
    actor: str = "truce ingest"


@dataclass(slots=True)
class IngestSummary:
    files: int = 0
    stored: int = 0
    duplicates: int = 0
    rejected: int = 0
    observations: int = 0
    observation_duplicates: int = 0
    stored_ids: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.rejected == 0

    def describe(self) -> str:
        parts = [
            f"{self.stored} stored",
            f"{self.duplicates} duplicates",
            f"{self.rejected} rejected",
        ]
        text = f"{self.files} files: " + ", ".join(parts)
        if self.observations or self.observation_duplicates:
            text += (
                f"; {self.observations} observations stored"
                f" ({self.observation_duplicates} already known)"
            )
        return text


@dataclass(frozen=True, slots=True)
class IngestEvent:
    """What happened to one input: ``stored``, ``duplicate`` or ``rejected``."""

    outcome: str
    path: str
    message: str
    document_id: int | None = None


Listener = Callable[[IngestEvent], None]


class Ingestor:
    """Reads inputs and stores them; reports each outcome to a listener."""

    def __init__(
        self,
        store: Store,
        options: IngestOptions | None = None,
        *,
        processors: Sequence[DocumentProcessor] = (),
        listener: Listener | None = None,
        place_resolver: Callable[[str], tuple[str | None, float, float] | None] | None = None,
        workers: Any = None,
        batch: int = 32,
    ) -> None:
        self.store = store
        self.options = options or IngestOptions()
        self.processors = list(processors)
        self.listener = listener or (lambda event: None)
        self.place_resolver = place_resolver
        self.workers = workers  # truce.extract.parallel.Workers, or None: prepare inline
        self.batch = max(1, batch)

    def run(
        self,
        inputs: Iterable[Path | InputError],
        *,
        advance: Callable[[], None] | None = None,
    ) -> IngestSummary:
        """Ingest each input (files from ``iter_inputs``, or the errors it found).

        Files are read a batch at a time so that work a processor can do ahead of the
        write (claim extraction) runs on the worker processes meanwhile; each document is
        still written in its own transaction, in input order.
        """
        summary = IngestSummary()
        pending: list[tuple[ParsedDocument, Meta]] = []
        for item in inputs:
            summary.files += 1
            if isinstance(item, InputError):
                self._reject(summary, item)
            else:
                pending.extend(self._read(item, summary))
            if advance is not None:
                advance()
            if len(pending) >= self.batch:
                self._flush(pending, summary)
                pending = []
        self._flush(pending, summary)
        return summary

    def ingest_file(self, path: Path, summary: IngestSummary) -> None:
        self._flush(self._read(path, summary), summary)

    def _read(self, path: Path, summary: IngestSummary) -> list[tuple[ParsedDocument, Meta]]:
        try:
            result = read_file(path, self.options.read)
            sidecar = read_sidecar(path)
        except InputError as exc:
            self._reject(summary, exc)
            return []
        for error in result.errors:
            self._reject(summary, error)
        return [(p, self.options.meta.over(sidecar.over(p.meta))) for p in result.documents]

    def _flush(self, pending: list[tuple[ParsedDocument, Meta]], summary: IngestSummary) -> None:
        if not pending:
            return
        digests = [content_hash(parsed.text) for parsed, _ in pending]
        known = self._known(digests)  # one query a batch, not one a document
        prepared = self._prepare(pending, digests, known)
        for index, (parsed, meta) in enumerate(pending):
            try:
                self._store(parsed, meta, summary, prepared.get(index, {}), digests[index], known)
            except InputError as exc:
                self._reject(summary, exc)

    def _known(self, digests: list[str]) -> dict[str, int]:
        """Content hashes already stored, with their document ids."""
        with self.store.read() as session:
            rows = session.execute(
                select(Document.content_hash, Document.id).where(
                    Document.content_hash.in_(set(digests))
                )
            )
            return {digest: int(doc_id) for digest, doc_id in rows}

    def _prepare(
        self,
        pending: list[tuple[ParsedDocument, Meta]],
        digests: list[str],
        known: dict[str, int],
    ) -> dict[int, dict[int, Any]]:
        """Results of the processors' ``prepare`` for the new text documents of a batch."""
        preparers = [p for p in self.processors if hasattr(p, "prepare")]
        if not preparers:
            return {}
        wanted = [
            i
            for i, (parsed, _meta) in enumerate(pending)
            if digests[i] not in known and not parsed.observations
        ]
        out: dict[int, dict[int, Any]] = {}
        for processor in preparers:
            jobs = [
                processor.job(  # type: ignore[attr-defined]
                    pending[i][0].text,
                    pending[i][1].published,
                    {"side": pending[i][1].side, "outlet": pending[i][1].outlet},
                )
                for i in wanted
            ]
            if self.workers is not None:
                results = self.workers.imap(processor.prepare, jobs)  # type: ignore[attr-defined]
            elif hasattr(processor, "prepare_many"):
                results = processor.prepare_many(jobs)
            else:
                results = map(processor.prepare, jobs)  # type: ignore[attr-defined]
            for i, result in zip(wanted, results, strict=True):
                out.setdefault(i, {})[id(processor)] = result
        return out

    def _reject(self, summary: IngestSummary, error: InputError) -> None:
        summary.rejected += 1
        self.listener(IngestEvent("rejected", error.path, str(error)))

    def _store(
        self,
        parsed: ParsedDocument,
        meta: Meta,
        summary: IngestSummary,
        prepared: dict[int, Any],
        digest: str,
        known: dict[str, int],
    ) -> None:
        label = f"{parsed.path}: {parsed.where}" if parsed.where else str(parsed.path)
        existing = known.get(digest)
        if existing is not None:
            outcome = IngestEvent(
                "duplicate", label, f"same content as document {existing}", existing
            )
        else:
            try:
                with self.store.write(self.options.actor) as txn:
                    document = self._insert(txn, parsed, meta, digest, summary, prepared)
                outcome = IngestEvent(
                    "stored", label, f"stored as document {document.id}", document.id
                )
                known[digest] = document.id  # the same text again in this batch
            except StoreError as exc:
                if not _duplicate_document(exc):
                    raise
                # the unique content hash: another ingest stored the same text meanwhile
                outcome = IngestEvent("duplicate", label, "same content stored concurrently")
        if outcome.outcome == "stored":
            summary.stored += 1
            if outcome.document_id is not None:
                summary.stored_ids.append(outcome.document_id)
        else:
            summary.duplicates += 1
        self.listener(outcome)

    def _insert(
        self,
        txn: WriteTxn,
        parsed: ParsedDocument,
        meta: Meta,
        digest: str,
        summary: IngestSummary,
        prepared: dict[int, Any],
    ) -> Document:
        values: dict[str, Any] = {
            "content_hash": digest,
            "kind": meta.kind or "article",
            "title": meta.title,
            "outlet": meta.outlet,
            "url": meta.url,
            "published": meta.published,
            "published_from": meta.published_from,
            "side": meta.side,
            "language": meta.language,
            "source_path": str(parsed.path),
            "source_name": parsed.path.name + (f"#{parsed.where}" if parsed.where else ""),
            "media_type": parsed.media_type,
            "encoding": parsed.encoding,
            "text": parsed.text,
            "meta": meta.extra if meta.extra is not None else {},
            "simhash": None,
            "ingested_at": utcnow(),
            "extracted_at": None,
            "extractor_version": None,
        }
        # a Core insert, then the row as a persistent object for the processors: the ORM's
        # unit of work would cost more than everything else done for the document
        result = txn.session.connection().execute(insert(Document.__table__), values)
        document = Document(id=result.inserted_primary_key[0], **values)
        make_transient_to_detached(document)
        txn.session.add(document)
        stored_rows = self._insert_observations(txn, document, parsed.observations, summary)
        txn.audit.append(
            "document.ingest",
            "document",
            document.id,
            {
                "content_hash": digest,
                "kind": document.kind,
                "title": document.title,
                "outlet": document.outlet,
                "url": document.url,
                "published": document.published,
                "side": document.side,
                "source": document.source_name,
                "observations": stored_rows,
            },
        )
        for processor in self.processors:
            processor(txn, document, parsed, prepared.get(id(processor)))
        return document

    def _insert_observations(
        self,
        txn: WriteTxn,
        document: Document,
        records: list[ObservationRecord],
        summary: IngestSummary,
    ) -> list[str]:
        """Store the rows not seen before; return their hashes for the audit entry."""
        hashes: list[str] = []
        zone: tzinfo = self.options.read.timezone or UTC
        kinds = observation_kinds()
        for number, record in enumerate(records, 1):
            data = record.data
            row_hash = hashlib.sha256(
                canonical_json(data.model_dump(mode="json", exclude_none=True)).encode()
            ).hexdigest()
            if txn.session.scalar(
                select(Observation.id).where(Observation.content_hash == row_hash)
            ):
                summary.observation_duplicates += 1
                continue
            lat, lon, place_id = data.lat, data.lon, None
            if data.place and self.place_resolver is not None:
                resolved = self.place_resolver(data.place)
                if resolved is not None:
                    place_id = resolved[0]
                    if lat is None:
                        lat, lon = resolved[1], resolved[2]
            low, high = distance_range(data.distance_km)
            start = as_utc(data.time or data.time_start, zone)
            end = (
                as_utc(data.time_end, zone, end=True)
                if data.time_end
                else (as_utc(data.time, zone, end=True) if data.time is not None else start)
            )
            extra = data.model_extra or {}
            txn.session.add(
                Observation(
                    document_id=document.id,
                    row=number,
                    content_hash=row_hash,
                    external_id=data.id,
                    source_kind="sensor" if data.device and not data.reporter else "observer",
                    reporter=data.reporter or data.device,
                    time_start=start,
                    time_end=end,
                    place_name=data.place,
                    place_id=place_id,
                    lat=lat,
                    lon=lon,
                    what=data.what,
                    event_type=kinds[data.what]["type"],
                    count=data.count,
                    mode=data.mode,
                    distance_min_km=low,
                    distance_max_km=high,
                    bearing_deg=bearing_degrees(data.bearing),
                    direction=data.direction if isinstance(data.direction, str) else None,
                    killed=data.killed,
                    wounded=data.wounded,
                    result=data.result,
                    confidence=data.confidence,
                    notes=data.notes,
                    raw={"where": record.where, **{k: str(v) for k, v in extra.items()}},
                )
            )
            hashes.append(row_hash)
            summary.observations += 1
        return hashes


def _duplicate_document(exc: StoreError) -> bool:
    """The write failed on the unique content hash of documents (SQLite names the
    column ``documents.content_hash``, PostgreSQL the constraint)."""
    cause = exc.__cause__
    if not isinstance(cause, IntegrityError):
        return False
    message = str(cause.orig)
    return "documents.content_hash" in message or "uq_documents_content_hash" in message
