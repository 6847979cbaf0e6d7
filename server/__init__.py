"""The memdb HTTP server: ``create_app(db, settings)``; ``memdb serve`` runs it with uvicorn."""

from server.app import create_app
from server.settings import ServerSettings

__all__ = ["ServerSettings", "create_app"]
