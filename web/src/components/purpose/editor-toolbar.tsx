import { useEditorState, type Editor } from '@tiptap/react';
// Command types of the table and task list extensions (the editor registers the extensions).
import type {} from '@tiptap/extension-table';
import type {} from '@tiptap/extension-list';
import { useRef, useState, type KeyboardEvent } from 'react';

/** One toolbar button. `pressed` is undefined for actions that are not on/off states. */
interface ToolbarButton {
  key: string;
  label: string;
  text: string;
  shortcut?: string;
  pressed?: boolean;
  disabled?: boolean;
  run: () => void;
  group: string;
}

interface EditorToolbarProps {
  editor: Editor;
  /** Opens the link dialog for the selection. */
  onLink: () => void;
  /** Starts a comment on the selection. */
  onComment: () => void;
  /** Names the toolbar for screen readers, e.g. "Text formatting for: Stay well at home". */
  label: string;
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const mod = isMac ? 'Meta' : 'Control';

/**
 * The formatting toolbar of a purpose editor: a WAI-ARIA toolbar. It is one Tab stop; the arrow keys, Home
 * and End move between its buttons (roving tabindex). Toggles show their state with aria-pressed, and
 * each button names its keyboard shortcut in aria-keyshortcuts and its tooltip.
 */
export function EditorToolbar({ editor, onLink, onComment, label }: EditorToolbarProps) {
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      underline: e.isActive('underline'),
      h3: e.isActive('heading', { level: 3 }),
      h4: e.isActive('heading', { level: 4 }),
      bulletList: e.isActive('bulletList'),
      orderedList: e.isActive('orderedList'),
      taskList: e.isActive('taskList'),
      link: e.isActive('link'),
      inTable: e.isActive('table'),
      hasSelection: !e.state.selection.empty,
    }),
  });
  const chain = () => editor.chain().focus();
  const inTable = state?.inTable ?? false;
  const buttons: ToolbarButton[] = [
    { group: 'marks', key: 'bold', label: 'Bold', text: 'B', shortcut: `${mod}+B`, pressed: state?.bold, run: () => chain().toggleBold().run() },
    { group: 'marks', key: 'italic', label: 'Italic', text: 'I', shortcut: `${mod}+I`, pressed: state?.italic, run: () => chain().toggleItalic().run() },
    { group: 'marks', key: 'underline', label: 'Underline', text: 'U', shortcut: `${mod}+U`, pressed: state?.underline, run: () => chain().toggleUnderline().run() },
    { group: 'marks', key: 'link', label: state?.link ? 'Edit link' : 'Link', text: 'Link', shortcut: `${mod}+K`, pressed: state?.link, run: onLink },
    { group: 'blocks', key: 'h3', label: 'Heading', text: 'H3', shortcut: `${mod}+Alt+3`, pressed: state?.h3, run: () => chain().toggleHeading({ level: 3 }).run() },
    { group: 'blocks', key: 'h4', label: 'Subheading', text: 'H4', shortcut: `${mod}+Alt+4`, pressed: state?.h4, run: () => chain().toggleHeading({ level: 4 }).run() },
    { group: 'blocks', key: 'bulletList', label: 'Bulleted list', text: '• List', shortcut: `${mod}+Shift+8`, pressed: state?.bulletList, run: () => chain().toggleBulletList().run() },
    { group: 'blocks', key: 'orderedList', label: 'Numbered list', text: '1. List', shortcut: `${mod}+Shift+7`, pressed: state?.orderedList, run: () => chain().toggleOrderedList().run() },
    { group: 'blocks', key: 'taskList', label: 'Task list', text: '☐ Tasks', shortcut: `${mod}+Shift+9`, pressed: state?.taskList, run: () => chain().toggleTaskList().run() },
    { group: 'table', key: 'insertTable', label: 'Insert table', text: 'Table', disabled: inTable, run: () => chain().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run() },
    { group: 'table', key: 'addRow', label: 'Add row below', text: '+ Row', disabled: !inTable, run: () => chain().addRowAfter().run() },
    { group: 'table', key: 'deleteRow', label: 'Delete row', text: '− Row', disabled: !inTable, run: () => chain().deleteRow().run() },
    { group: 'table', key: 'addColumn', label: 'Add column to the right', text: '+ Col', disabled: !inTable, run: () => chain().addColumnAfter().run() },
    { group: 'table', key: 'deleteColumn', label: 'Delete column', text: '− Col', disabled: !inTable, run: () => chain().deleteColumn().run() },
    { group: 'table', key: 'deleteTable', label: 'Delete table', text: '× Table', disabled: !inTable, run: () => chain().deleteTable().run() },
    { group: 'comment', key: 'comment', label: 'Comment', text: 'Comment', shortcut: `${mod}+Alt+M`, disabled: !state?.hasSelection, run: onComment },
  ];

  const refs = useRef(new Map<string, HTMLButtonElement>());
  const [current, setCurrent] = useState('bold');
  const enabled = buttons.filter((b) => !b.disabled);
  const tabStop = enabled.some((b) => b.key === current) ? current : (enabled[0]?.key ?? 'bold');

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const index = enabled.findIndex((b) => b.key === tabStop);
    let next: number | undefined;
    if (event.key === 'ArrowRight' || event.key === 'ArrowDown') next = (index + 1) % enabled.length;
    else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') next = (index - 1 + enabled.length) % enabled.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = enabled.length - 1;
    if (next === undefined) return;
    event.preventDefault();
    const key = enabled[next]?.key;
    if (!key) return;
    setCurrent(key);
    refs.current.get(key)?.focus();
  };

  let previousGroup = '';
  return (
    <div className="editor-toolbar" role="toolbar" aria-label={label} aria-orientation="horizontal" data-testid="purpose-toolbar" onKeyDown={onKeyDown}>
      {buttons.map((button) => {
        const separator = previousGroup !== '' && button.group !== previousGroup;
        previousGroup = button.group;
        return (
          <span key={button.key} className={separator ? 'editor-toolbar__item editor-toolbar__item--group' : 'editor-toolbar__item'}>
            <button
              ref={(element) => {
                if (element) refs.current.set(button.key, element);
                else refs.current.delete(button.key);
              }}
              type="button"
              className={`editor-toolbar__button editor-toolbar__button--${button.key}`}
              tabIndex={button.key === tabStop ? 0 : -1}
              aria-pressed={button.pressed === undefined ? undefined : button.pressed}
              aria-label={accessibleName(button.text, button.label)}
              aria-keyshortcuts={button.shortcut}
              title={button.shortcut ? `${button.label} (${button.shortcut.replace('Control', 'Ctrl')})` : button.label}
              disabled={button.disabled}
              data-testid={button.key === 'comment' ? 'comment-button' : undefined}
              onFocus={() => setCurrent(button.key)}
              onMouseDown={(event) => event.preventDefault()}
              onClick={button.run}
            >
              {button.text}
            </button>
          </span>
        );
      })}
    </div>
  );
}

/**
 * The button's accessible name: its label, led by the visible text when the label does not already contain it, so
 * speech-input users can say what they see (WCAG 2.5.3 Label in Name): "H3, Heading", but just "Bold".
 */
function accessibleName(visible: string, label: string): string {
  const words = (text: string) => text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  const labelWords = new Set(words(label));
  return words(visible).every((word) => labelWords.has(word)) ? label : `${visible}, ${label}`;
}
