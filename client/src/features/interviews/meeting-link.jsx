import { useState } from 'react';
import { Button } from '../../components/button';
import { inputClass } from '../../components/field';
import { useToast } from '../../components/toast-context';
import { setMeetingLink } from './api';

export function MeetingLink({ interview, onSaved }) {
  const toast = useToast();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(interview.meeting_link ?? '');
  const [error, setError] = useState(null);

  async function save(event) {
    event.preventDefault();
    try {
      onSaved(await setMeetingLink(interview.id, value.trim()));
      setEditing(false);
      setError(null);
      toast('Meeting link saved.');
    } catch (err) {
      setError(err.fieldErrors?.().meeting_link ?? err.message);
    }
  }

  if (!editing) {
    return (
      <div className="flex flex-wrap items-center gap-2 text-sm">
        {interview.meeting_link ? (
          <a
            className="text-indigo-700 underline"
            href={interview.meeting_link}
            target="_blank"
            rel="noreferrer"
          >
            External meeting link
          </a>
        ) : (
          <span className="text-slate-500">No external link</span>
        )}
        <Button variant="ghost" onClick={() => setEditing(true)}>
          Edit link
        </Button>
      </div>
    );
  }
  return (
    <form onSubmit={save} className="flex flex-wrap items-start gap-2">
      <div className="flex flex-col gap-1">
        <input
          type="url"
          aria-label="Meeting link"
          aria-invalid={error ? 'true' : undefined}
          placeholder="https://meet.example.com/…"
          className={`${inputClass} min-w-64`}
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
        {error && (
          <p role="alert" className="text-xs text-rose-600">
            {error}
          </p>
        )}
      </div>
      <Button type="submit">Save link</Button>
      <Button variant="secondary" onClick={() => setEditing(false)}>
        Cancel
      </Button>
    </form>
  );
}
