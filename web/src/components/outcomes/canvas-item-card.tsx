import { memo, useRef, type KeyboardEvent, type PointerEvent } from 'react';
import type { CanvasItem } from '@placeboard/board';
import { FocusKeepingButton } from '../focus-keeping-button';

/** What each kind of item is called on screen and to screen readers. */
export const KIND_LABELS: Record<CanvasItem['kind'], string> = {
  sticky: 'Sticky note',
  outcome: 'Outcome',
  indicator: 'Indicator',
  frame: 'Frame',
  connector: 'Connector',
  text: 'Text',
};

/** How far an arrow key moves (or, with Shift, resizes) a focused item, in canvas pixels. */
export const KEYBOARD_STEP = 10;

/** What an item asks of the canvas. One stable object for all items, so it never causes a re-render. */
export interface CanvasItemActions {
  pointerDown(event: PointerEvent<HTMLElement>, id: string, handle: 'move' | 'resize'): void;
  keyDown(event: KeyboardEvent<HTMLElement>, id: string): void;
  focus(id: string): void;
  startEditing(id: string): void;
  finishEditing(id: string, text: string | null): void;
  remove(id: string): void;
  vote(id: string, delta: 1 | -1): void;
}

/** Vote figures an item shows: only the viewer's own votes until the totals are revealed. */
export interface CardVotes {
  count: number;
  isTotal: boolean;
  canPlace: boolean;
  canRemove: boolean;
}

interface CanvasItemCardProps {
  item: CanvasItem;
  selected: boolean;
  editing: boolean;
  /** Picked as the start of a connector being drawn. */
  connectSource: boolean;
  /** Null when no vote is running on this item. */
  votes: CardVotes | null;
  /** "4 of 6 partners agree", for outcome cards. */
  agreement: string | null;
  /** Every partner's position, JSON of [organisation, state, by, at] rows (see outcome-canvas.tsx). */
  agreementDetail: string | null;
  actions: CanvasItemActions;
}

const AGREEMENT_MARKS: Record<string, { mark: string; word: string }> = {
  agreed: { mark: '✓', word: 'agreed' },
  concerns: { mark: '!', word: 'has concerns' },
  'not yet': { mark: '…', word: 'not yet' },
};

/** Each partner's position on an outcome, as small chips: initials and a mark, with the full sentence for screen readers and on hover. */
function AgreementChips({ detail }: { detail: string }) {
  const rows = JSON.parse(detail) as [string, string | null, string | null, number | null][];
  if (rows.length === 0) return null;
  return (
    <ul className="agreement-chips" data-testid="agreement-chips">
      {rows.map(([organisation, state, by, at], index) => {
        const shown = state ? AGREEMENT_MARKS[state] : undefined;
        const when = at ? new Date(at).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' }) : '';
        const sentence = shown
          ? `${organisation}: ${shown.word}${by && by !== 'unknown' ? `, set by ${by}` : ''}${when ? ` on ${when}` : ''}`
          : `${organisation}: no position yet`;
        const initials = organisation.split(/\s+/).filter(Boolean).map((word) => word[0]).join('').slice(0, 3).toUpperCase();
        return (
          <li key={index} className={`agreement-chip agreement-chip--${state ? state.replace(' ', '-') : 'none'}`} title={sentence} data-testid="agreement-chip" data-state={state ?? ''}>
            <span aria-hidden="true">{initials} {shown?.mark ?? '–'}</span>
            <span className="visually-hidden">{sentence}</span>
          </li>
        );
      })}
    </ul>
  );
}

/**
 * One item on the outcome canvas. Memoised: it re-renders only when its own record, selection, editing or vote
 * figures change, which keeps a 2,000-item canvas quick. Pointer and keyboard handling lives in the canvas.
 */
