import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCommentThread,
  addPurpose,
  deletePurpose,
  getPurposeFragment,
  getRoots,
  InvalidCommentError,
  listThreads,
  relativePositionToAnchorJSON,
  replyToThread,
  resolveTextAnchor,
  setThreadResolved,
  textAnchorText,
  type Author,
  type CommentAnchor,
} from './index.js';

function person(name: string, start = 1000): Author & { set(t: number): void } {
  let t = start;
  return { name, now: () => t, set: (next: number) => void (t = next) };
}

/** Two docs with distinct client ids that exchange every update on demand. */
function pair(): { a: Y.Doc; b: Y.Doc; sync(): void } {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.clientID = 1;
  b.clientID = 2;
  return {
    a,
    b,
    sync() {
      Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
      Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
    },
  };
}

/** A purpose whose fragment holds `<paragraph>text</paragraph>` for each paragraph; returns the purpose id and texts. */
function purposeWith(doc: Y.Doc, paragraphs: string[]): { id: string; texts: Y.XmlText[] } {
  const id = addPurpose(doc, { title: 'Why' }, person('amy'));
  const fragment = getPurposeFragment(doc, id)!;
  const texts = paragraphs.map((words) => {
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText(words);
    paragraph.insert(0, [text]);
    fragment.push([paragraph]);
    return text;
  });
  return { id, texts };
}

/** A text anchor over [from, to) of one Y.XmlText, with the associations the editor uses at each end. */
function rangeAnchor(purposeId: string, text: Y.XmlText, from: number, to: number): CommentAnchor {
  return {
    kind: 'text',
    id: purposeId,
    from: relativePositionToAnchorJSON(Y.createRelativePositionFromTypeIndex(text, from, 0)),
    to: relativePositionToAnchorJSON(Y.createRelativePositionFromTypeIndex(text, to, -1)),
  };
}

