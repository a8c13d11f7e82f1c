"""The timeline chart (incidents per day by type, ceasefires marked) and figure output.

Charts are drawn with matplotlib's object API on the Agg canvas (no pyplot, no display,
no global state) and written as SVG for HTML and Markdown, PNG for PDF. Colours are
the Okabe-Ito palette, readable by colour-blind readers and in greyscale print.
"""

from __future__ import annotations

import io
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from truce.report.model import Report

#: Okabe-Ito colours, then greys
PALETTE = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
    "#000000", "#999999", "#666666", "#BBBBBB", "#333333", "#DDDDDD",
)  # fmt: skip
TYPE_ORDER = (
    "ASSAULT", "CASUALTIES", "SEIZE", "WITHDRAW", "DEPLOY", "RETURN", "AID", "CEASEFIRE",
    "ACCUSE", "AGREE", "REJECT", "CONSULT", "REQUEST",
)  # fmt: skip
TYPE_COLOURS = dict(zip(TYPE_ORDER, PALETTE, strict=True))
FONT = "DejaVu Sans"  # ships with matplotlib: the same glyphs on every machine


def new_figure(width_in: float, height_in: float) -> Figure:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width_in, height_in), dpi=100, layout="constrained")
    fig.set_facecolor("white")
    return fig


def style() -> dict[str, object]:
    return {
        "font.family": FONT,
        "font.size": 9,
        "svg.fonttype": "path",  # text as outlines: looks the same everywhere, inert
        "svg.hashsalt": "truce",
        "axes.spines.top": False,
        "axes.spines.right": False,
    }


def to_svg(fig: Figure) -> bytes:
    import matplotlib

    buf = io.BytesIO()
    with matplotlib.rc_context(style()):
        fig.savefig(
            buf, format="svg", metadata={"Date": None}, bbox_inches="tight", pad_inches=0.08
        )
    return buf.getvalue()


def to_png(fig: Figure, dpi: int = 160) -> bytes:
    import matplotlib

    buf = io.BytesIO()
    with matplotlib.rc_context(style()):
        fig.savefig(
            buf,
            format="png",
            dpi=dpi,
            metadata={"Software": None},
            bbox_inches="tight",
            pad_inches=0.08,
        )
    return buf.getvalue()


def timeline(report: Report) -> Figure:
    """Stacked bars of counted incidents per day and type; the report's days shaded."""
    import matplotlib
    import matplotlib.dates as mdates

    with matplotlib.rc_context(style()):
        start, end = report.timeline_window
        days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
        per_type: dict[str, dict[date, int]] = defaultdict(dict)
        for day, type_, n in report.timeline:
            per_type[type_][day] = per_type[type_].get(day, 0) + n
        order = {t: i for i, t in enumerate(TYPE_ORDER)}
        types = sorted(per_type, key=lambda t: (order.get(t, 99), t))
        fig = new_figure(7.2, 3.0)
        ax = fig.add_subplot()
        x = [datetime(d.year, d.month, d.day, 12, tzinfo=UTC) for d in days]
        bottom = [0] * len(days)
        for i, t in enumerate(types):
            values = [per_type[t].get(d, 0) for d in days]
            ax.bar(
                x,
                values,
                width=0.8,
                bottom=bottom,
                label=t,
                color=TYPE_COLOURS.get(t, PALETTE[i % len(PALETTE)]),
                edgecolor="white",
                linewidth=0.3,
            )
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        lo = datetime(start.year, start.month, start.day, tzinfo=UTC)
        hi = datetime(end.year, end.month, end.day, tzinfo=UTC) + timedelta(days=1)
        p0, p1 = report.period.start, report.period.end
        ax.axvspan(
            datetime(p0.year, p0.month, p0.day, tzinfo=UTC),
            datetime(p1.year, p1.month, p1.day, tzinfo=UTC) + timedelta(days=1),
            color="#FFF3C4",
            zorder=0,
            label="this report",
        )
        peak = max(bottom) if bottom else 0
        ax.set_ylim(0, max(peak * 1.25, 4))
        for n, (a_id, _title, moment) in enumerate(report.ceasefires):
            if lo <= moment <= hi:
                ax.axvline(moment, color="#B22222", linestyle="--", linewidth=1)
                ax.annotate(
                    f"{a_id} in force",
                    xy=(moment, 1),
                    xycoords=("data", "axes fraction"),
                    xytext=(3, -10 - 10 * (n % 3)),
                    textcoords="offset points",
                    fontsize=7,
                    color="#B22222",
                    ha="left",
                    va="top",
                )
        ax.set_xlim(lo, hi)
        ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=4, maxticks=10))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b\n%Y"))
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.set_ylabel("incidents per day")
        ax.grid(axis="y", color="#DDDDDD", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.set_title(
            f"Incidents per day by type, {start:%d %b %Y} to {end:%d %b %Y} "
            "(refuted, merged and aggregate incidents not counted)",
            fontsize=8.5,
            loc="left",
        )
        if types or report.ceasefires:
            ax.legend(
                fontsize=7,
                ncols=min(len(types) + 1, 5),
                loc="upper left",
                frameon=False,
                bbox_to_anchor=(0, -0.22),
            )
        if not types:
            ax.text(
                0.5,
                0.5,
                "no incidents in these days",
                transform=ax.transAxes,
                ha="center",
                va="center",
                color="#666666",
            )
        return fig
