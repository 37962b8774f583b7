import { useEffect, useRef, useState, type MouseEvent } from 'react';
import type * as Y from 'yjs';
import { getFeature, setFeatureGeometry, type Author, type Geometry } from '@placeboard/board';
import { useRovingToolbar } from '../../hooks/use-roving-toolbar';
import { useAnnounce } from '../../lib/announce';
import { FEWEST_POINTS, editableParts, reshapePart, tooFew, type EditablePart, type EditableShape, type PartPath, type PointChange, type Position } from './keyboard-shape';

/** Points listed at a time: a part with more (a detailed boundary) is listed a page at a time. */
const PAGE_ROWS = 100;

/** Lets the person choose a point on the map (see the map pane's pickPoint); null when they cancel. */
export type PickPoint = (options?: { focusMap?: boolean; centre?: Position }) => Promise<Position | null>;

interface ShapePointsProps {
  doc: Y.Doc;
  author: Author;
  featureId: string;
  geometry: Geometry;
  pickPoint: PickPoint;
}

/** Applies a change to one point of the part at `path`, and says what it did; false when nothing was changed. */
type ApplyChange = (path: PartPath, change: PointChange, done: string) => boolean;
/**
 * Chooses a position on the map for a point of the part at `path` (`key` marks the button pressed), starting at
 * `start`, then applies the change `change` makes of it.
 */
type ChoosePoint = (
  event: MouseEvent<HTMLButtonElement>,
  path: PartPath,
  key: string,
  start: Position,
  prompt: string,
  change: (at: Position) => [PointChange, string],
) => void;

/**
 * A feature's shape changed point by point, without dragging on the map: each point (an area's corners, and its
 * holes' corners) can be moved, a point added after it, or removed. A shape of several parts (areas, lines or points)
 * lists each part on its own. The new position is chosen as the analysis chooses its point: a click on the map, or
 * from the keyboard the map's centre (the keyboard goes to the map, starting at the point, and Enter takes the
 * centre; the keyboard then comes back).
 */
export function ShapePoints({ doc, author, featureId, geometry, pickPoint }: ShapePointsProps) {
  const announce = useAnnounce();
  const parts = editableParts(geometry);
  const [choosing, setChoosing] = useState<string | null>(null);
  if (!parts) return null;
  const single = parts.length === 1 ? parts[0]! : null;

  /** Applies `change` to the shape as it is now (someone may have changed it while a point was chosen). */
  const apply: ApplyChange = (path, change, done) => {
    const current = getFeature(doc, featureId);
    try {
      if (!current?.ok) throw new Error('The shape has changed');
      setFeatureGeometry(doc, featureId, reshapePart(current.value.geometry, path, change), author);
      announce(done);
      return true;
    } catch (error) {
      announce(`${error instanceof Error ? error.message : String(error)}: nothing was changed.`);
      return false;
    }
  };

  const choose: ChoosePoint = (event, path, key, start, prompt, change) => {
    // Pressed with Enter or Space (a click has a count): the keyboard goes to the map and comes back here.
    const byKeyboard = event.detail === 0;
    const button = event.currentTarget;
    setChoosing(key);
    announce(byKeyboard ? `Move the map with the arrow keys and press Enter to put ${prompt} at its centre. Escape cancels.` : `Click the map where ${prompt} goes. Escape cancels.`);
    void pickPoint(byKeyboard ? { focusMap: true, centre: start } : {}).then((at) => {
      setChoosing(null);
      if (at) apply(path, ...change(at));
      if (byKeyboard) button.focus();
    });
  };

  const title = single
    ? single.shape.kind === 'point'
      ? 'Move the point'
      : `${single.shape.kind === 'polygon' ? 'Corners of the area' : 'Points of the line'} (${single.shape.points.length})`
    : `Parts of the shape (${parts.length})`;
  return (
    <details className="feature-panel__section shape-points" data-testid="shape-points">
      <summary>{title}</summary>
      {single ? (
        <PartPoints part={single} choosing={choosing} apply={apply} choose={choose} />
      ) : (
        <>
          <p className="hint">Open a part to change its points. An area&apos;s holes are parts of their own.</p>
          {parts.map((part) => (
            <details className="shape-points__part" data-testid="shape-part" key={part.path.join('.')}>
              <summary>
                {part.label} ({countOf(part.shape)})
              </summary>
              <PartPoints part={part} choosing={choosing} apply={apply} choose={choose} />
            </details>
          ))}
        </>
      )}
    </details>
  );
}

interface PartPointsProps {
  part: EditablePart;
  choosing: string | null;
  apply: ApplyChange;
  choose: ChoosePoint;
}

