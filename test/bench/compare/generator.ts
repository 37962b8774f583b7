/**
 * The load generator: at most two worker threads (the machine has two cores, which the server shares), each running
 * load-worker.ts. Editors are dealt to them in turn, so each holds half the light clients and half the observers.
 */
import { Worker } from 'node:worker_threads';
import type { WorkerCommand, WorkerReply } from './load-worker.js';

/** Worker threads the generator uses. */
export const GENERATOR_WORKERS = 2;

/** A running set of load-generator workers. */
export class LoadGenerator {
  private constructor(private readonly workers: Worker[]) {}

  /** Starts `count` workers. */
  static start(count = GENERATOR_WORKERS): LoadGenerator {
    const boot = new URL('./worker-boot.mjs', import.meta.url);
    const entry = new URL('./load-worker.ts', import.meta.url).href;
    return new LoadGenerator(Array.from({ length: count }, () => new Worker(boot, { workerData: { entry } })));
  }

  get size(): number {
    return this.workers.length;
  }

  /** Sends each worker its command and waits for every reply; a worker's error is thrown. */
  async each<T extends WorkerReply['type']>(commandOf: (worker: number) => WorkerCommand, expect: T): Promise<Extract<WorkerReply, { type: T }>[]> {
    return Promise.all(
      this.workers.map(
        (worker, index) =>
          new Promise<Extract<WorkerReply, { type: T }>>((resolve, reject) => {
            const onError = (error: Error) => {
              worker.off('message', onMessage);
              reject(error);
            };
            const onMessage = (reply: WorkerReply) => {
              worker.off('error', onError);
              worker.off('message', onMessage);
              if (reply.type === expect) resolve(reply as Extract<WorkerReply, { type: T }>);
              else reject(new Error(reply.type === 'error' ? `worker ${index}: ${reply.message}` : `worker ${index} answered ${reply.type}`));
            };
            worker.on('message', onMessage);
            worker.once('error', onError);
            worker.postMessage(commandOf(index));
          }),
      ),
    );
  }

  /** Closes every client and ends the workers. */
  async stop(): Promise<void> {
    try {
      await this.each(() => ({ type: 'close' }), 'closed');
    } finally {
      await Promise.all(this.workers.map((worker) => worker.terminate()));
    }
  }
}
