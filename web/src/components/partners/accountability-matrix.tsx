import { useState } from 'react';
import type * as Y from 'yjs';
import {
  RACI_LABELS,
  RACI_ROLES,
  accountabilityOf,
  listOutcomes,
  outcomesWithSeveralAccountable,
  setAccountability,
  type Partner,
  type RaciRole,
} from '@placeboard/board';
import { useAnnounce } from '../../lib/announce';
import { useBoardValue } from '../../hooks/use-y-observe';
import { useBoardAccess } from '../access/board-access';
import { WideTable } from './wide-table';

/**
 * The accountability matrix: outcome cards (rows) × partners (columns), a RACI role in each cell, stored on
 * the outcome card and edited live. Only one partner may be Accountable for an outcome. A role that cannot edit the
 * plan reads the roles as text.
 */
export function AccountabilityMatrix({ doc, partners }: { doc: Y.Doc; partners: Partner[] }) {
  const { canEditPlan } = useBoardAccess();
  const matrix = useBoardValue(doc, ['canvas'], (d) => {
    const outcomes = listOutcomes(d).map((outcome) => ({ ...outcome, roles: accountabilityOf(d, outcome.id) }));
    return { outcomes, clashes: new Set(outcomesWithSeveralAccountable(d)) };
  });
  const [error, setError] = useState<string | null>(null);
  const announce = useAnnounce();
  const name = (id: string) => partners.find((p) => p.id === id)?.organisation ?? 'another partner';

  const change = (outcome: { id: string; title: string }, partner: Partner, value: string): void => {
    const role = value === '' ? null : (value as RaciRole);
    const result = setAccountability(doc, outcome.id, partner.id, role);
    if (result.ok) {
      setError(null);
      announce(role ? `${partner.organisation} is ${RACI_LABELS[role]} for ${outcome.title || 'this outcome'}.` : `Cleared ${partner.organisation} on ${outcome.title || 'this outcome'}.`);
    } else if (result.reason === 'already_accountable') {
      setError(
        `${name(result.partnerId)} is already accountable for “${outcome.title || 'this outcome'}”. Only one partner can be ` +
          'accountable: change theirs first.',
      );
    } else setError('That outcome has been deleted.');
  };

  return (
    <section aria-labelledby="raci-heading" className="partners-section" data-testid="accountability-matrix">
      <h2 id="raci-heading">Accountability matrix</h2>
      <p className="hint" id="raci-help">
        For each outcome on the Outcomes canvas, who is <strong>R</strong>esponsible (does the work),{' '}
        <strong>A</strong>ccountable (answers for it; one partner only), <strong>C</strong>onsulted and{' '}
        <strong>I</strong>nformed.
      </p>
      {error && (
        <p className="error-message" role="alert" data-testid="raci-error">
          {error}
        </p>
      )}
      {matrix.outcomes.length === 0 || partners.length === 0 ? (
        <p data-testid="raci-empty">
          {matrix.outcomes.length === 0 ? 'Add outcome cards on the Outcomes canvas to fill the matrix.' : 'Add partners to fill the matrix.'}
        </p>
      ) : (
        <WideTable>
          <table className="data-table raci-table" aria-describedby="raci-help">
            <caption className="visually-hidden">Outcomes by partner, with RACI roles</caption>
            <thead>
              <tr>
                <th scope="col">Outcome</th>
                {partners.map((partner) => (
                  <th key={partner.id} scope="col" className="raci-table__partner">
                    {partner.organisation}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {matrix.outcomes.map((outcome) => (
                <tr key={outcome.id} data-testid="raci-row" data-outcome-id={outcome.id}>
                  <th scope="row">
                    {outcome.title || <span className="hint">Untitled outcome</span>}
                    {matrix.clashes.has(outcome.id) && (
                      <span className="raci-table__clash" data-testid="raci-clash">
                        More than one partner is accountable: agree one.
                      </span>
                    )}
                  </th>
                  {partners.map((partner) => {
                    const role = outcome.roles[partner.id];
                    return (
                      <td key={partner.id} className={role ? `raci-table__cell raci-table__cell--${role}` : 'raci-table__cell'}>
                        {!canEditPlan ? (
                          <span data-testid="raci-cell" data-outcome-id={outcome.id} data-partner-id={partner.id}>
                            {role ? (
                              `${role} (${RACI_LABELS[role]})`
                            ) : (
                              <>
                                <span aria-hidden="true">–</span>
                                <span className="visually-hidden">none</span>
                              </>
                            )}
                          </span>
                        ) : (
                          <select
                            aria-label={`${partner.organisation} on ${outcome.title || 'untitled outcome'}`}
                            data-testid="raci-cell"
                            data-outcome-id={outcome.id}
                            data-partner-id={partner.id}
                            value={role ?? ''}
                            onChange={(event) => change(outcome, partner, event.target.value)}
                          >
                            <option value="">–</option>
                            {RACI_ROLES.map((r) => (
                              <option key={r} value={r}>
                                {r} ({RACI_LABELS[r]})
                              </option>
                            ))}
                          </select>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </WideTable>
      )}
    </section>
  );
}
