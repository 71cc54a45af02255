"""Find services for a need, ranked by fit for a place, a person and a moment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterator, List, Mapping, Tuple

from .areas import resolve_area
from .hours import is_open, opens_next, to_london
from .loader import Directory, load_directory
from .reach import offered_on
from .schema import CHANNELS, NATIONAL, NEEDS, Service

_WOMEN = {"women", "woman", "female", "f", "girl", "girls"}
_MEN = {"men", "man", "male", "m", "boy", "boys"}


@dataclass(frozen=True)
class Via:
    """The service a person contacts to reach another one, with its own opening state.

    Its hours are its own: a reply says e.g. "reached through the National Domestic
    Abuse Helpline, 0808 2000 247 (open 24/7)", never that the service it leads to is
    open 24/7.
    """

    service: Service
    open_now: bool | None  # None: hours unknown
    always_open: bool
    opens_next: datetime | None

    @property
    def name(self) -> str:
        """The way-in service's name."""
        return self.service.name

    @property
    def phone(self) -> str | None:
        """The way-in service's number to call, as written in the data."""
        return self.service.contact.phone

    @property
    def text(self) -> str | None:
        """The way-in service's number to text, as written in the data."""
        return self.service.contact.text


@dataclass(frozen=True)
class Match:
    """One service in a search result, with its own opening state at the time asked.

    `open_now`, `always_open` and `opens_next` describe the service's own hours only
    (unknown for most services reached through a helpline); `via` carries the way in
    and that service's hours, separately.
    """

    service: Service
    local: bool
    open_now: bool | None  # None: hours unknown
    always_open: bool
    opens_next: datetime | None
    via: Via | None = None  # the service to go through, when it is the only way in

    @property
    def only_via(self) -> bool:
        """Whether a person can reach the service only through `via`."""
        return self.via is not None and not self.service.contact.direct

    @property
    def hours_from_via(self) -> bool:
        """Alias of `only_via`, kept for callers: the hours to show are `via`'s, as its own.

        The match's own `open_now`/`always_open` never describe `via` any more; say
        "reached through <via.name>, <via.phone>" with `via.always_open`/`via.open_now`.
        """
        return self.only_via

    @property
    def can_start_now(self) -> bool | None:
        """Whether a person can take the first step now: call it, or its way in."""
        if self.only_via and self.open_now is None:
            return self.via.open_now  # type: ignore[union-attr]
        return self.open_now


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


def _via(service: Service, at: datetime, directory: Directory) -> Via | None:
    target = directory.get(service.contact.via) if service.contact.via else None
    if target is None:
        return None
    return Via(
        service=target,
        open_now=is_open(target.hours, at),
        always_open=target.hours.type == "always",
        opens_next=opens_next(target.hours, at),
    )


def _match(service: Service, local: bool, at: datetime, directory: Directory) -> Match:
    return Match(
        service=service,
        local=local,
        open_now=is_open(service.hours, at),
        always_open=service.hours.type == "always",
        opens_next=opens_next(service.hours, at),
        via=_via(service, at, directory),
    )


def _door_fits(service: Service, audience: Any, directory: Directory) -> bool:
    """Whether the person is eligible for the service and for its only way in.

    A service reached only through a line that is not for this person (e.g. a women's
    helpline, for a man) is a door that would not open for them, so it is not offered.
    """
    if not fits(service, audience):
        return False
    via = directory.get(service.contact.via) if service.contact.via else None
    return service.contact.direct or via is None or fits(via, audience)


def _gender_order(service: Service, gender: str | None) -> int:
    # When we don't know who is asking, a service for anyone comes before one for a
    # single gender; then the women's service before the men's, as the sources and the
    # national helpline describe women's services as the main provision (SARSAS and the
    # helpline) and men are pointed to their own line. A known gender is filtered in
    # `fits`, so this only orders what is left.
    if gender is not None:
        return 0
    return {"any": 0, "women": 1, "men": 2}[service.audience.gender]


def _rank(need: str, gender: str | None):
    open_order = {True: 0, None: 1, False: 2}

    def key(m: Match):
        # Local before national: the right door first time, which is what people asked
        # the partnerships for. Within each, open now, then unknown hours, then closed,
        # so a line known to answer comes before one that may not (for a service reached
        # only through a helpline: whether that helpline answers now); then services
        # whose main need this is, then those for anyone, then those reached directly,
        # then by name. Replies list national lines too, so at 3am the 24-hour helpline
        # is still offered.
        return (
            not m.local,
            open_order[m.can_start_now],
            m.service.needs.index(need),
            _gender_order(m.service, gender),
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
    channel: str | None = None,
    directory: Directory | None = None,
) -> SearchResult:
    """Return services for `need`, local to `area` (an id, town or postcode) first.

    Args:
        need: a need tag from schema.NEEDS.
        area: an area id, town or postcode; None for national services only.
        audience: the person, as a mapping or object with `gender` and `age`.
        at: the time to judge opening hours at (default now, Europe/London).
        channel: "web" or "sms" to list only services reachable on it; None for all.
        directory: the data to search (default: the shipped directory).

    Returns:
        The matches, local first, each with its own hours and its way in.
    """
    if need not in NEEDS:
        raise ValueError(f"unknown need {need!r}; expected one of {', '.join(NEEDS)}")
    if channel is not None and channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}; expected one of {', '.join(CHANNELS)}")
    directory = directory or load_directory()
    at = to_london(at)
    if area is not None and area not in directory.areas.areas:
        area = resolve_area(area, directory)

    candidates = [
        s
        for s in directory.services
        if need in s.needs
        and _door_fits(s, audience, directory)
        and offered_on(s, channel, directory.get)
    ]
    national = [s for s in candidates if s.audience.areas == NATIONAL]
    local_anywhere = [s for s in candidates if s.audience.areas != NATIONAL]
    local = [s for s in local_anywhere if area is not None and area in s.audience.areas]

    matches = [_match(s, True, at, directory) for s in local]
    matches += [_match(s, False, at, directory) for s in national]
    matches.sort(key=_rank(need, _gender(audience)))
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
