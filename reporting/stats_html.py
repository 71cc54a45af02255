"""The stats report as one self-contained HTML page with inline SVG charts.

No script, no web fonts, no network: the page opens from a file or an email. Each chart
is inline SVG with a text alternative and a link that saves it as an .svg file to drop
into a slide; a table under each chart gives the same figures.
"""

from __future__ import annotations

import base64
from datetime import date
from html import escape
from typing import Any, Dict, List, Sequence, Tuple

from reporting.stats import SUPPRESSED

BAR = "#1d70b8"
INK = "#0b0c0c"
MUTED = "#505a5f"
FONT = "Arial, Helvetica, sans-serif"
Row = Tuple[str, Any]

STYLE = """
body{font-family:Arial,Helvetica,sans-serif;color:#0b0c0c;max-width:60rem;margin:2rem auto;
padding:0 1rem;line-height:1.4}
h1{font-size:2rem;margin-bottom:.25rem}h2{font-size:1.4rem;margin:2.5rem 0 .5rem}
.period{font-size:1.2rem;color:#505a5f;margin-top:0}
.tiles{display:flex;gap:1rem;flex-wrap:wrap;margin:1.5rem 0}
.tile{border-left:6px solid #1d70b8;background:#f3f2f1;padding:.75rem 1rem;min-width:12rem}
.tile b{display:block;font-size:2.2rem}
.note{background:#fff7d6;border-left:6px solid #ffdd00;padding:.75rem 1rem}
figure{margin:0}svg{max-width:100%;height:auto}
table{border-collapse:collapse;margin:.5rem 0}td,th{border-bottom:1px solid #b1b4b6;
padding:.25rem .75rem;text-align:left}td.n{text-align:right}
a.save{font-size:.9rem}footer{margin-top:3rem;color:#505a5f;font-size:.9rem}
@media print{details{display:none}a.save{display:none}section{break-inside:avoid}}
"""


def _long_date(day: str) -> str:
    parsed = date.fromisoformat(day)
    return f"{parsed.day} {parsed:%B %Y}"


def _short_date(day: str) -> str:
    parsed = date.fromisoformat(day)
    return f"{parsed.day} {parsed:%b}"


def _number(value: Any) -> float:
    return float(value) if isinstance(value, (int, float)) else 0.0


def _short(text: str, limit: int = 54) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def bar_chart(title: str, rows: Sequence[Row], heading: bool = True) -> str:
    """Horizontal bars, one per row; a "*" row has no bar, only its star."""
    label_w, bar_w, row_h = 390, 330, 30
    top = 36 if heading else 6
    height = top + row_h * max(len(rows), 1) + 30
    peak = max([_number(v) for _, v in rows] + [1.0])
    parts = [_svg_open(label_w + bar_w + 70, height, title, heading)]
    for index, (label, value) in enumerate(rows):
        y = top + index * row_h
        width = max(_number(value) / peak * bar_w, 2.0 if _number(value) else 0.0)
        parts.append(f'<text x="{label_w - 8}" y="{y + 19}" font-size="13" text-anchor="end" '
                     f'fill="{INK}">{escape(_short(label))}</text>')
        if width:
            parts.append(f'<rect x="{label_w}" y="{y + 5}" width="{width:.1f}" height="20" '
                         f'fill="{BAR}"/>')
        parts.append(f'<text x="{label_w + width + 6:.1f}" y="{y + 19}" font-size="13" '
                     f'fill="{MUTED if value == SUPPRESSED else INK}">{escape(str(value))}</text>')
    if not rows:
        parts.append(f'<text x="0" y="{top + 19}" font-size="13" fill="{MUTED}">None</text>')
    parts.append(_footnote(height))
    return "".join(parts) + "</svg>"


def column_chart(title: str, rows: Sequence[Row], heading: bool = True) -> str:
    """Vertical bars, one per week, labelled with the date the week starts."""
    step, bar, chart_h, left = 40, 28, 200, 40
    top = 40 if heading else 10
    width = max(480, left * 2 + step * len(rows))
    height = top + chart_h + 80
    peak = max([_number(v) for _, v in rows] + [1.0])
    parts = [_svg_open(width, height, title, heading)]
    base = top + chart_h
    for index, (label, value) in enumerate(rows):
        x = left + index * step
        middle = x + bar / 2
        h = max(_number(value) / peak * (chart_h - 20), 2.0 if _number(value) else 0.0)
        if h:
            parts.append(f'<rect x="{x}" y="{base - h:.1f}" width="{bar}" height="{h:.1f}" '
                         f'fill="{BAR}"/>')
        parts.append(f'<text x="{middle}" y="{base - h - 4:.1f}" font-size="12" '
                     f'text-anchor="middle" fill="{INK}">{escape(str(value))}</text>')
        parts.append(f'<text x="{middle}" y="{base + 16}" font-size="11" text-anchor="end" '
                     f'transform="rotate(-40 {middle} {base + 16})" fill="{MUTED}">'
                     f"{escape(label)}</text>")
    parts.append(f'<line x1="{left - 4}" y1="{base}" x2="{left + step * len(rows)}" y2="{base}" '
                 f'stroke="{MUTED}"/>')
    parts.append(_footnote(height))
    return "".join(parts) + "</svg>"


