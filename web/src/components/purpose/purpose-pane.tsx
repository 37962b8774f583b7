import { useEffect, useId, useRef, useState } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import {
  addPurpose,
  deletePurpose,
  listPurposes,
  movePurpose,
  parseCohortSize,
  updatePurpose,
  type Author,
  type CohortSize,
  type PresenceState,
  type Purpose,
} from '@placeboard/board';
import { useBoardValue } from '../../hooks/use-y-observe';
import { useBoardAccess } from '../access/board-access';
import { ViewOnlyHint } from '../access/view-only-hint';
import { whenIdle } from '../../lib/idle';

/**
 * Whether a change to the purposes root touches more than a purpose's rich text: typing is drawn by its editor
 * alone, so the pane need not re-read every purpose on each keystroke.
 */
function outsideRichText(events: readonly { path: (string | number)[] }[]): boolean {
  return events.some((event) => event.path.length < 2 || event.path[1] !== 'content');
}
import { PurposeEditor } from './purpose-editor';
import './purpose.css';
import { FocusKeepingButton } from '../focus-keeping-button';

interface PurposePaneProps {
  doc: Y.Doc;
  provider: WebsocketProvider;
  author: Author;
  user: PresenceState['user'];
}

/** Rich-text editors built as soon as the pane shows its purposes; the rest follow a few at a time. */
const EDITORS_AT_ONCE = 4;
const EDITORS_PER_STEP = 4;

/**
 * How many of the pane's rich-text editors to build now. Building one (ProseMirror and its Yjs binding, over a page
 * of text) takes milliseconds, so a board with dozens of long statements would show nothing until every one was
 * built: the first few are built at once and the others a few at a time while the browser is idle, in order.
 */
function useEditorsBuilt(total: number): number {
  const [built, setBuilt] = useState(EDITORS_AT_ONCE);
  useEffect(() => {
    if (built >= total) return;
    return whenIdle(() => setBuilt((count) => count + EDITORS_PER_STEP), 200);
  }, [built, total]);
  return built;
}

/**
 * The Purpose pane: every purpose statement with its title, cohort, shared rich text and comments. Titles, cohorts
 * and the list itself are changed only by the roles that edit the plan; the others read them (and contributors
 * comment on the text, see purpose-editor.tsx).
 */
export function PurposePane({ doc, provider, author, user }: PurposePaneProps) {
  const { canEditPlan } = useBoardAccess();
  const purposes = useBoardValue(doc, ['purposes'], listPurposes, [], outsideRichText);
  const listRef = useRef<HTMLDivElement>(null);
  const [announcement, setAnnouncement] = useState('');

  const add = (): void => {
    const id = addPurpose(doc, { title: 'New purpose' }, author);
    // Let React render the new card, then put the cursor in its title.
    requestAnimationFrame(() => listRef.current?.querySelector<HTMLInputElement>(`[data-purpose-id="${id}"] input`)?.select());
  };
  const valid = purposes.flatMap((r) => (r.ok ? [r.value] : []));
  const editorsBuilt = useEditorsBuilt(purposes.length);

  const move = (purpose: Purpose, direction: -1 | 1, testId: string): void => {
    if (!movePurpose(doc, purpose.id, direction, author)) return;
    setAnnouncement(`Moved “${purpose.title || 'Untitled purpose'}” ${direction < 0 ? 'up' : 'down'}.`);
    // Keep focus on the same button after React moves the card (moving a node out of the page drops its focus).
    requestAnimationFrame(() => listRef.current?.querySelector<HTMLButtonElement>(`[data-purpose-id="${purpose.id}"] [data-testid="${testId}"]`)?.focus());
  };

  return (
    <div className="purpose-pane" data-testid="purpose-pane">
      <div className="pane-toolbar">
        <h2>Purpose</h2>
        {canEditPlan ? (
          <button type="button" className="button" onClick={add} data-testid="add-purpose">
            Add purpose
          </button>
        ) : (
          <ViewOnlyHint>purposes are written by the board’s editors.</ViewOnlyHint>
        )}
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {purposes.length === 0 && (
        <p className="hint">No purpose has been written yet.{canEditPlan && ' Add one to say why this partnership exists and for whom.'}</p>
      )}
      <div ref={listRef} className="purpose-pane__list">
        {purposes.map((result, index) =>
          result.ok ? (
            <PurposeCard
              key={result.value.id}
              editorBuilt={index < editorsBuilt}
              doc={doc}
              provider={provider}
              author={author}
              user={user}
              purpose={result.value}
              first={valid[0]?.id === result.value.id}
              last={valid[valid.length - 1]?.id === result.value.id}
              onMove={(direction, testId) => move(result.value, direction, testId)}
              onDeleted={(title) => {
                setAnnouncement(`Deleted “${title || 'Untitled purpose'}”.`);
                document.querySelector<HTMLElement>('[data-testid="add-purpose"]')?.focus();
              }}
            />
          ) : (
            <p key={result.id} className="broken-item" data-testid="purpose-broken">
              A purpose could not be read and is not shown.
            </p>
          ),
        )}
      </div>
    </div>
  );
}

