import { useEffect, useId, useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError, setupOwner, validationErrors } from '../../lib/api';
import { useSession } from '../../lib/session';
import { FormError, NewPasswordFields, TextField, focusFirst, newPasswordErrors } from './field';
import { SetupNotice } from './setup-notice';


/**
 * The `/setup?token=` route: creates the server's first account (the owner of every board) with the one-time token
 * from the link the server printed, signs it in and opens the board list.
 */
export function SetupPage() {
  const session = useSession();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';

  useEffect(() => {
    document.title = 'Set up Placeboard';
  }, []);

  if (session.status === 'loading') return <p role="status">Loading…</p>;
  if (session.user) return <Navigate to="/" replace />;
  if (!session.setupRequired) {
    return (
      <div className="auth-page">
        <div className="auth-card" data-testid="setup-done">
          <h1>This server is already set up</h1>
          <p>
            It has an owner account. <Link to="/signin">Sign in</Link>, or ask a board owner to invite you.
          </p>
        </div>
      </div>
    );
  }
  if (!token) return <SetupNotice />;
  return (
    <div className="auth-page">
      <div className="auth-card" data-testid="setup">
        <h1>Set up Placeboard</h1>
        <p>Create the owner account. The owner can open every board, create boards and invite everyone else.</p>
        <SetupForm token={token} />
      </div>
    </div>
  );
}

type SetupErrors = Partial<Record<'name' | 'email' | 'password' | 'confirm' | 'form', string>>;

function SetupForm({ token }: { token: string }) {
  const { refresh } = useSession();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<SetupErrors>({});
  const [busy, setBusy] = useState(false);
  const id = useId();
  const ids = { name: `${id}-name`, email: `${id}-email`, password: `${id}-password`, confirm: `${id}-confirm`, form: `${id}-error` };
  const order = ['name', 'email', 'password', 'confirm'] as const;

  const show = (found: SetupErrors): void => {
    setErrors(found);
    focusFirst(order.map((key) => found[key] && ids[key]));
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const found: SetupErrors = {};
    if (!name.trim()) found.name = 'Enter your name';
    if (!email.trim()) found.email = 'Enter your email address';
    else if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) found.email = 'Enter an email address like name@example.org';
    Object.assign(found, newPasswordErrors(password, confirm));
    if (Object.keys(found).length > 0) return show(found);
    setBusy(true);
    try {
      await setupOwner({ token, name: name.trim(), email: email.trim(), password });
      await refresh();
      navigate('/', { replace: true });
    } catch (caught) {
      setBusy(false);
      const fields = validationErrors(caught);
      const named = { name: fields.name, email: fields.email, password: fields.password };
      const message = caught instanceof ApiError ? caught.message : 'The account could not be created. Try again.';
      show({ ...named, form: Object.values(named).some(Boolean) ? fields[''] : message });
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-describedby={errors.form ? ids.form : undefined} data-testid="setup-form">
      <TextField id={ids.name} label="Your name" name="name" autoComplete="name" autoFocus maxLength={100} value={name} onChange={setName} error={errors.name} />
      <TextField id={ids.email} label="Email address" type="email" name="email" autoComplete="username" value={email} onChange={setEmail} error={errors.email} />
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
        {busy ? 'Creating account…' : 'Create owner account'}
      </button>
    </form>
  );
}
