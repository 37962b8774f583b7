import type { BoardId } from '@placeboard/board';
import type { BoardVersion, SignoffState, VersionPartner, VersionSignoff, VersionStatus } from './version-types.js';

/* Rows of the version tables as both SQL stores read them, and the mappers from rows to versions. */

export interface VersionRow {
  id: string;
  board_id: string;
  number: number;
  name: string;
  note: string;
  partners: string;
  created_by: string;
  created_by_name: string;
  created_at: number;
  status: string;
  proposed_at: number | null;
  agreed_at: number | null;
}
export interface SignoffRow {
  version_id: string;
  partner_id: string;
  state: string;
  comment: string;
  by_actor: string;
  by_name: string;
  at: number;
}

/** Every column but the state, which only {@link VersionStore.getVersionState} reads. */
export const VERSION_COLUMNS =
  'id, board_id, number, name, note, partners, created_by, created_by_name, created_at, status, proposed_at, agreed_at';

export const toSignoff = (row: SignoffRow): VersionSignoff => ({
  partnerId: row.partner_id,
  state: row.state as SignoffState,
  comment: row.comment,
  byActor: row.by_actor,
  byName: row.by_name,
  at: row.at,
});

/** A row as a version, its sign-offs in the order of its partners (answers for partners it lacks are dropped). */
export function toVersion(row: VersionRow, signoffRows: readonly SignoffRow[]): BoardVersion {
  const partners = JSON.parse(row.partners) as VersionPartner[];
  const byPartner = new Map(signoffRows.map((s) => [s.partner_id, toSignoff(s)]));
  return {
    id: row.id,
    boardId: row.board_id as BoardId,
    number: row.number,
    name: row.name,
    note: row.note,
    createdBy: row.created_by,
    createdByName: row.created_by_name,
    createdAt: row.created_at,
    status: row.status as VersionStatus,
    proposedAt: row.proposed_at,
    agreedAt: row.agreed_at,
    partners,
    signoffs: partners.flatMap((p) => byPartner.get(p.id) ?? []),
  };
}
