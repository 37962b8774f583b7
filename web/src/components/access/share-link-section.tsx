import { useId, useState, type FormEvent } from 'react';
import { ROLE_LABELS, ROLES, type Role } from '@placeboard/board';
import { ApiError, createShareLink, revokeShareLink, validationErrors, type ShareLinkKind, type ShareLinkSummary } from '../../lib/api';
import { FormError, TextField, focusFirst } from '../auth/field';
import { CopyButton, CreatedUrl, PartnerOptions, RoleOptions, SelectField, formatWhen, partnerName, type PartnerChoice } from './controls';
import { ConfirmButton } from '../confirm-button';

/** Roles a share link may grant: never owner, so access settings stay with named people. */
const LINK_ROLES = ROLES.filter((role) => role !== 'owner');

const KIND_LABELS: Record<ShareLinkKind, string> = { board: 'Board', community: 'Community page' };

interface ShareLinkSectionProps {
  boardId: string;
  links: ShareLinkSummary[];
  partners: PartnerChoice[];
  onChanged: () => Promise<void>;
}

/** The state of a link in words: active, expired or revoked (never shown by colour alone). */
function linkState(link: ShareLinkSummary, now: number): string {
  if (link.revokedAt !== null) return `Revoked ${formatWhen(link.revokedAt)}`;
  if (link.expiresAt !== null && link.expiresAt <= now) return 'Expired';
  return 'Active';
}

/**
 * Owners create share links (board or community page; a role, an optional expiry day, partner and label) and
 * revoke them. The server keeps only a fingerprint of each link, so its address can be copied only right after it
 * is created, in this visit.
 */
