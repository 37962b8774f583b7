import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type * as Y from 'yjs';
import {
  CONTRIBUTION_STATUSES,
  ContributionRefused,
  communityCategoryLabel,
  contributionToFeature,
  contributionToSticky,
  getCanvasItem,
  getFeature,
  listContributions,
  listLayers,
  readNamedPlaces,
  setContributionStatus,
  type Author,
  type CommunityContribution,
  type ContributionStatus,
  type MapLayer,
  type NamedPlace,
} from '@placeboard/board';
import { useBoardValue } from '../../hooks/use-y-observe';
import { AnnouncerProvider, useAnnounce } from '../../lib/announce';
import { useBoardAccess } from '../access/board-access';
import { CommunityLinkPanel } from './community-link-panel';
import { ContributionMeta } from './contribution-meta';
import { categoryColour } from './community-style';
import './community.css';

interface CommunityPaneProps {
  doc: Y.Doc;
  author: Author;
  boardId: string;
}

/** What each status is called in the queue. */
const STATUS_LABELS: Record<ContributionStatus, string> = { pending: 'Pending', published: 'Published', hidden: 'Hidden' };

/**
 * The board's Community tab: local knowledge sent through community links. Moderators and owners work through a
 * queue (pending, published, hidden): publish, hide, add to the map as an asset, or make a sticky on the outcome
 * canvas. Everyone else reads what has been published. Owners also make the community link here.
 */
export function CommunityPane(props: CommunityPaneProps) {
  return (
    <AnnouncerProvider>
      <CommunityPaneBody {...props} />
    </AnnouncerProvider>
  );
}

function CommunityPaneBody({ doc, author, boardId }: CommunityPaneProps) {
  const access = useBoardAccess();
  const moderates = access.canModerate;
  const announce = useAnnounce();
  const id = useId();
  const [chosen, setChosen] = useState<ContributionStatus>('pending');
  const filter: ContributionStatus = moderates ? chosen : 'published';
  const all = useBoardValue(doc, ['community'], listContributions);
  const assetLayers = useBoardValue(doc, ['layers'], (d) => listLayers(d).flatMap((r) => (r.ok && r.value.kind === 'assets' ? [r.value] : [])).reverse());
  const places = useBoardValue(doc, ['layers', 'features'], readNamedPlaces);
  const valid = useMemo(() => all.flatMap((r) => (r.ok ? [r.value] : [])), [all]);
  const broken = all.length - valid.length;
  const shown = valid.filter((c) => c.status === filter);
  const counts = Object.fromEntries(CONTRIBUTION_STATUSES.map((s) => [s, valid.filter((c) => c.status === s).length])) as Record<ContributionStatus, number>;

  // After an action takes an item out of the list, focus goes to the item now in its place (or the list heading).
  const headingRef = useRef<HTMLHeadingElement>(null);
  const itemRefs = useRef(new Map<string, HTMLElement>());
  const [focusIndex, setFocusIndex] = useState<number | null>(null);
  useEffect(() => {
    if (focusIndex === null) return;
    const next = shown[Math.min(focusIndex, shown.length - 1)];
    (next ? itemRefs.current.get(next.id) : headingRef.current)?.focus();
    setFocusIndex(null);
  }, [focusIndex, shown]);

  const setStatus = (contribution: CommunityContribution, status: ContributionStatus): void => {
    const index = shown.findIndex((c) => c.id === contribution.id);
    setContributionStatus(doc, contribution.id, status, author);
    announce(
      status === 'published'
        ? 'Published. It now shows on the community page.'
        : status === 'hidden'
          ? 'Hidden. It no longer shows on the community page.'
          : 'Moved back to pending.',
    );
    if (status !== filter) setFocusIndex(index);
  };

  return (
    <div className="community-pane" data-testid="community-pane-body">
      <section aria-labelledby={`${id}-heading`}>
        <div className="pane-toolbar">
          <h2 id={`${id}-heading`} ref={headingRef} tabIndex={-1}>
            {moderates ? 'Local knowledge from the community' : 'Published local knowledge from the community'}
          </h2>
          <a
            className="button button--secondary"
            href={`/api/boards/${encodeURIComponent(boardId)}/community.csv`}
            download
            data-testid="community-csv"
          >
            Download (CSV)
          </a>
        </div>
        <p className="hint">
          {moderates
            ? 'Community groups send these through the community link. Nothing shows on the community page until you publish it.'
            : 'Community groups send local knowledge through the community link; moderators publish it.'}
        </p>
        {moderates && (
          <fieldset className="community-pane__filters" data-testid="community-filters">
            <legend className="visually-hidden">Show contributions that are</legend>
            {CONTRIBUTION_STATUSES.map((status) => (
              <div className="radio" key={status}>
                <input
                  id={`${id}-filter-${status}`}
                  type="radio"
                  name={`${id}-filter`}
                  checked={filter === status}
                  onChange={() => setChosen(status)}
                  data-testid={`community-filter-${status}`}
                />
                <label htmlFor={`${id}-filter-${status}`}>
                  {STATUS_LABELS[status]} ({counts[status]})
                </label>
              </div>
            ))}
          </fieldset>
        )}
        {shown.length === 0 ? (
          <p data-testid="community-queue-empty">
            {filter === 'pending' ? 'Nothing is waiting for moderation.' : filter === 'published' ? 'Nothing has been published yet.' : 'Nothing is hidden.'}
          </p>
        ) : (
          <ul className="community-queue" data-testid="community-queue" aria-label={`${STATUS_LABELS[filter]} contributions`}>
            {shown.map((contribution) => (
              <li key={contribution.id}>
                <ContributionCard
                  doc={doc}
                  author={author}
                  contribution={contribution}
                  places={places}
                  assetLayers={assetLayers}
                  moderates={moderates}
                  onStatus={(status) => setStatus(contribution, status)}
                  cardRef={(element) => {
                    if (element) itemRefs.current.set(contribution.id, element);
                    else itemRefs.current.delete(contribution.id);
                  }}
                />
              </li>
            ))}
          </ul>
        )}
        {broken > 0 && (
          <p className="hint" data-testid="community-broken">
            {broken === 1 ? '1 contribution could not be read and is not shown.' : `${broken} contributions could not be read and are not shown.`}
          </p>
        )}
      </section>
      {access.canManageAccess && <CommunityLinkPanel boardId={boardId} />}
    </div>
  );
}

