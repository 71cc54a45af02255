"""The published report: suppressed figures per fixed month, as typed dataclasses.

Reads the weekly counts bot.metrics writes (`metrics:<ISO week>` hashes) and turns them
into a `Report`: one `MonthFigures` per whole, ended month (see reporting.periods), each
with the conversations started and one `Section` of rows per pathway kind. Suppression is
applied here, once; the formatters (reporting.format_*) only lay the figures out.

Why the report cannot be differenced (issue 15):

* Every published figure is one cell: one metric in one fixed month, summed from the raw
  weekly counts of that month's weeks and then suppressed. Nothing is added up across
  months and no week inside a month is shown, so no published number is the sum of
  others. A month's figures are the same in every report that contains that month, and
  subtracting two reports, however their windows overlap, gives only figures each month
  already publishes on its own (tests/unit/test_report_differencing.py).
* Every section lists the same rows every time: the vocabulary's abuse types, needs,
  channels and languages (codes it does not list are counted under "other"), and every
  service and area of the directory. The presence of a row tells nothing.
* `suppress` shows 0 and 1-7 as the same "*": see its docstring.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from reporting import metric_keys
from reporting.metric_keys import CONVERSATION_STARTED, OTHER_LANGUAGE, SAFETY, Vocabulary
from reporting.periods import Month, load_words

Published = Union[int, str]
SUPPRESSED = "*"
SMALL_MAX = 7
ROUND_TO = 5
SECTION_IDS = ("safety", "abuse_type", "need", "service_signposted", "channel", "language",
               "area")
Counts = Dict[str, Dict[str, int]]  # ISO week label -> metric -> raw count


def suppress(count: int) -> Published:
    """A count as published: 0 to 7 -> "*", otherwise rounded to the nearest 5.

    0 is suppressed with 1-7, under the same symbol, because here a zero always tells
    something. Every cell counts people in a group (an area, a language, a service, a kind
    of abuse, a month), and in a small group "nobody" against "one or two" is just what
    someone checking up on a partner would want to learn: did anyone in this area ask
    about forced marriage in March? With one symbol for 0-7, a "*" answers neither way.
    No cell is a structural zero that would be worth keeping, and one rule for every cell
    is easier to check than a list of exceptions. Rounding the rest to 5 (8 -> 10) follows
    NHS Digital's practice for sub-national counts.
    """
    if count <= SMALL_MAX:
        return SUPPRESSED
    return ROUND_TO * ((count + ROUND_TO // 2) // ROUND_TO)


@dataclass(frozen=True)
class Row:
    """One published cell: a value of a section (an abuse type, an area ...) in a month."""

    id: str
    label: str
    count: Published


@dataclass(frozen=True)
class Section:
    """The rows of one pathway kind, in a fixed order, with the words to present them."""

    id: str
    title: str
    heading: str
    slug: str
    rows: Tuple[Row, ...]

    def counts(self) -> Dict[str, Published]:
        """Row id -> published count."""
        return {row.id: row.count for row in self.rows}


@dataclass(frozen=True)
class MonthFigures:
    """Everything published for one fixed month."""

    month: Month
    conversations: Published
    sections: Tuple[Section, ...]

    def section(self, section_id: str) -> Section:
        """The section with this id (one of SECTION_IDS)."""
        return next(section for section in self.sections if section.id == section_id)


@dataclass(frozen=True)
class Report:
    """The published report: figures for consecutive whole months, oldest first."""

    months: Tuple[MonthFigures, ...]
    suppression_note: str
    counting_note: str
    total_label: str

    @property
    def first_day(self) -> date:
        """The Monday the first month starts."""
        return self.months[0].month.first_day

    @property
    def last_day(self) -> date:
        """The Sunday the last month ends."""
        return self.months[-1].month.last_day

    @property
    def first_month(self) -> Month:
        """The first month reported."""
        return self.months[0].month

    @property
    def last_month(self) -> Month:
        """The last month reported."""
        return self.months[-1].month


@dataclass(frozen=True)
class Names:
    """Readable names of the directory's services and areas (every one is a row)."""

    services: Mapping[str, str]
    areas: Mapping[str, str]

    @classmethod
    def from_directory(cls) -> "Names":
        """The names in services_directory."""
        import services_directory

        directory = services_directory.load_directory()
        return cls(
            services={service.id: service.name for service in directory.services},
            areas={area_id: area.name for area_id, area in directory.areas.areas.items()},
        )


