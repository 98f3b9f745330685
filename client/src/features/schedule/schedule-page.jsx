import { useMemo, useState } from 'react';
import { Button } from '../../components/button';
import { Resource } from '../../components/states';
import { useToast } from '../../components/toast-context';
import { useResource } from '../../hooks/use-resource';
import { useOnReconnect, useSocketEvent } from '../../hooks/use-socket-event';
import { EVENTS } from '../../lib/events';
import {
  addDays,
  browserTimeZone,
  weekDays,
  zonedTimeToUtc,
} from '../../lib/time';
import { useCurrentUser } from '../auth/auth-context';
import {
  bookSlot,
  cancelSlot,
  fetchSlots,
  publishFromAvailability,
  publishSlot,
} from './api';
import { PublishForm } from './publish-form';
import { WeekCalendar } from './week-calendar';

export function SchedulePage() {
  const me = useCurrentUser();
  const toast = useToast();
  const timeZone = me.timezone || browserTimeZone();
  const [anchor, setAnchor] = useState(() => new Date());
  const [busy, setBusy] = useState(false);
  const days = useMemo(() => weekDays(anchor, timeZone), [anchor, timeZone]);
  const from = days[0].start;
  const to = days[6].end;
  const slots = useResource(
    () => fetchSlots({ from, to }),
    `${from.toISOString()}|${to.toISOString()}`,
  );

  useOnReconnect(slots.reload);
  useSocketEvent(EVENTS.slotBooked, slots.reload);
  useSocketEvent(EVENTS.slotCancelled, slots.reload);

  // Move by whole local weeks: noon on the Monday a week away.
  function shiftWeek(weeks) {
    const monday = addDays(days[0].date, weeks * 7);
    setAnchor(zonedTimeToUtc({ ...monday, hour: 12 }, timeZone));
  }

  async function act(work, success) {
    setBusy(true);
    try {
      await work();
      toast(success);
      slots.reload();
    } catch (error) {
      toast(error.message, 'error');
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">Schedule</h1>
      <PublishForm
        timeZone={timeZone}
        busy={busy}
        onPublishWeeks={(weeks) =>
          act(() => publishFromAvailability(weeks), 'Slots published.')
        }
        onPublishOne={(when) => act(() => publishSlot(when), 'Slot published.')}
      />
      <div className="flex flex-wrap items-center gap-2 whitespace-nowrap">
        <Button variant="secondary" onClick={() => shiftWeek(-1)}>
          ← Previous week
        </Button>
        <Button variant="secondary" onClick={() => setAnchor(new Date())}>
          This week
        </Button>
        <Button variant="secondary" onClick={() => shiftWeek(1)}>
          Next week →
        </Button>
        <span className="w-full text-sm text-slate-600 sm:ml-auto sm:w-auto">
          Times in {timeZone}
        </span>
      </div>
      <Resource resource={slots}>
        {(data) => (
          <WeekCalendar
            days={days}
            slots={data.slots}
            timeZone={timeZone}
            meId={me.id}
            busy={busy}
            onBook={(slot) => act(() => bookSlot(slot.id), 'Slot booked.')}
            onCancel={(slot) =>
              act(() => cancelSlot(slot.id), 'Slot cancelled.')
            }
          />
        )}
      </Resource>
    </section>
  );
}
