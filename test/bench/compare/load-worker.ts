/**
 * One load-generator worker thread (there are at most two: see generator.ts). It holds its share of the editors,
 * light clients and observers, and answers the main thread's commands: `join` connects them, `run` sends edits and
 * presence on schedule and reports what was measured, `close` closes everything.
 */
import { parentPort } from 'node:worker_threads';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { LightClient } from './light-client.js';
import { Observer, type ObserverReport } from './observer.js';
import { openSendLog, recordSend, type SendLog, type SendLogBuffers } from './send-log.js';
import type { ConnectTarget } from './servers.js';
import { clientIdOf, nowMs, presenceJson, scriptEditor } from './workload.js';

/** One editor this worker drives. */
export interface EditorSpec {
  index: number;
  room: string;
  /** Observers are full clients that measure; light clients only send and count. */
  role: 'light' | 'observer';
}

/** Commands from the main thread. */
export type WorkerCommand =
  | {
      type: 'join';
      target: ConnectTarget;
      editors: EditorSpec[];
      log: SendLogBuffers;
      /** Connect this many at a time. */
      concurrency: number;
      /** Capacity: publish a presence once and renew it every 15 s (as y-protocols' Awareness does), never edit. */
      idle: boolean;
    }
  | {
      type: 'run';
      /** When sending starts, {@link nowMs}. */
      startAt: number;
      warmupMs: number;
      measureMs: number;
      /** After sending stops, wait at most this long for observers to hold every edit (less if nothing arrives for 3 s). */
      drainMs: number;
      editsPerSecond: number;
      cursorMovesPerSecond: number;
    }
  | { type: 'close' };

/** What the worker measured in a run. */
export interface WorkerRunReport {
  /** Event-loop utilisation over the measurement window, 0..1. */
  elu: number;
  /** How late scheduled sends went out in the window, ms. */
  latenessP99: number;
  latenessMax: number;
  editsSent: number;
  cursorMovesSent: number;
  observers: ObserverReport[];
  /** Frames and bytes the light clients received in the window. */
  lightFrames: number;
  lightBytes: number;
  lightClients: number;
  /** Light clients whose socket closed during the run, by close code. */
  closed: Record<string, number>;
}

/** Replies to the main thread. */
export type WorkerReply =
  | { type: 'joined'; failed: number; errors: string[] }
  | { type: 'ran'; report: WorkerRunReport }
  | { type: 'closed' }
  | { type: 'error'; message: string };

interface Driven {
  spec: EditorSpec;
  light?: { client: LightClient; frames: Uint8Array[] };
  observer?: Observer;
}

/** A drain ends early once observers have received nothing new for this long. */
const STALL_MS = 3_000;

const port = parentPort;
if (!port) throw new Error('load-worker.ts runs as a worker thread');

let driven: Driven[] = [];
let log: SendLog | undefined;
let renewal: NodeJS.Timeout | undefined;

async function join(command: Extract<WorkerCommand, { type: 'join' }>): Promise<WorkerReply> {
  log = openSendLog(command.log);
  const sendLog = log;
  const errors: string[] = [];
  let added = 0;
  // Observers first, so that they see every light client's purpose arrive.
  const ordered = [...command.editors].sort((a, b) => (a.role === b.role ? a.index - b.index : a.role === 'observer' ? -1 : 1));
  for (let i = 0; i < ordered.length; i += command.concurrency) {
    const batch = ordered.slice(i, i + command.concurrency);
    const joined = await Promise.all(
      batch.map(async (spec): Promise<Driven | undefined> => {
        try {
          if (spec.role === 'observer') {
            const observer = new Observer(command.target, spec.room, spec.index, sendLog);
            await observer.join();
            observer.movePointer();
            return { spec, observer };
          }
          const client = new LightClient(command.target, spec.room, clientIdOf(spec.index));
          await client.joined;
          if (command.idle) {
            client.sendPresence(presenceJson(spec.index, 0, nowMs()));
            return { spec, light: { client, frames: [] } };
          }
          const script = scriptEditor(spec.index, sendLog.maxEdits);
          sendLog.startClocks[spec.index] = script.startClock;
          client.send(client.frameUpdate(script.create));
          client.sendPresence(presenceJson(spec.index, 0, nowMs()));
          return { spec, light: { client, frames: script.edits.map((update) => client.frameUpdate(update)) } };
        } catch (error) {
          errors.push(`${spec.role} ${spec.index}: ${error instanceof Error ? error.message : String(error)}`);
          return undefined;
        }
      }),
    );
    for (const entry of joined) {
      if (!entry) continue;
      driven.push(entry);
      added += 1;
    }
  }
  if (command.idle) {
    if (renewal) clearInterval(renewal);
    let step = 1;
    renewal = setInterval(() => {
      for (const { spec, light } of driven) light?.client.sendPresence(presenceJson(spec.index, step, nowMs()));
      step += 1;
    }, 15_000);
  }
  return { type: 'joined', failed: command.editors.length - added, errors: errors.slice(0, 5) };
}

