"""Domain errors shared by the store, the services and the HTTP layer.

Every error carries a machine-readable ``code``, a one-sentence ``message``
and optional ``details``; the HTTP error middleware turns them into the
documented JSON shape and the socket handlers into error acks.
"""

from __future__ import annotations

from typing import Any


class MockroomError(Exception):
    """Root of every error mockroom raises on purpose."""

    status = 500
    code = "internal_error"

    def __init__(
        self, message: str, *, code: str | None = None, details: Any = None
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.details = details

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "details": self.details}


class BadRequest(MockroomError):
    status = 400
    code = "bad_request"


class ValidationFailed(BadRequest):
    """Input failed validation; ``details`` lists ``{field, message}``."""

    code = "validation_error"


class Unauthorized(MockroomError):
    status = 401
    code = "unauthorized"


class Forbidden(MockroomError):
    status = 403
    code = "forbidden"


class NotFound(MockroomError):
    status = 404
    code = "not_found"


class Conflict(MockroomError):
    status = 409
    code = "conflict"


class PayloadTooLarge(MockroomError):
    status = 413
    code = "payload_too_large"


class TooManyRequests(MockroomError):
    status = 429
    code = "too_many_requests"


class StartupError(Exception):
    """The server cannot start; the message says why and what to change."""
