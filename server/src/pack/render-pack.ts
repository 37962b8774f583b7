import {
  ARTICLE_9_CONDITIONS,
  COMMUNITY_CATEGORIES,
  LAWFUL_BASES,
  RACI_LABELS,
  RACI_ROLES,
  RISK_RATING_LABELS,
  accountabilityOf,
  agreementSummary,
  communityCategoryLabel,
  dedupeCredits,
  getBoardMeta,
  getPurposeFragment,
  isBasemapCredit,
  listCanvasItems,
  listContributions,
  listGovernanceEntries,
  listMapViews,
  listOutcomes,
  listPartners,
  listPurposes,
  locationNote,
  outcomesWithSeveralAccountable,
  publishedContributions,
  readNamedPlaces,
  riskRating,
  riskScore,
  type AgreementEntry,
  type CanvasItem,
  type GovernanceEntry,
  type Partner,
  type Purpose,
  type ReadResult,
} from '@placeboard/board';
import type * as Y from 'yjs';
import { renderFrameHtml } from './frame-html.js';
import { escapeHtml, formatDate, formatDateTime, formatIsoDate } from './html.js';
import { MAP_IMAGE_SIZE, mapFigureHtml, renderMapView } from './map-svg.js';
import { PACK_CSS } from './pack-css.js';
import { isRichTextEmpty, renderRichText } from './rich-text.js';

/** The named version a pack is made from (see the versions feature); none for the board as it is now. */
export interface PackVersion {
  /** Its number, 1 for the first version saved. */
  number: number;
  name: string;
  /** When it was saved (ms since the epoch). */
  createdAt?: number | undefined;
  /** Who saved it (display name). */
  createdBy?: string | undefined;
}

/** One partner's sign-off of the version, as the cover's table lists it. */
export interface PackSignOff {
  /** The partner organisation. */
  partner: string;
  /** E.g. "signed off", "signed off with comments", "declined", "awaiting". */
  state: string;
  /** Who recorded it, or '' while awaited. */
  by: string;
  /** When (ms since the epoch), or null while awaited. */
  at: number | null;
  comment: string;
}

/** What {@link renderPackHtml} makes a pack from. */
export interface PackInput {
  /** The board (a copy: the pack only reads it). */
  doc: Y.Doc;
  /** When the pack is made, ms since the epoch (shown on the cover and in the footer). */
  generatedAt: number;
  /** The version shown, or undefined for the current board. */
  version?: PackVersion | undefined;
  /** Sign-off of the version by partner; undefined or empty: not yet put forward for agreement. */
  signOff?: readonly PackSignOff[] | undefined;
}

/** Ids of the pack's sections, in order, as the contents list links them. */
export const PACK_SECTIONS = [
  { id: 'purposes', title: 'Purpose' },
  { id: 'maps', title: 'Maps' },
  { id: 'community', title: 'Community knowledge' },
  { id: 'canvas', title: 'Outcome canvas' },
  { id: 'outcomes', title: 'Outcomes and agreement' },
  { id: 'partners', title: 'Partners and accountability' },
  { id: 'governance', title: 'Governance' },
] as const;

function valid<T>(results: ReadResult<T>[]): { values: T[]; broken: number } {
  const values = results.flatMap((r) => (r.ok ? [r.value] : []));
  return { values, broken: results.length - values.length };
}

function brokenNote(count: number, what: string): string {
  if (count === 0) return '';
  return `<p class="warning">${count} ${what}${count === 1 ? '' : 's'} could not be read and ${count === 1 ? 'is' : 'are'} left out of this pack.</p>`;
}

/** "Version 3: Agreed by the steering group" or "Current board, 3 March 2026". */
export function versionLabel(input: Pick<PackInput, 'version' | 'generatedAt'>): string {
  return input.version ? `Version ${input.version.number}: ${input.version.name}` : `Current board, ${formatDate(input.generatedAt)}`;
}

/** The line repeated at the foot of every printed page (plain text; the printer escapes it). */
export function packFooterText(input: PackInput): string {
  return `${getBoardMeta(input.doc).title}, board pack. ${versionLabel(input)}`;
}

