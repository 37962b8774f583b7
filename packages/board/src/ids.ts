import { nanoid } from 'nanoid';

declare const brand: unique symbol;
/** A string that the type checker keeps apart from other strings. */
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** Id of a board: the key of its row in the store and of its room on the sync server. */
export type BoardId = Brand<string, 'BoardId'>;
/** Id of one record inside a board root (a purpose, a layer, a feature, a canvas item...). */
export type RecordId = Brand<string, 'RecordId'>;

/**
 * A nanoid of `size` URL-safe characters that does not start with `-`, so that a command line (`pnpm cli export
 * <boardId>`, `--layer <layerId>`) cannot mistake it for an option.
 */
function optionSafeId(size: number): string {
  let id = nanoid(size);
  while (id.startsWith('-')) id = nanoid(size);
  return id;
}

/** A fresh record id (21 URL-safe characters, never starting with `-`). */
export function newRecordId(): RecordId {
  return optionSafeId(21) as RecordId;
}

/** A fresh board id: URL-safe, short enough to read aloud, never starting with `-`. */
export function newBoardId(): BoardId {
  return optionSafeId(12) as BoardId;
}

const BOARD_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** True when `value` has the shape of a board id (it may still not exist). */
export function isBoardId(value: unknown): value is BoardId {
  return typeof value === 'string' && BOARD_ID_PATTERN.test(value);
}
