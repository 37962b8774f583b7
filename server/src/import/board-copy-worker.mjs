// Opens one saved copy of a board (see openBoardCopyOffThread in board-copy-thread.ts) and ends. Plain JavaScript,
// started with none of the process's loaders, so it loads the TypeScript it needs through tsx itself.
import { parentPort, workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const { openBoardCopy, BoardCopyRefused } = await tsImport('./board-copy.ts', import.meta.url);

try {
  const opened = openBoardCopy(workerData.bytes, workerData.title);
  parentPort.postMessage({ ok: true, state: opened.state, title: opened.title }, [opened.state.buffer]);
} catch (error) {
  // A refusal is an answer; anything else is the worker failing, reported by its 'error' event.
  if (!(error instanceof BoardCopyRefused)) throw error;
  parentPort.postMessage({ ok: false, refused: error.message });
}
