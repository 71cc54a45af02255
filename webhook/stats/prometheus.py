"""The suppressed stats report in the Prometheus text exposition format."""

from __future__ import annotations

from typing import Any, Dict, List

from reporting.stats import SUPPRESSED, pathway_sections

HELP_SUFFIX = "Suppressed: counts of 1 to 7 are left out, others are rounded to the nearest 5."


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def _family(name: str, help_text: str, samples: List[tuple]) -> List[str]:
    lines = [f"# HELP {name} {help_text} {HELP_SUFFIX}", f"# TYPE {name} gauge"]
    for labels, value in samples:
        if value == SUPPRESSED:
            continue  # Prometheus has no "*": a suppressed count is simply absent
        rendered = ",".join(f'{key}="{_label(str(val))}"' for key, val in labels.items())
        lines.append(f"{name}{{{rendered}}} {value}")
    return lines


def to_prometheus(report: Dict[str, Any]) -> str:
    """Conversations per week and per pathway, channel, language and area for the period."""
    period = {"from": report["from"], "to": report["to"]}
    lines = _family(
        "safe_steps_conversations", "Conversations started in the period.",
        [(period, report["conversations"])],
    )
    lines += _family(
        "safe_steps_weekly_conversations", "Conversations started in an ISO week.",
        [({"week": week["week"]}, week["conversation_started"]) for week in report["by_week"]],
    )
    samples = [
        ({**period, "section": section, "id": item["id"]}, item["count"])
        for section, items in pathway_sections(report)
        for item in items
    ]
    lines += _family(
        "safe_steps_pathway_conversations",
        "Conversations in the period with a pathway event, by section and id.",
        samples,
    )
    return "\n".join(lines) + "\n"
