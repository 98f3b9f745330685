import { useState } from 'react';
import { Button } from '../../components/button';
import { Field, inputClass } from '../../components/field';
import { useToast } from '../../components/toast-context';
import { browserTimeZone } from '../../lib/time';
import { useAuth } from '../auth/auth-context';
import { updateProfile } from './api';
import {
  errorsByPosition,
  toPayload,
  toWeek,
  validateWeek,
} from './availability';
import { AvailabilityEditor } from './availability-editor';
import { SkillsInput } from './skills-input';
import { TimeZoneSelect } from './timezone-select';

const LEVELS = ['Beginner', 'Intermediate', 'Advanced'];

function initialForm(user) {
  return {
    name: user.name ?? '',
    bio: user.bio ?? '',
    skills: user.skills ?? [],
    experience_level: user.experience_level ?? 'Beginner',
    // A fresh account carries the server default; suggest the browser's zone.
    timezone:
      !user.timezone || user.timezone === 'UTC'
        ? browserTimeZone()
        : user.timezone,
    week: toWeek(user.availability),
  };
}

export function ProfilePage() {
  const { user, setUser } = useAuth();
  const toast = useToast();
  const [form, setForm] = useState(() => initialForm(user));
  const [errors, setErrors] = useState({});
  const [busy, setBusy] = useState(false);

  const set = (name) => (value) => setForm((f) => ({ ...f, [name]: value }));
  const setFromEvent = (name) => (e) => set(name)(e.target.value);

  async function save(event) {
    event.preventDefault();

    // Check availability here first, with the API's own rules.
    const local = validateWeek(form.week);
    setErrors({ week: errorsByPosition(form.week, local) });
    if (Object.keys(local).length) return;

    setBusy(true);
    try {
      const { week, ...fields } = form;
      const result = await updateProfile({
        ...fields,
        availability: toPayload(week),
      });
      setUser(result.user);
      toast('Profile saved.');
    } catch (error) {
      const byField = error.fieldErrors?.() ?? {};
      setErrors({ ...byField, week: errorsByPosition(form.week, byField) });
      toast(error.message, 'error');
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="mx-auto max-w-3xl">
      <h1 className="mb-4 text-2xl font-semibold">Your profile</h1>
      <form onSubmit={save} noValidate className="flex flex-col gap-5">
        <Field label="Name" error={errors.name}>
          {(props) => (
            <input
              {...props}
              className={inputClass}
              value={form.name}
              onChange={setFromEvent('name')}
            />
          )}
        </Field>
        <Field label="Bio" error={errors.bio}>
          {(props) => (
            <textarea
              {...props}
              rows={3}
              className={inputClass}
              value={form.bio}
              onChange={setFromEvent('bio')}
            />
          )}
        </Field>
        <Field label="Skills" error={errors.skills}>
          {(props) => (
            <SkillsInput
              {...props}
              value={form.skills}
              onChange={set('skills')}
            />
          )}
        </Field>
        <Field label="Experience level" error={errors.experience_level}>
          {(props) => (
            <select
              {...props}
              className={inputClass}
              value={form.experience_level}
              onChange={setFromEvent('experience_level')}
            >
              {LEVELS.map((level) => (
                <option key={level}>{level}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Time zone" error={errors.timezone}>
          {(props) => (
            <TimeZoneSelect
              {...props}
              value={form.timezone}
              onChange={set('timezone')}
            />
          )}
        </Field>
        <AvailabilityEditor
          week={form.week}
          onChange={set('week')}
          errors={errors.week}
        />
        <div>
          <Button type="submit" disabled={busy}>
            {busy ? 'Saving…' : 'Save profile'}
          </Button>
        </div>
      </form>
    </section>
  );
}
