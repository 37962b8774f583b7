import { useId } from 'react';
import type * as Y from 'yjs';
import { communityCategoryLabel, getContribution, readNamedPlaces, setContributionStatus, type Author } from '@placeboard/board';
import { useBoardValue } from '../../hooks/use-y-observe';
import { useAnnounce } from '../../lib/announce';
import { useBoardAccess } from '../access/board-access';
import { categoryColour } from './community-style';
import { ContributionMeta } from './contribution-meta';
import './community.css';

interface ContributionPanelProps {
  doc: Y.Doc;
  author: Author;
  contributionId: string;
  onClose: () => void;
}

/**
 * What a published community contribution says, opened by clicking its point on the board map (the "Community
 * knowledge" layer): its kind, its words, when and where. A moderator can hide it from there, as from the Community
 * tab. Once it is no longer published (hidden by someone, or deleted) the panel says so rather than showing it.
 * Opening it leaves the keyboard on the map, as a click on a board feature does; the Community tab lists the same
 * contributions for those who do not use a pointer.
 */
export function ContributionPanel({ doc, author, contributionId, onClose }: ContributionPanelProps) {
  const result = useBoardValue(doc, ['community'], (d) => getContribution(d, contributionId), [contributionId]);
  const places = useBoardValue(doc, ['layers', 'features'], readNamedPlaces);
  const { canModerate } = useBoardAccess();
  const announce = useAnnounce();
  const headingId = useId();

  const contribution = result?.ok && result.value.status === 'published' ? result.value : null;
  const label = contribution ? communityCategoryLabel(contribution.category) : 'Community knowledge';

  const hide = (): void => {
    setContributionStatus(doc, contributionId, 'hidden', author);
    announce('Hidden. It no longer shows on the map or the community page.');
    onClose();
  };

  return (
    <section className="feature-panel" aria-labelledby={headingId} data-testid="contribution-panel" data-contribution-id={contributionId}>
      <div className="feature-panel__head">
        <h3 id={headingId} className="contribution-panel__heading" data-testid="contribution-panel-heading">
          {contribution && (
            <span className="community-form__swatch" style={{ backgroundColor: categoryColour(contribution.category) }} aria-hidden="true" />
          )}
          {label}
        </h3>
        <button type="button" className="icon-button" aria-label="Close community contribution" onClick={onClose} data-testid="contribution-panel-close">
          ✕
        </button>
      </div>
      {contribution ? (
        <>
          <p className="hint">Community knowledge, published by a moderator</p>
          <p className="community-queue__text" data-testid="contribution-panel-text">
            {contribution.text}
          </p>
          <ContributionMeta contribution={contribution} places={places} moderates={canModerate} />
          {canModerate && (
            <div className="button-row">
              <button type="button" className="button button--secondary" onClick={hide} data-testid="contribution-panel-hide">
                Hide from the map and community page
              </button>
            </div>
          )}
        </>
      ) : (
        <p role="status" data-testid="contribution-panel-gone">
          This contribution is no longer published.
        </p>
      )}
    </section>
  );
}