function stateClass(state: string): string {
  return state.toLowerCase().replace(/[^a-z]+/g, '-').replace(/^-|-$/g, '');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function cover(input: PackInput, title: string, neighbourhood: string | undefined, glance: [number, string, string][]): string {
  const version = input.version;
  const saved = version?.createdAt
    ? `<p class="cover__meta">Saved ${escapeHtml(formatDateTime(version.createdAt))}${version.createdBy ? ` by ${escapeHtml(version.createdBy)}` : ''}.</p>`
    : '';
  const rows = input.signOff ?? [];
  const body =
    rows.length === 0
      ? '<tr><td colspan="5" class="empty">Not yet put forward for agreement</td></tr>'
      : rows
          .map(
            (row) =>
              `<tr><th scope="row">${escapeHtml(row.partner)}</th>` +
              `<td><span class="state state--${escapeHtml(stateClass(row.state))}">${escapeHtml(capitalise(row.state))}</span></td>` +
              `<td>${escapeHtml(row.by)}</td><td>${row.at === null ? '' : escapeHtml(formatDateTime(row.at))}</td><td>${escapeHtml(row.comment)}</td></tr>`,
          )
          .join('');
  const contents = PACK_SECTIONS.map((s) => `<li><a href="#${s.id}">${escapeHtml(s.title)}</a></li>`).join('');
  return (
    `<section class="cover" aria-labelledby="pack-title">` +
    `<p class="cover__eyebrow">Board pack</p>` +
    `<h1 id="pack-title">${escapeHtml(title)}</h1>` +
    (neighbourhood ? `<p class="cover__meta">Neighbourhood: ${escapeHtml(neighbourhood)}</p>` : '') +
    `<p class="cover__version">${escapeHtml(versionLabel(input))}</p>` +
    saved +
    `<ul class="glance" aria-label="At a glance">${glance
      .map(([count, one, many]) => `<li><strong>${count}</strong>${escapeHtml(count === 1 ? one : many)}</li>`)
      .join('')}</ul>` +
    `<p class="cover__meta muted">Pack prepared ${escapeHtml(formatDateTime(input.generatedAt))} from Placeboard.</p>` +
    `<div class="cover__columns"><div class="cover__signoff"><h2 id="signoff">Agreement and sign-off</h2>` +
    `<table><caption>Sign-off of this ${version ? 'version' : 'board'} by partner</caption>` +
    `<thead><tr><th scope="col">Partner</th><th scope="col">State</th><th scope="col">By</th><th scope="col">When</th><th scope="col">Comment</th></tr></thead>` +
    `<tbody>${body}</tbody></table></div>` +
    `<nav class="cover__contents" aria-labelledby="contents-title"><h2 id="contents-title">Contents</h2><ol>${contents}</ol></nav></div>` +
    `</section>`
  );
}

function section(id: string, title: string, body: string): string {
  return `<section class="pack-section" id="${id}" aria-labelledby="${id}-title"><h2 id="${id}-title">${escapeHtml(title)}</h2>${body}</section>`;
}

function purposesSection(doc: Y.Doc): string {
  const { values, broken } = valid(listPurposes(doc));
  if (values.length === 0) return '<p class="muted">No purpose has been written yet.</p>' + brokenNote(broken, 'purpose');
  return (
    values
      .map((purpose: Purpose) => {
        const title = purpose.title.trim() || 'Untitled purpose';
        const cohort: [string, string][] = [];
        if (purpose.cohortWho?.trim()) cohort.push(['Who', purpose.cohortWho]);
        if (purpose.cohortWhere?.trim()) cohort.push(['Where', purpose.cohortWhere]);
        if (purpose.cohortSize !== undefined && purpose.cohortSize !== '') {
          cohort.push(['How many', typeof purpose.cohortSize === 'number' ? purpose.cohortSize.toLocaleString('en-GB') : purpose.cohortSize]);
        }
        if (purpose.cohort.trim()) cohort.push([cohort.length > 0 ? 'Notes' : 'Cohort', purpose.cohort]);
        const cohortHtml =
          cohort.length > 0
            ? `<dl class="cohort" aria-label="Cohort">${cohort.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`
            : '';
        const fragment = getPurposeFragment(doc, purpose.id);
        const text =
          fragment && !isRichTextEmpty(fragment)
            ? renderRichText(fragment, { headingLevel: 4, tableCaption: (n) => `Table ${n} of “${title}”` })
            : '<p class="muted">No text yet.</p>';
        return `<article class="purpose" aria-labelledby="purpose-${escapeHtml(purpose.id)}"><h3 id="purpose-${escapeHtml(purpose.id)}">${escapeHtml(title)}</h3>${cohortHtml}<div class="rich">${text}</div></article>`;
      })
      .join('') + brokenNote(broken, 'purpose')
  );
}

function mapsSection(doc: Y.Doc): string {
  const { values, broken } = valid(listMapViews(doc));
  if (values.length === 0) {
    return '<p class="muted">No map views have been saved. Save a view on the board’s map to show it here.</p>' + brokenNote(broken, 'map view');
  }
  return (
    values
      .map((view) => {
        const image = renderMapView(doc, view, MAP_IMAGE_SIZE);
        return `<div class="map-view"><h3>${escapeHtml(view.name)}</h3>${mapFigureHtml(image)}</div>`;
      })
      .join('') + brokenNote(broken, 'map view')
  );
}

function canvasSection(items: CanvasItem[], partners: Partner[]): string {
  const frames = items.filter((item) => item.kind === 'frame');
  if (frames.length === 0) return '<p class="muted">The outcome canvas has no frames. Group cards in a frame to show them here.</p>';
  return frames
    .map((frame) => {
      const name = frame.text.trim() || 'Untitled frame';
      const html = renderFrameHtml(frame, { items, partners, maxWidth: 1000, maxHeight: 560 });
      return `<div class="canvas-frame"><h3>${escapeHtml(name)}</h3>${html}</div>`;
    })
    .join('');
}

function agreementCell(entry: AgreementEntry | undefined): string {
  if (!entry) return '<td><span class="state state--none">No position</span></td>';
  const when = entry.at > 0 ? `, ${formatDate(entry.at)}` : '';
  return `<td><span class="state state--${escapeHtml(stateClass(entry.state))}">${escapeHtml(capitalise(entry.state))}</span><span class="cell-note">${escapeHtml(entry.by)}${escapeHtml(when)}</span></td>`;
}

function outcomesSection(items: CanvasItem[], partners: Partner[], brokenItems: number): string {
  const outcomes = items.filter((item) => item.kind === 'outcome');
  if (outcomes.length === 0) return '<p class="muted">No outcomes on the canvas yet.</p>' + brokenNote(brokenItems, 'canvas item');
  const owners = new Map(partners.map((p) => [p.id as string, p.organisation]));
  const partnerHeads = partners.map((p) => `<th scope="col">${escapeHtml(p.organisation)}</th>`).join('');
  const rows = outcomes
    .map((card) => {
      const target = card.target.trim() ? card.target : '';
      const by = card.byWhen ? `<span class="cell-note">by ${escapeHtml(formatIsoDate(card.byWhen))}</span>` : '';
      const lead = card.ownerPartnerId ? owners.get(card.ownerPartnerId) : undefined;
      return (
        `<tr><th scope="row">${escapeHtml(card.text.trim() || 'Untitled outcome')}${lead ? `<span class="cell-note">Lead: ${escapeHtml(lead)}</span>` : ''}</th>` +
        `<td>${escapeHtml(card.indicator)}${card.dataSource.trim() ? `<span class="cell-note">Source: ${escapeHtml(card.dataSource)}</span>` : ''}</td>` +
        `<td>${escapeHtml(card.baseline)}</td><td>${escapeHtml(target)}${by}</td>` +
        partners.map((p) => agreementCell(card.agreement[p.id])).join('') +
        `<td>${escapeHtml(agreementSummary(card, partners).text)}</td></tr>`
      );
    })
    .join('');
  const table =
    `<table><caption>Outcomes with their measures and each partner’s agreement</caption>` +
    `<thead><tr><th scope="col">Outcome</th><th scope="col">Indicator</th><th scope="col">Baseline</th><th scope="col">Target</th>${partnerHeads}<th scope="col">Agreement</th></tr></thead>` +
    `<tbody>${rows}</tbody></table>`;
  const described = outcomes.filter((card) => card.description.trim());
  const details =
    described.length > 0
      ? `<h3>What each outcome means</h3><dl class="outcome-details">${described
          .map((card) => `<dt>${escapeHtml(card.text.trim() || 'Untitled outcome')}</dt><dd>${escapeHtml(card.description)}</dd>`)
          .join('')}</dl>`
      : '';
  const none = partners.length === 0 ? '<p class="muted">No partners are on the board yet, so no agreement is recorded.</p>' : '';
  return table + none + details + brokenNote(brokenItems, 'canvas item');
}

function partnersSection(doc: Y.Doc, partners: Partner[], brokenPartners: number): string {
  const register =
    partners.length === 0
      ? '<p class="muted">No partners have been added yet.</p>'
      : `<table><caption>Partner organisations: sector, lead, how committed they are, their role, to whom they answer and how to reach them</caption><thead><tr><th scope="col">Organisation</th><th scope="col">Sector</th><th scope="col">Lead</th><th scope="col">Commitment</th><th scope="col">Role</th><th scope="col">Accountable to</th><th scope="col">Contact</th></tr></thead><tbody>${partners
          .map(
            (p) =>
              `<tr><th scope="row">${escapeHtml(p.organisation)}</th><td>${escapeHtml(p.sector)}</td><td>${escapeHtml(p.lead)}</td>` +
              `<td>${escapeHtml(capitalise(p.commitment))}</td><td>${escapeHtml(p.role)}</td><td>${escapeHtml(p.accountability)}</td><td>${escapeHtml(p.contact)}</td></tr>`,
          )
          .join('')}</tbody></table>`;
  const outcomes = listOutcomes(doc);
  let matrix: string;
  if (outcomes.length === 0 || partners.length === 0) {
    matrix = `<p class="muted">${outcomes.length === 0 ? 'There are no outcomes to hold partners to account for yet.' : 'There are no partners to hold to account yet.'}</p>`;
  } else {
    const several = new Set(outcomesWithSeveralAccountable(doc));
    const rows = outcomes
      .map((outcome) => {
        const roles = accountabilityOf(doc, outcome.id);
        const flag = several.has(outcome.id) ? '<span class="cell-note">More than one partner is accountable: agree one.</span>' : '';
        return (
          `<tr><th scope="row">${escapeHtml(outcome.title.trim() || 'Untitled outcome')}${flag}</th>` +
          partners
            .map((p) => {
              const role = roles[p.id];
              return role ? `<td class="raci">${role}<span class="visually-hidden"> (${RACI_LABELS[role]})</span></td>` : '<td class="raci"><span class="visually-hidden">None</span></td>';
            })
            .join('') +
          `</tr>`
        );
      })
      .join('');
    const key = RACI_ROLES.map((r) => `<strong>${r}</strong> ${RACI_LABELS[r]}`).join(', ');
    matrix =
      `<table><caption>Who is Responsible, Accountable, Consulted or Informed for each outcome</caption><thead><tr><th scope="col">Outcome</th>${partners
        .map((p) => `<th scope="col">${escapeHtml(p.organisation)}</th>`)
        .join('')}</tr></thead><tbody>${rows}</tbody></table><p class="muted">Key: ${key}.</p>`;
  }
  return `<h3>Partner register</h3>${register}${brokenNote(brokenPartners, 'partner')}<h3>Accountability</h3>${matrix}`;
}

function labelOf(list: readonly { id: string; label: string }[], id: string | undefined): string {
  if (!id) return '';
  return list.find((item) => item.id === id)?.label ?? id;
}

function governanceTable(caption: string, columns: string[], entries: GovernanceEntry[], cells: (entry: GovernanceEntry) => string[], empty: string): string {
  if (entries.length === 0) return `<p class="muted">${escapeHtml(empty)}</p>`;
  const head = columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('');
  const rows = entries
    .map((entry) => {
      const [first = '', ...rest] = cells(entry);
      return `<tr><th scope="row">${first}</th>${rest.map((c) => `<td>${c}</td>`).join('')}</tr>`;
    })
    .join('');
  return `<table><caption>${escapeHtml(caption)}</caption><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

function withDetail(title: string, detail: string): string {
  return `${escapeHtml(title)}${detail.trim() ? `<span class="cell-note">${escapeHtml(detail)}</span>` : ''}`;
}

function governanceSection(doc: Y.Doc): string {
  const { values, broken } = valid(listGovernanceEntries(doc));
  const of = (kind: GovernanceEntry['kind']) => values.filter((e) => e.kind === kind);
  const decisions = governanceTable(
    'Decisions taken by the partnership, who took them, when and why',
    ['Decision', 'Decided by', 'Date', 'Rationale', 'Status'],
    of('decision'),
    (e) => [withDetail(e.title, e.detail), escapeHtml(e.decidedBy ?? ''), escapeHtml(formatIsoDate(e.decidedOn)), escapeHtml(e.rationale ?? ''), escapeHtml(capitalise(e.status))],
    'No decisions have been recorded.',
  );
  const sharing = governanceTable(
    'Personal data shared between partners, on what lawful basis, and its information-governance checks',
    ['Data flow', 'Purpose', 'Data items', 'Lawful basis', 'Health data', 'Controllers', 'IG lead', 'DPIA', 'Review', 'Status'],
    of('data-sharing'),
    (e) => [
      withDetail(e.title, e.detail),
      escapeHtml(e.purpose ?? ''),
      escapeHtml(e.dataItems ?? ''),
      escapeHtml(labelOf(LAWFUL_BASES, e.lawfulBasis)),
      e.includesHealthData === undefined
        ? ''
        : e.includesHealthData
          ? `Yes${e.article9Condition ? `<span class="cell-note">${escapeHtml(labelOf(ARTICLE_9_CONDITIONS, e.article9Condition))}</span>` : ''}`
          : 'No',
      escapeHtml(e.controllers ?? ''),
      escapeHtml(e.igLead ?? ''),
      escapeHtml(e.dpiaStatus ? capitalise(e.dpiaStatus) : ''),
      escapeHtml(formatIsoDate(e.reviewDate)),
      escapeHtml(capitalise(e.status)),
    ],
    'No data sharing has been recorded.',
  );
  const risks = governanceTable(
    'Risks to the plan, scored likelihood × impact (each 1 to 5), with owner and mitigation',
    ['Risk', 'Likelihood', 'Impact', 'Score', 'Rating', 'Owner', 'Mitigation', 'Status'],
    of('risk'),
    (e) => {
      const score = riskScore(e);
      const rating = score === undefined ? undefined : riskRating(score);
      return [
        withDetail(e.title, e.detail),
        e.likelihood === undefined ? '' : `${e.likelihood} of 5`,
        e.impact === undefined ? '' : `${e.impact} of 5`,
        score === undefined ? '' : String(score),
        rating ? `<span class="rating rating--${rating}">${RISK_RATING_LABELS[rating]}</span>` : '',
        escapeHtml(e.owner ?? ''),
        escapeHtml(e.mitigation ?? ''),
        escapeHtml(capitalise(e.status)),
      ];
    },
    'No risks have been recorded.',
  );
  return `<h3>Decisions</h3>${decisions}<h3>Data sharing</h3>${sharing}<h3>Risks</h3>${risks}${brokenNote(broken, 'governance entry')}`;
}

/** The order a kind of community knowledge comes in: the page's own order, then any other kind a record names. */
function categoryRank(category: string): number {
  const rank = (COMMUNITY_CATEGORIES as readonly string[]).indexOf(category);
  return rank === -1 ? COMMUNITY_CATEGORIES.length : rank;
}

/**
 * What community groups told the partnership: the contributions a moderator published, by kind, each with where it
 * is as the moderation list describes it. Those still waiting for a moderator are only counted; hidden ones are left
 * out. Nothing says who sent them.
 */
function communitySection(doc: Y.Doc): string {
  // As the public community page shows them: without who added them.
  const published = publishedContributions(doc).sort((a, b) => categoryRank(a.category) - categoryRank(b.category) || a.createdAt - b.createdAt);
  const { values, broken } = valid(listContributions(doc));
  const pending = values.filter((contribution) => contribution.status === 'pending').length;
  const waiting =
    pending === 0
      ? ''
      : `<p class="muted">${pending} more ${pending === 1 ? 'contribution is' : 'contributions are'} waiting for a moderator and ${pending === 1 ? 'is' : 'are'} not in this pack.</p>`;
  if (published.length === 0) return `<p class="muted">No community knowledge has been published on this board.</p>${waiting}${brokenNote(broken, 'contribution')}`;
  const places = readNamedPlaces(doc);
  const rows = published
    .map(
      (c) =>
        `<tr><th scope="row">${escapeHtml(communityCategoryLabel(c.category))}</th><td>${escapeHtml(c.text)}</td>` +
        `<td>${escapeHtml(locationNote(c.point ?? undefined, places))}</td><td>${escapeHtml(formatDate(c.createdAt))}</td></tr>`,
    )
    .join('');
  return (
    `<p>Local knowledge that community groups sent through the board's community link and a moderator published. ` +
    `Nobody was asked who they are, and nothing here says.</p>` +
    `<table><caption>Published community knowledge, by kind</caption>` +
    `<thead><tr><th scope="col">Kind</th><th scope="col">What they told us</th><th scope="col">Where</th><th scope="col">Added</th></tr></thead>` +
    `<tbody>${rows}</tbody></table>${waiting}${brokenNote(broken, 'contribution')}`
  );
}

