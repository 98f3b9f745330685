import { useCallback, useEffect, useMemo, useState } from 'react';
import { api } from '../../lib/api';
import { connectSocket, disconnectSocket } from '../../lib/socket';
import { clearToken, readToken, saveToken } from '../../lib/token';
import { fetchMe } from './api';
import { AuthContext } from './auth-context';

export function AuthProvider({ children }) {
  const [user, setUser] = useState(null);
  const [checking, setChecking] = useState(() => Boolean(readToken()));

  const logout = useCallback(() => {
    clearToken();
    disconnectSocket();
    setUser(null);
  }, []);

  const startSession = useCallback(({ token, user }) => {
    saveToken(token);
    setUser(user);
    disconnectSocket();
    connectSocket();
  }, []);

  // A 401 anywhere ends the session; the router then shows the login page.
  useEffect(() => {
    api.setUnauthorizedHandler(logout);
  }, [logout]);

  // A stored token survives a refresh: check it once at start.
  useEffect(() => {
    if (!readToken()) return;
    fetchMe()
      .then(({ user }) => {
        setUser(user);
        connectSocket();
      })
      .catch(() => logout())
      .finally(() => setChecking(false));
  }, [logout]);

  const value = useMemo(
    () => ({ user, checking, startSession, logout, setUser }),
    [user, checking, startSession, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
