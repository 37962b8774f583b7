import type { ReactNode } from 'react';
import * as Y from 'yjs';

/** One run of formatted text in a Y.XmlText, as `toDelta()` gives it (y-prosemirror stores marks as attributes). */
interface TextRun {
  insert?: unknown;
  attributes?: Record<string, unknown>;
}

/** Only links that go somewhere safe are links on a slide; anything else shows as its text. */
function safeHref(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return /^(https?:|mailto:)/i.test(value.trim()) ? value.trim() : undefined;
}

/** A mark's name without the suffix y-prosemirror adds when two marks of one type overlap (`link--x1y2`). */
function markName(attribute: string): string {
  return attribute.split('--')[0] ?? attribute;
}

function renderText(text: Y.XmlText, key: string): ReactNode {
  const runs = text.toDelta() as TextRun[];
  return runs.map((run, index) => {
    if (typeof run.insert !== 'string') return null;
    let node: ReactNode = run.insert;
    for (const [attribute, value] of Object.entries(run.attributes ?? {})) {
      switch (markName(attribute)) {
        case 'bold':
          node = <strong>{node}</strong>;
          break;
        case 'italic':
          node = <em>{node}</em>;
          break;
        case 'strike':
          node = <s>{node}</s>;
          break;
        case 'underline':
          node = <u>{node}</u>;
          break;
        case 'code':
          node = <code>{node}</code>;
          break;
        case 'link': {
          const href = safeHref((value as { href?: unknown } | null)?.href);
          if (href) {
            node = (
              <a href={href} rel="noopener noreferrer nofollow" target="_blank">
                {node}
              </a>
            );
          }
          break;
        }
        default:
          break;
      }
    }
    return <span key={`${key}.${index}`}>{node}</span>;
  });
}

function renderChildren(parent: Y.XmlFragment | Y.XmlElement, key: string): ReactNode[] {
  return parent.toArray().map((child, index) => renderNode(child, `${key}.${index}`));
}

function renderNode(node: Y.XmlElement | Y.XmlText | Y.XmlHook, key: string): ReactNode {
  if (node instanceof Y.XmlText) return renderText(node, key);
  if (!(node instanceof Y.XmlElement)) return null;
  const children = renderChildren(node, key);
  switch (node.nodeName) {
    case 'paragraph':
      return <p key={key}>{children}</p>;
    case 'heading':
      // Purpose headings are levels 3 and 4; under the slide title (h2) they stay 3 and 4.
      return Number(node.getAttribute('level')) >= 4 ? <h4 key={key}>{children}</h4> : <h3 key={key}>{children}</h3>;
    case 'bulletList':
      return <ul key={key}>{children}</ul>;
    case 'orderedList': {
      const start = Number(node.getAttribute('start'));
      return (
        <ol key={key} start={Number.isFinite(start) && start > 1 ? start : undefined}>
          {children}
        </ol>
      );
    }
    case 'listItem':
      return <li key={key}>{children}</li>;
    case 'taskList':
      return (
        <ul key={key} className="rich-text__tasks">
          {children}
        </ul>
      );
    case 'taskItem': {
      const done = String(node.getAttribute('checked')) === 'true';
      return (
        <li key={key} className={done ? 'rich-text__task rich-text__task--done' : 'rich-text__task'}>
          <span aria-hidden="true">{done ? '☑ ' : '☐ '}</span>
          <span className="visually-hidden">{done ? 'Done: ' : 'To do: '}</span>
          {children}
        </li>
      );
    }
    case 'blockquote':
      return <blockquote key={key}>{children}</blockquote>;
    case 'codeBlock':
      return (
        <pre key={key}>
          <code>{children}</code>
        </pre>
      );
    case 'horizontalRule':
      return <hr key={key} />;
    case 'hardBreak':
      return <br key={key} />;
    case 'table':
      return (
        <table key={key} className="rich-text__table">
          <tbody>{children}</tbody>
        </table>
      );
    case 'tableRow':
      return <tr key={key}>{children}</tr>;
    case 'tableHeader':
      return <th key={key}>{children}</th>;
    case 'tableCell':
      return <td key={key}>{children}</td>;
    default:
      return <div key={key}>{children}</div>;
  }
}

/**
 * A purpose's shared rich text (the Tiptap document in its Y.XmlFragment) as plain, read-only HTML for a slide: the
 * editor's nodes and marks, without loading the editor. Unknown nodes show their content.
 */
export function RichText({ fragment }: { fragment: Y.XmlFragment | undefined }) {
  const content = fragment ? renderChildren(fragment, 'n') : [];
  if (content.length === 0 || (fragment && fragment.toString().replace(/<[^>]*>/g, '').trim() === '')) {
    return <p className="hint">No text has been written for this purpose yet.</p>;
  }
  return <div className="rich-text">{content}</div>;
}
