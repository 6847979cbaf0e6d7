"""The API docs (/docs, /redoc) load everything from this server: they work offline."""

from __future__ import annotations

import re

import pytest

from tests.conftest import Api

REFERENCE = re.compile(r"""(?:src|href|spec-url|url)\s*[=:]\s*["']([^"']+)["']""")


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_the_docs_reference_no_other_server(api: Api, page: str) -> None:
    html = api.client.get(page)
    assert html.status_code == 200 and "memdb" in html.text
    assert not re.search(r"(?:https?:)?//(?!www\.w3\.org)", html.text), "a URL of another server"
    refs = REFERENCE.findall(html.text)
    assert any(r.endswith(".js") for r in refs) and "/openapi.json" in refs
    for ref in refs:
        assert ref.startswith("/"), ref
        assert api.client.get(ref).status_code == 200, ref
