import { NavLink, Outlet } from 'react-router';
import { Button } from '../components/button';
import { useAuth } from '../features/auth/auth-context';
import { RequestNotices } from '../features/requests/request-notices';
import { ConnectionIndicator } from './connection-indicator';

const links = [
  ['/', 'Peers'],
  ['/match', 'Find a match'],
  ['/requests', 'Requests'],
  ['/schedule', 'Schedule'],
  ['/interviews', 'Interviews'],
  ['/profile', 'Profile'],
];

export function Layout() {
  const { user, logout } = useAuth();
  return (
    <div className="min-h-screen">
      <RequestNotices />
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
          <span className="text-lg font-semibold text-indigo-700">
            mockroom
          </span>
          <nav
            aria-label="Main"
            className="order-last w-full sm:order-none sm:w-auto"
          >
            <ul className="flex flex-wrap gap-1">
              {links.map(([to, label]) => (
                <li key={to}>
                  <NavLink
                    to={to}
                    end={to === '/'}
                    className={({ isActive }) =>
                      `rounded-md px-2 py-1 text-sm focus-visible:outline-2 focus-visible:outline-indigo-500 ${isActive ? 'bg-indigo-50 font-medium text-indigo-800' : 'text-slate-600 hover:bg-slate-100'}`
                    }
                  >
                    {label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <div className="ml-auto flex items-center gap-3">
            <ConnectionIndicator />
            <span className="hidden text-sm text-slate-600 sm:inline">
              {user.name}
            </span>
            <Button variant="secondary" onClick={logout}>
              Log out
            </Button>
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-6">
        <Outlet />
      </main>
    </div>
  );
}
