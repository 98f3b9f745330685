"""Feedback after an interview: each participant rates the other once."""

from __future__ import annotations

import logging
from typing import Annotated

from aiohttp import web
from pydantic import Field, StringConstraints

from http_api.docs import documented
from http_api.middleware import current_user
from http_api.validation import Strict, parse_body
from realtime.db import Doc
from realtime.errors import Conflict, Forbidden, NotFound
from realtime.keys import database_key
from realtime.store.feedback import feedback_for, feedback_view, give_feedback
from signaling.rules import other_participant, participants
from signaling.store import get_interview

log = logging.getLogger(__name__)

MAX_NOTES = 2000


class FeedbackBody(Strict):
    rating: Annotated[int, Field(ge=1, le=5, strict=True)]
    notes: Annotated[str, StringConstraints(max_length=MAX_NOTES)] = ""


async def _own_interview(request: web.Request, user_id: str) -> Doc:
    """The interview in the path, if ``user_id`` took part in it."""
    interview_id = request.match_info["interview_id"]
    interview = None
    if len(interview_id) == 24:
        interview = await get_interview(request.app[database_key].db, interview_id)
    if interview is None or interview.get("interviewee_id") is None:
        raise NotFound("No such interview.", code="interview_not_found")
    if user_id not in participants(interview):
        raise Forbidden("You are not part of this interview.", code="not_participant")
    return interview


@documented(
    "Give feedback on the other participant, once, after the interview",
    body=FeedbackBody,
    status=201,
    errors=(403, 404, 409),
)
async def post_feedback(request: web.Request) -> web.Response:
    user_id = current_user(request)
    body = await parse_body(request, FeedbackBody)
    interview = await _own_interview(request, user_id)
    if interview.get("status") != "Completed":
        raise Conflict("Feedback opens when the interview has ended.", code="not_ended")

    doc = await give_feedback(
        request.app[database_key].db,
        interview_id=interview["_id"],
        from_user_id=user_id,
        to_user_id=other_participant(interview, user_id) or "",
        rating=body.rating,
        notes=body.notes,
    )
    log.info(
        "feedback given",
        extra={"interview_id": interview["_id"], "user_id": user_id},
    )
    return web.json_response({"feedback": feedback_view(doc)}, status=201)


@documented("Feedback you gave and received for an interview", errors=(403, 404))
async def get_feedback(request: web.Request) -> web.Response:
    user_id = current_user(request)
    interview = await _own_interview(request, user_id)
    found = await feedback_for(request.app[database_key].db, interview["_id"], user_id)
    return web.json_response(
        {
            "given": feedback_view(found["given"]),
            "received": feedback_view(found["received"]),
        }
    )


def setup(app: web.Application) -> None:
    path = "/api/interviews/{interview_id}/feedback"
    app.router.add_post(path, post_feedback)
    app.router.add_get(path, get_feedback)
