import { BrowserRouter, Route, Routes } from 'react-router';
import { AuditPage } from './components/access/audit-page';
import { BoardAccessGate } from './components/access/board-access';
import { MembersPage } from './components/access/members-page';
import { AppLayout } from './components/app-layout';
import { InvitePage } from './components/auth/invite-page';
import { RequireSession } from './components/auth/require-session';
import { SetupPage } from './components/auth/setup-page';
import { SignInPage } from './components/auth/sign-in-page';
import { BoardList } from './components/board-list';
import { BoardView } from './components/board-view';
import { CommunityPage } from './components/community/community-page';
import { NameGate } from './components/name-gate';
import { NotFound } from './components/not-found';
import { PresentPage } from './components/present/present-page';
import { VersionView } from './components/versions/version-view';
import { VersionsPage } from './components/versions/versions-page';
import { SessionProvider } from './lib/session';

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
