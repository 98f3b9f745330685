import { render } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { ToastProvider } from '../components/toast';
import { AuthContext } from '../features/auth/auth-context';
import { SocketContext } from '../lib/socket-context';
import { createFakeSocket } from './fake-socket';

export const me = {
  id: 'a'.repeat(24),
  name: 'Ada',
  email: 'ada@example.test',
  skills: ['python'],
  experience_level: 'Intermediate',
  timezone: 'UTC',
  availability: [],
};

/** Render inside the app's providers, with a fake socket and a signed-in user. */
export function renderWithApp(
  ui,
  { user = me, socket = createFakeSocket() } = {},
) {
  const auth = { user, setUser: () => {}, logout: () => {} };
  const view = render(
    <MemoryRouter>
      <SocketContext.Provider value={socket}>
        <AuthContext.Provider value={auth}>
          <ToastProvider>{ui}</ToastProvider>
        </AuthContext.Provider>
      </SocketContext.Provider>
    </MemoryRouter>,
  );
  return { ...view, socket };
}
