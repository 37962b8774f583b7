import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import {
  addCanvasItem,
  addConnector,
  agreementRows,
  agreementSummary,
  alignPlacements,
  CANVAS_ALIGNMENTS,
  CANVAS_ITEM_DEFAULTS,
  createBoardUndoManager,
  deleteCanvasItems,
  endVoteSession,
  getVoteSession,
  isVotingOpen,
  listPartners,
  placeCanvasItems,
  placeVote,
  removeVote,
  revealVotes,
  setAgreement,
  startVoteSession,
  updateCanvasItem,
  visibleVotes,
  votesUsed,
  withFrameMembers,
  bringCanvasItemToFront,
  type AgreementState,
  type Author,
  type CanvasAlignment,
  type CanvasItem,
  type CanvasItemKind,
  type CanvasItemPatch,
  type CanvasPlacement,
} from '@placeboard/board';
import { useAwarenessUsers } from '../../hooks/use-awareness';
import { useBoardValue } from '../../hooks/use-y-observe';
import { CanvasItemCard, KEYBOARD_STEP, KIND_LABELS, type CanvasItemActions, type CardVotes } from './canvas-item-card';
import { boundsOf, findFreeSpot, fitView, INITIAL_VIEW, rectFromCorners, rectsIntersect, toWorld, zoomAround, type CanvasView } from './canvas-geometry';
import { ConnectorLayer } from './connector-layer';
import { ItemInspector } from './item-inspector';
import { useBoardAccess } from '../access/board-access';
import { isYourKey } from '../presence-order';
import { useCanvasItems } from './use-canvas-items';
import { VoteBar } from './vote-bar';
import './canvas.css';
import { FocusKeepingButton } from '../focus-keeping-button';

/**
 * Every partner's position on an outcome card as a string (so the memoised card compares it by value):
 * JSON of [organisation, state, by, at] rows.
 */
function agreementDetailOf(item: CanvasItem, partners: readonly { id: string; organisation: string }[]): string {
  return JSON.stringify(
    agreementRows(item, partners).map(({ partner, entry }) => [partner.organisation, entry?.state ?? null, entry?.by ?? null, entry?.at ?? null]),
  );
}

const ZOOM_STEP = 1.25;
const MIN_W = 40;
const MIN_H = 30;
const ALIGN_LABELS: Record<CanvasAlignment, string> = { left: 'Left', centre: 'Centre', right: 'Right', top: 'Top', middle: 'Middle', bottom: 'Bottom' };

interface OutcomeCanvasProps {
  doc: Y.Doc;
  author: Author;
  awareness: Awareness;
}

type Gesture =
  | { kind: 'pan'; pointerId: number; startX: number; startY: number; view: CanvasView }
  | { kind: 'select'; pointerId: number; start: { x: number; y: number }; additive: boolean }
  | { kind: 'move'; pointerId: number; startX: number; startY: number; origins: CanvasPlacement[]; moved: boolean }
  | { kind: 'resize'; pointerId: number; startX: number; startY: number; id: string; w: number; h: number; x: number; y: number };

/**
 * The Outcomes pane: the shared-outcome canvas. Stickies, outcome cards, frames, connectors and text labels on a
 * surface that pans (drag the background, Space + drag, or scroll) and zooms (buttons, Ctrl + wheel, zoom to fit).
 * Shift + click and Shift + drag on the background select several; drag moves the selection (a frame carries its
 * members); the handle resizes. Every local change is made with one origin, so Undo and Redo touch only ours.
 */
