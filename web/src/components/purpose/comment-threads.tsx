import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type * as Y from 'yjs';
import {
  InvalidCommentError,
  replyToThread,
  setThreadResolved,
  type Author,
  type CommentThread,
  type ReadResult,
} from '@placeboard/board';

/** Where a thread's words are in the editor now, as the column shows them. */
export type ThreadPlace = { text: string } | 'removed';

/** A new comment being written: the selection it will be anchored to, captured when "Comment" was chosen. */
export interface CommentDraft {
  quote: string;
}

interface CommentColumnProps {
  doc: Y.Doc;
  author: Author;
  title: string;
  threads: readonly ReadResult<CommentThread>[];
  /** Thread id -> where its words are now; a thread missing here is shown with its stored quote. */
  places: Readonly<Record<string, ThreadPlace>>;
  activeId: string | null;
  /** Set when the active thread was chosen from the text: the column moves focus to it. */
  focusActive: number;
  onActivate: (threadId: string) => void;
  onShowInText: (threadId: string) => void;
  draft: CommentDraft | null;
  onSubmitDraft: (text: string) => void;
  onCancelDraft: () => void;
}

const timeFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

/**
 * The comments beside a purpose's text (below it on a narrow screen): a form for a new comment, the open
 * threads in the order they were started, and resolved threads folded under "Resolved (n)".
 */
export function CommentColumn(props: CommentColumnProps) {
  const { threads, draft, title } = props;
  const valid = threads.flatMap((t) => (t.ok ? [t.value] : []));
  const broken = threads.length - valid.length;
  const open = valid.filter((t) => !t.resolved);
  const resolved = valid.filter((t) => t.resolved);
  const headingId = useId();
  const resolvedRef = useRef<HTMLDetailsElement>(null);
  const activeResolved = resolved.some((t) => t.id === props.activeId);

  // Left uncontrolled so a person's own open/closed choice sticks; opened when its thread is chosen from the text.
  // Only when a highlight was just chosen (focusActive changed), not when someone else resolves the active thread.
  useEffect(() => {
    if (activeResolved && props.focusActive > 0 && resolvedRef.current) resolvedRef.current.open = true;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.focusActive]);

  return (
    <aside className="comment-column" aria-labelledby={headingId} data-testid="comment-column">
      <h4 id={headingId} className="comment-column__heading">
        Comments <span className="visually-hidden">on {title || 'this purpose'}</span>
        {open.length > 0 && <span className="comment-column__count">({open.length} open)</span>}
      </h4>
      {draft && <NewCommentForm draft={draft} onSubmit={props.onSubmitDraft} onCancel={props.onCancelDraft} />}
      {open.length === 0 && !draft && (
        <p className="hint comment-column__empty">Select some text and choose Comment (Ctrl+Alt+M) to comment on it.</p>
      )}
      {open.length > 0 && (
        <ul className="comment-column__list">
          {open.map((thread, index) => (
            <li key={thread.id}>
              <Thread {...props} thread={thread} number={index + 1} />
            </li>
          ))}
        </ul>
      )}
      {broken > 0 && (
        <p className="broken-item" data-testid="comment-broken">
          {broken === 1 ? 'A comment could not be read and is not shown.' : `${broken} comments could not be read and are not shown.`}
        </p>
      )}
      {resolved.length > 0 && (
        <details ref={resolvedRef} className="comment-column__resolved" data-testid="comments-resolved">
          <summary>Resolved ({resolved.length})</summary>
          <ul className="comment-column__list">
            {resolved.map((thread) => (
              <li key={thread.id}>
                <Thread {...props} thread={thread} />
              </li>
            ))}
          </ul>
        </details>
      )}
    </aside>
  );
}