def _footnote(height: float) -> str:
    """The suppression rule inside every chart, so it travels with it into a slide."""
    return (f'<text x="0" y="{height - 8}" font-size="11" fill="{MUTED}">'
            "Counts of conversations. * = 1 to 7 (not shown). Others rounded to the "
            "nearest 5.</text>")


def _svg_open(width: float, height: float, title: str, heading: bool = True) -> str:
    visible = (f'<text x="0" y="20" font-size="16" font-weight="bold" fill="{INK}">'
               f"{escape(title)}</text>") if heading else ""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
            f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" font-family="{FONT}">'
            f"<title>{escape(title)}</title><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
            f"{visible}")


def _table(rows: Sequence[Row], heading: str) -> str:
    body = "".join(f"<tr><td>{escape(label)}</td><td class=\"n\">{escape(str(value))}</td></tr>"
                   for label, value in rows)
    return (f"<details><summary>Figures</summary><table><tr><th>{escape(heading)}</th>"
            f"<th>Conversations</th></tr>{body}</table></details>")


def _section(title: str, chart: Any, rows: Sequence[Row], heading: str, slug: str) -> str:
    # On the page the h2 is the title; the saved file carries its own.
    data = base64.b64encode(chart(title, rows, True).encode("utf-8")).decode("ascii")
    return (f"<section><h2>{escape(title)}</h2><figure>{chart(title, rows, False)}</figure>"
            f'<a class="save" download="safe-steps-{slug}.svg" '
            f'href="data:image/svg+xml;base64,{data}">Save this chart (SVG, for slides)</a>'
            f"{_table(rows, heading)}</section>")


def _pairs(items: List[Dict[str, Any]]) -> List[Row]:
    return [(item["label"], item["count"]) for item in items]


def to_html(report: Dict[str, Any]) -> str:
    """The whole report page."""
    period = f"{_long_date(report['from'])} to {_long_date(report['to'])}"
    weeks = [(_short_date(w["week_start"]), w["conversation_started"]) for w in report["by_week"]]
    safety = {item["id"]: item["count"] for item in report["pathway"]["safety"]}
    charts = [
        ("Conversations started each week", column_chart, weeks, "Week starting",
         "weekly-conversations"),
    ]
    for title, items, heading, slug in [
        ("Safety replies given", report["pathway"]["safety"], "Reply", "safety"),
        ("Kinds of abuse described", report["pathway"]["abuse_type"], "Kind of abuse", "abuse"),
        ("Help asked for", report["pathway"]["need"], "Need", "needs"),
        ("Services signposted", report["pathway"]["service_signposted"], "Service", "services"),
        ("How people reached Safe Steps", report["channel"], "Channel", "channels"),
        ("Language of the conversation", report["language"], "Language", "languages"),
        ("Area (when the person said where they were)", report["area"], "Area", "areas"),
    ]:
        rows = _pairs(items)
        charts.append((title, bar_chart, rows, heading, slug))
    tiles = "".join(
        f'<div class="tile"><b>{escape(str(value))}</b>{escape(label)}</div>'
        for label, value in [
            ("conversations", report["conversations"]),
            ("conversations where 999 advice was given", safety.get("danger_response", 0)),
            ("conversations shown how to stay safe online",
             safety.get("safe_exit_guidance", 0)),
        ]
    )
    sections = "".join(_section(*chart) for chart in charts)
    return (
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>Safe Steps usage, {escape(period)}</title><style>{STYLE}</style></head><body>"
        f"<h1>Safe Steps: how the service was used</h1><p class=\"period\">{escape(period)}</p>"
        f"<div class=\"tiles\">{tiles}</div>"
        f"<p class=\"note\"><b>How to read these figures.</b> {escape(report['counting'])} "
        f"{escape(report['suppression'])}</p>{sections}"
        "<footer>Made from anonymous weekly counts. Safe Steps keeps no record of what anyone "
        "typed, and these figures cannot be traced to a person or a conversation.</footer>"
        "</body></html>\n"
    )
