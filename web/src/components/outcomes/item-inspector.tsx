import { useEffect, useMemo, useRef, useState } from 'react';
import type * as Y from 'yjs';
import {
  AGREEMENT_STATES,
  agreementRows,
  agreementSummary,
  listFeatures,
  listLayers,
  STICKY_COLOURS,
  type AgreementState,
  type CanvasItem,
  type CanvasItemPatch,
} from '@placeboard/board';
import { useBoardValue } from '../../hooks/use-y-observe';
import { useBoardAccess } from '../access/board-access';
import { KIND_LABELS } from './canvas-item-card';

interface ItemInspectorProps {
  doc: Y.Doc;
  item: CanvasItem;
  partners: readonly { id: string; organisation: string }[];
  onPatch: (id: string, patch: CanvasItemPatch) => void;
  onAgreement: (id: string, partnerId: string, state: AgreementState | null) => void;
}

/** A text field that shows the stored value until focused, and saves on blur or Enter. */
function StoredField({
  name,
  label,
  value,
  onSave,
  multiline = false,
  type = 'text',
}: {
  name: string;
  label: string;
  value: string;
  onSave: (value: string) => void;
  multiline?: boolean;
  type?: 'text' | 'date';
}) {
  const [draft, setDraft] = useState(value);
  const focused = useRef(false);
  useEffect(() => {
    if (!focused.current) setDraft(value);
  }, [value]);
  const save = (next: string): void => {
    if (next !== value) onSave(next);
  };
  const common = {
    name,
    id: `inspector-${name}`,
    value: draft,
    onFocus: () => {
      focused.current = true;
    },
    onBlur: () => {
      focused.current = false;
      save(draft);
    },
  };
  return (
    <label className="inspector__field">
      <span>{label}</span>
      {multiline ? (
        <textarea {...common} rows={3} onChange={(e) => setDraft(e.currentTarget.value)} />
      ) : (
        <input
          {...common}
          type={type}
          onChange={(e) => {
            setDraft(e.currentTarget.value);
            if (type === 'date') save(e.currentTarget.value);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') save(e.currentTarget.value);
          }}
        />
      )}
    </label>
  );
}

function agreementLabel(state: AgreementState): string {
  return state === 'agreed' ? 'Agreed' : state === 'concerns' ? 'Concerns' : 'Not yet';
}

function formatWhen(at: number): string {
  return at > 0 ? new Date(at).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }) : 'date unknown';
}

/**
 * The side panel for the one selected item: a sticky's colour, an outcome card's fields, agreement and map links,
 * a frame's name, a connector's label.
 */
export function ItemInspector({ doc, item, partners, onPatch, onAgreement }: ItemInspectorProps) {
  const label = KIND_LABELS[item.kind];
  const patch = (p: CanvasItemPatch) => onPatch(item.id, p);
  return (
    <aside className="inspector" aria-label={`${label} details`} data-testid="item-inspector" data-inspector-item-id={item.id}>
      <h3 className="inspector__title">{label}</h3>
      {(item.kind === 'sticky' || item.kind === 'frame' || item.kind === 'text') && (
        <StoredField name="text" label={item.kind === 'frame' ? 'Name' : 'Text'} value={item.text} onSave={(text) => patch({ text })} multiline={item.kind !== 'frame'} />
      )}
      {(item.kind === 'sticky' || item.kind === 'frame') && (
        <fieldset className="inspector__colours" data-testid="colour-picker">
          <legend>Colour</legend>
          {STICKY_COLOURS.map((colour) => (
            <button
              key={colour}
              type="button"
              className="colour-swatch"
              style={{ backgroundColor: colour }}
              aria-label={`Colour ${colour}`}
              aria-pressed={item.colour === colour}
              data-testid="colour-swatch"
              data-colour={colour}
              onClick={() => patch({ colour })}
            />
          ))}
        </fieldset>
      )}
      {item.kind === 'connector' && (
        <StoredField name="label" label="Label" value={item.label ?? ''} onSave={(value) => patch({ label: value })} />
      )}
      {item.kind === 'outcome' && <OutcomeEditor doc={doc} item={item} partners={partners} patch={patch} onAgreement={onAgreement} />}
    </aside>
  );
}