export function ShareLinkSection({ boardId, links, partners, onChanged }: ShareLinkSectionProps) {
  const [urls, setUrls] = useState<ReadonlyMap<string, string>>(new Map());
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const now = Date.now();
  const sorted = [...links].sort((a, b) => b.createdAt - a.createdAt);
  return (
    <section aria-labelledby="links-heading">
      <h2 id="links-heading">Share links</h2>
      <p>
        A share link opens the board, or its community page, without an account. Anyone with the link gets its role,
        until it expires or you revoke it.
      </p>
      <ShareLinkForm
        boardId={boardId}
        partners={partners}
        onCreated={async (link, url) => {
          setUrls((old) => new Map([...old, [link.id, url]]));
          await onChanged();
        }}
      />
      <h3 id="links-list-heading" tabIndex={-1}>
        Links of this board
      </h3>
      <p className="hint" id="links-copy-hint">
        A link can be copied only right after it is created: Placeboard keeps a fingerprint of it, not the link itself.
        If a link is lost, revoke it and create a new one.
      </p>
      {error && (
        <p className="error-message form-error" role="alert">
          <span className="visually-hidden">Error:</span> {error}
        </p>
      )}
      <p role="status" className="access-status">
        {status}
      </p>
      {sorted.length === 0 ? (
        <p>This board has no share links.</p>
      ) : (
        <div className="access-table__scroll">
          <table className="access-table" aria-labelledby="links-list-heading" aria-describedby="links-copy-hint" data-testid="links-table">
            <thead>
              <tr>
                <th scope="col">Label</th>
                <th scope="col">Opens</th>
                <th scope="col">Role</th>
                <th scope="col">Partner</th>
                <th scope="col">Expires</th>
                <th scope="col">State</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((link) => {
                const name = link.label || `${KIND_LABELS[link.kind]} link for ${ROLE_LABELS[link.role].label.toLowerCase()}s`;
                const url = urls.get(link.id);
                const state = linkState(link, now);
                return (
                  <tr key={link.id} data-testid="link-row" data-link-id={link.id} data-state={link.revokedAt !== null ? 'revoked' : state === 'Expired' ? 'expired' : 'active'}>
                    <th scope="row">{link.label || <span className="hint">No label</span>}</th>
                    <td>{KIND_LABELS[link.kind]}</td>
                    <td>{ROLE_LABELS[link.role].label}</td>
                    <td>{partnerName(partners, link.partnerId)}</td>
                    <td>{link.expiresAt === null ? 'Never' : formatWhen(link.expiresAt, true)}</td>
                    <td>{state}</td>
                    <td>
                      <div className="inline-confirm">
                        {url && state === 'Active' && <CopyButton text={url} accessibleLabel={`Copy link: ${name}`} />}
                        {link.revokedAt === null && (
                          <ConfirmButton
                            label="Revoke"
                            accessibleLabel={`Revoke ${name}`}
                            question={`Revoke ${name}? Everyone using it loses access at once.`}
                            confirmLabel="Yes, revoke"
                            testId="link-revoke"
                            focusAfter={() => document.getElementById('links-list-heading')}
                            onConfirm={async () => {
                              setError(null);
                              try {
                                await revokeShareLink(boardId, link.id);
                                setStatus(`${name} was revoked.`);
                                await onChanged();
                              } catch (caught) {
                                setError(caught instanceof ApiError ? caught.message : 'The link could not be revoked.');
                              }
                            }}
                          />
                        )}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

type LinkErrors = Partial<Record<'kind' | 'role' | 'expiresAt' | 'partnerId' | 'label' | 'form', string>>;

/** Today as a date input's value (`yyyy-mm-dd`, local time). */
function todayValue(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The end of a chosen day (local midnight after it), in ms: a link "valid until 3 March" works all of 3 March. */
function endOfDay(value: string): number {
  const [y, m, d] = value.split('-').map(Number);
  return new Date(y ?? 0, (m ?? 1) - 1, (d ?? 1) + 1).getTime();
}

function ShareLinkForm({
  boardId,
  partners,
  onCreated,
}: {
  boardId: string;
  partners: PartnerChoice[];
  onCreated: (link: ShareLinkSummary, url: string) => Promise<void>;
}) {
  const [kind, setKind] = useState<ShareLinkKind>('board');
  const [role, setRole] = useState<Role>('viewer');
  const [expires, setExpires] = useState('');
  const [partnerId, setPartnerId] = useState('');
  const [label, setLabel] = useState('');
  const [errors, setErrors] = useState<LinkErrors>({});
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<{ url: string; kind: ShareLinkKind } | null>(null);
  const id = useId();
  const ids = { kind: `${id}-kind`, role: `${id}-role`, expiresAt: `${id}-expires`, partnerId: `${id}-partner`, label: `${id}-label`, form: `${id}-error` };
  // A community link is always for contributors (the server refuses anything else).
  const chosenRole: Role = kind === 'community' ? 'contributor' : role;

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (expires && expires < todayValue()) {
      setErrors({ expiresAt: 'Choose today or a later day' });
      focusFirst([ids.expiresAt]);
      return;
    }
    setBusy(true);
    setErrors({});
    setCreated(null);
    try {
      const answer = await createShareLink(boardId, {
        kind,
        role: chosenRole,
        expiresAt: expires ? endOfDay(expires) : null,
        partnerId: partnerId || null,
        label: label.trim(),
      });
      setCreated({ url: answer.url, kind: answer.link.kind });
      setLabel('');
      await onCreated(answer.link, answer.url);
    } catch (caught) {
      const fields = validationErrors(caught);
      const found: LinkErrors = { kind: fields.kind, role: fields.role, expiresAt: fields.expiresAt, partnerId: fields.partnerId, label: fields.label };
      if (!Object.values(found).some(Boolean)) found.form = caught instanceof ApiError ? caught.message : 'The link could not be created.';
      setErrors(found);
      focusFirst((['kind', 'role', 'expiresAt', 'partnerId', 'label'] as const).map((key) => found[key] && ids[key]));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <form className="access-form" onSubmit={submit} noValidate aria-describedby={errors.form ? ids.form : undefined} data-testid="link-form">
        <SelectField id={ids.kind} label="Opens" value={kind} onChange={(value) => setKind(value as ShareLinkKind)} error={errors.kind} data-testid="link-kind">
          <option value="board">The board</option>
          <option value="community">The community page</option>
        </SelectField>
        <SelectField
          id={ids.role}
          label="Role"
          value={chosenRole}
          onChange={(value) => setRole(value as Role)}
          error={errors.role}
          disabled={kind === 'community'}
          hint={kind === 'community' ? 'Community page links are always for contributors.' : undefined}
          data-testid="link-role"
        >
          <RoleOptions roles={LINK_ROLES} />
        </SelectField>
        <TextField
          id={ids.expiresAt}
          label="Valid until (optional)"
          type="date"
          min={todayValue()}
          hint="The link stops working at the end of this day. Leave empty for a link that does not expire."
          value={expires}
          onChange={setExpires}
          error={errors.expiresAt}
        />
        <SelectField id={ids.partnerId} label="Partner (optional)" value={partnerId} onChange={setPartnerId} error={errors.partnerId} data-testid="link-partner">
          <PartnerOptions partners={partners} />
        </SelectField>
        <TextField
          id={ids.label}
          label="Label (optional)"
          hint="Who the link is for, e.g. “Ward councillors”."
          maxLength={100}
          value={label}
          onChange={setLabel}
          error={errors.label}
        />
        <div className="access-form__actions">
          <FormError id={ids.form} message={errors.form ?? null} />
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Creating…' : 'Create share link'}
          </button>
        </div>
      </form>
      {created && (
        <CreatedUrl label={created.kind === 'community' ? 'New community page link' : 'New board link'} url={created.url}>
          Copy the link now: Placeboard keeps only a fingerprint of it and cannot show it again.
        </CreatedUrl>
      )}
    </>
  );
}
