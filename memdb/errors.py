"""The memdb exception tree.

Every error memdb raises is a ``MemdbError``; errors of the libraries underneath (SQLAlchemy,
FAISS, sentence-transformers) are translated at the seam that calls them, so callers never see
them raw. Each class carries the HTTP status the server answers with, so the server needs one
exception handler::

    MemdbError                      500  memdb_error (base)
    ├── InvalidInputError           422  invalid_input
    ├── NotFoundError               404  not_found
    ├── ConflictError               409  conflict
    ├── ConfigError                 500  config_error
    ├── StorageError                503  storage_error
    ├── VectorIndexError            503  index_error
    ├── EmbeddingError              503  embedding_error
    │   … and what only the HTTP layer raises, so clients get the same classes back:
    ├── MalformedRequestError       400  malformed_request (an InvalidInputError: not JSON at all)
    ├── AuthenticationError         401  unauthenticated
    ├── PermissionDeniedError       403  forbidden
    ├── MethodNotAllowedError       405  method_not_allowed
    ├── RequestTimeoutError         408  request_timeout
    ├── PayloadTooLargeError        413  payload_too_large
    ├── ServerBusyError             503  server_busy (with Retry-After)
    └── InternalError               500  internal_error
"""

from __future__ import annotations

from typing import Any


class MemdbError(Exception):
    """Base of every error memdb raises."""

    status_code: int = 500
    code: str = "memdb_error"

    def __init__(self, message: str, *, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details: dict[str, Any] = details or {}

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "details": self.details}


class InvalidInputError(MemdbError, ValueError):
    """The caller passed something memdb cannot accept; nothing was changed."""

    status_code = 422
    code = "invalid_input"


class NotFoundError(MemdbError, LookupError):
    """An id, entity or user that does not exist (or is not visible to the caller)."""

    status_code = 404
    code = "not_found"


class ConflictError(MemdbError):
    """The request contradicts stored data, e.g. an episode id reused with different content."""

    status_code = 409
    code = "conflict"


class ConfigError(MemdbError):
    """memdb is configured in a way that cannot work (bad path, wrong model for this database)."""

    status_code = 500
    code = "config_error"


class StorageError(MemdbError):
    """The database failed underneath memdb; the operation was rolled back."""

    status_code = 503
    code = "storage_error"


class VectorIndexError(MemdbError):
    """The vector index failed; SQL stays the source of truth and the index can be rebuilt."""

    status_code = 503
    code = "index_error"


class EmbeddingError(MemdbError):
    """The embedding model could not be loaded or failed on the input."""

    status_code = 503
    code = "embedding_error"


class MalformedRequestError(InvalidInputError):
    """A request body that cannot be read as JSON at all (bad syntax, not UTF-8, nested too
    deeply); a body that is JSON but not what the route takes is an ``InvalidInputError`` (422)."""

    status_code = 400
    code = "malformed_request"


class AuthenticationError(MemdbError):
    """No API key, or one that is unknown or revoked."""

    status_code = 401
    code = "unauthenticated"


class PermissionDeniedError(MemdbError):
    """A valid key that may not do this: admin keys manage keys only, tenant keys cannot."""

    status_code = 403
    code = "forbidden"


class MethodNotAllowedError(MemdbError):
    status_code = 405
    code = "method_not_allowed"


class RequestTimeoutError(MemdbError):
    """The request body did not arrive in time."""

    status_code = 408
    code = "request_timeout"


class PayloadTooLargeError(MemdbError):
    status_code = 413
    code = "payload_too_large"


class ServerBusyError(MemdbError):
    """The server has as many requests at work and waiting as it takes; retry after a moment."""

    status_code = 503
    code = "server_busy"


class InternalError(MemdbError):
    """Something memdb did not expect; the server logs it and answers without a traceback."""

    status_code = 500
    code = "internal_error"
