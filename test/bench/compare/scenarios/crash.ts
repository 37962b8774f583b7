/**
 * Crash: light editors type into one room at a steady rate while a full client (the witness) receives everything;
 * at a random moment the server is killed with SIGKILL. The editors stop at once and the witness is dropped, so no
 * client can send anything again; the server is restarted on the same storage and port, and a fresh client syncs.
 * Lost edits are those the witness had received (so the server had accepted and passed them on) that the restarted
 * server no longer has. Kill times come from a seeded PRNG, printed with the results.
 */
import fs from 'node:fs';
import * as Y from 'yjs';
import { tempDir } from '../../../helpers/server.js';
import { seededRandom } from '../../synthetic.js';
import { connectFullClient, docWithClientId } from '../full-client.js';
import { LightClient } from '../light-client.js';
import { launchServer, type ServerKind } from '../servers.js';
import type { CompareSettings } from '../settings.js';
import { EDIT_CLOCKS, clientIdOf, scriptEditor, type EditorScript } from '../workload.js';

/** One kill-and-restart. */
export interface CrashTrial {
  /** When, after the editors started, the server was killed. */
  killAfterMs: number;
  editsSent: number;
  /** Edits the witness had received when the server died. */
  editsReceived: number;
  /** Of those, the ones the restarted server still has. */
  editsKept: number;
  editsLost: number;
}

/** The crash trials of one server. */
export interface CrashResult {
  server: ServerKind;
  seed: number;
  trials: CrashTrial[];
  maxLost: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Edits of `script` that `doc` holds. */
function editsHeld(doc: Y.Doc, script: EditorScript): number {
  return Math.max(0, Math.floor((Y.getState(doc.store, script.clientId) - script.startClock) / EDIT_CLOCKS));
}

async function crashTrial(kind: ServerKind, settings: CompareSettings, killAfterMs: number): Promise<CrashTrial> {
  const { editors, editsPerSecond } = settings.crash;
  const dataDir = tempDir('placeboard-compare-');
  let server = await launchServer(kind, { dataDir });
  const { port } = server;
  try {
    const [room] = (await server.createRooms(1, 'crash')) as [string];
    const witness = connectFullClient(server.target, room, docWithClientId(clientIdOf(editors)));
    await witness.synced;
    const maxEdits = Math.ceil((editsPerSecond * (killAfterMs + 2_000)) / 1000);
    const scripts = Array.from({ length: editors }, (_, index) => scriptEditor(index, maxEdits));
    const clients = await Promise.all(
      scripts.map(async (script) => {
        const client = new LightClient(server.target, room, script.clientId);
        await client.joined;
        client.send(client.frameUpdate(script.create));
        return client;
      }),
    );
    await sleep(300);

    let sent = 0;
    const timers = clients.map((client, index) => {
      const script = scripts[index] as EditorScript;
      let next = 0;
      return setTimeout(() => {
        const send = () => {
          if (next >= script.edits.length || !client.isOpen) return;
          client.send(client.frameUpdate(script.edits[next++] as Uint8Array));
          sent += 1;
        };
        send();
        timers[index] = setInterval(send, 1000 / editsPerSecond);
      }, (index * 1000) / editsPerSecond / editors);
    });
    await sleep(killAfterMs);
    await server.stop('SIGKILL');
    for (const timer of timers) clearInterval(timer);
    for (const client of clients) client.terminate();
    // Whatever the server sent before it died may still be on its way: until the witness's socket closes.
    for (let waited = 0; witness.closeCodes.length === 0 && waited < 2_000; waited += 20) await sleep(20);
    const received = scripts.map((script) => editsHeld(witness.doc, script));
    witness.destroy();

    server = await launchServer(kind, { dataDir, port });
    const verifier = connectFullClient(server.target, room, new Y.Doc());
    await verifier.synced;
    await sleep(300);
    const kept = scripts.map((script) => editsHeld(verifier.doc, script));
    verifier.destroy();
    const editsReceived = received.reduce((a, b) => a + b, 0);
    const editsKept = kept.reduce((sum, count, index) => sum + Math.min(count, received[index] as number), 0);
    return { killAfterMs, editsSent: sent, editsReceived, editsKept, editsLost: editsReceived - editsKept };
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Runs the crash trials of `kind`; every server gets the same kill times. */
export async function runCrash(kind: ServerKind, settings: CompareSettings): Promise<CrashResult> {
  const { trials, minRunMs, maxRunMs } = settings.crash;
  const random = seededRandom(settings.seed);
  const results: CrashTrial[] = [];
  for (let trial = 0; trial < trials; trial++) {
    results.push(await crashTrial(kind, settings, Math.round(minRunMs + random() * (maxRunMs - minRunMs))));
  }
  return { server: kind, seed: settings.seed, trials: results, maxLost: Math.max(...results.map((t) => t.editsLost)) };
}
