import { useToast } from '../../components/toast-context';
import { useSocketEvent } from '../../hooks/use-socket-event';
import { EVENTS } from '../../lib/events';
import { useCurrentUser } from '../auth/auth-context';

/**
 * Toasts for match requests, on whatever page the user is: a new request
 * for them, and every change of status of one of theirs.
 */
export function RequestNotices() {
  const me = useCurrentUser();
  const toast = useToast();

  useSocketEvent(EVENTS.requestNew, (request) => {
    if (request.requester_id !== me.id) {
      toast(`New request from ${request.requester?.name ?? 'a peer'}.`);
    }
  });
  useSocketEvent(EVENTS.requestUpdated, (request) => {
    const other =
      request.requester_id === me.id
        ? request.matched_peer?.name
        : request.requester?.name;
    toast(`Request with ${other ?? 'a peer'} is now ${request.status}.`);
  });
  return null;
}
