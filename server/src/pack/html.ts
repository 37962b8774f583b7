/**
 * Small helpers for writing HTML as text. Everything a person typed goes through {@link escapeHtml} (text and
 * attribute values alike), colours through {@link safeColour} and link targets through {@link safeHref}: the board
 * pack is built as a string and never parses user content as markup.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML text and for a quoted attribute value. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

/** A CSS colour that can only be a hex colour: anything else (a stored value a faulty client wrote) becomes `fallback`. */
export function safeColour(value: unknown, fallback = '#425563'): string {
  return typeof value === 'string' && /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(value) ? value : fallback;
}

/** The URL of a link when it is http, https or mailto, else undefined (the text is then shown without a link). */
export function safeHref(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  try {
    const url = new URL(trimmed);
    return url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'mailto:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Relative luminance of a hex colour (WCAG 2.x). */
function luminance(hex: string): number {
  const full = hex.length === 4 ? `#${hex[1]}${hex[1]}${hex[2]}${hex[2]}${hex[3]}${hex[3]}` : hex;
  const channel = (i: number) => {
    const c = parseInt(full.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG contrast ratio of two hex colours. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Dark or white text, whichever reads better on `background`. */
export function textColourOn(background: string): string {
  return contrastRatio('#212b32', background) >= contrastRatio('#ffffff', background) ? '#212b32' : '#ffffff';
}

const LONDON_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
const LONDON_DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/London',
});

/** A date as people in England write it, e.g. "3 March 2026" (UK time). */
export function formatDate(ms: number): string {
  return LONDON_DATE.format(new Date(ms));
}

/** A date and time, e.g. "3 March 2026 at 14:05" (UK time). */
export function formatDateTime(ms: number): string {
  return LONDON_DATE_TIME.format(new Date(ms));
}

/** A `YYYY-MM-DD` date as "3 March 2026"; anything else as it is. */
export function formatIsoDate(value: string | undefined): string {
  if (!value) return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return value;
  return formatDate(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12));
}
