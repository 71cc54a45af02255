"""Printable, self-contained HTML of the whole directory, for partnership staff to review."""

from __future__ import annotations

from datetime import date, datetime
from html import escape
from typing import List

from .hours import LONDON, parse_hhmm
from .loader import Directory, load_directory
from .schema import DAYS, NATIONAL, NEEDS, Hours, Labels, Service

_STYLE = """
body { font: 11pt/1.4 system-ui, sans-serif; margin: 2em auto; max-width: 60em; color: #111; }
h1 { font-size: 1.6em; } h2 { border-bottom: 2px solid #333; margin-top: 2em; }
nav ul { columns: 2; }
.service { border: 1px solid #999; padding: .6em 1em; margin: .8em 0; break-inside: avoid; }
.service h3 { margin: 0 0 .3em; font-size: 1.1em; }
.service.verify { border: 3px dashed #b00; background: #fff6f6; }
.flag { color: #b00; font-weight: bold; }
dl { display: grid; grid-template-columns: 11em 1fr; gap: .15em 1em; margin: 0; }
dt { font-weight: bold; } dd { margin: 0; }
.id { font-family: monospace; color: #555; font-size: .9em; }
@media print { body { margin: 0; max-width: none; } nav { display: none; }
  h2 { break-after: avoid; } a { color: inherit; text-decoration: none; } }
"""


def _clock(text: str, labels: Labels) -> str:
    t = parse_hhmm(text)
    if t.hour == 0 and t.minute == 0:
        return labels.hours["midnight"]
    if t.hour == 12 and t.minute == 0:
        return labels.hours["midday"]
    hour12 = t.hour % 12 or 12
    shown = f"{hour12}" if t.minute == 0 else f"{hour12}:{t.minute:02d}"
    return labels.hours["am" if t.hour < 12 else "pm"].format(time=shown)


def _days_in_words(days: List[str], labels: Labels) -> str:
    wanted = [d for d in DAYS if d in days]
    if len(wanted) == 7:
        return labels.hours["every_day"]
    # Group consecutive days so mon..fri reads "Monday to Friday".
    runs: List[List[str]] = []
    for day in wanted:
        if runs and DAYS.index(day) == DAYS.index(runs[-1][-1]) + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        if len(run) >= 3:
            first, last = labels.days[run[0]], labels.days[run[-1]]
            parts.append(labels.hours["range"].format(first=first, last=last))
        else:
            parts.extend(labels.days[d] for d in run)
    if len(parts) == 1:
        return parts[0]
    return labels.hours["list_and"].format(items=", ".join(parts[:-1]), last=parts[-1])


def describe_hours(hours: Hours, labels: Labels) -> str:
    """Return opening hours in words, e.g. "Monday to Friday, 9am to 5pm"."""
    if hours.type != "weekly":
        return labels.hours[hours.type]
    phrases = []
    for interval in hours.intervals:
        overnight = parse_hhmm(interval.close) < parse_hhmm(interval.open)
        phrases.append(
            labels.hours["overnight" if overnight else "interval"].format(
                days=_days_in_words(interval.days, labels),
                open=_clock(interval.open, labels),
                close=_clock(interval.close, labels),
            )
        )
    return labels.hours["joiner"].join(phrases)


def _who(service: Service, labels: Labels) -> str:
    page, rules = labels.page, service.audience
    who = page[f"who_{rules.gender}"]
    lo, hi = rules.min_age, rules.max_age
    if lo is not None and hi is not None:
        who += ", " + page["ages_between"].format(min=lo, max=hi)
    elif lo is not None:
        who += ", " + page["ages_from"].format(min=lo)
    elif hi is not None:
        who += ", " + page["ages_upto"].format(max=hi)
    return who


def _areas(service: Service, directory: Directory) -> str:
    if service.audience.areas == NATIONAL:
        return directory.labels.page["areas_national"]
    return ", ".join(directory.areas.areas[a].name for a in service.audience.areas)


def _link(href: str, text: str) -> str:
    return f'<a href="{escape(href)}">{escape(text)}</a>'


