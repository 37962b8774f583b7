import { Fragment, useEffect, useId, useMemo, useRef, useState } from 'react';
import type * as Y from 'yjs';
import {
  GOVERNANCE_KINDS,
  GovernanceEntryRefused,
  RISK_RATING_LABELS,
  addGovernanceEntry,
  deleteGovernanceEntry,
  listGovernanceEntries,
  riskRating,
  riskScore,
  sortGovernanceEntries,
  updateGovernanceEntry,
  type Author,
  type GovernanceEntry,
  type GovernanceKind,
  type GovernanceSortKey,
  type NewGovernanceEntry,
} from '@placeboard/board';
import { AnnouncerProvider, useAnnounce } from '../../lib/announce';
import { useBoardValue } from '../../hooks/use-y-observe';
import { useBoardAccess } from '../access/board-access';
import { ViewOnlyHint } from '../access/view-only-hint';
import { ConfirmButton } from '../confirm-button';
import { SortHeader, type SortState } from '../partners/sort-header';
import { EntryForm, draftOf, fieldsOf, type Draft } from './entry-form';
import { GOVERNANCE_FIELDS, KIND_NAMES, optionLabel, type GovernanceField } from './fields';
import './governance.css';
import { WideTable } from '../partners/wide-table';

/**
 * The Governance pane: decisions, the data-sharing register and risks, each a sortable live table, and a CSV. Only
 * the roles that edit the plan get the add, edit and delete controls.
 */
export function GovernancePane({ doc, author, boardId }: { doc: Y.Doc; author: Author; boardId: string }) {
  const results = useBoardValue(doc, ['governance'], (d) => listGovernanceEntries(d));
  const broken = results.filter((r) => !r.ok).length;
  return (
    <AnnouncerProvider>
      <div className="governance-pane">
        <div className="pane-toolbar">
          <h2>Governance log</h2>
          <a
            className="button button--secondary"
            href={`/api/boards/${encodeURIComponent(boardId)}/governance.csv`}
            download
            data-testid="governance-csv"
          >
            Download the log (CSV)
          </a>
        </div>
        {broken > 0 && <p className="broken-item">{broken} governance record(s) could not be read.</p>}
        {GOVERNANCE_KINDS.map((kind) => (
          <GovernanceSection
            key={kind}
            kind={kind}
            doc={doc}
            author={author}
            entries={results.flatMap((r) => (r.ok && r.value.kind === kind ? [r.value] : []))}
          />
        ))}
      </div>
    </AnnouncerProvider>
  );
}

function refusal(error: unknown): string {
  if (error instanceof GovernanceEntryRefused) return `Not saved: ${error.problems.join('; ')}.`;
  return 'Not saved: a value is not valid. Check the fields and try again.';
}

