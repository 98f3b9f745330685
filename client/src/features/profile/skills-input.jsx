import { useState } from 'react';
import { inputClass } from '../../components/field';

/** Skills as removable chips; Enter or a comma adds the typed skill. */
export function SkillsInput({ id, value, onChange, ...aria }) {
  const [draft, setDraft] = useState('');

  function add() {
    const skill = draft.trim().replace(/,$/, '');
    if (skill && !value.includes(skill)) onChange([...value, skill]);
    setDraft('');
  }

  return (
    <div className="flex flex-col gap-2">
      <ul className="flex flex-wrap gap-2" aria-label="Chosen skills">
        {value.map((skill) => (
          <li
            key={skill}
            className="flex items-center gap-1 rounded-full bg-indigo-100 px-2 py-0.5 text-sm text-indigo-900"
          >
            {skill}
            <button
              type="button"
              aria-label={`Remove skill ${skill}`}
              className="rounded-full px-1 focus-visible:outline-2 focus-visible:outline-indigo-500"
              onClick={() => onChange(value.filter((s) => s !== skill))}
            >
              ✕
            </button>
          </li>
        ))}
      </ul>
      <input
        id={id}
        {...aria}
        className={inputClass}
        placeholder="Type a skill and press Enter"
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={add}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ',') {
            e.preventDefault();
            add();
          }
        }}
      />
    </div>
  );
}
