import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ROLE_LABELS, ROLES, type Role } from '@placeboard/board';
import { ApiError, getBoard, listMembers, removeMember, updateMember, type BoardMember, type BoardMembers } from '../../lib/api';
import { useBoardAccess } from './board-access';
import { PartnerOptions, partnerName, type PartnerChoice } from './controls';
import { ConfirmButton } from '../confirm-button';
import { FocusKeepingButton } from '../focus-keeping-button';
import { InviteSection } from './invite-section';
import { ShareLinkSection } from './share-link-section';
import { useBoardPartners } from './use-board-partners';
import './access.css';

type LoadState = { kind: 'loading' } | { kind: 'loaded'; data: BoardMembers } | { kind: 'failed'; message: string };

function messageOf(error: unknown, fallback: string): string {
  return error instanceof ApiError ? error.message : fallback;
}

/**
 * The `/b/:id/members` route. Owners change members' roles and partners, remove members, invite people and
 * create or revoke share links; editors and moderators see the member list only.
 */
export function MembersPage() {
  const { id = '' } = useParams();
  const access = useBoardAccess();
  const { partners } = useBoardPartners(id);
  const [title, setTitle] = useState('');
  const [state, setState] = useState<LoadState>({ kind: 'loading' });

  const reload = useCallback(async (): Promise<void> => {
    try {
      setState({ kind: 'loaded', data: await listMembers(id) });
    } catch (error) {
      setState({ kind: 'failed', message: messageOf(error, 'The member list could not be read.') });
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
    document.title = `Members${title ? ` of ${title}` : ''} – Placeboard`;
  }, [title]);

  const board = `/b/${encodeURIComponent(id)}`;
  return (
    <div className="page access-page" data-testid="members-page">
      <p>
        <Link to={board}>Back to the board</Link>
      </p>
      <h1>
        {access.canManageAccess ? 'Members and sharing' : 'Members'}
        {title && <span className="visually-hidden"> of {title}</span>}
      </h1>
      {title && <p className="hint">Board: {title}</p>}
      {!access.canReadAudit && <p>Your role cannot see the member list.</p>}
      {access.canReadAudit && state.kind === 'loading' && <p role="status">Loading members…</p>}
      {access.canReadAudit && state.kind === 'failed' && (
        <p className="error-message" role="alert">
          {state.message}
        </p>
      )}
      {access.canReadAudit && state.kind === 'loaded' && (
        <>
          <MemberSection boardId={id} members={state.data.members} partners={partners} canManage={access.canManageAccess} onChanged={reload} />
          {access.canManageAccess && (
            <>
              <InviteSection boardId={id} invites={state.data.invites} partners={partners} onChanged={reload} />
              <ShareLinkSection boardId={id} links={state.data.links} partners={partners} onChanged={reload} />
            </>
          )}
        </>
      )}
    </div>
  );
}

interface MemberSectionProps {
  boardId: string;
  members: BoardMember[];
  partners: PartnerChoice[];
  canManage: boolean;
  onChanged: () => Promise<void>;
}

/** The member table: editable role and partner for owners, plain text for everyone else. */
function MemberSection({ boardId, members, partners, canManage, onChanged }: MemberSectionProps) {
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const change = async (member: BoardMember, patch: MemberPatch): Promise<void> => {
    setError(null);
    setStatus('');
    try {
      const updated = await updateMember(boardId, member.userId, patch);
      await onChanged();
      setStatus(`Saved: ${member.name} is ${ROLE_LABELS[updated.role].label}, for ${updated.partnerId ? partnerName(partners, updated.partnerId) : 'no partner'}.`);
    } catch (caught) {
      setError(messageOf(caught, 'The change could not be saved.'));
      await onChanged(); // show what is really stored
    }
  };

  const remove = async (member: BoardMember): Promise<void> => {
    setError(null);
    setStatus('');
    try {
      await removeMember(boardId, member.userId);
      await onChanged();
      setStatus(`${member.name} was removed from the board.`);
      headingRef.current?.focus();
    } catch (caught) {
      setError(messageOf(caught, 'The member could not be removed.'));
    }
  };

  return (
    <section aria-labelledby="members-heading">
      <h2 id="members-heading" ref={headingRef} tabIndex={-1}>
        People with access
      </h2>
      {error && (
        <p className="error-message form-error" role="alert" data-testid="members-error">
          <span className="visually-hidden">Error:</span> {error}
        </p>
      )}
      <p role="status" className="access-status" data-testid="members-status">
        {status}
      </p>
      {members.length === 0 ? (
        <p>Nobody is a member yet. The server&apos;s owner account can open every board.</p>
      ) : (
        <div className="access-table__scroll">
          <table className="access-table" data-testid="members-table">
            <caption className="visually-hidden">Members of this board</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Partner</th>
                {canManage && (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {members.map((member) => (
                <MemberRow
                  key={member.userId}
                  member={member}
                  partners={partners}
                  canManage={canManage}
                  onSave={(patch) => change(member, patch)}
                  onRemove={() => remove(member)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

type MemberPatch = { role?: Role; partnerId?: string | null };

/**
 * One member. For owners the role and partner are chosen first and saved with the row's Save button, so moving
 * through a select with the arrow keys does not save every option on the way.
 */
function MemberRow({
  member,
  partners,
  canManage,
  onSave,
  onRemove,
}: {
  member: BoardMember;
  partners: PartnerChoice[];
  canManage: boolean;
  onSave: (patch: MemberPatch) => Promise<void>;
  onRemove: () => Promise<void>;
}) {
  const [role, setRole] = useState<Role>(member.role);
  const [partnerId, setPartnerId] = useState(member.partnerId ?? '');
  const [busy, setBusy] = useState(false);
  // When the stored role or partner changes (saved here, or by another owner), the choices follow it. The row is not
  // remounted for that, which would drop the keyboard from its Save button.
  const stored = `${member.role}:${member.partnerId ?? ''}`;
  const [shown, setShown] = useState(stored);
  if (shown !== stored) {
    setShown(stored);
    setRole(member.role);
    setPartnerId(member.partnerId ?? '');
  }
  const patch: MemberPatch = {
    ...(role !== member.role ? { role } : {}),
    ...(partnerId !== (member.partnerId ?? '') ? { partnerId: partnerId || null } : {}),
  };
  const dirty = Object.keys(patch).length > 0;
  if (!canManage) {
    return (
      <tr data-testid="member-row" data-user-id={member.userId}>
        <th scope="row">{member.name}</th>
        <td>{member.email}</td>
        <td>{ROLE_LABELS[member.role].label}</td>
        <td>{partnerName(partners, member.partnerId)}</td>
      </tr>
    );
  }
  return (
    <tr data-testid="member-row" data-user-id={member.userId}>
      <th scope="row">{member.name}</th>
      <td>{member.email}</td>
      <td>
        <select aria-label={`Role of ${member.name}`} value={role} data-testid="member-role" onChange={(event) => setRole(event.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r].label}
            </option>
          ))}
        </select>
      </td>
      <td>
        <select aria-label={`Partner of ${member.name}`} value={partnerId} data-testid="member-partner" onChange={(event) => setPartnerId(event.target.value)}>
          <PartnerOptions partners={partners} current={member.partnerId} />
        </select>
      </td>
      <td>
        <div className="inline-confirm">
          <FocusKeepingButton
            className="button button--small"
            aria-label={`Save changes to ${member.name}`}
            unavailable={!dirty || busy}
            data-testid="member-save"
            onClick={async () => {
              setBusy(true);
              await onSave(patch);
              setBusy(false);
            }}
          >
            Save
          </FocusKeepingButton>
          <ConfirmButton
            label="Remove"
            accessibleLabel={`Remove ${member.name}`}
            question={`Remove ${member.name} from this board?`}
            confirmLabel="Yes, remove"
            testId="member-remove"
            onConfirm={onRemove}
          />
        </div>
      </td>
    </tr>
  );
}
