import { useEffect, useId, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ROLE_LABELS } from '@placeboard/board';
import { ApiError, acceptInvite, getInvite, signOut, validationErrors, type InviteInfo } from '../../lib/api';
import { signInPath, useSession } from '../../lib/session';
import { deleteAllLocalCopies } from '../../lib/sync/local-copy';
import { FormError, NewPasswordFields, TextField, focusFirst, newPasswordErrors } from './field';

type LoadState = { kind: 'loading' } | { kind: 'loaded'; invite: InviteInfo } | { kind: 'failed'; message: string };

/**
 * The `/invite/:token` route: says which board and role the invitation is for. Someone signed in with the invited
 * email joins with one button; someone without an account gives a name and password to create one; someone with
 * an account signs in first and comes back here.
 */
export function InvitePage() {
  const { token = '' } = useParams();
  const [state, setState] = useState<LoadState>({ kind: 'loading' });

  useEffect(() => {
    document.title = 'Invitation – Placeboard';
    let cancelled = false;
    getInvite(token).then(
      (invite) => !cancelled && setState({ kind: 'loaded', invite }),
      (error: unknown) =>
        !cancelled && setState({ kind: 'failed', message: error instanceof ApiError ? error.message : 'This invitation could not be read.' }),
    );
    return () => {
      cancelled = true;
    };
  }, [token]);

  return (
    <div className="auth-page">
      <div className="auth-card" data-testid="invite">
        <h1>Join a board</h1>
        {state.kind === 'loading' && <p role="status">Loading the invitation…</p>}
        {state.kind === 'failed' && (
          <>
            <p className="error-message" role="alert">
              {state.message}
            </p>
            <p>
              <Link to="/">Go to your boards</Link>
            </p>
          </>
        )}
        {state.kind === 'loaded' && <InviteDetails token={token} invite={state.invite} />}
      </div>
    </div>
  );
}

function InviteDetails({ token, invite }: { token: string; invite: InviteInfo }) {
  const session = useSession();
  const role = ROLE_LABELS[invite.role];
  const signedInAs = session.user?.email;
  return (
    <>
      <p>You have been invited to a board on Placeboard.</p>
      <dl className="summary-pairs" data-testid="invite-details">
        <dt>Board</dt>
        <dd data-testid="invite-board">{invite.boardTitle || 'Untitled board'}</dd>
        <dt>Your role</dt>
        <dd data-testid="invite-role">
          {role.label}: {role.description}
        </dd>
        <dt>For</dt>
        <dd>{invite.email}</dd>
      </dl>
      {session.status === 'loading' && <p role="status">Loading…</p>}
      {signedInAs && signedInAs.toLowerCase() === invite.email.toLowerCase() && <JoinButton token={token} />}
      {signedInAs && signedInAs.toLowerCase() !== invite.email.toLowerCase() && <WrongAccount invited={invite.email} signedInAs={signedInAs} />}
      {session.status !== 'loading' && !signedInAs && invite.hasAccount && (
        <p>
          You already have an account with {invite.email}.{' '}
          <Link to={signInPath(`/invite/${token}`)} data-testid="invite-sign-in">
            Sign in to join
          </Link>
          .
        </p>
      )}
      {session.status !== 'loading' && !signedInAs && !invite.hasAccount && <CreateAccountForm token={token} email={invite.email} />}
    </>
  );
}

/** Joins the board as the signed-in user. */
function JoinButton({ token }: { token: string }) {
  const { refresh } = useSession();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();
  const join = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const { boardId } = await acceptInvite(token);
      await refresh();
      navigate(`/b/${encodeURIComponent(boardId)}`, { replace: true });
    } catch (caught) {
      setBusy(false);
      setError(caught instanceof ApiError ? caught.message : 'Could not join the board. Try again.');
    }
  };
  return (
    <>
      <FormError id={errorId} message={error} />
      <button type="button" className="button" onClick={join} disabled={busy} aria-describedby={error ? errorId : undefined}>
        {busy ? 'Joining…' : 'Join'}
      </button>
    </>
  );
}

/** Signed in as someone else: the invitation cannot be used from this account. */
function WrongAccount({ invited, signedInAs }: { invited: string; signedInAs: string }) {
  const { refresh } = useSession();
  return (
    <>
      <p data-testid="invite-wrong-account">
        This invitation is for {invited}, but you are signed in as {signedInAs}. Sign out, then open the invitation link
        again to join as {invited}.
      </p>
      <button
        type="button"
        className="button button--secondary"
        onClick={async () => {
          // As the header's Sign out: no board kept in this browser outlives the session.
          await deleteAllLocalCopies();
          await signOut().catch(() => {});
          await refresh();
        }}
      >
        Sign out
      </button>
    </>
  );
}

type AccountErrors = Partial<Record<'name' | 'password' | 'confirm' | 'form', string>>;

/** Creates an account for the invited email and joins the board. */
function CreateAccountForm({ token, email }: { token: string; email: string }) {
  const { refresh } = useSession();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<AccountErrors>({});
  const [busy, setBusy] = useState(false);
  const id = useId();
  const ids = { name: `${id}-name`, password: `${id}-password`, confirm: `${id}-confirm`, form: `${id}-error` };

  const show = (found: AccountErrors): void => {
    setErrors(found);
    focusFirst((['name', 'password', 'confirm'] as const).map((key) => found[key] && ids[key]));
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const found: AccountErrors = {};
    if (!name.trim()) found.name = 'Enter your name';
    Object.assign(found, newPasswordErrors(password, confirm));
    if (Object.keys(found).length > 0) return show(found);
    setBusy(true);
    try {
      const { boardId } = await acceptInvite(token, { name: name.trim(), password });
      await refresh();
      navigate(`/b/${encodeURIComponent(boardId)}`, { replace: true });
    } catch (caught) {
      setBusy(false);
      const fields = validationErrors(caught);
      const named = { name: fields.name, password: fields.password };
      show({ ...named, form: named.name || named.password ? undefined : caught instanceof ApiError ? caught.message : 'Could not create your account. Try again.' });
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-describedby={errors.form ? ids.form : undefined} data-testid="invite-account-form">
      <h2>Create your account</h2>
      <p className="hint">You will sign in with {email} and this password.</p>
      <TextField id={ids.name} label="Your name" name="name" autoComplete="name" maxLength={100} value={name} onChange={setName} error={errors.name} />
      <input type="email" name="email" autoComplete="username" value={email} readOnly hidden />
      <NewPasswordFields
        ids={ids}
        password={password}
        confirm={confirm}
        onPassword={setPassword}
        onConfirm={setConfirm}
        errors={errors}
      />
      <FormError id={ids.form} message={errors.form ?? null} />
      <button type="submit" className="button" disabled={busy}>
        {busy ? 'Creating account…' : 'Create account and join'}
      </button>
    </form>
  );
}
