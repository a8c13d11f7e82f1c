"""Every output format: hostile text from documents is escaped, the PDF is valid."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import pytest

from tests.report import known
from truce.report import Period, build_report
from truce.report.render import md_escape, render_html, render_markdown, write
from truce.store import Store


@pytest.fixture
def report(store: Store):  # type: ignore[no-untyped-def]
    known.build(store)
    return build_report(store, Period.daily(known.DAY), refresh=False)


def test_html_escapes_hostile_text(report) -> None:  # type: ignore[no-untyped-def]
    page = render_html(report)
    assert "<script" not in page.lower()
    assert not re.search(r"""(href|src)\s*=\s*["']?\s*javascript:""", page, re.IGNORECASE)
    assert "<b>bold</b>" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page  # shown, inert
    assert "&#39;sq&#39;" in page and "&#34;dq&#34;" in page
    # attributes stay attributes: every href is one of ours or a checked web address
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert hrefs and all(h.startswith(("#incident-", "https://example.org/")) for h in hrefs)
    # self-contained: charts are data URIs, nothing is fetched
    assert not re.search(r'(src|href)="(?!data:|#|https://example\.org/)', page)
    assert page.count('src="data:image/svg+xml;base64,') == 2
    assert "default-src 'none'" in page


def test_html_charts_are_inert_svg(report) -> None:  # type: ignore[no-untyped-def]
    page = render_html(report)
    for payload in re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', page):
        svg = base64.b64decode(payload).decode()
        assert svg.lstrip().startswith("<?xml") and "<svg" in svg
        assert "<script" not in svg and "alert" not in svg  # labels are drawn as outlines


def test_markdown_escapes_hostile_text(report, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = render_markdown(report, tmp_path / "r.md")
    assert "<script" not in text.lower() and "<b>" not in text
    assert not re.search(r"(?<!\\)\]\(javascript:", text)  # only as escaped text, never a link
    assert "&lt;script&gt;" in text
    assert r"\*star\*" in text and r"\|" in text
    # every table row has the same number of cells as its header (no injected pipes)
    for block in re.split(r"\n\n", text):
        rows = [r for r in block.splitlines() if r.startswith("|")]
        if rows:
            width = len(re.findall(r"(?<!\\)\|", rows[0]))
            assert all(len(re.findall(r"(?<!\\)\|", r)) == width for r in rows), block
    assert (tmp_path / "r-timeline.svg").exists() and (tmp_path / "r-map.svg").exists()


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("<script>", "&lt;script&gt;"),
        ('a "b" c', "a &quot;b&quot; c"),
        ("x|y", r"x\|y"),
        ("line\nbreak", "line break"),
        ("[a](b)", r"\[a\](b)"),
        (None, ""),
        ("Azerbaijan's #1 & co", "Azerbaijan's #1 &amp; co"),
        ("# heading", r"\# heading"),
    ],
)
def test_md_escape(raw: str | None, escaped: str) -> None:
    assert md_escape(raw) == escaped


def test_pdf_is_valid_and_shows_the_text_literally(report, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    out = tmp_path / "r.pdf"
    write(report, "pdf", out)
    data = out.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    pdf = PdfReader(io.BytesIO(data), strict=True)
    assert len(pdf.pages) >= 2
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "Daily report" in text and "Taghavard / Taghaverd" in text
    assert "alert(" in text  # hostile text is printed as text, nothing runs
    # no JavaScript and no link to the hostile address
    assert b"/JavaScript" not in data and b"/JS" not in data
    for page in pdf.pages:
        for annot in page.get("/Annots") or []:
            uri = annot.get_object().get("/A", {}).get("/URI")
            assert uri is None or str(uri).startswith("https://example.org/")


def test_every_format_writes_a_file(report, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for fmt in ("html", "md", "pdf"):
        files = write(report, fmt, tmp_path / f"r.{fmt}")
        assert all(f.stat().st_size > 1000 for f in files)
