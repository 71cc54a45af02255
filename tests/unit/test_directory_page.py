"""The staff directory page served by the gateway."""

from __future__ import annotations

from fastapi.testclient import TestClient

import services_directory
from webhook.app import create_app
from webhook.config import Settings


def test_directory_page_lists_every_service_with_its_last_check_and_runs_no_script():
    client = TestClient(create_app(Settings()))
    response = client.get("/directory")
    assert response.status_code == 200
    for service in services_directory.load_directory().services:
        assert service.name.replace("&", "&amp;").replace("'", "&#x27;") in response.text or (
            service.name in response.text
        ), service.id
    helpline = services_directory.get_service(services_directory.HELPLINE_ID)
    # Nobody has confirmed the entries yet: the page says so instead of showing the date
    # the file was written as if it were a check.
    assert not helpline.confirmed
    assert f"not yet confirmed (recorded from its sources on {helpline.recorded})" in (
        response.text
    )
    csp = response.headers["content-security-policy"]
    assert "script-src" not in csp and "default-src 'none'" in csp
    assert "<script" not in response.text


def test_chat_page_keeps_the_strict_policy():
    client = TestClient(create_app(Settings()))
    assert "script-src 'self'" in client.get("/").headers["content-security-policy"]
