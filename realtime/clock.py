"""The current time, as the database stores it."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Aware UTC now, cut to milliseconds: MongoDB keeps no finer than that,
    so a value reads back exactly as it was written."""
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 with an offset, in UTC; naive values are taken as UTC."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat()