interface ContributionCardProps {
  doc: Y.Doc;
  author: Author;
  contribution: CommunityContribution;
  places: readonly NamedPlace[];
  assetLayers: readonly MapLayer[];
  moderates: boolean;
  onStatus: (status: ContributionStatus) => void;
  cardRef: (element: HTMLElement | null) => void;
}

function ContributionCard({ doc, author, contribution, places, assetLayers, moderates, onStatus, cardRef }: ContributionCardProps) {
  const id = useId();
  const announce = useAnnounce();
  const [layerId, setLayerId] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const label = communityCategoryLabel(contribution.category);
  const chosenLayer = assetLayers.some((l) => l.id === layerId) ? layerId : (assetLayers[0]?.id ?? '');
  const converted = useConversion(doc, contribution);
  const headingId = `${id}-heading`;

  const convert = (kind: 'feature' | 'sticky'): void => {
    setProblem(null);
    try {
      if (kind === 'feature') {
        contributionToFeature(doc, contribution.id, chosenLayer, author);
        announce(`Added to the map in ${assetLayers.find((l) => l.id === chosenLayer)?.name ?? 'the asset layer'}.`);
      } else {
        contributionToSticky(doc, contribution.id, author);
        announce('Made into a sticky on the Outcomes canvas.');
      }
    } catch (error) {
      setProblem(error instanceof ContributionRefused ? error.message : 'That did not work. Try again.');
    }
  };

  return (
    <article
      ref={cardRef}
      tabIndex={-1}
      className="community-queue__item"
      style={{ borderLeftColor: categoryColour(contribution.category) }}
      aria-labelledby={headingId}
      data-testid="community-item"
      data-contribution-id={contribution.id}
      data-status={contribution.status}
    >
      <div className="community-queue__head">
        <h3 id={headingId}>
          <span className="community-form__swatch" style={{ backgroundColor: categoryColour(contribution.category) }} aria-hidden="true" />
          {label}
        </h3>
        {moderates && <span className="community-queue__status">{STATUS_LABELS[contribution.status]}</span>}
      </div>
      <p className="community-queue__text" data-testid="community-item-text">
        {contribution.text}
      </p>
      <ContributionMeta contribution={contribution} places={places} moderates={moderates} />
      {converted && (
        <p className="hint" data-testid="community-item-converted">
          {converted}
        </p>
      )}
      {moderates && (
        <div className="button-row" role="group" aria-label={`Moderate: ${label}`}>
          {contribution.status !== 'published' && (
            <button type="button" className="button" onClick={() => onStatus('published')} data-testid="community-publish">
              Publish
            </button>
          )}
          {contribution.status !== 'hidden' && (
            <button type="button" className="button button--secondary" onClick={() => onStatus('hidden')} data-testid="community-hide">
              Hide
            </button>
          )}
          {contribution.status === 'hidden' && (
            <button type="button" className="button button--secondary" onClick={() => onStatus('pending')} data-testid="community-unhide">
              Back to pending
            </button>
          )}
        </div>
      )}
      {moderates && !contribution.convertedTo && (
        <div className="community-queue__convert">
          {contribution.point && assetLayers.length > 0 && (
            <>
              <div className="field">
                <label htmlFor={`${id}-layer`}>Asset layer</label>
                <select id={`${id}-layer`} value={chosenLayer} onChange={(event) => setLayerId(event.target.value)} data-testid="community-layer-select">
                  {assetLayers.map((layer) => (
                    <option key={layer.id} value={layer.id}>
                      {layer.name}
                    </option>
                  ))}
                </select>
              </div>
              <button type="button" className="button button--secondary" onClick={() => convert('feature')} data-testid="community-to-feature">
                Add to map as asset
              </button>
            </>
          )}
          <button type="button" className="button button--secondary" onClick={() => convert('sticky')} data-testid="community-to-sticky">
            Make a sticky
          </button>
          {contribution.point && assetLayers.length === 0 && <p className="hint">To add it to the map, first add an asset layer on the Map tab.</p>}
        </div>
      )}
      {problem && (
        <p className="error-message" role="alert">
          {problem}
        </p>
      )}
    </article>
  );
}

/** What a converted contribution became, in words, while that feature or sticky still exists. */
function useConversion(doc: Y.Doc, contribution: CommunityContribution): string | null {
  const target = contribution.convertedTo;
  return useBoardValue(
    doc,
    ['features', 'layers', 'canvas'],
    (d) => {
      if (!target) return null;
      if (target.kind === 'sticky') {
        return getCanvasItem(d, target.id)?.ok ? 'Made into a sticky on the Outcomes canvas.' : 'Was made into a sticky, since deleted.';
      }
      const feature = getFeature(d, target.id);
      if (!feature?.ok) return 'Was added to the map, since deleted.';
      const layer = listLayers(d).find((r) => r.ok && r.value.id === feature.value.layerId);
      return `Added to the map in ${layer?.ok ? layer.value.name : 'a layer'}.`;
    },
    [target?.kind, target?.id],
  );
}
