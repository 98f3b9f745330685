import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { weekDays } from '../../lib/time';
import { WeekCalendar } from './week-calendar';

const tz = 'America/New_York';
const peer = { id: 'b'.repeat(24), name: 'Bob' };

function slot(id, start, minutes = 60) {
  const end = new Date(new Date(start).getTime() + minutes * 60000);
  return {
    id,
    interviewer_id: peer.id,
    interviewer: peer,
    interviewee_id: null,
    interviewee: null,
    slot_time: start,
    end_time: end.toISOString(),
    duration_minutes: minutes,
    status: 'Available',
  };
}

function renderWeek(slots) {
  const days = weekDays(new Date('2026-10-30T15:00:00Z'), tz);
  render(
    <WeekCalendar
      days={days}
      slots={slots}
      timeZone={tz}
      meId={'a'.repeat(24)}
      onBook={() => {}}
      onCancel={() => {}}
    />,
  );
}

describe('the week calendar across the New York fall-back', () => {
  it('shows each day of the week once, with Sunday 1 November a single column', () => {
    renderWeek([]);

    const cells = screen.getAllByRole('gridcell');
    expect(cells).toHaveLength(7);
    expect(screen.getAllByTestId('day-2026-11-01')).toHaveLength(1);
    expect(within(cells[6]).getByText('Sun 1/11')).toBeVisible();
    expect(within(cells[0]).getByText('Mon 26/10')).toBeVisible();
  });

  it('renders slots in local time on both sides of the change', () => {
    renderWeek([
      // 09:00 EDT on Saturday, 09:00 EST on Sunday: different UTC hours.
      slot('sat', '2026-10-31T13:00:00Z'),
      slot('sun', '2026-11-01T14:00:00Z'),
      // 23:30 EST on Sunday is already Monday in UTC.
      slot('late', '2026-11-02T04:30:00Z', 30),
    ]);

    const saturday = screen.getByTestId('day-2026-10-31');
    const sunday = screen.getByTestId('day-2026-11-01');
    expect(within(saturday).getByText('09:00–10:00')).toBeVisible();
    expect(within(sunday).getByText('09:00–10:00')).toBeVisible();
    expect(within(sunday).getByText('23:30–00:00')).toBeVisible();
  });

  it('places a slot in the ambiguous hour on Sunday with its local time', () => {
    renderWeek([
      slot('first', '2026-11-01T05:30:00Z', 30),
      slot('second', '2026-11-01T06:30:00Z', 30),
    ]);

    const sunday = screen.getByTestId('day-2026-11-01');
    expect(within(sunday).getAllByText('01:30–02:00')).toHaveLength(1);
    expect(within(sunday).getByText('01:30–01:00')).toBeVisible();
  });
});
