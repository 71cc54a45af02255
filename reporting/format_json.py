"""The report as JSON: one object per month, each section a list of {id, label, count}."""

from __future__ import annotations

import json
from typing import Any, Dict

from reporting.report import Report


def report_dict(report: Report) -> Dict[str, Any]:
    """The report as plain data, months oldest first."""
    return {
        "from": report.first_day.isoformat(),
        "to": report.last_day.isoformat(),
        "suppression": report.suppression_note,
        "counting": report.counting_note,
        "months": [
            {
                "month": figures.month.label,
                "name": figures.month.name,
                "from": figures.month.first_day.isoformat(),
                "to": figures.month.last_day.isoformat(),
                "weeks": list(figures.month.weeks),
                "conversations": figures.conversations,
                "sections": {
                    section.id: [{"id": row.id, "label": row.label, "count": row.count}
                                 for row in section.rows]
                    for section in figures.sections
                },
            }
            for figures in report.months
        ],
    }


def to_json(report: Report) -> str:
    """The report as indented JSON."""
    return json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n"
