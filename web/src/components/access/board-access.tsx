import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { ROLE_LABELS, canContribute, canEditPlan, canManageAccess, canModerate, canReadAudit, type Role } from '@placeboard/board';
import type { BoardDocOptions, RefusalCause } from '../../hooks/use-board-doc';
import { AnnouncerProvider, useAnnounce } from '../../lib/announce';
import { ApiError, getBoardAccess, type BoardAccessInfo } from '../../lib/api';
import { deleteLocalCopy, preloadLocalCopy } from '../../lib/sync/local-copy';
import { refusalMessage } from '../../lib/sync/refusal';
import { UndoneCopyLink } from './undone-copy-link';
import './access.css';

/**
 * What the person using this browser may do on the open board: their role, the partner they speak for, and the
 * capability helpers of '@placeboard/board' already applied to the role. The web app only hides what a role cannot
 * do; the server is the guard.
 */
export interface BoardAccessState {
  role: Role;
  /** The partner organisation this person speaks for: only they record that partner's agreement. */
  partnerId: string | null;
  /** The name the board shows for this person. */
  name: string;
  /** Who this person is in the board's presence, in every tab (see `BoardAccessInfo`); null outside a board. */
  presenceKey: string | null;
  /** Changes the partners' plan (every section but access settings). */
  canEditPlan: boolean;
  /** Publishes, hides and converts community contributions. */
  canModerate: boolean;
  /** Manages members, invitations and share links. */
  canManageAccess: boolean;
  /** Adds comments and community contributions. */
  canContribute: boolean;
  /** Reads the audit log (and the member list). */
  canReadAudit: boolean;
  /** True when this person may record `partnerId`'s agreement on an outcome card: their own partner, and a plan editor. */
  mayRecordAgreement: (partnerId: string) => boolean;
  /** What the sync connection does when the server refuses an edit or changes this access (see `useBoardDoc`). */
  sync: BoardDocOptions;
}

/** Builds the access state of a role. */
export function accessOf(
  info: Pick<BoardAccessInfo, 'role' | 'partnerId' | 'name'> & Partial<Pick<BoardAccessInfo, 'presenceKey'>>,
  sync: BoardDocOptions = {},
): BoardAccessState {
  const { role, partnerId, name } = info;
  const editsPlan = canEditPlan(role);
  return {
    role,
    partnerId,
    name,
    presenceKey: info.presenceKey ?? null,
    canEditPlan: editsPlan,
    canModerate: canModerate(role),
    canManageAccess: canManageAccess(role),
    canContribute: canContribute(role),
    canReadAudit: canReadAudit(role),
    mayRecordAgreement: (id) => editsPlan && partnerId !== null && partnerId === id,
    sync,
  };
}

/**
 * Outside a board (a pane rendered on its own) nothing is hidden, except agreement, which needs a partner: the
 * server still refuses what the role may not do.
 */
const UNRESTRICTED: BoardAccessState = accessOf({ role: 'editor', partnerId: null, name: '' });

const BoardAccessContext = createContext<BoardAccessState | null>(null);

/** This person's access to the open board (see {@link BoardAccessGate}). */
export function useBoardAccess(): BoardAccessState {
  return useContext(BoardAccessContext) ?? UNRESTRICTED;
}

/**
 * Gives `children` read-only access, as a viewer, whatever this person's role: a saved version of the board is read,
 * never edited. Every pane then hides its editing tools, as it does for viewers.
 */
export function ReadOnlyBoardAccess({ children }: { children: ReactNode }) {
  const { name } = useBoardAccess();
  const value = useMemo(() => accessOf({ role: 'viewer', partnerId: null, name }), [name]);
  return <BoardAccessContext.Provider value={value}>{children}</BoardAccessContext.Provider>;
}

type GateState =
  | { kind: 'loading' }
  | { kind: 'granted'; info: BoardAccessInfo }
  | { kind: 'none'; message: string }
  | { kind: 'withdrawn' }
  | { kind: 'failed'; message: string };

/** Props of {@link BoardAccessGate}. */
export interface BoardAccessGateProps {
  children: ReactNode;
  /**
   * The route opens the live board (the board view, present mode): the board's copy in this browser, if any, is
   * read while the access is checked, so that the board opens from it at once (see `preloadLocalCopy`).
   * @default false
   */
  opensBoard?: boolean;
}

/**
 * Wraps a board route (`/b/:id`, its members and audit pages): reads `GET /api/boards/:id/access`, shows a page of
 * its own when there is no access, and otherwise gives its children {@link useBoardAccess}. It also owns what
 * happens when the sync server refuses an edit (announced, and shown until dismissed) or withdraws access.
 */
export function BoardAccessGate({ children, opensBoard = false }: BoardAccessGateProps) {
  return (
    <AnnouncerProvider>
      <GateBody opensBoard={opensBoard}>{children}</GateBody>
    </AnnouncerProvider>
  );
}

