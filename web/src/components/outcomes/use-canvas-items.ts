import { useEffect, useState } from 'react';
import * as Y from 'yjs';
import { getCanvasItem, getRoots, type CanvasItem } from '@placeboard/board';

/** The canvas as the view needs it: valid items (frames first, then by z), an index by id, and unreadable ids. */
export interface CanvasItemsState {
  items: readonly CanvasItem[];
  byId: ReadonlyMap<string, CanvasItem>;
  broken: readonly string[];
}

function order(byId: Map<string, CanvasItem>): CanvasItem[] {
  // Frames sit under everything else, so a frame never hides the items it holds.
  return [...byId.values()].sort((a, b) => {
    const fa = a.kind === 'frame' ? 0 : 1;
    const fb = b.kind === 'frame' ? 0 : 1;
    if (fa !== fb) return fa - fb;
    return a.z < b.z ? -1 : a.z > b.z ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}

/**
 * Subscribes to the `canvas` root and re-reads only the items a change touched. Unchanged items keep their
 * object identity, so memoised item components skip re-rendering: moving one of 2,000 items re-renders one.
 */
export function useCanvasItems(doc: Y.Doc): CanvasItemsState {
  const [state, setState] = useState<CanvasItemsState>(() => readAll(doc));
  useEffect(() => {
    const { canvas } = getRoots(doc);
    setState(readAll(doc));
    const onChange = (events: Y.YEvent<Y.AbstractType<unknown>>[]): void => {
      const touched = new Set<string>();
      for (const event of events) {
        if (event.target === canvas) for (const key of event.changes.keys.keys()) touched.add(key);
        else {
          const first = event.path[0];
          if (typeof first === 'string') touched.add(first);
        }
      }
      if (touched.size === 0) return;
      setState((old) => {
        const byId = new Map(old.byId);
        const broken = new Set(old.broken);
        for (const id of touched) {
          const result = getCanvasItem(doc, id);
          byId.delete(id);
          broken.delete(id);
          if (result?.ok) byId.set(id, result.value);
          else if (result) broken.add(id);
        }
        return { items: order(byId), byId, broken: [...broken] };
      });
    };
    canvas.observeDeep(onChange);
    return () => canvas.unobserveDeep(onChange);
  }, [doc]);
  return state;
}

function readAll(doc: Y.Doc): CanvasItemsState {
  const byId = new Map<string, CanvasItem>();
  const broken: string[] = [];
  for (const id of getRoots(doc).canvas.keys()) {
    const result = getCanvasItem(doc, id);
    if (result?.ok) byId.set(id, result.value);
    else broken.push(id);
  }
  return { items: order(byId), byId, broken };
}
