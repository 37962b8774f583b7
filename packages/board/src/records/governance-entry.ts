import { z } from 'zod';
import type { RecordId } from '../ids.js';
import { recordBaseSchema } from './record.js';

export const GOVERNANCE_KINDS = ['decision', 'data-sharing', 'risk'] as const;
/** What a governance entry is: `kind` decides which of the optional fields apply. */
export type GovernanceKind = (typeof GOVERNANCE_KINDS)[number];

/**
 * The statuses the forms offer for each kind, the one a new entry starts with first. `status` itself stays free
 * text (see the schema), so entries written before these existed, or by a template, keep what they say.
 */
export const GOVERNANCE_STATUSES = {
  decision: ['open', 'decided', 'superseded'],
  'data-sharing': ['open', 'agreed', 'ended'],
  risk: ['open', 'closed'],
} as const satisfies Record<GovernanceKind, readonly string[]>;

/** The six lawful bases for processing personal data, UK GDPR Article 6(1). */
export const LAWFUL_BASES = [
  { id: '6(1)(a)', label: 'Consent (Art. 6(1)(a))' },
  { id: '6(1)(b)', label: 'Contract (Art. 6(1)(b))' },
  { id: '6(1)(c)', label: 'Legal obligation (Art. 6(1)(c))' },
  { id: '6(1)(d)', label: 'Vital interests (Art. 6(1)(d))' },
  { id: '6(1)(e)', label: 'Public task (Art. 6(1)(e))' },
  { id: '6(1)(f)', label: 'Legitimate interests (Art. 6(1)(f))' },
] as const;

/** The conditions for processing special category data (health data among them), UK GDPR Article 9(2). */
export const ARTICLE_9_CONDITIONS = [
  { id: '9(2)(a)', label: 'Explicit consent (Art. 9(2)(a))' },
  { id: '9(2)(b)', label: 'Employment, social security and social protection (Art. 9(2)(b))' },
  { id: '9(2)(c)', label: 'Vital interests (Art. 9(2)(c))' },
  { id: '9(2)(d)', label: 'Not-for-profit bodies (Art. 9(2)(d))' },
  { id: '9(2)(e)', label: 'Made public by the data subject (Art. 9(2)(e))' },
  { id: '9(2)(f)', label: 'Legal claims or judicial acts (Art. 9(2)(f))' },
  { id: '9(2)(g)', label: 'Reasons of substantial public interest (Art. 9(2)(g))' },
  { id: '9(2)(h)', label: 'Health or social care (Art. 9(2)(h))' },
  { id: '9(2)(i)', label: 'Public health (Art. 9(2)(i))' },
  { id: '9(2)(j)', label: 'Archiving, research and statistics (Art. 9(2)(j))' },
] as const;

/** Where a data protection impact assessment stands. */
export const DPIA_STATUSES = ['not started', 'in progress', 'complete', 'not needed'] as const;
export type DpiaStatus = (typeof DPIA_STATUSES)[number];

const isoDate = z.string().regex(/^(\d{4}-\d{2}-\d{2})?$/, 'expected a date as YYYY-MM-DD');
const rating = z.number().int().min(1).max(5);

/**
 * An entry in the governance log: a decision, a data-sharing register entry or a risk. `kind` discriminates;
 * the fields of every kind are optional, so entries written before a field existed still read, and no
 * migration is needed. `title` is what was decided, the data flow, or the risk. Rules that span fields (an
 * Article 9 condition when health data is shared) are checked by {@link governanceEntryProblems}, not here:
 * a half-finished entry a colleague is still typing must read as an entry, not as a broken record.
 */
export const governanceEntrySchema = recordBaseSchema.extend({
  kind: z.enum(GOVERNANCE_KINDS),
  title: z.string().min(1).max(300),
  detail: z.string().max(10_000).default(''),
  status: z.string().max(100).default('open'),
  /** Decision: who decided (a person, a board or a group). */
  decidedBy: z.string().max(300).optional(),
  /** Decision: the date it was made, YYYY-MM-DD. */
  decidedOn: isoDate.optional(),
  /** Decision: why. */
  rationale: z.string().max(10_000).optional(),
  /** Data sharing: purpose of the processing. */
  purpose: z.string().max(2000).optional(),
  /** Data sharing: the data items shared. */
  dataItems: z.string().max(2000).optional(),
  /** Data sharing: UK GDPR Article 6 lawful basis, one of {@link LAWFUL_BASES} ids (older entries: free text). */
  lawfulBasis: z.string().max(300).optional(),
  /** Data sharing: whether health (special category) data is involved. */
  includesHealthData: z.boolean().optional(),
  /** Data sharing: Article 9(2) condition, one of {@link ARTICLE_9_CONDITIONS} ids. */
  article9Condition: z.string().max(300).optional(),
  /** Data sharing: the data controllers. */
  controllers: z.string().max(2000).optional(),
  /** Data sharing: information-governance lead. */
  igLead: z.string().max(200).optional(),
  /** Data sharing: DPIA status. */
  dpiaStatus: z.enum(DPIA_STATUSES).optional(),
  /** Data sharing: when the agreement is next reviewed, YYYY-MM-DD. */
  reviewDate: isoDate.optional(),
  /** Risk: likelihood, 1 (rare) to 5 (almost certain). */
  likelihood: rating.optional(),
  /** Risk: impact, 1 (negligible) to 5 (catastrophic). */
  impact: rating.optional(),
  /** Risk: who owns it. */
  owner: z.string().max(300).optional(),
  /** Risk: what is being done about it. */
  mitigation: z.string().max(10_000).optional(),
});
export type GovernanceEntry = z.infer<typeof governanceEntrySchema> & { id: RecordId };

/** What is wrong with an entry beyond its field types (empty when nothing): rules that span fields. */
export function governanceEntryProblems(entry: Partial<GovernanceEntry>): string[] {
  const problems: string[] = [];
  if (entry.kind === 'data-sharing' && entry.includesHealthData === true && !entry.article9Condition) {
    problems.push('an Article 9 condition is required when health data is involved');
  }
  return problems;
}
