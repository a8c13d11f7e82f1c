"""Readers: text, HTML, structured reports; metadata and its precedence."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from truce.errors import InputError
from truce.ingest.metadata import Meta, read_sidecar
from truce.ingest.readers import ReadOptions, read_file
from truce.ingest.textdate import find_header_date

OPTIONS = ReadOptions()

HTML = """<!doctype html><html lang="en"><head>
<title>Shelling reported near Martuni | Example Wire</title>
<meta property="og:title" content="Shelling reported near Martuni">
<meta property="og:url" content="https://wire.example/news/123">
<meta property="og:site_name" content="Example Wire">
<meta property="article:published_time" content="2020-11-18T09:30:00+04:00">
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/login">Log in</a></nav>
<article><h1>Shelling reported near Martuni</h1>
<p>The defence ministry said on Tuesday that shells fell near the village overnight,
wounding two civilians, and blamed the other side for breaking the ceasefire.</p>
<p>The other side denied the report, saying no shelling took place and that its units
had observed the ceasefire since it entered into force at midnight.</p>
<p>Observers could not immediately confirm either account.</p></article>
<footer>Copyright 2020 Example Wire. All rights reserved. Privacy policy. Cookies.</footer>
</body></html>"""


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("RFE/RL Report – 11/04/2020\n\n   Wednesday, November 4, 2020\nBody", date(2020, 11, 4)),
        (" October 30, 2020\n\nThe heaviest fighting", date(2020, 10, 30)),
        ("Talks on Nov. 17, 2020. Official photo\n", date(2020, 11, 17)),
        ("BAKU, 4 November 2020 — statement", date(2020, 11, 4)),
        ("Posted 2020-11-04 10:00 by staff", date(2020, 11, 4)),
        ("04.11.2020 Press release", date(2020, 11, 4)),
        ("13/11/2020 Press release", date(2020, 11, 13)),
        ("Headline\nno date at all\nIn 1994 a ceasefire was signed", None),
        ("\n".join(["line"] * 10) + "\nOctober 30, 2020", None),  # too far down
    ],
)
def test_header_date(header: str, expected: date | None) -> None:
    assert find_header_date(header) == expected


def test_header_date_day_first_option() -> None:
    assert find_header_date("11/04/2020", day_first=True) == date(2020, 4, 11)


def test_text_file_title_skips_dateline(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(" October 30, 2020\n\nRussia open to handover of districts\n\nBody text.")
    (doc,) = read_file(path, OPTIONS).documents
    assert doc.meta.title == "Russia open to handover of districts"
    assert doc.meta.published == date(2020, 10, 30) and doc.meta.published_from == "text"


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    (doc,) = read_file(path, OPTIONS).documents
    assert doc.meta.title == "Shelling reported near Martuni"
    assert doc.meta.outlet == "Example Wire"
    assert doc.meta.url == "https://wire.example/news/123"
    assert doc.meta.published == date(2020, 11, 18)
    assert "denied the report" in doc.text
    assert "Log in" not in doc.text and "Cookies" not in doc.text


def test_html_without_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>x</title></head><body><nav>Home</nav></body></html>")
    with pytest.raises(InputError) as info:
        read_file(path, OPTIONS)
    assert "no main text" in str(info.value)


def test_sidecar_metadata(tmp_path: Path) -> None:
    path = tmp_path / "statement.txt"
    path.write_text("The ministry states that the ceasefire holds.")
    (tmp_path / "statement.meta.json").write_text(
        json.dumps({"outlet": "MoD", "side": "Azerbaijan", "published": "2020-11-20", "desk": "x"})
    )
    meta = read_sidecar(path)
    assert (meta.outlet, meta.side, meta.published) == ("MoD", "azerbaijan", date(2020, 11, 20))
    assert meta.published_from == "sidecar" and meta.extra == {"desk": "x"}


def test_bad_sidecar_names_the_sidecar(tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    path.write_text("text")
    (tmp_path / "s.txt.meta.json").write_text("{not json")
    with pytest.raises(InputError) as info:
        read_sidecar(path)
    assert "s.txt.meta.json" in str(info.value)


def test_meta_precedence_options_over_sidecar_over_file() -> None:
    option = Meta(outlet="Option outlet")
    sidecar = Meta(outlet="Sidecar outlet", side="osce", published=date(2020, 11, 2))
    file_meta = Meta(outlet="File outlet", side="media", title="File title")
    merged = option.over(sidecar.over(file_meta))
    assert merged.outlet == "Option outlet"
    assert merged.side == "osce"
    assert merged.title == "File title"
    assert merged.published == date(2020, 11, 2)


def test_csv_observations_good_rows_kept_bad_rows_named(tmp_path: Path) -> None:
    path = tmp_path / "obs.csv"
    path.write_text(
        "time,place,what,count,mode,distance_km,bearing,reporter\n"
        "2020-11-14T23:40:00+04:00,Shushi,explosion,3,heard,1-4.5,SSE,P1\n"
        "not a time,Shushi,explosion,3,heard,,,P1\n"
        "2020-11-15,Martuni,boom,,,,,P1\n"
        "2020-11-15,Martuni,small arms fire,12,heard,2,N,P1,extra\n"
        "2020-11-15,Martuni,small arms fire,12,heard,2,270,P1\n"
    )
    result = read_file(path, OPTIONS)
    (doc,) = result.documents
    assert [o.where for o in doc.observations] == ["line 2", "line 6"]
    first = doc.observations[0].data
    assert first.time == datetime(2020, 11, 14, 19, 40, tzinfo=UTC)
    assert first.what == "explosion" and first.count == 3 and first.bearing == "SSE"
    errors = {e.where: e.reason for e in result.errors}
    assert set(errors) == {"line 3", "line 4", "line 5"}
    assert "ISO 8601" in errors["line 3"]
    assert "unknown kind 'boom'" in errors["line 4"]
    assert "9 cells" in errors["line 5"]


def test_json_report_with_meta_and_records(tmp_path: Path) -> None:
    path = tmp_path / "patrol.json"
    path.write_text(
        json.dumps(
            {
                "report": {
                    "title": "Patrol 7",
                    "outlet": "Mission",
                    "published": "2020-11-17",
                    "side": "osce",
                },
                "observations": [
                    {
                        "time_start": "2020-11-16T19:00:00+04:00",
                        "time_end": "2020-11-16T21:00:00+04:00",
                        "place": "Shosh",
                        "what": "heavy_machine_gun_fire",
                        "result": "none_found",
                    },
                    {
                        "time": "2020-11-16",
                        "lat": 39.7,
                        "lon": 46.9,
                        "what": "explosion",
                        "count": 2,
                    },
                    "not an object",
                    {"time": "2020-11-16", "what": "explosion", "lat": 39.7},
                ],
            }
        )
    )
    result = read_file(path, OPTIONS)
    (doc,) = result.documents
    assert (
        doc.meta.title == "Patrol 7" and doc.meta.side == "osce" and doc.meta.kind == "observations"
    )
    assert len(doc.observations) == 2
    assert doc.observations[0].data.result == "none_found"
    assert [e.where for e in result.errors] == ["record 3", "record 4"]


def test_jsonl_articles_and_observations(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(
        json.dumps(
            {
                "text": "Shelling was reported near Martuni.",
                "outlet": "Feed",
                "published": "2020-11-20",
            }
        )
        + "\n{broken\n"
        + json.dumps(
            {
                "time": "2020-11-20T01:00:00Z",
                "place": "Martuni",
                "what": "explosion",
                "device": "acoustic-7",
            }
        )
        + "\n"
    )
    result = read_file(path, OPTIONS)
    kinds = sorted(d.meta.kind or "article" for d in result.documents)
    assert kinds == ["article", "sensor"]
    assert [e.where for e in result.errors] == ["line 2"]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("bad.json", '{"observations": [', "invalid JSON"),
        ("bad.csv", "", "empty file"),
        ("dup.csv", "time,time,what\n1,2,3\n", "header"),
        ("x.pdf", "%PDF-1.4", "unsupported file type"),
        ("n.json", "42", "expected a list"),
    ],
)
def test_whole_file_refusals(tmp_path: Path, name: str, content: str, reason: str) -> None:
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(InputError) as info:
        read_file(path, OPTIONS)
    assert reason in str(info.value) and name in str(info.value)


def test_too_large_file_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 2048)
    with pytest.raises(InputError) as info:
        read_file(path, ReadOptions(max_bytes=1024))
    assert "too large" in str(info.value)