function NewCommentForm({ draft, onSubmit, onCancel }: { draft: CommentDraft; onSubmit: (text: string) => void; onCancel: () => void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const inputId = useId();
  const errorId = useId();
  useEffect(() => inputRef.current?.focus(), [draft]);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (text.trim() === '') {
      setError('Write a comment first.');
      inputRef.current?.focus();
      return;
    }
    try {
      onSubmit(text);
    } catch (caught) {
      setError(caught instanceof InvalidCommentError ? caught.message : 'The comment could not be saved.');
    }
  };
  return (
    <form className="comment-form card" onSubmit={submit} data-testid="comment-form" aria-label="New comment">
      <p className="comment-thread__quote">
        On <q>{draft.quote}</q>
      </p>
      <label htmlFor={inputId} className="label">
        Your comment
      </label>
      {error && (
        <p id={errorId} className="field__error" role="alert">
          {error}
        </p>
      )}
      <textarea
        id={inputId}
        ref={inputRef}
        rows={3}
        maxLength={5000}
        value={text}
        aria-invalid={error ? 'true' : 'false'}
        aria-describedby={error ? errorId : undefined}
        data-testid="comment-input"
        onChange={(event) => {
          setText(event.target.value);
          setError(null);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Escape') onCancel();
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) submit(event);
        }}
      />
      <div className="button-row">
        <button type="submit" className="button" data-testid="comment-submit">
          Comment
        </button>
        <button type="button" className="link-button" data-testid="comment-cancel" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function Thread({
  doc,
  author,
  thread,
  number,
  places,
  activeId,
  focusActive,
  onActivate,
  onShowInText,
}: CommentColumnProps & { thread: CommentThread; number?: number }) {
  const ref = useRef<HTMLElement>(null);
  const quoteId = useId();
  const place = places[thread.id];
  const removed = place === 'removed';
  const quote = place && place !== 'removed' ? place.text : (thread.anchor.quote ?? '');
  const active = thread.id === activeId;

  useEffect(() => {
    if (active && focusActive > 0) {
      ref.current?.focus();
      ref.current?.scrollIntoView({ block: 'nearest' });
    }
  }, [active, focusActive]);

  return (
    <article
      ref={ref}
      tabIndex={-1}
      className={`comment-thread${active ? ' comment-thread--active' : ''}${thread.resolved ? ' comment-thread--resolved' : ''}`}
      aria-labelledby={quoteId}
      data-testid="comment-thread"
      data-thread-id={thread.id}
      data-resolved={thread.resolved ? 'true' : 'false'}
      data-removed={removed ? 'true' : 'false'}
      onClick={() => onActivate(thread.id)}
      onFocus={(event) => {
        if (event.target === event.currentTarget || !active) onActivate(thread.id);
      }}
    >
      <p id={quoteId} className="comment-thread__quote">
        {number !== undefined && <span className="comment-thread__number">{number}. </span>}
        {removed ? (
          <em data-testid="comment-removed">
            the commented text was removed{quote && <span className="comment-thread__old-quote"> (it was <q>{quote}</q>)</span>}
          </em>
        ) : (
          <>
            <span className="visually-hidden">Comment on </span>
            <q>{quote}</q>
          </>
        )}
        {thread.resolved && <span className="comment-thread__badge"> Resolved</span>}
      </p>
      <ol className="comment-thread__messages">
        {thread.messages.map((message, index) => (
          <li key={`${message.at}-${index}`} className="comment-message" data-testid="comment-message">
            <p className="comment-message__meta">
              <strong data-testid="comment-author">{message.author}</strong>{' '}
              <time dateTime={new Date(message.at).toISOString()}>{timeFormat.format(message.at)}</time>
            </p>
            <p className="comment-message__text">{message.text}</p>
          </li>
        ))}
      </ol>
      {!thread.resolved && <ReplyForm doc={doc} author={author} threadId={thread.id} />}
      <div className="button-row comment-thread__actions">
        {!removed && !thread.resolved && (
          <button type="button" className="link-button" data-testid="comment-show" onClick={() => onShowInText(thread.id)}>
            Show in text
          </button>
        )}
        {thread.resolved ? (
          <button
            type="button"
            className="button button--secondary"
            data-testid="comment-reopen"
            onClick={(event) => {
              const column = event.currentTarget.closest<HTMLElement>('[data-testid="comment-column"]');
              setThreadResolved(doc, thread.id, false, author);
              // The thread moves up to the open ones; the keyboard goes with it.
              requestAnimationFrame(() => openThreadsIn(column).find((element) => element.dataset.threadId === thread.id)?.focus());
            }}
          >
            Reopen
          </button>
        ) : (
          <button
            type="button"
            className="button button--secondary"
            data-testid="comment-resolve"
            onClick={(event) => {
              const column = event.currentTarget.closest<HTMLElement>('[data-testid="comment-column"]');
              const index = openThreadsIn(column).findIndex((element) => element.dataset.threadId === thread.id);
              setThreadResolved(doc, thread.id, true, author);
              // The thread folds away under "Resolved": the keyboard goes to the open thread now in its place, or
              // with none left to "Resolved".
              requestAnimationFrame(() => {
                const open = openThreadsIn(column);
                (open[Math.min(index, open.length - 1)] ?? column?.querySelector<HTMLElement>('[data-testid="comments-resolved"] > summary'))?.focus();
              });
            }}
          >
            Resolve
          </button>
        )}
      </div>
    </article>
  );
}

function ReplyForm({ doc, author, threadId }: { doc: Y.Doc; author: Author; threadId: string }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (text.trim() === '') {
      setError('Write a reply first.');
      return;
    }
    try {
      replyToThread(doc, threadId, text, author);
      setText('');
      setError(null);
    } catch (caught) {
      setError(caught instanceof InvalidCommentError ? caught.message : 'The reply could not be saved.');
    }
  };
  return (
    <form className="comment-reply" onSubmit={submit}>
      <label htmlFor={inputId} className="visually-hidden">
        Reply
      </label>
      {error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
      <textarea
        id={inputId}
        rows={1}
        maxLength={5000}
        placeholder="Reply"
        value={text}
        data-testid="comment-reply-input"
        onChange={(event) => {
          setText(event.target.value);
          setError(null);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) submit(event);
        }}
      />
      <button type="submit" className="button button--secondary comment-reply__submit" data-testid="comment-reply-submit">
        Reply
      </button>
    </form>
  );
}

/** The open threads of a comment column (not the resolved ones folded under it), in order. */
function openThreadsIn(column: HTMLElement | null): HTMLElement[] {
  return [...(column?.querySelectorAll<HTMLElement>(':scope > .comment-column__list [data-testid="comment-thread"]') ?? [])];
}
