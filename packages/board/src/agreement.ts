import * as Y from 'yjs';
import type { AgreementEntry, AgreementState, CanvasItem } from './records/canvas-item.js';
import { recordIn, type Author } from './records/record.js';
import { getRoots } from './roots.js';

/**
 * Records a partner's position on an outcome card: who set it (`author.name`) and when. `null` clears it.
 * Each partner is one key of the card's `agreement` Y.Map, so two partners setting theirs at once both stick.
 * Returns false when the card is gone.
 */
export function setAgreement(
  doc: Y.Doc,
  cardId: string,
  partnerId: string,
  state: AgreementState | null,
  author: Author,
): boolean {
  const agreement = recordIn(getRoots(doc).canvas, cardId)?.get('agreement');
  if (!(agreement instanceof Y.Map)) return false;
  doc.transact(() => {
    if (state === null) agreement.delete(partnerId);
    else agreement.set(partnerId, { state, by: author.name, at: (author.now ?? Date.now)() } satisfies AgreementEntry);
  });
  return true;
}

/** One partner's row in an outcome card's agreement list: the partner and their entry, or null for no position yet. */
export interface AgreementRow {
  partner: { id: string; organisation: string };
  entry: AgreementEntry | null;
}

/** Every partner with their position on the card, in the order of `partners`; positions of removed partners are left out. */
export function agreementRows(card: Pick<CanvasItem, 'agreement'>, partners: readonly { id: string; organisation: string }[]): AgreementRow[] {
  return partners.map((partner) => ({ partner, entry: card.agreement[partner.id] ?? null }));
}

/** How many of the board's partners agree with an outcome, and the sentence that says so. */
export interface AgreementSummary {
  agreed: number;
  total: number;
  /** E.g. "4 of 6 partners agree". */
  text: string;
}

/**
 * Summarises agreement on a card over the board's current partners (`partners`): a partner without a position
 * counts towards the total as not agreeing; positions of partners no longer on the board are not counted.
 */
export function agreementSummary(
  card: Pick<CanvasItem, 'agreement'>,
  partners: readonly { id: string }[],
): AgreementSummary {
  const total = partners.length;
  const agreed = partners.filter((p) => card.agreement[p.id]?.state === 'agreed').length;
  const text = total === 1 ? `${agreed} of 1 partner agrees` : `${agreed} of ${total} partners agree`;
  return { agreed, total, text };
}
