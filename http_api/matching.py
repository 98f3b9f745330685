"""The dashboard of peers, ranked matches and the best match."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal

from aiohttp import web
from pydantic import BeforeValidator, Field, StringConstraints
from pymongo.errors import PyMongoError

from http_api.docs import documented
from http_api.fields import MAX_SKILL_LENGTH, Level
from http_api.middleware import current_user
from http_api.validation import Strict, parse_query
from realtime import matching_service as service
from realtime.candidates import CandidateCache
from realtime.keys import candidates_key, database_key, presence_key

MAX_QUERY = 80
MAX_OFFSET = 10_000


def _blank_is_none(value: Any) -> Any:
    """An empty filter (``?skill=``) means no filter."""
    if isinstance(value, str) and not value.strip():
        return None
    return value


Skill = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=MAX_SKILL_LENGTH)
]
Query = Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_QUERY)]
SkillFilter = Annotated[Skill | None, BeforeValidator(_blank_is_none)]
NameFilter = Annotated[Query | None, BeforeValidator(_blank_is_none)]
LevelFilter = Annotated[Level | None, BeforeValidator(_blank_is_none)]
Mode = Literal["similar", "complementary"]


class PeersQuery(Strict):
    skill: SkillFilter = None
    level: LevelFilter = None
    q: NameFilter = None
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class MatchQuery(Strict):
    mode: Mode = "similar"
    skill: SkillFilter = None
    limit: int = Field(10, ge=1, le=50)


class BestQuery(Strict):
    mode: Mode = "similar"
    skill: SkillFilter = None


@documented("Other users, with presence and open slots", query=PeersQuery)
async def list_peers(request: web.Request) -> web.Response:
    query = parse_query(request, PeersQuery)
    page = await service.list_peers(
        request.app[database_key].db,
        request.app[presence_key],
        current_user(request),
        skill=query.skill,
        level=query.level,
        q=query.q,
        limit=query.limit,
        offset=query.offset,
    )
    return web.json_response(page)


@documented("Peers ranked for you, with scores and reasons", query=MatchQuery)
async def list_matches(request: web.Request) -> web.Response:
    query = parse_query(request, MatchQuery)
    result = await service.find_matches(
        request.app[database_key].db,
        current_user(request),
        mode=query.mode,
        skill=query.skill,
        limit=query.limit,
        cache=request.app[candidates_key],
    )
    return web.json_response(result)


@documented(
    "The best match and times to propose to them", query=BestQuery, errors=(404,)
)
async def get_best_match(request: web.Request) -> web.Response:
    query = parse_query(request, BestQuery)
    result = await service.best_match(
        request.app[database_key].db,
        current_user(request),
        mode=query.mode,
        skill=query.skill,
        cache=request.app[candidates_key],
    )
    return web.json_response(result)


async def warm_candidates(app: web.Application) -> AsyncIterator[None]:
    """Load the candidate cache in the background as the server starts, so
    the first match request does not pay for reading every user."""
    task = asyncio.create_task(
        app[candidates_key].table(app[database_key].db), name="warm-candidates"
    )
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError, PyMongoError):
        await task


def setup(app: web.Application) -> None:
    app[candidates_key] = CandidateCache()
    # Registered after the database's context, so it starts after it.
    app.cleanup_ctx.append(warm_candidates)
    app.router.add_get("/api/peers", list_peers)
    app.router.add_get("/api/match", list_matches)
    app.router.add_get("/api/match/best", get_best_match)
