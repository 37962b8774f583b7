import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import type * as Y from 'yjs';
import {
  PARTNER_COMMITMENTS,
  PARTNER_SECTORS,
  addPartner,
  deletePartner,
  sortPartners,
  updatePartner,
  type Author,
  type Partner,
  type PartnerCommitment,
  type PartnerPatch,
  type PartnerSector,
  type PartnerSortKey,
} from '@placeboard/board';
import { useAnnounce } from '../../lib/announce';
import { useBoardAccess } from '../access/board-access';
import { ViewOnlyHint } from '../access/view-only-hint';
import { ConfirmButton } from '../confirm-button';
import { EditableText } from './editable-cell';
import { COMMITMENT_LABELS, SECTOR_LABELS } from './labels';
import { SortHeader, type SortState } from './sort-header';
import { WideTable } from './wide-table';

const TEXT_COLUMNS: { key: Exclude<PartnerSortKey, 'sector' | 'commitment' | 'organisation'>; label: string; max: number; multiline?: boolean }[] = [
  { key: 'lead', label: 'Lead', max: 200 },
  { key: 'contact', label: 'Work contact', max: 300 },
  { key: 'role', label: 'Role', max: 2000, multiline: true },
  { key: 'accountability', label: 'Accountable to', max: 2000, multiline: true },
  { key: 'notes', label: 'Notes', max: 10_000, multiline: true },
];

/**
 * The partner register: every partner in a sortable table, editable with a form to add one for the roles that
 * edit the plan; read-only text for the others (the server refuses their edits).
 */
