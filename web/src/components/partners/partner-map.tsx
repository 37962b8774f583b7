import { useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import type * as Y from 'yjs';
import {
  PARTNER_COMMITMENTS,
  PARTNER_SECTORS,
  updatePartner,
  type Author,
  type Partner,
  type PartnerCommitment,
  type PartnerSector,
} from '@placeboard/board';
import { useAnnounce } from '../../lib/announce';
import { useBoardAccess } from '../access/board-access';
import { COMMITMENT_LABELS, SECTOR_LABELS } from './labels';
import { WideTable } from './wide-table';

interface Cell {
  sector: PartnerSector;
  commitment: PartnerCommitment;
}

const DRAG_TYPE = 'application/x-placeboard-partner';

function cellName(cell: Cell): string {
  return `${SECTOR_LABELS[cell.sector]}, ${COMMITMENT_LABELS[cell.commitment].label}`;
}

/**
 * The partner map: partners placed by sector (columns) and commitment (rows). Move a card by dragging it, or
 * with the keyboard: Enter picks it up, the arrow keys choose a cell, Enter puts it down, Escape cancels. On a
 * touch screen, tap a card, then tap the cell to move it to. A move changes the partner's sector and
 * commitment for everyone at once. For a role that cannot edit the plan the cards are plain labels that stay put.
 */
export function PartnerMap({ doc, author, partners }: { doc: Y.Doc; author: Author; partners: Partner[] }) {
  const { canEditPlan } = useBoardAccess();
  const [moving, setMoving] = useState<{ id: string; target: Cell } | null>(null);
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  const announce = useAnnounce();
  const cards = useRef(new Map<string, HTMLButtonElement>());

  const move = (partner: Partner, cell: Cell): void => {
    setMoving(null);
    if (!canEditPlan) return;
    if (partner.sector === cell.sector && partner.commitment === cell.commitment) {
      announce(`${partner.organisation} stays in ${cellName(cell)}.`);
      return;
    }
    updatePartner(doc, partner.id, { sector: cell.sector, commitment: cell.commitment }, author);
    announce(`Moved ${partner.organisation} to ${cellName(cell)}.`);
    // The card re-renders in its new cell: keep focus on it.
    requestAnimationFrame(() => cards.current.get(partner.id)?.focus());
  };

  const onCardKeyDown = (event: KeyboardEvent<HTMLButtonElement>, partner: Partner): void => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      if (moving?.id === partner.id) move(partner, moving.target);
      else {
        setMoving({ id: partner.id, target: { sector: partner.sector, commitment: partner.commitment } });
        announce(`Picked up ${partner.organisation}. Arrow keys choose a cell, Enter puts it down, Escape cancels.`);
      }
      return;
    }
    if (moving?.id !== partner.id) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      setMoving(null);
      announce(`Move cancelled. ${partner.organisation} stays in ${cellName(partner)}.`);
      return;
    }
    const steps: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    const step = steps[event.key];
    if (!step) return;
    event.preventDefault();
    const column = PARTNER_SECTORS.indexOf(moving.target.sector) + step[0];
    const row = PARTNER_COMMITMENTS.indexOf(moving.target.commitment) + step[1];
    const sector = PARTNER_SECTORS[Math.max(0, Math.min(PARTNER_SECTORS.length - 1, column))] as PartnerSector;
    const commitment = PARTNER_COMMITMENTS[Math.max(0, Math.min(PARTNER_COMMITMENTS.length - 1, row))] as PartnerCommitment;
    setMoving({ id: partner.id, target: { sector, commitment } });
    announce(`${cellName({ sector, commitment })}. Enter to put ${partner.organisation} here.`);
  };

  const onDrop = (event: DragEvent<HTMLTableCellElement>, cell: Cell): void => {
    event.preventDefault();
    setDropTarget(null);
    const id = event.dataTransfer.getData(DRAG_TYPE);
    const partner = partners.find((p) => p.id === id);
    if (partner) move(partner, cell);
  };

  const movingPartner = moving ? partners.find((p) => p.id === moving.id) : undefined;

  return (
    <section aria-labelledby="partner-map-heading" className="partners-section" data-testid="partner-map">
      <h2 id="partner-map-heading">Partner map</h2>
      <p className="hint" id="partner-map-help">
        Where each partner sits by sector and commitment.
        {canEditPlan &&
          ' Drag a card to another cell, or select it and press Enter, choose a cell with the arrow keys and press Enter again. On a touch screen, tap a card and then a cell.'}
      </p>
      <WideTable>
        <table className="partner-map">
          <caption className="visually-hidden">Partners by sector (columns) and commitment (rows)</caption>
          <thead>
            <tr>
              <td />
              {PARTNER_SECTORS.map((sector) => (
                <th key={sector} scope="col">
                  {SECTOR_LABELS[sector]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {PARTNER_COMMITMENTS.map((commitment) => (
              <tr key={commitment}>
                <th scope="row" className={`partner-map__row partner-map__row--${commitment}`}>
                  {COMMITMENT_LABELS[commitment].label}
                  <span className="partner-map__row-hint">{COMMITMENT_LABELS[commitment].hint}</span>
                </th>
                {PARTNER_SECTORS.map((sector) => {
                  const key = `${sector}|${commitment}`;
                  const here = partners.filter((p) => p.sector === sector && p.commitment === commitment);
                  const isTarget = moving !== null && moving.target.sector === sector && moving.target.commitment === commitment;
                  const classes = ['partner-map__cell'];
                  if (isTarget) classes.push('is-target');
                  if (dropTarget === key) classes.push('is-drop-target');
                  return (
                    <td
                      key={sector}
                      className={classes.join(' ')}
                      data-testid="partner-map-cell"
                      data-sector={sector}
                      data-commitment={commitment}
                      onDragOver={(event) => {
                        if (!event.dataTransfer.types.includes(DRAG_TYPE)) return;
                        event.preventDefault();
                        event.dataTransfer.dropEffect = 'move';
                        if (dropTarget !== key) setDropTarget(key);
                      }}
                      onDragLeave={() => setDropTarget((old) => (old === key ? null : old))}
                      onDrop={(event) => onDrop(event, { sector, commitment })}
                      onClick={(event) => {
                        // Tap-to-move: a picked-up card goes to the cell tapped (not when the tap was on a card).
                        if (!movingPartner || (event.target as HTMLElement).closest('[data-testid="partner-card"]')) return;
                        move(movingPartner, { sector, commitment });
                      }}
                    >
                      {isTarget && movingPartner && (movingPartner.sector !== sector || movingPartner.commitment !== commitment) && (
                        <span className="partner-map__ghost" aria-hidden="true">
                          {movingPartner.organisation}
                        </span>
                      )}
                      <ul className="partner-map__cards">
                        {here.map((partner) => (
                          <li key={partner.id}>
                            {!canEditPlan ? (
                              <span
                                className={`partner-card partner-card--${partner.commitment}`}
                                data-testid="partner-card"
                                data-partner-id={partner.id}
                              >
                                <span className="partner-card__name">{partner.organisation}</span>
                                {partner.lead && <span className="partner-card__lead">{partner.lead}</span>}
                              </span>
                            ) : (
                              <button
                                type="button"
                                ref={(element) => {
                                  if (element) cards.current.set(partner.id, element);
                                  else cards.current.delete(partner.id);
                                }}
                                className={`partner-card partner-card--${partner.commitment}${moving?.id === partner.id ? ' is-moving' : ''}`}
                                draggable
                                aria-pressed={moving?.id === partner.id}
                                aria-describedby="partner-map-help"
                                data-testid="partner-card"
                                data-partner-id={partner.id}
                                onDragStart={(event) => {
                                  event.dataTransfer.setData(DRAG_TYPE, partner.id);
                                  event.dataTransfer.effectAllowed = 'move';
                                }}
                                onDragEnd={() => setDropTarget(null)}
                                onKeyDown={(event) => onCardKeyDown(event, partner)}
                                onClick={(event) => {
                                  // Keyboard Enter/Space are handled on keydown; this is a pointer tap.
                                  if (event.detail === 0) return;
                                  if (moving?.id === partner.id) setMoving(null);
                                  else {
                                    setMoving({ id: partner.id, target: { sector: partner.sector, commitment: partner.commitment } });
                                    announce(`Picked up ${partner.organisation}. Tap a cell to move it there.`);
                                  }
                                }}
                              >
                                <span className="partner-card__name">{partner.organisation}</span>
                                {partner.lead && <span className="partner-card__lead">{partner.lead}</span>}
                                {/* The name is the card's text, then its cell: the visible text stays in the name (WCAG 2.5.3). */}
                                <span className="visually-hidden">: {cellName(partner)}</span>
                              </button>
                            )}
                          </li>
                        ))}
                      </ul>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </WideTable>
    </section>
  );
}
