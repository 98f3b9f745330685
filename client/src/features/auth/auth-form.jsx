import { useState } from 'react';
import { Link } from 'react-router';
import { Button } from '../../components/button';
import { Field, inputClass } from '../../components/field';
import { browserTimeZone } from '../../lib/time';
import { logIn, signUp } from './api';
import { useAuth } from './auth-context';

const copy = {
  login: {
    title: 'Log in',
    submit: 'Log in',
    other: ['No account yet?', '/signup', 'Sign up'],
  },
  signup: {
    title: 'Create your account',
    submit: 'Sign up',
    other: ['Already registered?', '/login', 'Log in'],
  },
};

export function AuthForm({ mode }) {
  const { startSession } = useAuth();
  const [fields, setFields] = useState({ name: '', email: '', password: '' });
  const [errors, setErrors] = useState({});
  const [formError, setFormError] = useState(null);
  const [busy, setBusy] = useState(false);
  const text = copy[mode];

  const update = (name) => (event) =>
    setFields((f) => ({ ...f, [name]: event.target.value }));

  async function submit(event) {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setFormError(null);
    try {
      const session =
        mode === 'signup'
          ? await signUp({ ...fields, timezone: browserTimeZone() })
          : await logIn({ email: fields.email, password: fields.password });
      // The login routes redirect once the session exists.
      startSession(session);
    } catch (error) {
      const byField = error.fieldErrors?.() ?? {};
      setErrors(byField);
      if (!Object.keys(byField).length) setFormError(error.message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="mx-auto mt-16 max-w-sm px-4">
      <h1 className="mb-6 text-2xl font-semibold">{text.title}</h1>
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
        {mode === 'signup' && (
          <Field label="Name" error={errors.name}>
            {(props) => (
              <input
                {...props}
                className={inputClass}
                autoComplete="name"
                value={fields.name}
                onChange={update('name')}
              />
            )}
          </Field>
        )}
        <Field label="Email" error={errors.email}>
          {(props) => (
            <input
              {...props}
              type="email"
              className={inputClass}
              autoComplete="email"
              value={fields.email}
              onChange={update('email')}
            />
          )}
        </Field>
        <Field label="Password" error={errors.password}>
          {(props) => (
            <input
              {...props}
              type="password"
              className={inputClass}
              autoComplete={
                mode === 'signup' ? 'new-password' : 'current-password'
              }
              value={fields.password}
              onChange={update('password')}
            />
          )}
        </Field>
        {formError && (
          <p role="alert" className="text-sm text-rose-600">
            {formError}
          </p>
        )}
        <Button type="submit" disabled={busy}>
          {busy ? 'Please wait…' : text.submit}
        </Button>
      </form>
      <p className="mt-4 text-sm text-slate-600">
        {text.other[0]}{' '}
        <Link className="text-indigo-700 underline" to={text.other[1]}>
          {text.other[2]}
        </Link>
      </p>
    </main>
  );
}
