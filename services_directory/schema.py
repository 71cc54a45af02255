"""Pydantic (v1) models for the services directory and its area list."""

from __future__ import annotations

import re
from datetime import date
from typing import Dict, List, Literal, Union

from pydantic import (
    BaseModel,
    Extra,
    PydanticValueError,
    StrictBool,
    StrictStr,
    root_validator,
    validator,
)

# The fixed need vocabulary: intents and actions map onto these, so a new tag is a code
# change, not a data change.
NEEDS = (
    "helpline",
    "idva",
    "refuge",
    "sexual_violence",
    "perpetrator_programme",
    "young_people",
    "children",
    "male_victims",
    "lgbt",
    "older_people",
    "honour_based_abuse",
    "forced_marriage",
    "fgm",
    "stalking",
    "tech_safety",
    "counselling",
    "legal",
    "housing",
    "emotional_support",
    "disability",  # Deaf and disabled people: text relay, 999 by text
    "substance_use",  # drink, drugs and mental health alongside abuse
)
CHANNELS = ("web", "sms")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
NATIONAL = "national"
# Routes that reach the service itself rather than through another one.
DIRECT_ROUTES = ("phone", "text", "webchat", "email", "website")

Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_HHMM = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
_SPACED_DIGITS = re.compile(r"^\d+(?: \d+)*$")
# Short numbers people dial as they are, written the way they are read aloud.
_SHORT_NUMBERS = {"999", "101", "111", "0800 1111"}
# Relay UK (safety-facts.md): 18000 reaches the emergency services by text relay, and
# 18001 in front of any number calls it by text relay.
_RELAY_EMERGENCY = "18000"
_RELAY_PREFIX = "18001 "
# A number may carry a short instruction in brackets that must never be separated from
# it, e.g. "999 (register first: text register to 999)".
_NUMBER_WITH_NOTE = re.compile(r"^(?P<number>[\d ]+?)(?: \((?P<note>[^()]{3,120})\))?$")
_HARMONISED_116 = re.compile(r"^116 \d{3}$")  # 116 xxx: harmonised European helplines


class UnknownNeedError(PydanticValueError):
    """A need tag outside the fixed vocabulary."""

    code = "unknown_need"
    msg_template = "unknown need tag '{tag}'"


class PhoneNumberError(PydanticValueError):
    """A phone number that is not a UK number written with spaces."""

    code = "bad_phone"
    msg_template = "'{number}' is not a UK phone number written with spaces as people read it"


class NoContactRouteError(PydanticValueError):
    """A service nobody could reach."""

    code = "no_contact"
    msg_template = (
        "no contact route: give a phone, text, webchat, email, website, referral, "
        "or via_helpline with via"
    )


class RefugeAddressError(PydanticValueError):
    """An address on a refuge: never stored, because it would put residents in danger."""

    code = "refuge_address"
    msg_template = "refuge addresses are never stored"


def is_uk_phone(number: str) -> bool:
    """Return True if `number` is a diallable UK number grouped with single spaces."""
    if not isinstance(number, str) or not _SPACED_DIGITS.match(number):
        return False
    if number in _SHORT_NUMBERS or _HARMONISED_116.match(number):
        return True
    digits = number.replace(" ", "")
    groups = number.split(" ")
    first, rest = groups[0], groups[1:]
    # Long numbers must be split for reading after the code, e.g. "01225 477000".
    if not rest or any(not 2 <= len(g) <= 6 for g in rest):
        return False
    if first == "0808":
        return len(digits) == 11
    if first == "0800":
        return len(digits) in (10, 11)  # some older 0800 numbers have 10 digits
    if first.startswith("03"):
        return len(first) == 4 and len(digits) == 11
    if first.startswith("02"):
        return len(first) == 3 and len(digits) == 11
    if first.startswith("07"):
        return len(first) == 5 and len(digits) == 11
    if first.startswith("01"):
        return 4 <= len(first) <= 6 and len(digits) in (10, 11)
    return False


