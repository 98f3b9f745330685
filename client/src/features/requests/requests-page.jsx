import { useState } from 'react';
import { Resource } from '../../components/states';
import { useToast } from '../../components/toast-context';
import { useResource } from '../../hooks/use-resource';
import { useOnReconnect, useSocketEvent } from '../../hooks/use-socket-event';
import { EVENTS } from '../../lib/events';
import { browserTimeZone } from '../../lib/time';
import { useCurrentUser } from '../auth/auth-context';
import { answerRequest, fetchRequests } from './api';
import { mergeRequest } from './merge-request';
import { IncomingList, OutgoingList } from './request-lists';

export function RequestsPage() {
  const me = useCurrentUser();
  const toast = useToast();
  const timeZone = me.timezone || browserTimeZone();
  const requests = useResource(fetchRequests, 'requests');
  const [busyId, setBusyId] = useState(null);

  useOnReconnect(requests.reload);
  // The toasts for these come from RequestNotices, on every page.
  useSocketEvent(EVENTS.requestNew, (request) => {
    requests.setData((lists) => mergeRequest(lists, request, me.id));
  });
  useSocketEvent(EVENTS.requestUpdated, (request) => {
    requests.setData((lists) => mergeRequest(lists, request, me.id));
  });

  async function answer(request, status) {
    setBusyId(request.id);
    try {
      const updated = await answerRequest(request.id, status);
      requests.setData((lists) => mergeRequest(lists, updated, me.id));
    } catch (error) {
      toast(error.message, 'error');
      requests.reload();
    } finally {
      setBusyId(null);
    }
  }

  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">Requests</h1>
      <Resource resource={requests}>
        {(lists) => (
          <div className="grid gap-6 lg:grid-cols-2">
            <div className="flex flex-col gap-2">
              <h2 className="text-lg font-medium">Incoming</h2>
              <IncomingList
                requests={lists.incoming}
                timeZone={timeZone}
                onAnswer={answer}
                busyId={busyId}
              />
            </div>
            <div className="flex flex-col gap-2">
              <h2 className="text-lg font-medium">Outgoing</h2>
              <OutgoingList
                requests={lists.outgoing}
                timeZone={timeZone}
                onAnswer={answer}
                busyId={busyId}
              />
            </div>
          </div>
        )}
      </Resource>
    </section>
  );
}
