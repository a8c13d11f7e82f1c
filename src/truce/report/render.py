"""Write a report as HTML (self-contained), Markdown or PDF.

HTML: Jinja2 with autoescaping on; charts are embedded as SVG data URIs, so the file
needs nothing else and a Content-Security-Policy forbids any script. Markdown: every
value passes through :func:`md_escape`; charts are written as SVG files next to the
report. PDF: see ``truce.report.pdf``.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import zip_longest
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from truce.report.model import Account, Report, Statement
from truce.report.names import PlaceNames

FORMATS = ("html", "md", "pdf")


class Raw(str):
    """Text already safe for Markdown (built here, never taken from a document)."""


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def md_escape(value: Any) -> str:
    """Markdown-safe text: HTML specials as entities, punctuation backslashed, one line."""
    if value is None:
        return ""
    if isinstance(value, Raw):
        return str(value)
    text = " ".join(str(value).split())
    # & < > and " as entities (no tag or attribute can form); apostrophes stay readable
    text = html.escape(text, quote=False).replace('"', "&quot;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # '#' only matters at the start of a line (a heading)
    return "\\" + text if text.startswith(("#", "+", "-", ">")) else text


def _md_url(url: str) -> Raw:
    # only our own file names and checked http(s) URLs get here; make them link-safe
    return Raw(url.replace("(", "%28").replace(")", "%29").replace(" ", "%20"))


@dataclass(slots=True)
class Charts:
    timeline: str | None = None  # a data URI (HTML) or a relative file name (Markdown)
    map: str | None = None


def _environment(kind: str) -> Environment:
    env: Environment
    if kind == "html":
        env = Environment(
            loader=PackageLoader("truce.report", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
    else:
        env = Environment(
            loader=PackageLoader("truce.report", "templates"),
            autoescape=False,
            finalize=md_escape,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.filters["url"] = _md_url
        env.filters["raw"] = lambda v: Raw(str(v))
        env.globals.update(accounts=_md_accounts, ref=_md_ref, pairs=_pairs, delta=_delta)
    env.filters["num"] = _num
    return env


def _num(value: int | None) -> str:
    return "-" if value is None else f"{value:,}"


def chart_figures(report: Report, names: PlaceNames | None = None) -> tuple[Any, Any]:
    from truce.report.charts import timeline
    from truce.report.mapview import incident_map

    return timeline(report), incident_map(report, names or PlaceNames())


def render_html(report: Report, names: PlaceNames | None = None) -> str:
    from truce.report.charts import to_svg

    tl, mp = chart_figures(report, names)
    charts = Charts(_data_uri(to_svg(tl)), _data_uri(to_svg(mp)))
    return _environment("html").get_template("report.html.j2").render(r=report, charts=charts)


def render_markdown(
    report: Report, out: Path | None = None, names: PlaceNames | None = None
) -> str:
    """Markdown text; with ``out``, the charts are written beside it as SVG files."""
    charts = Charts()
    if out is not None:
        from truce.report.charts import to_svg

        tl, mp = chart_figures(report, names)
        for attr, fig in (("timeline", tl), ("map", mp)):
            path = out.with_name(f"{out.stem}-{attr}.svg")
            path.write_bytes(to_svg(fig))
            setattr(charts, attr, path.name)
    return _environment("md").get_template("report.md.j2").render(r=report, charts=charts)


def write(report: Report, fmt: str, out: Path, names: PlaceNames | None = None) -> list[Path]:
    """Write the report to ``out`` in ``fmt``; return every file written."""
    if fmt == "html":
        out.write_text(render_html(report, names), encoding="utf-8")
        return [out]
    if fmt == "md":
        text = render_markdown(report, out, names)
        out.write_text(text, encoding="utf-8")
        return [
            out,
            out.with_name(f"{out.stem}-timeline.svg"),
            out.with_name(f"{out.stem}-map.svg"),
        ]
    if fmt == "pdf":
        from truce.report.pdf import render_pdf

        out.write_bytes(render_pdf(report, names))
        return [out]
    raise ValueError(f"unknown format {fmt!r}")


def _data_uri(svg: bytes) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def _md_accounts(items: list[Account]) -> Raw:
    if not items:
        return Raw("none")
    parts = []
    for a in items:
        docs = ", ".join(_md_doc(d) for d in a.documents)
        tag = f" ({md_escape(a.tag)})" if a.tag else ""
        parts.append(
            f"**{md_escape(a.who)}**{tag} {md_escape(a.refs)}" + (f", {docs}" if docs else "")
        )
    return Raw("<br>".join(parts))


def _md_doc(d: Any) -> str:
    if d.url:
        return f"[doc {d.id}]({_md_url(d.url)})"
    return f"doc {d.id}"


def _md_ref(s: Statement) -> Raw:
    what = f"claim {s.claim_id}" if s.claim_id else f"obs. {s.observation_id}"
    return Raw(what + (f", {_md_doc(s.document)}" if s.document else ""))


def _pairs(a: list[Any], b: list[Any]) -> Iterator[tuple[Any, Any]]:
    return zip_longest(a, b)


def _delta(now: int, before: int) -> str:
    d = now - before
    return "no change" if d == 0 else (f"+{d}" if d > 0 else f"\u2212{-d}")
