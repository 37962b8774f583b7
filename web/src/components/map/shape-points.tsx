import { useEffect, useRef, useState, type MouseEvent } from 'react';
import type * as Y from 'yjs';
import { getFeature, setFeatureGeometry, type Author, type Geometry } from '@placeboard/board';
import { useRovingToolbar } from '../../hooks/use-roving-toolbar';
import { useAnnounce } from '../../lib/announce';
import { FEWEST_POINTS, TOO_FEW, editableShape, reshape, type EditableShape, type PointChange, type Position } from './keyboard-shape';

/** More points than this are changed on the map, not row by row. */
const MOST_ROWS = 300;

/** Lets the person choose a point on the map (see the map pane's pickPoint); null when they cancel. */
export type PickPoint = (options?: { focusMap?: boolean; centre?: Position }) => Promise<Position | null>;

interface ShapePointsProps {
  doc: Y.Doc;
  author: Author;
  featureId: string;
  geometry: Geometry;
  pickPoint: PickPoint;
}

/**
 * A feature's shape changed point by point, without dragging on the map: each point (an area's corners) can be moved,
 * a point added after it, or removed. The new position is chosen as the analysis chooses its point: a click on the
 * map, or from the keyboard the map's centre (the keyboard goes to the map, starting at the point, and Enter takes the
 * centre; the keyboard then comes back).
 */
export function ShapePoints({ doc, author, featureId, geometry, pickPoint }: ShapePointsProps) {
  const announce = useAnnounce();
  const shape = editableShape(geometry);
  const [choosing, setChoosing] = useState<string | null>(null);
  const list = useRef<HTMLOListElement & HTMLUListElement>(null);
  const [focusRow, setFocusRow] = useState<number | null>(null);
  useEffect(() => {
    if (focusRow === null) return;
    setFocusRow(null);
    // The Remove button of the point now in that place (or the last): Enter again removes the next.
    list.current?.querySelectorAll<HTMLButtonElement>('[data-testid="shape-point-remove"]')[focusRow]?.focus();
  }, [focusRow]);
  if (!shape) return null;
  // A line's points and an area's corners are numbered; a point feature has one position.
  const List = shape.kind === 'point' ? 'ul' : 'ol';

  const noun = shape.kind === 'polygon' ? 'corner' : 'point';
  const title = shape.kind === 'point' ? 'Move the point' : `${shape.kind === 'polygon' ? 'Corners of the area' : 'Points of the line'} (${shape.points.length})`;

  /** Applies `change` to the shape as it is now (someone may have changed it while a point was chosen). */
  const apply = (change: PointChange, done: string): boolean => {
    const current = getFeature(doc, featureId);
    const now = current?.ok ? editableShape(current.value.geometry) : null;
    try {
      if (!now || now.kind !== shape.kind) throw new Error('The shape has changed');
      setFeatureGeometry(doc, featureId, reshape(now, change), author);
      announce(done);
      return true;
    } catch (error) {
      announce(`${error instanceof Error ? error.message : String(error)}: nothing was changed.`);
      return false;
    }
  };

  /** Chooses a position on the map for a point, then applies the change it makes. */
  const choose = (event: MouseEvent<HTMLButtonElement>, key: string, start: Position, prompt: string, change: (at: Position) => [PointChange, string]): void => {
    // Pressed with Enter or Space (a click has a count): the keyboard goes to the map and comes back here.
    const byKeyboard = event.detail === 0;
    const button = event.currentTarget;
    setChoosing(key);
    announce(byKeyboard ? `Move the map with the arrow keys and press Enter to put ${prompt} at its centre. Escape cancels.` : `Click the map where ${prompt} goes. Escape cancels.`);
    void pickPoint(byKeyboard ? { focusMap: true, centre: start } : {}).then((at) => {
      setChoosing(null);
      if (at) apply(...change(at));
      if (byKeyboard) button.focus();
    });
  };

  return (
    <details className="feature-panel__section shape-points" data-testid="shape-points">
      <summary>{title}</summary>
      {shape.points.length > MOST_ROWS ? (
        <p className="hint">
          This shape has {shape.points.length.toLocaleString('en-GB')} points: change it on the map (Edit shape on map), or import it again.
        </p>
      ) : (
        <>
          <p className="hint">
            {shape.kind === 'point' ? 'Choose Move' : `Choose a ${noun} to move, or where to add one`}: then click the map where it goes, or move
            the map with the arrow keys and press Enter on it for its centre, marked +.
          </p>
          <List className={`shape-points__list${shape.kind === 'point' ? ' shape-points__list--single' : ''}`} ref={list}>
            {shape.points.map((point, index) => (
              <ShapePointRow
                key={index}
                shape={shape}
                index={index}
                noun={noun}
                choosing={choosing}
                onMove={(event) =>
                  choose(event, `move-${index}`, point, `${noun} ${index + 1}`, (to) => [{ kind: 'move', index, to }, `${capital(noun)} ${index + 1} moved.`])
                }
                onAdd={(event) =>
                  choose(event, `add-${index}`, midpoint(shape, index), `a new ${noun} after ${noun} ${index + 1}`, (at) => [
                    { kind: 'add', after: index, at },
                    `${capital(noun)} ${index + 2} added.`,
                  ])
                }
                onRemove={() => {
                  if (apply({ kind: 'remove', index }, `${capital(noun)} ${index + 1} removed.`)) setFocusRow(Math.min(index, shape.points.length - 2));
                }}
              />
            ))}
          </List>
        </>
      )}
    </details>
  );
}

