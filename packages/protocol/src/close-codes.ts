/**
 * WebSocket close codes the sync server uses. 1000-1011 are RFC 6455; 4000-4999 are Placeboard's own.
 * A client that sees a 44xx code sent something the server will not accept, so reconnecting and sending the
 * same thing again will be refused again (4409 only while the other connection stays open; 4429 only until the
 * client slows down).
 */
export const CloseCode = {
  /** RFC 6455: the frame broke the WebSocket protocol (reserved bit, bad opcode, bad masking). */
  protocolError: 1002,
  /** RFC 6455: the message was larger than the server accepts (`MAX_MESSAGE_BYTES`). */
  messageTooBig: 1009,
  /** RFC 6455: the server hit an unexpected error; reconnecting is safe. */
  internalError: 1011,
  /** RFC 6455: the server is shutting down; reconnecting later is safe. */
  goingAway: 1001,
  /**
   * The connection's access was withdrawn or changed (member removed, role changed, share link revoked). A client
   * should reload its session: reconnecting with the same credentials is refused or gets the new role.
   */
  accessChanged: 4401,
  /**
   * An update the connection's role does not allow (a viewer editing, a contributor changing the plan). The
   * server sent an auth message with the reason first; the client must throw its local copy away and sync afresh.
   */
  forbidden: 4403,
  /** The bytes were not a y-websocket message (unknown type, truncated, trailing bytes). */
  malformedMessage: 4400,
  /** The board was deleted while the connection was open. */
  boardGone: 4404,
  /** A document update that Yjs cannot apply: undecodable, missing its dependencies, or outside the board schema. */
  updateRejected: 4422,
  /**
   * An update that adds structs under a Yjs client id another open connection holds (or the server's own): one
   * connection may not write as another.
   */
  clientIdInUse: 4409,
  /** The connection sent more messages or bytes per second than `MAX_MESSAGES_PER_SECOND` / `MAX_MESSAGE_BYTES_PER_SECOND` allow. */
  tooManyMessages: 4429,
} as const;

/** Name of a close code in {@link CloseCode}. */
export type CloseCodeName = keyof typeof CloseCode;