def is_relay_phone(number: str) -> bool:
    """Return True for a Relay UK number: 18000, or 18001 before a UK number."""
    if number == _RELAY_EMERGENCY:
        return True
    return number.startswith(_RELAY_PREFIX) and is_uk_phone(number[len(_RELAY_PREFIX) :])


def split_number(value: str) -> tuple[str, str | None]:
    """Split "999 (register first: ...)" into the number and its instruction."""
    found = _NUMBER_WITH_NOTE.match(value) if isinstance(value, str) else None
    if not found:
        return value, None
    return found["number"], found["note"]


def is_international_uk_phone(number: str) -> bool:
    """Return True for a UK number written for callers abroad, e.g. '+44 20 7008 0151'."""
    if not isinstance(number, str) or not number.startswith("+44 "):
        return False
    rest = number[4:]
    return bool(_SPACED_DIGITS.match(rest)) and len(rest.replace(" ", "")) == 10


class _Strict(BaseModel):
    class Config:
        extra = Extra.forbid
        allow_mutation = False


class Audience(_Strict):
    """Who a service is for."""

    gender: Literal["any", "women", "men"] = "any"
    min_age: int | None = None
    max_age: int | None = None  # None: no upper limit
    areas: Union[Literal["national"], List[StrictStr]]
    # Who the service says it is for, in its own words (e.g. "for women, and anyone
    # calling about a woman"): for staff, and the source of `gender` and the ages.
    note: StrictStr | None = None

    @validator("min_age", "max_age")
    def _age_range(cls, v):  # noqa: N805
        if v is not None and not 0 <= v <= 120:
            raise ValueError("age must be between 0 and 120")
        return v

    @root_validator(skip_on_failure=True)
    def _min_below_max(cls, values):  # noqa: N805
        lo, hi = values.get("min_age"), values.get("max_age")
        if lo is not None and hi is not None and lo > hi:
            raise ValueError("min_age is above max_age")
        if isinstance(values.get("areas"), list) and not values["areas"]:
            raise ValueError("areas is empty: use 'national' or list area ids")
        return values


class Contact(_Strict):
    """How to reach a service; at least one route is required."""

    phone: StrictStr | None = None
    phone_from_abroad: StrictStr | None = None
    text: StrictStr | None = None
    webchat: Union[StrictBool, StrictStr] | None = None  # True: exists, address not sourced
    email: StrictStr | None = None
    website: StrictStr | None = None
    referral: StrictStr | None = None  # e.g. "Through your GP surgery"
    via_helpline: StrictBool = False
    via: StrictStr | None = None  # id of the service that is the way in

    @validator("phone")
    def _phone(cls, v):  # noqa: N805
        if v is None:
            return v
        number, _ = split_number(v)
        if not (is_uk_phone(number) or is_relay_phone(number)):
            raise PhoneNumberError(number=v)
        return v

    @validator("phone_from_abroad")
    def _phone_abroad(cls, v):  # noqa: N805
        if v is not None and not is_international_uk_phone(v):
            raise PhoneNumberError(number=v)
        return v

    @validator("text")
    def _text(cls, v):  # noqa: N805
        # SMS can also go to a 5-digit short code.
        if v is None:
            return v
        number, _ = split_number(v)
        if not (is_uk_phone(number) or re.fullmatch(r"\d{5}", number)):
            raise PhoneNumberError(number=v)
        return v

    @validator("webchat")
    def _webchat(cls, v):  # noqa: N805
        if v is False:
            return None
        if isinstance(v, str) and not _URL.match(v):
            raise ValueError("webchat must be true or an http(s) address")
        return v

    @validator("website")
    def _website(cls, v):  # noqa: N805
        if v is not None and not _URL.match(v):
            raise ValueError("website must be an http(s) address")
        return v

    @validator("email")
    def _email(cls, v):  # noqa: N805
        if v is not None and not _EMAIL.match(v):
            raise ValueError("not an email address")
        return v

    @validator("via")
    def _via(cls, v):  # noqa: N805
        if v is not None and not _SLUG.match(v):
            raise ValueError("via must be a service id")
        return v

    @root_validator(skip_on_failure=True)
    def _has_route(cls, values):  # noqa: N805
        if values.get("via_helpline") and not values.get("via"):
            raise ValueError("via_helpline needs 'via': the id of that helpline")
        if not any(values.get(k) for k in ("referral", "via", *DIRECT_ROUTES)):
            raise NoContactRouteError()
        return values

    @property
    def direct(self) -> bool:
        """Whether a person can contact the service itself (not only through another)."""
        return any(getattr(self, k) for k in DIRECT_ROUTES)

    @property
    def by_phone_or_text(self) -> bool:
        """Whether the service itself has a number to call or text (what SMS can give)."""
        return bool(self.phone or self.text)

    @property
    def phone_number(self) -> str | None:
        """The number to dial, without any bracketed instruction."""
        return split_number(self.phone)[0] if self.phone else None

    @property
    def text_number(self) -> str | None:
        """The number to text, without any bracketed instruction."""
        return split_number(self.text)[0] if self.text else None


