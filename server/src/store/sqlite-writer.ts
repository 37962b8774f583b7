import { Worker } from 'node:worker_threads';

/** One statement of a write: the name of a statement given to {@link SqliteWriter} and its parameters. */
export type WriteOp = readonly [name: string, params: readonly unknown[]];

interface Request {
  ops: readonly WriteOp[];
  resolve: (rowids: number[]) => void;
  reject: (error: Error) => void;
}

type GroupResult = { rowids: number[] } | { error: string };

/**
 * Runs write transactions on a SQLite file from a worker thread (sqlite-writer-worker.mjs), so that the disk flush
 * of `synchronous = FULL` (milliseconds on a busy disk) never blocks the event loop: clients' messages keep being
 * read and checked while it waits.
 *
 * **Group commit.** One message is in flight at a time. Transactions asked for meanwhile wait and go together in the
 * next message, where the worker runs each as a savepoint inside one outer transaction: one disk flush for all of
 * them, yet each succeeds or fails on its own. So the more writes arrive at once (many rooms, many people), the
 * fewer flushes per write.
 *
 * The worker has its own connection to the file: the main thread's connection keeps reading and making its own
 * (rarer) writes, SQLite's lock taking turns between the two (`busy_timeout`). If the worker dies, what was in
 * flight fails and the next write starts a new one.
 */
export class SqliteWriter {
  private worker: Worker | undefined;
  private waiting: Request[] = [];
  private inFlight: Request[] | undefined;
  private nextId = 1;
  private closed = false;
  /** Why the worker last failed, for the error of what it leaves unanswered. */
  private lastError: Error | undefined;

  constructor(
    private readonly filename: string,
    /** The statements writes may use, by name. */
    private readonly statements: Readonly<Record<string, string>>,
  ) {}

  /** Runs `ops` as one transaction; resolves with each statement's `lastInsertRowid` once it is on disk. */
  transaction(ops: readonly WriteOp[]): Promise<number[]> {
    if (this.closed) return Promise.reject(new Error('the store is closed'));
    return new Promise((resolve, reject) => {
      this.waiting.push({ ops, resolve, reject });
      this.sendWaiting();
    });
  }

  /** Waits for every write asked for, then stops the worker. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.inFlight || this.waiting.length > 0) {
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await this.worker?.terminate();
    this.worker = undefined;
  }

  private sendWaiting(): void {
    if (this.inFlight || this.waiting.length === 0) return;
    const batch = this.waiting;
    this.waiting = [];
    this.inFlight = batch;
    const id = this.nextId++;
    const worker = this.workerNow();
    const onMessage = (message: { id: number; results: GroupResult[] }) => {
      if (message.id !== id) return;
      done();
      for (const [index, request] of batch.entries()) {
        const result = message.results[index];
        if (result && 'rowids' in result) request.resolve(result.rowids);
        else request.reject(new Error(result?.error ?? 'the SQLite writer gave no answer'));
      }
    };
    const onExit = (code: number) => {
      done();
      this.worker = undefined;
      const why = this.lastError ? `: ${this.lastError.message}` : '';
      for (const request of batch) request.reject(new Error(`the SQLite writer stopped (exit code ${code})${why}`));
    };
    const done = () => {
      worker.off('message', onMessage);
      worker.off('exit', onExit);
      this.inFlight = undefined;
      // Whatever came in meanwhile goes next, together.
      setImmediate(() => this.sendWaiting());
    };
    worker.on('message', onMessage);
    worker.on('exit', onExit);
    worker.postMessage({ id, groups: batch.map((request) => request.ops) });
  }

  private workerNow(): Worker {
    if (!this.worker) {
      this.worker = new Worker(new URL('./sqlite-writer-worker.mjs', import.meta.url), {
        workerData: { filename: this.filename, statements: this.statements },
        // Plain JavaScript: none of the process's loaders or preloads (`--import`) are wanted there.
        execArgv: [],
      });
      // An uncaught error ends the worker; 'exit' follows and fails what was in flight, with this error's message.
      this.worker.on('error', (error) => {
        this.lastError = error;
      });
    }
    return this.worker;
  }
}