def _contact_rows(service: Service, directory: Directory) -> List[tuple]:
    page, c = directory.labels.page, service.contact
    rows = []
    if c.phone:
        rows.append((page["phone"], _link("tel:" + c.phone.replace(" ", ""), c.phone)))
    if c.phone_from_abroad:
        tel = "tel:" + c.phone_from_abroad.replace(" ", "")
        rows.append((page["phone_from_abroad"], _link(tel, c.phone_from_abroad)))
    if c.text:
        rows.append((page["text"], escape(c.text)))
    if c.webchat is True:
        rows.append((page["webchat"], escape(page["webchat_unsourced"])))
    elif c.webchat:
        rows.append((page["webchat"], _link(c.webchat, c.webchat)))
    if c.email:
        rows.append((page["email"], _link("mailto:" + c.email, c.email)))
    if c.website:
        rows.append((page["website"], _link(c.website, c.website)))
    if c.referral:
        rows.append((page["referral"], escape(c.referral)))
    if c.via:
        target = directory.get(c.via)
        name = target.name if target else c.via
        if target and target.contact.phone:
            name = page["via_phone"].format(name=name, phone=target.contact.phone)
        via_id = f'<span class="id">({escape(c.via)})</span>'
        rows.append((page["via"], f"{escape(name)} {via_id}"))
    return rows


def _checked(service: Service, page: dict) -> str:
    if service.confirmed:
        return page["checked_by"].format(
            date=service.last_checked.isoformat(),  # type: ignore[union-attr]
            by=service.checked_by,
        )
    recorded = service.recorded.isoformat()  # type: ignore[union-attr]
    return page["not_confirmed"].format(recorded=recorded)


def _entry(service: Service, need: str, directory: Directory) -> str:
    page, labels = directory.labels.page, directory.labels
    interpreters = page[f"interpreters_{str(service.interpreters).lower()}"]
    rows = _contact_rows(service, directory) + [
        (page["hours"], escape(describe_hours(service.hours, labels))),
        (page["who"], escape(_who(service, labels))),
        *([(page["who_note"], escape(service.audience.note))] if service.audience.note else []),
        (page["areas"], escape(_areas(service, directory))),
        (page["languages"], escape(", ".join(service.languages))),
        (page["interpreters"], escape(interpreters)),
        (page["expect"], escape(service.what_to_expect)),
        (page["source"], "<br>".join(escape(s) for s in service.source)),
        (page["last_checked"], escape(_checked(service, page))),
        (page["channels"], escape(", ".join(page[f"channel_{c}"] for c in service.channels))),
    ]
    if service.notes:
        rows.append((page["notes"], escape(service.notes)))
    flag = ""
    if service.verify:
        note = escape(service.verify_note or page["verify_missing"])
        flag = f'<p class="flag">&#9888; {escape(page["verify"]).upper()}: {note}</p>'
    body = "".join(f"<dt>{escape(k)}</dt><dd>{v}</dd>" for k, v in rows)
    css = "service verify" if service.verify else "service"
    return (
        f'<article class="{css}" id="{need}-{escape(service.id)}">'
        f'<h3>{escape(service.name)} <span class="id">{escape(service.id)}</span></h3>'
        f"{flag}<dl>{body}</dl></article>"
    )


def _sort_key(service: Service, directory: Directory):
    # National first, then by area name, so reviewers of one area find theirs together.
    national = service.audience.areas == NATIONAL
    return (not national, _areas(service, directory), service.name.lower())


def render_html(directory: Directory | None = None, today: date | None = None) -> str:
    """Return the whole directory as one printable HTML page, grouped by need."""
    directory = directory or load_directory()
    labels, page = directory.labels, directory.labels.page
    today = today or datetime.now(LONDON).date()
    verify_count = sum(1 for s in directory.services if s.verify)
    sections, contents = [], []
    for need in NEEDS:
        services = sorted(
            (s for s in directory.services if need in s.needs),
            key=lambda s: _sort_key(s, directory),
        )
        if not services:
            continue
        title = escape(labels.needs[need])
        contents.append(f'<li><a href="#need-{need}">{title}</a> ({len(services)})</li>')
        entries = "".join(_entry(s, need, directory) for s in services)
        sections.append(f'<section id="need-{need}"><h2>{title}</h2>{entries}</section>')
    summary = page["generated"].format(
        today=today.isoformat(),
        services=len(directory.services),
        verify=verify_count,
        unconfirmed=sum(not s.confirmed for s in directory.services),
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="robots" content="noindex"><title>{escape(page["title"])}</title>'
        f"<style>{_STYLE}</style></head><body>"
        f"<h1>{escape(page['title'])}</h1><p>{escape(page['intro'])}</p>"
        f"<p>{escape(summary)}</p><p><strong>{escape(page['refuge_note'])}</strong></p>"
        f"<nav><h2>{escape(page['contents'])}</h2><ul>{''.join(contents)}</ul></nav>"
        f"{''.join(sections)}</body></html>"
    )