interface PurposeCardProps extends PurposePaneProps {
  purpose: Purpose;
  /** False until the pane builds this purpose's editor (see useEditorsBuilt): a placeholder stands in. */
  editorBuilt: boolean;
  first: boolean;
  last: boolean;
  onMove: (direction: -1 | 1, testId: string) => void;
  onDeleted: (title: string) => void;
}

function formatCohortSize(size: CohortSize | undefined): string {
  if (size === undefined) return '';
  return typeof size === 'number' ? size.toLocaleString('en-GB') : size;
}

function PurposeCard({ doc, provider, author, user, purpose, editorBuilt, first, last, onMove, onDeleted }: PurposeCardProps) {
  // A role that cannot edit the plan reads the fields (read-only inputs keep their labels for screen readers).
  const { canEditPlan } = useBoardAccess();
  const readOnly = !canEditPlan;
  const base = `purpose-${purpose.id}`;
  const cohortHintId = useId();
  const [confirming, setConfirming] = useState(false);
  const deleteButton = useRef<HTMLButtonElement>(null);
  /** Closes the question without deleting; the keyboard goes back to the Delete button. */
  const cancelDelete = (): void => {
    setConfirming(false);
    deleteButton.current?.focus();
  };
  // While someone types a size, show what they typed ("1,2" on the way to "1,200"), not the stored number.
  const [sizeDraft, setSizeDraft] = useState<string | null>(null);
  const name = purpose.title || 'Untitled purpose';

  return (
    <article className="purpose card" data-testid="purpose" data-purpose-id={purpose.id} aria-label={name}>
      <div className="purpose__header">
        <div className="field purpose__title-field">
          <label htmlFor={`${base}-title`}>Purpose title</label>
          <input
            id={`${base}-title`}
            className="purpose__title"
            type="text"
            maxLength={200}
            value={purpose.title}
            readOnly={readOnly}
            data-testid="purpose-title"
            onChange={(event) => updatePurpose(doc, purpose.id, { title: event.target.value }, author)}
          />
        </div>
        {canEditPlan && (
          <div className="purpose__actions" role="group" aria-label={`Arrange ${name}`}>
            <FocusKeepingButton
              className="icon-button"
              aria-label={`Move ${name} up`}
              title="Move up"
              unavailable={first}
              data-testid="purpose-move-up"
              onClick={() => onMove(-1, 'purpose-move-up')}
            >
              ↑
            </FocusKeepingButton>
            <FocusKeepingButton
              className="icon-button"
              aria-label={`Move ${name} down`}
              title="Move down"
              unavailable={last}
              data-testid="purpose-move-down"
              onClick={() => onMove(1, 'purpose-move-down')}
            >
              ↓
            </FocusKeepingButton>
            <button
              type="button"
              className="icon-button icon-button--danger"
              aria-label={`Delete ${name}`}
              title="Delete purpose"
              aria-expanded={confirming}
              data-testid="purpose-delete"
              ref={deleteButton}
              onClick={() => setConfirming(true)}
            >
              ×
            </button>
          </div>
        )}
      </div>
      {canEditPlan && confirming && (
        <div
          className="purpose__confirm"
          role="alertdialog"
          aria-labelledby={`${base}-confirm`}
          data-testid="purpose-delete-dialog"
          onKeyDown={(event) => {
            if (event.key !== 'Escape') return;
            event.preventDefault();
            cancelDelete();
          }}
        >
          <p id={`${base}-confirm`}>
            Delete <strong>{name}</strong>, its text and its comments for everyone on this board?
          </p>
          <div className="button-row">
            <button
              type="button"
              className="button button--danger"
              data-testid="purpose-delete-confirm"
              ref={(element) => element?.focus()}
              onClick={() => {
                deletePurpose(doc, purpose.id);
                onDeleted(purpose.title);
              }}
            >
              Delete purpose
            </button>
            <button type="button" className="link-button" data-testid="purpose-delete-cancel" onClick={cancelDelete}>
              Cancel
            </button>
          </div>
        </div>
      )}
      <fieldset className="purpose__cohort">
        <legend>Who it is for (target cohort)</legend>
        <p id={cohortHintId} className="hint">
          Who they are, where they live and roughly how many.
        </p>
        <div className="purpose__cohort-grid">
          <div className="field">
            <label htmlFor={`${base}-who`}>Who</label>
            <input
              id={`${base}-who`}
              type="text"
              maxLength={500}
              value={purpose.cohortWho ?? ''}
              placeholder="e.g. people over 65 living with frailty"
              readOnly={readOnly}
              data-testid="purpose-cohort-who"
              onChange={(event) => updatePurpose(doc, purpose.id, { cohortWho: event.target.value }, author)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${base}-where`}>Where</label>
            <input
              id={`${base}-where`}
              type="text"
              maxLength={500}
              value={purpose.cohortWhere ?? ''}
              placeholder="e.g. Northfield PCN area"
              readOnly={readOnly}
              data-testid="purpose-cohort-where"
              onChange={(event) => updatePurpose(doc, purpose.id, { cohortWhere: event.target.value }, author)}
            />
          </div>
          <div className="field purpose__cohort-size">
            <label htmlFor={`${base}-size`}>Roughly how many</label>
            <input
              id={`${base}-size`}
              type="text"
              inputMode="text"
              maxLength={100}
              value={sizeDraft ?? formatCohortSize(purpose.cohortSize)}
              placeholder="e.g. 1,200 or about 1,200"
              readOnly={readOnly}
              data-testid="purpose-cohort-size"
              onFocus={() => setSizeDraft(formatCohortSize(purpose.cohortSize))}
              onBlur={() => setSizeDraft(null)}
              onChange={(event) => {
                setSizeDraft(event.target.value);
                updatePurpose(doc, purpose.id, { cohortSize: parseCohortSize(event.target.value) }, author);
              }}
            />
          </div>
        </div>
        <div className="field">
          <label htmlFor={`${base}-cohort`}>More about the cohort</label>
          <textarea
            id={`${base}-cohort`}
            rows={2}
            maxLength={2000}
            value={purpose.cohort}
            aria-describedby={cohortHintId}
            readOnly={readOnly}
            data-testid="purpose-cohort"
            onChange={(event) => updatePurpose(doc, purpose.id, { cohort: event.target.value }, author)}
          />
        </div>
      </fieldset>
      {editorBuilt ? (
        <PurposeEditor doc={doc} provider={provider} purposeId={purpose.id} title={purpose.title} user={user} author={author} />
      ) : (
        <p className="hint purpose__editor-pending" data-testid="purpose-editor-pending">
          Loading text…
        </p>
      )}
    </article>
  );
}