interface ShapePointRowProps {
  shape: EditableShape;
  index: number;
  noun: string;
  choosing: string | null;
  onMove: (event: MouseEvent<HTMLButtonElement>) => void;
  onAdd: (event: MouseEvent<HTMLButtonElement>) => void;
  onRemove: () => void;
}

/** One point of the shape, with its buttons as one stop in the tab order. */
function ShapePointRow({ shape, index, noun, choosing, onMove, onAdd, onRemove }: ShapePointRowProps) {
  const actions = useRovingToolbar<HTMLDivElement>();
  const [lng, lat] = shape.points[index]!;
  const name = `${capital(noun)} ${index + 1}`;
  const fewest = shape.points.length <= FEWEST_POINTS[shape.kind];
  return (
    <li className="shape-points__row" data-testid="shape-point">
      <span>
        {shape.kind === 'point' ? 'Now at' : `${name}:`} {lat.toFixed(5)}, {lng.toFixed(5)}
      </span>
      <div className="button-row" role="toolbar" aria-label={shape.kind === 'point' ? 'The point' : name} {...actions}>
        <button type="button" className="button button--secondary button--small" aria-pressed={choosing === `move-${index}`} aria-label={`Move ${name.toLowerCase()}`} onClick={onMove} data-testid="shape-point-move">
          Move
        </button>
        {shape.kind !== 'point' && (
          <>
            <button
              type="button"
              className="button button--secondary button--small"
              aria-pressed={choosing === `add-${index}`}
              aria-label={`Add a ${noun} after ${name.toLowerCase()}`}
              onClick={onAdd}
              data-testid="shape-point-add"
            >
              Add after
            </button>
            {/* aria-disabled, not disabled, at the fewest points: it keeps the focus, and says why. */}
            <button
              type="button"
              className="button button--secondary button--small button--danger"
              aria-label={`Remove ${name.toLowerCase()}`}
              aria-disabled={fewest}
              title={fewest ? TOO_FEW[shape.kind] : undefined}
              onClick={onRemove}
              data-testid="shape-point-remove"
            >
              Remove
            </button>
          </>
        )}
      </div>
    </li>
  );
}

/** Where a point added after point `index` starts: halfway to the next point (an area's last corner: to its first). */
function midpoint(shape: EditableShape, index: number): Position {
  const from = shape.points[index]!;
  const to = shape.points[index + 1] ?? (shape.kind === 'polygon' ? shape.points[0]! : from);
  return [(from[0] + to[0]) / 2, (from[1] + to[1]) / 2];
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