async function run(command: Extract<WorkerCommand, { type: 'run' }>): Promise<WorkerReply> {
  const sendLog = log;
  if (!sendLog) throw new Error('run before join');
  const editEvery = 1000 / command.editsPerSecond;
  const cursorEvery = 1000 / command.cursorMovesPerSecond;
  const windowFrom = command.startAt + command.warmupMs;
  const windowTo = windowFrom + command.measureMs;
  for (const { observer } of driven) observer?.setWindow(windowFrom, windowTo);
  // Each editor starts at its own phase, so that sends are spread over time rather than all at once.
  const schedule = driven.map(({ spec }) => ({
    nextEdit: command.startAt + ((spec.index * 61.8) % editEvery),
    nextCursor: command.startAt + ((spec.index * 38.2) % cursorEvery),
    edits: 0,
    steps: 1,
  }));
  const lateness: number[] = [];
  let editsSent = 0;
  let cursorMovesSent = 0;
  let eluStart: EventLoopUtilization | undefined;
  let eluWindow: EventLoopUtilization | undefined;
  let framesAtStart = 0;
  let bytesAtStart = 0;
  const lightTotals = () =>
    driven.reduce((sum, { light }) => (light ? { frames: sum.frames + light.client.received.frames, bytes: sum.bytes + light.client.received.bytes } : sum), { frames: 0, bytes: 0 });
  let lightAtEnd = { frames: 0, bytes: 0 };

  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = nowMs();
      if (!eluStart && now >= windowFrom) {
        eluStart = performance.eventLoopUtilization();
        ({ frames: framesAtStart, bytes: bytesAtStart } = lightTotals());
      }
      if (now >= windowTo) {
        if (eluStart && !eluWindow) eluWindow = performance.eventLoopUtilization(eluStart);
        lightAtEnd = lightTotals();
        clearInterval(timer);
        resolve();
        return;
      }
      const inWindow = now >= windowFrom;
      for (let i = 0; i < driven.length; i++) {
        const { spec, light, observer } = driven[i] as Driven;
        const slot = schedule[i] as (typeof schedule)[number];
        while (slot.nextEdit <= now) {
          if (inWindow) lateness.push(now - slot.nextEdit);
          slot.nextEdit += editEvery;
          if (observer) {
            observer.edit();
          } else if (light && slot.edits < light.frames.length) {
            recordSend(sendLog, spec.index, slot.edits, nowMs());
            light.client.send(light.frames[slot.edits] as Uint8Array);
          }
          slot.edits += 1;
          editsSent += 1;
        }
        while (slot.nextCursor <= now) {
          if (inWindow) lateness.push(now - slot.nextCursor);
          slot.nextCursor += cursorEvery;
          if (observer) observer.movePointer();
          else light?.client.sendPresence(presenceJson(spec.index, slot.steps, nowMs()));
          slot.steps += 1;
          cursorMovesSent += 1;
        }
      }
    };
    const timer = setInterval(tick, 2);
  });

  // Let the last edits arrive: until every observer holds every edit, or nothing more has arrived for
  // STALL_MS, or the drain time is up. What is still missing then counts as lost.
  const observers = driven.flatMap(({ observer }) => (observer ? [observer] : []));
  const drainEnd = nowMs() + command.drainMs;
  const missing = () => observers.reduce((sum, o) => sum + o.missingEdits(), 0);
  let lastMissing = missing();
  let lastProgress = nowMs();
  while (lastMissing > 0 && nowMs() < drainEnd && nowMs() - lastProgress < STALL_MS) {
    await new Promise((r) => setTimeout(r, 50));
    const now = missing();
    if (now < lastMissing) lastProgress = nowMs();
    lastMissing = now;
  }

  const closed: Record<string, number> = {};
  for (const { light } of driven) {
    if (light && light.client.closeCode !== null) closed[String(light.client.closeCode)] = (closed[String(light.client.closeCode)] ?? 0) + 1;
  }
  lateness.sort((a, b) => a - b);
  return {
    type: 'ran',
    report: {
      elu: eluWindow?.utilization ?? Number.NaN,
      latenessP99: lateness.length > 0 ? (lateness[Math.min(lateness.length - 1, Math.ceil(0.99 * lateness.length) - 1)] as number) : 0,
      latenessMax: lateness.at(-1) ?? 0,
      editsSent,
      cursorMovesSent,
      observers: observers.map((o) => o.report()),
      lightFrames: lightAtEnd.frames - framesAtStart,
      lightBytes: lightAtEnd.bytes - bytesAtStart,
      lightClients: driven.filter((d) => d.light).length,
      closed,
    },
  };
}

async function close(): Promise<WorkerReply> {
  if (renewal) clearInterval(renewal);
  await Promise.all(
    driven.map(async ({ light, observer }) => {
      observer?.destroy();
      await light?.client.close();
    }),
  );
  driven = [];
  return { type: 'closed' };
}

port.on('message', (command: WorkerCommand) => {
  const handle = command.type === 'join' ? join(command) : command.type === 'run' ? run(command) : close();
  handle.then(
    (reply) => port.postMessage(reply),
    (error: unknown) => port.postMessage({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies WorkerReply),
  );
});
