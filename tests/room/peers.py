"""aiortc peers that negotiate through the server's signal relay.

Each ``Peer`` is one real RTCPeerConnection driven by one recording
Socket.IO client. Descriptions go out without their candidates; every
candidate then travels as its own ``candidate`` signal (trickle ICE), so a
connection forms only if the relay carries all three kinds of signal.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy
from aiortc import (
    RTCConfiguration,
    RTCDataChannel,
    RTCPeerConnection,
    RTCSessionDescription,
    VideoStreamTrack,
)
from aiortc.mediastreams import MediaStreamTrack
from aiortc.sdp import candidate_from_sdp
from av import VideoFrame

from realtime import events
from realtime.db import new_id
from tests.helpers import SocketClient


async def book_interview(
    mongo: Any,
    interviewer_id: str,
    interviewee_id: str | None,
    *,
    starts_in: timedelta = timedelta(minutes=5),
    duration_minutes: int = 60,
    status: str = "Booked",
) -> str:
    """A booked interview, written straight to ``interview_slots``.

    The one place tests create interviews, so it can move to the booking
    API once that exists.
    """
    now = datetime.now(UTC).replace(microsecond=0)
    interview_id = new_id()
    await mongo.interview_slots.insert_one(
        {
            "_id": interview_id,
            "interviewer_id": interviewer_id,
            "interviewee_id": interviewee_id,
            "slot_time": now + starts_in,
            "duration_minutes": duration_minutes,
            "status": status,
            "meeting_link": None,
            "created_at": now,
        }
    )
    return interview_id


class FrameTrack(VideoStreamTrack):
    """A generated video: small frames whose shade counts up."""

    def __init__(self) -> None:
        super().__init__()
        self.sent = 0

    async def recv(self) -> VideoFrame:
        pts, time_base = await self.next_timestamp()
        shade = (self.sent * 16) % 256
        image = numpy.full((48, 64, 3), shade, dtype=numpy.uint8)
        frame = VideoFrame.from_ndarray(image, format="bgr24")
        frame.pts, frame.time_base = pts, time_base
        self.sent += 1
        return frame


def split_candidates(sdp: str) -> tuple[str, list[dict[str, Any]]]:
    """The SDP without candidate lines, and those candidates as signals."""
    kept: list[str] = []
    candidates: list[dict[str, Any]] = []
    index, mid = -1, None
    for line in sdp.splitlines():
        if line.startswith("m="):
            index += 1
            mid = None
        elif line.startswith("a=mid:"):
            mid = line.removeprefix("a=mid:")
        if line.startswith("a=candidate:"):
            candidates.append(
                {"candidate": line[2:], "sdpMid": mid, "sdpMLineIndex": index}
            )
            continue
        if line.startswith("a=end-of-candidates"):
            continue
        kept.append(line)
    # The mid may come after the candidates in a section: fill it in.
    mids = [
        line.removeprefix("a=mid:")
        for line in sdp.splitlines()
        if line.startswith("a=mid:")
    ]
    for candidate in candidates:
        candidate["sdpMid"] = mids[candidate["sdpMLineIndex"]]
    return "\r\n".join(kept) + "\r\n", candidates


class Peer:
    """One side of a call: an RTCPeerConnection and its signalling socket."""

    def __init__(self, client: SocketClient, interview_id: str) -> None:
        self.client = client
        self.interview_id = interview_id
        self.pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        self.states: list[str] = [self.pc.connectionState]
        self.received: list[dict[str, Any]] = []
        self.sent_candidates = 0
        self.added_candidates = 0
        self.messages: asyncio.Queue[str] = asyncio.Queue()
        self.tracks: asyncio.Queue[MediaStreamTrack] = asyncio.Queue()
        self.channel: RTCDataChannel | None = None
        self._changed = asyncio.Event()
        self._inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._worker = asyncio.create_task(self._consume())

        @self.pc.on("connectionstatechange")
        def record_state() -> None:
            self.states.append(self.pc.connectionState)
            self._changed.set()

        @self.pc.on("track")
        def on_track(track: MediaStreamTrack) -> None:
            self.tracks.put_nowait(track)

        @self.pc.on("datachannel")
        def on_channel(channel: RTCDataChannel) -> None:
            self._watch(channel)

        # Put signals in order; the worker handles them one at a time.
        @client.sio.on(events.SIGNAL)
        def on_signal(payload: dict[str, Any]) -> None:
            self.received.append(payload)
            self._inbox.put_nowait(payload)

    def _watch(self, channel: RTCDataChannel) -> None:
        self.channel = channel

        @channel.on("message")
        def on_message(message: str) -> None:
            self.messages.put_nowait(message)

    async def send(self, kind: str, data: Any) -> dict[str, Any]:
        return await self.client.call(
            events.SIGNAL,
            {"interview_id": self.interview_id, "type": kind, "data": data},
        )

    async def offer(self, *, with_media: bool = True) -> None:
        """Start a call: a data channel, a video track, and the offer."""
        self._watch(self.pc.createDataChannel("talk"))
        if with_media:
            self.pc.addTrack(FrameTrack())
        await self.pc.setLocalDescription(await self.pc.createOffer())
        await self._send_description("offer")

    async def _send_description(self, kind: str) -> None:
        sdp, candidates = split_candidates(self.pc.localDescription.sdp)
        ack = await self.send(kind, {"type": kind, "sdp": sdp})
        assert ack == {"ok": True}, ack
        for candidate in candidates:
            ack = await self.send("candidate", candidate)
            assert ack == {"ok": True}, ack
            self.sent_candidates += 1
        end = {
            "candidate": "",
            "sdpMid": candidates[0]["sdpMid"] if candidates else "0",
            "sdpMLineIndex": 0,
        }
        assert await self.send("candidate", end) == {"ok": True}

    async def _consume(self) -> None:
        while True:
            payload = await self._inbox.get()
            kind, data = payload["type"], payload["data"]
            if kind in ("offer", "answer"):
                await self.pc.setRemoteDescription(
                    RTCSessionDescription(sdp=data["sdp"], type=data["type"])
                )
                if kind == "offer":
                    await self.pc.setLocalDescription(await self.pc.createAnswer())
                    await self._send_description("answer")
            elif data["candidate"] == "":
                await self.pc.addIceCandidate(None)
            else:
                candidate = candidate_from_sdp(
                    data["candidate"].removeprefix("candidate:")
                )
                candidate.sdpMid = data["sdpMid"]
                candidate.sdpMLineIndex = data["sdpMLineIndex"]
                await self.pc.addIceCandidate(candidate)
                self.added_candidates += 1

    async def wait_state(self, state: str, within: float = 10.0) -> None:
        """Wait until the connection state is ``state``."""
        deadline = time.monotonic() + within
        while self.pc.connectionState != state:
            self._changed.clear()
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"never {state}: {self.states}")
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._changed.wait(), left)

    async def frames(self, count: int, within: float = 10.0) -> list[VideoFrame]:
        """``count`` frames of the remote video track."""
        track = await asyncio.wait_for(self.tracks.get(), within)
        self.tracks.put_nowait(track)
        frames = []
        for _ in range(count):
            frames.append(await asyncio.wait_for(track.recv(), within))
        return frames

    async def close(self) -> None:
        self._worker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._worker
        await self.pc.close()


async def call(caller: Peer, callee: Peer) -> None:
    """Negotiate a call through the relay and wait until both connect."""
    await caller.offer()
    await asyncio.gather(caller.wait_state("connected"), callee.wait_state("connected"))