/** The points of one part, a row each, {@link PAGE_ROWS} at a time. */
function PartPoints({ part, choosing, apply, choose }: PartPointsProps) {
  const { shape, path } = part;
  const list = useRef<HTMLOListElement & HTMLUListElement>(null);
  const [page, setPage] = useState(0);
  const [focusRow, setFocusRow] = useState<number | null>(null);
  const pages = Math.ceil(shape.points.length / PAGE_ROWS);
  // The shape may have lost points (here or elsewhere) since the page was chosen: then the last page is shown.
  const current = Math.min(page, pages - 1);
  const first = current * PAGE_ROWS;
  const shown = shape.points.slice(first, first + PAGE_ROWS);
  useEffect(() => {
    if (focusRow === null) return;
    setFocusRow(null);
    // The Remove button of the point now in that place (or the last: when the only point of the last page went,
    // the list shows the page before, whose last point that is). Enter again removes the next.
    list.current?.querySelectorAll<HTMLButtonElement>('[data-testid="shape-point-remove"]')[focusRow - first]?.focus();
  }, [focusRow, first]);
  // A line's points and an area's corners are numbered; a point has one position.
  const List = shape.kind === 'point' ? 'ul' : 'ol';
  const noun = shape.kind === 'polygon' ? 'corner' : 'point';
  // Which button is choosing a point is kept across the parts as `<path>:<action>-<index>`.
  const prefix = `${path.join('.')}:`;
  const key = (action: string, index: number) => `${prefix}${action}-${index}`;
  const chosen = choosing?.startsWith(prefix) ? choosing.slice(prefix.length) : null;
  return (
    <>
      <p className="hint">
        {shape.kind === 'point' ? 'Choose Move' : `Choose a ${noun} to move, or where to add one`}: then click the map where it goes, or move the map
        with the arrow keys and press Enter on it for its centre, marked +.
      </p>
      {pages > 1 && (
        <div className="button-row shape-points__pages" data-testid="shape-points-pages">
          {/* aria-disabled, not disabled, at either end: the button keeps the focus. */}
          <button
            type="button"
            className="button button--secondary button--small"
            aria-disabled={current === 0}
            onClick={() => current > 0 && setPage(current - 1)}
            data-testid="shape-points-previous"
          >
            Previous {PAGE_ROWS} {noun}s
          </button>
          <span role="status" data-testid="shape-points-shown">
            {capital(noun)}s {first + 1}–{first + shown.length} of {shape.points.length}
          </span>
          <button
            type="button"
            className="button button--secondary button--small"
            aria-disabled={current === pages - 1}
            onClick={() => current < pages - 1 && setPage(current + 1)}
            data-testid="shape-points-next"
          >
            Next {PAGE_ROWS} {noun}s
          </button>
        </div>
      )}
      <List className={`shape-points__list${shape.kind === 'point' ? ' shape-points__list--single' : ''}`} ref={list} start={List === 'ol' ? first + 1 : undefined}>
        {shown.map((point, row) => {
          const index = first + row;
          const name = pointName(part, index);
          return (
            <ShapePointRow
              key={index}
              part={part}
              index={index}
              name={name}
              noun={noun}
              choosing={chosen}
              onMove={(event) => choose(event, path, key('move', index), point, name.toLowerCase(), (to) => [{ kind: 'move', index, to }, `${name} moved.`])}
              onAdd={(event) =>
                choose(event, path, key('add', index), midpoint(shape, index), `a new ${noun} after ${name.toLowerCase()}`, (at) => [
                  { kind: 'add', after: index, at },
                  `${pointName(part, index + 1)} added.`,
                ])
              }
              onRemove={() => {
                if (apply(path, { kind: 'remove', index }, `${name} removed.`)) setFocusRow(Math.min(index, shape.points.length - 2));
              }}
            />
          );
        })}
      </List>
    </>
  );
}

/**
 * What the point at `index` of `part` is called: "Corner 3", "Point 2", or within one part of several "Corner 3 of
 * hole 1", "Point 2 of line 3"; a point of several points is the part itself ("Point 4").
 */
function pointName(part: EditablePart, index: number): string {
  const own = `${part.shape.kind === 'polygon' ? 'Corner' : 'Point'} ${index + 1}`;
  if (!part.label) return own;
  if (part.shape.kind === 'point') return part.label;
  return `${own} of ${part.label.charAt(0).toLowerCase()}${part.label.slice(1)}`;
}

/** How many points a part has, in words: "5 corners", "2 points", "1 point". */
function countOf(shape: EditableShape): string {
  const count = shape.points.length;
  return `${count} ${shape.kind === 'polygon' ? 'corner' : 'point'}${count === 1 ? '' : 's'}`;
}

interface ShapePointRowProps {
  part: EditablePart;
  index: number;
  /** What the point is called: "Corner 2", "Corner 2 of hole 1". */
  name: string;
  noun: string;
  /** The button of this part being used to choose a point (`move-<index>`, `add-<index>`), or null. */
  choosing: string | null;
  onMove: (event: MouseEvent<HTMLButtonElement>) => void;
  onAdd: (event: MouseEvent<HTMLButtonElement>) => void;
  onRemove: () => void;
}

/** One point of a part, with its buttons as one stop in the tab order. */
function ShapePointRow({ part, index, name, noun, choosing, onMove, onAdd, onRemove }: ShapePointRowProps) {
  const actions = useRovingToolbar<HTMLDivElement>();
  const { shape } = part;
  const [lng, lat] = shape.points[index]!;
  const fewest = shape.points.length <= FEWEST_POINTS[shape.kind];
  return (
    <li className="shape-points__row" data-testid="shape-point">
      <span>
        {/* Under its part's heading, "Corner 2" says enough; the buttons say which part for those who hear them. */}
        {shape.kind === 'point' ? 'Now at' : `${shape.kind === 'polygon' ? 'Corner' : 'Point'} ${index + 1}:`} {lat.toFixed(5)}, {lng.toFixed(5)}
      </span>
      <div className="button-row" role="toolbar" aria-label={shape.kind === 'point' && !part.label ? 'The point' : name} {...actions}>
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
              title={fewest ? tooFew(part) : undefined}
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
