import { Badge, SkillList } from '../../components/badge';
import { Button } from '../../components/button';
import { Empty } from '../../components/states';
import { formatDateTime } from '../../lib/time';

export function IncomingList({ requests, timeZone, onAnswer, busyId }) {
  if (!requests.length) return <Empty>No requests for you yet.</Empty>;
  return (
    <ul className="flex flex-col gap-2" aria-label="Incoming requests">
      {requests.map((r) => (
        <li
          key={r.id}
          data-testid={`incoming-${r.id}`}
          className="flex flex-col gap-2 rounded-lg bg-white p-3 ring-1 ring-slate-200 sm:flex-row sm:items-center"
        >
          <div className="flex flex-1 flex-col gap-1">
            <p className="font-medium">
              {r.requester?.name}{' '}
              <span className="text-sm font-normal text-slate-600">
                · {formatDateTime(r.requested_time, timeZone)}
              </span>
            </p>
            <SkillList skills={r.requester?.skills} />
            {r.message && <p className="text-sm text-slate-600">{r.message}</p>}
          </div>
          {r.status === 'Pending' ? (
            <div className="flex gap-2">
              <Button
                disabled={busyId === r.id}
                aria-label="Accept"
                onClick={() => onAnswer(r, 'Accepted')}
              >
                <span aria-hidden="true">✓</span> Accept
              </Button>
              <Button
                variant="secondary"
                disabled={busyId === r.id}
                aria-label="Decline"
                onClick={() => onAnswer(r, 'Declined')}
              >
                <span aria-hidden="true">✕</span> Decline
              </Button>
            </div>
          ) : (
            <Badge>{r.status}</Badge>
          )}
        </li>
      ))}
    </ul>
  );
}

export function OutgoingList({ requests, timeZone, onAnswer, busyId }) {
  if (!requests.length) return <Empty>You have not sent any requests.</Empty>;
  return (
    <ul className="flex flex-col gap-2" aria-label="Outgoing requests">
      {requests.map((r) => (
        <li
          key={r.id}
          data-testid={`outgoing-${r.id}`}
          className="flex flex-wrap items-center gap-2 rounded-lg bg-white p-3 ring-1 ring-slate-200"
        >
          <span className="font-medium">{r.matched_peer?.name}</span>
          <span className="text-sm text-slate-600">
            {formatDateTime(r.requested_time, timeZone)}
          </span>
          <span className="ml-auto" data-testid="request-status">
            <Badge>{r.status}</Badge>
          </span>
          {r.status === 'Pending' && (
            <Button
              variant="ghost"
              disabled={busyId === r.id}
              onClick={() => onAnswer(r, 'Cancelled')}
            >
              Withdraw
            </Button>
          )}
        </li>
      ))}
    </ul>
  );
}
