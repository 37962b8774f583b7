import { useEffect, useState } from 'react';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { listPartners } from '@placeboard/board';
import { syncUrl } from '../../hooks/use-board-doc';
import type { PartnerChoice } from './controls';

/** The partners of a board, read live from its doc; `synced` is false until the doc has arrived. */
export interface BoardPartners {
  partners: PartnerChoice[];
  synced: boolean;
}

function readPartners(doc: Y.Doc): PartnerChoice[] {
  return listPartners(doc).flatMap((r) => (r.ok ? [{ id: r.value.id as string, organisation: r.value.organisation }] : []));
}

/**
 * Reads a board's partners (for the members page's partner choices) through a sync connection of its own that
 * only listens: it publishes no presence, so the page's reader does not show up as "on the board", and it never
 * edits. Until it has synced (or when it cannot), callers show partner ids instead of names.
 */
export function useBoardPartners(boardId: string): BoardPartners {
  const [state, setState] = useState<BoardPartners>({ partners: [], synced: false });
  useEffect(() => {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(syncUrl(), boardId, doc, { disableBc: true, connect: false });
    provider.awareness.setLocalState(null);
    let synced = false;
    const read = (): void => setState({ partners: readPartners(doc), synced });
    const onSync = (done: boolean): void => {
      if (!done) return;
      synced = true;
      read();
    };
    const onUpdate = (): void => {
      if (synced) read();
    };
    provider.on('sync', onSync);
    doc.on('update', onUpdate);
    provider.connect();
    return () => {
      provider.off('sync', onSync);
      doc.off('update', onUpdate);
      provider.destroy();
      doc.destroy();
    };
  }, [boardId]);
  return state;
}
