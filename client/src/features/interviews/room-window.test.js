import { describe, expect, it } from 'vitest';
import { isRoomOpen } from './room-window';

const interview = {
  status: 'Booked',
  slot_time: '2026-12-07T18:00:00+00:00',
  end_time: '2026-12-07T19:00:00+00:00',
};
const at = (iso) => new Date(iso).getTime();

describe('when the room is open', () => {
  it('opens fifteen minutes before the start and not earlier', () => {
    expect(isRoomOpen(interview, at('2026-12-07T17:44:59Z'))).toBe(false);
    expect(isRoomOpen(interview, at('2026-12-07T17:45:00Z'))).toBe(true);
  });

  it('stays open until thirty minutes after the end', () => {
    expect(isRoomOpen(interview, at('2026-12-07T19:30:00Z'))).toBe(true);
    expect(isRoomOpen(interview, at('2026-12-07T19:30:01Z'))).toBe(false);
  });

  it('never opens for a cancelled interview', () => {
    const cancelled = { ...interview, status: 'Cancelled' };
    expect(isRoomOpen(cancelled, at('2026-12-07T18:10:00Z'))).toBe(false);
  });
});