export const CanvasItemCard = memo(function CanvasItemCard({ item, selected, editing, connectSource, votes, agreement, agreementDetail, actions }: CanvasItemCardProps) {
  const cardRef = useRef<HTMLDivElement>(null);
  const label = KIND_LABELS[item.kind];
  const name = item.text || (item.kind === 'frame' ? 'untitled frame' : 'empty');
  const classes = [`canvas-item`, `canvas-item--${item.kind}`];
  if (selected) classes.push('canvas-item--selected');
  if (connectSource) classes.push('canvas-item--connect-source');
  return (
    <div
      ref={cardRef}
      className={classes.join(' ')}
      style={{
        transform: `translate(${item.x}px, ${item.y}px)`,
        width: item.w,
        ...(item.kind === 'frame' ? { height: item.h } : { minHeight: item.h }),
        backgroundColor: item.kind === 'text' ? 'transparent' : item.colour,
      }}
      tabIndex={0}
      role="group"
      aria-roledescription={label}
      aria-label={`${label}: ${name}${selected ? ', selected' : ''}`}
      aria-describedby="canvas-item-help"
      data-testid="canvas-item"
      data-kind={item.kind}
      data-item-id={item.id}
      data-selected={selected ? 'true' : 'false'}
      onKeyDown={(event) => actions.keyDown(event, item.id)}
      onFocus={(event) => {
        // Keyboard focus (Tab) selects; a pointer press has already decided the selection.
        if (event.target === event.currentTarget && event.currentTarget.matches(':focus-visible')) actions.focus(item.id);
      }}
      onDoubleClick={(event) => {
        if (!(event.target as HTMLElement).closest('button, textarea, input')) actions.startEditing(item.id);
      }}
      onPointerDown={(event) => {
        if ((event.target as HTMLElement).closest('button, textarea, input, select')) return;
        actions.pointerDown(event, item.id, 'move');
      }}
    >
      {item.kind === 'outcome' && (
        <p className="canvas-item__kind" aria-hidden="true">
          Outcome
        </p>
      )}
      {editing ? (
        <ItemTextEditor
          initial={item.text}
          label={item.kind === 'outcome' ? 'Title of outcome' : item.kind === 'frame' ? 'Name of frame' : `Text of ${label.toLowerCase()}`}
          onDone={(text) => actions.finishEditing(item.id, text)}
          onReturnFocus={() => cardRef.current?.focus()}
        />
      ) : (
        <p className="canvas-item__text" data-testid="canvas-item-text">
          {item.text || <span className="canvas-item__placeholder">{item.kind === 'frame' ? 'Untitled frame' : 'Empty – press Enter to write'}</span>}
        </p>
      )}
      {item.kind === 'outcome' && !editing && (
        <>
          {item.indicator && <p className="canvas-item__meta">Indicator: {item.indicator}</p>}
          {(item.target || item.byWhen) && (
            <p className="canvas-item__meta">
              {item.target && `Target: ${item.target}`} {item.byWhen && `by ${item.byWhen}`}
            </p>
          )}
          {agreement && (
            <p className="canvas-item__agreement" data-testid="agreement-summary">
              {agreement}
            </p>
          )}
          {agreementDetail && <AgreementChips detail={agreementDetail} />}
        </>
      )}
      {votes && (
        <div className="canvas-item__votes" role="group" aria-label="Votes">
          <FocusKeepingButton
            className="icon-button"
            aria-label={`Remove one of your votes from ${label.toLowerCase()}`}
            unavailable={!votes.canRemove}
            onClick={() => actions.vote(item.id, -1)}
            data-testid="vote-remove"
          >
            <span aria-hidden="true">−</span>
          </FocusKeepingButton>
          <span className="canvas-item__vote-count" data-testid="vote-count" data-total={votes.isTotal ? 'true' : 'false'}>
            {votes.count}
            <span className="visually-hidden">{votes.isTotal ? ' votes in total' : ' of your votes'}</span>
          </span>
          <FocusKeepingButton
            className="icon-button"
            aria-label={`Vote for ${label.toLowerCase()}`}
            unavailable={!votes.canPlace}
            onClick={() => actions.vote(item.id, 1)}
            data-testid="vote-place"
          >
            <span aria-hidden="true">+</span>
          </FocusKeepingButton>
        </div>
      )}
      {!editing && (
        <div className="canvas-item__actions">
          <button type="button" className="icon-button" aria-label={`Edit ${label.toLowerCase()}`} title="Edit" onClick={() => actions.startEditing(item.id)}>
            <span aria-hidden="true">✎</span>
          </button>
          <button
            type="button"
            className="icon-button icon-button--danger"
            aria-label={`Delete ${label.toLowerCase()}`}
            title="Delete"
            data-testid="canvas-item-delete"
            onClick={() => actions.remove(item.id)}
          >
            <span aria-hidden="true">×</span>
          </button>
        </div>
      )}
      {selected && (
        <div
          className="canvas-item__resize"
          aria-hidden="true"
          data-testid="resize-handle"
          onPointerDown={(event) => {
            event.stopPropagation();
            actions.pointerDown(event, item.id, 'resize');
          }}
        />
      )}
    </div>
  );
});

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
        event.stopPropagation();
        if (event.key === 'Escape') {
          event.preventDefault();
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
