"""The report as CSV: one row per published cell (section, id, label, month, count)."""

from __future__ import annotations

import csv
import io

from reporting.report import Report

COLUMNS = ["section", "id", "label", "period", "count"]


def to_csv(report: Report) -> str:
    """Per month: the conversations started, then every row of every section."""
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
    writer.writeheader()
    for figures in report.months:
        period = figures.month.label
        writer.writerow({"section": "total", "id": "conversation_started",
                         "label": report.total_label, "period": period,
                         "count": figures.conversations})
        for section in figures.sections:
            for row in section.rows:
                writer.writerow({"section": section.id, "id": row.id, "label": row.label,
                                 "period": period, "count": row.count})
    return out.getvalue()