class Interval(_Strict):
    """One weekly opening interval; close before open means it runs past midnight."""

    days: List[Day]
    open: StrictStr
    close: StrictStr

    @validator("open", "close", pre=True)
    def _hhmm(cls, v):  # noqa: N805
        # Unquoted 08:00 in YAML 1.1 is the number 480, so insist on quoted strings.
        if not isinstance(v, str) or not _HHMM.match(v):
            raise ValueError(f'time {v!r} must be a quoted "HH:MM" string')
        return v

    @root_validator(skip_on_failure=True)
    def _not_empty(cls, values):  # noqa: N805
        if values["open"] == values["close"]:
            raise ValueError("open equals close: use type 'always' for 24 hours")
        if not values["days"]:
            raise ValueError("interval has no days")
        return values


class Hours(_Strict):
    """Machine-readable opening hours, evaluated in Europe/London."""

    type: Literal["always", "weekly", "unknown"]
    intervals: List[Interval] = []

    @root_validator(skip_on_failure=True)
    def _intervals_match_type(cls, values):  # noqa: N805
        if values["type"] == "weekly" and not values["intervals"]:
            raise ValueError("weekly hours need at least one interval")
        if values["type"] != "weekly" and values["intervals"]:
            raise ValueError(f"hours of type {values['type']} take no intervals")
        return values


