import { useEffect, useRef, useState } from 'react';
import * as Y from 'yjs';
import { syncUrl, type BoardConnection } from '../../hooks/use-board-doc';
import { createBoardProvider } from '../../lib/sync/provider';
import { ApiError, getVersion, getVersionUpdate, type BoardVersion } from '../../lib/api';

/** Origin of the transaction that fills a version's doc: every other change to it is someone's edit, thrown away. */
const VERSION_LOAD = Symbol('placeboard-version-load');

/** A saved version as the read-only view shows it: its details and a static doc holding it. */
export type VersionDocState =
  | { kind: 'loading' }
  | { kind: 'failed'; message: string; status: number }
  | { kind: 'ready'; version: BoardVersion; connection: BoardConnection };

/**
 * A static board doc for one saved version: its Yjs state (`GET /api/boards/:id/versions/:n/update`) applied to a
 * fresh Y.Doc that no server ever syncs. The panes take a provider for its awareness (the Purpose pane's carets read
 * it), so the doc gets a board provider that is never connected: nothing is sent, and nobody sees a presence. Nor
 * is it kept in the browser (IndexedDB): a saved version is read from the server each time.
 *
 * A version is never edited. Panes that viewers cannot edit hide their tools; should anything still change the
 * doc, the change is thrown away and the view starts again from the saved state (as the live board does when the
 * server refuses an edit), and `onDiscarded` is told.
 */
export function useVersionDoc(boardId: string, versionNumber: number, onDiscarded?: () => void): VersionDocState {
  const [state, setState] = useState<VersionDocState>({ kind: 'loading' });
  const onDiscardedRef = useRef(onDiscarded);
  onDiscardedRef.current = onDiscarded;

  useEffect(() => {
    let disposed = false;
    let teardown = (): void => {};
    setState({ kind: 'loading' });

    const open = (version: BoardVersion, bytes: Uint8Array): void => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, bytes, VERSION_LOAD);
      const provider = createBoardProvider(syncUrl(), boardId, doc, { connect: false });
      let discarding = false;
      const onUpdate = (_update: Uint8Array, origin: unknown): void => {
        if (origin === VERSION_LOAD || discarding || disposed) return;
        discarding = true;
        // Outside the transaction that made the change: then drop this doc and start again from the saved bytes.
        setTimeout(() => {
          if (disposed) return;
          teardown();
          open(version, bytes);
          onDiscardedRef.current?.();
        }, 0);
      };
      doc.on('update', onUpdate);
      window.__placeboard = { doc, provider };
      setState({ kind: 'ready', version, connection: { doc, provider, status: 'connected', synced: true, cached: false, unsent: 0, inFlight: 0, unsentNow: () => 0, keptInBrowser: false } });
      teardown = () => {
        doc.off('update', onUpdate);
        if (window.__placeboard?.doc === doc) delete window.__placeboard;
        provider.destroy();
        doc.destroy();
      };
    };

    Promise.all([getVersion(boardId, versionNumber), getVersionUpdate(boardId, versionNumber)]).then(
      ([version, bytes]) => {
        if (!disposed) open(version, bytes);
      },
      (error: unknown) => {
        if (disposed) return;
        setState({
          kind: 'failed',
          status: error instanceof ApiError ? error.status : 0,
          message: error instanceof ApiError ? error.message : 'The version could not be read.',
        });
      },
    );
    return () => {
      disposed = true;
      teardown();
    };
  }, [boardId, versionNumber]);

  return state;
}
