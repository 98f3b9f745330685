import { describe, expect, it } from 'vitest';
import { weekDays, zonedTimeToUtc, zonedDateKey } from './time';

describe('time-zone arithmetic', () => {
  it('gives the New York week of the November 2026 fall-back seven distinct days', () => {
    const days = weekDays(new Date('2026-10-28T12:00:00Z'), 'America/New_York');

    expect(days.map((d) => d.key)).toEqual([
      '2026-10-26',
      '2026-10-27',
      '2026-10-28',
      '2026-10-29',
      '2026-10-30',
      '2026-10-31',
      '2026-11-01',
    ]);
    const sunday = days[6];
    expect(sunday.start.toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(sunday.end.toISOString()).toBe('2026-11-02T05:00:00.000Z');
  });

  it('resolves a wall-clock time to the right instant on both sides of a DST change', () => {
    const tz = 'Europe/Berlin';
    const before = zonedTimeToUtc(
      { year: 2026, month: 3, day: 28, hour: 9 },
      tz,
    );
    const after = zonedTimeToUtc(
      { year: 2026, month: 3, day: 30, hour: 9 },
      tz,
    );

    expect(before.toISOString()).toBe('2026-03-28T08:00:00.000Z');
    expect(after.toISOString()).toBe('2026-03-30T07:00:00.000Z');
  });

  it('puts a late-evening UTC instant on the next day in Tokyo', () => {
    expect(zonedDateKey(new Date('2026-05-04T20:00:00Z'), 'Asia/Tokyo')).toBe(
      '2026-05-05',
    );
  });
});
