"""Profiles: your own, editable, and other users' public ones."""

from __future__ import annotations

import logging

from aiohttp import web

from http_api.docs import documented
from http_api.fields import (
    Availability,
    Bio,
    Level,
    Name,
    Skills,
    TimeZone,
    check_availability,
)
from http_api.middleware import current_user
from http_api.validation import Strict, parse_body
from realtime.errors import NotFound, ValidationFailed
from realtime.keys import database_key
from realtime.store import users

log = logging.getLogger(__name__)


class ProfileBody(Strict):
    name: Name | None = None
    skills: Skills | None = None
    experience_level: Level | None = None
    timezone: TimeZone | None = None
    availability: Availability | None = None
    bio: Bio | None = None


@documented("Your own profile", errors=(404,))
async def get_me(request: web.Request) -> web.Response:
    doc = await users.get_user(request.app[database_key].db, current_user(request))
    return web.json_response({"user": users.own_user(doc)})


@documented("Edit your profile", body=ProfileBody, errors=(404, 413))
async def put_me(request: web.Request) -> web.Response:
    body = await parse_body(request, ProfileBody)
    changes = body.model_dump(exclude_unset=True)
    if any(value is None for value in changes.values()):
        nulls = sorted(k for k, v in changes.items() if v is None)
        raise ValidationFailed(
            "Fields may not be null.",
            details=[{"field": k, "message": "may not be null"} for k in nulls],
        )
    if "availability" in changes:
        changes["availability"] = check_availability(changes["availability"])

    user_id = current_user(request)
    doc = await users.update_profile(request.app[database_key].db, user_id, changes)
    log.info("profile updated", extra={"user_id": user_id, "fields": sorted(changes)})
    return web.json_response({"user": users.own_user(doc)})


@documented("A user's public profile", errors=(404,))
async def get_user(request: web.Request) -> web.Response:
    user_id = request.match_info["user_id"]
    if len(user_id) != 24:
        raise NotFound("No such user.", code="user_not_found")
    doc = await users.get_user(request.app[database_key].db, user_id)
    return web.json_response({"user": users.public_user(doc)})


def setup(app: web.Application) -> None:
    app.router.add_get("/api/users/me", get_me)
    app.router.add_put("/api/users/me", put_me)
    app.router.add_get("/api/users/{user_id}", get_user)