describe('comment threads', () => {
  it('adds a thread with its anchor, first message, author and time, and lists it', () => {
    const doc = new Y.Doc();
    const amy = person('Amy Patel', 5000);
    const id = addCommentThread(doc, { kind: 'feature', id: 'f1' }, '  Is this practice still open?  ', amy);
    expect(listThreads(doc)).toEqual([
      {
        ok: true,
        value: {
          id,
          anchor: { kind: 'feature', id: 'f1' },
          messages: [{ author: 'Amy Patel', text: 'Is this practice still open?', at: 5000 }],
          resolved: false,
          createdBy: 'Amy Patel',
          createdAt: 5000,
          updatedAt: 5000,
        },
      },
    ]);
  });

  it('refuses an empty or over-long message, and a text anchor without both ends, writing nothing', () => {
    const doc = new Y.Doc();
    const amy = person('amy');
    expect(() => addCommentThread(doc, { kind: 'feature', id: 'f1' }, '   ', amy)).toThrow(InvalidCommentError);
    expect(() => addCommentThread(doc, { kind: 'feature', id: 'f1' }, 'x'.repeat(5001), amy)).toThrow(InvalidCommentError);
    expect(() => addCommentThread(doc, { kind: 'text', id: 'p1' }, 'hi', amy)).toThrow(InvalidCommentError);
    expect(() =>
      addCommentThread(doc, { kind: 'text', id: 'p1', from: {} as never, to: {} as never }, 'hi', amy),
    ).toThrow(InvalidCommentError);
    expect(getRoots(doc).comments.size).toBe(0);
    const id = addCommentThread(doc, { kind: 'feature', id: 'f1' }, 'ok', amy);
    expect(() => replyToThread(doc, id, '', amy)).toThrow(InvalidCommentError);
    expect(listThreads(doc)[0]).toMatchObject({ ok: true, value: { messages: [{ text: 'ok' }] } });
  });

  it('replies, resolves and reopens, bumping updatedAt', () => {
    const doc = new Y.Doc();
    const amy = person('amy', 1000);
    const ben = person('ben', 2000);
    const id = addCommentThread(doc, { kind: 'canvas', id: 'c1' }, 'Who owns this?', amy);
    expect(replyToThread(doc, id, 'The PCN does', ben)).toBe(true);
    ben.set(3000);
    expect(setThreadResolved(doc, id, true, ben)).toBe(true);
    expect(listThreads(doc)[0]).toMatchObject({
      ok: true,
      value: { resolved: true, updatedAt: 3000, messages: [{ author: 'amy', text: 'Who owns this?' }, { author: 'ben', text: 'The PCN does', at: 2000 }] },
    });
    setThreadResolved(doc, id, false, amy);
    expect(listThreads(doc)[0]).toMatchObject({ ok: true, value: { resolved: false } });
    expect(replyToThread(doc, 'gone', 'hello', amy)).toBe(false);
    expect(setThreadResolved(doc, 'gone', true, amy)).toBe(false);
  });

  it('filters by anchor kind, anchored id and resolved state', () => {
    const doc = new Y.Doc();
    const amy = person('amy');
    const { id: purposeId, texts } = purposeWith(doc, ['Stay well at home']);
    const onText = addCommentThread(doc, rangeAnchor(purposeId, texts[0]!, 0, 4), 'Which homes?', amy);
    amy.set(2000);
    const onFeature = addCommentThread(doc, { kind: 'feature', id: 'f1' }, 'Open?', amy);
    setThreadResolved(doc, onFeature, true, amy);
    const ids = (filter?: Parameters<typeof listThreads>[1]) => listThreads(doc, filter).map((r) => (r.ok ? r.value.id : r.id));
    expect(ids({ kind: 'text', id: purposeId })).toEqual([onText]);
    expect(ids({ kind: 'text', id: 'other' })).toEqual([]);
    expect(ids({ resolved: true })).toEqual([onFeature]);
    expect(ids()).toEqual([onText, onFeature]);
  });

  it('reads an old thread with a plain array of messages, and a reply upgrades it to a Y.Array', () => {
    const doc = new Y.Doc();
    const old = new Y.Map<unknown>();
    getRoots(doc).comments.set('old', old);
    old.set('id', 'old');
    old.set('createdBy', 'amy');
    old.set('createdAt', 1);
    old.set('updatedAt', 1);
    old.set('anchor', { kind: 'feature', id: 'f1' });
    old.set('messages', [{ author: 'amy', text: 'first', at: 1 }]);
    expect(listThreads(doc)[0]).toMatchObject({ ok: true, value: { messages: [{ text: 'first' }], resolved: false } });
    replyToThread(doc, 'old', 'second', person('ben'));
    expect(old.get('messages')).toBeInstanceOf(Y.Array);
    expect(listThreads(doc)[0]).toMatchObject({ ok: true, value: { messages: [{ text: 'first' }, { text: 'second' }] } });
  });

  it('reports broken threads after valid ones and never throws', () => {
    const doc = new Y.Doc();
    const broken = new Y.Map<unknown>();
    getRoots(doc).comments.set('broken', broken);
    broken.set('anchor', 'nowhere');
    const id = addCommentThread(doc, { kind: 'feature', id: 'f1' }, 'hi', person('amy'));
    expect(listThreads(doc).map((r) => r.ok)).toEqual([true, false]);
    expect(listThreads(doc, { kind: 'feature' }).map((r) => (r.ok ? r.value.id : r.id))).toEqual([id]);
  });

  it('concurrent replies from two docs are both kept and converge in one order', () => {
    const { a, b, sync } = pair();
    const id = addCommentThread(a, { kind: 'feature', id: 'f1' }, 'Open on Saturdays?', person('amy'));
    sync();
    replyToThread(a, id, 'Yes, 9 to 12', person('amy', 2000));
    replyToThread(b, id, 'Not in August', person('ben', 2000));
    setThreadResolved(b, id, true, person('ben', 2001));
    sync();
    const fromA = listThreads(a);
    expect(fromA).toEqual(listThreads(b));
    expect(fromA[0]).toMatchObject({ ok: true, value: { resolved: true } });
    const texts = fromA[0]?.ok ? fromA[0].value.messages.map((m) => m.text) : [];
    expect(texts).toHaveLength(3);
    expect(texts[0]).toBe('Open on Saturdays?');
    expect(new Set(texts.slice(1))).toEqual(new Set(['Yes, 9 to 12', 'Not in August']));
  });

  it('deleting a purpose deletes the threads on its text, not others', () => {
    const doc = new Y.Doc();
    const amy = person('amy');
    const { id: purposeId, texts } = purposeWith(doc, ['Stay well at home']);
    addCommentThread(doc, rangeAnchor(purposeId, texts[0]!, 0, 4), 'Which homes?', amy);
    const kept = addCommentThread(doc, { kind: 'feature', id: 'f1' }, 'Open?', amy);
    deletePurpose(doc, purposeId);
    expect(listThreads(doc).map((r) => (r.ok ? r.value.id : r.id))).toEqual([kept]);
  });
});

