"""Socket.IO event names, shared by the server code and the docs.

The web client keeps the same list in ``client/src/lib/events.js``.
"""

# server -> client, to every socket of a user
MATCH_REQUEST_NEW = "match_request:new"
MATCH_REQUEST_UPDATED = "match_request:updated"
SLOT_BOOKED = "slot:booked"
SLOT_CANCELLED = "slot:cancelled"
PRESENCE = "presence"

# interview room, client -> server (acknowledged)
ROOM_JOIN = "room:join"
ROOM_LEAVE = "room:leave"
SIGNAL = "signal"
CHAT_SEND = "chat:send"
ROOM_SWAP = "room:swap"
ROOM_END = "room:end"

# interview room, server -> room
ROOM_PEER_JOINED = "room:peer-joined"
ROOM_PEER_LEFT = "room:peer-left"
ROOM_REPLACED = "room:replaced"
CHAT_MESSAGE = "chat:message"
ROOM_SWAPPED = "room:swapped"
ROOM_ENDED = "room:ended"


def user_room(user_id: str) -> str:
    """The Socket.IO room every socket of one user joins."""
    return f"user:{user_id}"
