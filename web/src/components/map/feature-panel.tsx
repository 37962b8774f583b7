import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import {
  commentThreadSchema,
  getFeature,
  getRoots,
  listCanvasItems,
  listLayers,
  readRecord,
  setFeatureProperty,
  updateCanvasItem,
  type Author,
  type CanvasItem,
  type CommentThread,
} from '@placeboard/board';
import { useAwarenessUsers } from '../../hooks/use-awareness';
import { useBoardAccess } from '../access/board-access';
import { ViewOnlyHint } from '../access/view-only-hint';
import { isYourKey } from '../presence-order';
import { useBoardValue } from '../../hooks/use-y-observe';
import { useAnnounce } from '../../lib/announce';
import { geometryLabel } from '../../lib/geometry';
import { FEATURE_ID_PROPERTY } from './board-map-layers';
import { editingLabel } from './editing-highlights';
import { KIND_LABELS } from './layer-list';
import { featureName } from './feature-index';
import { ShapePoints, type PickPoint } from './shape-points';

interface FeaturePanelProps {
  doc: Y.Doc;
  author: Author;
  awareness: Awareness;
  featureId: string;
  /** Move focus to the panel's heading when it opens (not when it opens beside a drawing in progress). */
  focusOnOpen: boolean;
  /** True while this feature is selected for editing on the map. */
  editing: boolean;
  onEditGeometry: () => void;
  onStopEditing: () => void;
  onDelete: () => void;
  onClose: () => void;
  /** Chooses a point on the map, for moving or adding a point of the shape. */
  pickPoint: PickPoint;
}

function readPanel(doc: Y.Doc, featureId: string) {
  const result = getFeature(doc, featureId);
  if (!result) return { state: 'missing' as const };
  if (!result.ok) return { state: 'broken' as const, error: result.error };
  const feature = result.value;
  const layer = listLayers(doc).find((r) => r.ok && r.value.id === feature.layerId);
  const items = listCanvasItems(doc).flatMap((r) => (r.ok ? [r.value] : []));
  // Cards that name this feature, and cards linked to its whole layer.
  const linked = items.filter((item) => item.featureIds.includes(featureId) || item.layerIds.includes(feature.layerId));
  const outcomes = items.filter((item) => item.kind === 'outcome' && !item.featureIds.includes(featureId));
  const threads: CommentThread[] = [];
  for (const [id, record] of getRoots(doc).comments.entries()) {
    const thread = readRecord(commentThreadSchema, id, record);
    if (thread.ok && thread.value.anchor.kind === 'feature' && thread.value.anchor.id === featureId) {
      threads.push({ ...thread.value, id } as CommentThread);
    }
  }
  return {
    state: 'ok' as const,
    feature,
    layer: layer?.ok ? layer.value : undefined,
    linked,
    outcomes,
    threads,
  };
}

function displayValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Parses an edited value back to the type the property had (numbers stay numbers). */
function parseValue(text: string, previous: unknown): unknown {
  if (typeof previous === 'number') {
    const n = Number(text);
    if (text.trim() !== '' && Number.isFinite(n)) return n;
  }
  if (typeof previous === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

function cardTitle(item: CanvasItem): string {
  const firstLine = item.text.split('\n')[0]?.trim();
  return firstLine || `Untitled ${item.kind}`;
}

/**
 * The feature panel: a feature's layer, properties (edit values, add and remove fields), who else is editing
 * it, the outcome cards linked to it (and linking to another), and the comment threads anchored to it.
 */
export function FeaturePanel(props: FeaturePanelProps) {
  const { doc, author, awareness, featureId, focusOnOpen, editing, onEditGeometry, onStopEditing, onDelete, onClose, pickPoint } = props;
  const data = useBoardValue(doc, ['features', 'layers', 'canvas', 'comments'], (d) => readPanel(d, featureId), [featureId]);
  const users = useAwarenessUsers(awareness);
  // Viewers and contributors read a feature; only plan editors change it (the server refuses anyone else's change).
  const { presenceKey, canEditPlan } = useBoardAccess();
  const announce = useAnnounce();
  const editors = users.filter((u) => !u.isLocal && (u.state as { editing?: { featureId?: string } | null }).editing?.featureId === featureId);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const headingId = useId();

  useEffect(() => {
    if (focusOnOpen) headingRef.current?.focus();
  }, [featureId, focusOnOpen]);

  if (data.state !== 'ok') {
    return (
      <section className="feature-panel" aria-labelledby={headingId} data-testid="feature-panel" data-feature-id={featureId}>
        <h3 id={headingId} ref={headingRef} tabIndex={-1}>
          Feature
        </h3>
        <p role="alert">{data.state === 'missing' ? 'This feature has been deleted.' : `This feature could not be read: ${data.error}`}</p>
        <button type="button" className="button button--secondary" onClick={onClose} data-testid="feature-panel-close">
          Close
        </button>
      </section>
    );
  }

  const { feature, layer, linked, outcomes, threads } = data;
  const name = featureName(feature.properties) ?? `Unnamed ${geometryLabel(feature.geometry)}`;
  const editableGeometry = ['Point', 'LineString', 'Polygon'].includes(feature.geometry.type);

  return (
    <section className="feature-panel" aria-labelledby={headingId} data-testid="feature-panel" data-feature-id={featureId}>
      <div className="feature-panel__head">
        <h3 id={headingId} ref={headingRef} tabIndex={-1} data-testid="feature-panel-name">
          {name}
        </h3>
        <button type="button" className="icon-button" aria-label="Close feature panel" onClick={onClose} data-testid="feature-panel-close">
          ✕
        </button>
      </div>
      <p className="hint" data-testid="feature-panel-layer">
        {layer ? `${layer.name} (${KIND_LABELS[layer.kind]} layer)` : 'Layer not found'} · {geometryLabel(feature.geometry)}
      </p>
      {editors.length > 0 && (
        <p className="feature-panel__editors" data-testid="feature-editors">
          {editors.map((u) => (
            <span key={u.clientId} className="feature-panel__editor" style={{ borderColor: u.state.user.color }}>
              <span className="presence__dot" style={{ backgroundColor: u.state.user.color }} aria-hidden="true" />
              {editingLabel({ name: u.state.user.name, isYou: isYourKey(u.state.user.key, presenceKey) })}
            </span>
          ))}
        </p>
      )}
      {canEditPlan && (
        <div className="button-row feature-panel__actions">
          {editableGeometry &&
            (editing ? (
              <button type="button" className="button" onClick={onStopEditing} data-testid="feature-stop-editing">
                Done editing shape
              </button>
            ) : (
              <button type="button" className="button button--secondary" onClick={onEditGeometry} data-testid="feature-edit-geometry">
                Edit shape on map
              </button>
            ))}
          <button type="button" className="button button--secondary button--danger" onClick={onDelete} data-testid="feature-delete">
            Delete feature
          </button>
        </div>
      )}
      {canEditPlan && !editing && <ShapePoints doc={doc} author={author} featureId={featureId} geometry={feature.geometry} pickPoint={pickPoint} />}
      <PropertyEditor doc={doc} author={author} featureId={featureId} properties={feature.properties} readOnly={!canEditPlan} />
      <section aria-labelledby={`${headingId}-outcomes`} className="feature-panel__section">
        <h4 id={`${headingId}-outcomes`} tabIndex={-1}>
          Outcome cards
        </h4>
        {linked.length === 0 ? (
          <p className="hint">No cards on the outcome canvas refer to this feature.</p>
        ) : (
          <ul className="feature-panel__links" data-testid="feature-linked-cards">
            {linked.map((item) => (
              <li key={item.id} data-testid="feature-linked-card" data-item-id={item.id}>
                <span className="layer-list__swatch" style={{ backgroundColor: item.colour }} aria-hidden="true" /> {cardTitle(item)}{' '}
                {!item.featureIds.includes(featureId) ? (
                  <span className="hint">(linked to the whole layer)</span>
                ) : !canEditPlan ? null : (
                <button
                  type="button"
                  className="link-button"
                  aria-label={`Unlink ${cardTitle(item)}`}
                  data-testid="feature-unlink"
                  onClick={(event) => {
                    const section = event.currentTarget.closest('section');
                    updateCanvasItem(doc, item.id, { featureIds: item.featureIds.filter((f) => f !== featureId) }, author);
                    announce(`Unlinked ${cardTitle(item)}.`);
                    // The card leaves the list with this button: the keyboard goes to linking a card.
                    requestAnimationFrame(() => keyboardBackTo(section));
                  }}
                >
                  Unlink
                </button>
                )}
              </li>
            ))}
          </ul>
        )}
        {canEditPlan ? (
          <LinkOutcomeForm doc={doc} author={author} featureId={featureId} outcomes={outcomes} />
        ) : (
          <ViewOnlyHint>features are changed, and linked to outcome cards, by the board’s editors.</ViewOnlyHint>
        )}
      </section>
      <section aria-labelledby={`${headingId}-comments`} className="feature-panel__section">
        <h4 id={`${headingId}-comments`}>Comments</h4>
        {threads.length === 0 ? (
          <p className="hint">No comments on this feature yet.</p>
        ) : (
          <ul className="feature-panel__threads" data-testid="feature-comments">
            {threads.map((thread) => (
              <li key={thread.id} data-testid="feature-comment-thread">
                {thread.resolved && <strong>Resolved: </strong>}
                {thread.messages[0] ? `${thread.messages[0].author}: ${thread.messages[0].text}` : 'Empty thread'}
                {thread.messages.length > 1 && <span className="hint"> ({thread.messages.length - 1} replies)</span>}
              </li>
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}

function LinkOutcomeForm({ doc, author, featureId, outcomes }: { doc: Y.Doc; author: Author; featureId: string; outcomes: CanvasItem[] }) {
  const id = useId();
  const announce = useAnnounce();
  const [chosen, setChosen] = useState('');
  if (outcomes.length === 0) return <p className="hint">There are no other outcome cards to link.</p>;
  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    const item = outcomes.find((o) => o.id === chosen);
    if (!item) return;
    updateCanvasItem(doc, item.id, { featureIds: [...item.featureIds, featureId] }, author);
    announce(`Linked to outcome ${cardTitle(item)}.`);
    setChosen('');
    // With no card chosen Link is unavailable, and with no card left to link the form goes: the keyboard goes back to
    // the choice of card, or to the section's heading.
    const section = (event.currentTarget as HTMLElement).closest('section');
    requestAnimationFrame(() => keyboardBackTo(section));
  };
  return (
    <form className="inline-form" onSubmit={onSubmit} data-testid="feature-link-form">
      <label htmlFor={id}>Link to an outcome card</label>
      <div className="inline-form__row">
        <select id={id} value={chosen} onChange={(e) => setChosen(e.target.value)} data-testid="feature-link-select">
          <option value="">Choose a card…</option>
          {outcomes.map((o) => (
            <option key={o.id} value={o.id}>
              {cardTitle(o).slice(0, 80)}
            </option>
          ))}
        </select>
        <button type="submit" className="button button--secondary" disabled={!chosen} data-testid="feature-link-submit">
          Link
        </button>
      </div>
    </form>
  );
}

interface PropertyEditorProps {
  doc: Y.Doc;
  author: Author;
  featureId: string;
  properties: Record<string, unknown>;
  /** Shows the values as text, with no way to change, add or remove a field. */
  readOnly: boolean;
}

function PropertyEditor({ doc, author, featureId, properties, readOnly }: PropertyEditorProps) {
  const id = useId();
  const announce = useAnnounce();
  const entries = Object.entries(properties).filter(([key]) => key !== FEATURE_ID_PROPERTY);
  const [newKey, setNewKey] = useState('');
  const [newValue, setNewValue] = useState('');
  const [error, setError] = useState('');

  const onAdd = (event: FormEvent): void => {
    event.preventDefault();
    const key = newKey.trim();
    if (!key) return setError('Enter a field name.');
    if (key === FEATURE_ID_PROPERTY) return setError('That field name is reserved.');
    if (Object.keys(properties).some((k) => k.toLowerCase() === key.toLowerCase())) {
      return setError(`There is already a field called ${key}.`);
    }
    setFeatureProperty(doc, featureId, key, newValue, author);
    announce(`Field ${key} added.`);
    setNewKey('');
    setNewValue('');
    setError('');
  };

  return (
    <section aria-labelledby={`${id}-heading`} className="feature-panel__section">
      <h4 id={`${id}-heading`}>Properties</h4>
      {entries.length === 0 && <p className="hint">No properties yet.</p>}
      <dl className="property-list" data-testid="property-list">
        {entries.map(([key, value]) =>
          readOnly ? (
            <div key={key} className="property-list__row" data-testid="property-row" data-key={key}>
              <dt>{key}</dt>
              <dd data-testid="property-text">{displayValue(value)}</dd>
            </div>
          ) : (
            <PropertyRow key={key} doc={doc} author={author} featureId={featureId} name={key} value={value} />
          ),
        )}
      </dl>
      {!readOnly && (
        <form className="property-add" onSubmit={onAdd} noValidate data-testid="property-add-form">
          <fieldset>
            <legend>Add a field</legend>
            {error && (
              <p className="field__error" role="alert">
                {error}
              </p>
            )}
            <div className="property-add__row">
              <label htmlFor={`${id}-key`} className="visually-hidden">
                New field name
              </label>
              <input id={`${id}-key`} type="text" placeholder="Field name" value={newKey} maxLength={100} onChange={(e) => setNewKey(e.target.value)} data-testid="property-add-key" />
              <label htmlFor={`${id}-value`} className="visually-hidden">
                New field value
              </label>
              <input id={`${id}-value`} type="text" placeholder="Value" value={newValue} onChange={(e) => setNewValue(e.target.value)} data-testid="property-add-value" />
              <button type="submit" className="button button--secondary" data-testid="property-add-submit">
                Add
              </button>
            </div>
          </fieldset>
        </form>
      )}
    </section>
  );
}

function PropertyRow({ doc, author, featureId, name, value }: { doc: Y.Doc; author: Author; featureId: string; name: string; value: unknown }) {
  const id = useId();
  const announce = useAnnounce();
  const shown = displayValue(value);
  const [draft, setDraft] = useState(shown);
  const [focused, setFocused] = useState(false);
  // Follow remote edits unless the field is being typed in.
  useEffect(() => {
    if (!focused) setDraft(shown);
  }, [shown, focused]);
  const commit = (): void => {
    if (draft === shown) return;
    setFeatureProperty(doc, featureId, name, parseValue(draft, value), author);
    announce(`${name} saved.`);
  };
  return (
    <div className="property-list__row" data-testid="property-row" data-key={name}>
      <dt>
        <label htmlFor={id}>{name}</label>
      </dt>
      <dd>
        <input
          id={id}
          type="text"
          value={draft}
          data-testid="property-value"
          onFocus={() => setFocused(true)}
          onBlur={() => {
            setFocused(false);
            commit();
          }}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              commit();
            } else if (e.key === 'Escape') {
              setDraft(shown);
            }
          }}
        />
        <button
          type="button"
          className="icon-button"
          aria-label={`Remove field ${name}`}
          data-testid="property-remove"
          onClick={(event) => {
            const panel = event.currentTarget.closest('[data-testid="feature-panel"]');
            const rows = [...(panel?.querySelectorAll('[data-testid="property-row"]') ?? [])];
            const index = rows.findIndex((row) => row.getAttribute('data-key') === name);
            setFeatureProperty(doc, featureId, name, undefined, author);
            announce(`Field ${name} removed.`);
            // The keyboard goes to the field now in this one's place (or the last), else to adding one.
            requestAnimationFrame(() => {
              const left = panel?.querySelectorAll<HTMLElement>('[data-testid="property-remove"]');
              const next = left && left.length > 0 ? left[Math.min(index, left.length - 1)] : panel?.querySelector<HTMLElement>('[data-testid="property-add-key"]');
              next?.focus();
            });
          }}
        >
          ✕
        </button>
      </dd>
    </div>
  );
}

/** Puts the keyboard on the choice of a card to link in a feature's "Outcome cards" section, or on its heading. */
function keyboardBackTo(section: Element | null): void {
  (section?.querySelector<HTMLElement>('[data-testid="feature-link-select"]') ?? section?.querySelector<HTMLElement>('h4'))?.focus();
}
