import { memo } from 'react';
import { connectorEnds, type CanvasItem } from '@placeboard/board';

interface ConnectorLineProps {
  id: string;
  from: string;
  to: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  label: string;
  selected: boolean;
  onSelect: (id: string, additive: boolean) => void;
}

/** Where a line from the centre of `a` towards (tx, ty) leaves the box of `a`. */
function edgePoint(a: CanvasItem, tx: number, ty: number): [number, number] {
  const cx = a.x + a.w / 2;
  const cy = a.y + a.h / 2;
  const dx = tx - cx;
  const dy = ty - cy;
  if (dx === 0 && dy === 0) return [cx, cy];
  const scale = Math.min(Math.abs(a.w / 2 / (dx || 1e-9)), Math.abs(a.h / 2 / (dy || 1e-9)), 1);
  return [cx + dx * scale, cy + dy * scale];
}

const ConnectorLine = memo(function ConnectorLine({ id, from, to, x1, y1, x2, y2, label, selected, onSelect }: ConnectorLineProps) {
  const mx = (x1 + x2) / 2;
  const my = (y1 + y2) / 2;
  return (
    <g
      className={`connector${selected ? ' connector--selected' : ''}`}
      data-testid="connector"
      data-item-id={id}
      data-from={from}
      data-to={to}
      onPointerDown={(event) => {
        event.stopPropagation();
        onSelect(id, event.shiftKey);
      }}
    >
      <line x1={x1} y1={y1} x2={x2} y2={y2} className="connector__hit" />
      <line x1={x1} y1={y1} x2={x2} y2={y2} className="connector__line" markerEnd="url(#canvas-arrow)" />
      {label && (
        <text x={mx} y={my - 6} textAnchor="middle" className="connector__label" data-testid="connector-label">
          {label}
        </text>
      )}
    </g>
  );
});

/**
 * The connectors of the canvas, drawn in one SVG under the items, from edge to edge of the items they join.
 * A connector whose end has been deleted is not drawn.
 */
export function ConnectorLayer({
  connectors,
  byId,
  selection,
  onSelect,
}: {
  connectors: readonly CanvasItem[];
  byId: ReadonlyMap<string, CanvasItem>;
  selection: ReadonlySet<string>;
  onSelect: (id: string, additive: boolean) => void;
}) {
  return (
    <svg className="connector-layer" width="1" height="1" aria-hidden="true">
      <defs>
        <marker id="canvas-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" fill="#4c6272" />
        </marker>
      </defs>
      {connectors.map((connector) => {
        const ends = connectorEnds(connector, byId);
        if (!ends) return null;
        const [x1, y1] = edgePoint(ends.from, ends.to.x + ends.to.w / 2, ends.to.y + ends.to.h / 2);
        const [x2, y2] = edgePoint(ends.to, ends.from.x + ends.from.w / 2, ends.from.y + ends.from.h / 2);
        return (
          <ConnectorLine
            key={connector.id}
            id={connector.id}
            from={ends.from.id}
            to={ends.to.id}
            x1={x1}
            y1={y1}
            x2={x2}
            y2={y2}
            label={connector.label ?? ''}
            selected={selection.has(connector.id)}
            onSelect={onSelect}
          />
        );
      })}
    </svg>
  );
}
