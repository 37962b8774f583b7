import type { Map as MapLibreMap } from 'maplibre-gl';
import { useId, useRef, useState, type FormEvent } from 'react';
import type * as Y from 'yjs';
import { MAP_VIEW_NAME_MAX, addMapView, deleteMapView, listLayers, listMapViews, renameMapView, type Author, type MapView } from '@placeboard/board';
import { useBoardValue } from '../../hooks/use-y-observe';
import { useAnnounce } from '../../lib/announce';
import { useBoardAccess } from '../access/board-access';
import { ConfirmButton } from '../confirm-button';
import { TextField, focusFirst } from '../auth/field';
import { ModalDialog } from '../versions/modal-dialog';
import './present.css';

/** Props of {@link SavedViews}. */
export interface SavedViewsProps {
  doc: Y.Doc;
  author: Author;
  /** The Map pane's map, once it exists. */
  map: MapLibreMap | null;
}

function readViews(doc: Y.Doc): MapView[] {
  return listMapViews(doc).flatMap((r) => (r.ok ? [r.value] : []));
}

function layerNames(doc: Y.Doc): Map<string, { name: string; visible: boolean }> {
  return new Map(listLayers(doc).flatMap((r) => (r.ok ? [[r.value.id as string, { name: r.value.name, visible: r.value.visible }] as const] : [])));
}

/** A name the model takes: trimmed, not empty, not too long; or what is wrong with it. */
function checkName(name: string): { ok: true; name: string } | { ok: false; error: string } {
  const trimmed = name.trim();
  if (!trimmed) return { ok: false, error: 'Enter a name for the view, for example “GP practices and deprivation”.' };
  if (trimmed.length > MAP_VIEW_NAME_MAX) return { ok: false, error: `The name must be ${MAP_VIEW_NAME_MAX} characters or fewer.` };
  return { ok: true, name: trimmed };
}

/**
 * The Map pane's saved views: plan editors save where the map looks and which layers are shown under a name (each
 * becomes a slide in present mode and a page of the board pack); everyone can go to one; editors rename and delete.
 */
