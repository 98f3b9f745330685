"""Your interviews: the list, one interview, its meeting link and invite."""

from __future__ import annotations

import logging
from typing import Annotated

from aiohttp import web
from icalendar import Calendar, Event
from pydantic import Field, HttpUrl, UrlConstraints

from http_api.docs import documented
from http_api.middleware import current_user
from http_api.validation import Strict, parse_body
from realtime import booking
from realtime.clock import utcnow
from realtime.db import Doc
from realtime.errors import NotFound, ValidationFailed
from realtime.keys import database_key
from realtime.store import slots as store
from realtime.store.feedback import feedback_for, feedback_view

log = logging.getLogger(__name__)

LIST_LIMIT = 100
HttpsUrl = Annotated[HttpUrl, UrlConstraints(allowed_schemes=["https"], max_length=500)]


class MeetingLinkBody(Strict):
    meeting_link: HttpsUrl | None = Field(...)


async def own_interview(request: web.Request) -> Doc:
    """The interview in the path, if the caller takes part; 404 otherwise
    (others may not even learn that it exists)."""
    slot_id = request.match_info["interview_id"]
    user_id = current_user(request)
    doc = await store.get(request.app[database_key].db, slot_id)
    if doc is None or user_id not in (doc["interviewer_id"], doc.get("interviewee_id")):
        raise NotFound("No such interview.", code="interview_not_found")
    return doc


async def settle(request: web.Request, user_id: str) -> None:
    """Interviews of the user that have ended become Completed."""
    await store.complete_ended(request.app[database_key].db, utcnow(), user_id)


@documented("Your upcoming and past interviews")
async def list_interviews(request: web.Request) -> web.Response:
    user_id = current_user(request)
    await settle(request, user_id)
    db = request.app[database_key].db
    now = utcnow()
    upcoming = await store.interviews_of(
        db, user_id, upcoming=True, now=now, limit=LIST_LIMIT
    )
    past = await store.interviews_of(
        db, user_id, upcoming=False, now=now, limit=LIST_LIMIT
    )
    rendered = await store.render(db, upcoming + past)
    return web.json_response(
        {"upcoming": rendered[: len(upcoming)], "past": rendered[len(upcoming) :]}
    )


@documented("One of your interviews", errors=(404,))
async def get_interview(request: web.Request) -> web.Response:
    user_id = current_user(request)
    await settle(request, user_id)
    doc = await own_interview(request)
    db = request.app[database_key].db
    [view] = await store.render(db, [doc])
    found = await feedback_for(db, doc["_id"], user_id)
    view["feedback"] = {
        "given": feedback_view(found["given"]),
        "received": feedback_view(found["received"]),
    }
    return web.json_response(view)


@documented(
    "Set or clear the external meeting link (https)",
    body=MeetingLinkBody,
    errors=(404, 413),
)
async def patch_interview(request: web.Request) -> web.Response:
    body = await parse_body(request, MeetingLinkBody)
    doc = await own_interview(request)
    if doc.get("interviewee_id") is None:
        raise ValidationFailed(
            "Only a booked interview has a meeting link.",
            details=[{"field": "meeting_link", "message": "slot is not booked"}],
        )
    link = str(body.meeting_link) if body.meeting_link is not None else None
    db = request.app[database_key].db
    updated = await store.set_meeting_link(db, doc["_id"], link, now=utcnow())
    if updated is None:
        raise NotFound("No such interview.", code="interview_not_found")
    log.info(
        "meeting link set",
        extra={"user_id": current_user(request), "slot_id": doc["_id"]},
    )
    [view] = await store.render(db, [updated])
    return web.json_response(view)


@documented(
    "The interview as an RFC 5545 calendar invite",
    errors=(404,),
    content_type="text/calendar",
)
async def get_ics(request: web.Request) -> web.Response:
    doc = await own_interview(request)
    [view] = await store.render(request.app[database_key].db, [doc])
    body = invite(doc, view)
    return web.Response(
        body=body,
        content_type="text/calendar",
        charset="utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="interview-{doc["_id"]}.ics"'
        },
    )


def invite(doc: Doc, view: dict[str, object]) -> bytes:
    """One VEVENT with a UID that stays the same for the interview's life."""
    people = [view.get("interviewer"), view.get("interviewee")]
    names = [p["name"] for p in people if isinstance(p, dict)]
    link = doc.get("meeting_link")

    calendar = Calendar()
    calendar.add("prodid", "-//mockroom//interviews//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"{doc['_id']}@mockroom")
    event.add("dtstamp", utcnow())
    event.add("dtstart", doc["slot_time"])
    event.add("dtend", doc["end_time"])
    event.add("sequence", int(doc.get("sequence", 0)))
    event.add("summary", "Mock interview: " + " and ".join(names))
    lines = [f"Interviewer: {names[0]}"] if names else []
    if len(names) > 1:
        lines.append(f"Interviewee: {names[1]}")
    if link:
        lines.append(f"Meeting link: {link}")
        event.add("url", link)
        event.add("location", link)
    event.add("description", "\n".join(lines))
    cancelled = doc["status"] == booking.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical()


def setup(app: web.Application) -> None:
    app.router.add_get("/api/interviews", list_interviews)
    app.router.add_get("/api/interviews/{interview_id}", get_interview)
    app.router.add_patch("/api/interviews/{interview_id}", patch_interview)
    app.router.add_get("/api/interviews/{interview_id}/ics", get_ics)
