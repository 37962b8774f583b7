import { useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type * as Y from 'yjs';
import { bringCanvasItemToFront, deleteCanvasItem, updateCanvasItem, type Author, type CanvasItem } from '@placeboard/board';

/** What each kind of item is called on screen and to screen readers. */
export const KIND_LABELS: Record<CanvasItem['kind'], string> = {
  sticky: 'Sticky note',
  outcome: 'Outcome',
  indicator: 'Indicator',
  frame: 'Frame',
  connector: 'Connector',
  text: 'Text',
};

/** How far an arrow key moves a focused item, in canvas pixels. */
export const KEYBOARD_STEP = 10;

interface CanvasItemCardProps {
  doc: Y.Doc;
  author: Author;
  item: CanvasItem;
  /** Canvas zoom, to turn pointer movement into canvas movement. */
  scale: number;
  /** Open the text editor straight away (for an item the user has just added). */
  startEditing: boolean;
  /** Called after the item is deleted from the keyboard, so focus can go somewhere sensible. */
  onDeleted: () => void;
}

interface DragState {
  pointerId: number;
  startX: number;
  startY: number;
  itemX: number;
  itemY: number;
  picked: boolean;
}

/**
 * One item on the outcome canvas. Drag to move (saved on drop), arrow keys move by 10px,
 * Enter or double-click edits the text (Ctrl+Enter or leaving the box saves, Escape cancels),
 * Delete or Backspace removes it.
 */
export function CanvasItemCard({ doc, author, item, scale, startEditing, onDeleted }: CanvasItemCardProps) {
  const [editing, setEditing] = useState(startEditing);
  const [dragPosition, setDragPosition] = useState<{ x: number; y: number } | null>(null);
  const dragRef = useRef<DragState | null>(null);
  const cardRef = useRef<HTMLDivElement>(null);
  const label = KIND_LABELS[item.kind];
  const position = dragPosition ?? { x: item.x, y: item.y };

  const move = (dx: number, dy: number): void => {
    updateCanvasItem(doc, item.id, { x: item.x + dx, y: item.y + dy }, author);
  };
  const remove = (): void => {
    deleteCanvasItem(doc, item.id);
    onDeleted();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.target !== event.currentTarget || editing) return;
    const step = event.shiftKey ? KEYBOARD_STEP * 5 : KEYBOARD_STEP;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
    };
    const delta = moves[event.key];
    if (delta) {
      event.preventDefault();
      move(delta[0], delta[1]);
    } else if (event.key === 'Enter' || event.key === 'F2') {
      event.preventDefault();
      setEditing(true);
    } else if (event.key === 'Delete' || event.key === 'Backspace') {
      event.preventDefault();
      remove();
    }
  };

  const onPointerDown = (event: PointerEvent<HTMLDivElement>): void => {
    if (editing || event.button !== 0 || (event.target as HTMLElement).closest('button, textarea')) return;
    event.stopPropagation(); // not a pan of the canvas
    event.currentTarget.setPointerCapture(event.pointerId);
    dragRef.current = { pointerId: event.pointerId, startX: event.clientX, startY: event.clientY, itemX: item.x, itemY: item.y, picked: false };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>): void => {
    const drag = dragRef.current;
    if (!drag || drag.pointerId !== event.pointerId) return;
    const dx = (event.clientX - drag.startX) / scale;
    const dy = (event.clientY - drag.startY) / scale;
    if (!drag.picked) {
      if (Math.hypot(dx, dy) < 3) return;
      drag.picked = true;
      bringCanvasItemToFront(doc, item.id, author);
    }
    setDragPosition({ x: Math.round(drag.itemX + dx), y: Math.round(drag.itemY + dy) });
  };
  const endDrag = (event: PointerEvent<HTMLDivElement>, commit: boolean): void => {
    const drag = dragRef.current;
    if (!drag || drag.pointerId !== event.pointerId) return;
    dragRef.current = null;
    if (drag.picked && commit) {
      const x = Math.round(drag.itemX + (event.clientX - drag.startX) / scale);
      const y = Math.round(drag.itemY + (event.clientY - drag.startY) / scale);
      updateCanvasItem(doc, item.id, { x, y }, author);
    }
    setDragPosition(null);
  };

  return (
    <div
      ref={cardRef}
      className={`canvas-item canvas-item--${item.kind}${dragPosition ? ' canvas-item--dragging' : ''}`}
      style={{ left: position.x, top: position.y, width: item.w, minHeight: item.h, backgroundColor: item.colour }}
      tabIndex={0}
      role="group"
      aria-roledescription={label}
      aria-label={`${label}: ${item.text || 'empty'}`}
      aria-describedby="canvas-item-help"
      data-testid="canvas-item"
      data-kind={item.kind}
      data-item-id={item.id}
      onKeyDown={onKeyDown}
      onDoubleClick={(event) => {
        if (!(event.target as HTMLElement).closest('button')) setEditing(true);
      }}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={(event) => endDrag(event, true)}
      onPointerCancel={(event) => endDrag(event, false)}
    >
      {item.kind === 'outcome' && (
        <p className="canvas-item__kind" aria-hidden="true">
          Outcome
        </p>
      )}
      {editing ? (
        <ItemTextEditor
          initial={item.text}
          label={`Text of ${label.toLowerCase()}`}
          onDone={(text) => {
            setEditing(false);
            if (text !== null && text !== item.text) updateCanvasItem(doc, item.id, { text }, author);
          }}
          onReturnFocus={() => cardRef.current?.focus()}
        />
      ) : (
        <p className="canvas-item__text" data-testid="canvas-item-text">
          {item.text || <span className="canvas-item__placeholder">Empty – press Enter to write</span>}
        </p>
      )}
      {!editing && (
        <div className="canvas-item__actions">
          <button type="button" className="icon-button" aria-label={`Edit ${label.toLowerCase()}`} title="Edit" onClick={() => setEditing(true)}>
            <span aria-hidden="true">✎</span>
          </button>
          <button
            type="button"
            className="icon-button icon-button--danger"
            aria-label={`Delete ${label.toLowerCase()}`}
            title="Delete"
            data-testid="canvas-item-delete"
            onClick={remove}
          >
            <span aria-hidden="true">×</span>
          </button>
        </div>
      )}
    </div>
  );
}

/** The text box of an item being edited. Calls `onDone(text)` to save or `onDone(null)` to cancel, once. */
function ItemTextEditor({
  initial,
  label,
  onDone,
  onReturnFocus,
}: {
  initial: string;
  label: string;
  onDone: (text: string | null) => void;
  onReturnFocus: () => void;
}) {
  const doneRef = useRef(false);
  const finish = (text: string | null, returnFocus: boolean): void => {
    if (doneRef.current) return;
    doneRef.current = true;
    onDone(text);
    if (returnFocus) requestAnimationFrame(onReturnFocus);
  };
  return (
    <textarea
      className="canvas-item__editor"
      aria-label={label}
      data-testid="canvas-item-editor"
      defaultValue={initial}
      maxLength={10_000}
      autoFocus
      onFocus={(event) => event.currentTarget.select()}
      onBlur={(event) => finish(event.currentTarget.value, false)}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          event.stopPropagation();
          finish(null, true);
        } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          finish(event.currentTarget.value, true);
        }
      }}
      onPointerDown={(event) => event.stopPropagation()}
    />
  );
}