function GovernanceSection({ kind, doc, author, entries }: { kind: GovernanceKind; doc: Y.Doc; author: Author; entries: GovernanceEntry[] }) {
  const { canEditPlan } = useBoardAccess();
  const [sort, setSort] = useState<SortState<GovernanceSortKey>>({ key: 'createdAt', direction: 'ascending' });
  const [editing, setEditing] = useState<string | null>(null);
  /** The entry whose Edit button takes the keyboard back once its form closes. */
  const [returnTo, setReturnTo] = useState<string | null>(null);
  const sectionRef = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!returnTo) return;
    setReturnTo(null);
    sectionRef.current?.querySelector<HTMLButtonElement>(`[data-entry-id="${CSS.escape(returnTo)}"] [data-testid="governance-edit"]`)?.focus();
  }, [returnTo]);
  const stopEditing = (entryId: string): void => {
    setEditing(null);
    setReturnTo(entryId);
  };
  const announce = useAnnounce();
  const headingId = useId();
  const fields = GOVERNANCE_FIELDS[kind].filter((f) => f.column);
  const sorted = useMemo(() => sortGovernanceEntries(entries, sort.key, sort.direction), [entries, sort]);
  const names = KIND_NAMES[kind];
  const columnCount = fields.length + (kind === 'risk' ? 1 : 0) + (canEditPlan ? 1 : 0);

  const add = (draft: Draft): string | void => {
    const values = Object.fromEntries(Object.entries(fieldsOf(kind, draft)).filter(([, v]) => v !== null));
    try {
      addGovernanceEntry(doc, { ...values, kind } as NewGovernanceEntry, author);
      announce(`Added ${names.noun} “${String(values.title)}”.`);
    } catch (error) {
      return refusal(error);
    }
  };
  const save = (entry: GovernanceEntry, draft: Draft): string | void => {
    try {
      updateGovernanceEntry(doc, entry.id, fieldsOf(kind, draft) as Parameters<typeof updateGovernanceEntry>[2], author);
      stopEditing(entry.id);
      announce(`Saved “${String(draft.title)}”.`);
    } catch (error) {
      return refusal(error);
    }
  };

  return (
    <section className="governance-section" ref={sectionRef} aria-labelledby={headingId} data-testid={`governance-section-${kind}`}>
      <h3 id={headingId} tabIndex={-1}>
        {names.heading}
      </h3>
      {sorted.length === 0 ? (
        <p className="hint" data-testid={`governance-empty-${kind}`}>
          No {names.noun} recorded yet.
        </p>
      ) : (
        <WideTable>
          <table className="data-table governance-table" data-testid={`governance-table-${kind}`} aria-labelledby={headingId}>
            <thead>
              <tr>
                {fields.map((field) => (
                  <Fragment key={field.key}>
                    <SortHeader sortKey={field.key} label={field.label} sort={sort} onSort={setSort} testIdPrefix={`governance-${kind}`} />
                    {kind === 'risk' && field.key === 'impact' && (
                      <SortHeader sortKey="score" label="Score (L×I)" sort={sort} onSort={setSort} testIdPrefix={`governance-${kind}`} />
                    )}
                  </Fragment>
                ))}
                {canEditPlan && (
                  <th scope="col" className="governance-table__actions">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {sorted.map((entry) =>
                canEditPlan && editing === entry.id ? (
                  <tr key={entry.id} data-testid="governance-row" data-entry-id={entry.id} data-kind={kind} className="is-editing">
                    <td colSpan={columnCount}>
                      <EntryForm
                        kind={kind}
                        initial={draftOf(kind, entry)}
                        submitLabel="Save changes"
                        testId="governance-edit-form"
                        onSubmit={(draft) => save(entry, draft)}
                        onCancel={() => stopEditing(entry.id)}
                        focusFirst
                      />
                    </td>
                  </tr>
                ) : (
                  <tr key={entry.id} data-testid="governance-row" data-entry-id={entry.id} data-kind={kind}>
                    {fields.map((field, index) => (
                      <Fragment key={field.key}>
                        {index === 0 ? (
                          <th scope="row" data-field={field.key}>
                            {display(field, entry)}
                          </th>
                        ) : (
                          <td data-field={field.key} className={field.input === 'rating' ? 'num' : undefined}>
                            {display(field, entry)}
                          </td>
                        )}
                        {kind === 'risk' && field.key === 'impact' && (
                          <td data-field="score">
                            <RiskScore entry={entry} />
                          </td>
                        )}
                      </Fragment>
                    ))}
                    {canEditPlan && (
                      <td className="governance-table__actions">
                        <span className="governance-table__buttons">
                          <button type="button" className="link-button" data-testid="governance-edit" onClick={() => setEditing(entry.id)}>
                            Edit<span className="visually-hidden"> “{entry.title}”</span>
                          </button>
                          <ConfirmButton
                            label={
                              <>
                                Delete<span className="visually-hidden"> “{entry.title}”</span>
                              </>
                            }
                            className="link-button link-button--danger"
                            question="Delete?"
                            accessibleQuestion={`Delete “${entry.title}”?`}
                            confirmLabel="Delete"
                            testId="governance-delete"
                            onConfirm={() => {
                              deleteGovernanceEntry(doc, entry.id);
                              announce(`Deleted “${entry.title}”.`);
                            }}
                            focusAfter={() => sectionRef.current?.querySelector('h3')}
                          />
                        </span>
                      </td>
                    )}
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </WideTable>
      )}
      {canEditPlan ? (
        <details className="governance-add" data-testid={`governance-add-${kind}`}>
          <summary>Add a {names.noun}</summary>
          <EntryForm kind={kind} initial={draftOf(kind)} submitLabel={`Add ${names.noun}`} testId={`governance-add-form-${kind}`} onSubmit={add} />
        </details>
      ) : (
        <ViewOnlyHint>the governance log is kept by the board’s editors.</ViewOnlyHint>
      )}
    </section>
  );
}

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

function display(field: GovernanceField, entry: GovernanceEntry) {
  const value = entry[field.key];
  if (field.input === 'checkbox') return value === true ? 'Yes' : value === false ? 'No' : '';
  if (field.input === 'select') return optionLabel(field, value);
  if (field.input === 'date' && typeof value === 'string' && value) {
    const date = new Date(`${value}T00:00:00Z`);
    return Number.isNaN(date.getTime()) ? value : <time dateTime={value}>{dateFormat.format(date)}</time>;
  }
  if (value === undefined || value === null) return '';
  return String(value);
}

/** A risk's score with its RAG colour and, so colour is never the only signal, its rating in words. */
function RiskScore({ entry }: { entry: GovernanceEntry }) {
  const score = riskScore(entry);
  if (score === undefined) return <span className="hint">Not scored</span>;
  const rating = riskRating(score);
  return (
    <span className={`rag rag--${rating}`} data-testid="risk-score" data-rating={rating}>
      <span className="rag__score">{score}</span> {RISK_RATING_LABELS[rating]}
    </span>
  );
}
