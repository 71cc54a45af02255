"""GET /directory: every service grouped by need, with its source and last check."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

import services_directory

router = APIRouter()

# The page is self-contained with one inline <style> and no script at all.
DIRECTORY_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)


@router.get("/directory", response_class=HTMLResponse, include_in_schema=False)
async def directory_page() -> HTMLResponse:
    """The staff review page (public data: no personal information is in the directory)."""
    return HTMLResponse(
        services_directory.render_html(), headers={"Content-Security-Policy": DIRECTORY_CSP}
    )
