import { useId, useState, type FormEvent } from 'react';
import { ROLE_LABELS, ROLES, type Role } from '@placeboard/board';
import { ApiError, createInvite, validationErrors, withdrawInvite, type BoardInvite } from '../../lib/api';
import { FormError, TextField, focusFirst } from '../auth/field';
import { CreatedUrl, PartnerOptions, RoleOptions, SelectField, formatWhen, partnerName, type PartnerChoice } from './controls';
import { ConfirmButton } from '../confirm-button';

interface InviteSectionProps {
  boardId: string;
  invites: BoardInvite[];
  partners: PartnerChoice[];
  onChanged: () => Promise<void>;
}

/**
 * Owners invite people by email: the answer is a link to send them (Placeboard sends no email), shown with a Copy
 * button. Pending invitations are listed and can be withdrawn.
 */
export function InviteSection({ boardId, invites, partners, onChanged }: InviteSectionProps) {
  const pending = invites.filter((invite) => invite.acceptedAt === null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <section aria-labelledby="invite-heading">
      <h2 id="invite-heading">Invite someone</h2>
      <InviteForm boardId={boardId} partners={partners} onCreated={onChanged} />
      <h3 id="pending-heading" tabIndex={-1}>
        Pending invitations
      </h3>
      {error && (
        <p className="error-message form-error" role="alert">
          <span className="visually-hidden">Error:</span> {error}
        </p>
      )}
      <p role="status" className="access-status">
        {status}
      </p>
      {pending.length === 0 ? (
        <p>No invitations are waiting to be accepted.</p>
      ) : (
        <div className="access-table__scroll">
          <table className="access-table" aria-labelledby="pending-heading" data-testid="invites-table">
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Partner</th>
                <th scope="col">Expires</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {pending.map((invite) => (
                <tr key={invite.id} data-testid="invite-row">
                  <th scope="row">{invite.email}</th>
                  <td>{ROLE_LABELS[invite.role].label}</td>
                  <td>{partnerName(partners, invite.partnerId)}</td>
                  <td>{invite.expiresAt <= Date.now() ? `Expired ${formatWhen(invite.expiresAt)}` : formatWhen(invite.expiresAt)}</td>
                  <td>
                    <ConfirmButton
                      label="Withdraw"
                      accessibleLabel={`Withdraw the invitation for ${invite.email}`}
                      question={`Withdraw the invitation for ${invite.email}?`}
                      confirmLabel="Yes, withdraw"
                      testId="invite-withdraw"
                      focusAfter={() => document.getElementById('pending-heading')}
                      onConfirm={async () => {
                        setError(null);
                        try {
                          await withdrawInvite(boardId, invite.id);
                          setStatus(`The invitation for ${invite.email} was withdrawn.`);
                          await onChanged();
                        } catch (caught) {
                          setError(caught instanceof ApiError ? caught.message : 'The invitation could not be withdrawn.');
                        }
                      }}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

type InviteErrors = Partial<Record<'email' | 'role' | 'partnerId' | 'form', string>>;

/** Email, role and partner of a new invitation; shows the link to send once created. */
function InviteForm({ boardId, partners, onCreated }: { boardId: string; partners: PartnerChoice[]; onCreated: () => Promise<void> }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('editor');
  const [partnerId, setPartnerId] = useState('');
  const [errors, setErrors] = useState<InviteErrors>({});
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<{ email: string; url: string } | null>(null);
  const id = useId();
  const ids = { email: `${id}-email`, role: `${id}-role`, partnerId: `${id}-partner`, form: `${id}-error` };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) {
      setErrors({ email: email.trim() ? 'Enter an email address like name@example.org' : 'Enter the email address of the person to invite' });
      focusFirst([ids.email]);
      return;
    }
    setBusy(true);
    setErrors({});
    setCreated(null);
    try {
      const answer = await createInvite(boardId, { email: email.trim(), role, partnerId: partnerId || null });
      setCreated({ email: answer.invite.email, url: answer.url });
      setEmail('');
      await onCreated();
    } catch (caught) {
      const fields = validationErrors(caught);
      const found: InviteErrors = { email: fields.email, role: fields.role, partnerId: fields.partnerId };
      if (!found.email && !found.role && !found.partnerId) found.form = caught instanceof ApiError ? caught.message : 'The invitation could not be created.';
      setErrors(found);
      focusFirst([found.email && ids.email, found.role && ids.role, found.partnerId && ids.partnerId]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <form className="access-form" onSubmit={submit} noValidate aria-describedby={errors.form ? ids.form : undefined} data-testid="invite-form">
        <TextField id={ids.email} label="Email address" type="email" name="email" autoComplete="off" value={email} onChange={setEmail} error={errors.email} />
        <SelectField id={ids.role} label="Role" value={role} onChange={(value) => setRole(value as Role)} error={errors.role} data-testid="invite-role">
          <RoleOptions roles={ROLES} />
        </SelectField>
        <SelectField id={ids.partnerId} label="Partner" value={partnerId} onChange={setPartnerId} error={errors.partnerId} data-testid="invite-partner">
          <PartnerOptions partners={partners} />
        </SelectField>
        <div className="access-form__actions">
          <FormError id={ids.form} message={errors.form ?? null} />
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Creating…' : 'Create invitation'}
          </button>
        </div>
      </form>
      {created && (
        <CreatedUrl label={`Invitation link for ${created.email}`} url={created.url}>
          Send this link to them yourself: Placeboard does not send email. It works once, for 14 days.
        </CreatedUrl>
      )}
    </>
  );
}
