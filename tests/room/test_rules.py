"""The room's pure rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from realtime.ratelimit import TokenBucket
from signaling.rules import (
    MAX_SDP_BYTES,
    RoomError,
    check_join,
    clean_chat,
    clean_signal,
    roles,
    timer,
)

START = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
INTERVIEW = {
    "_id": "a" * 24,
    "interviewer_id": "i" * 24,
    "interviewee_id": "e" * 24,
    "slot_time": START,
    "duration_minutes": 60,
    "status": "Booked",
}


def refusal(now: datetime, user: str = "i" * 24, **changes: object) -> str | None:
    try:
        check_join(
            {**INTERVIEW, **changes}, user, now, early_minutes=15, late_minutes=30
        )
    except RoomError as exc:
        return exc.code
    return None


@pytest.mark.parametrize(
    ("offset", "code"),
    [
        (timedelta(minutes=-15, seconds=-1), "too_early"),
        (timedelta(minutes=-15), None),
        (timedelta(minutes=30), None),
        (timedelta(minutes=90), None),
        (timedelta(minutes=90, seconds=1), "ended"),
    ],
)
def test_the_join_window(offset: timedelta, code: str | None) -> None:
    assert refusal(START + offset) == code


def test_status_and_participants_come_first() -> None:
    assert refusal(START, user="x" * 24) == "not_participant"
    assert refusal(START, status="Cancelled") == "cancelled"
    assert refusal(START, status="Completed") == "ended"
    assert refusal(START, status="Available", interviewee_id=None) == "unknown"
    with pytest.raises(RoomError) as caught:
        check_join(None, "i" * 24, START, early_minutes=15, late_minutes=30)
    assert caught.value.code == "unknown"


def test_roles_flip_with_an_odd_number_of_swaps() -> None:
    assert roles(INTERVIEW)["interviewer"] == "i" * 24
    assert roles({**INTERVIEW, "swap_count": 1})["interviewer"] == "e" * 24
    assert roles({**INTERVIEW, "swap_count": 2})["interviewer"] == "i" * 24


def test_the_timer_stays_within_the_slot() -> None:
    before = timer(INTERVIEW, START - timedelta(minutes=5))
    assert (before["elapsed_seconds"], before["remaining_seconds"]) == (0, 3600)
    half = timer(INTERVIEW, START + timedelta(minutes=30))
    assert (half["elapsed_seconds"], half["remaining_seconds"]) == (1800, 1800)
    after = timer(INTERVIEW, START + timedelta(hours=2))
    assert (after["elapsed_seconds"], after["remaining_seconds"]) == (3600, 0)
    assert half["end"] == "2026-03-02T16:00:00+00:00"


def test_signals_are_checked_for_shape_and_size() -> None:
    kind, data = clean_signal({"type": "offer", "data": {"sdp": "v=0"}})
    assert (kind, data) == ("offer", {"type": "offer", "sdp": "v=0"})
    exact = "v" * MAX_SDP_BYTES
    assert clean_signal({"type": "answer", "data": {"sdp": exact}})[0] == "answer"
    with pytest.raises(RoomError, match="larger"):
        clean_signal({"type": "answer", "data": {"sdp": exact + "v"}})
    # Multi-byte characters count in bytes.
    with pytest.raises(RoomError):
        clean_signal(
            {"type": "answer", "data": {"sdp": "é" * (MAX_SDP_BYTES // 2 + 1)}}
        )
    assert (
        clean_signal(
            {
                "type": "candidate",
                "data": {
                    "candidate": "candidate:1 1 udp 1 h 1 typ host",
                    "sdpMLineIndex": 0,
                },
            }
        )[1]["sdpMid"]
        is None
    )


def test_chat_text_is_trimmed_and_bounded() -> None:
    assert clean_chat({"text": "  hi  "}) == "hi"
    assert clean_chat({"text": "x" * 2000}) == "x" * 2000
    for text in ("", "   ", None, "x" * 2001):
        with pytest.raises(RoomError):
            clean_chat({"text": text})


def test_the_bucket_refills_at_its_rate() -> None:
    bucket = TokenBucket(rate=10, burst=3)
    assert [bucket.take(0.0) for _ in range(4)] == [True, True, True, False]
    assert bucket.take(0.05) is False
    assert bucket.take(0.1) is True
    assert bucket.take(100.0) and bucket.take(100.0) and bucket.take(100.0)
    assert bucket.take(100.0) is False
