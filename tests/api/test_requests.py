"""Match requests over real HTTP and real sockets: rules, pushes, races."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from tests.helpers import Api, User, every_day

NEW = "match_request:new"
UPDATED = "match_request:updated"
REQUEST_FIELDS = {
    "id",
    "requester_id",
    "matched_peer_id",
    "status",
    "requested_time",
    "message",
    "created_at",
    "updated_at",
    "accepted_time",
    "interview_id",
    "requester",
    "matched_peer",
}
PERSON_FIELDS = {"id", "name", "skills", "experience_level", "timezone"}


def at(days: int = 1, hour: int = 12, minute: int = 0) -> datetime:
    """A UTC instant ``days`` from today at ``hour:minute``."""
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return today + timedelta(days=days, hours=hour, minutes=minute)


def when(days: int = 1, hour: int = 12, minute: int = 0) -> str:
    return at(days, hour, minute).isoformat()


async def send(
    api: Api, user: User, peer: User, time: str | None = None, **extra: Any
) -> Any:
    body = {"matched_peer_id": peer.id, "requested_time": time or when(), **extra}
    return await api.post("/api/match-request", token=user.token, json=body)


async def answer(api: Api, user: User, request_id: str, status: str) -> Any:
    return await api.patch(
        f"/api/match-request/{request_id}",
        token=user.token,
        json={"status": status},
    )


def request_events(sock: Any) -> list[Any]:
    return sock.events.get(NEW, []) + sock.events.get(UPDATED, [])


@pytest.fixture
async def trio(api: Api, sockets: Any) -> Any:
    """Users A, B (two tabs each) and C (one tab)."""
    a = await api.signup("Ada", skills=["Python", "SQL"])
    b = await api.signup("Bob", skills=["Go"], experience_level="Advanced")
    c = await api.signup("Cy")
    tabs = {
        "a": [await sockets(a.token), await sockets(a.token)],
        "b": [await sockets(b.token), await sockets(b.token)],
        "c": [await sockets(c.token)],
    }
    return a, b, c, tabs


# creating


async def test_create_returns_the_request_and_pushes_to_every_peer_tab(
    api: Api, trio: Any, mongo: Any
) -> None:
    a, b, _, tabs = trio
    reply = await send(api, a, b, when(2, 18, 5), message="  Shall we?  ")
    assert reply.status == 201, reply.body
    request = reply.body
    assert set(request) == REQUEST_FIELDS
    assert request["status"] == "Pending"
    assert request["requester_id"] == a.id
    assert request["matched_peer_id"] == b.id
    assert request["message"] == "Shall we?"
    assert request["interview_id"] is None
    assert request["accepted_time"] is None
    assert datetime.fromisoformat(request["requested_time"]) == at(2, 18, 5)
    assert set(request["requester"]) == PERSON_FIELDS
    assert request["requester"]["name"] == "Ada"
    assert request["matched_peer"]["skills"] == ["Go"]
    assert request["matched_peer"]["experience_level"] == "Advanced"

    for tab in tabs["b"]:
        pushed = await tab.wait_for(NEW)
        assert pushed == request
    await asyncio.sleep(0.2)
    assert all(request_events(tab) == [] for tab in tabs["a"] + tabs["c"])

    stored = await mongo.match_requests.find_one({"_id": request["id"]})
    assert stored["pending_pair"] == ":".join(sorted([a.id, b.id]))
    assert stored["requested_time"] == at(2, 18, 5)


async def test_an_offset_time_is_stored_as_the_same_instant(
    api: Api, trio: Any
) -> None:
    a, b, _, _ = trio
    berlin = at(3, 12).astimezone(timezone(timedelta(hours=2))).isoformat()
    reply = await send(api, a, b, berlin)
    assert reply.status == 201, reply.body
    assert reply.body["requested_time"] == at(3, 12).isoformat()


@pytest.mark.parametrize(
    ("time", "code"),
    [
        (
            lambda: (datetime.now(UTC) - timedelta(minutes=5)).isoformat(),
            "time_in_past",
        ),
        (lambda: when(1, 12, 3), "off_grid"),
        (lambda: (at(1, 12) + timedelta(seconds=30)).isoformat(), "off_grid"),
        (lambda: when(1, 21, 30), "outside_availability"),
        (lambda: when(1, 7, 30), "outside_availability"),
        (lambda: when(120), "too_far_ahead"),
        (lambda: at(1, 12).replace(tzinfo=None).isoformat(), "validation_error"),
        (lambda: "tomorrow at noon", "validation_error"),
        (lambda: 1900000000, "validation_error"),
    ],
)
async def test_a_bad_time_is_400_saying_why_and_stores_nothing(
    api: Api, trio: Any, mongo: Any, time: Any, code: str
) -> None:
    a, b, _, tabs = trio
    reply = await send(api, a, b, time())
    assert reply.status == 400, reply.body
    assert reply.error_code == code
    assert reply.body["error"]["message"]
    assert await mongo.match_requests.count_documents({}) == 0
    await asyncio.sleep(0.1)
    assert request_events(tabs["b"][0]) == []


async def test_the_whole_hour_must_be_inside_both_availabilities(
    api: Api, sockets: Any
) -> None:
    a = await api.signup("Early")  # 08:00-22:00 UTC every day
    # 18:00-20:30 in Tokyo (UTC+9, no DST) is 09:00-11:30 UTC.
    tokyo = every_day("18:00-20:30")
    b = await api.signup("Kenji", timezone="Asia/Tokyo", availability=tokyo)

    fits_end = await send(api, a, b, when(1, 10, 30))
    assert fits_end.status == 201, fits_end.body
    await answer(api, a, fits_end.body["id"], "Cancelled")

    for late in (when(1, 10, 35), when(1, 8, 55), when(1, 12)):
        reply = await send(api, a, b, late)
        assert reply.error_code == "outside_availability", late

    fits_start = await send(api, a, b, when(1, 9))
    assert fits_start.status == 201


async def test_peer_rules_self_unknown_and_malformed(
    api: Api, trio: Any, mongo: Any
) -> None:
    a, _, _, _ = trio
    self_reply = await send(api, a, a)
    assert self_reply.status == 400
    assert self_reply.error_code == "self_request"

    unknown = await api.post(
        "/api/match-request",
        token=a.token,
        json={"matched_peer_id": "0" * 24, "requested_time": when()},
    )
    assert unknown.status == 404
    assert unknown.error_code == "user_not_found"

    for bad in (
        {"matched_peer_id": "nope", "requested_time": when()},
        {"requested_time": when()},
        {"matched_peer_id": a.id},
        {"matched_peer_id": a.id, "requested_time": when(), "x": 1},
    ):
        reply = await api.post("/api/match-request", token=a.token, json=bad)
        assert reply.status == 400, bad
        assert reply.error_code == "validation_error"

    no_token = await api.post(
        "/api/match-request", json={"matched_peer_id": a.id, "requested_time": when()}
    )
    assert no_token.status == 401
    assert await mongo.match_requests.count_documents({}) == 0


async def test_message_is_at_most_500_characters(api: Api, trio: Any) -> None:
    a, b, c, _ = trio
    too_long = await send(api, a, b, message="x" * 501)
    assert too_long.status == 400
    assert too_long.body["error"]["details"][0]["field"] == "message"
    fits = await send(api, a, c, message="y" * 500)
    assert fits.status == 201
    assert fits.body["message"] == "y" * 500


async def test_one_pending_request_per_pair_in_either_direction(
    api: Api, trio: Any
) -> None:
    a, b, c, _ = trio
    first = await send(api, a, b)
    assert first.status == 201

    for sender, receiver in ((a, b), (b, a)):
        again = await send(api, sender, receiver, when(2))
        assert again.status == 409
        assert again.error_code == "request_exists"
        assert again.body["error"]["details"] == {"request_id": first.body["id"]}

    # another pair is unaffected
    assert (await send(api, a, c)).status == 201

    # once answered, the pair may start again
    assert (await answer(api, b, first.body["id"], "Declined")).status == 200
    assert (await send(api, b, a)).status == 201


# answering and cancelling


async def test_accept_by_the_matched_peer_reaches_both_users_tabs(
    api: Api, trio: Any, mongo: Any
) -> None:
    a, b, _, tabs = trio
    created = (await send(api, a, b, when(1, 15))).body
    for tab in tabs["b"]:
        await tab.wait_for(NEW)

    reply = await answer(api, b, created["id"], "Accepted")
    assert reply.status == 200, reply.body
    accepted = reply.body
    assert accepted["status"] == "Accepted"
    assert accepted["accepted_time"] == created["requested_time"]
    assert accepted["requested_time"] == created["requested_time"]
    # Accepting booked the interview: B interviews A at the requested time.
    interview = await mongo.interview_slots.find_one({"_id": accepted["interview_id"]})
    assert interview["status"] == "Booked"
    assert (interview["interviewer_id"], interview["interviewee_id"]) == (b.id, a.id)
    assert interview["match_request_id"] == created["id"]
    assert accepted["updated_at"] >= created["updated_at"]
    assert accepted["requester"]["name"] == "Ada"

    for tab in tabs["a"] + tabs["b"]:
        assert await tab.wait_for(UPDATED) == accepted
    await asyncio.sleep(0.2)
    assert request_events(tabs["c"][0]) == []

    stored = await mongo.match_requests.find_one({"_id": created["id"]})
    assert stored["status"] == "Accepted"
    assert "pending_pair" not in stored
    # stored as a date, so it sorts and compares as one
    assert isinstance(stored["updated_at"], datetime)
    assert stored["updated_at"] >= stored["created_at"]


async def test_who_may_do_what(api: Api, trio: Any, mongo: Any) -> None:
    a, b, c, tabs = trio
    request_id = (await send(api, a, b)).body["id"]

    # the requester cannot answer, the peer cannot cancel
    for user, status, code in (
        (a, "Accepted", "not_matched_peer"),
        (a, "Declined", "not_matched_peer"),
        (b, "Cancelled", "not_requester"),
    ):
        reply = await answer(api, user, request_id, status)
        assert reply.status == 403, (status, reply.body)
        assert reply.error_code == code

    # an outsider cannot even see it; unknown and malformed ids look alike
    for target in (request_id, "f" * 24, "not-an-id"):
        reply = await answer(api, c, target, "Accepted")
        assert reply.status == 404
        assert reply.error_code == "request_not_found"

    # bad bodies
    for body in ({"status": "Pending"}, {"status": "accepted"}, {}, None):
        reply = await api.patch(
            f"/api/match-request/{request_id}", token=b.token, json=body
        )
        assert reply.status == 400, body

    stored = await mongo.match_requests.find_one({"_id": request_id})
    assert stored["status"] == "Pending"
    await asyncio.sleep(0.1)
    assert tabs["a"][0].events.get(UPDATED) is None


async def test_only_pending_requests_change(api: Api, trio: Any) -> None:
    a, b, _, tabs = trio
    declined = (await send(api, a, b)).body["id"]
    assert (await answer(api, b, declined, "Declined")).body["status"] == "Declined"
    for user, status in ((b, "Accepted"), (b, "Declined"), (a, "Cancelled")):
        reply = await answer(api, user, declined, status)
        assert reply.status == 409
        assert reply.error_code == "request_not_pending"
        assert reply.body["error"]["details"] == {"status": "Declined"}

    cancelled = (await send(api, b, a)).body["id"]
    reply = await answer(api, b, cancelled, "Cancelled")
    assert reply.body["status"] == "Cancelled"
    for tab in tabs["a"] + tabs["b"]:
        await tab.wait_for(UPDATED, lambda r: r["status"] == "Cancelled")
    assert (await answer(api, a, cancelled, "Accepted")).status == 409


async def test_a_request_whose_time_passed_cannot_be_accepted(
    api: Api, trio: Any, mongo: Any
) -> None:
    a, b, _, _ = trio
    request_id = (await send(api, a, b)).body["id"]
    past = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    # Rewritten whole: the embedded server stores a $set datetime as text.
    stored = await mongo.match_requests.find_one_and_delete({"_id": request_id})
    await mongo.match_requests.insert_one({**stored, "requested_time": past})
    reply = await answer(api, b, request_id, "Accepted")
    assert reply.status == 409
    assert reply.error_code == "request_expired"
    # declining (or cancelling) a stale request still works
    assert (await answer(api, b, request_id, "Declined")).status == 200


# listing


async def test_lists_show_incoming_and_outgoing_with_every_status(
    api: Api, trio: Any
) -> None:
    a, b, c, _ = trio
    to_b = (await send(api, a, b, when(1, 9))).body
    await answer(api, b, to_b["id"], "Accepted")
    to_c = (await send(api, a, c, when(1, 10))).body
    await answer(api, c, to_c["id"], "Declined")
    from_c = (await send(api, c, a, when(1, 11))).body
    cancelled = (await send(api, a, b, when(1, 13))).body
    await answer(api, a, cancelled["id"], "Cancelled")

    lists = (await api.get("/api/match-requests", token=a.token)).body
    assert [r["id"] for r in lists["outgoing"]] == [
        cancelled["id"],
        to_c["id"],
        to_b["id"],
    ]
    assert [r["status"] for r in lists["outgoing"]] == [
        "Cancelled",
        "Declined",
        "Accepted",
    ]
    assert [r["id"] for r in lists["incoming"]] == [from_c["id"]]
    assert lists["incoming"][0]["requester"]["name"] == "Cy"
    assert lists["next"] == {"incoming": None, "outgoing": None}

    b_lists = (await api.get("/api/match-requests", token=b.token)).body
    assert [r["id"] for r in b_lists["incoming"]] == [cancelled["id"], to_b["id"]]
    assert b_lists["outgoing"] == []


async def test_lists_page_newest_first_with_a_cursor(api: Api, trio: Any) -> None:
    a, _, _, _ = trio
    peers = [await api.signup(f"Peer {n}") for n in range(7)]
    sent = [(await send(api, a, peer)).body["id"] for peer in peers]
    # updated requests page like untouched ones
    for request_id in sent[::2]:
        assert (await answer(api, a, request_id, "Cancelled")).status == 200

    seen: list[str] = []
    params: dict[str, Any] = {"limit": 3, "box": "outgoing"}
    for _ in range(5):
        page = (await api.get("/api/match-requests", token=a.token, params=params)).body
        assert page["incoming"] == []
        seen += [r["id"] for r in page["outgoing"]]
        if page["next"]["outgoing"] is None:
            break
        params["before"] = page["next"]["outgoing"]
    assert seen == sent[::-1]

    default = (await api.get("/api/match-requests", token=a.token)).body
    assert len(default["outgoing"]) == 7


@pytest.mark.parametrize(
    "params",
    [
        {"limit": "0"},
        {"limit": "201"},
        {"limit": "x"},
        {"before": "nope"},
        {"box": "sideways"},
        {"other": "1"},
    ],
)
async def test_bad_list_queries_are_400(
    api: Api, trio: Any, params: dict[str, str]
) -> None:
    a, _, _, _ = trio
    reply = await api.get("/api/match-requests", token=a.token, params=params)
    assert reply.status == 400
    assert reply.error_code == "validation_error"


# idempotency


async def test_same_key_and_body_returns_the_first_result(
    api: Api, trio: Any, mongo: Any
) -> None:
    a, b, _, tabs = trio
    headers = {"Idempotency-Key": "k-1"}
    body = {"matched_peer_id": b.id, "requested_time": when(), "message": "hi"}
    first = await api.post(
        "/api/match-request", token=a.token, json=body, headers=headers
    )
    # the same meaning spelt differently is the same body
    respelt = {
        **body,
        "requested_time": at().astimezone(timezone(timedelta(hours=-5))).isoformat(),
        "message": " hi ",
    }
    again = await api.post(
        "/api/match-request", token=a.token, json=respelt, headers=headers
    )
    assert first.status == again.status == 201
    assert again.body == first.body
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert await mongo.match_requests.count_documents({}) == 1
    await tabs["b"][0].wait_for(NEW)
    await asyncio.sleep(0.2)
    assert len(tabs["b"][0].events[NEW]) == 1

    other = await api.post(
        "/api/match-request",
        token=a.token,
        json={**body, "message": "changed"},
        headers=headers,
    )
    assert other.status == 400
    assert other.error_code == "idempotency_key_reused"

    # keys are per user: B's "k-1" is a new request of B's
    from_b = await api.post(
        "/api/match-request",
        token=b.token,
        json={**body, "matched_peer_id": a.id},
        headers=headers,
    )
    assert from_b.status == 409  # the A-B pair already has a pending request
    assert from_b.error_code == "request_exists"


async def test_an_error_is_replayed_too(api: Api, trio: Any, mongo: Any) -> None:
    a, b, _, _ = trio
    headers = {"Idempotency-Key": "err"}
    body = {"matched_peer_id": b.id, "requested_time": when(1, 23)}
    first = await api.post(
        "/api/match-request", token=a.token, json=body, headers=headers
    )
    assert first.status == 400
    assert first.error_code == "outside_availability"
    # B's availability changing does not change the recorded answer
    await api.put(
        "/api/users/me",
        token=b.token,
        json={"availability": [{"day": "Monday", "time_slots": ["00:00-24:00"]}]},
    )
    again = await api.post(
        "/api/match-request", token=a.token, json=body, headers=headers
    )
    assert (again.status, again.body) == (first.status, first.body)

    bad = await api.post(
        "/api/match-request",
        token=a.token,
        json=body,
        headers={"Idempotency-Key": "has space"},
    )
    assert bad.status == 400
    assert bad.error_code == "bad_idempotency_key"
    assert await mongo.match_requests.count_documents({}) == 0


async def test_concurrent_posts_with_one_key_make_one_request(
    api: Api, trio: Any, mongo: Any
) -> None:
    a, b, _, _ = trio
    body = {"matched_peer_id": b.id, "requested_time": when()}
    replies = await asyncio.gather(
        *(
            api.post(
                "/api/match-request",
                token=a.token,
                json=body,
                headers={"Idempotency-Key": "same"},
            )
            for _ in range(20)
        )
    )
    assert {r.status for r in replies} == {201}
    assert len({r.body["id"] for r in replies}) == 1
    assert await mongo.match_requests.count_documents({}) == 1
    assert await mongo.idempotency_keys.count_documents({}) == 1


# races


async def test_fifty_identical_posts_at_once_make_one_request(
    api: Api, trio: Any, mongo: Any
) -> None:
    a, b, _, tabs = trio
    replies = await asyncio.gather(*(send(api, a, b) for _ in range(50)))
    statuses = sorted(r.status for r in replies)
    assert statuses == [201] + [409] * 49
    winner = next(r.body["id"] for r in replies if r.status == 201)
    assert all(
        r.body["error"]["details"]["request_id"] == winner
        for r in replies
        if r.status == 409
    )
    assert await mongo.match_requests.count_documents({}) == 1
    assert (
        await mongo.match_requests.count_documents({"_id": winner, "status": "Pending"})
        == 1
    )
    await tabs["b"][1].wait_for(NEW)
    await asyncio.sleep(0.2)
    assert len(tabs["b"][1].events[NEW]) == 1


async def test_posts_in_both_directions_at_once_make_one_request(
    api: Api, trio: Any, mongo: Any
) -> None:
    a, b, _, _ = trio
    replies = await asyncio.gather(
        *(send(api, a, b) for _ in range(25)), *(send(api, b, a) for _ in range(25))
    )
    assert sorted(r.status for r in replies) == [201] + [409] * 49
    assert await mongo.match_requests.count_documents({}) == 1


async def test_fifty_accepts_at_once_give_one_200(
    api: Api, trio: Any, mongo: Any
) -> None:
    a, b, _, tabs = trio
    request_id = (await send(api, a, b)).body["id"]
    replies = await asyncio.gather(
        *(answer(api, b, request_id, "Accepted") for _ in range(50))
    )
    assert sorted(r.status for r in replies) == [200] + [409] * 49
    stored = await mongo.match_requests.find_one({"_id": request_id})
    assert stored["status"] == "Accepted"
    assert "pending_pair" not in stored
    await tabs["a"][0].wait_for(UPDATED)
    await asyncio.sleep(0.2)
    assert len(tabs["a"][0].events[UPDATED]) == 1

    # The losers leave no trace: one interview, nothing cancelled.
    for user in (a, b):
        interviews = (await api.get("/api/interviews", token=user.token)).body
        assert [i["id"] for i in interviews["upcoming"]] == [stored["interview_id"]]
        assert interviews["past"] == []
    # Losers hear that another accept is at work or has won, never that
    # the users are busy.
    codes = {r.error_code for r in replies if r.status == 409}
    assert codes <= {"request_busy", "request_not_pending"}


async def test_accept_and_cancel_at_once_one_wins(
    api: Api, trio: Any, mongo: Any
) -> None:
    a, b, _, _ = trio
    for day in range(1, 6):
        # A new hour each round: an accepted round books its hour.
        request_id = (await send(api, a, b, when(days=day))).body["id"]
        accept, cancel = await asyncio.gather(
            answer(api, b, request_id, "Accepted"),
            answer(api, a, request_id, "Cancelled"),
        )
        assert sorted([accept.status, cancel.status]) == [200, 409]
        stored = await mongo.match_requests.find_one({"_id": request_id})
        winner = accept if accept.status == 200 else cancel
        assert stored["status"] == winner.body["status"]


async def test_the_routes_are_in_the_openapi_document(api: Api) -> None:
    paths = (await api.get("/api/openapi.json")).body["paths"]
    assert set(paths["/api/match-requests"]) == {"get"}
    assert set(paths["/api/match-request"]) == {"post"}
    assert set(paths["/api/match-request/{request_id}"]) == {"patch"}
    post = paths["/api/match-request"]["post"]
    assert {"201", "400", "401", "404", "409"} <= set(post["responses"])


async def test_a_request_for_a_time_already_booked_is_refused_at_once(
    api: Api, trio: Any
) -> None:
    a, b, c, _ = trio
    first = (await send(api, a, b)).body
    accepted = await answer(api, b, first["id"], "Accepted")
    assert accepted.status == 200

    # c proposes the very same hour to b, who now has an interview then.
    clash = await api.post(
        "/api/match-request",
        token=c.token,
        json={"matched_peer_id": b.id, "requested_time": first["requested_time"]},
    )
    assert clash.status == 409
    assert clash.error_code == "interviewer_busy"


async def test_a_cancel_racing_an_accept_leaves_open_slots_alone(
    api: Api, trio: Any, mongo: Any
) -> None:
    a, b, _, _ = trio
    for day in range(3, 8):
        time = when(days=day)
        # Both offer an open slot at the proposed time.
        for user in (a, b):
            offer = await api.post(
                "/api/slots", token=user.token, json={"slot_time": time}
            )
            assert offer.status == 201
        request_id = (await send(api, a, b, time)).body["id"]

        accept, cancel = await asyncio.gather(
            answer(api, b, request_id, "Accepted"),
            answer(api, a, request_id, "Cancelled"),
        )
        assert sorted([accept.status, cancel.status]) == [200, 409]
        stored = await mongo.match_requests.find_one({"_id": request_id})
        at_time = mongo.interview_slots.find(
            {"slot_time": datetime.fromisoformat(time)}
        )
        statuses = [slot["status"] async for slot in at_time]
        shown = sorted(status for status in statuses if status != "Void")
        if stored["status"] == "Cancelled":
            # The accept lost: both offers are still open, nothing booked.
            assert shown == ["Available", "Available"]
        else:
            # The accept won: the interview took the offers' place.
            assert stored["status"] == "Accepted"
            assert "Booked" in shown and "Available" not in shown
