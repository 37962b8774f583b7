import { lazy, Suspense, useState, type ComponentType } from 'react';
import { createBrowserRouter, createRoutesFromElements, Outlet, Route, RouterProvider } from 'react-router';
import { BoardAccessGate } from './components/access/board-access';
import { AppLayout } from './components/app-layout';
import { RequireSession } from './components/auth/require-session';
import { BoardView } from './components/board-view';
import { NameGate } from './components/name-gate';
import { SessionProvider } from './lib/session';

/**
 * A page whose code is loaded when it is first opened, with a status while it loads; `name` is the component's
 * export in its module.
 */
function lazyPage<M, K extends keyof M>(load: () => Promise<M>, name: K): ComponentType {
  const Loaded = lazy(async () => ({ default: (await load())[name] as ComponentType }));
  return function LazyPage() {
    return (
      <Suspense fallback={<p role="status">Loading…</p>}>
        <Loaded />
      </Suspense>
    );
  };
}

// Only the board's page is in the app's first code: a reload of a board does not wait for every other page.
const AuditPage = lazyPage(() => import('./components/access/audit-page'), 'AuditPage');
const MembersPage = lazyPage(() => import('./components/access/members-page'), 'MembersPage');
const InvitePage = lazyPage(() => import('./components/auth/invite-page'), 'InvitePage');
const SetupPage = lazyPage(() => import('./components/auth/setup-page'), 'SetupPage');
const SignInPage = lazyPage(() => import('./components/auth/sign-in-page'), 'SignInPage');
const BoardList = lazyPage(() => import('./components/board-list'), 'BoardList');
const CommunityPage = lazyPage(() => import('./components/community/community-page'), 'CommunityPage');
const NotFound = lazyPage(() => import('./components/not-found'), 'NotFound');
const PresentPage = lazyPage(() => import('./components/present/present-page'), 'PresentPage');
const VersionView = lazyPage(() => import('./components/versions/version-view'), 'VersionView');
const VersionsPage = lazyPage(() => import('./components/versions/versions-page'), 'VersionsPage');

/** What every page sits in: the session, and the name a guest gives before a board opens. */
function Root() {
  return (
    <SessionProvider>
      <NameGate>
        <Outlet />
      </NameGate>
    </SessionProvider>
  );
}

/**
 * The app's pages. Setup, sign-in and invitations are open to anyone; the board list and boards need an account or a
 * share link (RequireSession sends anyone else to sign-in). Community pages (`/c/...`) are public.
 */
const routes = createRoutesFromElements(
  <Route element={<Root />}>
    <Route path="c/:token" element={<CommunityPage />} />
    {/* Present mode fills the screen: no app header. */}
    <Route element={<RequireSession />}>
      <Route
        path="b/:id/present"
        element={
          <BoardAccessGate opensBoard>
            <PresentPage />
          </BoardAccessGate>
        }
      />
    </Route>
    <Route element={<AppLayout />}>
      <Route path="setup" element={<SetupPage />} />
      <Route path="signin" element={<SignInPage />} />
      <Route path="invite/:token" element={<InvitePage />} />
      <Route element={<RequireSession />}>
        <Route index element={<BoardList />} />
        <Route
          path="b/:id"
          element={
            <BoardAccessGate opensBoard>
              <BoardView />
            </BoardAccessGate>
          }
        />
        <Route
          path="b/:id/members"
          element={
            <BoardAccessGate>
              <MembersPage />
            </BoardAccessGate>
          }
        />
        <Route
          path="b/:id/versions"
          element={
            <BoardAccessGate>
              <VersionsPage />
            </BoardAccessGate>
          }
        />
        <Route
          path="b/:id/v/:n"
          element={
            <BoardAccessGate>
              <VersionView />
            </BoardAccessGate>
          }
        />
        <Route
          path="b/:id/audit"
          element={
            <BoardAccessGate>
              <AuditPage />
            </BoardAccessGate>
          }
        />
      </Route>
      <Route path="*" element={<NotFound />} />
    </Route>
  </Route>,
);

/**
 * The Placeboard web app, on a data router: a board whose edits live only in the page can then ask before any
 * navigation away from it, the browser's Back and Forward buttons included (`useBlocker`, see board-view.tsx).
 */
export function App() {
  // One router for the app's life, made when it first renders (not on import: tests import pages without a window).
  const [router] = useState(() => createBrowserRouter(routes));
  return <RouterProvider router={router} />;
}
