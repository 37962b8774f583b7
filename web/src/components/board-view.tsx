import { lazy, Suspense, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useBlocker, useParams, type BlockerFunction } from 'react-router';
import { getBoardMeta, presenceColour, type Author, type BoardPane, type PresenceState } from '@placeboard/board';
import { useBoardDoc, type BoardConnection } from '../hooks/use-board-doc';
import { useDisplayName } from '../hooks/use-display-name';
import { useBoardValue } from '../hooks/use-y-observe';
import { BoardAccessBar, useBoardAccess } from './access/board-access';
import { BoardTabs, isViewPane, panelId, tabId, type ViewPane } from './board-tabs';
import { ConnectionStatus } from './connection-status';
import { PresenceBar } from './presence-bar';
import { BoardToolLinks } from './versions/board-tool-links';

// The panes' code (the map and the editor are large) loads when the pane is first opened.
const MapPane = lazy(() => import('./map/map-pane').then((m) => ({ default: m.MapPane })));
const OutcomeCanvas = lazy(() => import('./outcomes/outcome-canvas').then((m) => ({ default: m.OutcomeCanvas })));
const PurposePane = lazy(() => import('./purpose/purpose-pane').then((m) => ({ default: m.PurposePane })));
const PartnersPane = lazy(() => import('./partners/partners-pane').then((m) => ({ default: m.PartnersPane })));
const GovernancePane = lazy(() => import('./governance/governance-pane').then((m) => ({ default: m.GovernancePane })));
const CommunityPane = lazy(() => import('./community/community-pane').then((m) => ({ default: m.CommunityPane })));

/** Asked before the app leaves a board whose edits live only in this page. */
const LEAVE_WITH_UNSENT =
  'Some of your changes have not reached the server yet, and this browser keeps no copy of the board: leaving now loses them. Leave anyway?';

function paneFromHash(): ViewPane {
  const hash = window.location.hash.slice(1);
  return isViewPane(hash) ? hash : 'map';
}

