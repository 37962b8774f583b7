import * as Y from 'yjs';
import type { RecordId } from './ids.js';
import {
  commentAnchorSchema,
  commentMessageSchema,
  commentThreadSchema,
  relativePositionJSONSchema,
  type CommentAnchor,
  type CommentThread,
  type RelativePositionJSON,
} from './records/comment-thread.js';
import { createRecordMap, patchRecordMap, readRecord, recordIn, type Author, type ReadResult } from './records/record.js';
import { getRoots } from './roots.js';
import { validThenBroken } from './sorted.js';

/** Key of the Y.Array of messages inside a thread record. */
const MESSAGES_KEY = 'messages';

/** Which threads `listThreads` returns: by anchor kind, by anchored record id, by resolved state. */
export interface ThreadFilter {
  kind?: CommentAnchor['kind'];
  id?: string;
  resolved?: boolean;
}

/** Thrown when a thread or a message would not be valid: nothing is written. */
export class InvalidCommentError extends Error {
  override name = 'InvalidCommentError';
}

function checkedMessage(author: Author, text: string): { author: string; text: string; at: number } {
  const message = { author: author.name, text: text.trim(), at: (author.now ?? Date.now)() };
  if (message.text.length === 0) throw new InvalidCommentError('A comment needs some text.');
  const parsed = commentMessageSchema.safeParse(message);
  if (!parsed.success) throw new InvalidCommentError('A comment can be at most 5000 characters.');
  return parsed.data;
}

/**
 * Starts a comment thread on an anchor with its first message and returns the thread id.
 * For a text range, `anchor.from` and `anchor.to` are Yjs relative positions (JSON) in the purpose's fragment.
 * Throws `InvalidCommentError` (and writes nothing) for an empty or over-long message or a malformed anchor.
 */
export function addCommentThread(doc: Y.Doc, anchor: CommentAnchor, text: string, author: Author): RecordId {
  const parsedAnchor = commentAnchorSchema.safeParse(anchor);
  if (!parsedAnchor.success) throw new InvalidCommentError('The comment is not anchored to anything that can be found.');
  if (parsedAnchor.data.kind === 'text' && (!parsedAnchor.data.from || !parsedAnchor.data.to)) {
    throw new InvalidCommentError('A comment on text needs the start and end of the commented range.');
  }
  const message = checkedMessage(author, text);
  const { comments } = getRoots(doc);
  let id!: RecordId;
  doc.transact(() => {
    const record = createRecordMap(author, { anchor: parsedAnchor.data, resolved: false });
    const messages = new Y.Array<unknown>();
    messages.push([message]);
    record.map.set(MESSAGES_KEY, messages);
    comments.set(record.id, record.map);
    id = record.id;
  });
  return id;
}

/**
 * Adds a reply to a thread. Replies go into the thread's Y.Array, so two people replying at once both
 * keep their message. A thread written with a plain array of messages is upgraded to a Y.Array in place.
 * Returns false when the thread is gone.
 */
export function replyToThread(doc: Y.Doc, threadId: string, text: string, author: Author): boolean {
  const record = recordIn(getRoots(doc).comments, threadId);
  if (!record) return false;
  const message = checkedMessage(author, text);
  doc.transact(() => {
    const existing = record.get(MESSAGES_KEY);
    if (existing instanceof Y.Array) {
      existing.push([message]);
    } else {
      const messages = new Y.Array<unknown>();
      messages.push([...(Array.isArray(existing) ? existing : []), message]);
      record.set(MESSAGES_KEY, messages);
    }
    record.set('updatedAt', message.at);
  });
  return true;
}

/** Resolves or reopens a thread. Returns false when the thread is gone. */
export function setThreadResolved(doc: Y.Doc, threadId: string, resolved: boolean, author: Author): boolean {
  const record = recordIn(getRoots(doc).comments, threadId);
  if (!record) return false;
  doc.transact(() => patchRecordMap(record, { resolved }, author));
  return true;
}