def read_counts(client: Any, months: Sequence[Month]) -> Counts:
    """Raw counts of every ISO week of the months, from the weekly Redis hashes."""
    counts = {}
    for month in months:
        for week in month.weeks:
            raw = client.hgetall(metric_keys.KEY_PREFIX + week) or {}
            counts[week] = {_text(field): int(value) for field, value in raw.items()}
    return counts


def _text(value: Union[str, bytes]) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


def build_report(
    counts: Counts,
    months: Sequence[Month],
    vocabulary: Optional[Vocabulary] = None,
    names: Optional[Names] = None,
) -> Report:
    """The published report of the months from raw weekly counts (weeks missing count 0)."""
    vocabulary = vocabulary or metric_keys.load_vocabulary()
    names = names or Names.from_directory()
    words = load_words()
    return Report(
        months=tuple(_month_figures(counts, month, vocabulary, names, words)
                     for month in months),
        suppression_note=words["notes"]["suppression"],
        counting_note=words["notes"]["counting"],
        total_label=words["total_label"],
    )


def _month_figures(
    counts: Counts, month: Month, vocabulary: Vocabulary, names: Names, words: Dict
) -> MonthFigures:
    totals: Dict[str, int] = {}
    for week in month.weeks:
        for field, count in counts.get(week, {}).items():
            totals[field] = totals.get(field, 0) + count
    _fold_unlisted_languages(totals, vocabulary)
    languages = {code: vocabulary.label("language", code)
                 for code in [*vocabulary.languages, OTHER_LANGUAGE]}
    values: Dict[str, Iterable[Tuple[str, str]]] = {
        "safety": [(field, vocabulary.label(field)) for field in SAFETY],
        "abuse_type": _labelled(vocabulary, "abuse_type", vocabulary.abuse_type.values()),
        "need": _labelled(vocabulary, "need", vocabulary.need.values()),
        "service_signposted": _by_name(names.services),
        "channel": _labelled(vocabulary, "channel", sorted(vocabulary.channels)),
        "language": _by_name(languages),
        "area": _by_name(names.areas),
    }
    sections = []
    for section_id in SECTION_IDS:
        rows = tuple(Row(value, label, suppress(totals.get(_field(section_id, value), 0)))
                     for value, label in values[section_id])
        sections.append(Section(section_id, rows=rows, **words["sections"][section_id]))
    return MonthFigures(month, suppress(totals.get(CONVERSATION_STARTED, 0)), tuple(sections))


def _field(section_id: str, value: str) -> str:
    """The counted metric of a row: safety replies are metrics of their own."""
    return value if section_id == "safety" else metric_keys.metric(section_id, value)


def _fold_unlisted_languages(totals: Dict[str, int], vocabulary: Vocabulary) -> None:
    """Counts of a language code the vocabulary no longer lists go to language:other."""
    other = metric_keys.metric("language", OTHER_LANGUAGE)
    for field in [f for f in totals if f.startswith("language:")]:
        code = field.split(":", 1)[1]
        if code != OTHER_LANGUAGE and code not in vocabulary.languages:
            totals[other] = totals.get(other, 0) + totals.pop(field)


def _labelled(vocabulary: Vocabulary, kind: str, values: Iterable[str]) -> List[Tuple[str, str]]:
    """Values in vocabulary order, each once, with its words."""
    return [(value, vocabulary.label(kind, value)) for value in dict.fromkeys(values)]


def _by_name(labels: Mapping[str, str]) -> List[Tuple[str, str]]:
    """Named rows (services, areas, languages) in name order, never by size."""
    return sorted(labels.items(), key=lambda item: (item[1].lower(), item[0]))


def report_from_redis(client: Any, months: Sequence[Month]) -> Report:
    """Reads the months' counts and builds the suppressed report."""
    return build_report(read_counts(client, months), months)
