"""The memory inspector: a static page at ``/ui/`` that signs in with an API key and calls only
the ``/v1`` routes, like any other client. Every asset ships in this folder (cytoscape.js is
vendored under ``static/vendor`` with its licence), so the page works offline."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.responses import Response
from starlette.types import Scope

STATIC = Path(__file__).parent / "static"

#: Only this server's own files and API, no inline script; cytoscape.js injects one inline stylesheet.
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                               "object-src 'none'; base-uri 'none'; "
                               "form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


class _Assets(StaticFiles):
    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        response.headers.update(HEADERS)
        return response


def mount(app: FastAPI) -> None:
    """Serve the page at ``/ui/`` (``/`` and ``/ui`` redirect there); not part of the OpenAPI contract."""

    async def to_page() -> RedirectResponse:
        return RedirectResponse("ui/")  # relative: works behind a path prefix too

    for path in ("/", "/ui"):
        app.add_api_route(path, to_page, include_in_schema=False)
    app.mount("/ui/", _Assets(directory=STATIC, html=True), name="ui")
