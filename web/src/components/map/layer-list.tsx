import { useId, useRef, useState, type DragEvent, type FormEvent, type KeyboardEvent } from 'react';
import type * as Y from 'yjs';
import {
  addLayer,
  listFeatures,
  listLayers,
  moveLayer,
  setLayerPublished,
  updateLayer,
  type Author,
  type LayerKind,
  type MapLayer,
} from '@placeboard/board';
import { useRovingToolbar } from '../../hooks/use-roving-toolbar';
import { useBoardValue } from '../../hooks/use-y-observe';
import { useAnnounce } from '../../lib/announce';
import { useBoardAccess } from '../access/board-access';
import { ViewOnlyHint } from '../access/view-only-hint';
import { CommunityLayerKey } from '../community/community-layer-key';
import { categoryColoursFor, LAYER_PALETTE, NO_DATA_COLOUR } from './layer-style';
import { FocusKeepingButton } from '../focus-keeping-button';

/** Layer kinds a person can start empty from the layers panel (the others come from imports and joins). */
const NEW_LAYER_KINDS: { kind: LayerKind; label: string }[] = [
  { kind: 'drawing', label: 'Drawing (free annotation)' },
  { kind: 'assets', label: 'Assets (points)' },
  { kind: 'areas', label: 'Areas (polygons)' },
];

/** Human names of the layer kinds. */
export const KIND_LABELS: Record<LayerKind, string> = {
  boundary: 'Boundary',
  assets: 'Assets',
  areas: 'Areas',
  indicator: 'Indicator',
  drawing: 'Drawing',
};

interface LayerListProps {
  doc: Y.Doc;
  author: Author;
  /** Called after a layer is deleted, so the pane can offer Undo. */
  onDelete: (layer: MapLayer) => void;
}

function formatDate(ms: number): string {
  return new Date(ms).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
}

/**
 * The board's layers, top first: add, rename, reorder (drag, the up and down buttons, or Alt+Arrow keys),
 * show or hide, recolour, style by category and delete. Each shows its source and date, and a legend
 * for indicator and category styling. Layers are part of the plan: a role that cannot edit it sees them, their
 * sources and legends, and none of the controls (showing or hiding a layer changes it for everyone).
 */
