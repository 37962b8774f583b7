import { lazy, Suspense, type ComponentType } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
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

/**
 * The Placeboard web app. Setup, sign-in and invitations are open to anyone; the board list and boards need an
 * account or a share link (RequireSession sends anyone else to sign-in). Community pages (`/c/...`) are public.
 */
export function App() {
  return (
    <BrowserRouter>
      <SessionProvider>
        <NameGate>
          <Routes>
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
          </Routes>
        </NameGate>
      </SessionProvider>
    </BrowserRouter>
  );
}
