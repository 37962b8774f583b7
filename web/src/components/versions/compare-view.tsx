import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import {
  diffText,
  type BoardDiff,
  type CanvasItemDiff,
  type DiffChange,
  type FeatureRef,
  type FieldChange,
  type GovernanceDiff,
  type LayerDiff,
  type PartnerDiff,
  type PurposeDiff,
  type TextDiff,
} from '@placeboard/board';
import { ApiError, getVersionDiff, type VersionRef } from '../../lib/api';
import { DiffLegend, DiffText } from './diff-text';
import { refLabel } from './format';

type DiffState = { kind: 'loading' } | { kind: 'loaded'; diff: BoardDiff } | { kind: 'failed'; message: string };

/** Past this many features, a list names the first ones and says how many more. */
const FEATURES_SHOWN = 25;

/**
 * What changed from `a` to `b` (versions or the current board), section by section, from the server's
 * `BoardDiff`: map layers with the features added, removed, moved and edited; purposes and outcome cards with
 * word-level text diffs; partners; governance. Focus moves to its heading once it has loaded.
 */
export function CompareView({ boardId, a, b }: { boardId: string; a: VersionRef; b: VersionRef }) {
  const [state, setState] = useState<DiffState>({ kind: 'loading' });
  const headingRef = useRef<HTMLHeadingElement>(null);
  const headingId = useId();

  useEffect(() => {
    let cancelled = false;
    setState({ kind: 'loading' });
    getVersionDiff(boardId, a, b).then(
      (diff) => !cancelled && setState({ kind: 'loaded', diff }),
      (error: unknown) =>
        !cancelled && setState({ kind: 'failed', message: error instanceof ApiError ? error.message : 'The comparison could not be made.' }),
    );
    return () => {
      cancelled = true;
    };
  }, [boardId, a, b]);

  useEffect(() => {
    if (state.kind !== 'loading') headingRef.current?.focus();
  }, [state.kind]);

  const title = `Changes from ${refLabel(a)} to ${refLabel(b)}`;
  return (
    <section className="compare" aria-labelledby={headingId} data-testid="compare-view" data-a={String(a)} data-b={String(b)} data-state={state.kind}>
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        {title}
      </h2>
      {state.kind === 'loading' && <p role="status">Comparing…</p>}
      {state.kind === 'failed' && (
        <p className="error-message" role="alert">
          {state.message}
        </p>
      )}
      {state.kind === 'loaded' && <DiffSections diff={state.diff} />}
    </section>
  );
}

function DiffSections({ diff }: { diff: BoardDiff }) {
  const { meta, purposes, outcomes, layout, partners, governance } = diff;
  const layers = diff.map.layers;
  if (diff.identical || layers.length + purposes.length + outcomes.length + layout.length + partners.length + governance.length + meta.length === 0) {
    return <p data-testid="compare-no-changes">No differences: the two are the same.</p>;
  }
  const { counts } = diff;
  return (
    <>
      <ul className="compare__summary" data-testid="compare-summary">
        <li>{sentence('Map layers', counts.layers)}</li>
        <li>
          Map features: {counts.features.added} added, {counts.features.removed} removed, {counts.features.moved} moved, {counts.features.edited} edited
        </li>
        <li>{sentence('Purposes', counts.purposes)}</li>
        <li>{sentence('Outcomes canvas items', counts.outcomes)}</li>
        <li>{sentence('Partners', counts.partners)}</li>
        <li>{sentence('Governance entries', counts.governance)}</li>
      </ul>
      <DiffLegend />
      {meta.length > 0 && (
        <DiffSection title="Board details" testId="diff-meta" empty="" count={meta.length}>
          <li className="diff-record">
            <FieldTable fields={meta} name="the board" />
          </li>
        </DiffSection>
      )}
      <DiffSection title="Map" testId="diff-map" empty="No change to the map." count={layers.length}>
        {layers.map((layer) => (
          <LayerChange key={layer.layerId} layer={layer} />
        ))}
      </DiffSection>
      <DiffSection title="Purposes" testId="diff-purposes" empty="No change to the purposes." count={purposes.length}>
        {purposes.map((purpose) => (
          <PurposeChange key={purpose.id} purpose={purpose} />
        ))}
      </DiffSection>
      <DiffSection title="Outcomes canvas" testId="diff-outcomes" empty="No change to the outcomes canvas." count={outcomes.length + layout.length}>
        {outcomes.map((item) => (
          <CanvasChange key={item.id} item={item} />
        ))}
        {layout.length > 0 && (
          <li className="diff-record" data-testid="diff-layout">
            <h4 className="diff-record__title">
              Moved or resized on the canvas <ChangeBadge change="changed" />
            </h4>
            <ul className="diff-features__list">
              {layout.map((item) => (
                <li key={item.id}>
                  {KIND_NAMES[item.kind] ?? 'Item'}: {item.title || 'Untitled'}
                </li>
              ))}
            </ul>
          </li>
        )}
      </DiffSection>
      <DiffSection title="Partners" testId="diff-partners" empty="No change to the partners." count={partners.length}>
        {partners.map((partner) => (
          <RecordChange key={partner.id} record={partner} name={partner.organisation} kindLabel="Partner" testId="diff-partner" />
        ))}
      </DiffSection>
      <DiffSection title="Governance" testId="diff-governance" empty="No change to the governance log." count={governance.length}>
        {governance.map((entry) => (
          <RecordChange key={entry.id} record={entry} name={entry.title} kindLabel={GOVERNANCE_NAMES[entry.kind] ?? 'Entry'} testId="diff-governance-entry" />
        ))}
      </DiffSection>
    </>
  );
}

