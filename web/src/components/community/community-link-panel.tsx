import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, createShareLink, listMembers, revokeShareLink, type ShareLinkSummary } from '../../lib/api';
import { useAnnounce } from '../../lib/announce';

/** A community link that still works. */
function isLive(link: ShareLinkSummary, now: number): boolean {
  return link.kind === 'community' && link.revokedAt === null && (link.expiresAt === null || link.expiresAt > now);
}

/**
 * Owners make community links here (`POST /api/boards/:id/links {role: 'contributor', kind: 'community', label}`) and
 * copy the address to send to a group; the address is shown only once, as the server keeps only a hash of it. The
 * links already made are listed, each with a way to withdraw it.
 */
export function CommunityLinkPanel({ boardId }: { boardId: string }) {
  const id = useId();
  const announce = useAnnounce();
  const [label, setLabel] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<{ url: string; label: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const [links, setLinks] = useState<ShareLinkSummary[]>([]);
  const urlRef = useRef<HTMLInputElement>(null);
  const createdHeadingRef = useRef<HTMLHeadingElement>(null);

  const load = useCallback(async () => {
    try {
      const { links: all } = await listMembers(boardId);
      const now = Date.now();
      setLinks(all.filter((link) => isLive(link, now)));
    } catch {
      setLinks([]);
    }
  }, [boardId]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (created) createdHeadingRef.current?.focus();
  }, [created]);

  const onSubmit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const trimmed = label.trim();
    if (!trimmed) {
      setError('Enter the name of the group the link is for');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const answer = await createShareLink(boardId, { role: 'contributor', kind: 'community', label: trimmed });
      setCreated({ url: answer.url, label: trimmed });
      setCopied(false);
      setLabel('');
      await load();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'The link could not be made. Try again.');
    } finally {
      setBusy(false);
    }
  };

  const copy = async (): Promise<void> => {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.url);
      setCopied(true);
      announce('Link copied.');
    } catch {
      // No clipboard (an insecure address, or permission refused): select it for the person to copy.
      urlRef.current?.select();
      announce('The link is selected: copy it with Control and C, or Command and C on a Mac.');
    }
  };

  const withdraw = async (link: ShareLinkSummary): Promise<void> => {
    try {
      await revokeShareLink(boardId, link.id);
      announce(`The link for ${link.label || 'the community'} no longer works.`);
      await load();
    } catch (caught) {
      announce(caught instanceof ApiError ? caught.message : 'The link could not be withdrawn. Try again.');
    }
  };

  return (
    <section className="card community-link-panel" aria-labelledby={`${id}-heading`} data-testid="community-link-panel">
      <h2 id={`${id}-heading`}>Community link</h2>
      <p>
        Send a community group a link to this board's community page. They can add local knowledge from a phone, with no
        account. They see only the map layers you show on the community page (in the Map tab's layer list) and what a
        moderator has published.
      </p>
      <form onSubmit={(event) => void onSubmit(event)} noValidate>
        <div className={`field${error ? ' field--error' : ''}`}>
          <label htmlFor={`${id}-label`}>Who is the link for?</label>
          <p className="hint" id={`${id}-hint`}>
            A group, not a person: for example "Old Trafford residents group". Moderators see it next to what the group sends.
          </p>
          {error && (
            <p className="field__error" id={`${id}-error`} role="alert">
              <span className="visually-hidden">Error:</span> {error}
            </p>
          )}
          <input
            id={`${id}-label`}
            type="text"
            value={label}
            maxLength={100}
            aria-invalid={error ? true : undefined}
            aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
            onChange={(event) => setLabel(event.target.value)}
            data-testid="community-link-label"
          />
        </div>
        <button type="submit" className="button" disabled={busy} data-testid="community-link-create">
          Create community link
        </button>
      </form>
      {created && (
        <div className="community-link-panel__created" data-testid="community-link-created">
          <h3 ref={createdHeadingRef} tabIndex={-1}>
            Link for {created.label}
          </h3>
          <p className="hint" id={`${id}-once`}>
            Copy it now: for safety it is shown only this once. Anyone with it can send local knowledge to this board.
          </p>
          <label htmlFor={`${id}-url`} className="visually-hidden">
            Community link for {created.label}
          </label>
          <input ref={urlRef} id={`${id}-url`} type="text" readOnly value={created.url} aria-describedby={`${id}-once`} onFocus={(e) => e.target.select()} data-testid="community-link-url" />
          <div className="button-row">
            <button type="button" className="button button--secondary" onClick={() => void copy()} data-testid="community-link-copy">
              Copy link
            </button>
            {copied && <span role="status">Copied</span>}
          </div>
        </div>
      )}
      {links.length > 0 && (
        <>
          <h3>Links that work now</h3>
          <ul data-testid="community-links">
            {links.map((link) => (
              <li key={link.id}>
                {link.label || 'Community link'}, made {new Date(link.createdAt).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' })}{' '}
                <button type="button" className="link-button" onClick={() => void withdraw(link)}>
                  Withdraw<span className="visually-hidden"> the link for {link.label || 'the community'}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
