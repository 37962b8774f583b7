import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { presenceColour } from '@placeboard/board';
import { useDisplayName } from '../../hooks/use-display-name';
import { useAnnounce } from '../../lib/announce';
import { boardPackPdfUrl } from '../../lib/api';
import { ReadOnlyBoardAccess } from '../access/board-access';
import { BoardWorkspace } from '../board-view';
import { isViewPane, type ViewPane } from '../board-tabs';
import { STATUS_LABELS, formatWhen } from './format';
import { useVersionDoc } from './use-version-doc';
import './versions.css';

function paneFromHash(): ViewPane {
  const hash = window.location.hash.slice(1);
  return isViewPane(hash) ? hash : 'map';
}

/**
 * The `/b/:id/v/:n` route: the whole board (every pane) as it was in saved version `n`, read-only for everyone,
 * under a banner that says which version it is and leads back to the live board.
 */
export function VersionView() {
  const { id = '', n = '' } = useParams();
  const versionNumber = /^\d+$/.test(n) ? Number(n) : NaN;
  const { name } = useDisplayName();
  const announce = useAnnounce();
  const [pane, setPane] = useState<ViewPane>(paneFromHash);
  const user = useMemo(() => ({ name, color: presenceColour(name) }), [name]);
  const [discarded, setDiscarded] = useState(false);
  const onDiscarded = useCallback(() => {
    setDiscarded(true);
    announce('This is a saved version: it cannot be changed, so your change was undone.');
  }, [announce]);
  const state = useVersionDoc(id, versionNumber, onDiscarded);

  const selectPane = useCallback((next: ViewPane) => {
    setPane(next);
    window.history.replaceState(window.history.state, '', `#${next}`);
  }, []);

  useEffect(() => {
    if (state.kind === 'ready') document.title = `Version ${state.version.number}: ${state.version.name} – Placeboard`;
  }, [state]);

  const live = `/b/${encodeURIComponent(id)}`;
  if (!Number.isFinite(versionNumber)) {
    return (
      <div className="page page--narrow">
        <h1>Version not found</h1>
        <p>
          <Link to={`${live}/versions`}>See the board’s versions</Link>
        </p>
      </div>
    );
  }
  if (state.kind === 'loading') return <p role="status">Opening version {versionNumber}…</p>;
  if (state.kind === 'failed') {
    return (
      <div className="page page--narrow" data-testid="version-failed">
        <h1>{state.status === 404 ? 'Version not found' : 'The version could not be opened'}</h1>
        <p>{state.message}</p>
        <p>
          <Link to={`${live}/versions`}>See the board’s versions</Link> or <Link to={live}>go back to the live board</Link>.
        </p>
      </div>
    );
  }

  const { version, connection } = state;
  const banner = (
    <div className="version-banner" role="region" aria-label="Saved version" data-testid="version-banner" data-version={version.number}>
      <p className="version-banner__text">
        <span className="version-banner__label">Read only.</span> You are looking at version {version.number}, {version.name || 'unnamed'},
        saved by {version.createdByName || 'someone'} on {formatWhen(version.createdAt, false)}.{' '}
        <Link to={live} data-testid="version-back">
          Back to the live board
        </Link>
      </p>
      <p className="version-banner__more">
        {version.status !== 'saved' && <span className="status-badge status-badge--inverse">{STATUS_LABELS[version.status]}</span>}
        <Link to={`${live}/versions`}>All versions</Link>
        <a href={boardPackPdfUrl(id, version.number)} download>
          Download board pack (PDF)
        </a>
      </p>
      {discarded && (
        <p className="version-banner__notice" data-testid="version-discarded">
          A saved version cannot be changed: your change was undone.
        </p>
      )}
    </div>
  );
  return (
    <ReadOnlyBoardAccess>
      <BoardWorkspace
        key={connection.doc.guid}
        boardId={id}
        connection={connection}
        user={user}
        pane={pane}
        onSelectPane={selectPane}
        staticNotice={banner}
      />
    </ReadOnlyBoardAccess>
  );
}
