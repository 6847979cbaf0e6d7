"""The API docs (/docs) load everything from this server: they work offline. (ReDoc is off: it
fetches its logo from its makers' site.)"""

from __future__ import annotations

import re

from tests.conftest import Api

REFERENCE = re.compile(r"""(?:src|href|spec-url|url)\s*[=:]\s*["']([^"']+)["']""")


def test_redoc_is_off(api: Api) -> None:
    assert api.client.get("/redoc").status_code == 404


def test_the_docs_reference_no_other_server(api: Api) -> None:
    html = api.client.get("/docs")
    assert html.status_code == 200 and "memdb" in html.text
    assert not re.search(r"(?:https?:)?//(?!www\.w3\.org)", html.text), "a URL of another server"
    refs = REFERENCE.findall(html.text)
    assert any(r.endswith(".js") for r in refs) and "/openapi.json" in refs
    for ref in refs:
        assert ref.startswith("/"), ref
        assert api.client.get(ref).status_code == 200, ref
