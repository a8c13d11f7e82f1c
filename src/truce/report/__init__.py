"""Situation reports: daily and period reports (Markdown, HTML, PDF) with a timeline and
a map, built from the store so that every number traces back to its sources.

    build_report(store, Period.daily(day))   the report's content (truce.report.model)
    render(report, fmt, out)                 write it as md, html or pdf (truce.report.render)
"""

from __future__ import annotations

from truce.report.model import Report, build_report
from truce.report.period import Period

__all__ = ["Period", "Report", "build_report"]