/** The `/b/:id` route: one board, synced live, with its Map, Purpose, Outcomes, Partners and Governance panes. */
export function BoardView() {
  const { id = '' } = useParams();
  const { name } = useDisplayName();
  const [pane, setPane] = useState<ViewPane>(paneFromHash);
  const user = useMemo(() => ({ name, color: presenceColour(name) }), [name]);
  // Presence names the pane as a string; Partners and Governance are view panes beyond BOARD_PANES (see board-tabs).
  const presence = useMemo<PresenceState>(() => ({ user, pane: pane as BoardPane }), [user, pane]);
  // A refused edit or a change of access is handled by the BoardAccessGate around this route.
  const { sync } = useBoardAccess();
  const connection = useBoardDoc(id, presence, sync);

  // A link or the address bar changing the hash (#partners, #governance...) opens that pane.
  useEffect(() => {
    const onHashChange = (): void => setPane(paneFromHash());
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);

  const selectPane = useCallback((next: ViewPane) => {
    setPane(next);
    window.history.replaceState(window.history.state, '', `#${next}`);
  }, []);

  if (!connection) return <p role="status">Opening board…</p>;
  // A refused edit replaces the doc: remount the panes on the fresh one.
  return <BoardWorkspace key={`${id}:${connection.doc.guid}`} boardId={id} connection={connection} user={user} pane={pane} onSelectPane={selectPane} />;
}

/** Props of {@link BoardWorkspace}. */
export interface BoardWorkspaceProps {
  boardId: string;
  connection: BoardConnection;
  user: PresenceState['user'];
  pane: ViewPane;
  onSelectPane: (pane: ViewPane) => void;
  /**
   * Set for a board that is not live (a saved version, see versions/version-view.tsx): shown in place of the
   * connection status and presence, which such a board has none of.
   */
  staticNotice?: ReactNode;
}

/** The board's header, tabs and panes over one doc: the live board, or a saved version's static copy. */
export function BoardWorkspace({ boardId, connection, user, pane, onSelectPane, staticNotice }: BoardWorkspaceProps) {
  const { doc, provider, status, synced, cached, unsent, unsentNow, keptInBrowser } = connection;
  // The browser's copy (IndexedDB) shows the board before the server has synced.
  const loaded = synced || cached;
  const title = useBoardValue(doc, ['meta'], (d) => getBoardMeta(d).title);
  const author = useMemo<Author>(() => ({ name: user.name }), [user.name]);
  // Panes mount on first visit and then stay mounted, so the map and editors keep their state.
  const [visited, setVisited] = useState<ReadonlySet<ViewPane>>(() => new Set([pane]));
  useEffect(() => setVisited((old) => (old.has(pane) ? old : new Set([...old, pane]))), [pane]);

  useEffect(() => {
    document.title = `${title} – Placeboard`;
  }, [title]);

  // Edits the server has not stored, with no copy of the board in this browser to keep them, live only in this page:
  // the browser asks before the page is closed or reloaded (it says "Changes you made may not be saved"), and the
  // app asks before it leaves the board for another of its pages, by a link, by the browser's Back or Forward
  // button, or by any other navigation (changing pane, which keeps the board, does not ask). Both read the count as
  // it is when the page is left (`unsentNow`): an edit on its way is not yet in `unsent`.
  const pageOnly = !staticNotice && !keptInBrowser;
  useEffect(() => {
    if (!pageOnly) return undefined;
    const onBeforeUnload = (event: BeforeUnloadEvent): void => {
      if (unsentNow() > 0) event.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [pageOnly, unsentNow]);
  const leaving = useBlocker(
    useCallback<BlockerFunction>(
      ({ currentLocation, nextLocation }) => pageOnly && nextLocation.pathname !== currentLocation.pathname && unsentNow() > 0,
      [pageOnly, unsentNow],
    ),
  );
  useEffect(() => {
    if (leaving.state !== 'blocked') return;
    if (window.confirm(LEAVE_WITH_UNSENT)) leaving.proceed();
    else leaving.reset();
  }, [leaving]);

  return (
    <div className="board" data-testid="board-view" data-synced={synced ? 'true' : 'false'} data-cached={cached ? 'true' : 'false'}>
      <div className="board__top">
        <div className="board__heading">
          <h1 className="board__title" data-testid="board-title">
            {loaded ? title : 'Loading board…'}
          </h1>
          {!staticNotice && <ConnectionStatus status={status} synced={synced} unsent={unsent} keptInBrowser={keptInBrowser} />}
          <div className="board__links">
            <BoardAccessBar boardId={boardId} />
            {!staticNotice && <BoardToolLinks boardId={boardId} />}
          </div>
        </div>
        {!staticNotice && <PresenceBar awareness={provider.awareness} />}
      </div>
      {staticNotice}
      <BoardTabs active={pane} onSelect={onSelectPane} />
      <BoardPanel pane="map" active={pane} visited={visited} loading="Loading map…">
        <MapPane doc={doc} author={author} boardId={boardId} awareness={provider.awareness} title={title} />
      </BoardPanel>
      <BoardPanel pane="purpose" active={pane} visited={visited} loading="Loading editor…">
        <PurposePane doc={doc} provider={provider} author={author} user={user} />
      </BoardPanel>
      <BoardPanel pane="outcomes" active={pane} visited={visited} loading="Loading canvas…">
        <OutcomeCanvas doc={doc} author={author} awareness={provider.awareness} />
      </BoardPanel>
      <BoardPanel pane="partners" active={pane} visited={visited} loading="Loading partners…">
        <PartnersPane doc={doc} author={author} />
      </BoardPanel>
      <BoardPanel pane="governance" active={pane} visited={visited} loading="Loading governance log…">
        <GovernancePane doc={doc} author={author} boardId={boardId} />
      </BoardPanel>
      <BoardPanel pane="community" active={pane} visited={visited} loading="Loading community contributions…">
        <CommunityPane doc={doc} author={author} boardId={boardId} />
      </BoardPanel>
    </div>
  );
}

/**
 * One tab panel of the board. Its content mounts on the pane's first visit (loading its code then) and stays
 * mounted while hidden, so the map and editors keep their state.
 */
function BoardPanel({
  pane,
  active,
  visited,
  loading,
  children,
}: {
  pane: ViewPane;
  active: ViewPane;
  visited: ReadonlySet<ViewPane>;
  loading: string;
  children: ReactNode;
}) {
  return (
    <section
      id={panelId(pane)}
      role="tabpanel"
      aria-labelledby={tabId(pane)}
      hidden={pane !== active}
      className="board__panel"
      data-testid={`${pane}-pane`}
    >
      {visited.has(pane) && <Suspense fallback={<p role="status">{loading}</p>}>{children}</Suspense>}
    </section>
  );
}
