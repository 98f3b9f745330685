"""Request logging, the JSON error format and bearer-token auth."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable

from aiohttp import web

from realtime.errors import MockroomError, PayloadTooLarge, Unauthorized
from realtime.keys import auth_key, user_id_key
from realtime.security import bearer_token

log = logging.getLogger("http_api.access")
errors_log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

# Routes under /api that need no token.
PUBLIC_API = {"/api/auth/signup", "/api/auth/login", "/api/openapi.json"}


def error_response(
    status: int, code: str, message: str, details: object = None
) -> web.Response:
    body = {"error": {"code": code, "message": message, "details": details}}
    return web.json_response(body, status=status)


@web.middleware
async def access_log(request: web.Request, handler: Handler) -> web.StreamResponse:
    started = time.perf_counter()
    status = 500
    try:
        response = await handler(request)
        status = response.status
        return response
    except web.HTTPException as exc:
        status = exc.status
        raise
    finally:
        if not request.path.startswith("/socket.io"):
            log.info(
                "%s %s %s",
                request.method,
                request.path,
                status,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                    "user_id": request.get(user_id_key),
                },
            )


@web.middleware
async def json_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except MockroomError as exc:
        return error_response(exc.status, exc.code, exc.message, exc.details)
    except web.HTTPRequestEntityTooLarge:
        too_large = PayloadTooLarge("Request body is too large.")
        return error_response(413, too_large.code, too_large.message)
    except web.HTTPException as exc:
        if exc.status < 400 or not request.path.startswith(("/api", "/healthz")):
            raise
        code = exc.reason.lower().replace(" ", "_")
        return error_response(exc.status, code, exc.reason)
    except Exception:
        errors_log.exception(
            "unhandled error",
            extra={
                "method": request.method,
                "path": request.path,
                "user_id": request.get(user_id_key),
            },
        )
        return error_response(500, "internal_error", "Something went wrong.")


@web.middleware
async def require_token(request: web.Request, handler: Handler) -> web.StreamResponse:
    if request.path.startswith("/api/") and request.path not in PUBLIC_API:
        token = bearer_token(request.headers.get("Authorization"))
        if token is None:
            raise Unauthorized("Missing bearer token.", code="token_missing")
        request[user_id_key] = request.app[auth_key].verify_token(token)
    return await handler(request)


def current_user(request: web.Request) -> str:
    user_id = request.get(user_id_key)
    if not user_id:
        raise Unauthorized("Missing bearer token.", code="token_missing")
    return str(user_id)
