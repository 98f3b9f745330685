import { describe, expect, it } from 'vitest';
import {
  errorsByPosition,
  parseRange,
  toPayload,
  toWeek,
  validateWeek,
} from './availability';

describe('availability rules', () => {
  it('accepts a range on the five-minute grid that ends at midnight', () => {
    expect(parseRange('22:05-24:00')).toEqual({ start: 1325, end: 1440 });
  });

  it('rejects times off the five-minute grid', () => {
    expect(parseRange('09:03-10:00').error).toMatch(/5-minute/);
  });

  it('rejects a range whose end is not after its start', () => {
    expect(parseRange('10:00-10:00').error).toBe('End must be after start');
  });

  it('rejects text that is not a range and a start of 24:00', () => {
    expect(parseRange('9-10').error).toMatch(/HH:MM-HH:MM/);
    expect(parseRange('24:00-24:00').error).toMatch(/5-minute/);
  });

  it('flags overlapping ranges on one day but lets ranges touch', () => {
    const week = toWeek([
      { day: 'Tuesday', time_slots: ['09:00-10:00', '10:00-11:00'] },
      { day: 'Friday', time_slots: ['13:00-15:00', '14:30-16:00'] },
    ]);

    const errors = validateWeek(week);

    expect(errors).toEqual({
      'availability.1.time_slots.1': 'Overlaps another range on this day',
    });
    expect(errorsByPosition(week, errors)).toEqual({
      4.1: 'Overlaps another range on this day',
    });
  });

  it('sends only the days that have ranges', () => {
    const week = toWeek([{ day: 'Monday', time_slots: [' 08:00-09:00 '] }]);
    expect(toPayload(week)).toEqual([
      { day: 'Monday', time_slots: ['08:00-09:00'] },
    ]);
  });
});
