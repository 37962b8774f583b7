import { useRef } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { addPurpose, listPurposes, updatePurpose, type Author, type PresenceState, type Purpose } from '@placeboard/board';
import { useBoardValue } from '../../hooks/use-y-observe';
import { PurposeEditor } from './purpose-editor';

interface PurposePaneProps {
  doc: Y.Doc;
  provider: WebsocketProvider;
  author: Author;
  user: PresenceState['user'];
}

/** The Purpose pane: every purpose statement with its title, cohort and shared rich text. */
export function PurposePane({ doc, provider, author, user }: PurposePaneProps) {
  const purposes = useBoardValue(doc, ['purposes'], listPurposes);
  const listRef = useRef<HTMLDivElement>(null);

  const add = (): void => {
    const id = addPurpose(doc, { title: 'New purpose' }, author);
    // Let React render the new card, then put the cursor in its title.
    requestAnimationFrame(() => listRef.current?.querySelector<HTMLInputElement>(`[data-purpose-id="${id}"] input`)?.select());
  };

  return (
    <div className="purpose-pane">
      <div className="pane-toolbar">
        <h2>Purpose</h2>
        <button type="button" className="button" onClick={add} data-testid="add-purpose">
          Add purpose
        </button>
      </div>
      {purposes.length === 0 && <p className="hint">No purpose has been written yet. Add one to say why this partnership exists and for whom.</p>}
      <div ref={listRef} className="purpose-pane__list">
        {purposes.map((result) =>
          result.ok ? (
            <PurposeCard key={result.value.id} doc={doc} provider={provider} author={author} user={user} purpose={result.value} />
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

function PurposeCard({ doc, provider, author, user, purpose }: PurposePaneProps & { purpose: Purpose }) {
  const titleId = `purpose-title-${purpose.id}`;
  const cohortId = `purpose-cohort-${purpose.id}`;
  return (
    <article className="purpose card" data-testid="purpose" data-purpose-id={purpose.id} aria-label={purpose.title || 'Untitled purpose'}>
      <div className="field">
        <label htmlFor={titleId}>Purpose title</label>
        <input
          id={titleId}
          className="purpose__title"
          type="text"
          maxLength={200}
          value={purpose.title}
          data-testid="purpose-title"
          onChange={(event) => updatePurpose(doc, purpose.id, { title: event.target.value }, author)}
        />
      </div>
      <div className="field">
        <label htmlFor={cohortId}>Who it is for (cohort)</label>
        <textarea
          id={cohortId}
          rows={2}
          maxLength={2000}
          value={purpose.cohort}
          data-testid="purpose-cohort"
          onChange={(event) => updatePurpose(doc, purpose.id, { cohort: event.target.value }, author)}
        />
      </div>
      <PurposeEditor doc={doc} provider={provider} purposeId={purpose.id} title={purpose.title} user={user} />
    </article>
  );
}
