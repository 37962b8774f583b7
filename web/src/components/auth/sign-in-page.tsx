import { useEffect, useId, useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError, oidcStartUrl, signIn, validationErrors } from '../../lib/api';
import { safeNext, useSession } from '../../lib/session';
import { FormError, TextField, focusFirst } from './field';
import { SetupNotice } from './setup-notice';

/**
 * The `/signin` route: email and password, and "Sign in with …" when the server has OpenID Connect. Afterwards
 * goes to `?next=` (a path on this site) or the board list. Someone already signed in goes straight there.
 */
export function SignInPage() {
  const session = useSession();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));

  useEffect(() => {
    document.title = 'Sign in – Placeboard';
  }, []);

  if (session.status === 'loading') return <p role="status">Loading…</p>;
  if (session.user) return <Navigate to={next} replace />;
  if (session.setupRequired) return <SetupNotice />;
  return (
    <div className="auth-page">
      <div className="auth-card" data-testid="sign-in">
        <h1>Sign in to Placeboard</h1>
        <SignInForm next={next} />
        {session.oidc && (
          <div className="auth-card__alternative">
            <a className="button button--secondary" href={oidcStartUrl(next)} data-testid="oidc-sign-in">
              Sign in with {session.oidc.label}
            </a>
          </div>
        )}
      </div>
    </div>
  );
}

function SignInForm({ next }: { next: string }) {
  const { refresh } = useSession();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ email?: string; password?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);
  const id = useId();
  const ids = { email: `${id}-email`, password: `${id}-password`, form: `${id}-error` };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const found: typeof errors = {};
    if (!email.trim()) found.email = 'Enter your email address';
    if (!password) found.password = 'Enter your password';
    setErrors(found);
    if (found.email || found.password) {
      focusFirst([found.email && ids.email, found.password && ids.password]);
      return;
    }
    setBusy(true);
    try {
      await signIn(email.trim(), password);
      await refresh();
      navigate(next, { replace: true });
    } catch (caught) {
      setBusy(false);
      const fields = validationErrors(caught);
      const message = caught instanceof ApiError ? caught.message : 'Could not sign in. Try again.';
      const shown = { email: fields.email, password: fields.password, form: fields.email || fields.password ? undefined : message };
      setErrors(shown);
      if (shown.form) setPassword('');
      focusFirst([shown.email && ids.email, shown.password && ids.password]);
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-describedby={errors.form ? ids.form : undefined} data-testid="sign-in-form">
      <TextField
        id={ids.email}
        label="Email address"
        type="email"
        name="email"
        autoComplete="username"
        autoFocus
        value={email}
        onChange={setEmail}
        error={errors.email}
      />
      <TextField
        id={ids.password}
        label="Password"
        type="password"
        name="password"
        autoComplete="current-password"
        value={password}
        onChange={setPassword}
        error={errors.password}
      />
      <FormError id={ids.form} message={errors.form ?? null} />
      <button type="submit" className="button" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
