import { lazy, Suspense, type CSSProperties } from 'react';
import type * as Y from 'yjs';
import {
  RISK_RATING_LABELS,
  accountabilityOf,
  agreementSummary,
  communityCategoryLabel,
  connectorEnds,
  frameMembers,
  getBoardMeta,
  getMapView,
  getPurposeFragment,
  listCanvasItems,
  listGovernanceEntries,
  listOutcomes,
  listPartners,
  listPurposes,
  locationNote,
  publishedContributions,
  readNamedPlaces,
  riskRating,
  riskScore,
  type CanvasItem,
  type GovernanceEntry,
  type Partner,
  type Slide,
} from '@placeboard/board';
import { useBoardValue } from '../../hooks/use-y-observe';
import { categoryColour } from '../community/community-style';
import '../community/community.css';
import { statusLabel } from '../governance/fields';
import { COMMITMENT_LABELS, SECTOR_LABELS } from '../partners/labels';
import type { MapCamera } from './presenting';
import { RichText } from './rich-text';

// MapLibre is large: load it with the first map slide.
const MapViewSlide = lazy(() => import('./map-view-slide'));

/** What a slide's content needs besides the slide: the board, and on map slides where the map looks. */
export interface SlideContentProps {
  doc: Y.Doc;
  boardId: string;
  slide: Slide;
  /** Map slides: the presenter's camera (null: the saved view's). */
  camera: MapCamera | null;
  /** Map slides: false while following, so the map moves only with the presenter's. */
  interactive: boolean;
  onCamera?: (camera: MapCamera) => void;
}

/** The body of one slide, by its kind. Each reads the board live, so edits show while presenting. */
export function SlideContent(props: SlideContentProps) {
  const { slide } = props;
  switch (slide.kind) {
    case 'title':
      return <TitleSlide doc={props.doc} />;
    case 'purpose':
      return <PurposeSlide doc={props.doc} purposeId={slide.ref ?? ''} />;
    case 'map-view':
      return <MapSlide {...props} viewId={slide.ref ?? ''} />;
    case 'community':
      return <CommunitySlide doc={props.doc} />;
    case 'frame':
      return <FrameSlide doc={props.doc} frameId={slide.ref ?? ''} />;
    case 'partners':
      return <PartnersSlide doc={props.doc} />;
    case 'governance':
      return <GovernanceSlide doc={props.doc} />;
  }
}

/** The kind of slide in a word or two, shown above its title. */
export const SLIDE_KIND_LABELS: Record<Slide['kind'], string> = {
  title: 'Neighbourhood plan',
  purpose: 'Purpose',
  'map-view': 'Map',
  community: 'Community',
  frame: 'Outcomes',
  partners: 'Partners',
  governance: 'Governance',
};

function TitleSlide({ doc }: { doc: Y.Doc }) {
  const meta = useBoardValue(doc, ['meta'], getBoardMeta);
  const today = new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
  return (
    <div className="title-slide">
      {meta.neighbourhood && <p className="title-slide__place">{meta.neighbourhood}</p>}
      <p className="title-slide__date">{today}</p>
    </div>
  );
}

function PurposeSlide({ doc, purposeId }: { doc: Y.Doc; purposeId: string }) {
  const purpose = useBoardValue(doc, ['purposes'], (d) => listPurposes(d).find((r) => r.ok && r.value.id === purposeId), [purposeId]);
  const fragment = useBoardValue(doc, ['purposes'], (d) => getPurposeFragment(d, purposeId), [purposeId]);
  if (!purpose?.ok) return <p>This purpose has been deleted.</p>;
  const { cohortWho, cohortWhere, cohortSize, cohort } = purpose.value;
  const size = typeof cohortSize === 'number' ? `about ${cohortSize.toLocaleString('en-GB')} people` : cohortSize;
  const hasCohort = Boolean(cohortWho || cohortWhere || size || cohort);
  return (
    <div className="purpose-slide">
      {hasCohort && (
        <dl className="purpose-slide__cohort">
          {cohortWho && (
            <div>
              <dt>Who it is for</dt>
              <dd>{cohortWho}</dd>
            </div>
          )}
          {cohortWhere && (
            <div>
              <dt>Where they live</dt>
              <dd>{cohortWhere}</dd>
            </div>
          )}
          {size && (
            <div>
              <dt>How many</dt>
              <dd>{size}</dd>
            </div>
          )}
          {cohort && !cohortWho && (
            <div>
              <dt>Cohort</dt>
              <dd>{cohort}</dd>
            </div>
          )}
        </dl>
      )}
      <RichText fragment={fragment} />
    </div>
  );
}

