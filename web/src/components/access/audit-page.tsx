import { useEffect, useId, useState, type FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { ROOT_NAMES } from '@placeboard/board';
import { ApiError, auditCsvUrl, getAudit, getBoard, type AuditEvent, type AuditFilter } from '../../lib/api';
import { TextField } from '../auth/field';
import { useBoardAccess } from './board-access';
import { SelectField, formatWhen } from './controls';
import './access.css';

/** What each board section (root) is called on the page. */
const SECTION_LABELS: Record<(typeof ROOT_NAMES)[number], string> = {
  meta: 'Board details',
  purposes: 'Purposes',
  partners: 'Partners',
  layers: 'Map layers',
  features: 'Map features',
  canvas: 'Outcomes canvas',
  governance: 'Governance',
  comments: 'Comments',
  community: 'Community',
};

/** The filters as the page keeps them (and as the address bar shows them): person, section and two days. */
interface AuditForm {
  actor: string;
  section: string;
  from: string;
  to: string;
}

function formFromParams(params: URLSearchParams): AuditForm {
  return { actor: params.get('actor') ?? '', section: params.get('section') ?? '', from: params.get('from') ?? '', to: params.get('to') ?? '' };
}

/** Local midnight starting the day `value` (`yyyy-mm-dd`), plus `days`. */
function dayStart(value: string, days = 0): number {
  const [y, m, d] = value.split('-').map(Number);
  return new Date(y ?? 0, (m ?? 1) - 1, (d ?? 1) + days).getTime();
}

/** The API filter of the form: "to" includes the whole day chosen. */
export function auditFilterOf(form: AuditForm): AuditFilter {
  return {
    ...(form.actor ? { actor: form.actor } : {}),
    ...(form.section ? { section: form.section } : {}),
    ...(form.from ? { from: dayStart(form.from) } : {}),
    ...(form.to ? { to: dayStart(form.to, 1) } : {}),
  };
}

type LoadState =
  | { kind: 'loading' }
  | { kind: 'loaded'; events: AuditEvent[]; people: { actor: string; name: string }[] }
  | { kind: 'failed'; message: string };

/**
 * The `/b/:id/audit` route (owners, editors and moderators): who changed what and when, filtered by person,
 * section and days, with the same view as CSV to download.
 */
export function AuditPage() {
  const { id = '' } = useParams();
  const access = useBoardAccess();
  const [params, setParams] = useSearchParams();
  const applied = formFromParams(params);
  const [draft, setDraft] = useState<AuditForm>(applied);
  const [state, setState] = useState<LoadState>({ kind: 'loading' });
  const [people, setPeople] = useState<{ actor: string; name: string }[]>([]);
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  const formId = useId();
  const filter = auditFilterOf(applied);
  const filterKey = JSON.stringify(filter);

  useEffect(() => {
    let cancelled = false;
    getBoard(id).then(
      (board) => !cancelled && setTitle(board.title),
      () => {},
    );
    return () => {
      cancelled = true;
    };
  }, [id]);

  useEffect(() => {
    document.title = `Audit log${title ? ` of ${title}` : ''} – Placeboard`;
  }, [title]);

  useEffect(() => {
    if (!access.canReadAudit) return undefined;
    let cancelled = false;
    setState({ kind: 'loading' });
    getAudit(id, JSON.parse(filterKey) as AuditFilter).then(
      (answer) => {
        if (cancelled) return;
        setState({ kind: 'loaded', ...answer });
        setPeople(answer.people);
      },
      (caught: unknown) => !cancelled && setState({ kind: 'failed', message: caught instanceof ApiError ? caught.message : 'The audit log could not be read.' }),
    );
    return () => {
      cancelled = true;
    };
  }, [id, filterKey, access.canReadAudit]);

  const apply = (event: FormEvent): void => {
    event.preventDefault();
    if (draft.from && draft.to && draft.to < draft.from) {
      setError('The “To” day must be the same as or after the “From” day');
      document.getElementById(`${formId}-to`)?.focus();
      return;
    }
    setError(null);
    const next = new URLSearchParams();
    for (const [key, value] of Object.entries(draft)) if (value) next.set(key, value);
    setParams(next, { replace: true });
  };

  const board = `/b/${encodeURIComponent(id)}`;
  if (!access.canReadAudit) {
    return (
      <div className="page">
        <h1>Audit log</h1>
        <p>Your role cannot read this board&apos;s audit log. Owners, editors and moderators can.</p>
        <p>
          <Link to={board}>Back to the board</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="page access-page" data-testid="audit-page">
      <p>
        <Link to={board}>Back to the board</Link>
      </p>
      <h1>
        Audit log{title && <span className="visually-hidden"> of {title}</span>}
      </h1>
      {title && <p className="hint">Board: {title}</p>}
      <form className="access-filters" onSubmit={apply} aria-label="Filter the audit log" data-testid="audit-filters">
        <SelectField id={`${formId}-actor`} label="Person" value={draft.actor} onChange={(actor) => setDraft({ ...draft, actor })} data-testid="audit-person">
          <option value="">Everyone</option>
          {people.map((p) => (
            <option key={p.actor} value={p.actor}>
              {p.name || p.actor}
            </option>
          ))}
        </SelectField>
        <SelectField id={`${formId}-section`} label="Section" value={draft.section} onChange={(section) => setDraft({ ...draft, section })} data-testid="audit-section">
          <option value="">All sections</option>
          {ROOT_NAMES.map((root) => (
            <option key={root} value={root}>
              {SECTION_LABELS[root]}
            </option>
          ))}
        </SelectField>
        <TextField id={`${formId}-from`} label="From" type="date" value={draft.from} onChange={(from) => setDraft({ ...draft, from })} />
        <TextField id={`${formId}-to`} label="To" type="date" value={draft.to} onChange={(to) => setDraft({ ...draft, to })} error={error} />
        <div className="access-form__actions button-row">
          <button type="submit" className="button">
            Apply filters
          </button>
          <a href={auditCsvUrl(id, filter)} download data-testid="audit-csv">
            Download CSV
          </a>
        </div>
      </form>
      {state.kind === 'loading' && <p role="status">Loading the audit log…</p>}
      {state.kind === 'failed' && (
        <p className="error-message" role="alert">
          {state.message}
        </p>
      )}
      {state.kind === 'loaded' && <AuditTable events={state.events} />}
    </div>
  );
}

/** The events, most recent first. */
function AuditTable({ events }: { events: AuditEvent[] }) {
  if (events.length === 0) return <p role="status">Nothing in the audit log matches these filters.</p>;
  return (
    <div className="access-table__scroll">
      <table className="access-table" data-testid="audit-table">
        <caption>
          {events.length === 1 ? '1 event' : `${events.length} events`}, most recent first
        </caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Person</th>
            <th scope="col">Kind</th>
            <th scope="col">Sections</th>
            <th scope="col" className="num">
              Records
            </th>
            <th scope="col" className="num">
              Bytes
            </th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event, index) => (
            <tr key={event.id ?? index} data-testid="audit-row" data-kind={event.kind}>
              <td>
                <time dateTime={new Date(event.at).toISOString()}>{formatWhen(event.at, true)}</time>
              </td>
              <td>{event.actorName || event.actor}</td>
              <td>{event.kind}</td>
              <td>{event.roots.map((root) => SECTION_LABELS[root as (typeof ROOT_NAMES)[number]] ?? root).join(', ')}</td>
              <td className="num" title={event.records.join('\n') || undefined}>
                {event.records.length}
              </td>
              <td className="num">{event.bytes}</td>
              <td>{event.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