function GateBody({ children, opensBoard }: Required<BoardAccessGateProps>) {
  const { id = '' } = useParams();
  const announce = useAnnounce();
  const [state, setState] = useState<GateState>({ kind: 'loading' });
  /** What the person is shown after a refused edit, until dismissed; with the page's copy when edits went. */
  const [notice, setNotice] = useState<{ message: string; discarded: number; pageCopy: Uint8Array | null } | null>(null);
  const roleRef = useRef<Role | null>(null);

  useEffect(() => {
    let cancelled = false;
    setState({ kind: 'loading' });
    setNotice(null);
    if (opensBoard) preloadLocalCopy(id);
    getBoardAccess(id).then(
      (info) => {
        if (cancelled) return;
        roleRef.current = info.role;
        setState({ kind: 'granted', info });
      },
      (error: unknown) => {
        if (cancelled) return;
        if (error instanceof ApiError && (error.status === 404 || error.status === 403)) {
          // No access (any more): a copy of the board kept in this browser from before must not stay.
          void deleteLocalCopy(id);
          setState({ kind: 'none', message: 'There is no board at this address, or you do not have access to it.' });
        } else if (error instanceof ApiError && error.status === 401) {
          setState({ kind: 'loading' }); // the session provider sends the user to sign-in
        } else {
          setState({ kind: 'failed', message: error instanceof ApiError ? error.message : 'Your access to this board could not be read.' });
        }
      },
    );
    return () => {
      cancelled = true;
    };
  }, [id, opensBoard]);

  const onAccessChanged = useCallback(async (): Promise<boolean> => {
    try {
      // A share link that was revoked leaves no session: that is "withdrawn" here, not a trip to sign-in.
      const info = await getBoardAccess(id, { signInOn401: false });
      if (roleRef.current !== info.role) announce(`Your role on this board is now ${ROLE_LABELS[info.role].label}.`);
      roleRef.current = info.role;
      setState({ kind: 'granted', info });
      return true;
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403 || error.status === 404)) {
        setState({ kind: 'withdrawn' });
        return false;
      }
      return true; // could not ask: try the board again, the server decides
    }
  }, [id, announce]);

  const onRefused = useCallback(
    (reason: string, cause: RefusalCause, discarded: number, pageCopy: Uint8Array | null) => {
      const message = refusalMessage(reason, cause, discarded);
      announce(message);
      setNotice({ message, discarded, pageCopy });
      // The role was lowered while this page was not connected (it hears of a change only while it is): read it
      // again, so the page stops offering what the role no longer allows.
      if (cause === 'role') void onAccessChanged();
    },
    [announce, onAccessChanged],
  );

  const granted = state.kind === 'granted' ? state.info : null;
  // Only an account keeps boards in the browser: its copies are deleted on sign-out, and a share link cannot sign out.
  const keepInBrowserFor = granted?.actor.startsWith('user:') ? granted.actor : null;
  const value = useMemo(
    () => (granted ? accessOf(granted, { onRefused, onAccessChanged, keepInBrowserFor }) : null),
    [granted, onRefused, onAccessChanged, keepInBrowserFor],
  );

  if (state.kind === 'loading') return <p role="status">Checking your access…</p>;
  if (state.kind === 'none') return <NoAccess title="Board not available" message={state.message} />;
  if (state.kind === 'withdrawn') return <NoAccess title="Your access to this board has been withdrawn" message="Ask a board owner if you think this is a mistake." />;
  if (state.kind === 'failed' || !value) return <NoAccess title="The board could not be opened" message={state.kind === 'failed' ? state.message : ''} />;
  return (
    <BoardAccessContext.Provider value={value}>
      {notice && (
        <div className="access-notice" data-testid="access-notice">
          <div>
            <p>{notice.message}</p>
            {notice.pageCopy && <UndoneCopyLink boardId={id} pageCopy={notice.pageCopy} discarded={notice.discarded} />}
          </div>
          <button type="button" className="button button--secondary button--small" onClick={() => setNotice(null)}>
            Dismiss
          </button>
        </div>
      )}
      {children}
    </BoardAccessContext.Provider>
  );
}

/** A page in place of the board: why it cannot be opened, and the way home. Takes focus, as the board vanished. */
function NoAccess({ title, message }: { title: string; message: string }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} – Placeboard`;
    headingRef.current?.focus();
  }, [title]);
  return (
    <div className="page page--narrow" data-testid="board-no-access">
      <h1 ref={headingRef} tabIndex={-1}>
        {title}
      </h1>
      {message && <p>{message}</p>}
      <p>
        <Link to="/">Go to your boards</Link>
      </p>
    </div>
  );
}

/**
 * The role line of a board's header: a "View only" badge for viewers (words, not just colour), the role otherwise,
 * and links to the members page and the audit log for the roles that may read them.
 */
export function BoardAccessBar({ boardId }: { boardId: string }) {
  const access = useBoardAccess();
  const base = `/b/${encodeURIComponent(boardId)}`;
  return (
    <div className="board-access" data-testid="board-access" data-role={access.role}>
      {access.role === 'viewer' ? (
        <span className="badge badge--view-only" data-testid="view-only-badge">
          View only
        </span>
      ) : (
        <span className="badge" data-testid="role-badge">
          <span className="visually-hidden">Your role: </span>
          {ROLE_LABELS[access.role].label}
        </span>
      )}
      {access.canReadAudit && (
        <nav aria-label="Board access" className="board-access__links">
          <Link to={`${base}/members`} data-testid="members-link">
            {access.canManageAccess ? 'Members and sharing' : 'Members'}
          </Link>
          <Link to={`${base}/audit`} data-testid="audit-link">
            Audit log
          </Link>
        </nav>
      )}
    </div>
  );
}
