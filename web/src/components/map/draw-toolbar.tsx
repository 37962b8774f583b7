import { useId } from 'react';
import type { MapLayer } from '@placeboard/board';
import { useRovingToolbar } from '../../hooks/use-roving-toolbar';
import { isShapeTool, POINTS_NEEDED } from './keyboard-shape';
import type { DrawTool } from './map-draw';

const TOOLS: { tool: Exclude<DrawTool, 'none'>; label: string; icon: string; testId: string; hint: string }[] = [
  {
    tool: 'point',
    label: 'Draw a point',
    icon: '●',
    testId: 'draw-point',
    hint: 'Click the map to add a point, or press Enter on the map to add one at its centre, marked +.',
  },
  {
    tool: 'linestring',
    label: 'Draw a line',
    icon: '╱',
    testId: 'draw-line',
    hint: 'Click to add points; click the last point again to finish. Or press Enter on the map for a point at its centre, marked +, and Enter again there to finish.',
  },
  {
    tool: 'polygon',
    label: 'Draw an area',
    icon: '⬠',
    testId: 'draw-polygon',
    hint: 'Click to add corners; click the first corner to close the area. Or press Enter on the map for a corner at its centre, marked +, and Enter again there to finish.',
  },
  { tool: 'select', label: 'Select and edit', icon: '⤧', testId: 'draw-select', hint: 'Click a feature to edit it: drag it, drag its corners, or click a midpoint to add one.' },
];

interface DrawToolbarProps {
  tool: DrawTool;
  disabled: boolean;
  onTool: (tool: DrawTool) => void;
  /** Layers new drawings can go into, and the chosen one ('' = a new "Drawing" layer on first use). */
  targets: MapLayer[];
  targetId: string;
  onTarget: (layerId: string) => void;
  /** Points of the line or area drawn from the keyboard so far. */
  shapePoints: number;
  /** Adds a point, or the next point of a line or area, at the centre of the map: drawing without a pointer. */
  onAddAtCentre: () => void;
  /** Finishes the line or area drawn from the keyboard. */
  onFinishShape: () => void;
}

/**
 * The drawing tools over the map: each a toggle (aria-pressed); Escape or pressing it again stops. The tools are one
 * stop in the tab order, with the arrow keys between them, as in any toolbar; the layer to draw into is the next.
 */
export function DrawToolbar({ tool, disabled, onTool, targets, targetId, onTarget, shapePoints, onAddAtCentre, onFinishShape }: DrawToolbarProps) {
  const id = useId();
  const roving = useRovingToolbar<HTMLDivElement>();
  const active = TOOLS.find((t) => t.tool === tool);
  const needed = active && isShapeTool(active.tool) ? POINTS_NEEDED[active.tool] : undefined;
  return (
    <div className="draw-toolbar" role="toolbar" aria-label="Drawing tools" data-testid="draw-toolbar" {...roving}>
      {TOOLS.map((t) => (
        <button
          key={t.tool}
          type="button"
          className="draw-toolbar__button"
          aria-pressed={tool === t.tool}
          disabled={disabled}
          data-testid={t.testId}
          title={t.label}
          onClick={() => onTool(tool === t.tool ? 'none' : t.tool)}
        >
          <span aria-hidden="true">{t.icon}</span>
          <span className="draw-toolbar__label">{t.label}</span>
        </button>
      ))}
      <div className="draw-toolbar__target">
        <label htmlFor={`${id}-target`}>Draw into</label>
        <select id={`${id}-target`} value={targetId} onChange={(e) => onTarget(e.target.value)} data-testid="draw-target-layer">
          {!targets.some((l) => l.kind === 'drawing') && <option value="">New “Drawing” layer</option>}
          {targets.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </select>
      </div>
      {active && (
        <p className="draw-toolbar__hint" data-testid="draw-hint">
          {active.hint} Escape stops.
          {active.tool !== 'select' && (
            <>
              {' '}
              <button type="button" className="link-button" onClick={onAddAtCentre} data-testid="draw-point-at-centre">
                {active.tool === 'polygon' ? 'Add a corner at the centre' : 'Add a point at the centre'}
              </button>
            </>
          )}
          {needed !== undefined && (
            <>
              {' '}
              <button
                type="button"
                className="link-button"
                onClick={onFinishShape}
                disabled={shapePoints < needed}
                data-testid="draw-finish-shape"
              >
                {active.tool === 'polygon' ? 'Finish the area' : 'Finish the line'} ({shapePoints} of at least {needed} {active.tool === 'polygon' ? 'corners' : 'points'})
              </button>
            </>
          )}
        </p>
      )}
    </div>
  );
}
