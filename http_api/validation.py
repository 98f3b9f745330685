"""Reading and validating request input with pydantic.

Every failure becomes a ValidationFailed whose details name each bad field,
so the client can put the message next to the right input.
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from aiohttp import web
from pydantic import BaseModel, ConfigDict, ValidationError

from realtime.errors import BadRequest, PayloadTooLarge, ValidationFailed

M = TypeVar("M", bound=BaseModel)


class Strict(BaseModel):
    """Base for request models: unknown fields are an error."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def field_path(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc) or "body"


def details_from(exc: ValidationError) -> list[dict[str, str]]:
    details = []
    for error in exc.errors(include_url=False):
        message = str(error["msg"]).removeprefix("Value error, ")
        details.append({"field": field_path(error["loc"]), "message": message})
    return details


def validate(model: type[M], data: Any, *, what: str = "Request body") -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ValidationFailed(
            f"{what} is invalid.", details=details_from(exc)
        ) from None


async def read_json(request: web.Request) -> Any:
    """The request body as JSON; 413 past the size limit, 400 if not JSON."""
    try:
        raw = await request.read()
    except web.HTTPRequestEntityTooLarge:
        raise PayloadTooLarge(
            f"Request body is larger than {request.app._client_max_size} bytes."
        ) from None
    if not raw:
        return None
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise BadRequest(
            "Request body is not valid JSON.", code="invalid_json"
        ) from None


async def parse_body(request: web.Request, model: type[M]) -> M:
    """A JSON body as ``model``, with JSON types taken as they are: ``"60"``
    is no number and ``"yes"`` no boolean (times come as ISO strings)."""
    data = await read_json(request)
    if not isinstance(data, dict):
        raise BadRequest("Request body must be a JSON object.", code="invalid_json")
    try:
        return model.model_validate_json(await request.read(), strict=True)
    except ValidationError as exc:
        raise ValidationFailed(
            "Request body is invalid.", details=details_from(exc)
        ) from None


def parse_query(request: web.Request, model: type[M]) -> M:
    query: dict[str, str] = {}
    for key in request.query:
        values = request.query.getall(key)
        if len(values) > 1:
            raise ValidationFailed(
                "Query is invalid.",
                details=[{"field": key, "message": "given more than once"}],
            )
        query[key] = values[0]
    return validate(model, query, what="Query")