export function PartnerRegister({ doc, author, partners }: { doc: Y.Doc; author: Author; partners: Partner[] }) {
  const { canEditPlan } = useBoardAccess();
  const [sort, setSort] = useState<SortState<PartnerSortKey>>({ key: 'organisation', direction: 'ascending' });
  const headingRef = useRef<HTMLHeadingElement>(null);
  const announce = useAnnounce();
  const sorted = useMemo(() => sortPartners(partners, sort.key, sort.direction), [partners, sort]);
  const captionId = useId();

  const save = (partner: Partner, patch: PartnerPatch): void => {
    try {
      updatePartner(doc, partner.id, patch, author);
    } catch {
      announce(`Could not save the change to ${partner.organisation}.`);
    }
  };
  const header = (key: PartnerSortKey, label: string) => (
    <SortHeader sortKey={key} label={label} sort={sort} onSort={setSort} testIdPrefix="partners" />
  );

  return (
    <section aria-labelledby="partner-register-heading" className="partners-section" data-testid="partner-register">
      <h2 id="partner-register-heading" ref={headingRef} tabIndex={-1}>
        Partner register
      </h2>
      <p className="hint">
        Organisations in the partnership. Contacts are work contacts for the organisation (a role or a team mailbox),
        never residents’ details.
        {canEditPlan && ' Edit a cell and press Enter or move away to save; Escape undoes the edit.'}
      </p>
      {sorted.length === 0 ? (
        <p data-testid="partners-empty">No partners yet.{canEditPlan && ' Add the first one below.'}</p>
      ) : (
        <>
          {/* The table's name, above its scrolling box rather than a caption in it, which would scroll away. */}
          <p id={captionId} className="table-caption">
            Partners ({sorted.length}), sorted by {sort.key} {sort.direction}
          </p>
          <WideTable>
          <table className="data-table partners-table" aria-labelledby={captionId}>
            <thead>
              <tr>
                {header('organisation', 'Organisation')}
                {header('sector', 'Sector')}
                {header('commitment', 'Commitment')}
                {TEXT_COLUMNS.map((column) => (
                  <SortHeader key={column.key} sortKey={column.key} label={column.label} sort={sort} onSort={setSort} testIdPrefix="partners" />
                ))}
                {canEditPlan && (
                  <th scope="col" className="partners-table__actions">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {sorted.map((partner) => (
                <tr key={partner.id} data-testid="partner-row" data-partner-id={partner.id}>
                  <th scope="row">
                    {canEditPlan ? (
                      <EditableText
                        value={partner.organisation}
                        label="Organisation"
                        required
                        wrap
                        maxLength={200}
                        testId="partner-field-organisation"
                        onSave={(organisation) => save(partner, { organisation })}
                      />
                    ) : (
                      <span className="cell-text" data-testid="partner-field-organisation">
                        {partner.organisation}
                      </span>
                    )}
                  </th>
                  <td>
                    {canEditPlan ? (
                      <select
                        aria-label={`Sector of ${partner.organisation}`}
                        data-testid="partner-field-sector"
                        value={partner.sector}
                        onChange={(event) => save(partner, { sector: event.target.value as PartnerSector })}
                      >
                        {PARTNER_SECTORS.map((sector) => (
                          <option key={sector} value={sector}>
                            {SECTOR_LABELS[sector]}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <span data-testid="partner-field-sector">{SECTOR_LABELS[partner.sector]}</span>
                    )}
                  </td>
                  <td>
                    {canEditPlan ? (
                      <select
                        aria-label={`Commitment of ${partner.organisation}`}
                        data-testid="partner-field-commitment"
                        value={partner.commitment}
                        onChange={(event) => save(partner, { commitment: event.target.value as PartnerCommitment })}
                      >
                        {PARTNER_COMMITMENTS.map((commitment) => (
                          <option key={commitment} value={commitment}>
                            {COMMITMENT_LABELS[commitment].label}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <span data-testid="partner-field-commitment">{COMMITMENT_LABELS[partner.commitment].label}</span>
                    )}
                  </td>
                  {TEXT_COLUMNS.map((column) => (
                    <td key={column.key}>
                      {canEditPlan ? (
                        <EditableText
                          value={partner[column.key]}
                          label={`${column.label} of ${partner.organisation}`}
                          maxLength={column.max}
                          multiline={column.multiline ?? false}
                          wrap={!column.multiline}
                          testId={`partner-field-${column.key}`}
                          onSave={(value) => save(partner, { [column.key]: value })}
                        />
                      ) : (
                        <span className="cell-text" data-testid={`partner-field-${column.key}`}>
                          {partner[column.key]}
                        </span>
                      )}
                    </td>
                  ))}
                  {canEditPlan && (
                    <td className="partners-table__actions">
                      <ConfirmButton
                        label="✕"
                        accessibleLabel={`Delete ${partner.organisation}`}
                        title="Delete partner"
                        className="icon-button icon-button--danger"
                        question="Delete?"
                        accessibleQuestion={`Delete ${partner.organisation}?`}
                        confirmLabel="Delete"
                        testId="partner-delete"
                        onConfirm={() => {
                          deletePartner(doc, partner.id);
                          announce(`Deleted ${partner.organisation}.`);
                        }}
                        focusAfter={() => headingRef.current}
                      />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          </WideTable>
        </>
      )}
      {canEditPlan ? (
        <AddPartnerForm doc={doc} author={author} />
      ) : (
        <ViewOnlyHint>partners are added and changed by the board’s editors.</ViewOnlyHint>
      )}
    </section>
  );
}

function AddPartnerForm({ doc, author }: { doc: Y.Doc; author: Author }) {
  const [organisation, setOrganisation] = useState('');
  const [sector, setSector] = useState<PartnerSector>('NHS');
  const [commitment, setCommitment] = useState<PartnerCommitment>('unknown');
  const [lead, setLead] = useState('');
  const [contact, setContact] = useState('');
  const [error, setError] = useState<string | null>(null);
  const announce = useAnnounce();
  const id = useId();

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const name = organisation.trim();
    if (!name) {
      setError('Enter the name of the organisation');
      return;
    }
    addPartner(doc, { organisation: name, sector, commitment, lead: lead.trim(), contact: contact.trim() }, author);
    announce(`Added ${name}.`);
    setOrganisation('');
    setLead('');
    setContact('');
    setError(null);
  };

  return (
    <form className="add-form" onSubmit={submit} noValidate data-testid="partner-add-form" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Add a partner</h3>
      <div className="add-form__fields">
        <div className={error ? 'field field--error' : 'field'}>
          <label htmlFor={`${id}-org`}>Organisation</label>
          {error && (
            <p id={`${id}-error`} className="field__error" role="alert">
              <span className="visually-hidden">Error:</span> {error}
            </p>
          )}
          <input
            id={`${id}-org`}
            type="text"
            maxLength={200}
            value={organisation}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            data-testid="partner-add-organisation"
            onChange={(event) => setOrganisation(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-sector`}>Sector</label>
          <select id={`${id}-sector`} value={sector} data-testid="partner-add-sector" onChange={(event) => setSector(event.target.value as PartnerSector)}>
            {PARTNER_SECTORS.map((value) => (
              <option key={value} value={value}>
                {SECTOR_LABELS[value]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-commitment`}>Commitment</label>
          <select
            id={`${id}-commitment`}
            value={commitment}
            data-testid="partner-add-commitment"
            onChange={(event) => setCommitment(event.target.value as PartnerCommitment)}
          >
            {PARTNER_COMMITMENTS.map((value) => (
              <option key={value} value={value}>
                {COMMITMENT_LABELS[value].label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-lead`}>Lead</label>
          <input id={`${id}-lead`} type="text" maxLength={200} value={lead} data-testid="partner-add-lead" onChange={(event) => setLead(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-contact`}>Work contact</label>
          <p className="hint" id={`${id}-contact-hint`}>
            A role or team mailbox
          </p>
          <input
            id={`${id}-contact`}
            type="text"
            maxLength={300}
            value={contact}
            aria-describedby={`${id}-contact-hint`}
            data-testid="partner-add-contact"
            onChange={(event) => setContact(event.target.value)}
          />
        </div>
      </div>
      <button type="submit" className="button" data-testid="partner-add-submit">
        Add partner
      </button>
    </form>
  );
}
