import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import {
  addCanvasItem,
  CANVAS_ITEM_DEFAULTS,
  listCanvasItems,
  type Author,
  type CanvasItemKind,
} from '@placeboard/board';
import { useAwarenessUsers } from '../../hooks/use-awareness';
import { useBoardValue } from '../../hooks/use-y-observe';
import { CanvasItemCard } from './canvas-item-card';
import { findFreeSpot, INITIAL_VIEW, toWorld, zoomAround, type CanvasView } from './canvas-geometry';

const ZOOM_STEP = 1.25;

interface OutcomeCanvasProps {
  doc: Y.Doc;
  author: Author;
  awareness: Awareness;
}

/**
 * The Outcomes pane: the shared-outcome canvas. Stickies and outcome cards sit on a surface that pans
 * by dragging the background and zooms with the buttons (or Ctrl + wheel); other people's pointers show live.
 */
export function OutcomeCanvas({ doc, author, awareness }: OutcomeCanvasProps) {
  const items = useBoardValue(doc, ['canvas'], listCanvasItems);
  const [view, setView] = useState<CanvasView>(INITIAL_VIEW);
  const [justAdded, setJustAdded] = useState<string | null>(null);
  const viewportRef = useRef<HTMLDivElement>(null);
  const panRef = useRef<{ pointerId: number; startX: number; startY: number; view: CanvasView } | null>(null);
  const valid = items.flatMap((result) => (result.ok ? [result.value] : []));
  const brokenIds = items.flatMap((result) => (result.ok ? [] : [result.id]));

  const add = (kind: CanvasItemKind): void => {
    const viewport = viewportRef.current;
    const width = viewport?.clientWidth ?? 800;
    const height = viewport?.clientHeight ?? 500;
    const topLeft = toWorld(view, 0, 0);
    const visible = { ...topLeft, w: width / view.scale, h: height / view.scale };
    const size = CANVAS_ITEM_DEFAULTS[kind];
    const spot = findFreeSpot(visible, size, valid);
    setJustAdded(addCanvasItem(doc, { kind, ...spot }, author));
  };

  const zoomBy = (factor: number): void => {
    const viewport = viewportRef.current;
    setView((old) => zoomAround(old, old.scale * factor, (viewport?.clientWidth ?? 0) / 2, (viewport?.clientHeight ?? 0) / 2));
  };

  // Ctrl + wheel (and trackpad pinch) zooms around the pointer; needs a non-passive listener.
  useEffect(() => {
    const viewport = viewportRef.current;
    if (!viewport) return undefined;
    const onWheel = (event: WheelEvent): void => {
      if (!event.ctrlKey) return;
      event.preventDefault();
      const box = viewport.getBoundingClientRect();
      setView((old) => zoomAround(old, old.scale * Math.exp(-event.deltaY / 300), event.clientX - box.left, event.clientY - box.top));
    };
    viewport.addEventListener('wheel', onWheel, { passive: false });
    return () => viewport.removeEventListener('wheel', onWheel);
  }, []);

  const publishCursor = useCallbackCursor(awareness);

  const onPointerDown = (event: PointerEvent<HTMLDivElement>): void => {
    if (event.button !== 0 || (event.target as HTMLElement).closest('[data-testid="canvas-item"], button')) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    panRef.current = { pointerId: event.pointerId, startX: event.clientX, startY: event.clientY, view };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>): void => {
    const box = event.currentTarget.getBoundingClientRect();
    publishCursor(toWorld(view, event.clientX - box.left, event.clientY - box.top));
    const pan = panRef.current;
    if (!pan || pan.pointerId !== event.pointerId) return;
    setView({ ...pan.view, x: pan.view.x + event.clientX - pan.startX, y: pan.view.y + event.clientY - pan.startY });
  };
  const endPan = (): void => {
    panRef.current = null;
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.target !== event.currentTarget) return;
    const pans: Record<string, [number, number]> = { ArrowLeft: [40, 0], ArrowRight: [-40, 0], ArrowUp: [0, 40], ArrowDown: [0, -40] };
    const delta = pans[event.key];
    if (delta) {
      event.preventDefault();
      setView((old) => ({ ...old, x: old.x + delta[0], y: old.y + delta[1] }));
    } else if (event.key === '+' || event.key === '=') zoomBy(ZOOM_STEP);
    else if (event.key === '-') zoomBy(1 / ZOOM_STEP);
  };

  return (
    <div className="outcome-canvas">
      <div className="pane-toolbar">
        <h2>Outcomes</h2>
        <div className="button-row">
          <button type="button" className="button" onClick={() => add('sticky')} data-testid="add-sticky">
            Add sticky
          </button>
          <button type="button" className="button" onClick={() => add('outcome')} data-testid="add-outcome">
            Add outcome
          </button>
        </div>
        <div className="zoom-controls" role="group" aria-label="Zoom">
          <button type="button" className="icon-button" aria-label="Zoom out" onClick={() => zoomBy(1 / ZOOM_STEP)} data-testid="zoom-out">
            <span aria-hidden="true">−</span>
          </button>
          <button type="button" className="button button--secondary zoom-controls__level" onClick={() => setView(INITIAL_VIEW)} data-testid="zoom-reset" aria-label={`Reset zoom, now ${Math.round(view.scale * 100)}%`}>
            {Math.round(view.scale * 100)}%
          </button>
          <button type="button" className="icon-button" aria-label="Zoom in" onClick={() => zoomBy(ZOOM_STEP)} data-testid="zoom-in">
            <span aria-hidden="true">+</span>
          </button>
        </div>
      </div>
      <p id="canvas-item-help" className="hint">
        Drag items or the background with the pointer. On a focused item: arrow keys move it, Enter edits its text (Ctrl+Enter saves,
        Escape cancels), Delete removes it.
      </p>
      {brokenIds.length > 0 && (
        <ul className="broken-items" aria-label="Items that could not be read">
          {brokenIds.map((id) => (
            <li key={id} className="broken-item" data-testid="canvas-item-broken" data-item-id={id}>
              Broken item
            </li>
          ))}
        </ul>
      )}
      <div
        ref={viewportRef}
        className="outcome-canvas__viewport"
        role="region"
        aria-label="Outcome canvas. Arrow keys pan when the canvas itself is focused."
        tabIndex={0}
        data-testid="outcome-canvas"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={endPan}
        onPointerCancel={endPan}
        onPointerLeave={() => publishCursor(null)}
        onKeyDown={onKeyDown}
      >
        <div className="outcome-canvas__world" style={{ transform: `translate(${view.x}px, ${view.y}px) scale(${view.scale})` }}>
          {valid.map((item) => (
            <CanvasItemCard
              key={item.id}
              doc={doc}
              author={author}
              item={item}
              scale={view.scale}
              startEditing={item.id === justAdded}
              onDeleted={() => viewportRef.current?.focus()}
            />
          ))}
          <RemoteCursors awareness={awareness} />
        </div>
        {valid.length === 0 && <p className="outcome-canvas__empty">The canvas is empty. Add a sticky or an outcome to start.</p>}
      </div>
    </div>
  );
}

