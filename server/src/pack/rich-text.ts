import * as Y from 'yjs';
import { escapeHtml, safeHref } from './html.js';

/** Options of {@link renderRichText}. */
export interface RichTextOptions {
  /** The HTML level the fragment's highest heading gets; lower ones follow in order, up to h6. @default 4 */
  headingLevel?: number;
  /** The caption of the n-th table (from 1), e.g. "Table 1 of Why we exist". */
  tableCaption: (n: number) => string;
}

/** How deep elements may nest before the rest is shown as plain text: a hostile client could nest thousands. */
const MAX_DEPTH = 40;

interface Context {
  options: RichTextOptions;
  /** The fragment's smallest heading level, mapped to `headingLevel`. */
  topHeading: number;
  tables: number;
}

/**
 * A purpose's rich text (the Tiptap / ProseMirror tree in its Y.XmlFragment) as safe HTML: paragraphs, headings,
 * bullet, numbered and task lists, tables, quotes, code and links (shown as the link text followed by its address,
 * so the printed page has it). Built by walking the Y.XmlElement / Y.XmlText tree: element names choose from a fixed
 * set of tags, every text and attribute value is escaped, and links keep only http, https and mailto addresses.
 * Unknown elements show their content.
 */
export function renderRichText(fragment: Y.XmlFragment, options: RichTextOptions): string {
  const context: Context = { options, topHeading: smallestHeading(fragment) ?? 1, tables: 0 };
  return children(fragment, context, 0);
}

/** True when the fragment holds no text at all. */
export function isRichTextEmpty(fragment: Y.XmlFragment): boolean {
  const visit = (node: Y.XmlFragment | Y.XmlElement, depth: number): boolean => {
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlText && child.toString().trim() !== '') return false;
      if (child instanceof Y.XmlElement && depth < MAX_DEPTH && !visit(child, depth + 1)) return false;
    }
    return true;
  };
  return visit(fragment, 0);
}

function smallestHeading(node: Y.XmlFragment | Y.XmlElement, depth = 0): number | undefined {
  let smallest: number | undefined;
  for (const child of node.toArray()) {
    if (!(child instanceof Y.XmlElement) || depth >= MAX_DEPTH) continue;
    if (child.nodeName === 'heading') {
      const level = headingLevelOf(child);
      smallest = smallest === undefined ? level : Math.min(smallest, level);
    }
    const inner = smallestHeading(child, depth + 1);
    if (inner !== undefined) smallest = smallest === undefined ? inner : Math.min(smallest, inner);
  }
  return smallest;
}

function headingLevelOf(element: Y.XmlElement): number {
  const level = Number(element.getAttribute('level' as never));
  return Number.isInteger(level) && level >= 1 && level <= 6 ? level : 1;
}

/** The text inside an element, found without recursion (for nesting too deep to render). */
function plainText(node: Y.XmlElement): string {
  const parts: string[] = [];
  const stack: (Y.XmlElement | Y.XmlText)[] = [node];
  while (stack.length > 0) {
    const next = stack.pop();
    if (next instanceof Y.XmlText) {
      parts.push((next.toDelta() as { insert?: unknown }[]).map((d) => (typeof d.insert === 'string' ? d.insert : '')).join(''));
    }
    else if (next instanceof Y.XmlElement) {
      const kids = next.toArray().filter((c): c is Y.XmlElement | Y.XmlText => c instanceof Y.XmlElement || c instanceof Y.XmlText);
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as Y.XmlElement | Y.XmlText);
    }
  }
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

function children(node: Y.XmlFragment | Y.XmlElement, context: Context, depth: number): string {
  return node
    .toArray()
    .map((child) => {
      if (child instanceof Y.XmlText) return text(child);
      if (child instanceof Y.XmlElement) return element(child, context, depth + 1);
      return '';
    })
    .join('');
}

/** An element's attribute as a plain value (Yjs types its attributes as strings; y-prosemirror stores any JSON). */
function attribute(element: Y.XmlElement, name: string): unknown {
  return (element.getAttributes() as Record<string, unknown>)[name];
}

