import { nanoid } from 'nanoid';

declare const brand: unique symbol;
/** A string that the type checker keeps apart from other strings. */
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** Id of a board: the key of its row in the store and of its room on the sync server. */
export type BoardId = Brand<string, 'BoardId'>;
/** Id of one record inside a board root (a purpose, a layer, a feature, a canvas item...). */
export type RecordId = Brand<string, 'RecordId'>;

/** A fresh record id (nanoid, 21 URL-safe characters). */
export function newRecordId(): RecordId {
  return nanoid() as RecordId;
}

/**
 * A fresh board id. Board ids are URL-safe and short enough to read aloud, and never start with `-`, so a command
 * line (`pnpm cli export <boardId>`) cannot mistake one for an option.
 */
export function newBoardId(): BoardId {
  let id = nanoid(12);
  while (id.startsWith('-')) id = nanoid(12);
  return id as BoardId;
}

const BOARD_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** True when `value` has the shape of a board id (it may still not exist). */
export function isBoardId(value: unknown): value is BoardId {
  return typeof value === 'string' && BOARD_ID_PATTERN.test(value);
}
