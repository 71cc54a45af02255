"""Safe Steps services directory: data, schema, search and validator (no Rasa import)."""

from __future__ import annotations

from .areas import ELSEWHERE, Located, locate, locate_area, resolve_area
from .hours import is_open, opens_next
from .loader import Directory, DirectoryError, clear_cache, load_directory
from .reach import offered_on, reachable_on
from .render import describe_hours, render_html
from .schema import NEEDS, Service
from .search import Match, SearchResult, Via, find, get_service

# The National Domestic Abuse Helpline: the door of last resort in every reply.
HELPLINE_ID = "national-domestic-abuse-helpline"

__all__ = [
    "ELSEWHERE",
    "HELPLINE_ID",
    "Located",
    "NEEDS",
    "Directory",
    "DirectoryError",
    "Match",
    "SearchResult",
    "Via",
    "Service",
    "clear_cache",
    "describe_hours",
    "find",
    "get_service",
    "is_open",
    "locate",
    "locate_area",
    "load_directory",
    "offered_on",
    "opens_next",
    "reachable_on",
    "render_html",
    "resolve_area",
]
