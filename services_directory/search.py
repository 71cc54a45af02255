"""Find services for a need, ranked by fit for a place, a person and a moment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterator, List, Mapping, Tuple

from .areas import resolve_area
from .hours import is_open, opens_next, to_london
from .loader import Directory, load_directory
from .schema import NATIONAL, NEEDS, Hours, Service

_WOMEN = {"women", "woman", "female", "f", "girl", "girls"}
_MEN = {"men", "man", "male", "m", "boy", "boys"}


@dataclass(frozen=True)
class Match:
    """One service in a search result, with its opening state at the time asked."""

    service: Service
    local: bool
    open_now: bool | None  # None: hours unknown
    always_open: bool
    opens_next: datetime | None
    via: Service | None = None  # the helpline or website to go through, if any
    hours_from_via: bool = False  # open_now describes `via`, not the service itself


@dataclass(frozen=True)
class SearchResult:
    """Ranked matches for one need, plus whether local help exists for it."""

    need: str
    area: str | None
    at: datetime
    matches: Tuple[Match, ...]
    local_available: bool

    def __iter__(self) -> Iterator[Match]:
        """Iterate over the matches, best first."""
        return iter(self.matches)

    def __len__(self) -> int:
        """Return the number of matches."""
        return len(self.matches)

    def __getitem__(self, index: int) -> Match:
        """Return the match at `index`."""
        return self.matches[index]

    @property
    def services(self) -> List[Service]:
        """Return the matched services, best first."""
        return [m.service for m in self.matches]

    @property
    def local(self) -> List[Match]:
        """Return the matches that serve the requested area."""
        return [m for m in self.matches if m.local]

    @property
    def national(self) -> List[Match]:
        """Return the national matches."""
        return [m for m in self.matches if not m.local]


def _get(audience: Any, key: str) -> Any:
    if audience is None:
        return None
    if isinstance(audience, Mapping):
        return audience.get(key)
    return getattr(audience, key, None)


def _gender(audience: Any) -> str | None:
    value = _get(audience, "gender")
    if not isinstance(value, str):
        return None
    value = value.strip().lower()
    # Anything else (non-binary, unsure, not said) filters nothing out.
    return "women" if value in _WOMEN else "men" if value in _MEN else None


def fits(service: Service, audience: Any) -> bool:
    """Return whether a person described by `audience` (gender, age) is eligible."""
    gender, age = _gender(audience), _get(audience, "age")
    rules = service.audience
    if gender and rules.gender not in ("any", gender):
        return False
    if isinstance(age, (int, float)):
        if rules.min_age is not None and age < rules.min_age:
            return False
        if rules.max_age is not None and age > rules.max_age:
            return False
    return True


def _effective_hours(service: Service, directory: Directory) -> Tuple[Hours, Service | None]:
    """Return the hours that decide when a person can start, and the way-in service."""
    via = directory.get(service.contact.via) if service.contact.via else None
    if service.hours.type == "unknown" and via is not None and not service.contact.direct:
        # Reached only through a helpline: you can start whenever that helpline answers.
        return via.hours, via
    return service.hours, via


def _match(service: Service, local: bool, at: datetime, directory: Directory) -> Match:
    hours, via = _effective_hours(service, directory)
    return Match(
        service=service,
        local=local,
        open_now=is_open(hours, at),
        always_open=hours.type == "always",
        opens_next=opens_next(hours, at),
        via=via,
        hours_from_via=hours is not service.hours,
    )


def _rank(need: str):
    open_order = {True: 0, None: 1, False: 2}

    def key(m: Match):
        # Local before national: the right door first time, which is what people asked
        # the partnerships for. Within each, open now, then unknown hours, then closed,
        # so a line known to answer comes before one that may not; then services whose
        # main need this is, then those reached directly, then by name. Replies list
        # national lines too, so at 3am the 24-hour helpline is still offered.
        return (
            not m.local,
            open_order[m.open_now],
            m.service.needs.index(need),
            not m.service.contact.direct,
            m.service.name.lower(),
        )

    return key


def find(
    need: str,
    area: str | None = None,
    audience: Any = None,
    at: datetime | None = None,
    *,
    directory: Directory | None = None,
) -> SearchResult:
    """Return services for `need`, local to `area` (an id, town or postcode) first."""
    if need not in NEEDS:
        raise ValueError(f"unknown need {need!r}; expected one of {', '.join(NEEDS)}")
    directory = directory or load_directory()
    at = to_london(at)
    if area is not None and area not in directory.areas.areas:
        area = resolve_area(area, directory)

    candidates = [s for s in directory.services if need in s.needs and fits(s, audience)]
    national = [s for s in candidates if s.audience.areas == NATIONAL]
    local_anywhere = [s for s in candidates if s.audience.areas != NATIONAL]
    local = [s for s in local_anywhere if area is not None and area in s.audience.areas]

    matches = [_match(s, True, at, directory) for s in local]
    matches += [_match(s, False, at, directory) for s in national]
    matches.sort(key=_rank(need))
    return SearchResult(
        need=need,
        area=area,
        at=at,
        matches=tuple(matches),
        local_available=bool(local) if area is not None else bool(local_anywhere),
    )


def get_service(service_id: str, directory: Directory | None = None) -> Service | None:
    """Return the service with this id from the (default) directory, or None."""
    return (directory or load_directory()).get(service_id)