export function OutcomeCanvas({ doc, author, awareness }: OutcomeCanvasProps) {
  // Only plan editors add to the canvas; agreement is recorded only for one's own partner.
  const access = useBoardAccess();
  const { items, byId, broken } = useCanvasItems(doc);
  const partners = useBoardValue(doc, ['partners'], (d) =>
    listPartners(d).flatMap((r) => (r.ok ? [{ id: r.value.id as string, organisation: r.value.organisation }] : [])),
  );
  const session = useBoardValue(doc, ['meta'], getVoteSession);
  const [view, setView] = useState<CanvasView>(INITIAL_VIEW);
  const [selection, setSelection] = useState<ReadonlySet<string>>(new Set());
  const [editingId, setEditingId] = useState<string | null>(null);
  const [connectFrom, setConnectFrom] = useState<string | null | undefined>(undefined); // undefined: tool off
  const [marquee, setMarquee] = useState<{ x: number; y: number; w: number; h: number } | null>(null);
  const [message, setMessage] = useState({ text: '', n: 0 });
  const [now, setNow] = useState(() => Date.now());
  const viewportRef = useRef<HTMLDivElement>(null);
  const gestureRef = useRef<Gesture | null>(null);
  const spaceRef = useRef(false);
  const viewRef = useRef(view);
  viewRef.current = view;
  const itemsRef = useRef({ items, byId, selection, connectFrom });
  itemsRef.current = { items, byId, selection, connectFrom };

  const announce = useCallback((text: string) => setMessage((old) => ({ text, n: old.n + 1 })), []);

  // One origin for every local change: the undo manager tracks it and nothing else.
  const origin = useMemo(() => ({ source: 'outcome-canvas' }), []);
  const [undoState, setUndoState] = useState({ canUndo: false, canRedo: false });
  const undoRef = useRef<Y.UndoManager | null>(null);
  useEffect(() => {
    const manager = createBoardUndoManager(doc, ['canvas'], origin);
    undoRef.current = manager;
    const update = () => setUndoState({ canUndo: manager.canUndo(), canRedo: manager.canRedo() });
    manager.on('stack-item-added', update);
    manager.on('stack-item-popped', update);
    manager.on('stack-cleared', update);
    return () => {
      manager.destroy();
      undoRef.current = null;
    };
  }, [doc, origin]);
  /** Runs `fn` as one local change. `step` closes the undo step before and after (discrete actions). */
  const act = useCallback(
    (fn: () => void, step = true) => {
      if (step) undoRef.current?.stopCapturing();
      doc.transact(fn, origin);
      if (step) undoRef.current?.stopCapturing();
    },
    [doc, origin],
  );
  const undo = useCallback(() => {
    if (undoRef.current?.undo()) announce('Undone');
  }, [announce]);
  const redo = useCallback(() => {
    if (undoRef.current?.redo()) announce('Redone');
  }, [announce]);

  // Publish the selection (the map highlights what selected cards link to).
  useEffect(() => {
    awareness.setLocalStateField('selection', { canvasItemIds: [...selection] });
  }, [awareness, selection]);
  // Forget selected items that someone deleted.
  useEffect(() => {
    if ([...selection].some((id) => !byId.has(id))) setSelection(new Set([...selection].filter((id) => byId.has(id))));
  }, [byId, selection]);

  // The clock ticks while a timed vote runs, for the countdown and to close voting when time is up.
  const timed = session !== null && !session.closed && session.endsAt !== null;
  useEffect(() => {
    if (!timed) return undefined;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [timed, session?.id]);
  const open = isVotingOpen(session, timed ? now : Date.now());
  const myVotesLeft = open && session ? Math.max(0, session.votesEach - votesUsed(items, author.name)) : 0;

  const viewportSize = () => ({ w: viewportRef.current?.clientWidth ?? 800, h: viewportRef.current?.clientHeight ?? 500 });

  const add = (kind: CanvasItemKind): void => {
    const { w, h } = viewportSize();
    const topLeft = toWorld(view, 0, 0);
    const visible = { ...topLeft, w: w / view.scale, h: h / view.scale };
    const size = CANVAS_ITEM_DEFAULTS[kind];
    const spot = findFreeSpot(visible, size, items.filter((i) => i.kind !== 'frame' && i.kind !== 'connector'));
    let id = '';
    act(() => {
      id = addCanvasItem(doc, { kind, ...spot, text: kind === 'frame' ? 'New frame' : undefined }, author);
    });
    setSelection(new Set([id]));
    setEditingId(id);
    announce(`${KIND_LABELS[kind]} added`);
  };

  const zoomBy = (factor: number): void => {
    const { w, h } = viewportSize();
    setView((old) => zoomAround(old, old.scale * factor, w / 2, h / 2));
  };
  const zoomToFit = (): void => {
    const { w, h } = viewportSize();
    setView(fitView(boundsOf(items.filter((i) => i.kind !== 'connector')), w, h));
    announce('Zoomed to fit');
  };

  // Wheel: Ctrl (or pinch) zooms around the pointer, otherwise scrolls the canvas. Needs a non-passive listener.
  useEffect(() => {
    const viewport = viewportRef.current;
    if (!viewport) return undefined;
    const onWheel = (event: WheelEvent): void => {
      event.preventDefault();
      if (event.ctrlKey || event.metaKey) {
        const box = viewport.getBoundingClientRect();
        setView((old) => zoomAround(old, old.scale * Math.exp(-event.deltaY / 300), event.clientX - box.left, event.clientY - box.top));
      } else {
        setView((old) => ({ ...old, x: old.x - event.deltaX, y: old.y - event.deltaY }));
      }
    };
    viewport.addEventListener('wheel', onWheel, { passive: false });
    return () => viewport.removeEventListener('wheel', onWheel);
  }, []);

  const publishCursor = useCursorPublisher(awareness);

  // Drag writes go to the doc at most once per animation frame.
  const pendingPlacements = useRef<CanvasPlacement[] | null>(null);
  const frameRef = useRef<number | null>(null);
  const flushPlacements = useCallback(() => {
    frameRef.current = null;
    const placements = pendingPlacements.current;
    pendingPlacements.current = null;
    if (placements) act(() => placeCanvasItems(doc, placements, author), false);
  }, [act, doc, author]);
  const schedulePlacements = (placements: CanvasPlacement[]): void => {
    pendingPlacements.current = placements;
    if (frameRef.current === null) frameRef.current = requestAnimationFrame(flushPlacements);
  };

  const onWindowMove = useCallback(
    (event: globalThis.PointerEvent) => {
      const gesture = gestureRef.current;
      if (!gesture || gesture.pointerId !== event.pointerId) return;
      const scale = viewRef.current.scale;
      if (gesture.kind === 'pan') {
        setView({ ...gesture.view, x: gesture.view.x + event.clientX - gesture.startX, y: gesture.view.y + event.clientY - gesture.startY });
      } else if (gesture.kind === 'select') {
        const box = viewportRef.current?.getBoundingClientRect();
        if (!box) return;
        setMarquee(rectFromCorners(gesture.start, toWorld(viewRef.current, event.clientX - box.left, event.clientY - box.top)));
      } else if (gesture.kind === 'move') {
        const dx = Math.round((event.clientX - gesture.startX) / scale);
        const dy = Math.round((event.clientY - gesture.startY) / scale);
        if (!gesture.moved && Math.hypot(dx, dy) < 3) return;
        gesture.moved = true;
        schedulePlacements(gesture.origins.map((o) => ({ id: o.id, x: o.x + dx, y: o.y + dy })));
      } else {
        const w = Math.max(MIN_W, Math.round(gesture.w + (event.clientX - gesture.startX) / scale));
        const h = Math.max(MIN_H, Math.round(gesture.h + (event.clientY - gesture.startY) / scale));
        schedulePlacements([{ id: gesture.id, x: gesture.x, y: gesture.y, w, h }]);
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );
  const onWindowUp = useCallback((event: globalThis.PointerEvent) => {
    const gesture = gestureRef.current;
    if (!gesture || gesture.pointerId !== event.pointerId) return;
    gestureRef.current = null;
    window.removeEventListener('pointermove', onWindowMove);
    window.removeEventListener('pointerup', onWindowUp);
    window.removeEventListener('pointercancel', onWindowUp);
    if (frameRef.current !== null) {
      cancelAnimationFrame(frameRef.current);
      flushPlacements();
    }
    undoRef.current?.stopCapturing();
    if (gesture.kind === 'select') {
      setMarquee((rect) => {
        if (rect) {
          const hit = itemsRef.current.items.filter((i) => i.kind !== 'connector' && rectsIntersect(rect, i)).map((i) => i.id as string);
          setSelection((old) => new Set(gesture.additive ? [...old, ...hit] : hit));
          announce(`${hit.length} item${hit.length === 1 ? '' : 's'} selected`);
        }
        return null;
      });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const beginGesture = (gesture: Gesture): void => {
    gestureRef.current = gesture;
    window.addEventListener('pointermove', onWindowMove);
    window.addEventListener('pointerup', onWindowUp);
    window.addEventListener('pointercancel', onWindowUp);
  };

  const select = useCallback((id: string, additive: boolean) => {
    setSelection((old) => {
      if (!additive) return old.size === 1 && old.has(id) ? old : new Set([id]);
      const next = new Set(old);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);

  const removeItems = useCallback(
    (ids: string[]) => {
      if (ids.length === 0) return;
      act(() => deleteCanvasItems(doc, ids));
      setSelection(new Set());
      announce(ids.length === 1 ? 'Item deleted' : `${ids.length} items deleted`);
      viewportRef.current?.focus();
    },
    [act, doc, announce],
  );

  /** With the Connect tool on (`from`: the source picked so far, or null), picks `id`: as the source, or the target. */
  const pickForConnector = useCallback(
    (from: string | null, id: string) => {
      if (from === null || from === id) {
        setConnectFrom(id);
        announce('Source picked. Now pick the item to connect it to.');
        return;
      }
      let cid = '';
      act(() => {
        cid = addConnector(doc, from, id, author);
      });
      setConnectFrom(undefined);
      setSelection(new Set([cid]));
      announce('Connected. Give the connector a label in the side panel if you wish.');
    },
    [act, announce, author, doc],
  );

  // One stable actions object for every item.
  const actions = useMemo<CanvasItemActions>(() => {
    const handlers: CanvasItemActions = {
      pointerDown(event, id, handle) {
        if (event.button !== 0) return;
        event.stopPropagation();
        const { items: all, byId: index, selection: selected, connectFrom: from } = itemsRef.current;
        if (spaceRef.current) {
          beginGesture({ kind: 'pan', pointerId: event.pointerId, startX: event.clientX, startY: event.clientY, view: viewRef.current });
          return;
        }
        if (from !== undefined) {
          pickForConnector(from, id);
          return;
        }
        if (handle === 'resize') {
          const item = index.get(id);
          if (!item) return;
          undoRef.current?.stopCapturing();
          beginGesture({ kind: 'resize', pointerId: event.pointerId, startX: event.clientX, startY: event.clientY, id, w: item.w, h: item.h, x: item.x, y: item.y });
          return;
        }
        let moving: ReadonlySet<string> = selected;
        if (event.shiftKey) {
          select(id, true);
          return;
        }
        if (!selected.has(id)) {
          moving = new Set([id]);
          setSelection(moving);
        }
        const ids = withFrameMembers(all, [...moving]);
        const origins = ids.flatMap((mid) => {
          const item = index.get(mid);
          return item ? [{ id: mid, x: item.x, y: item.y }] : [];
        });
        undoRef.current?.stopCapturing();
        if (index.get(id)?.kind !== 'frame') act(() => bringCanvasItemToFront(doc, id, author), false);
        beginGesture({ kind: 'move', pointerId: event.pointerId, startX: event.clientX, startY: event.clientY, origins, moved: false });
      },
      keyDown(event, id) {
        if (event.target !== event.currentTarget) return;
        const { byId: index, selection: selected, items: all, connectFrom: from } = itemsRef.current;
        // With the Connect tool on, Enter picks this item, as a click does.
        if (from !== undefined && event.key === 'Enter') {
          event.preventDefault();
          pickForConnector(from, id);
          return;
        }
        const targets = selected.has(id) ? [...selected] : [id];
        const arrows: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
        const arrow = arrows[event.key];
        if (arrow) {
          event.preventDefault();
          if (!selected.has(id)) setSelection(new Set([id]));
          const [ax, ay] = arrow;
          if (event.shiftKey) {
            const item = index.get(id);
            if (!item) return;
            const w = Math.max(MIN_W, item.w + ax * KEYBOARD_STEP);
            const h = Math.max(MIN_H, item.h + ay * KEYBOARD_STEP);
            act(() => placeCanvasItems(doc, [{ id, x: item.x, y: item.y, w, h }], author));
            announce(`Resized to ${w} by ${h}`);
          } else {
            const moving = withFrameMembers(all, targets);
            const placements = moving.flatMap((mid) => {
              const item = index.get(mid);
              return item ? [{ id: mid, x: item.x + ax * KEYBOARD_STEP, y: item.y + ay * KEYBOARD_STEP }] : [];
            });
            act(() => placeCanvasItems(doc, placements, author));
            const item = index.get(id);
            if (item) announce(`Moved to ${item.x + ax * KEYBOARD_STEP}, ${item.y + ay * KEYBOARD_STEP}`);
          }
        } else if (event.key === 'Enter' || event.key === 'F2') {
          event.preventDefault();
          setEditingId(id);
        } else if (event.key === 'Delete' || event.key === 'Backspace') {
          event.preventDefault();
          removeItems(targets);
        } else if (event.key === 'Escape') {
          event.preventDefault();
          setSelection(new Set());
          setConnectFrom(undefined);
          viewportRef.current?.focus();
          announce('Selection cleared');
        }
      },
      focus(id) {
        if (!itemsRef.current.selection.has(id) && gestureRef.current === null) setSelection(new Set([id]));
      },
      startEditing(id) {
        setEditingId(id);
      },
      finishEditing(id, text) {
        setEditingId(null);
        const item = itemsRef.current.byId.get(id);
        if (item && text !== null && text !== item.text) act(() => updateCanvasItem(doc, id, { text }, author));
      },
      remove(id) {
        removeItems([id]);
      },
      vote(id, delta) {
        let done = false;
        act(() => {
          done = delta === 1 ? placeVote(doc, id, author.name, Date.now()) : removeVote(doc, id, author.name, Date.now());
        });
        if (done) announce(delta === 1 ? 'Vote placed' : 'Vote removed');
      },
    };
    return handlers;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc, author, act, announce, removeItems, select, pickForConnector]);

  const onViewportPointerDown = (event: PointerEvent<HTMLDivElement>): void => {
    if (event.button !== 0 && event.button !== 1) return;
    if ((event.target as HTMLElement).closest('button, input, textarea, select')) return;
    const box = event.currentTarget.getBoundingClientRect();
    if (event.shiftKey && !spaceRef.current && event.button === 0) {
      beginGesture({ kind: 'select', pointerId: event.pointerId, start: toWorld(view, event.clientX - box.left, event.clientY - box.top), additive: true });
      return;
    }
    if (connectFrom === undefined && selection.size > 0) setSelection(new Set());
    beginGesture({ kind: 'pan', pointerId: event.pointerId, startX: event.clientX, startY: event.clientY, view });
  };
  const onViewportPointerMove = (event: PointerEvent<HTMLDivElement>): void => {
    const box = event.currentTarget.getBoundingClientRect();
    publishCursor(toWorld(view, event.clientX - box.left, event.clientY - box.top));
  };

  const onRootKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const target = event.target as HTMLElement;
    if (target.closest('input, textarea, select')) return;
    const mod = event.ctrlKey || event.metaKey;
    if (mod && event.key.toLowerCase() === 'z') {
      event.preventDefault();
      if (event.shiftKey) redo();
      else undo();
    } else if (mod && event.key.toLowerCase() === 'y') {
      event.preventDefault();
      redo();
    } else if (event.key === ' ' && !target.closest('button')) {
      spaceRef.current = true;
      if (target === viewportRef.current || target.closest('[data-testid="canvas-item"]')) event.preventDefault();
    }
  };
  const onRootKeyUp = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key === ' ') spaceRef.current = false;
  };
  const onViewportKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.target !== event.currentTarget) return;
    const pans: Record<string, [number, number]> = { ArrowLeft: [40, 0], ArrowRight: [-40, 0], ArrowUp: [0, 40], ArrowDown: [0, -40] };
    const delta = pans[event.key];
    if (delta) {
      event.preventDefault();
      setView((old) => ({ ...old, x: old.x + delta[0], y: old.y + delta[1] }));
    } else if (event.key === '+' || event.key === '=') zoomBy(ZOOM_STEP);
    else if (event.key === '-') zoomBy(1 / ZOOM_STEP);
    else if (event.key === 'Escape') {
      setSelection(new Set());
      setConnectFrom(undefined);
    }
  };

  const align = (how: CanvasAlignment): void => {
    const chosen = items.filter((i) => selection.has(i.id));
    act(() => placeCanvasItems(doc, alignPlacements(chosen, how), author));
    announce(`Aligned ${chosen.length} items: ${ALIGN_LABELS[how].toLowerCase()}`);
  };

  // The item elements: rebuilt only when items, selection, editing or votes change, never on pan or zoom.
  const boxes = useMemo(() => items.filter((i) => i.kind !== 'connector'), [items]);
  const connectors = useMemo(() => items.filter((i) => i.kind === 'connector'), [items]);
  const votingVisible = session !== null;
  const cards = useMemo(
    () =>
      boxes.map((item) => {
        let votes: CardVotes | null = null;
        if (votingVisible && item.kind !== 'frame' && item.kind !== 'text') {
          const shown = visibleVotes(session, item, author.name);
          votes = {
            count: shown.count,
            isTotal: shown.isTotal,
            canPlace: open && myVotesLeft > 0,
            canRemove: open && (item.votes[author.name] ?? 0) > 0,
          };
        }
        return (
          <MemoCard
            key={item.id}
            item={item}
            selected={selection.has(item.id)}
            editing={editingId === item.id}
            connectSource={connectFrom === item.id}
            votes={votes}
            agreement={item.kind === 'outcome' ? agreementSummary(item, partners).text : null}
            agreementDetail={item.kind === 'outcome' ? agreementDetailOf(item, partners) : null}
            actions={actions}
          />
        );
      }),
    [boxes, selection, editingId, connectFrom, votingVisible, session, open, myVotesLeft, author.name, partners, actions],
  );

  const single = selection.size === 1 ? byId.get([...selection][0] as string) : undefined;
  const selectedBoxes = [...selection].filter((id) => byId.get(id)?.kind !== 'connector' && byId.has(id));

  return (
    <div className="outcome-canvas" onKeyDown={onRootKeyDown} onKeyUp={onRootKeyUp}>
      <div className="pane-toolbar outcome-toolbar">
        <h2>Outcomes</h2>
        {access.canEditPlan && (
          <div className="button-row" role="group" aria-label="Add">
            <button type="button" className="button" onClick={() => add('sticky')} data-testid="add-sticky">
              Add sticky
            </button>
            <button type="button" className="button" onClick={() => add('outcome')} data-testid="add-outcome">
              Add outcome
            </button>
            <button type="button" className="button button--secondary" onClick={() => add('frame')} data-testid="add-frame">
              Add frame
            </button>
            <button type="button" className="button button--secondary" onClick={() => add('text')} data-testid="add-text">
              Add text
            </button>
            <button
              type="button"
              className="button button--secondary"
              aria-pressed={connectFrom !== undefined}
              onClick={() => {
                const on = connectFrom === undefined;
                setConnectFrom(on ? null : undefined);
                announce(on ? 'Connect: pick the item to start from (click it, or press Enter on it)' : 'Connect tool off');
              }}
              data-testid="connect-tool"
            >
              {connectFrom === undefined ? 'Connect' : connectFrom === null ? 'Pick source…' : 'Pick target…'}
            </button>
          </div>
        )}
        <div className="button-row" role="group" aria-label="Undo">
          <FocusKeepingButton className="button button--secondary" onClick={undo} unavailable={!undoState.canUndo} data-testid="undo" title="Undo (Ctrl+Z)">
            Undo
          </FocusKeepingButton>
          <FocusKeepingButton className="button button--secondary" onClick={redo} unavailable={!undoState.canRedo} data-testid="redo" title="Redo (Ctrl+Shift+Z)">
            Redo
          </FocusKeepingButton>
        </div>
        <div className="button-row" role="group" aria-label="Align selected items">
          {CANVAS_ALIGNMENTS.map((how) => (
            <button
              key={how}
              type="button"
              className="button button--secondary button--small"
              disabled={selectedBoxes.length < 2}
              onClick={() => align(how)}
              data-testid={`align-${how}`}
              aria-label={`Align ${ALIGN_LABELS[how].toLowerCase()}`}
            >
              {ALIGN_LABELS[how]}
            </button>
          ))}
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
          <button type="button" className="button button--secondary" onClick={zoomToFit} data-testid="zoom-fit">
            Fit
          </button>
        </div>
      </div>
      <VoteBar
        session={session}
        now={now}
        open={open}
        votesLeft={myVotesLeft}
        onStart={(votesEach, minutes) => {
          act(() => startVoteSession(doc, { votesEach, durationMs: minutes > 0 ? minutes * 60_000 : null }, author));
          setNow(Date.now());
          announce(`Vote started: ${votesEach} votes each${minutes > 0 ? `, ${minutes} minutes` : ''}`);
        }}
        onReveal={() => {
          act(() => revealVotes(doc));
          announce('Totals revealed');
        }}
        onEnd={() => {
          act(() => endVoteSession(doc));
          announce('Vote ended');
        }}
      />
      <p id="canvas-item-help" className="hint">
        Drag the background, scroll or hold Space to pan; Ctrl + wheel zooms; Shift + drag selects an area, Shift + click adds to the
        selection. On a focused item: arrows move, Shift + arrows resize, Enter edits (Ctrl+Enter saves, Escape cancels), Delete removes,
        Escape deselects. With Connect on, Enter on an item picks it (the source, then the target). Ctrl+Z undoes your own
        changes.
      </p>
      {broken.length > 0 && (
        <ul className="broken-items" aria-label="Items that could not be read">
          {broken.map((id) => (
            <li key={id} className="broken-item" data-testid="canvas-item-broken" data-item-id={id}>
              Broken item
            </li>
          ))}
        </ul>
      )}
      <div className="outcome-canvas__body">
        <div
          ref={viewportRef}
          className={`outcome-canvas__viewport${connectFrom !== undefined ? ' outcome-canvas__viewport--connecting' : ''}`}
          role="region"
          aria-label="Outcome canvas. Arrow keys pan when the canvas itself is focused."
          tabIndex={0}
          data-testid="outcome-canvas"
          data-scale={view.scale}
          onPointerDown={onViewportPointerDown}
          onPointerMove={onViewportPointerMove}
          onPointerLeave={() => publishCursor(null)}
          onKeyDown={onViewportKeyDown}
        >
          <div className="outcome-canvas__world" data-testid="canvas-world" style={{ transform: `translate(${view.x}px, ${view.y}px) scale(${view.scale})` }}>
            {cards}
            <ConnectorLayer connectors={connectors} byId={byId} selection={selection} onSelect={select} />
            {marquee && <div className="canvas-marquee" style={{ left: marquee.x, top: marquee.y, width: marquee.w, height: marquee.h }} />}
            <RemoteCursors awareness={awareness} />
          </div>
          {items.length === 0 && <p className="outcome-canvas__empty">The canvas is empty. Add a sticky or an outcome to start.</p>}
        </div>
        {single && (
          <ItemInspector
            doc={doc}
            item={single}
            partners={partners}
            onPatch={(id: string, patch: CanvasItemPatch) => act(() => updateCanvasItem(doc, id, patch, author))}
            onAgreement={(id: string, partnerId: string, state: AgreementState | null) => {
              if (!access.mayRecordAgreement(partnerId)) return;
              act(() => setAgreement(doc, id, partnerId, state, author));
              announce('Agreement recorded');
            }}
          />
        )}
      </div>
      <div className="visually-hidden" role="status" aria-live="polite" data-testid="canvas-announcer">
        <span key={message.n}>{message.text}</span>
      </div>
    </div>
  );
}

const MemoCard = CanvasItemCard;

/** Publishes the local pointer on the canvas in awareness, at most once per frame. */
function useCursorPublisher(awareness: Awareness): (cursor: { x: number; y: number } | null) => void {
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
        if (pending.current !== undefined) awareness.setLocalStateField('pointer', pending.current);
      });
    },
    [awareness],
  );
}

