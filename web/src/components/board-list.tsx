import { useEffect, useId, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError, apiFetch, formatUpdatedAt, listBoards, type BoardSummary } from '../lib/api';
import { OpenCopyForm } from './open-copy-form';

type LoadState = { kind: 'loading' } | { kind: 'loaded'; boards: BoardSummary[] } | { kind: 'failed'; message: string };

function errorMessage(error: unknown): string {
  return error instanceof ApiError ? error.message : 'Something went wrong. Try again.';
}

/** The `/` route: the boards on this server, and a form to start a new one. */
export function BoardList() {
  const [state, setState] = useState<LoadState>({ kind: 'loading' });

  useEffect(() => {
    document.title = 'Boards – Placeboard';
    let cancelled = false;
    listBoards().then(
      (boards) => !cancelled && setState({ kind: 'loaded', boards: [...boards].sort(byNewest) }),
      (error: unknown) => !cancelled && setState({ kind: 'failed', message: errorMessage(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, []);

  return (
    <div className="page page--narrow" data-testid="board-list">
      <h1>Boards</h1>
      <NewBoardForm />
      <section aria-labelledby="your-boards">
        <h2 id="your-boards">Open a board</h2>
        {state.kind === 'loading' && <p role="status">Loading boards…</p>}
        {state.kind === 'failed' && (
          <p className="error-message" role="alert">
            {state.message}
          </p>
        )}
        {state.kind === 'loaded' && state.boards.length === 0 && <p>There are no boards yet. Create the first one above.</p>}
        {state.kind === 'loaded' && state.boards.length > 0 && (
          <ul className="board-list">
            {state.boards.map((board) => (
              <li key={board.id} className="board-list__item">
                <Link to={`/b/${encodeURIComponent(board.id)}`} className="board-list__link" data-testid="board-link">
                  {board.title || 'Untitled board'}
                </Link>
                {formatUpdatedAt(board.updatedAt) && (
                  <span className="board-list__meta">Updated {formatUpdatedAt(board.updatedAt)}</span>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <OpenCopyForm />
    </div>
  );
}

function byNewest(a: BoardSummary, b: BoardSummary): number {
  return new Date(b.updatedAt).getTime() - new Date(a.updatedAt).getTime();
}

/** A board template as `GET /api/templates` lists it. */
interface BoardTemplateSummary {
  id: string;
  name: string;
  description: string;
}

/** Offered until the server's list arrives (or if it cannot be read): a blank board always works. */
const BLANK_TEMPLATE: BoardTemplateSummary = { id: 'blank', name: 'Blank', description: 'An empty board.' };

/** "New board": posts a title and a template, and opens the new board. */
function NewBoardForm() {
  const navigate = useNavigate();
  const [title, setTitle] = useState('');
  const [templates, setTemplates] = useState<BoardTemplateSummary[]>([BLANK_TEMPLATE]);
  const [template, setTemplate] = useState('blank');
  const templateId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const errorId = useId();

  useEffect(() => {
    let cancelled = false;
    apiFetch<BoardTemplateSummary[]>('/api/templates').then(
      (list) => !cancelled && list.length > 0 && setTemplates(list),
      () => {}, // keep offering a blank board
    );
    return () => {
      cancelled = true;
    };
  }, []);
  const chosen = templates.find((t) => t.id === template) ?? templates[0];

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const trimmed = title.trim();
    if (!trimmed) {
      setError('Enter a title for the board');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { id } = await apiFetch<{ id: string }>('/api/boards', {
        method: 'POST',
        body: JSON.stringify({ title: trimmed, template }),
      });
      navigate(`/b/${encodeURIComponent(id)}`);
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="new-board" className="card">
      <h2 id="new-board">New board</h2>
      <form onSubmit={submit} noValidate data-testid="new-board-form">
        <div className={error ? 'field field--error' : 'field'}>
          <label htmlFor={inputId}>Board title</label>
          {error && (
            <p id={errorId} className="field__error" role="alert">
              <span className="visually-hidden">Error:</span> {error}
            </p>
          )}
          <input
            id={inputId}
            type="text"
            maxLength={200}
            value={title}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            onChange={(event) => setTitle(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={templateId}>Start from</label>
          <p className="hint" id={`${templateId}-hint`} data-testid="template-description">
            {chosen?.description}
          </p>
          <select
            id={templateId}
            value={template}
            aria-describedby={`${templateId}-hint`}
            data-testid="template-select"
            onChange={(event) => setTemplate(event.target.value)}
          >
            {templates.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Creating…' : 'Create board'}
        </button>
      </form>
    </section>
  );
}
