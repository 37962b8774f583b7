/**
 * What every benchmark editor does, the same on every server: it owns one purpose statement (a rich-text
 * Y.XmlFragment with one paragraph, as the Purpose pane's Tiptap editor keeps it) and types {@link EDIT_TEXT} at
 * the end of it, once per edit; and it moves its canvas pointer in its presence.
 *
 * Each editor writes only under its own Yjs client id and only after its own earlier edits, so a light client can
 * pre-encode all its updates on a private Y.Doc before the run and send them in order without ever applying what
 * others send. Every edit adds exactly `EDIT_TEXT.length` to its client's clock, so a receiver can tell which edit of
 * which editor an update holds from its state-vector range alone ({@link editsIn}).
 */
import { addPurpose, getPurposeFragment } from '@placeboard/board';
import * as Y from 'yjs';

/** Yjs client id of editor 0; editor `i` writes as `CLIENT_ID_BASE + i`. */
export const CLIENT_ID_BASE = 1_000_000_000;
/** What one text edit types. */
export const EDIT_TEXT = 'word ';
/** Clock ticks one edit takes. */
export const EDIT_CLOCKS = EDIT_TEXT.length;

/** The Yjs client id of editor `index`. */
export function clientIdOf(index: number): number {
  return CLIENT_ID_BASE + index;
}

/** The editor index of a Yjs client id, or -1 for a client that is not a benchmark editor. */
export function editorOf(clientId: number, editors: number): number {
  const index = clientId - CLIENT_ID_BASE;
  return index >= 0 && index < editors ? index : -1;
}

/**
 * Adds editor `index`'s purpose with one empty paragraph, in one transaction, and returns the paragraph's text.
 * Run on the editor's own doc (whose clientID is already {@link clientIdOf}).
 */
export function createOwnPurpose(doc: Y.Doc, index: number): Y.XmlText {
  let text!: Y.XmlText;
  doc.transact(() => {
    const id = addPurpose(doc, { title: `Editor ${index}` }, { name: `Editor ${index}` });
    const fragment = getPurposeFragment(doc, id);
    if (!fragment) throw new Error('addPurpose made no fragment');
    const paragraph = new Y.XmlElement('paragraph');
    text = new Y.XmlText('');
    paragraph.insert(0, [text]);
    fragment.insert(0, [paragraph]);
  });
  return text;
}

/** One text edit: {@link EDIT_TEXT} typed at the end of the editor's paragraph. */
export function typeEdit(text: Y.XmlText): void {
  text.insert(text.length, EDIT_TEXT);
}

/** An editor's whole run, encoded before it starts. */
export interface EditorScript {
  clientId: number;
  /** The update that creates its purpose; sent once on connecting. */
  create: Uint8Array;
  /** Its clock after `create`: edit k covers clocks [startClock + k·EDIT_CLOCKS, startClock + (k+1)·EDIT_CLOCKS). */
  startClock: number;
  /** One update per edit, in order. */
  edits: Uint8Array[];
}

/** Pre-encodes editor `index`'s purpose and `edits` text edits on a private doc. */
export function scriptEditor(index: number, edits: number): EditorScript {
  const doc = new Y.Doc();
  doc.clientID = clientIdOf(index);
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const text = createOwnPurpose(doc, index);
  const create = updates.length === 1 ? (updates[0] as Uint8Array) : Y.mergeUpdates(updates);
  const startClock = Y.getState(doc.store, doc.clientID);
  updates.length = 0;
  for (let k = 0; k < edits; k++) typeEdit(text);
  if (updates.length !== edits) throw new Error(`expected ${edits} updates, got ${updates.length}`);
  const script = { clientId: doc.clientID, create, startClock, edits: [...updates] };
  doc.destroy();
  return script;
}

/** A presence as the web client publishes it on the Outcomes pane, with the send time in `t` (ms since the epoch). */
export function presenceJson(index: number, step: number, sentAt: number): string {
  return JSON.stringify({
    user: { name: `Editor ${index}`, color: '#005eb8' },
    pane: 'outcomes',
    pointer: { x: (step * 7) % 1600, y: (step * 13) % 900 },
    t: sentAt,
  });
}

/** The presence object of {@link presenceJson}, for full clients that set it through their Awareness. */
export function presenceState(index: number, step: number, sentAt: number): Record<string, unknown> {
  return JSON.parse(presenceJson(index, step, sentAt)) as Record<string, unknown>;
}

/**
 * Which edits of which editors an update holds: for every client in the update's state-vector range that is a
 * benchmark editor, the edit numbers [first, end). Used by observers on every update they apply.
 */
export function editsIn(
  update: Uint8Array,
  editors: number,
  startClockOf: (editor: number) => number,
  visit: (editor: number, first: number, end: number) => void,
): void {
  const { from, to } = Y.parseUpdateMeta(update);
  for (const [client, end] of to) {
    const editor = editorOf(client, editors);
    if (editor < 0) continue;
    const start = startClockOf(editor);
    const begin = from.get(client) ?? 0;
    const first = Math.max(0, Math.floor((begin - start) / EDIT_CLOCKS));
    const last = Math.floor((end - start) / EDIT_CLOCKS);
    if (last > first) visit(editor, first, last);
  }
}

/** Monotonic wall-clock milliseconds, comparable between worker threads of one process. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}
