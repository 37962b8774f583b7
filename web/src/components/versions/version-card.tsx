import { useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import {
  ApiError,
  boardPackPdfUrl,
  deleteVersion,
  proposeVersion,
  restoreVersion,
  type BoardVersion,
  type RestoreResult,
} from '../../lib/api';
import type { BoardAccessState } from '../access/board-access';
import { partnerName, type PartnerChoice } from '../access/controls';
import { ConfirmButton } from '../confirm-button';
import { STATUS_LABELS, formatWhen, signoffSummary, versionTitle } from './format';
import { ModalDialog } from './modal-dialog';
import { SignoffForm } from './signoff-form';

/** Props of {@link VersionCard}. */
export interface VersionCardProps {
  boardId: string;
  version: BoardVersion;
  access: BoardAccessState;
  partners: readonly PartnerChoice[];
  /** Something changed on the server: reload the list and say `message`. */
  onChanged: (message: string) => void;
  /** Compare this version with the current board. */
  onCompare: (version: number) => void;
  /** The number of the Agreed plan (the latest version every partner agreed to), or null. */
  agreedPlan: number | null;
  /** Where the keyboard goes once this version is deleted. */
  focusAfterDelete: () => HTMLElement | null;
}

/**
 * One saved version: who saved it and when, its status (an agreed version is the "Agreed plan"), the partners'
 * sign-off, and what this person may do with it.
 */
export function VersionCard({ boardId, version, access, partners, onChanged, onCompare, agreedPlan, focusAfterDelete }: VersionCardProps) {
  const [restoring, setRestoring] = useState(false);
  const [signing, setSigning] = useState(false);
  // Closing the sign-off form (which takes the Sign off button's place) gives the keyboard back to the button.
  const signOffButton = useRef<HTMLButtonElement>(null);
  const [returnToSignOff, setReturnToSignOff] = useState(false);
  const closeSignoff = (): void => {
    setSigning(false);
    setReturnToSignOff(true);
  };
  useEffect(() => {
    if (!returnToSignOff) return;
    setReturnToSignOff(false);
    signOffButton.current?.focus();
  }, [returnToSignOff]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const headingId = useId();
  const n = version.number;
  const title = versionTitle(version);
  const agreed = version.status === 'agreed';
  const ownEntry = access.partnerId ? version.signoff.entries.find((e) => e.partnerId === access.partnerId) : undefined;
  const mayPropose = access.canEditPlan && version.status === 'saved';
  // Someone who speaks for one of the version's partners (not a viewer) answers for it, once it is put forward.
  const partnerInVersion =
    access.partnerId !== null &&
    (ownEntry !== undefined || (version.signoff.pending ?? []).some((p) => p.partnerId === access.partnerId));
  const maySignOff = partnerInVersion && access.role !== 'viewer' && version.status !== 'saved';
  const superseded = agreed && agreedPlan !== null && agreedPlan !== n;

  const run = async (action: () => Promise<string>): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      onChanged(await action());
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'That did not work. Try again.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className={`version-card${agreed ? ' version-card--agreed' : ''}`} data-testid="version" data-version={n} data-status={version.status}>
      <article aria-labelledby={headingId}>
        <div className="version-card__head">
          <h3 id={headingId} className="version-card__title" data-testid="version-title">
            {title}
          </h3>
          <span className={`status-badge status-badge--${version.status}`} data-testid="version-status">
            {agreed && <span aria-hidden="true">✓ </span>}
            {STATUS_LABELS[version.status]}
            {superseded && ` (replaced by version ${agreedPlan})`}
          </span>
        </div>
        <p className="version-card__meta">
          Saved by {version.createdByName || 'someone'} on {formatWhen(version.createdAt)}
        </p>
        {version.note && <p className="version-card__note">{version.note}</p>}

        {version.status !== 'saved' && (
          <div className="version-card__signoff" data-testid="version-signoff">
            <p className="version-card__summary" data-testid="signoff-summary">
              {signoffSummary(version.signoff)}
            </p>
            {version.signoff.entries.length > 0 && (
              <div className="access-table__scroll">
                <table className="access-table signoff-table">
                  <caption className="visually-hidden">Sign-off of {title}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Partner</th>
                      <th scope="col">Position</th>
                      <th scope="col">By</th>
                      <th scope="col">When</th>
                      <th scope="col">Comment</th>
                    </tr>
                  </thead>
                  <tbody>
                    {version.signoff.entries.map((entry) => (
                      <tr key={entry.partnerId} data-testid="signoff-entry" data-state={entry.state}>
                        <th scope="row">{entry.organisation || partnerName(partners, entry.partnerId)}</th>
                        <td>
                          <span className={`signoff-state signoff-state--${entry.state}`}>
                            <span aria-hidden="true">{entry.state === 'agreed' ? '✓ ' : '! '}</span>
                            {entry.state === 'agreed' ? 'Agreed' : 'Concerns'}
                          </span>
                        </td>
                        <td>{entry.byName}</td>
                        <td>{formatWhen(entry.at)}</td>
                        <td>{entry.comment || <span className="hint">None</span>}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </div>
        )}

        <div className="version-card__actions" role="group" aria-label={`Actions for ${title}`}>
          <Link to={`/b/${encodeURIComponent(boardId)}/v/${n}`} className="button button--secondary button--small" data-testid="version-open">
            Open<span className="visually-hidden"> {title}</span>
          </Link>
          <button type="button" className="button button--secondary button--small" onClick={() => onCompare(n)} data-testid="version-compare">
            Compare with the current board<span className="visually-hidden">: {title}</span>
          </button>
          <a href={boardPackPdfUrl(boardId, n)} className="button button--secondary button--small" download data-testid="version-pack">
            Download board pack (PDF)<span className="visually-hidden"> of {title}</span>
          </a>
          {mayPropose && (
            <button
              type="button"
              className="button button--secondary button--small"
              disabled={busy}
              data-testid="version-propose"
              onClick={() =>
                void run(async () => {
                  await proposeVersion(boardId, n);
                  return `${title} is put forward for the partners’ agreement.`;
                })
              }
            >
              Put forward for agreement
            </button>
          )}
          {maySignOff && !signing && (
            <button ref={signOffButton} type="button" className="button button--small" onClick={() => setSigning(true)} data-testid="version-signoff-open">
              {ownEntry ? 'Change your sign-off' : 'Sign off'}
              <span className="visually-hidden"> {title}</span>
            </button>
          )}
          {access.canEditPlan && (
            <button type="button" className="button button--secondary button--small" onClick={() => setRestoring(true)} data-testid="version-restore">
              Restore<span className="visually-hidden"> {title}</span>
            </button>
          )}
          {access.canEditPlan && !agreed && (
            <ConfirmButton
              label="Delete"
              accessibleLabel={`Delete ${title}`}
              question={`Delete ${title}?`}
              confirmLabel="Yes, delete it"
              testId="version-delete"
              focusAfter={focusAfterDelete}
              onConfirm={() =>
                run(async () => {
                  await deleteVersion(boardId, n);
                  return `${title} deleted.`;
                })
              }
            />
          )}
        </div>
        {agreed && access.canEditPlan && <p className="hint">An agreed plan cannot be deleted.</p>}
        {error && (
          <p className="error-message" role="alert" data-testid="version-error">
            {error}
          </p>
        )}
        {signing && access.partnerId && (
          <SignoffForm
            boardId={boardId}
            version={n}
            organisation={partnerName(partners, access.partnerId)}
            current={ownEntry}
            onCancel={() => closeSignoff()}
            onDone={(state) => {
              closeSignoff();
              onChanged(state === 'agreed' ? `You agreed ${title}.` : `Your concerns about ${title} are recorded.`);
            }}
          />
        )}
      </article>
      {restoring && (
        <RestoreDialog
          boardId={boardId}
          version={version}
          onClose={() => setRestoring(false)}
          onRestored={(result) => {
            setRestoring(false);
            onChanged(`${title} restored. The board as it was before is saved as version ${result.savedBefore}.`);
          }}
        />
      )}
    </li>
  );
}

/** Asks before restoring a version, saying that the board as it is now is saved as a version first. */
function RestoreDialog({
  boardId,
  version,
  onClose,
  onRestored,
}: {
  boardId: string;
  version: BoardVersion;
  onClose: () => void;
  onRestored: (result: RestoreResult) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const title = versionTitle(version);
  const restore = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      onRestored(await restoreVersion(boardId, version.number));
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'The version could not be restored.');
      setBusy(false);
    }
  };
  return (
    <ModalDialog title={`Restore ${title}?`} onClose={onClose} testId="restore-dialog">
      <p>The board will go back to how it was in {title.replace(/^Version/, 'version')}, for everyone working on it.</p>
      <p>
        <strong>Nothing is lost:</strong> Placeboard first saves the board as it is now as a new version, so you can
        go back to it.
      </p>
      {error && (
        <p className="error-message" role="alert">
          {error}
        </p>
      )}
      <div className="button-row">
        <button type="button" className="button" disabled={busy} onClick={() => void restore()} data-testid="restore-confirm">
          {busy ? 'Restoring…' : `Restore version ${version.number}`}
        </button>
        <button type="button" className="button button--secondary" onClick={onClose} data-testid="restore-cancel">
          Cancel
        </button>
      </div>
    </ModalDialog>
  );
}
