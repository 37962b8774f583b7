/**
 * The send log of a fan-out run, in shared memory so that both load-generator workers see every editor's sends:
 * when each edit was sent, where each editor's edits start on its Yjs clock, and how many it sent. An observer that
 * applies an update finds the edits in it by clock ({@link editsIn}) and the send time of each here, whichever
 * worker sent it. Times are {@link nowMs} values; a send time is written before the frame is handed to the socket.
 */

/** The shared buffers, as posted to a worker. */
export interface SendLogBuffers {
  editors: number;
  maxEdits: number;
  sendTimes: SharedArrayBuffer;
  startClocks: SharedArrayBuffer;
  sentCounts: SharedArrayBuffer;
}

/** Typed views on {@link SendLogBuffers}. */
export interface SendLog {
  editors: number;
  maxEdits: number;
  /** `sendTimes[editor · maxEdits + k]`: when edit k of that editor was sent (0: not yet). */
  sendTimes: Float64Array;
  /** Clock at which each editor's first edit starts. */
  startClocks: Int32Array;
  /** Edits each editor has sent. */
  sentCounts: Int32Array;
}

/** New, zeroed buffers for `editors` editors of at most `maxEdits` edits each. */
export function createSendLogBuffers(editors: number, maxEdits: number): SendLogBuffers {
  return {
    editors,
    maxEdits,
    sendTimes: new SharedArrayBuffer(8 * editors * maxEdits),
    startClocks: new SharedArrayBuffer(4 * editors),
    sentCounts: new SharedArrayBuffer(4 * editors),
  };
}

/** Views on shared buffers. */
export function openSendLog(buffers: SendLogBuffers): SendLog {
  return {
    editors: buffers.editors,
    maxEdits: buffers.maxEdits,
    sendTimes: new Float64Array(buffers.sendTimes),
    startClocks: new Int32Array(buffers.startClocks),
    sentCounts: new Int32Array(buffers.sentCounts),
  };
}

/** Records that `editor` sends edit `k` now, at `at`. */
export function recordSend(log: SendLog, editor: number, k: number, at: number): void {
  log.sendTimes[editor * log.maxEdits + k] = at;
  Atomics.store(log.sentCounts, editor, k + 1);
}

/** When `editor` sent edit `k`, or 0 if it has not (or k is past the log). */
export function sendTimeOf(log: SendLog, editor: number, k: number): number {
  return k < log.maxEdits ? (log.sendTimes[editor * log.maxEdits + k] as number) : 0;
}
