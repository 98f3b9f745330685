"""Pure rules of the interview room: who may join when, what a valid
signal or chat message is, roles, the timer and the rate limit. No I/O."""

from __future__ import annotations

import math
import re
from datetime import datetime, timedelta
from typing import Any

from realtime.clock import iso
from realtime.db import Doc

MAX_SDP_BYTES = 64 * 1024
MAX_CANDIDATE_CHARS = 1024
MAX_MID_CHARS = 64
MAX_UFRAG_CHARS = 256
MAX_CHAT_CHARS = 2000
CHAT_HISTORY = 50
SIGNAL_TYPES = ("offer", "answer", "candidate")

_ID = re.compile(r"^[0-9a-f]{24}$")


class RoomError(Exception):
    """A refused room action; ``code`` goes into the error ack."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def ack(self) -> dict[str, Any]:
        return {"ok": False, "error": {"code": self.code, "message": self.message}}


def interview_id_of(payload: Any) -> str:
    """The ``interview_id`` of an event payload, or a ``bad_request``."""
    if not isinstance(payload, dict):
        raise RoomError("bad_request", "The payload must be an object.")
    interview_id = payload.get("interview_id")
    if not isinstance(interview_id, str) or not _ID.match(interview_id):
        raise RoomError("bad_request", "interview_id must be a 24-hex id.")
    return interview_id


def participants(interview: Doc) -> set[str]:
    both = (interview.get("interviewer_id"), interview.get("interviewee_id"))
    return {user_id for user_id in both if user_id}


def other_participant(interview: Doc, user_id: str) -> str | None:
    others = participants(interview) - {user_id}
    return next(iter(others), None)


def end_of(interview: Doc) -> datetime:
    minutes = int(interview.get("duration_minutes") or 60)
    start: datetime = interview["slot_time"]
    return start + timedelta(minutes=minutes)


def check_join(
    interview: Doc | None,
    user_id: str,
    now: datetime,
    *,
    early_minutes: int,
    late_minutes: int,
) -> None:
    """Raise RoomError unless ``user_id`` may enter the room at ``now``.

    The room opens ``early_minutes`` before the start and closes
    ``late_minutes`` after the scheduled end; an ended (Completed) or
    Cancelled interview is closed whatever the time.
    """
    if interview is None:
        raise RoomError("unknown", "No such interview.")
    if user_id not in participants(interview):
        raise RoomError("not_participant", "You are not part of this interview.")

    status = interview.get("status")
    if status == "Cancelled":
        raise RoomError("cancelled", "This interview was cancelled.")
    if status == "Completed":
        raise RoomError("ended", "This interview has ended.")
    if status != "Booked":
        raise RoomError("unknown", "This slot is not a booked interview.")

    opens = interview["slot_time"] - timedelta(minutes=early_minutes)
    closes = end_of(interview) + timedelta(minutes=late_minutes)
    if now < opens:
        raise RoomError(
            "too_early",
            f"The room opens at {iso(opens)}, {early_minutes} "
            "minutes before the start.",
        )
    if now > closes:
        raise RoomError("ended", "The time for this interview has passed.")


def is_swapped(interview: Doc) -> bool:
    """Whether the roles are flipped: an odd number of swaps."""
    if "swap_count" in interview:
        return int(interview["swap_count"]) % 2 == 1
    return bool(interview.get("swapped"))


def roles(interview: Doc) -> dict[str, str | None]:
    """Who interviews whom now: the booked roles, flipped once swapped."""
    interviewer = interview.get("interviewer_id")
    interviewee = interview.get("interviewee_id")
    if is_swapped(interview):
        interviewer, interviewee = interviewee, interviewer
    return {"interviewer": interviewer, "interviewee": interviewee}


def timer(interview: Doc, now: datetime) -> dict[str, Any]:
    """The scheduled start and end, and how much of it has run at ``now``."""
    start: datetime = interview["slot_time"]
    end = end_of(interview)
    duration = (end - start).total_seconds()
    elapsed = min(max((now - start).total_seconds(), 0.0), duration)
    return {
        "start": iso(start),
        "end": iso(end),
        "elapsed_seconds": int(elapsed),
        "remaining_seconds": int(math.ceil(duration - elapsed)),
        "duration_seconds": int(duration),
    }


def clean_signal(payload: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The signal's type and data, checked for shape and size.

    offer/answer data: ``{type, sdp}`` with ``sdp`` up to MAX_SDP_BYTES.
    candidate data: ``{candidate, sdpMid?, sdpMLineIndex?,
    usernameFragment?}``; an empty ``candidate`` means end of candidates.
    """
    kind = payload.get("type")
    data = payload.get("data")
    if kind not in SIGNAL_TYPES:
        raise RoomError("bad_signal", "type must be offer, answer or candidate.")
    if not isinstance(data, dict):
        raise RoomError("bad_signal", "data must be an object.")

    if kind in ("offer", "answer"):
        sdp = data.get("sdp")
        if data.get("type", kind) != kind or not isinstance(sdp, str) or not sdp:
            raise RoomError("bad_signal", f"An {kind} needs {{type, sdp}}.")
        if len(sdp) > MAX_SDP_BYTES or len(sdp.encode()) > MAX_SDP_BYTES:
            raise RoomError(
                "too_large", f"The SDP is larger than {MAX_SDP_BYTES} bytes."
            )
        if set(data) - {"type", "sdp"}:
            raise RoomError("bad_signal", "Unknown fields in the description.")
        return kind, {"type": kind, "sdp": sdp}

    return kind, _clean_candidate(data)


def _clean_candidate(data: dict[str, Any]) -> dict[str, Any]:
    allowed = {"candidate", "sdpMid", "sdpMLineIndex", "usernameFragment"}
    if set(data) - allowed:
        raise RoomError("bad_signal", "Unknown fields in the candidate.")
    candidate = data.get("candidate")
    mid = data.get("sdpMid")
    index = data.get("sdpMLineIndex")
    ufrag = data.get("usernameFragment")
    if not isinstance(candidate, str):
        raise RoomError("bad_signal", "candidate must be a string.")
    if len(candidate) > MAX_CANDIDATE_CHARS:
        raise RoomError("too_large", "The candidate is too long.")
    if mid is not None and (not isinstance(mid, str) or len(mid) > MAX_MID_CHARS):
        raise RoomError("bad_signal", "sdpMid must be a short string or null.")
    if index is not None and (
        isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < 256
    ):
        raise RoomError("bad_signal", "sdpMLineIndex must be 0-255 or null.")
    if ufrag is not None and (
        not isinstance(ufrag, str) or len(ufrag) > MAX_UFRAG_CHARS
    ):
        raise RoomError("bad_signal", "usernameFragment must be a short string.")
    cleaned: dict[str, Any] = {
        "candidate": candidate,
        "sdpMid": mid,
        "sdpMLineIndex": index,
    }
    if ufrag is not None:
        cleaned["usernameFragment"] = ufrag
    return cleaned


def clean_chat(payload: dict[str, Any]) -> str:
    """The chat text, trimmed; 1 to MAX_CHAT_CHARS characters."""
    text = payload.get("text")
    if not isinstance(text, str):
        raise RoomError("bad_request", "text must be a string.")
    text = text.strip()
    if not text:
        raise RoomError("bad_request", "The message is empty.")
    if len(text) > MAX_CHAT_CHARS:
        raise RoomError(
            "too_large", f"A message is at most {MAX_CHAT_CHARS} characters."
        )
    return text
