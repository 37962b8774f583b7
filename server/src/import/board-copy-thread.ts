import { Worker } from 'node:worker_threads';
import { BoardCopyRefused } from './board-copy.js';

/** Options of {@link openBoardCopyOffThread}. */
export interface OpenCopyOptions {
  /** The new board's title; by default the copy's own, marked as a copy. */
  title?: string | undefined;
  /**
   * Most memory the copy may take to open, in MiB of JavaScript heap: more and it is refused. A board takes ten to
   * twenty times its saved size to open (a 13 MB copy of 40,000 points, 128 to 256 MiB), so the default lets a copy
   * of up to about 100 MB in, twice the largest upload by default. @default 2048
   */
  maxMemoryMb?: number;
  /**
   * Longest the copy may take to open, in milliseconds: longer and the worker is stopped and the copy refused, so
   * that a copy that would take for ever cannot hold up the ones queued behind it. @default 120000
   */
  maxMs?: number;
}

type Answer = { ok: true; state: Uint8Array; title: string } | { ok: false; refused: string };

/**
 * {@link openBoardCopy} in a worker thread of its own: a big copy (a 14 MB one took 4.4 s to decode and check)
 * then holds up only that worker, not every board the process serves, and a copy that needs more memory than
 * `maxMemoryMb`, or longer than `maxMs`, is refused rather than taking the server down. Rejects with {@link BoardCopyRefused} for a file that
 * is not a board it can open, and with an Error if the worker fails otherwise. Copies sent at once are opened one
 * after another.
 */
export function openBoardCopyOffThread(bytes: Uint8Array, options: OpenCopyOptions = {}): Promise<{ state: Uint8Array; title: string }> {
  // One copy at a time, so that several big ones sent at once cannot take several times the memory limit.
  const turn = previousCopy.then(() => openInWorker(bytes, options));
  previousCopy = turn.then(
    () => undefined,
    () => undefined,
  );
  return turn;
}

/** The copy being opened, or the last one: the next waits for it. */
let previousCopy: Promise<void> = Promise.resolve();

function openInWorker(bytes: Uint8Array, options: OpenCopyOptions): Promise<{ state: Uint8Array; title: string }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./board-copy-worker.mjs', import.meta.url), {
      workerData: { bytes, title: options.title },
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: options.maxMemoryMb ?? 2048 },
    });
    let answered = false;
    const timer = setTimeout(() => {
      answered = true;
      reject(new BoardCopyRefused('took too long to open here, and was given up'));
      void worker.terminate();
    }, options.maxMs ?? 120_000);
    worker.once('message', (answer: Answer) => {
      if (answered) return;
      answered = true;
      if (answer.ok) resolve({ state: answer.state, title: answer.title });
      else reject(new BoardCopyRefused(answer.refused));
    });
    worker.once('error', (error: Error & { code?: string }) => {
      if (answered) return;
      answered = true;
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        reject(new BoardCopyRefused('is too big to open here: it needs more memory than this server gives one saved copy'));
      } else {
        reject(error);
      }
    });
    worker.once('exit', (code) => {
      clearTimeout(timer);
      if (!answered) reject(new Error(`the worker opening the copy stopped (exit code ${code}) without an answer`));
    });
  });
}
