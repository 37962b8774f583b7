import * as Y from 'yjs';
import { recordIn, recordsIn } from './records/record.js';
import { getRoots } from './roots.js';

/** RACI: Responsible, Accountable, Consulted, Informed. */
export const RACI_ROLES = ['R', 'A', 'C', 'I'] as const;
export type RaciRole = (typeof RACI_ROLES)[number];

/** Names of the RACI roles, for labels. */
export const RACI_LABELS: Record<RaciRole, string> = {
  R: 'Responsible',
  A: 'Accountable',
  C: 'Consulted',
  I: 'Informed',
};

/** An outcome card as the accountability matrix lists it. */
export interface OutcomeSummary {
  id: string;
  /** The card's `title` when it has one, else its `text`. */
  title: string;
  z: string;
}

/** The outcome the result of {@link setAccountability} refers to. */
export type SetAccountabilityResult =
  | { ok: true }
  | { ok: false; reason: 'no_outcome' }
  /** Another partner is already Accountable for this outcome: only one may be. */
  | { ok: false; reason: 'already_accountable'; partnerId: string };

/** Key of the nested Y.Map (partner id -> RACI role) on an outcome card record. */
export const ACCOUNTABILITY_KEY = 'accountability';

function isRaciRole(value: unknown): value is RaciRole {
  return typeof value === 'string' && (RACI_ROLES as readonly string[]).includes(value);
}

function outcomeRecord(doc: Y.Doc, outcomeId: string): Y.Map<unknown> | undefined {
  const record = recordIn(getRoots(doc).canvas, outcomeId);
  return record && record.get('kind') === 'outcome' ? record : undefined;
}

/** The outcome cards of the canvas, in canvas order (then id), with the name the matrix shows. */
export function listOutcomes(doc: Y.Doc): OutcomeSummary[] {
  const out: OutcomeSummary[] = [];
  for (const record of recordsIn(getRoots(doc).canvas)) {
    if (record.get('kind') !== 'outcome') continue;
    const title = record.get('title');
    const text = record.get('text');
    const name = typeof title === 'string' && title.trim() ? title : typeof text === 'string' ? text : '';
    out.push({ id: String(record.get('id')), title: name, z: String(record.get('z') ?? '') });
  }
  return out.sort((a, b) => (a.z !== b.z ? (a.z < b.z ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Partner id -> RACI role for one outcome; unknown values written by a faulty client are skipped. */
export function accountabilityOf(doc: Y.Doc, outcomeId: string): Record<string, RaciRole> {
  const map = outcomeRecord(doc, outcomeId)?.get(ACCOUNTABILITY_KEY);
  const out: Record<string, RaciRole> = {};
  if (!(map instanceof Y.Map)) return out;
  for (const [partnerId, role] of map.entries()) if (isRaciRole(role)) out[partnerId] = role;
  return out;
}

/**
 * Sets (or with `null` clears) a partner's RACI role on an outcome card. At most one partner may be
 * Accountable per outcome: making a second one Accountable is refused and names the partner who is. (Two
 * people doing so at the same moment on two clients can still both succeed; {@link outcomesWithSeveralAccountable}
 * finds that so the matrix can flag it.)
 */
export function setAccountability(doc: Y.Doc, outcomeId: string, partnerId: string, role: RaciRole | null): SetAccountabilityResult {
  if (role !== null && !isRaciRole(role)) throw new RangeError(`not a RACI role: ${String(role)}`);
  const record = outcomeRecord(doc, outcomeId);
  if (!record) return { ok: false, reason: 'no_outcome' };
  if (role === 'A') {
    const holder = Object.entries(accountabilityOf(doc, outcomeId)).find(([id, r]) => r === 'A' && id !== partnerId);
    if (holder) return { ok: false, reason: 'already_accountable', partnerId: holder[0] };
  }
  doc.transact(() => {
    let map = record.get(ACCOUNTABILITY_KEY);
    if (!(map instanceof Y.Map)) {
      if (role === null) return;
      map = new Y.Map<string>();
      record.set(ACCOUNTABILITY_KEY, map);
    }
    const roles = map as Y.Map<string>;
    if (role === null) roles.delete(partnerId);
    else if (roles.get(partnerId) !== role) roles.set(partnerId, role);
  });
  return { ok: true };
}

/** Ids of outcomes where more than one partner is Accountable (possible only through concurrent edits). */
export function outcomesWithSeveralAccountable(doc: Y.Doc): string[] {
  return listOutcomes(doc)
    .filter((outcome) => Object.values(accountabilityOf(doc, outcome.id)).filter((r) => r === 'A').length > 1)
    .map((outcome) => outcome.id);
}

/** Removes a partner from every outcome's accountability (when the partner is deleted). */
export function clearAccountabilityOf(doc: Y.Doc, partnerId: string): void {
  doc.transact(() => {
    for (const record of recordsIn(getRoots(doc).canvas)) {
      const map = record.get(ACCOUNTABILITY_KEY);
      if (map instanceof Y.Map && map.has(partnerId)) map.delete(partnerId);
    }
  });
}
