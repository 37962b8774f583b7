import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError, getBoard, listVersions, type BoardVersion, type VersionRef } from '../../lib/api';
import { useBoardAccess } from '../access/board-access';
import { SelectField } from '../access/controls';
import { useBoardPartners } from '../access/use-board-partners';
import { CompareView } from './compare-view';
import { parseVersionRef, versionTitle } from './format';
import { SaveVersionForm } from './save-version-form';
import { VersionCard } from './version-card';
import './versions.css';

type LoadState = { kind: 'loading' } | { kind: 'loaded'; versions: BoardVersion[]; agreedPlan: number | null } | { kind: 'failed'; message: string };

/**
 * The `/b/:id/versions` route: save the board as a named version, see every version with its status and the
 * partners' sign-off, open one read-only, compare any two (or one with the current board), restore, put forward
 * for agreement, sign off and download its board pack. Everyone may look; what each may do follows their role.
 * The comparison is in the address (`?a=3&b=current`), so it can be shared.
 */
export function VersionsPage() {
  const { id = '' } = useParams();
  const access = useBoardAccess();
  const { partners } = useBoardPartners(id);
  const [params, setParams] = useSearchParams();
  const [title, setTitle] = useState('');
  const [state, setState] = useState<LoadState>({ kind: 'loading' });
  const [message, setMessage] = useState('');
  const listHeadingId = useId();
  const a = parseVersionRef(params.get('a'));
  const b = parseVersionRef(params.get('b'));

  const reload = useCallback(async (): Promise<void> => {
    try {
      const { versions, agreedPlan } = await listVersions(id);
      setState({ kind: 'loaded', versions: [...versions].sort((x, y) => y.number - x.number), agreedPlan });
    } catch (error) {
      setState({ kind: 'failed', message: error instanceof ApiError ? error.message : 'The versions could not be read.' });
    }
  }, [id]);

  useEffect(() => {
    void reload();
    let cancelled = false;
    getBoard(id).then(
      (board) => !cancelled && setTitle(board.title),
      () => {},
    );
    return () => {
      cancelled = true;
    };
  }, [id, reload]);

  useEffect(() => {
    document.title = `Versions${title ? ` of ${title}` : ''} – Placeboard`;
  }, [title]);

  const changed = useCallback(
    (text: string) => {
      setMessage(text);
      void reload();
    },
    [reload],
  );

  const compare = useCallback(
    (from: VersionRef, to: VersionRef) => setParams({ a: String(from), b: String(to) }, { replace: false }),
    [setParams],
  );

  const board = `/b/${encodeURIComponent(id)}`;
  const versions = state.kind === 'loaded' ? state.versions : [];
  return (
    <div className="page versions-page" data-testid="versions-page">
      <p>
        <Link to={board}>Back to the board</Link>
      </p>
      <h1>
        Versions{title && <span className="visually-hidden"> of {title}</span>}
      </h1>
      {title && <p className="hint">Board: {title}</p>}
      <p className="versions-page__status" role="status" data-testid="versions-status">
        {message}
      </p>

      {access.canEditPlan && (
        <SaveVersionForm boardId={id} onSaved={(version) => changed(`${versionTitle(version)} saved.`)} />
      )}

      <section aria-labelledby={listHeadingId} className="versions-section">
        <h2 id={listHeadingId} tabIndex={-1}>
          Saved versions
        </h2>
        {state.kind === 'loading' && <p role="status">Loading versions…</p>}
        {state.kind === 'failed' && (
          <p className="error-message" role="alert">
            {state.message}
          </p>
        )}
        {state.kind === 'loaded' && versions.length === 0 && (
          <p data-testid="versions-empty">No version has been saved yet.{access.canEditPlan ? ' Save one above.' : ''}</p>
        )}
        {versions.length > 0 && (
          <ol className="version-list" data-testid="version-list" reversed>
            {versions.map((version) => (
              <VersionCard
                key={version.number}
                boardId={id}
                version={version}
                access={access}
                partners={partners}
                onChanged={changed}
                focusAfterDelete={() => document.getElementById(listHeadingId)}
                onCompare={(n) => compare(n, 'current')}
                agreedPlan={state.kind === 'loaded' ? state.agreedPlan : null}
              />
            ))}
          </ol>
        )}
      </section>

      {versions.length > 0 && <ComparePicker versions={versions} a={a} b={b} onCompare={compare} />}
      {a !== null && b !== null && <CompareView key={`${a}:${b}`} boardId={id} a={a} b={b} />}
    </div>
  );
}

/** Two choices, A and B (any version, or the current board), and a "Compare" button. */
function ComparePicker({
  versions,
  a,
  b,
  onCompare,
}: {
  versions: readonly BoardVersion[];
  a: VersionRef | null;
  b: VersionRef | null;
  onCompare: (a: VersionRef, b: VersionRef) => void;
}) {
  const headingId = useId();
  const [from, setFrom] = useState(String(a ?? versions[0]?.number ?? 'current'));
  const [to, setTo] = useState(String(b ?? 'current'));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (a !== null) setFrom(String(a));
    if (b !== null) setTo(String(b));
  }, [a, b]);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const left = parseVersionRef(from);
    const right = parseVersionRef(to);
    if (left === null || right === null) return;
    if (left === right) {
      setError('Choose two different versions to compare.');
      return;
    }
    setError(null);
    onCompare(left, right);
  };

  const options = (
    <>
      <option value="current">Current board</option>
      {versions.map((version) => (
        <option key={version.number} value={String(version.number)}>
          {versionTitle(version)}
        </option>
      ))}
    </>
  );
  return (
    <section aria-labelledby={headingId} className="versions-section card" data-testid="compare-picker">
      <h2 id={headingId}>Compare two versions</h2>
      <form noValidate onSubmit={submit} className="access-form compare-form">
        <SelectField label="Compare (A)" value={from} onChange={setFrom} data-testid="compare-a" error={error}>
          {options}
        </SelectField>
        <SelectField label="with (B)" value={to} onChange={setTo} data-testid="compare-b">
          {options}
        </SelectField>
        <div className="access-form__actions">
          <button type="submit" className="button" data-testid="compare-submit">
            Compare
          </button>
        </div>
      </form>
    </section>
  );
}
