import type * as Y from 'yjs';
import type { RecordId } from './ids.js';
import { partnerSchema, type Partner, type PartnerCommitment, type PartnerSector } from './records/partner.js';
import { createRecordMap, patchRecordMap, readRecord, recordIn, type Author, type ReadResult } from './records/record.js';
import { getRoots } from './roots.js';
import { validThenBroken } from './sorted.js';
import { clearAccountabilityOf } from './accountability.js';

/** What it takes to add a partner: an organisation and a sector; the rest defaults to empty / unknown. */
export interface NewPartner {
  organisation: string;
  sector: PartnerSector;
  lead?: string;
  contact?: string;
  commitment?: PartnerCommitment;
  role?: string;
  accountability?: string;
  notes?: string;
}

/** The fields of a partner that an edit may change. */
export type PartnerPatch = Partial<NewPartner>;

/** Fields of a partner a table can sort by. */
export const PARTNER_SORT_KEYS = ['organisation', 'sector', 'lead', 'contact', 'commitment', 'role', 'accountability', 'notes'] as const;
export type PartnerSortKey = (typeof PARTNER_SORT_KEYS)[number];

/** Ascending or descending. */
export type SortDirection = 'ascending' | 'descending';

const editable = partnerSchema.pick({
  organisation: true,
  sector: true,
  lead: true,
  contact: true,
  commitment: true,
  role: true,
  accountability: true,
  notes: true,
});

/** Adds a partner and returns its id. Throws a zod error for fields the schema refuses (empty organisation...). */
export function addPartner(doc: Y.Doc, fields: NewPartner, author: Author): RecordId {
  const checked = editable.parse(fields);
  const { partners } = getRoots(doc);
  let id!: RecordId;
  doc.transact(() => {
    const record = createRecordMap(author, checked);
    partners.set(record.id, record.map);
    id = record.id;
  });
  return id;
}

/** Changes fields of a partner; does nothing if it was deleted meanwhile. Throws a zod error for refused values. */
export function updatePartner(doc: Y.Doc, id: string, patch: PartnerPatch, author: Author): void {
  const parsed = editable.partial().parse(patch);
  // zod 4 fills defaults even in a partial schema: keep only the fields the patch names.
  const checked = Object.fromEntries(Object.entries(parsed).filter(([key]) => key in patch && patch[key as keyof PartnerPatch] !== undefined));
  const record = recordIn(getRoots(doc).partners, id);
  if (!record) return;
  doc.transact(() => patchRecordMap(record, checked, author));
}

/** Removes a partner, and its places in the accountability matrix. */
export function deletePartner(doc: Y.Doc, id: string): void {
  doc.transact(() => {
    getRoots(doc).partners.delete(id);
    clearAccountabilityOf(doc, id);
  });
}

/** Every partner by organisation name (then id); broken records come last, reported rather than dropped. */
export function listPartners(doc: Y.Doc): ReadResult<Partner>[] {
  const results = [...getRoots(doc).partners.entries()].map(
    ([id, record]) => readRecord(partnerSchema, id, record) as ReadResult<Partner>,
  );
  return validThenBroken(results, (a, b) => comparePartners(a, b, 'organisation'));
}

const ORDERS: Partial<Record<PartnerSortKey, readonly string[]>> = {
  sector: ['NHS', 'local authority', 'social care', 'VCSE', 'community', 'other'],
  commitment: ['committed', 'engaged', 'performative', 'unknown'],
};

function comparePartners(a: Partner, b: Partner, key: PartnerSortKey): number {
  const order = ORDERS[key];
  let result: number;
  if (order) result = order.indexOf(a[key]) - order.indexOf(b[key]);
  else result = a[key].localeCompare(b[key], 'en-GB', { sensitivity: 'base', numeric: true });
  if (result !== 0) return result;
  if (key !== 'organisation') {
    result = a.organisation.localeCompare(b.organisation, 'en-GB', { sensitivity: 'base', numeric: true });
    if (result !== 0) return result;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Partners sorted by one field, in a new array. Sector and commitment sort in their own order (NHS first;
 * committed first), text alphabetically ignoring case; ties fall back to organisation, then id, so every
 * client shows one order. Empty text sorts first ascending.
 */
export function sortPartners(partners: readonly Partner[], key: PartnerSortKey, direction: SortDirection = 'ascending'): Partner[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return [...partners].sort((a, b) => sign * comparePartners(a, b, key));
}