class Service(_Strict):
    """One service in the directory."""

    id: StrictStr
    name: StrictStr
    needs: List[StrictStr]  # most central need first: search uses the order
    audience: Audience
    contact: Contact
    hours: Hours
    languages: List[StrictStr]
    interpreters: Union[StrictBool, Literal["unknown"]] = "unknown"
    what_to_expect: StrictStr
    # How an SMS names it when its name gives the topic away on a lock screen
    # ("National Domestic Abuse Helpline" -> "National Helpline (Refuge)").
    sms_name: StrictStr | None = None
    source: List[StrictStr]
    # When the entry was written from its sources. Not a confirmation: see last_checked.
    recorded: date | None = None
    # When someone confirmed the entry with the service or its published source, and who
    # (a role or organisation, never a person's name). Both null: not yet confirmed.
    last_checked: date | None = None
    checked_by: StrictStr | None = None
    # Channels the service may be offered on. SMS replies carry no web addresses, so a
    # service reached only by website or referral is offered on the web only.
    channels: List[Literal["web", "sms"]] = list(CHANNELS)
    verify: StrictBool = False
    verify_note: StrictStr | None = None
    notes: StrictStr | None = None  # for partnership staff, never shown to users

    @root_validator(pre=True)
    def _no_refuge_address(cls, values):  # noqa: N805
        needs = values.get("needs") or []
        contact = values.get("contact") or {}
        has_address = "address" in values or (isinstance(contact, dict) and "address" in contact)
        if has_address and "refuge" in needs:
            raise RefugeAddressError()
        return values

    @validator("id")
    def _slug(cls, v):  # noqa: N805
        if not _SLUG.match(v):
            raise ValueError("id must be a lower-case slug like 'national-helpline'")
        return v

    @validator("needs")
    def _needs_not_empty(cls, v):  # noqa: N805
        if not v:
            raise ValueError("a service needs at least one need tag")
        if len(set(v)) != len(v):
            raise ValueError("repeated need tag")
        return v

    @validator("needs", each_item=True)
    def _need_known(cls, v):  # noqa: N805
        if v not in NEEDS:
            raise UnknownNeedError(tag=v)
        return v

    @validator("source", pre=True)
    def _source_list(cls, v):  # noqa: N805
        if isinstance(v, str):
            v = [v]
        if not v:
            raise ValueError("source is required")
        return v

    @validator("languages")
    def _languages(cls, v):  # noqa: N805
        if not v:
            raise ValueError("list at least one language")
        return v

    @validator("what_to_expect")
    def _one_sentence(cls, v):  # noqa: N805
        v = v.strip()
        if not v.endswith((".", "?")) or len(v) > 240 or re.search(r"[.!?]\s+[A-Z]", v):
            raise ValueError("what_to_expect must be one short sentence ending with a full stop")
        return v

    @validator("channels")
    def _channels(cls, v):  # noqa: N805
        if not v or len(set(v)) != len(v):
            raise ValueError("channels lists web and/or sms, each once")
        return v

    @root_validator(skip_on_failure=True)
    def _verify_explained(cls, values):  # noqa: N805
        if values.get("verify") and not values.get("verify_note"):
            raise ValueError("verify: true needs a verify_note saying what to check")
        return values

    @root_validator(skip_on_failure=True)
    def _checked_or_recorded(cls, values):  # noqa: N805
        checked, by = values.get("last_checked"), values.get("checked_by")
        if (checked is None) != (by is None):
            raise ValueError(
                "last_checked and checked_by go together: the date someone confirmed the "
                "entry, and who (both null if nobody has yet)"
            )
        if checked is None and values.get("recorded") is None:
            raise ValueError("an entry nobody has confirmed needs 'recorded': when it was written")
        return values

    @property
    def confirmed(self) -> bool:
        """Whether someone has confirmed this entry with the service or its source."""
        return self.last_checked is not None

    @property
    def dated(self) -> date:
        """The date the entry's age is counted from: its last check, else its writing."""
        return self.last_checked or self.recorded  # type: ignore[return-value]


class Area(_Strict):
    """A local area, with the postcode districts and towns that resolve to it."""

    name: StrictStr
    postcode_districts: List[StrictStr]
    postcode_sectors: List[StrictStr] = []  # e.g. "SG5 4" where the district is split
    towns: List[StrictStr]
    aliases: List[StrictStr] = []

    @validator("postcode_districts", each_item=True)
    def _district(cls, v):  # noqa: N805
        if not re.fullmatch(r"[A-Z]{1,2}\d[A-Z\d]?", v):
            raise ValueError(f"{v!r} is not an upper-case postcode district like 'BA2'")
        return v

    @validator("postcode_sectors", each_item=True)
    def _sector(cls, v):  # noqa: N805
        if not re.fullmatch(r"[A-Z]{1,2}\d[A-Z\d]? \d", v):
            raise ValueError(f"{v!r} is not a postcode sector like 'SG5 4'")
        return v


class AreaFile(_Strict):
    """The contents of areas.yml."""

    areas: Dict[StrictStr, Area]
    # Places next to ours that must never be fuzzily matched onto one of our areas.
    not_covered: List[StrictStr] = []
    not_covered_postcodes: List[StrictStr] = []  # districts we know are not ours
    ambiguous: List[StrictStr] = []  # wider counties: None alone, ignored beside a town
    common_words: List[StrictStr] = []  # towns that are also words: whole-text match only
    ordinary_words: List[StrictStr] = []  # words near a place name: never a place


class Labels(_Strict):
    """Words for needs, days and hours, kept in data like every other sentence."""

    needs: Dict[StrictStr, StrictStr]
    days: Dict[StrictStr, StrictStr]
    hours: Dict[StrictStr, StrictStr]
    page: Dict[StrictStr, StrictStr]

    @validator("needs")
    def _all_needs(cls, v):  # noqa: N805
        missing = [n for n in NEEDS if n not in v]
        if missing:
            raise ValueError(f"no label for needs: {', '.join(missing)}")
        return v