export function LayerList({ doc, author, onDelete }: LayerListProps) {
  const { canEditPlan } = useBoardAccess();
  const layers = useBoardValue(doc, ['layers'], listLayers);
  const bottomFirst = layers.flatMap((result) => (result.ok ? [result.value] : []));
  const valid = [...bottomFirst].reverse();
  const broken = layers.filter((result) => !result.ok).length;
  const announce = useAnnounce();
  const [dragged, setDragged] = useState<string | null>(null);
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const move = (layer: MapLayer, delta: number): void => {
    const index = bottomFirst.findIndex((l) => l.id === layer.id);
    const to = index + delta;
    if (index < 0 || to < 0 || to >= bottomFirst.length) return;
    moveLayer(doc, layer.id, to, author);
    const place = bottomFirst.length - to;
    announce(`${layer.name} moved ${delta > 0 ? 'up' : 'down'}, now ${place} of ${bottomFirst.length}.`);
  };

  const onRowKeyDown = (event: KeyboardEvent<HTMLLIElement>, layer: MapLayer): void => {
    if (!canEditPlan || !event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
    event.preventDefault();
    move(layer, event.key === 'ArrowUp' ? 1 : -1);
  };

  const onDrop = (event: DragEvent<HTMLLIElement>, target: MapLayer): void => {
    event.preventDefault();
    const source = dragged ?? event.dataTransfer.getData('text/plain');
    setDragged(null);
    setDropTarget(null);
    if (!canEditPlan || !source || source === target.id) return;
    const from = bottomFirst.findIndex((l) => l.id === source);
    const others = bottomFirst.filter((l) => l.id !== source);
    const k = others.findIndex((l) => l.id === target.id);
    const targetIndex = bottomFirst.findIndex((l) => l.id === target.id);
    if (from < 0 || k < 0) return;
    // Dropped on a layer: take its place, above it when coming from below, under it when coming from above.
    moveLayer(doc, source, targetIndex > from ? k + 1 : k, author);
    const moved = bottomFirst[from];
    if (moved) announce(`${moved.name} moved.`);
  };

  return (
    <section className="layer-list" aria-labelledby="layer-list-heading" data-testid="layer-list">
      <h3 id="layer-list-heading" ref={headingRef} tabIndex={-1}>
        Layers
      </h3>
      <p className="hint layer-list__hint">Top of the list draws on top.{canEditPlan && ' Drag a layer, or use Alt + Up / Down arrow.'}</p>
      {valid.length === 0 && <p className="hint">This board has no map layers yet.</p>}
      <ul className="layer-list__items">
        {valid.map((layer, displayIndex) => (
          <li
            key={layer.id}
            className={`layer-list__item${dropTarget === layer.id ? ' layer-list__item--drop' : ''}${dragged === layer.id ? ' layer-list__item--dragging' : ''}${layer.visible ? '' : ' layer-list__item--hidden'}`}
            data-testid="layer-row"
            data-layer-id={layer.id}
            data-kind={layer.kind}
            draggable={canEditPlan}
            onDragStart={(event) => {
              setDragged(layer.id);
              event.dataTransfer.setData('text/plain', layer.id);
              event.dataTransfer.effectAllowed = 'move';
            }}
            onDragEnd={() => {
              setDragged(null);
              setDropTarget(null);
            }}
            onDragOver={(event) => {
              if (!canEditPlan) return;
              event.preventDefault();
              event.dataTransfer.dropEffect = 'move';
              if (dropTarget !== layer.id) setDropTarget(layer.id);
            }}
            onDragLeave={() => setDropTarget((t) => (t === layer.id ? null : t))}
            onDrop={(event) => onDrop(event, layer)}
            onKeyDown={(event) => onRowKeyDown(event, layer)}
          >
            <LayerRow
              doc={doc}
              author={author}
              layer={layer}
              isTop={displayIndex === 0}
              isBottom={displayIndex === valid.length - 1}
              onMove={(delta) => move(layer, delta)}
              onDelete={() => {
                onDelete(layer);
                // Its row, and the Delete button pressed in it, go: the keyboard goes to the list's heading.
                headingRef.current?.focus();
              }}
            />
          </li>
        ))}
      </ul>
      {broken > 0 && (
        <p className="hint" data-testid="broken-layers">
          {broken === 1 ? '1 layer could not be read and is not shown.' : `${broken} layers could not be read and are not shown.`}
        </p>
      )}
      <CommunityLayerKey doc={doc} />
      {canEditPlan ? (
        <AddLayerForm doc={doc} author={author} count={bottomFirst.length} />
      ) : (
        <ViewOnlyHint>layers are added and changed by the board’s editors.</ViewOnlyHint>
      )}
    </section>
  );
}

interface LayerRowProps {
  doc: Y.Doc;
  author: Author;
  layer: MapLayer;
  isTop: boolean;
  isBottom: boolean;
  onMove: (delta: number) => void;
  onDelete: () => void;
}

function LayerRow({ doc, author, layer, isTop, isBottom, onMove, onDelete }: LayerRowProps) {
  // Only plan editors choose what the public community page shows (the server refuses anyone else's change).
  const { canEditPlan } = useBoardAccess();
  const [editing, setEditing] = useState<'none' | 'rename' | 'style'>('none');
  // One Tab per layer for its buttons, not five: arrow keys move between them.
  const actions = useRovingToolbar<HTMLDivElement>();
  const renameButton = useRef<HTMLButtonElement>(null);
  const styleButton = useRef<HTMLButtonElement>(null);
  const close = (which: 'rename' | 'style'): void => {
    setEditing('none');
    (which === 'rename' ? renameButton : styleButton).current?.focus();
  };
  const dated = layer.updatedAt !== layer.createdAt ? `updated ${formatDate(layer.updatedAt)}` : `added ${formatDate(layer.createdAt)}`;
  return (
    <>
      <div className="layer-list__head">
        {canEditPlan && (
          <span className="layer-list__grip" aria-hidden="true" title="Drag to reorder">
            ⠿
          </span>
        )}
        <div className="checkbox layer-list__check">
          <input
            id={`layer-visible-${layer.id}`}
            type="checkbox"
            checked={layer.visible}
            disabled={!canEditPlan}
            data-testid="layer-toggle"
            onChange={(event) => updateLayer(doc, layer.id, { visible: event.target.checked }, author)}
          />
          <label htmlFor={`layer-visible-${layer.id}`}>
            <span className="layer-list__swatch" style={{ backgroundColor: layer.style.colour }} aria-hidden="true" />
            <span data-testid="layer-name">{layer.name}</span>
            <span className="visually-hidden">, {KIND_LABELS[layer.kind]} layer</span>
          </label>
        </div>
      </div>
      <p className="layer-list__source" data-testid="layer-source">
        {KIND_LABELS[layer.kind]} · {layer.source ? `Source: ${layer.source}` : 'No source recorded'} · {dated}
      </p>
      {canEditPlan && (
        <div className="checkbox layer-list__publish">
          <input
            id={`layer-published-${layer.id}`}
            type="checkbox"
            checked={layer.published}
            data-testid="layer-publish"
            onChange={(event) => setLayerPublished(doc, layer.id, event.target.checked, author)}
          />
          <label htmlFor={`layer-published-${layer.id}`}>
            Show on community page<span className="visually-hidden">: {layer.name}</span>
          </label>
        </div>
      )}
      {!canEditPlan && layer.published && <p className="layer-list__source">Shown on the community page</p>}
      {canEditPlan && (
        <div className="layer-list__actions" role="toolbar" aria-label={`Actions for ${layer.name}`} {...actions}>
          <FocusKeepingButton
            className="icon-button"
            data-testid="layer-move-up"
            aria-label={`Move ${layer.name} up`}
            title="Move up (Alt + Up arrow)"
            unavailable={isTop}
            onClick={() => onMove(1)}
          >
            ↑
          </FocusKeepingButton>
          <FocusKeepingButton
            className="icon-button"
            data-testid="layer-move-down"
            aria-label={`Move ${layer.name} down`}
            title="Move down (Alt + Down arrow)"
            unavailable={isBottom}
            onClick={() => onMove(-1)}
          >
            ↓
          </FocusKeepingButton>
          <button
            ref={renameButton}
            type="button"
            className="icon-button"
            data-testid="layer-rename"
            aria-label={`Rename ${layer.name} or edit its source`}
            aria-expanded={editing === 'rename'}
            title="Rename"
            onClick={() => setEditing((e) => (e === 'rename' ? 'none' : 'rename'))}
          >
            ✎
          </button>
          <button
            ref={styleButton}
            type="button"
            className="icon-button"
            data-testid="layer-style"
            aria-label={`Colour and style of ${layer.name}`}
            aria-expanded={editing === 'style'}
            title="Colour and style"
            onClick={() => setEditing((e) => (e === 'style' ? 'none' : 'style'))}
          >
            <span className="layer-list__swatch layer-list__swatch--button" style={{ backgroundColor: layer.style.colour }} aria-hidden="true" />
          </button>
          <button
            type="button"
            className="icon-button icon-button--danger"
            data-testid="layer-delete"
            aria-label={`Delete ${layer.name}`}
            title="Delete layer"
            onClick={onDelete}
          >
            <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
              <path d="M5 2h6v1.5h3V5H2V3.5h3zM3.5 6h9l-.8 9H4.3z" fill="currentColor" />
            </svg>
          </button>
        </div>
      )}
      {canEditPlan && editing === 'rename' && <RenameLayerForm doc={doc} author={author} layer={layer} onDone={() => close('rename')} />}
      {canEditPlan && editing === 'style' && <LayerStyleEditor doc={doc} author={author} layer={layer} onDone={() => close('style')} />}
      {layer.kind === 'indicator' && layer.visible && <IndicatorLegend layer={layer} />}
      {layer.visible && <CategoryLegend layer={layer} />}
    </>
  );
}

function RenameLayerForm({ doc, author, layer, onDone }: { doc: Y.Doc; author: Author; layer: MapLayer; onDone: () => void }) {
  const id = useId();
  const [name, setName] = useState(layer.name);
  const [source, setSource] = useState(layer.source ?? '');
  const [error, setError] = useState('');
  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setError('Enter a name for the layer.');
      return;
    }
    updateLayer(doc, layer.id, { name: trimmed.slice(0, 200), source: source.trim().slice(0, 500) }, author);
    onDone();
  };
  return (
    <form className="layer-list__form" onSubmit={onSubmit} onKeyDown={(e) => e.key === 'Escape' && onDone()} data-testid="layer-rename-form">
      <div className={`field${error ? ' field--error' : ''}`}>
        <label htmlFor={`${id}-name`}>Layer name</label>
        {error && (
          <p className="field__error" id={`${id}-error`}>
            {error}
          </p>
        )}
        <input
          id={`${id}-name`}
          type="text"
          value={name}
          autoFocus
          maxLength={200}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          data-testid="layer-rename-input"
          onChange={(e) => setName(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-source`}>Source and date of the data</label>
        <input
          id={`${id}-source`}
          type="text"
          value={source}
          maxLength={500}
          placeholder="e.g. NHS ODS, Jan 2026"
          data-testid="layer-source-input"
          onChange={(e) => setSource(e.target.value)}
        />
      </div>
      <div className="button-row">
        <button type="submit" className="button" data-testid="layer-rename-save">
          Save
        </button>
        <button type="button" className="button button--secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** Property names found on a layer's features, most common first. */
function propertyNamesOf(doc: Y.Doc, layerId: string): string[] {
  const counts = new Map<string, number>();
  for (const result of listFeatures(doc, layerId)) {
    if (!result.ok) continue;
    for (const key of Object.keys(result.value.properties)) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([key]) => key);
}

function LayerStyleEditor({ doc, author, layer, onDone }: { doc: Y.Doc; author: Author; layer: MapLayer; onDone: () => void }) {
  const id = useId();
  const announce = useAnnounce();
  const properties = useBoardValue(doc, ['features'], (d) => propertyNamesOf(d, layer.id), [layer.id]);
  const setColour = (colour: string): void => {
    if (!/^#[0-9a-fA-F]{6}$/.test(colour)) return;
    updateLayer(doc, layer.id, { style: { ...layer.style, colour: colour.toLowerCase() } }, author);
  };
  const setCategory = (property: string): void => {
    const { categoryProperty: _p, categoryColours: _c, ...rest } = layer.style;
    if (!property) {
      updateLayer(doc, layer.id, { style: rest }, author);
      announce(`${layer.name} is drawn in one colour.`);
      return;
    }
    const values = listFeatures(doc, layer.id).flatMap((r) => (r.ok ? [r.value.properties[property]] : []));
    const categoryColours = categoryColoursFor(values);
    updateLayer(doc, layer.id, { style: { ...rest, categoryProperty: property, categoryColours } }, author);
    announce(`${layer.name} coloured by ${property}: ${Object.keys(categoryColours).length} categories.`);
  };
  const canCategorise = layer.kind !== 'indicator';
  return (
    <div className="layer-list__form" data-testid="layer-style-editor" onKeyDown={(e) => e.key === 'Escape' && onDone()}>
      <fieldset className="palette">
        <legend>Colour</legend>
        <div className="palette__swatches">
          {LAYER_PALETTE.map(({ name, colour }) => (
            <button
              key={colour}
              type="button"
              className="palette__swatch"
              style={{ backgroundColor: colour }}
              aria-label={name}
              aria-pressed={layer.style.colour.toLowerCase() === colour}
              data-testid="layer-colour-preset"
              data-colour={colour}
              onClick={() => setColour(colour)}
            />
          ))}
        </div>
        <label className="palette__custom" htmlFor={`${id}-colour`}>
          Any colour
          <input
            id={`${id}-colour`}
            type="color"
            value={layer.style.colour}
            data-testid="layer-colour"
            onChange={(e) => setColour(e.target.value)}
          />
        </label>
      </fieldset>
      {canCategorise && (
        <div className="field">
          <label htmlFor={`${id}-category`}>Colour by a property</label>
          <select
            id={`${id}-category`}
            value={layer.style.categoryProperty ?? ''}
            data-testid="layer-category-select"
            onChange={(e) => setCategory(e.target.value)}
          >
            <option value="">One colour for the whole layer</option>
            {properties.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </div>
      )}
      <button type="button" className="button button--secondary" onClick={onDone}>
        Done
      </button>
    </div>
  );
}

/** Key to a layer coloured by category. */
function CategoryLegend({ layer }: { layer: MapLayer }) {
  const { categoryProperty, categoryColours } = layer.style;
  const entries = Object.entries(categoryColours ?? {});
  if (!categoryProperty || entries.length === 0) return null;
  return (
    <figure className="legend" data-testid="category-legend">
      <figcaption>Colour by {categoryProperty}</figcaption>
      <ul className="legend__items">
        {entries.map(([value, colour]) => (
          <li key={value} className="legend__item" data-category={value}>
            <span className="legend__swatch" style={{ backgroundColor: colour }} aria-hidden="true" />
            {value}
          </li>
        ))}
        <li className="legend__item">
          <span className="legend__swatch" style={{ backgroundColor: layer.style.colour }} aria-hidden="true" />
          Other
        </li>
      </ul>
    </figure>
  );
}

function AddLayerForm({ doc, author, count }: { doc: Y.Doc; author: Author; count: number }) {
  const id = useId();
  const announce = useAnnounce();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<LayerKind>('drawing');
  const [error, setError] = useState('');
  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setError('Enter a name for the new layer.');
      return;
    }
    const colour = LAYER_PALETTE[count % LAYER_PALETTE.length]!.colour;
    addLayer(doc, { name: trimmed.slice(0, 200), kind, style: { colour }, source: `Drawn on this board, ${formatDate(Date.now())}` }, author);
    setName('');
    setError('');
    announce(`Layer ${trimmed} added on top.`);
  };
  return (
    <details className="layer-list__add">
      <summary data-testid="add-layer-toggle">Add a layer</summary>
      <form onSubmit={onSubmit} data-testid="add-layer-form" noValidate>
        <div className={`field${error ? ' field--error' : ''}`}>
          <label htmlFor={`${id}-name`}>Name</label>
          {error && (
            <p className="field__error" id={`${id}-error`} role="alert">
              {error}
            </p>
          )}
          <input
            id={`${id}-name`}
            type="text"
            value={name}
            maxLength={200}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            data-testid="add-layer-name"
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-kind`}>Kind</label>
          <select id={`${id}-kind`} value={kind} data-testid="add-layer-kind" onChange={(e) => setKind(e.target.value as LayerKind)}>
            {NEW_LAYER_KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button" data-testid="add-layer-submit">
          Add layer
        </button>
      </form>
    </details>
  );
}

/** Key to an indicator layer's colours: one swatch per value, lowest first. */
function IndicatorLegend({ layer }: { layer: MapLayer }) {
  const ramp = layer.style.ramp ?? [];
  if (ramp.length === 0) return null;
  const legend = layer.style.legend ?? {};
  const title = legend.title ?? (layer.style.indicatorProperty ? `Colour by ${layer.style.indicatorProperty}` : 'Key');
  const labelOf = (index: number): string => {
    const value = index === ramp.length - 1 && ramp.length > 1 ? `${index + 1} or more` : String(index + 1);
    if (index === 0 && legend.lowLabel) return `${value} (${legend.lowLabel})`;
    if (index === ramp.length - 1 && legend.highLabel) return `${index + 1} (${legend.highLabel})`;
    return value;
  };
  return (
    <figure className="legend" data-testid="legend">
      <figcaption>{title}</figcaption>
      <ol className="legend__items">
        {ramp.map((colour, index) => (
          <li key={index} className="legend__item">
            <span className="legend__swatch" style={{ backgroundColor: colour }} aria-hidden="true" />
            {labelOf(index)}
          </li>
        ))}
        <li className="legend__item">
          <span className="legend__swatch" style={{ backgroundColor: NO_DATA_COLOUR }} aria-hidden="true" />
          No data
        </li>
      </ol>
    </figure>
  );
}
