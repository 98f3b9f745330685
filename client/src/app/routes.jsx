import { lazy, Suspense } from 'react';
import { Navigate, Outlet, Route, Routes, useLocation } from 'react-router';
import { ErrorBoundary } from '../components/error-boundary';
import { Loading } from '../components/states';
import { AuthForm } from '../features/auth/auth-form';
import { useAuth } from '../features/auth/auth-context';
import { InterviewsPage } from '../features/interviews/interviews-page';
import { MatchPage } from '../features/matching/match-page';
import { PeersPage } from '../features/peers/peers-page';
import { ProfilePage } from '../features/profile/profile-page';
import { RequestsPage } from '../features/requests/requests-page';
import { SchedulePage } from '../features/schedule/schedule-page';
import { Layout } from './layout';

// The room pulls in WebRTC code nobody needs until an interview starts.
const RoomPage = lazy(() => import('../features/room/room-page'));

function RequireAuth() {
  const { user, checking } = useAuth();
  const location = useLocation();
  if (checking) return <Loading label="Checking your session…" />;
  if (!user) {
    return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  }
  return <Outlet />;
}

// Once signed in, leave the login pages: back to where the user was sent
// from, or to the profile right after signing up.
function GuestOnly({ children, landing = '/' }) {
  const { user, checking } = useAuth();
  const location = useLocation();
  if (checking) return <Loading label="Checking your session…" />;
  if (!user) return children;
  return <Navigate to={location.state?.from ?? landing} replace />;
}

function Page({ children }) {
  return <ErrorBoundary>{children}</ErrorBoundary>;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route
        path="/login"
        element={
          <GuestOnly>
            <AuthForm mode="login" />
          </GuestOnly>
        }
      />
      <Route
        path="/signup"
        element={
          <GuestOnly landing="/profile">
            <AuthForm mode="signup" />
          </GuestOnly>
        }
      />
      <Route element={<RequireAuth />}>
        <Route
          path="/room/:interviewId"
          element={
            <Page>
              <Suspense fallback={<Loading label="Opening the room…" />}>
                <RoomPage />
              </Suspense>
            </Page>
          }
        />
        <Route element={<Layout />}>
          <Route
            index
            element={
              <Page>
                <PeersPage />
              </Page>
            }
          />
          <Route
            path="profile"
            element={
              <Page>
                <ProfilePage />
              </Page>
            }
          />
          <Route
            path="match"
            element={
              <Page>
                <MatchPage />
              </Page>
            }
          />
          <Route
            path="requests"
            element={
              <Page>
                <RequestsPage />
              </Page>
            }
          />
          <Route
            path="schedule"
            element={
              <Page>
                <SchedulePage />
              </Page>
            }
          />
          <Route
            path="interviews"
            element={
              <Page>
                <InterviewsPage />
              </Page>
            }
          />
        </Route>
      </Route>
      <Route path="*" element={<Navigate to="/" replace />} />
    </Routes>
  );
}
