"""The report in the Prometheus text exposition format: one sample per published cell.

Every sample carries its month; a suppressed cell ("*", counts 0 to 7) is left out,
since Prometheus has no "*". Nothing is summed across months, as in every format.
"""

from __future__ import annotations

from typing import Dict, List, Tuple

from reporting.report import SUPPRESSED, Published, Report, load_words

Sample = Tuple[Dict[str, str], Published]


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def _family(name: str, help_text: str, samples: List[Sample]) -> List[str]:
    suffix = load_words()["prometheus"]["suffix"]
    lines = [f"# HELP {name} {help_text} {suffix}", f"# TYPE {name} gauge"]
    for labels, value in samples:
        if value == SUPPRESSED:
            continue
        rendered = ",".join(f'{key}="{_label(val)}"' for key, val in labels.items())
        lines.append(f"{name}{{{rendered}}} {value}")
    return lines


def to_prometheus(report: Report) -> str:
    """Conversations per month, and per month, section and id."""
    words = load_words()["prometheus"]
    lines = _family(
        "safe_steps_conversations", words["conversations"],
        [({"month": figures.month.label}, figures.conversations) for figures in report.months],
    )
    lines += _family(
        "safe_steps_pathway_conversations", words["pathway"],
        [({"month": figures.month.label, "section": section.id, "id": row.id}, row.count)
         for figures in report.months for section in figures.sections for row in section.rows],
    )
    return "\n".join(lines) + "\n"