function element(node: Y.XmlElement, context: Context, depth: number): string {
  if (depth > MAX_DEPTH) return `<p>${escapeHtml(plainText(node))}</p>`;
  const inner = () => children(node, context, depth);
  switch (node.nodeName) {
    case 'paragraph':
      return `<p>${inner()}</p>`;
    case 'heading': {
      const base = context.options.headingLevel ?? 4;
      const level = Math.min(6, base + headingLevelOf(node) - context.topHeading);
      return `<h${level} class="rich-heading">${inner()}</h${level}>`;
    }
    case 'bulletList':
      return `<ul>${inner()}</ul>`;
    case 'orderedList': {
      const start = Number(attribute(node, 'start'));
      return Number.isInteger(start) && start !== 1 && start >= 0 && start < 1e6 ? `<ol start="${start}">${inner()}</ol>` : `<ol>${inner()}</ol>`;
    }
    case 'listItem':
      return `<li>${inner()}</li>`;
    case 'taskList':
      return `<ul class="tasks">${inner()}</ul>`;
    case 'taskItem': {
      const checked = attribute(node, 'checked');
      const done = checked === true || checked === 'true';
      return `<li class="task">${taskBox(done)}<div class="task__text">${inner()}</div></li>`;
    }
    case 'blockquote':
      return `<blockquote>${inner()}</blockquote>`;
    case 'codeBlock':
      return `<pre><code>${inner()}</code></pre>`;
    case 'horizontalRule':
      return '<hr>';
    case 'hardBreak':
      return '<br>';
    case 'table':
      return table(node, context, depth);
    case 'image': {
      // Never loaded: the pack fetches nothing. Its description stands in for it.
      const alt = attribute(node, 'alt');
      return typeof alt === 'string' && alt.trim() ? `<p class="muted">[Image: ${escapeHtml(alt)}]</p>` : '';
    }
    default:
      return inner();
  }
}

/** A ticked or empty box, drawn (no font needed), with words for screen readers and for text extraction. */
function taskBox(done: boolean): string {
  const tick = done ? '<path d="M3.5 8.5l3 3 6-7" fill="none" stroke="#ffffff" stroke-width="2"/>' : '';
  return (
    `<svg class="task__box" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">` +
    `<rect x="1" y="1" width="14" height="14" rx="2" fill="${done ? '#007f3b' : '#ffffff'}" stroke="#212b32" stroke-width="1.5"/>${tick}</svg>` +
    `<span class="task__state">${done ? 'Done:' : 'To do:'}</span> `
  );
}

function table(node: Y.XmlElement, context: Context, depth: number): string {
  context.tables += 1;
  const rows = node.toArray().filter((row): row is Y.XmlElement => row instanceof Y.XmlElement && row.nodeName === 'tableRow');
  const cellsOf = (row: Y.XmlElement) => row.toArray().filter((cell): cell is Y.XmlElement => cell instanceof Y.XmlElement);
  const first = rows[0];
  const headerRow = first !== undefined && cellsOf(first).length > 0 && cellsOf(first).every((cell) => cell.nodeName === 'tableHeader');
  const renderRow = (row: Y.XmlElement, inHeader: boolean) =>
    `<tr>${cellsOf(row)
      .map((cell, index) => {
        const spans = spanAttributes(cell);
        const content = children(cell, context, depth + 1);
        if (cell.nodeName === 'tableHeader') {
          const scope = inHeader ? 'col' : index === 0 ? 'row' : 'col';
          return `<th scope="${scope}"${spans}>${content}</th>`;
        }
        return `<td${spans}>${content}</td>`;
      })
      .join('')}</tr>`;
  const head = headerRow && first ? `<thead>${renderRow(first, true)}</thead>` : '';
  const body = (headerRow ? rows.slice(1) : rows).map((row) => renderRow(row, false)).join('');
  const caption = escapeHtml(context.options.tableCaption(context.tables));
  return `<table class="rich-table"><caption>${caption}</caption>${head}<tbody>${body}</tbody></table>`;
}

function spanAttributes(cell: Y.XmlElement): string {
  let out = '';
  for (const name of ['colspan', 'rowspan']) {
    const value = Number(attribute(cell, name));
    if (Number.isInteger(value) && value > 1 && value <= 100) out += ` ${name}="${value}"`;
  }
  return out;
}

/** Inline marks, outermost first, as the opening and closing tags they become. */
const MARK_TAGS: Record<string, string> = {
  bold: 'strong',
  italic: 'em',
  underline: 'u',
  strike: 's',
  code: 'code',
  highlight: 'mark',
  subscript: 'sub',
  superscript: 'sup',
};

function text(node: Y.XmlText): string {
  const delta = node.toDelta() as { insert?: unknown; attributes?: Record<string, unknown> }[];
  return delta
    .map(({ insert, attributes }) => {
      if (typeof insert !== 'string') return '';
      let html = escapeHtml(insert);
      let link: string | undefined;
      for (const [key, value] of Object.entries(attributes ?? {})) {
        // y-prosemirror keys overlapping marks of one type as `name--hash`.
        const name = key.split('--')[0] ?? key;
        if (value === null || value === undefined || value === false) continue;
        if (name === 'link') {
          link = safeHref(typeof value === 'object' ? (value as { href?: unknown }).href : value);
          continue;
        }
        const tag = MARK_TAGS[name];
        if (tag) html = `<${tag}>${html}</${tag}>`;
      }
      if (link !== undefined) {
        const shown = link.startsWith('mailto:') ? link.slice('mailto:'.length) : link;
        const address = shown === insert.trim() ? '' : ` <span class="link-address">(${escapeHtml(shown)})</span>`;
        html = `<a href="${escapeHtml(link)}">${html}</a>${address}`;
      }
      return html;
    })
    .join('');
}
