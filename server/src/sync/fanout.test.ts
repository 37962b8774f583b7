import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../log.js';
import { createRedisFanout, decodeFanoutMessage, encodeFanoutMessage, type BoardFanout, type ReceivedMessage } from './fanout.js';

describe('fan-out messages', () => {
  const messages: ReceivedMessage[] = [
    {
      from: 'process-1',
      kind: 'update',
      // Every byte value, so nothing is lost to a text encoding on the way through Redis.
      update: Uint8Array.from({ length: 256 }, (_, i) => i),
      creators: [{ root: 'comments', record: 'thread-1', actor: 'user:ada' }],
    },
    { from: 'process-2', kind: 'update', update: new Uint8Array(0), creators: [] },
    { from: 'process-1', kind: 'awareness', update: new Uint8Array([1, 200, 3]) },
    { from: 'p', kind: 'access', match: { userId: 'u1' }, code: 4401, reason: 'you were removed from this board' },
    { from: 'p', kind: 'access', match: { linkId: 'l1' }, code: 4401, reason: 'this share link was withdrawn' },
    { from: 'p', kind: 'unload', code: 4404, reason: 'board deleted' },
    { from: 'p', kind: 'catch-up' },
  ];

  for (const message of messages) {
    it(`round-trips ${message.kind}${'match' in message ? ` by ${Object.keys(message.match)[0]}` : ''}`, () => {
      expect(decodeFanoutMessage(encodeFanoutMessage(message))).toEqual(message);
    });
  }

  it('refuses bytes that are not a message: unknown kind, unknown root, truncated, trailing', () => {
    const update = encodeFanoutMessage(messages[0]!);
    const unknownKind = encodeFanoutMessage({ from: 'p', kind: 'catch-up' });
    unknownKind[unknownKind.length - 1] = 99;
    expect(() => decodeFanoutMessage(unknownKind)).toThrow(/kind 99/);
    const badRoot = encodeFanoutMessage({ ...messages[0]!, creators: [{ root: 'nope' as never, record: 'r', actor: 'a' }] } as ReceivedMessage);
    expect(() => decodeFanoutMessage(badRoot)).toThrow(/root/);
    expect(() => decodeFanoutMessage(update.subarray(0, update.length - 3))).toThrow();
    expect(() => decodeFanoutMessage(Uint8Array.from([...update, 0]))).toThrow(/trailing/);
  });
});

/** The shared Redis of the test machine (.ci/run starts it); each run uses channels of its own. */
const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('process heartbeats (real Redis)', () => {
  const open: BoardFanout[] = [];
  afterAll(async () => {
    await Promise.all(open.map((fanout) => fanout.close()));
  });

  it('reports a process gone once its heartbeats stop, or at once when it stops cleanly, and no other', async () => {
    const channel = `placeboard:test:processes:${randomUUID()}`;
    const options = { url: TEST_REDIS_URL, log: silentLogger, heartbeatChannel: channel, heartbeatMs: 100 };
    const start = async () => {
      const fanout = await createRedisFanout(options).catch((error: unknown) => {
        throw new Error(`Redis is not reachable at ${TEST_REDIS_URL} (.ci/run starts it; or set TEST_REDIS_URL): ${String(error)}`);
      });
      open.push(fanout);
      return fanout;
    };
    const [watcher, survivor, leaver] = [await start(), await start(), await start()];
    const gone: string[] = [];
    watcher.onProcessGone((processId) => gone.push(processId));
    const next = () =>
      new Promise<void>((resolve) => {
        const stop = watcher.onProcessGone(() => {
          stop();
          resolve();
        });
      });
    const reported = next();
    // A process that beats, then dies without a word (SIGKILL): beats sent by hand, then no more.
    const killed = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
    for (let beat = 0; beat < 3; beat++) {
      await killed.publish(channel, 'killed-process');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    killed.disconnect();
    await reported;
    expect(gone).toEqual(['killed-process']);

    const left = next();
    await leaver.close();
    await left;
    expect(gone).toEqual(['killed-process', leaver.processId]);
    // Ten more beats: the survivor, which beats all along, is never reported.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(gone).not.toContain(survivor.processId);
    expect(gone).toHaveLength(2);
  });
});