/** Publishes the local pointer on the canvas in awareness, at most once per frame. */
function useCallbackCursor(awareness: Awareness): (cursor: { x: number; y: number } | null) => void {
  const pending = useRef<{ x: number; y: number } | null | undefined>(undefined);
  const frame = useRef<number | null>(null);
  useEffect(
    () => () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    },
    [],
  );
  return useCallback(
    (cursor) => {
      pending.current = cursor ? { x: Math.round(cursor.x), y: Math.round(cursor.y) } : null;
      if (frame.current !== null) return;
      frame.current = requestAnimationFrame(() => {
        frame.current = null;
        if (pending.current !== undefined) awareness.setLocalStateField('cursor', pending.current);
      });
    },
    [awareness],
  );
}

/** Other people's pointers on the canvas, with their names. Decorative: the presence bar says who is here. */
function RemoteCursors({ awareness }: { awareness: Awareness }) {
  const users = useAwarenessUsers(awareness);
  return (
    <>
      {users.map(({ clientId, state, isLocal }) =>
        isLocal || state.pane !== 'outcomes' || !state.cursor ? null : (
          <div
            key={clientId}
            className="remote-cursor"
            style={{ left: state.cursor.x, top: state.cursor.y, color: state.user.color }}
            aria-hidden="true"
            data-testid="remote-cursor"
          >
            <svg width="16" height="16" viewBox="0 0 16 16" className="remote-cursor__arrow">
              <path d="M1 1 L1 13 L5 9.5 L8 15 L10 14 L7 8.5 L12 8.5 Z" fill="currentColor" stroke="#fff" strokeWidth="1" />
            </svg>
            <span className="remote-cursor__label" style={{ backgroundColor: state.user.color }}>
              {state.user.name}
            </span>
          </div>
        ),
      )}
    </>
  );
}
