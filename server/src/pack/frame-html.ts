import { agreementSummary, connectorEnds, frameMembers, type CanvasItem, type Partner } from '@placeboard/board';
import { escapeHtml, formatIsoDate, safeColour, textColourOn } from './html.js';

/** Options of {@link renderFrameHtml}. */
export interface FrameHtmlOptions {
  /** Every valid item of the canvas, bottom to top. */
  items: readonly CanvasItem[];
  /** The board's partners, for outcome cards' agreement lines. */
  partners: readonly Partner[];
  /** Largest width and height the frame is drawn at; a larger frame is scaled down to fit. */
  maxWidth: number;
  maxHeight: number;
}

/** The scale a frame of `w` × `h` is drawn at to fit within the limits (never enlarged). */
export function frameScale(frame: Pick<CanvasItem, 'w' | 'h'>, maxWidth: number, maxHeight: number): number {
  return Math.min(1, maxWidth / frame.w, maxHeight / frame.h);
}

function px(n: number): string {
  return `${Math.round(n * 10) / 10}px`;
}

function itemHtml(item: CanvasItem, frame: CanvasItem, partners: readonly Partner[]): string {
  const box = `left:${px(item.x - frame.x)};top:${px(item.y - frame.y)};width:${px(item.w)};height:${px(item.h)};`;
  const colour = safeColour(item.colour, '#ffffff');
  switch (item.kind) {
    case 'sticky':
    case 'indicator':
      return `<div class="canvas-item canvas-item--${item.kind}" style="${box}background-color:${colour};color:${textColourOn(colour)}"><p>${escapeHtml(item.text)}</p></div>`;
    case 'text':
      return `<div class="canvas-item canvas-item--text" style="${box}"><p>${escapeHtml(item.text)}</p></div>`;
    case 'frame':
      return `<div class="canvas-item canvas-item--frame" style="${box}"><p class="canvas-item__label">${escapeHtml(item.text.trim() || 'Untitled frame')}</p></div>`;
    case 'outcome': {
      const lines: string[] = [`<p class="canvas-item__title">${escapeHtml(item.text.trim() || 'Untitled outcome')}</p>`];
      if (item.indicator.trim()) lines.push(`<p>Indicator: ${escapeHtml(item.indicator)}</p>`);
      const target = [item.target.trim(), item.byWhen ? `by ${formatIsoDate(item.byWhen)}` : ''].filter(Boolean).join(' ');
      if (target) lines.push(`<p>Target: ${escapeHtml(target)}</p>`);
      if (partners.length > 0) lines.push(`<p class="canvas-item__agreement">${escapeHtml(agreementSummary(item, partners).text)}</p>`);
      return `<div class="canvas-item canvas-item--outcome" style="${box}background-color:${colour};color:${textColourOn(colour)}">${lines.join('')}</div>`;
    }
    case 'connector':
      return '';
  }
}

/**
 * A frame of the outcome canvas and what is in it (stickies, outcome cards, indicators, labels, frames inside it:
 * {@link frameMembers}), drawn as positioned boxes of real text, with the connectors between them as lines. Items
 * are clipped to the frame. Everything typed is escaped.
 */
export function renderFrameHtml(frame: CanvasItem, options: FrameHtmlOptions): string {
  const members = frameMembers(options.items, frame);
  const scale = frameScale(frame, options.maxWidth, options.maxHeight);
  const inFrame = new Set<string>([frame.id, ...members.map((m) => m.id)]);
  const byId = new Map(options.items.map((item) => [item.id as string, item]));
  const lines = options.items
    .filter((item) => item.kind === 'connector')
    .flatMap((connector) => {
      const ends = connectorEnds(connector, byId);
      if (!ends || !inFrame.has(ends.from.id) || !inFrame.has(ends.to.id)) return [];
      const centre = (i: CanvasItem) => [i.x + i.w / 2 - frame.x, i.y + i.h / 2 - frame.y] as const;
      const [x1, y1] = centre(ends.from);
      const [x2, y2] = centre(ends.to);
      const label = connector.label?.trim()
        ? `<text x="${(x1 + x2) / 2}" y="${(y1 + y2) / 2 - 6}" text-anchor="middle" font-size="13" fill="#212b32" stroke="#ffffff" stroke-width="3" paint-order="stroke">${escapeHtml(connector.label)}</text>`
        : '';
      return [`<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="#4c6272" stroke-width="2" marker-end="url(#arrow-${escapeHtml(frame.id)})"/>${label}`];
    });
  const connectors =
    lines.length > 0
      ? `<svg class="frame__connectors" width="${frame.w}" height="${frame.h}" aria-hidden="true" focusable="false">` +
        `<defs><marker id="arrow-${escapeHtml(frame.id)}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#4c6272"/></marker></defs>` +
        `${lines.join('')}</svg>`
      : '';
  const name = frame.text.trim() || 'Untitled frame';
  const background = safeColour(frame.colour, '#f5f5f5');
  const body = members.map((item) => itemHtml(item, frame, options.partners)).join('');
  const empty = members.length === 0 ? '<p class="frame__empty">This frame is empty.</p>' : '';
  return (
    `<div class="frame-scaler" style="width:${px(frame.w * scale)};height:${px(frame.h * scale)}">` +
    `<div class="frame" role="group" aria-label="${escapeHtml(`Canvas frame: ${name}`)}" data-frame="${escapeHtml(frame.id)}" ` +
    `style="width:${px(frame.w)};height:${px(frame.h)};background-color:${background};transform:scale(${scale})">` +
    `<p class="frame__label">${escapeHtml(name)}</p>${connectors}${body}${empty}</div></div>`
  );
}