/** Deletes a thread and its messages. */
export function deleteThread(doc: Y.Doc, threadId: string): void {
  getRoots(doc).comments.delete(threadId);
}

/** Deletes every thread anchored to a record (e.g. when a purpose is deleted). Call inside a transaction or not. */
export function deleteThreadsAnchoredTo(doc: Y.Doc, kind: CommentAnchor['kind'], id: string): void {
  const { comments } = getRoots(doc);
  doc.transact(() => {
    for (const [threadId, record] of [...comments.entries()]) {
      if (!(record instanceof Y.Map)) continue;
      const anchor = record.get('anchor') as { kind?: unknown; id?: unknown } | undefined;
      if (anchor?.kind === kind && anchor.id === id) comments.delete(threadId);
    }
  });
}

function matches(thread: CommentThread, filter: ThreadFilter | undefined): boolean {
  if (!filter) return true;
  if (filter.kind !== undefined && thread.anchor.kind !== filter.kind) return false;
  if (filter.id !== undefined && thread.anchor.id !== filter.id) return false;
  if (filter.resolved !== undefined && thread.resolved !== filter.resolved) return false;
  return true;
}

/**
 * Comment threads, oldest first (ties by id, so every replica lists them in one order), optionally only those
 * matching `filter`. Broken records come last and are reported, never thrown; a filter drops broken
 * records it cannot check.
 */
export function listThreads(doc: Y.Doc, filter?: ThreadFilter): ReadResult<CommentThread>[] {
  const results = [...getRoots(doc).comments.entries()].map(
    ([id, record]) => readRecord(commentThreadSchema, id, record) as ReadResult<CommentThread>,
  );
  const kept = results.filter((r) => (r.ok ? matches(r.value, filter) : filter === undefined));
  return validThenBroken(kept, (a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A Yjs relative position as stored JSON (for a text anchor's `from` or `to`). */
export function relativePositionToAnchorJSON(position: Y.RelativePosition): RelativePositionJSON {
  return relativePositionJSONSchema.parse(Y.relativePositionToJSON(position));
}

/** Where a text anchor points now: the shared type and index of each end, or null when an end is unknown. */
export interface ResolvedTextAnchor {
  from: Y.AbsolutePosition;
  to: Y.AbsolutePosition;
}

/** Resolves a text anchor's relative positions in `doc` (null when the anchor has none or they are not known yet). */
export function resolveTextAnchor(doc: Y.Doc, anchor: CommentAnchor): ResolvedTextAnchor | null {
  if (!anchor.from || !anchor.to) return null;
  const from = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(anchor.from), doc);
  const to = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(anchor.to), doc);
  return from && to ? { from, to } : null;
}

/** True when a shared type, or any type it sits in, has been deleted. */
function isDeleted(type: { _item: Y.Item | null }): boolean {
  for (let item = type._item; item !== null; item = (item.parent as { _item: Y.Item | null })._item) {
    if (item.deleted) return true;
  }
  return false;
}

/**
 * The text a text anchor covers when both ends are in one Y.XmlText, '' when the commented text was
 * removed, or undefined when the range spans several blocks (resolve it in the editor instead).
 */
export function textAnchorText(doc: Y.Doc, anchor: CommentAnchor): string | undefined {
  const resolved = resolveTextAnchor(doc, anchor);
  if (!resolved) return '';
  const { from, to } = resolved;
  if (isDeleted(from.type) && isDeleted(to.type)) return '';
  if (from.type !== to.type || !(from.type instanceof Y.XmlText)) return undefined;
  if (isDeleted(from.type) || to.index <= from.index) return '';
  return plainText(from.type).slice(from.index, to.index);
}

function plainText(text: Y.XmlText): string {
  return text
    .toDelta()
    .map((op: { insert?: unknown }) => (typeof op.insert === 'string' ? op.insert : '\ufffc'))
    .join('');
}