/**
 * Other people's pointers on the canvas, with their names ("You (another tab)" for a tab of your own). Decorative:
 * the presence bar says who is here.
 */
function RemoteCursors({ awareness }: { awareness: Awareness }) {
  const users = useAwarenessUsers(awareness);
  const { presenceKey } = useBoardAccess();
  return (
    <>
      {users.map(({ clientId, state, isLocal }) =>
        isLocal || state.pane !== 'outcomes' || !state.pointer ? null : (
          <div
            key={clientId}
            className="remote-cursor"
            // A transform, not left/top: moving it then needs no layout, and its glide (styles.css) runs on the
            // compositor, so a room of people moving their pointers does not repaint the cards beneath.
            style={{ transform: `translate(${state.pointer.x}px, ${state.pointer.y}px)`, color: state.user.color }}
            aria-hidden="true"
            data-testid="remote-cursor"
          >
            <svg width="16" height="16" viewBox="0 0 16 16" className="remote-cursor__arrow">
              <path d="M1 1 L1 13 L5 9.5 L8 15 L10 14 L7 8.5 L12 8.5 Z" fill="currentColor" stroke="#fff" strokeWidth="1" />
            </svg>
            <span className="remote-cursor__label" style={{ backgroundColor: state.user.color }}>
              {isYourKey(state.user.key, presenceKey) ? 'You (another tab)' : state.user.name}
            </span>
          </div>
        ),
      )}
    </>
  );
}
