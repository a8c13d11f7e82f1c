"""A small store whose report is known by heart (built row by row, no extraction)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from truce.store import Store
from truce.store.schema import (
    Claim,
    Document,
    Incident,
    IncidentFigure,
    IncidentMember,
    Observation,
)

DAY = date(2020, 11, 17)
BEFORE = date(2020, 11, 16)
NOW = datetime(2020, 11, 18, tzinfo=UTC)
HOSTILE = '<script>alert("x")</script> "dq" \'sq\' & <b>bold</b> | *star* [x](javascript:alert(1))'
HOSTILE_URL = "javascript:alert(1)"


def _doc(i: int, **kw: Any) -> Document:
    return Document(
        id=i, content_hash=f"h{i}", text=kw.pop("text", "text"), ingested_at=NOW,
        published=kw.pop("published", DAY), **kw,
    )  # fmt: skip


def _claim(i: int, doc: int, **kw: Any) -> Claim:
    return Claim(id=i, document_id=doc, seq=i, span_start=0, span_end=4, **kw)


def _incident(i: int, **kw: Any) -> Incident:
    kw.setdefault("family", "force")
    kw.setdefault("date_start", DAY)
    kw.setdefault("date_end", kw["date_start"])
    kw.setdefault("date_precision", "day")
    return Incident(id=i, created_at=NOW, updated_at=NOW, **kw)


def _member(i: int, incident: int, role: str = "support", **kw: Any) -> IncidentMember:
    return IncidentMember(id=i, incident_id=incident, role=role, added_at=NOW, **kw)


def _fig(incident: int, kind: str, source: str, lo: int, best: int, hi: int, **kw: Any):  # type: ignore[no-untyped-def]
    return IncidentFigure(incident_id=incident, kind=kind, source=source, low=lo, best=best,
                          high=hi, claims=kw.pop("claims", 1), **kw)  # fmt: skip


def build(store: Store) -> None:
    """Six incidents: see tests/report/test_model.py for what the report must say."""
    with store.write("test") as txn:
        s = txn.session
        s.add_all([
            _doc(1, outlet="Defense Army", side="artsakh", url="https://example.org/da/1",
                 title="Statement of the Defense Army"),
            _doc(2, outlet="Ministry of Defence", side="azerbaijan",
                 url="https://example.org/mod/2", title="Information"),
            _doc(3, outlet=HOSTILE, url=HOSTILE_URL, title=HOSTILE, text=HOSTILE),
            _doc(4, kind="observations", outlet="Field team", side="osce",
                 url="https://example.org/obs/4", title="Patrol report"),
        ])  # fmt: skip
        s.flush()
        s.add_all([
            _claim(1, 1, quote="Mortar fire hit Taghavard: one killed, two wounded.",
                   type="ASSAULT", polarity="assert", speaker_name="The Defense Army",
                   speaker_side="artsakh", date_start=DAY, date_end=DAY),
            _claim(2, 2, quote="No fire was opened on that night.", type="ASSAULT",
                   polarity="deny", speaker_name="Ministry of Defence",
                   speaker_side="azerbaijan", date_start=DAY, date_end=DAY),
            _claim(3, 3, quote=HOSTILE, type="CASUALTIES", polarity="assert",
                   speaker_name=HOSTILE, date_start=DAY, date_end=DAY),
            _claim(4, 1, quote="Shots near Khramort.", type="ASSAULT", polarity="assert",
                   speaker_name="The Defense Army", speaker_side="artsakh",
                   date_start=BEFORE, date_end=BEFORE),
        ])  # fmt: skip
        s.add(
            Observation(
                id=1, document_id=4, row=1, content_hash="o1", reporter="FMT-2",
                time_start=datetime(2020, 11, 17, 16, 0, tzinfo=UTC),
                time_end=datetime(2020, 11, 17, 16, 30, tzinfo=UTC), what="explosion",
                event_type="ASSAULT", result="observed", notes="Seven explosions heard.",
            )
        )  # fmt: skip
        s.flush()
        s.add_all([
            _incident(1, type="ASSAULT", status="disputed", place_id="nk:taghavard",
                      place_name="Taghavard", area="Khojavend District", lat=39.668,
                      lon=46.920, geo_precision=1, claim_count=2, source_count=1,
                      sides=",artsakh,azerbaijan,",
                      summary="ASSAULT at Taghavard: asserted by artsakh; denied by azerbaijan",
                      extra={"asserted_by": ["armenia / artsakh"], "denied_by": ["azerbaijan"],
                             "observed_by": [], "status_reason": "asserted by armenia / "
                             "artsakh, denied by azerbaijan"}),
            _incident(2, type="CASUALTIES", status="verified", place_name=HOSTILE,
                      area=HOSTILE, lat=39.8, lon=46.75, geo_precision=2, claim_count=1,
                      source_count=2, summary=HOSTILE,
                      extra={"asserted_by": [HOSTILE], "observed_by": ["FMT-2"],
                             "status_reason": "observed by FMT-2"}),
            _incident(3, type="ASSAULT", status="refuted", place_id="nk:shosh",
                      place_name="Shosh", area="Khojavend District", lat=39.79, lon=46.72,
                      extra={"status_reason": "FMT-2 found no evidence"}),
            _incident(4, type="ASSAULT", status="single-source", area="Khojavend District",
                      date_start=BEFORE, claim_count=1, source_count=1,
                      extra={"asserted_by": ["armenia / artsakh"]}),
            _incident(5, type="ASSAULT", status="single-source", aggregate=True,
                      date_end=date(2020, 11, 30)),
            _incident(6, type="ASSAULT", status="corroborated", merged_into=1),
        ])  # fmt: skip
        s.flush()
        s.add_all([
            _member(1, 1, claim_id=1, document_id=1),
            _member(2, 1, "deny", claim_id=2, document_id=2),
            _member(3, 2, claim_id=3, document_id=3),
            _member(4, 2, observation_id=1, document_id=4),
            _member(5, 4, claim_id=4, document_id=1),
        ])  # fmt: skip
        s.add_all([
            _fig(1, "killed", "armenia / artsakh", 1, 1, 1, side="artsakh"),
            _fig(1, "wounded", "armenia / artsakh", 2, 2, 2, side="artsakh"),
            _fig(1, "killed", "*", 1, 1, 1),
            _fig(1, "wounded", "*", 2, 2, 2),
            _fig(2, "killed", HOSTILE, 3, 4, 5),
            _fig(2, "killed", "FMT-2", 2, 2, 2, side="osce"),
            _fig(2, "killed", "*", 2, 2, 5, claims=2),
            _fig(3, "killed", "*", 10, 10, 10),
            _fig(4, "killed", "*", 7, 7, 7),
            _fig(5, "killed", "*", 100, 100, 100),
        ])  # fmt: skip