/**
 * The board pack as one self-contained HTML document: a cover (board, version or "Current board", sign-off by
 * partner, contents), then the purposes with their cohorts and text, each saved map view drawn as SVG with its key
 * and credits, the published community knowledge, the outcome canvas's frames, outcomes with their measures and
 * each partner's agreement, the partner register and the accountability (RACI) matrix, and the governance log. Each
 * section starts a new printed page (A4 landscape). Everything a person typed is escaped; nothing is loaded from
 * anywhere (styles are inline and the page's Content-Security-Policy allows nothing else).
 */
export function renderPackHtml(input: PackInput): string {
  const { doc } = input;
  const meta = getBoardMeta(doc);
  const title = meta.title.trim() || 'Untitled board';
  const items = valid(listCanvasItems(doc));
  const partners = valid(listPartners(doc));
  const sections: Record<(typeof PACK_SECTIONS)[number]['id'], string> = {
    purposes: purposesSection(doc),
    maps: mapsSection(doc),
    community: communitySection(doc),
    canvas: canvasSection(items.values, partners.values),
    outcomes: outcomesSection(items.values, partners.values, items.broken),
    partners: partnersSection(doc, partners.values, partners.broken),
    governance: governanceSection(doc),
  };
  const outcomes = items.values.filter((item) => item.kind === 'outcome');
  const agreedByAll = partners.values.length === 0 ? 0 : outcomes.filter((card) => agreementSummary(card, partners.values).agreed === partners.values.length).length;
  const glance: [number, string, string][] = [
    [valid(listPurposes(doc)).values.length, 'purpose', 'purposes'],
    [valid(listMapViews(doc)).values.length, 'map view', 'map views'],
    [publishedContributions(doc).length, 'community contribution', 'community contributions'],
    [outcomes.length, 'outcome', 'outcomes'],
    [agreedByAll, 'outcome agreed by every partner', 'outcomes agreed by every partner'],
    [partners.values.length, 'partner', 'partners'],
    [valid(listGovernanceEntries(doc)).values.length, 'governance entry', 'governance entries'],
  ];
  const body = PACK_SECTIONS.map((s) => section(s.id, s.title, sections[s.id])).join('');
  // The basemap is not in the pack (maps are drawn from the board's own layers), so its credit is not either.
  const credits = dedupeCredits((meta.attribution ?? []).filter((line) => !isBasemapCredit(line)))
    .map((line) => `<li>${escapeHtml(line)}</li>`)
    .join('');
  return (
    `<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${PACK_CONTENT_SECURITY_POLICY}">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(`Board pack: ${title} (${versionLabel(input)})`)}</title>` +
    `<style>${PACK_CSS}</style></head><body>` +
    `<main id="main">${cover(input, title, meta.neighbourhood, glance)}${body}</main>` +
    `<footer class="pack-footer"><p>${escapeHtml(packFooterText(input))}. Prepared ${escapeHtml(formatDateTime(input.generatedAt))}.</p>` +
    (credits ? `<p>Data on this board:</p><ul>${credits}</ul>` : '') +
    `</footer></body></html>`
  );
}

/**
 * What the pack's page may load: nothing but its own inline styles and data: images. Sent as a header with
 * pack.html too, so user text that somehow escaped escaping still could not run or fetch anything.
 */
export const PACK_CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'";