function OutcomeEditor({
  doc,
  item,
  partners,
  patch,
  onAgreement,
}: {
  doc: Y.Doc;
  item: CanvasItem;
  partners: readonly { id: string; organisation: string }[];
  patch: (p: CanvasItemPatch) => void;
  onAgreement: ItemInspectorProps['onAgreement'];
}) {
  const summary = agreementSummary(item, partners);
  // Each partner records its own agreement: only the row of this person's partner can be changed.
  const { mayRecordAgreement, partnerId, canEditPlan } = useBoardAccess();
  const ownPartner = partners.find((p) => p.id === partnerId && mayRecordAgreement(p.id));
  return (
    <>
      <form className="inspector__form" data-testid="outcome-editor" onSubmit={(e) => e.preventDefault()}>
        <StoredField name="title" label="Title" value={item.text} onSave={(text) => patch({ text })} />
        <StoredField name="description" label="Description" value={item.description} onSave={(description) => patch({ description })} multiline />
        <StoredField name="indicator" label="Indicator" value={item.indicator} onSave={(indicator) => patch({ indicator })} />
        <StoredField name="baseline" label="Baseline" value={item.baseline} onSave={(baseline) => patch({ baseline })} />
        <StoredField name="target" label="Target" value={item.target} onSave={(target) => patch({ target })} />
        <StoredField name="byWhen" label="By when" type="date" value={item.byWhen} onSave={(byWhen) => patch({ byWhen })} />
        <StoredField name="dataSource" label="Data source" value={item.dataSource} onSave={(dataSource) => patch({ dataSource })} />
        <label className="inspector__field">
          <span>Owner partner</span>
          <select
            name="ownerPartnerId"
            value={item.ownerPartnerId ?? ''}
            onChange={(e) => patch({ ownerPartnerId: e.currentTarget.value || null })}
          >
            <option value="">No owner yet</option>
            {partners.map((p) => (
              <option key={p.id} value={p.id}>
                {p.organisation}
              </option>
            ))}
          </select>
        </label>
      </form>
      <section className="inspector__section" aria-labelledby="agreement-heading">
        <h4 id="agreement-heading">Agreement</h4>
        <p data-testid="inspector-agreement-summary">{summary.text}</p>
        {partners.length === 0 && <p className="hint">Add partners on the Partners tab to record their agreement.</p>}
        {partners.length > 0 && (
          <p className="hint" data-testid="agreement-hint">
            {ownPartner
              ? `Each partner records its own agreement: you record it for ${ownPartner.organisation}.`
              : canEditPlan
                ? 'Each partner records its own agreement. A board owner can link you to your partner on the Members page.'
                : 'Each partner records its own agreement.'}
          </p>
        )}
        <ul className="agreement-list">
          {agreementRows(item, partners).map(({ partner, entry }) => (
            <li key={partner.id} data-testid="agreement-row" data-partner-id={partner.id} data-state={entry?.state ?? ''}>
              {mayRecordAgreement(partner.id) ? (
                <label>
                  <span className="agreement-list__partner">{partner.organisation}</span>
                  <select
                    value={entry?.state ?? ''}
                    data-testid="agreement-set"
                    data-partner-id={partner.id}
                    onChange={(e) => onAgreement(item.id, partner.id, (e.currentTarget.value || null) as AgreementState | null)}
                  >
                    <option value="">No position</option>
                    {AGREEMENT_STATES.map((state) => (
                      <option key={state} value={state}>
                        {agreementLabel(state)}
                      </option>
                    ))}
                  </select>
                </label>
              ) : (
                <span>
                  <span className="agreement-list__partner">{partner.organisation}</span>:{' '}
                  <span data-testid="agreement-state">{entry ? agreementLabel(entry.state) : 'No position'}</span>
                </span>
              )}
              {entry && (
                <span className="agreement-list__by" data-testid="agreement-by">
                  set by {entry.by}, {formatWhen(entry.at)}
                </span>
              )}
            </li>
          ))}
        </ul>
      </section>
      <MapLinks doc={doc} item={item} patch={patch} />
    </>
  );
}

/** Picker for the map layers and features an outcome card links to. */
function MapLinks({ doc, item, patch }: { doc: Y.Doc; item: CanvasItem; patch: (p: CanvasItemPatch) => void }) {
  const [query, setQuery] = useState('');
  const layers = useBoardValue(doc, ['layers'], (d) => listLayers(d).flatMap((r) => (r.ok ? [r.value] : [])));
  const featureNames = useBoardValue(doc, ['features'], (d) =>
    listFeatures(d).flatMap((r) => {
      if (!r.ok) return [];
      const props = r.value.properties as Record<string, unknown>;
      const name = typeof props.name === 'string' ? props.name : typeof props.Name === 'string' ? props.Name : r.value.id;
      return [{ id: r.value.id as string, name, layerId: r.value.layerId }];
    }),
  );
  const linked = new Set(item.featureIds);
  const matches = useMemo(() => {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    return featureNames.filter((f) => f.name.toLowerCase().includes(q) && !linked.has(f.id)).slice(0, 20);
  }, [query, featureNames, item.featureIds]);
  const toggleFeature = (id: string, on: boolean) =>
    patch({ featureIds: on ? [...new Set([...item.featureIds, id])] : item.featureIds.filter((f) => f !== id) });
  return (
    <section className="inspector__section" aria-labelledby="links-heading" data-testid="link-features">
      <h4 id="links-heading">Links to the map</h4>
      <fieldset>
        <legend>Layers</legend>
        {layers.length === 0 && <p className="hint">No layers yet.</p>}
        {layers.map((layer) => (
          <label key={layer.id} className="inspector__check">
            <input
              type="checkbox"
              checked={item.layerIds.includes(layer.id)}
              data-testid="link-layer"
              data-layer-id={layer.id}
              onChange={(e) =>
                patch({ layerIds: e.currentTarget.checked ? [...item.layerIds, layer.id] : item.layerIds.filter((l) => l !== layer.id) })
              }
            />
            {layer.name}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Features</legend>
        {featureNames
          .filter((f) => linked.has(f.id))
          .map((f) => (
            <label key={f.id} className="inspector__check">
              <input type="checkbox" checked data-testid="link-feature" data-feature-id={f.id} onChange={() => toggleFeature(f.id, false)} />
              {f.name}
            </label>
          ))}
        <label className="inspector__field">
          <span>Find a feature to link</span>
          <input type="search" value={query} onChange={(e) => setQuery(e.currentTarget.value)} data-testid="link-feature-search" />
        </label>
        {matches.map((f) => (
          <label key={f.id} className="inspector__check">
            <input type="checkbox" checked={false} data-testid="link-feature" data-feature-id={f.id} onChange={() => toggleFeature(f.id, true)} />
            {f.name}
          </label>
        ))}
      </fieldset>
    </section>
  );
}