export function SavedViews({ doc, author, map }: SavedViewsProps) {
  const { canEditPlan } = useBoardAccess();
  const announce = useAnnounce();
  const views = useBoardValue(doc, ['meta'], readViews);
  const layers = useBoardValue(doc, ['layers'], layerNames);
  const [saving, setSaving] = useState(false);
  const [renaming, setRenaming] = useState<string | null>(null);
  const saveButton = useRef<HTMLButtonElement>(null);

  const goTo = (view: MapView): void => {
    map?.jumpTo({ center: view.center, zoom: view.zoom, bearing: view.bearing, pitch: view.pitch });
    announce(`The map shows the view “${view.name}”.`);
  };

  return (
    <div className="saved-views" data-testid="saved-views">
      {views.length === 0 ? (
        <p className="hint">
          No saved views yet.{canEditPlan ? ' Save where the map is looking, and the layers shown, to present it later.' : ''}
        </p>
      ) : (
        <ul className="saved-views__list">
          {views.map((view) => {
            const shown = view.visibleLayerIds.flatMap((id) => (layers.has(id) ? [layers.get(id)!.name] : []));
            return (
              <li key={view.id} className="saved-views__item" data-testid="saved-view" data-view-id={view.id}>
                {renaming === view.id ? (
                  <RenameForm
                    view={view}
                    onDone={(name) => {
                      if (name !== null) {
                        renameMapView(doc, view.id, name, author);
                        announce(`View renamed “${name}”.`);
                      }
                      setRenaming(null);
                      // Back to the button that opened the form, once it is there again.
                      requestAnimationFrame(() =>
                        document.querySelector<HTMLButtonElement>(`[data-view-id="${view.id}"] [data-testid="saved-view-rename"]`)?.focus(),
                      );
                    }}
                  />
                ) : (
                  <>
                    <span className="saved-views__name" data-testid="saved-view-name">
                      {view.name}
                    </span>
                    <span className="saved-views__meta">
                      {shown.length === 0 ? 'No layers' : shown.join(', ')}
                    </span>
                    <span className="saved-views__actions">
                      <button type="button" className="button button--secondary button--small" disabled={!map} onClick={() => goTo(view)} data-testid="saved-view-go">
                        Go to<span className="visually-hidden"> {view.name}</span>
                      </button>
                      {canEditPlan && (
                        <button type="button" className="button button--secondary button--small" onClick={() => setRenaming(view.id)} data-testid="saved-view-rename">
                          Rename<span className="visually-hidden"> {view.name}</span>
                        </button>
                      )}
                      {canEditPlan && (
                        <ConfirmButton
                          label="Delete"
                          accessibleLabel={`Delete ${view.name}`}
                          question={`Delete “${view.name}”?`}
                          confirmLabel="Yes, delete it"
                          testId="saved-view-delete"
                          focusAfter={() => saveButton.current}
                          onConfirm={() => {
                            deleteMapView(doc, view.id);
                            announce(`View “${view.name}” deleted.`);
                          }}
                        />
                      )}
                    </span>
                  </>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {canEditPlan && (
        <button ref={saveButton} type="button" className="button button--small" disabled={!map} onClick={() => setSaving(true)} data-testid="save-view">
          Save view
        </button>
      )}
      {saving && map && (
        <SaveViewDialog
          defaultName={`View ${views.length + 1}`}
          shownLayers={[...layers.entries()].filter(([, l]) => l.visible)}
          onClose={() => setSaving(false)}
          onSave={(name) => {
            const center = map.getCenter();
            addMapView(
              doc,
              {
                name,
                center: [center.lng, center.lat],
                zoom: map.getZoom(),
                bearing: map.getBearing(),
                pitch: map.getPitch(),
                visibleLayerIds: [...layers.entries()].filter(([, l]) => l.visible).map(([id]) => id),
              },
              author,
            );
            setSaving(false);
            announce(`View “${name}” saved.`);
          }}
        />
      )}
    </div>
  );
}

function SaveViewDialog({
  defaultName,
  shownLayers,
  onClose,
  onSave,
}: {
  defaultName: string;
  shownLayers: [string, { name: string }][];
  onClose: () => void;
  onSave: (name: string) => void;
}) {
  const [name, setName] = useState(defaultName);
  const [error, setError] = useState<string | null>(null);
  const nameId = useId();
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const checked = checkName(name);
    if (!checked.ok) {
      setError(checked.error);
      focusFirst([nameId]);
      return;
    }
    onSave(checked.name);
  };
  return (
    <ModalDialog title="Save this map view" onClose={onClose} testId="save-view-dialog">
      <form noValidate onSubmit={submit}>
        <p>
          Saves where the map is looking (position, zoom, rotation and tilt) and the layers shown:{' '}
          {shownLayers.length === 0 ? 'none' : shownLayers.map(([, l]) => l.name).join(', ')}. It becomes a slide in
          present mode.
        </p>
        <TextField
          id={nameId}
          label="Name of the view"
          value={name}
          onChange={setName}
          error={error}
          maxLength={MAP_VIEW_NAME_MAX}
          autoComplete="off"
          autoFocus
          onFocus={(event) => event.target.select()}
          data-testid="save-view-name"
        />
        <div className="button-row">
          <button type="submit" className="button" data-testid="save-view-confirm">
            Save view
          </button>
          <button type="button" className="button button--secondary" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}

function RenameForm({ view, onDone }: { view: MapView; onDone: (name: string | null) => void }) {
  const [name, setName] = useState(view.name);
  const [error, setError] = useState<string | null>(null);
  const nameId = useId();
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const checked = checkName(name);
    if (!checked.ok) {
      setError(checked.error);
      focusFirst([nameId]);
      return;
    }
    onDone(checked.name);
  };
  return (
    <form noValidate onSubmit={submit} className="saved-views__rename">
      <TextField
        id={nameId}
        label={`New name for “${view.name}”`}
        value={name}
        onChange={setName}
        error={error}
        maxLength={MAP_VIEW_NAME_MAX}
        autoComplete="off"
        autoFocus
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            event.stopPropagation();
            onDone(null);
          }
        }}
        data-testid="saved-view-rename-input"
      />
      <button type="submit" className="button button--small" data-testid="saved-view-rename-save">
        Save
      </button>
      <button type="button" className="button button--secondary button--small" onClick={() => onDone(null)}>
        Cancel
      </button>
    </form>
  );
}
