import { useState } from 'react';
import { Link } from 'react-router';
import { Button } from '../../components/button';
import { inputClass } from '../../components/field';
import { sendFeedback } from '../interviews/api';

export function FeedbackForm({ interviewId }) {
  const [rating, setRating] = useState(0);
  const [notes, setNotes] = useState('');
  const [state, setState] = useState({ sent: false, error: null });

  async function submit(event) {
    event.preventDefault();
    try {
      await sendFeedback(interviewId, { rating, notes });
      setState({ sent: true, error: null });
    } catch (error) {
      setState({ sent: false, error });
    }
  }

  if (state.sent) {
    return (
      <section className="mx-auto max-w-md p-6 text-center">
        <p className="mb-4">Thanks, your feedback was saved.</p>
        <Link className="text-indigo-700 underline" to="/interviews">
          Back to interviews
        </Link>
      </section>
    );
  }
  return (
    <form
      onSubmit={submit}
      className="mx-auto flex max-w-md flex-col gap-4 p-6"
    >
      <h1 className="text-2xl font-semibold">The interview has ended</h1>
      <fieldset className="flex gap-2">
        <legend className="mb-1 text-sm font-medium">Rating</legend>
        {[1, 2, 3, 4, 5].map((value) => (
          <label key={value} className="flex items-center gap-1 text-sm">
            <input
              type="radio"
              name="rating"
              value={value}
              checked={rating === value}
              onChange={() => setRating(value)}
            />
            {value}
          </label>
        ))}
      </fieldset>
      <label className="flex flex-col gap-1 text-sm font-medium">
        Notes for your peer
        <textarea
          rows={4}
          className={inputClass}
          value={notes}
          onChange={(e) => setNotes(e.target.value)}
        />
      </label>
      {state.error && (
        <p role="alert" className="text-sm text-rose-600">
          {state.error.message}
        </p>
      )}
      <Button type="submit" disabled={!rating}>
        Send feedback
      </Button>
    </form>
  );
}
