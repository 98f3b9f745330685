import { useState } from 'react';
import { Button } from '../../components/button';
import { inputClass } from '../../components/field';

export function ChatPanel({ messages, meId, names, onSend }) {
  const [text, setText] = useState('');

  async function submit(event) {
    event.preventDefault();
    const body = text.trim();
    if (!body) return;
    setText('');
    await onSend(body);
  }

  return (
    <aside
      aria-label="Chat"
      className="flex h-full min-h-48 flex-col gap-2 rounded-lg bg-white p-3 ring-1 ring-slate-200"
    >
      <ol
        aria-live="polite"
        className="flex flex-1 flex-col gap-1 overflow-y-auto text-sm"
      >
        {messages.map((m) => (
          <li key={m.id} className={m.from === meId ? 'text-right' : ''}>
            <span className="text-xs text-slate-500">
              {m.from === meId ? 'You' : (names[m.from] ?? 'Peer')}
            </span>
            <p className="inline-block rounded-md bg-slate-100 px-2 py-1">
              {m.text}
            </p>
          </li>
        ))}
      </ol>
      <form onSubmit={submit} className="flex gap-2">
        <input
          aria-label="Chat message"
          className={inputClass}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <Button type="submit">Send</Button>
      </form>
    </aside>
  );
}
