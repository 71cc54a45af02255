"""The report as one self-contained HTML page with inline SVG charts.

No script, no web fonts, no network: the page opens from a file or an email. Each chart
is inline SVG with a text alternative and a link that saves it as an .svg file to drop
into a slide; a table under each chart gives the same figures. The page shows each month
on its own, as every format does: nothing is added up across months.
"""

from __future__ import annotations

import base64
from datetime import date
from html import escape
from typing import Any, Callable, Dict, Sequence, Tuple

from reporting.report import SUPPRESSED, MonthFigures, Report, Section, load_words

BAR = "#1d70b8"
INK = "#0b0c0c"
MUTED = "#505a5f"
FONT = "Arial, Helvetica, sans-serif"
Row = Tuple[str, Any]
Chart = Callable[[str, Sequence[Row], bool], str]

STYLE = """
body{font-family:Arial,Helvetica,sans-serif;color:#0b0c0c;max-width:60rem;margin:2rem auto;
padding:0 1rem;line-height:1.4}
h1{font-size:2rem;margin-bottom:.25rem}h2{font-size:1.6rem;margin:3rem 0 .25rem;
border-top:4px solid #1d70b8;padding-top:1rem}h3{font-size:1.3rem;margin:2rem 0 .5rem}
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


def _words() -> Dict[str, Any]:
    return load_words()["html"]


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


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
        parts.append(f'<text x="0" y="{top + 19}" font-size="13" fill="{MUTED}">'
                     f"{escape(_words()['none'])}</text>")
    parts.append(_footnote(height))
    return "".join(parts) + "</svg>"


def column_chart(title: str, rows: Sequence[Row], heading: bool = True) -> str:
    """Vertical bars, one per month, labelled with the month."""
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
            f"{escape(_words()['chart_footnote'])}</text>")


def _svg_open(width: float, height: float, title: str, heading: bool = True) -> str:
    visible = (f'<text x="0" y="20" font-size="16" font-weight="bold" fill="{INK}">'
               f"{escape(title)}</text>") if heading else ""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
            f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" font-family="{FONT}">'
            f"<title>{escape(title)}</title><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
            f"{visible}")


def _table(rows: Sequence[Row], heading: str) -> str:
    words = _words()
    body = "".join(f"<tr><td>{escape(label)}</td><td class=\"n\">{escape(str(value))}</td></tr>"
                   for label, value in rows)
    return (f"<details><summary>{escape(words['figures'])}</summary><table><tr>"
            f"<th>{escape(heading)}</th><th>{escape(words['count_heading'])}</th></tr>"
            f"{body}</table></details>")


def _chart_section(
    title: str, chart: Chart, rows: Sequence[Row], heading: str, slug: str, level: str
) -> str:
    # On the page the heading element is the title; the saved file carries its own.
    data = base64.b64encode(chart(title, rows, True).encode("utf-8")).decode("ascii")
    return (f"<section><{level}>{escape(title)}</{level}><figure>{chart(title, rows, False)}"
            f'</figure><a class="save" download="safe-steps-{slug}.svg" '
            f'href="data:image/svg+xml;base64,{data}">{escape(_words()["save_chart"])}</a>'
            f"{_table(rows, heading)}</section>")


def _section(figures: MonthFigures, section: Section) -> str:
    rows = [(row.label, row.count) for row in section.rows]
    return _chart_section(f"{section.title}, {figures.month.name}", bar_chart, rows,
                          section.heading, f"{figures.month.label}-{section.slug}", "h3")


def _month(report: Report, figures: MonthFigures) -> str:
    words = _words()
    safety = figures.section("safety").counts()
    tiles = "".join(
        f'<div class="tile"><b>{escape(str(value))}</b>{escape(words["tiles"][key])}</div>'
        for key, value in [("conversations", figures.conversations),
                           ("danger_response", safety.get("danger_response", SUPPRESSED)),
                           ("safe_exit_guidance", safety.get("safe_exit_guidance", SUPPRESSED))]
    )
    days = f"{_long_date(figures.month.first_day)} to {_long_date(figures.month.last_day)}"
    return (f"<h2>{escape(figures.month.name)}</h2><p class=\"period\">{escape(days)}</p>"
            f"<div class=\"tiles\">{tiles}</div>"
            + "".join(_section(figures, section) for section in figures.sections))


def to_html(report: Report) -> str:
    """The whole report page: conversations per month, then each month's figures."""
    words = _words()
    names = (report.first_month.name if report.first_month == report.last_month
             else f"{report.first_month.name} to {report.last_month.name}")
    days = f"{_long_date(report.first_day)} to {_long_date(report.last_day)}"
    monthly = [(figures.month.name, figures.conversations) for figures in report.months]
    overview = _chart_section(words["monthly_chart"], column_chart, monthly,
                              words["monthly_heading"], "monthly-conversations", "h3")
    months = "".join(_month(report, figures) for figures in report.months)
    return (
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>{escape(words['page_title'].format(period=names))}</title>"
        f"<style>{STYLE}</style></head><body>"
        f"<h1>{escape(words['heading'])}</h1><p class=\"period\">{escape(names)}: "
        f"{escape(days)}</p>"
        f"<p class=\"note\"><b>{escape(words['how_to_read'])}</b> "
        f"{escape(report.counting_note)} {escape(report.suppression_note)}</p>"
        f"{overview}{months}<footer>{escape(words['footer'])}</footer></body></html>\n"
    )
