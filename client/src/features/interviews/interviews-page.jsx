import { useEffect, useState } from 'react';
import { Empty, Resource } from '../../components/states';
import { useResource } from '../../hooks/use-resource';
import { useOnReconnect, useSocketEvent } from '../../hooks/use-socket-event';
import { EVENTS } from '../../lib/events';
import { browserTimeZone } from '../../lib/time';
import { useCurrentUser } from '../auth/auth-context';
import { fetchInterviews } from './api';
import { InterviewItem } from './interview-item';

function useNow(intervalMs) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function InterviewsPage() {
  const me = useCurrentUser();
  const timeZone = me.timezone || browserTimeZone();
  const now = useNow(30000);
  const interviews = useResource(fetchInterviews, 'interviews');

  useOnReconnect(interviews.reload);
  useSocketEvent(EVENTS.slotBooked, interviews.reload);
  useSocketEvent(EVENTS.slotCancelled, interviews.reload);
  useSocketEvent(EVENTS.requestUpdated, interviews.reload);

  const replace = (updated) =>
    interviews.setData((data) => ({
      upcoming: data.upcoming.map((i) => (i.id === updated.id ? updated : i)),
      past: data.past.map((i) => (i.id === updated.id ? updated : i)),
    }));

  const list = (items, empty) =>
    items.length === 0 ? (
      <Empty>{empty}</Empty>
    ) : (
      <ul className="flex flex-col gap-2">
        {items.map((interview) => (
          <InterviewItem
            key={interview.id}
            interview={interview}
            meId={me.id}
            timeZone={timeZone}
            now={now}
            onChange={replace}
          />
        ))}
      </ul>
    );

  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">Interviews</h1>
      <Resource resource={interviews}>
        {(data) => (
          <>
            <h2 className="text-lg font-medium">Upcoming</h2>
            {list(data.upcoming, 'Nothing booked yet.')}
            <h2 className="text-lg font-medium">Past</h2>
            {list(data.past, 'No past interviews.')}
          </>
        )}
      </Resource>
    </section>
  );
}
