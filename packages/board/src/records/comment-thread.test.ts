import { describe, expect, it } from 'vitest';
import { commentThreadSchema } from '../index.js';

const valid = {
  id: 't1',
  createdBy: 'amy',
  createdAt: 1,
  updatedAt: 1,
  anchor: { kind: 'feature', id: 'f1' },
  messages: [{ author: 'amy', text: 'Is this practice still open?', at: 5 }],
  resolved: false,
};

describe('commentThreadSchema', () => {
  it('parses a valid thread', () => {
    expect(commentThreadSchema.parse(valid)).toEqual(valid);
  });

  it('defaults messages to none and resolved to false', () => {
    const parsed = commentThreadSchema.parse({ ...valid, messages: undefined, resolved: undefined });
    expect(parsed.messages).toEqual([]);
    expect(parsed.resolved).toBe(false);
  });

  it.each([
    ['an unknown anchor kind', { anchor: { kind: 'layer', id: 'l1' } }],
    ['an anchor without id', { anchor: { kind: 'canvas' } }],
    ['a missing anchor', { anchor: undefined }],
    ['a message over 5000 characters', { messages: [{ author: 'a', text: 'x'.repeat(5001), at: 1 }] }],
    ['a message without author', { messages: [{ text: 'hi', at: 1 }] }],
    ['a non-boolean resolved', { resolved: 'yes' }],
  ])('rejects %s', (_label, change) => {
    expect(commentThreadSchema.safeParse({ ...valid, ...change }).success).toBe(false);
  });

  it('parses a text anchor with relative positions (JSON) and a quote', () => {
    const anchor = {
      kind: 'text',
      id: 'purpose1',
      from: { type: null, tname: null, item: { client: 1, clock: 4 }, assoc: 0 },
      to: { item: { client: 1, clock: 8 }, assoc: -1 },
      quote: 'well at home',
    };
    expect(commentThreadSchema.parse({ ...valid, anchor }).anchor).toEqual(anchor);
  });

  it.each([
    ['an empty position', { from: {} }],
    ['a negative clock', { from: { item: { client: 1, clock: -1 } } }],
    ['a string position', { to: 'here' }],
  ])('rejects a text anchor with %s', (_label, change) => {
    expect(commentThreadSchema.safeParse({ ...valid, anchor: { kind: 'text', id: 'p', ...change } }).success).toBe(false);
  });
});