/** "Purposes: 1 added, 0 removed, 2 changed", or "Purposes: no change". */
function sentence(label: string, counts: { added: number; removed: number; changed: number }): string {
  if (counts.added + counts.removed + counts.changed === 0) return `${label}: no change`;
  return `${label}: ${counts.added} added, ${counts.removed} removed, ${counts.changed} changed`;
}

function DiffSection({ title, testId, empty, count, children }: { title: string; testId: string; empty: string; count: number; children: ReactNode }) {
  const id = useId();
  return (
    <section className="compare__section" aria-labelledby={id} data-testid={testId}>
      <h3 id={id}>{title}</h3>
      {count === 0 ? <p className="hint">{empty}</p> : <ul className="diff-records">{children}</ul>}
    </section>
  );
}

const CHANGE_LABELS: Record<string, { word: string; mark: string }> = {
  added: { word: 'Added', mark: '+' },
  removed: { word: 'Removed', mark: '−' },
  changed: { word: 'Changed', mark: '~' },
  same: { word: 'Features changed', mark: '~' },
};

/** The kind of change in words, with a mark; the colour only repeats what the words say. */
export function ChangeBadge({ change }: { change: DiffChange }) {
  const shown = CHANGE_LABELS[change] ?? { word: change, mark: '~' };
  return (
    <span className={`change-badge change-badge--${change}`} data-testid="change-badge" data-change={change}>
      <span aria-hidden="true">{shown.mark} </span>
      {shown.word}
    </span>
  );
}

function LayerChange({ layer }: { layer: LayerDiff }) {
  const groups: [string, FeatureRef[]][] = [
    ['Features added', layer.features.added],
    ['Features removed', layer.features.removed],
    ['Features moved', layer.features.moved],
    ['Features edited', layer.features.edited],
  ];
  return (
    <li className="diff-record" data-testid="diff-layer" data-layer-id={layer.layerId} data-change={layer.change}>
      <h4 className="diff-record__title">
        <span className="diff-record__kind">Layer:</span> {layer.name || 'Untitled layer'} <ChangeBadge change={layer.change} />
      </h4>
      {layer.change === 'changed' && layer.fields.length > 0 && <FieldTable fields={layer.fields} name={layer.name} />}
      {groups
        .filter(([, features]) => features.length > 0)
        .map(([label, features]) => (
          <div key={label} className="diff-features" data-testid="diff-features">
            <p className="diff-features__label">
              {label} ({features.length})
            </p>
            <ul className="diff-features__list">
              {features.slice(0, FEATURES_SHOWN).map((feature) => (
                <li key={feature.id}>{feature.label || 'Unnamed feature'}</li>
              ))}
              {features.length > FEATURES_SHOWN && <li className="hint">and {features.length - FEATURES_SHOWN} more</li>}
            </ul>
          </div>
        ))}
    </li>
  );
}

function PurposeChange({ purpose }: { purpose: PurposeDiff }) {
  const fields = purpose.fields.filter((f) => f.field !== 'content');
  return (
    <li className="diff-record" data-testid="diff-purpose" data-change={purpose.change}>
      <h4 className="diff-record__title">
        <span className="diff-record__kind">Purpose:</span> {purpose.title || 'Untitled purpose'} <ChangeBadge change={purpose.change} />
      </h4>
      {purpose.change === 'changed' && fields.length > 0 && <FieldTable fields={fields} name={purpose.title} />}
      {purpose.text.length > 0 && <TextBlock label="Text" diff={purpose.text} testId="diff-purpose-text" />}
    </li>
  );
}

