import { lazy, Suspense } from 'react';

// The page (with the map and the phone-number check) loads only when a community link is opened.
const CommunityView = lazy(() => import('./community-view').then((m) => ({ default: m.CommunityView })));

/** The `/c/:token` route: the public community page of one board (see CommunityView). */
export function CommunityPage() {
  return (
    <Suspense
      fallback={
        <main id="main" className="community">
          <p role="status">Loading…</p>
        </main>
      }
    >
      <CommunityView />
    </Suspense>
  );
}
