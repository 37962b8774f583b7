import {
  ARTICLE_9_CONDITIONS,
  DPIA_STATUSES,
  GOVERNANCE_STATUSES,
  LAWFUL_BASES,
  type GovernanceEntry,
  type GovernanceKind,
  type GovernanceSortKey,
} from '@placeboard/board';

/** How a governance field is edited. */
export type FieldInput = 'text' | 'textarea' | 'date' | 'select' | 'checkbox' | 'rating';

/** One field of a governance entry as the forms and tables show it. */
export interface GovernanceField {
  key: keyof GovernanceEntry & GovernanceSortKey;
  label: string;
  input: FieldInput;
  /** Shown as a column of the table. */
  column: boolean;
  required?: boolean;
  hint?: string;
  options?: readonly { id: string; label: string }[];
  /** Shown (and required) only when another boolean field is ticked. */
  when?: keyof GovernanceEntry;
  /** What the field holds in the form of a new entry (empty when not given). */
  initial?: string;
  maxLength?: number;
}

const plain = (values: readonly string[]) => values.map((v) => ({ id: v, label: v.charAt(0).toUpperCase() + v.slice(1) }));

/** The status field of a kind: the statuses of `GOVERNANCE_STATUSES`, a new entry starting at the first. */
const status = (kind: GovernanceKind, hint: string): GovernanceField => ({
  key: 'status',
  label: 'Status',
  input: 'select',
  column: true,
  required: true,
  options: plain(GOVERNANCE_STATUSES[kind]),
  initial: GOVERNANCE_STATUSES[kind][0],
  hint,
});

/** What each kind of entry records, in order: data, not a form per kind. */
export const GOVERNANCE_FIELDS: Record<GovernanceKind, GovernanceField[]> = {
  decision: [
    { key: 'title', label: 'What was decided', input: 'text', column: true, required: true, maxLength: 300 },
    { key: 'decidedBy', label: 'Who decided', input: 'text', column: true, maxLength: 300, hint: 'A person, board or group' },
    { key: 'decidedOn', label: 'Date', input: 'date', column: true },
    { key: 'rationale', label: 'Rationale', input: 'textarea', column: true, maxLength: 10_000 },
    status('decision', 'Open until it is decided; superseded once a later decision replaces it'),
  ],
  'data-sharing': [
    { key: 'title', label: 'Data flow', input: 'text', column: true, required: true, maxLength: 300 },
    { key: 'purpose', label: 'Purpose', input: 'textarea', column: true, maxLength: 2000 },
    { key: 'dataItems', label: 'Data items', input: 'textarea', column: true, maxLength: 2000 },
    { key: 'lawfulBasis', label: 'Lawful basis (UK GDPR Article 6)', input: 'select', column: true, options: LAWFUL_BASES },
    { key: 'includesHealthData', label: 'Includes health data', input: 'checkbox', column: true, hint: 'Special category data under Article 9' },
    {
      key: 'article9Condition',
      label: 'Article 9 condition',
      input: 'select',
      column: true,
      options: ARTICLE_9_CONDITIONS,
      when: 'includesHealthData',
      required: true,
    },
    { key: 'controllers', label: 'Controllers', input: 'text', column: true, maxLength: 2000 },
    { key: 'igLead', label: 'IG lead', input: 'text', column: true, maxLength: 200 },
    { key: 'dpiaStatus', label: 'DPIA status', input: 'select', column: true, options: plain(DPIA_STATUSES) },
    { key: 'reviewDate', label: 'Review date', input: 'date', column: true },
    status('data-sharing', 'Open until every controller has agreed it; ended once the data no longer flows'),
  ],
  risk: [
    { key: 'title', label: 'Risk', input: 'text', column: true, required: true, maxLength: 300 },
    { key: 'likelihood', label: 'Likelihood', input: 'rating', column: true, hint: '1 rare to 5 almost certain' },
    { key: 'impact', label: 'Impact', input: 'rating', column: true, hint: '1 negligible to 5 catastrophic' },
    { key: 'owner', label: 'Owner', input: 'text', column: true, maxLength: 300 },
    { key: 'mitigation', label: 'Mitigation', input: 'textarea', column: true, maxLength: 10_000 },
    status('risk', 'Closed once it can no longer happen, or the board has accepted it'),
  ],
};

/** Headings and the singular noun of each kind. */
export const KIND_NAMES: Record<GovernanceKind, { heading: string; noun: string }> = {
  decision: { heading: 'Decisions', noun: 'decision' },
  'data-sharing': { heading: 'Data-sharing register', noun: 'data-sharing entry' },
  risk: { heading: 'Risks', noun: 'risk' },
};

/** The label of an option id, or the stored text itself (entries written before the select existed). */
export function optionLabel(field: GovernanceField, value: unknown): string {
  if (value === undefined || value === null || value === '') return '';
  return field.options?.find((o) => o.id === value)?.label ?? String(value);
}

/** A status as the Governance pane's tables show it: its option's label, or the stored text (an older entry's). */
export function statusLabel(kind: GovernanceKind, status: string): string {
  const field = GOVERNANCE_FIELDS[kind].find((f) => f.key === 'status');
  return field ? optionLabel(field, status) : status;
}
