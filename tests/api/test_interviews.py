"""Interviews: lists, one interview, meeting link, invites, upkeep."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar

from realtime import scheduling
from realtime.errors import Conflict
from tests.helpers import Api
from tests.scheduling_helpers import assert_consistent, at, move_slot, plus


async def booked_pair(api: Api, when: str | None = None):
    ada, bob = await api.signup("Ada"), await api.signup("Bob")
    reply = await api.post(
        "/api/slots", token=ada.token, json={"slot_time": when or at(days=1)}
    )
    slot = reply.body["slots"][0]
    booked = await api.post(
        "/api/book-slot", token=bob.token, json={"slot_id": slot["id"]}
    )
    assert booked.status == 200
    return ada, bob, booked.body


async def test_lists_split_upcoming_and_past(api: Api, mongo) -> None:
    ada, bob, slot = await booked_pair(api)
    other = await api.signup()
    upcoming = await api.get("/api/interviews", token=bob.token)
    assert [s["id"] for s in upcoming.body["upcoming"]] == [slot["id"]]
    assert upcoming.body["past"] == []
    assert (await api.get("/api/interviews", token=other.token)).body == {
        "upcoming": [],
        "past": [],
    }

    # Once its end has passed it is Completed on the next read.
    await move_slot(
        mongo,
        slot["id"],
        datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(hours=2),
    )
    later = await api.get("/api/interviews", token=ada.token)
    assert later.body["upcoming"] == []
    [past] = later.body["past"]
    assert past["status"] == "Completed"


async def test_one_interview_is_for_its_participants_only(api: Api) -> None:
    ada, bob, slot = await booked_pair(api)
    stranger = await api.signup()
    mine = await api.get(f"/api/interviews/{slot['id']}", token=ada.token)
    assert mine.status == 200
    assert mine.body["interviewee"]["name"] == "Bob"
    assert mine.body["feedback"] == {"given": None, "received": None}
    for path in (f"/api/interviews/{slot['id']}", f"/api/interviews/{slot['id']}/ics"):
        reply = await api.get(path, token=stranger.token)
        assert reply.status == 404 and reply.error_code == "interview_not_found"
    assert (await api.get("/api/interviews/nope", token=ada.token)).status == 404


async def test_meeting_link_is_https_and_either_participant_sets_it(
    api: Api,
) -> None:
    ada, bob, slot = await booked_pair(api)
    path = f"/api/interviews/{slot['id']}"
    for bad in ("http://zoom.us/j/1", "javascript:alert(1)", "zoom", 5):
        reply = await api.patch(path, token=ada.token, json={"meeting_link": bad})
        assert reply.status == 400, bad
    set_ = await api.patch(
        path, token=bob.token, json={"meeting_link": "https://meet.google.com/abc"}
    )
    assert set_.status == 200
    assert set_.body["meeting_link"] == "https://meet.google.com/abc"
    cleared = await api.patch(path, token=ada.token, json={"meeting_link": None})
    assert cleared.body["meeting_link"] is None
    stranger = await api.signup()
    assert (
        await api.patch(path, token=stranger.token, json={"meeting_link": None})
    ).status == 404
    assert (await api.patch(path, token=ada.token, json={})).status == 400


async def test_ics_invite_has_a_stable_uid_and_says_cancelled(api: Api) -> None:
    ada, bob, slot = await booked_pair(api)
    path = f"/api/interviews/{slot['id']}/ics"
    await api.patch(
        f"/api/interviews/{slot['id']}",
        token=ada.token,
        json={"meeting_link": "https://zoom.us/j/123"},
    )
    first = await api.get(path, token=bob.token)
    assert first.status == 200
    assert first.headers["Content-Type"].startswith("text/calendar")
    event = Calendar.from_ical(first.body).walk("VEVENT")[0]
    assert str(event["UID"]) == f"{slot['id']}@mockroom"
    assert event.decoded("DTSTART") == datetime.fromisoformat(slot["slot_time"])
    assert event.decoded("DTEND") == datetime.fromisoformat(slot["end_time"])
    assert str(event["STATUS"]) == "CONFIRMED"
    assert "https://zoom.us/j/123" in str(event["DESCRIPTION"])

    await api.delete(
        "/api/cancel-slot", token=ada.token, params={"slot_id": slot["id"]}
    )
    second = Calendar.from_ical((await api.get(path, token=bob.token)).body)
    cancelled = second.walk("VEVENT")[0]
    assert str(cancelled["UID"]) == str(event["UID"])
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert int(cancelled["SEQUENCE"]) > int(event["SEQUENCE"])


async def test_book_interview_hook_books_both_or_says_who_is_busy(
    api: Api, mongo
) -> None:
    """The function an accepted match request calls."""
    ada, bob, cy = await api.signup(), await api.signup(), await api.signup()
    start = datetime.fromisoformat(at(days=1))
    # Ada's own open offer at that time gives way to the interview.
    offer = (
        await api.post(
            "/api/slots", token=ada.token, json={"slot_time": plus(at(days=1), 30)}
        )
    ).body
    outcome = await scheduling.book_interview(
        mongo,
        interviewer_id=ada.id,
        interviewee_id=bob.id,
        start=start,
        match_request_id="a" * 24,
    )
    assert outcome.slot["status"] == "Booked"
    assert [d["_id"] for d in outcome.withdrawn] == [offer["slots"][0]["id"]]
    await assert_consistent(mongo)

    for interviewer, interviewee, code in (
        (cy.id, bob.id, "interviewee_busy"),
        (bob.id, cy.id, "interviewer_busy"),
    ):
        try:
            await scheduling.book_interview(
                mongo,
                interviewer_id=interviewer,
                interviewee_id=interviewee,
                start=start + timedelta(minutes=30),
            )
        except Conflict as exc:
            assert exc.code == code
        else:
            raise AssertionError("a busy user was booked twice")
    # A refused booking leaves no guard behind.
    assert await mongo.busy_guards.count_documents({"user_id": cy.id}) == 0

    # Undoing frees both.
    await scheduling.undo_booking(mongo, outcome.slot["_id"])
    assert await mongo.busy_guards.count_documents({}) == 0
    await assert_consistent(mongo)

    # The interviewee leaving a request-made interview cancels it.
    again = await scheduling.book_interview(
        mongo,
        interviewer_id=ada.id,
        interviewee_id=bob.id,
        start=start,
        match_request_id="b" * 24,
    )
    left = await api.delete(
        "/api/cancel-slot", token=bob.token, params={"slot_id": again.slot["_id"]}
    )
    assert left.body["status"] == "Cancelled"
    await assert_consistent(mongo)


async def test_sweep_clears_what_a_crash_left(api: Api, mongo) -> None:
    ada, bob, slot = await booked_pair(api)
    now = datetime.now(UTC)
    doc = await mongo.interview_slots.find_one({"_id": slot["id"]})

    # A booking that died between claiming and flipping: guards for Bob on
    # another slot, which stays Available.
    other = (
        await api.post("/api/slots", token=ada.token, json={"slot_time": at(days=2)})
    ).body["slots"][0]
    await mongo.busy_guards.insert_one(
        {
            "_id": "f" * 24,
            "user_id": bob.id,
            "cell": datetime.fromisoformat(other["slot_time"]),
            "slot_id": other["id"],
            "role": "interviewee",
            "claim": "dead-claim",
            "created_at": now,
        }
    )
    # A cancel that died after flipping: the slot is Cancelled, guards stay.
    await mongo.interview_slots.delete_one({"_id": doc["_id"]})
    await mongo.interview_slots.insert_one({**doc, "status": "Cancelled"})

    # Within the lease the in-flight-looking claim is kept.
    swept = await scheduling.sweep(mongo, now=now)
    assert swept["stale_guards"] == 24
    assert await mongo.busy_guards.count_documents({"claim": "dead-claim"}) == 1
    swept = await scheduling.sweep(mongo, now=now + timedelta(minutes=3))
    assert swept["stale_guards"] == 1
    await assert_consistent(mongo)
    # The fenced claim can never take the slot afterwards.
    from realtime.store import slots as store

    assert (
        await store.take(
            mongo,
            other["id"],
            user_id=bob.id,
            claim="dead-claim",
            earliest=now,
            now=now,
        )
        is None
    )
    # Bob can book Ada's other slot now.
    reply = await api.post(
        "/api/book-slot", token=bob.token, json={"slot_id": other["id"]}
    )
    assert reply.status == 200


async def test_the_consistency_check_catches_a_double_booking(mongo) -> None:
    start = datetime(2030, 1, 1, 10, tzinfo=UTC)
    for n, shift in enumerate((0, 30)):
        await mongo.interview_slots.insert_one(
            {
                "_id": f"{n:024d}",
                "interviewer_id": f"i{n}",
                "interviewee_id": "u",
                "slot_time": start + timedelta(minutes=shift),
                "end_time": start + timedelta(minutes=shift + 60),
                "duration_minutes": 60,
                "status": "Booked",
                "interviewer_claim": None,
                "interviewee_claim": None,
            }
        )
    problems = await scheduling.consistency_problems(mongo)
    assert any("overlapping" in p for p in problems)
    assert any("guards do not match" in p for p in problems)


async def test_accepting_a_request_books_or_stays_pending_when_busy(
    api: Api, mongo, sockets
) -> None:
    ada, bob, cy = await api.signup("Ada"), await api.signup("Bob"), await api.signup()
    when = at(days=1)
    # Cy already interviews Bob then, so Bob (the requester) is busy.
    cy_slot = (
        await api.post("/api/slots", token=cy.token, json={"slot_time": plus(when, 30)})
    ).body["slots"][0]
    bob_socket = await sockets(bob.token)
    request = await api.post(
        "/api/match-request",
        token=bob.token,
        json={"matched_peer_id": ada.id, "requested_time": when},
    )
    assert request.status == 201, request.body
    booked = await api.post(
        "/api/book-slot", token=bob.token, json={"slot_id": cy_slot["id"]}
    )
    assert booked.status == 200

    refused = await api.patch(
        f"/api/match-request/{request.body['id']}",
        token=ada.token,
        json={"status": "Accepted"},
    )
    assert refused.status == 409 and refused.error_code == "interviewee_busy"
    stored = await mongo.match_requests.find_one({"_id": request.body["id"]})
    assert stored["status"] == "Pending"

    # Bob frees himself; now the accept books the interview.
    await api.delete(
        "/api/cancel-slot", token=bob.token, params={"slot_id": cy_slot["id"]}
    )
    accepted = await api.patch(
        f"/api/match-request/{request.body['id']}",
        token=ada.token,
        json={"status": "Accepted"},
    )
    assert accepted.status == 200, accepted.body
    interview_id = accepted.body["interview_id"]
    got = await bob_socket.wait_for("slot:booked", lambda p: p["id"] == interview_id)
    assert got["interviewer_id"] == ada.id and got["interviewee_id"] == bob.id
    mine = await api.get("/api/interviews", token=ada.token)
    assert [s["id"] for s in mine.body["upcoming"]] == [interview_id]
    await assert_consistent(mongo)


async def test_sweep_forgets_void_slots_once_the_lease_is_over(api: Api, mongo) -> None:
    ada = await api.signup()
    start = at(days=3)
    assert (
        await api.post("/api/slots", token=ada.token, json={"slot_time": start})
    ).status == 201
    refused = await api.post("/api/slots", token=ada.token, json={"slot_time": start})
    assert refused.status == 409
    assert await mongo.interview_slots.count_documents({"status": "Void"}) == 1

    now = datetime.now(UTC)
    assert (await scheduling.sweep(mongo, now=now))["void_slots"] == 0
    later = await scheduling.sweep(mongo, now=now + timedelta(minutes=3))
    assert later["void_slots"] == 1
    assert await mongo.interview_slots.count_documents({"status": "Void"}) == 0
    assert await mongo.interview_slots.count_documents({"status": "Available"}) == 1
    await assert_consistent(mongo)
