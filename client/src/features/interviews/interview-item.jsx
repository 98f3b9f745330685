import { Link } from 'react-router';
import { Badge } from '../../components/badge';
import { Button } from '../../components/button';
import { useToast } from '../../components/toast-context';
import { formatDateTime } from '../../lib/time';
import { fetchInvite } from './api';
import { MeetingLink } from './meeting-link';
import { isRoomOpen } from './room-window';

export function InterviewItem({ interview, meId, timeZone, now, onChange }) {
  const toast = useToast();
  const other =
    interview.interviewer_id === meId
      ? interview.interviewee
      : interview.interviewer;

  async function download() {
    try {
      const blob = await fetchInvite(interview.id);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `mockroom-${interview.id}.ics`;
      link.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      toast(error.message, 'error');
    }
  }

  return (
    <li
      data-testid={`interview-${interview.id}`}
      className="flex flex-col gap-2 rounded-lg bg-white p-4 ring-1 ring-slate-200"
    >
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">With {other?.name ?? 'a peer'}</span>
        <span className="text-sm text-slate-600">
          {formatDateTime(interview.slot_time, timeZone)} ·{' '}
          {interview.duration_minutes} min
        </span>
        <Badge>{interview.status}</Badge>
        <span className="ml-auto flex gap-2">
          {isRoomOpen(interview, now) && (
            <Link
              to={`/room/${interview.id}`}
              className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500"
            >
              Join
            </Link>
          )}
          <Button variant="secondary" onClick={download}>
            Calendar invite
          </Button>
        </span>
      </div>
      <MeetingLink interview={interview} onSaved={onChange} />
    </li>
  );
}