function CanvasChange({ item }: { item: CanvasItemDiff }) {
  return (
    <li className="diff-record" data-testid="diff-outcome" data-kind={item.kind} data-change={item.change}>
      <h4 className="diff-record__title">
        <span className="diff-record__kind">{KIND_NAMES[item.kind] ?? 'Item'}:</span> {item.title || 'Untitled'} <ChangeBadge change={item.change} />
      </h4>
      {item.text && item.text.length > 0 && <TextBlock label={item.kind === 'outcome' ? 'Title' : 'Text'} diff={item.text} testId="diff-outcome-text" />}
      {item.description && item.description.length > 0 && <TextBlock label="Description" diff={item.description} testId="diff-outcome-description" />}
      {item.change === 'changed' && item.fields.length > 0 && <FieldTable fields={item.fields} name={item.title} />}
    </li>
  );
}

function TextBlock({ label, diff, testId }: { label: string; diff: TextDiff; testId: string }) {
  return (
    <div className="diff-text-block">
      <p className="diff-features__label">{label}</p>
      <p className="diff-record__text">
        <DiffText ops={diff} testId={testId} />
      </p>
    </div>
  );
}

function RecordChange({ record, name, kindLabel, testId }: { record: PartnerDiff | GovernanceDiff; name: string; kindLabel: string; testId: string }) {
  return (
    <li className="diff-record" data-testid={testId} data-record-id={record.id} data-change={record.change}>
      <h4 className="diff-record__title">
        <span className="diff-record__kind">{kindLabel}:</span> {name || 'Untitled'} <ChangeBadge change={record.change} />
      </h4>
      {record.change === 'changed' && record.fields.length > 0 && <FieldTable fields={record.fields} name={name} />}
    </li>
  );
}

const KIND_NAMES: Record<string, string> = {
  sticky: 'Sticky note',
  outcome: 'Outcome',
  indicator: 'Indicator',
  frame: 'Frame',
  connector: 'Connector',
  text: 'Text',
};

const GOVERNANCE_NAMES: Record<string, string> = {
  decision: 'Decision',
  'data-sharing': 'Data sharing',
  risk: 'Risk',
};

/** Names of record fields as people know them; anything else is spelled out from its camelCase name. */
const FIELD_LABELS: Record<string, string> = {
  text: 'Text',
  title: 'Title',
  name: 'Name',
  description: 'Description',
  indicator: 'Indicator',
  baseline: 'Baseline',
  target: 'Target',
  byWhen: 'By when',
  dataSource: 'Data source',
  ownerPartnerId: 'Owner',
  featureIds: 'Linked features',
  layerIds: 'Linked layers',
  votes: 'Votes',
  agreement: 'Agreement',
  accountability: 'Accountability',
  colour: 'Colour',
  cohort: 'Cohort',
  cohortWho: 'Who it is for',
  cohortWhere: 'Where they live',
  cohortSize: 'How many',
  organisation: 'Organisation',
  sector: 'Sector',
  lead: 'Lead',
  contact: 'Contact',
  commitment: 'Commitment',
  role: 'Role',
  notes: 'Notes',
  detail: 'Detail',
  status: 'Status',
  decidedBy: 'Decided by',
  decidedOn: 'Decided on',
  rationale: 'Rationale',
  purpose: 'Purpose',
  dataItems: 'Data items',
  lawfulBasis: 'Lawful basis',
  includesHealthData: 'Includes health data',
  article9Condition: 'Article 9 condition',
  controllers: 'Controllers',
  igLead: 'IG lead',
  dpiaStatus: 'DPIA status',
  reviewDate: 'Review date',
  likelihood: 'Likelihood',
  impact: 'Impact',
  owner: 'Owner',
  mitigation: 'Mitigation',
  visible: 'Shown on the map',
  style: 'Style',
  kind: 'Kind',
  source: 'Source',
  viewport: 'Map view',
  neighbourhood: 'Neighbourhood',
  mapViews: 'Saved map views',
  slideNotes: 'Presenter notes',
};

function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? field.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
}

/** A field value as text: "" for nothing, lists joined, records as "key: value". */
function valueText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map(valueText).join(', ');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([key, v]) => `${key}: ${valueText(v)}`)
      .join('; ');
  }
  return String(value);
}

/** The fields of a record that changed, each as a word-level diff of before and after. */
function FieldTable({ fields, name }: { fields: readonly FieldChange[]; name: string }) {
  return (
    <table className="diff-fields">
      <caption className="visually-hidden">Fields of {name || 'this record'} that changed</caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Change</th>
        </tr>
      </thead>
      <tbody>
        {fields.map((change) => (
          <tr key={change.field}>
            <th scope="row">{fieldLabel(change.field)}</th>
            <td>
              <DiffText ops={diffText(valueText(change.before), valueText(change.after))} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
