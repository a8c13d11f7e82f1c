"""Report contents against a small store known by heart (tests/report/known.py)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.report import known
from truce.report import Period, build_report
from truce.report.model import safe_url
from truce.store import Store


@pytest.fixture
def report(store: Store):  # type: ignore[no-untyped-def]
    known.build(store)
    return build_report(store, Period.daily(known.DAY), refresh=False)


def test_counts_and_changes(report) -> None:  # type: ignore[no-untyped-def]
    # counted: incidents 1 (disputed) and 2 (verified); 3 is refuted, 5 an aggregate, 6 merged
    assert (report.total.now, report.total.before, report.total.delta) == (2, 1, 1)
    assert report.by_status == {"disputed": 1, "verified": 1, "refuted": 1}
    by_type = {c.label: (c.now, c.before) for c in report.by_type}
    assert by_type == {"attacks and fire (ASSAULT)": (1, 1), "casualties (CASUALTIES)": (1, 0)}
    areas = {c.label: (c.now, c.before) for c in report.by_area}
    assert areas["Martuni / Khojavend district"] == (1, 1)  # both names from the gazetteer
    assert (report.denials.now, report.denials.before) == (1, 0)
    assert [i.id for i in report.incidents] == [2, 1, 3]  # verified, disputed, refuted
    assert report.incidents_total == 3
    assert "2 incidents recorded (+1 against the previous day: 1)" in report.summary[0]
    assert "1 more refuted" in report.summary[0]


def test_figures_totals_leave_out_refuted_aggregates_and_merged(report) -> None:  # type: ignore[no-untyped-def]
    totals = {t.kind: t for t in report.totals}
    killed = totals["killed"]
    # incident 1: 1/1/1, incident 2: 2/2/5; refuted 3 (10), aggregate 5 (100) not counted
    assert (killed.low, killed.best, killed.high, killed.incidents) == (3, 3, 6, 2)
    assert (killed.before_low, killed.before_best, killed.before_high) == (7, 7, 7)
    assert (totals["wounded"].low, totals["wounded"].incidents) == (2, 1)
    assert any(
        line.startswith("Killed: 3\u20136 (best 3) over 2 incidents") for line in report.summary
    )


def test_attribution(report) -> None:  # type: ignore[no-untyped-def]
    inc = {i.id: i for i in report.incidents}
    one = inc[1]
    assert one.place == "Taghavard / Taghaverd"
    assert [(a.who, a.side, a.claims) for a in one.support] == [
        ("The Defense Army", "artsakh", [1])
    ]
    assert [(a.who, a.side, a.claims) for a in one.against] == [
        ("Ministry of Defence", "azerbaijan", [2])
    ]
    assert one.support[0].documents[0].url == "https://example.org/da/1"
    sources = {(f.source, f.kind): f.range_text for f in one.figures}
    assert sources[("armenia / artsakh", "killed")] == "1"
    assert sources[("*", "wounded")] == "2"
    two = inc[2]
    assert any(a.kind == "observer" and a.observations == [1] for a in two.support)
    assert two.when == "2020-11-17 16:00\u201316:30"  # observation times, in the report's zone
    killed = {f.source: f.range_text for f in two.figures if f.kind == "killed"}
    assert killed["FMT-2"] == "2" and killed["*"] == "2\u20135 (best 2)"
    # the hostile document's URL is not a link
    assert all(d.url is None for a in two.support for d in a.documents if d.id == 3)


def test_disputes_side_by_side(report) -> None:  # type: ignore[no-untyped-def]
    assert [d.incident_id for d in report.disputes] == [1]
    d = report.disputes[0]
    assert [(s.who, s.claim_id, s.document.id) for s in d.asserted] == [("The Defense Army", 1, 1)]
    assert [(s.who, s.claim_id, s.document.id) for s in d.denied] == [("Ministry of Defence", 2, 2)]
    assert d.denied[0].text == "No fire was opened on that night."


def test_period_report_compares_with_the_days_before(store: Store) -> None:
    known.build(store)
    r = build_report(store, Period("period", known.BEFORE, known.DAY), refresh=False)
    assert (r.total.now, r.total.before) == (3, 0)
    assert r.previous.start == date(2020, 11, 14) and r.previous.end == date(2020, 11, 15)
    assert r.agreements_note and "no agreement" in r.agreements_note


def test_time_zone_is_stated_and_applied(store: Store) -> None:
    known.build(store)
    r = build_report(store, Period.daily(known.DAY), refresh=False, tz="Asia/Baku")
    assert r.tz_label == "Asia/Baku (UTC+04:00)"
    assert {i.id: i.when for i in r.incidents}[2] == "2020-11-17 20:00\u201320:30"


def test_empty_store(store: Store) -> None:
    r = build_report(store, Period.daily(known.DAY), refresh=False)
    assert r.total.now == 0 and r.incidents == [] and r.disputes == []
    assert r.tz == "UTC"


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.org/a?b=1", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        ("data:text/html,<script>", False),
        ('https://example.org/"onmouseover=alert(1)', False),
        ("//example.org", False),
        (None, False),
    ],
)
def test_safe_url(url: str | None, ok: bool) -> None:
    assert (safe_url(url) is not None) is ok