function MapSlide({ doc, boardId, viewId, camera, interactive, onCamera }: SlideContentProps & { viewId: string }) {
  const view = useBoardValue(doc, ['meta'], (d) => getMapView(d, viewId), [viewId]);
  if (!view?.ok) return <p>This map view has been deleted.</p>;
  return (
    <Suspense fallback={<p role="status">Loading map…</p>}>
      <MapViewSlide doc={doc} boardId={boardId} view={view.value} camera={camera} interactive={interactive} {...(onCamera ? { onCamera } : {})} />
    </Suspense>
  );
}

function validItems(doc: Y.Doc): CanvasItem[] {
  return listCanvasItems(doc).flatMap((r) => (r.ok ? [r.value] : []));
}

function validPartners(doc: Y.Doc): Partner[] {
  return listPartners(doc).flatMap((r) => (r.ok ? [r.value] : []));
}

/**
 * A frame of the outcome canvas as the team laid it out: its cards at their places, scaled to fit the slide (one
 * canvas pixel is `--u`), with the connectors between them. Cards are in reading order (top to bottom, left to right)
 * for screen readers.
 */
function FrameSlide({ doc, frameId }: { doc: Y.Doc; frameId: string }) {
  const items = useBoardValue(doc, ['canvas'], validItems);
  const partners = useBoardValue(doc, ['partners'], validPartners);
  const frame = items.find((item) => item.id === frameId && item.kind === 'frame');
  if (!frame) return <p>This frame has been deleted.</p>;
  const members = frameMembers(items, frame).sort((a, b) => a.y - b.y || a.x - b.x);
  if (members.length === 0) return <p>This frame is empty.</p>;
  const memberIds = new Set(members.map((m) => m.id as string));
  const byId = new Map(items.map((item) => [item.id as string, item]));
  const lines = items.flatMap((item) => {
    if (item.kind !== 'connector') return [];
    const ends = connectorEnds(item, byId);
    if (!ends || !memberIds.has(ends.from.id) || !memberIds.has(ends.to.id)) return [];
    return [{ id: item.id, x1: ends.from.x + ends.from.w / 2, y1: ends.from.y + ends.from.h / 2, x2: ends.to.x + ends.to.w / 2, y2: ends.to.y + ends.to.h / 2 }];
  });
  const style = { '--frame-ratio': String(frame.w / frame.h), '--u': `calc(100cqw / ${frame.w})` } as CSSProperties;
  const place = (item: CanvasItem): CSSProperties => ({
    left: `${((item.x - frame.x) / frame.w) * 100}%`,
    top: `${((item.y - frame.y) / frame.h) * 100}%`,
    width: `${(item.w / frame.w) * 100}%`,
    height: `${(item.h / frame.h) * 100}%`,
  });
  return (
    <div className="frame-slide">
      <div className="frame-slide__board" style={style} data-testid="frame-slide">
        <svg className="frame-slide__lines" viewBox={`${frame.x} ${frame.y} ${frame.w} ${frame.h}`} preserveAspectRatio="none" aria-hidden="true">
          {lines.map((line) => (
            <line key={line.id} {...line} />
          ))}
        </svg>
        <ul className="frame-slide__items">
          {members.map((item) => (
            <li
              key={item.id}
              className={`frame-card frame-card--${item.kind}`}
              style={{ ...place(item), ...(item.kind === 'sticky' || item.kind === 'indicator' ? { backgroundColor: item.colour } : {}) }}
              data-testid="frame-card"
              data-kind={item.kind}
            >
              <FrameCard item={item} partners={partners} />
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

function FrameCard({ item, partners }: { item: CanvasItem; partners: Partner[] }) {
  if (item.kind !== 'outcome') {
    return (
      <>
        {item.kind === 'indicator' && <span className="visually-hidden">Indicator: </span>}
        {item.kind === 'frame' && <span className="visually-hidden">Frame: </span>}
        <span className="frame-card__text">{item.text}</span>
        {item.kind === 'indicator' && item.indicator && <span className="frame-card__detail">{item.indicator}</span>}
      </>
    );
  }
  const owner = partners.find((p) => p.id === item.ownerPartnerId)?.organisation;
  const target = [item.baseline && `from ${item.baseline}`, item.target && `to ${item.target}`, item.byWhen && `by ${formatDate(item.byWhen)}`]
    .filter(Boolean)
    .join(' ');
  const agreement = partners.length > 0 ? agreementSummary(item, partners).text : '';
  return (
    <>
      <span className="frame-card__kind">Outcome</span>
      <span className="frame-card__title">{item.text || 'Untitled outcome'}</span>
      {item.description && <span className="frame-card__detail">{item.description}</span>}
      {(item.indicator || target) && (
        <span className="frame-card__detail">
          {item.indicator}
          {item.indicator && target ? ': ' : ''}
          {target}
        </span>
      )}
      {(owner || agreement) && (
        <span className="frame-card__meta">
          {owner && `Owner: ${owner}`}
          {owner && agreement ? ' · ' : ''}
          {agreement}
        </span>
      )}
    </>
  );
}

function formatDate(iso: string): string {
  const date = new Date(`${iso}T00:00:00`);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleDateString('en-GB', { month: 'long', year: 'numeric' });
}

function readAccountability(doc: Y.Doc): { outcomes: { id: string; title: string; roles: Record<string, string> }[] } {
  return { outcomes: listOutcomes(doc).map((o) => ({ id: o.id, title: o.title, roles: accountabilityOf(doc, o.id) })) };
}

function PartnersSlide({ doc }: { doc: Y.Doc }) {
  const partners = useBoardValue(doc, ['partners'], validPartners);
  const { outcomes } = useBoardValue(doc, ['canvas'], readAccountability);
  if (partners.length === 0) return <p>No partners have been added to this board yet.</p>;
  const titlesFor = (partnerId: string, role: string) =>
    outcomes.filter((o) => o.roles[partnerId] === role).map((o) => o.title || 'Untitled outcome');
  const dense = partners.length > 6;
  return (
    <table className={`slide-table${dense ? ' slide-table--dense' : ''}`} data-testid="partners-slide">
      <caption className="visually-hidden">Partners, their commitment and the outcomes they answer for</caption>
      <thead>
        <tr>
          <th scope="col">Partner</th>
          <th scope="col">Sector</th>
          <th scope="col">Commitment</th>
          <th scope="col">Accountable for</th>
          <th scope="col">Responsible for</th>
        </tr>
      </thead>
      <tbody>
        {partners.map((partner) => (
          <tr key={partner.id}>
            <th scope="row">
              {partner.organisation}
              {partner.lead && <span className="slide-table__sub">Lead: {partner.lead}</span>}
            </th>
            <td>{SECTOR_LABELS[partner.sector]}</td>
            <td>{COMMITMENT_LABELS[partner.commitment].label}</td>
            <td>{titlesFor(partner.id, 'A').join('; ') || '–'}</td>
            <td>{titlesFor(partner.id, 'R').join('; ') || '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** How many contributions to list on the slide, newest first; the rest are counted. */
const COMMUNITY_SHOWN = 6;

/** The published community knowledge, newest first, each with its kind and where it is (never who sent it). */
function CommunitySlide({ doc }: { doc: Y.Doc }) {
  const published = useBoardValue(doc, ['community'], publishedContributions);
  const places = useBoardValue(doc, ['layers', 'features'], readNamedPlaces);
  return (
    <div className="community-slide" data-testid="community-slide">
      <ul>
        {published.slice(0, COMMUNITY_SHOWN).map((contribution) => (
          <li key={contribution.id}>
            <span className="community-slide__kind">
              <span className="community-key__dot" style={{ backgroundColor: categoryColour(contribution.category) }} aria-hidden="true" />
              {communityCategoryLabel(contribution.category)}
            </span>
            <span className="community-slide__text">{contribution.text}</span>
            <span className="community-slide__where">{locationNote(contribution.point ?? undefined, places)}</span>
          </li>
        ))}
      </ul>
      {published.length > COMMUNITY_SHOWN && <p className="hint">and {published.length - COMMUNITY_SHOWN} more, in the board pack</p>}
    </div>
  );
}

function validEntries(doc: Y.Doc): GovernanceEntry[] {
  return listGovernanceEntries(doc).flatMap((r) => (r.ok ? [r.value] : []));
}

/** How many of each to list on the slide; the rest are counted. */
const GOVERNANCE_SHOWN = 4;

function GovernanceSlide({ doc }: { doc: Y.Doc }) {
  const entries = useBoardValue(doc, ['governance'], validEntries);
  const decisions = entries.filter((e) => e.kind === 'decision').sort((a, b) => (b.decidedOn ?? '').localeCompare(a.decidedOn ?? ''));
  const sharing = entries.filter((e) => e.kind === 'data-sharing');
  const risks = entries
    .filter((e) => e.kind === 'risk')
    .map((e) => ({ entry: e, score: riskScore(e) }))
    .sort((a, b) => (b.score ?? -1) - (a.score ?? -1));
  const dpiaDone = sharing.filter((e) => e.dpiaStatus === 'complete' || e.dpiaStatus === 'not needed').length;
  return (
    <div className="governance-slide" data-testid="governance-slide">
      <section className="governance-slide__column" aria-labelledby="gov-decisions">
        <h3 id="gov-decisions">Decisions ({decisions.length})</h3>
        {decisions.length === 0 ? (
          <p className="hint">None recorded.</p>
        ) : (
          <ul>
            {decisions.slice(0, GOVERNANCE_SHOWN).map((e) => (
              <li key={e.id}>
                <span className="governance-slide__item">{e.title}</span>
                <span className="governance-slide__sub">
                  {[statusLabel('decision', e.status), e.decidedBy, e.decidedOn && formatDay(e.decidedOn)].filter(Boolean).join(', ')}
                </span>
              </li>
            ))}
          </ul>
        )}
        {decisions.length > GOVERNANCE_SHOWN && <p className="hint">and {decisions.length - GOVERNANCE_SHOWN} more</p>}
      </section>
      <section className="governance-slide__column" aria-labelledby="gov-sharing">
        <h3 id="gov-sharing">Data sharing ({sharing.length})</h3>
        {sharing.length === 0 ? (
          <p className="hint">No data-sharing agreements recorded.</p>
        ) : (
          <>
            <p className="governance-slide__figure">
              DPIA complete or not needed for {dpiaDone} of {sharing.length}
            </p>
            <ul>
              {sharing.slice(0, GOVERNANCE_SHOWN).map((e) => (
                <li key={e.id}>
                  <span className="governance-slide__item">{e.title}</span>
                  <span className="governance-slide__sub">{[statusLabel('data-sharing', e.status), e.dpiaStatus && `DPIA ${e.dpiaStatus}`].filter(Boolean).join(', ')}</span>
                </li>
              ))}
            </ul>
          </>
        )}
        {sharing.length > GOVERNANCE_SHOWN && <p className="hint">and {sharing.length - GOVERNANCE_SHOWN} more</p>}
      </section>
      <section className="governance-slide__column" aria-labelledby="gov-risks">
        <h3 id="gov-risks">Risks ({risks.length})</h3>
        {risks.length === 0 ? (
          <p className="hint">No risks recorded.</p>
        ) : (
          <ul>
            {risks.slice(0, GOVERNANCE_SHOWN).map(({ entry, score }) => {
              const rating = score === undefined ? undefined : riskRating(score);
              return (
                <li key={entry.id}>
                  <span className="governance-slide__item">{entry.title}</span>
                  <span className="governance-slide__sub">
                    {rating ? (
                      <span className={`risk-rating risk-rating--${rating}`}>
                        {RISK_RATING_LABELS[rating]} ({score})
                      </span>
                    ) : (
                      'Not yet rated'
                    )}
                    {entry.owner && `, owner ${entry.owner}`}
                    {entry.status !== 'open' && `, ${entry.status}`}
                  </span>
                </li>
              );
            })}
          </ul>
        )}
        {risks.length > GOVERNANCE_SHOWN && <p className="hint">and {risks.length - GOVERNANCE_SHOWN} more</p>}
      </section>
    </div>
  );
}

function formatDay(iso: string): string {
  const date = new Date(`${iso}T00:00:00`);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
}
