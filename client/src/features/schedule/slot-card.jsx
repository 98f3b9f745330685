import { useState } from 'react';
import { Badge } from '../../components/badge';
import { Button } from '../../components/button';
import { formatTime } from '../../lib/time';

export function SlotCard({ slot, timeZone, meId, onBook, onCancel, busy }) {
  const [confirming, setConfirming] = useState(false);
  const mine = slot.interviewer_id === meId;
  const takenByMe = slot.interviewee_id === meId;
  const canBook = slot.status === 'Available' && !mine;
  const canCancel =
    (mine || takenByMe) && ['Available', 'Booked'].includes(slot.status);
  const time = `${formatTime(slot.slot_time, timeZone)}–${formatTime(slot.end_time, timeZone)}`;

  return (
    <div
      data-testid={`slot-${slot.id}`}
      className={`flex flex-col gap-1 rounded-md p-2 text-xs ring-1 ${mine ? 'bg-indigo-50 ring-indigo-200' : 'bg-white ring-slate-200'}`}
    >
      <span className="font-medium tabular-nums">{time}</span>
      <span className="truncate text-slate-600">
        {mine ? 'Your slot' : slot.interviewer?.name}
        {slot.interviewee &&
          ` · with ${takenByMe ? 'you' : slot.interviewee.name}`}
      </span>
      <span className="self-start">
        <Badge>{slot.status}</Badge>
      </span>
      {canBook && (
        <Button
          disabled={busy}
          aria-label={`Book ${slot.interviewer?.name ?? 'slot'} at ${time}`}
          onClick={() => onBook(slot)}
        >
          Book
        </Button>
      )}
      {canCancel && !confirming && (
        <Button variant="ghost" onClick={() => setConfirming(true)}>
          Cancel slot
        </Button>
      )}
      {confirming && (
        <div role="group" aria-label="Confirm cancel" className="flex gap-1">
          <Button
            variant="danger"
            disabled={busy}
            onClick={() => {
              setConfirming(false);
              onCancel(slot);
            }}
          >
            Yes, cancel
          </Button>
          <Button variant="secondary" onClick={() => setConfirming(false)}>
            Keep
          </Button>
        </div>
      )}
    </div>
  );
}
