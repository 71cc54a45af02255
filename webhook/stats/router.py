"""Routes of the stats endpoint (filled in by the privacy issue)."""

from fastapi import APIRouter

router = APIRouter()