describe('text anchors (Yjs relative positions)', () => {
  it('still covers the same words after concurrent edits before, inside the paragraph and in new blocks', () => {
    const { a, b, sync } = pair();
    const { id: purposeId, texts } = purposeWith(a, ['Help people stay well at home for longer']);
    sync();
    const start = 'Help people stay '.length;
    const anchor = rangeAnchor(purposeId, texts[0]!, start, start + 'well at home'.length);
    const threadId = addCommentThread(a, anchor, 'Which homes: care homes too?', person('amy'));
    expect(textAnchorText(a, anchor)).toBe('well at home');

    // Concurrently: A types at the very start and after the range; B adds a paragraph before and types inside
    // the paragraph before the range.
    texts[0]!.insert(0, 'Our aim: ');
    texts[0]!.insert(texts[0]!.length, ', with their families');
    const fragmentB = getPurposeFragment(b, purposeId)!;
    const heading = new Y.XmlElement('heading');
    heading.insert(0, [new Y.XmlText('Purpose')]);
    fragmentB.insert(0, [heading]);
    const paragraphB = fragmentB.get(1) as Y.XmlElement;
    (paragraphB.get(0) as Y.XmlText).insert('Help '.length, 'older ');
    sync();

    for (const doc of [a, b]) {
      const thread = listThreads(doc, { kind: 'text', id: purposeId })[0];
      expect(thread?.ok && thread.value.id).toBe(threadId);
      const stored = thread?.ok ? thread.value.anchor : anchor;
      expect(textAnchorText(doc, stored)).toBe('well at home');
      const paragraph = (getPurposeFragment(doc, purposeId)!.get(1) as Y.XmlElement).get(0) as Y.XmlText;
      expect(paragraph.toString()).toBe('Our aim: Help older people stay well at home for longer, with their families');
      const resolved = resolveTextAnchor(doc, stored)!;
      expect(resolved.from.type).toBe(paragraph);
      expect(resolved.from.index).toBe('Our aim: Help older people stay '.length);
    }
  });

  it('reports the commented text as removed once the words, or their whole paragraph, are deleted', () => {
    const { a, b, sync } = pair();
    const { id: purposeId, texts } = purposeWith(a, ['Stay well at home', 'Second paragraph']);
    sync();
    const onWords = rangeAnchor(purposeId, texts[0]!, 5, 9); // "well"
    const onParagraph = rangeAnchor(purposeId, texts[1]!, 0, 6); // "Second"
    expect(textAnchorText(b, onWords)).toBe('well');
    texts[0]!.delete(5, 5); // "well " removed in A
    getPurposeFragment(b, purposeId)!.delete(1, 1); // B removes the second paragraph
    sync();
    for (const doc of [a, b]) {
      expect(textAnchorText(doc, onWords)).toBe('');
      expect(textAnchorText(doc, onParagraph)).toBe('');
    }
  });
});
