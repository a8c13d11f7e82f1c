"""The report as PDF, with fpdf2 (pure Python: no browser or system library needed).

Text is set in DejaVu Sans, which ships with matplotlib, so Azerbaijani, Armenian and
Cyrillic names print on any machine. Charts are embedded as 160 dpi PNG. Text from
documents is written as text (nothing in a PDF page executes); links are only the
checked http(s) URLs of documents, listed with every cited document at the end.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

from truce.report.model import Account, Report
from truce.report.names import PlaceNames

INK = (26, 26, 26)
MUTED = (90, 90, 90)
BAND = (236, 236, 230)
STATUS_FILL = {
    "verified": (215, 239, 230),
    "corroborated": (217, 232, 245),
    "disputed": (251, 236, 201),
    "refuted": (248, 217, 211),
    "violated": (248, 217, 211),
    "overdue": (248, 217, 211),
    "met": (215, 239, 230),
}


def _font_dir() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def _pdf_class() -> Any:
    from fpdf import FPDF

    class ReportPDF(FPDF):  # type: ignore[misc]
        title_text = ""

        def header(self) -> None:
            if self.page_no() == 1:
                return
            self.set_font("DejaVu", "", 7.5)
            self.set_text_color(*MUTED)
            self.cell(0, 5, self.title_text, new_x="LMARGIN", new_y="NEXT")
            self.ln(1)

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("DejaVu", "", 7.5)
            self.set_text_color(*MUTED)
            self.cell(0, 5, f"truce situation report · page {self.page_no()}/{{nb}}", align="C")

    return ReportPDF


def render_pdf(report: Report, names: PlaceNames | None = None) -> bytes:
    from fpdf.fonts import FontFace

    from truce.report.charts import to_png
    from truce.report.render import chart_figures

    pdf = _pdf_class()(orientation="P", unit="mm", format="A4")
    fonts = _font_dir()
    pdf.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(fonts / "DejaVuSans-Bold.ttf"))
    pdf.add_font("DejaVu", "I", str(fonts / "DejaVuSans-Oblique.ttf"))
    pdf.title_text = report.title
    pdf.set_title(report.title)
    pdf.set_creator(f"truce {report.version}")
    pdf.set_margins(14, 14, 14)
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_page()
    w = pdf.epw
    head = FontFace(emphasis="BOLD", fill_color=BAND)

    pdf.set_font("DejaVu", "B", 16)
    pdf.set_text_color(*INK)
    pdf.multi_cell(w, 8, report.title, new_x="LMARGIN", new_y="NEXT")
    _small(
        pdf,
        f"Based on the information in the store as of {report.generated}. All times "
        f"{report.tz_label}; dates of incidents are the local dates the sources give. "
        f"Changes are against the previous {report.period.noun()} "
        f"({report.previous.label()}). Store: {report.store}. truce {report.version}.",
    )

    _h2(pdf, "Summary")
    pdf.set_font("DejaVu", "", 9.5)
    for line in report.summary:
        pdf.set_x(pdf.l_margin)
        pdf.multi_cell(w, 5, f"•  {line}", new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.ln(0.8)

    _h2(pdf, "Incidents by type and area")
    if report.type_area:
        pdf.set_font("DejaVu", "", 8.5)
        with pdf.table(
            col_widths=(40, 70, 22, 22, 26),
            headings_style=head,
            line_height=4.6,
            text_align=("LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT"),
            borders_layout="HORIZONTAL_LINES",
            padding=1.2,
        ) as table:
            table.row(["type", "area", report.period.short(), "previous", "change"])
            for t, area, now, before in report.type_area:
                d = now - before
                table.row(
                    [
                        t,
                        area,
                        str(now),
                        str(before),
                        "no change" if d == 0 else (f"+{d}" if d > 0 else f"\u2212{-d}"),
                    ]
                )
            table.row(
                [
                    "all incidents",
                    "(refuted not counted)",
                    str(report.total.now),
                    str(report.total.before),
                    report.total.delta_text,
                ],
                style=FontFace(emphasis="BOLD"),
            )
    else:
        _small(pdf, f"No incidents in this {report.period.noun()} or the previous one.")

    tl, mp = chart_figures(report, names)
    _figure(
        pdf,
        to_png(tl),
        "Incidents per day by type; dashed lines: ceasefires taking "
        "effect"
        + "".join(f"; {a}: {t}, {at:%Y-%m-%d %H:%M} UTC" for a, t, at in report.ceasefires)
        + ".",
    )
    _figure(
        pdf,
        to_png(mp),
        "Markers: shape by type, colour by status (red ring: refuted). "
        "Borders: Natural Earth (public domain); the Nagorno-Karabakh outline is "
        "approximate (derived from the gazetteer's places). Places: GeoNames (CC BY 4.0).",
    )

    cited: dict[int, Any] = {}
    _h2(pdf, "Incidents")
    _small(
        pdf,
        f"{len(report.incidents)} of {report.incidents_total} incidents listed, most "
        "established first. 'For' and 'against' name who speaks, with claim, observation "
        "and document ids (documents are listed at the end).",
    )
    if report.incidents:
        pdf.set_font("DejaVu", "", 7.2)
        with pdf.table(
            col_widths=(13, 20, 26, 25, 20, 34, 23, 21),
            headings_style=head,
            line_height=3.5,
            text_align="LEFT",
            borders_layout="HORIZONTAL_LINES",
            padding=1.0,
            v_align="TOP",
        ) as table:
            table.row(["#", "what", "status", "where", "when", "for", "against", "figures"])
            for i in report.incidents:
                for a in [*i.support, *i.against]:
                    for d in a.documents:
                        cited[d.id] = d
                where = i.place + (
                    f"\n{i.area}" if i.area not in (i.place, "no place given") else ""
                )
                figs = "\n".join(f"{f.kind} {f.range_text}" for f in i.figures if f.total)
                row = table.row()
                row.cell(str(i.id))
                row.cell(f"{i.type_label}\n({i.type})")
                row.cell(
                    f"{i.status}\n{i.status_reason}",
                    style=FontFace(fill_color=STATUS_FILL.get(i.status)),
                )
                row.cell(where)
                row.cell(i.when)
                row.cell(_accounts(i.support))
                row.cell(_accounts(i.against))
                row.cell(figs or "-")

    _h2(pdf, "Disputed claims")
    if not report.disputes:
        _small(pdf, f"No claim of this {report.period.noun()} is denied.")
    if len(report.disputes) < report.disputes_total:
        _small(
            pdf,
            f"{len(report.disputes)} of {report.disputes_total} shown (incidents listed "
            "first); the others are in the incident table and in truce export.",
        )
    for d in report.disputes:
        pdf.set_font("DejaVu", "B", 9)
        pdf.multi_cell(
            w,
            5,
            f"Incident {d.incident_id}: {d.type} at {d.place}, {d.when} ({d.status})",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.set_font("DejaVu", "", 7.8)
        with pdf.table(
            col_widths=(1, 1),
            headings_style=head,
            line_height=3.8,
            text_align="LEFT",
            borders_layout="SINGLE_TOP_LINE",
            padding=1.2,
            v_align="TOP",
        ) as table:
            table.row(["asserted", "denied or not found"])
            left = "\n\n".join(_statement(s, cited) for s in d.asserted) or "no assertion"
            right = "\n\n".join(_statement(s, cited) for s in d.denied) or "no denial"
            table.row([left, right])
        pdf.ln(2)

    _h2(pdf, "Figures")
    _small(
        pdf,
        "Each source's figure, never added within an incident; the incident's total "
        "is the lowest (conservative), best and highest figure of the sources asserting "
        "it. Totals add incidents, leaving out refuted ones; denials are not counted.",
    )
    if report.totals:
        pdf.set_font("DejaVu", "", 8.5)
        with pdf.table(
            col_widths=(30, 22, 22, 22, 22, 46),
            headings_style=head,
            line_height=4.6,
            text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"),
            borders_layout="HORIZONTAL_LINES",
            padding=1.2,
        ) as table:
            table.row(["kind", "low", "best", "high", "incidents", "previous low/best/high"])
            for t in report.totals:
                table.row(
                    [
                        t.kind,
                        f"{t.low:,}",
                        f"{t.best:,}",
                        f"{t.high:,}",
                        str(t.incidents),
                        f"{t.before_low:,} / {t.before_best:,} / {t.before_high:,}",
                    ]
                )
        pdf.ln(2)
    if report.figures:
        pdf.set_font("DejaVu", "", 7.5)
        with pdf.table(
            col_widths=(36, 18, 44, 18, 14, 14, 14, 14),
            headings_style=head,
            line_height=3.8,
            text_align=("LEFT", "LEFT", "LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"),
            borders_layout="HORIZONTAL_LINES",
            padding=1.0,
        ) as table:
            table.row(["incident", "kind", "source", "side", "low", "best", "high", "claims"])
            for i, lines in report.figures:
                for n, f in enumerate(lines):
                    source = (
                        "total"
                        if f.total
                        else f.source + (" (denial)" if f.polarity == "deny" else "")
                    )
                    table.row(
                        [
                            f"{i.id} {i.place}" if n == 0 else "",
                            f.kind,
                            source,
                            f.side or "",
                            _num(f.low),
                            _num(f.best),
                            _num(f.high),
                            str(f.claims),
                        ],
                        style=FontFace(emphasis="BOLD") if f.total else None,
                    )

    _h2(pdf, "Agreement status")
    if report.provisions:
        _small(pdf, f"{report.agreements_note}. Shaded: status changed.")
        pdf.set_font("DejaVu", "", 7.5)
        with pdf.table(
            col_widths=(24, 36, 19, 19, 84),
            headings_style=head,
            line_height=3.7,
            text_align="LEFT",
            borders_layout="HORIZONTAL_LINES",
            padding=1.0,
            v_align="TOP",
        ) as table:
            table.row(["agreement", "provision", "status", "before", "detail"])
            for p in report.provisions:
                fill = (255, 246, 218) if p.changed else None
                table.row(
                    [
                        p.agreement,
                        p.provision,
                        p.status,
                        p.previous or "-",
                        p.detail + (f" (due {p.due})" if p.due else ""),
                    ],
                    style=FontFace(fill_color=fill) if fill else None,
                )
        pdf.ln(1)
        pdf.set_font("DejaVu", "B", 9)
        pdf.cell(w, 6, "Falling due within 7 days, and overdue", new_x="LMARGIN", new_y="NEXT")
        if report.deadlines:
            pdf.set_font("DejaVu", "", 8)
            for d in report.deadlines:
                pdf.multi_cell(
                    w,
                    4.5,
                    f"•  {d.when} ({d.left}): {d.agreement}/{d.provision} {d.what}, {d.status}",
                    new_x="LMARGIN",
                    new_y="NEXT",
                )
        else:
            _small(pdf, "Nothing falls due.")
    else:
        _small(pdf, f"{report.agreements_note}.")

    _h2(pdf, "Documents cited")
    if cited:
        pdf.set_font("DejaVu", "", 7.5)
        with pdf.table(
            col_widths=(12, 50, 20, 100),
            headings_style=head,
            line_height=3.7,
            text_align="LEFT",
            borders_layout="HORIZONTAL_LINES",
            padding=1.0,
            v_align="TOP",
        ) as table:
            table.row(["doc", "source", "published", "title and address"])
            for d in sorted(cited.values(), key=lambda d: d.id):
                row = table.row()
                row.cell(str(d.id))
                row.cell(d.label)
                row.cell(d.published.isoformat() if d.published else "-")
                text = (d.title or "") + (f"\n{d.url}" if d.url else "")
                row.cell(text or "-", link=d.url or None)
    else:
        _small(pdf, "No document is cited.")
    _small(
        pdf,
        "Every number traces back to the store: 'truce show DOC' prints a document, "
        "'truce claims' lists claims; incident numbers are the store's incident ids. "
        "Place names: GeoNames (CC BY 4.0) and truce's gazetteer. Map: Natural Earth.",
    )
    return bytes(pdf.output())


def _num(v: int | None) -> str:
    return "-" if v is None else f"{v:,}"


def _accounts(items: list[Account]) -> str:
    if not items:
        return "none"
    lines = []
    for a in items:
        docs = ", ".join(f"doc {d.id}" for d in a.documents)
        tag = f" ({a.tag})" if a.tag else ""
        lines.append(f"{a.who}{tag}: {a.refs}" + (f"; {docs}" if docs else ""))
    return "\n".join(lines)


def _statement(s: Any, cited: dict[int, Any]) -> str:
    ref = f"claim {s.claim_id}" if s.claim_id else f"obs. {s.observation_id}"
    if s.document:
        cited[s.document.id] = s.document
        ref += f", doc {s.document.id}"
    side = f" ({s.side})" if s.side else ""
    return f"{s.who}{side}, {ref}:\n\u201c{s.text}\u201d"


def _h2(pdf: Any, text: str) -> None:
    if pdf.get_y() > pdf.h - 40:
        pdf.add_page()
    pdf.ln(3)
    pdf.set_font("DejaVu", "B", 12)
    pdf.set_text_color(*INK)
    pdf.cell(pdf.epw, 7, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.5)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + pdf.epw, pdf.get_y())
    pdf.set_line_width(0.2)
    pdf.ln(2)


def _small(pdf: Any, text: str) -> None:
    pdf.set_font("DejaVu", "", 8)
    pdf.set_text_color(*MUTED)
    pdf.set_x(pdf.l_margin)
    pdf.multi_cell(pdf.epw, 4, text, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_text_color(*INK)
    pdf.ln(1)


def _figure(pdf: Any, png: bytes, caption: str) -> None:
    from PIL import Image

    with Image.open(BytesIO(png)) as im:
        ratio = im.height / im.width
    width = pdf.epw
    height = width * ratio
    if pdf.get_y() + height + 12 > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.image(BytesIO(png), x=pdf.l_margin, w=width)
    _small(pdf, caption)
