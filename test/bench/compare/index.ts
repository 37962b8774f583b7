/**
 * `pnpm bench compare [--quick]`: Placeboard's sync server against @y/websocket-server and Hocuspocus, each driven
 * by its own client, in one invocation: fan-out, capacity, cold load, crash and durability (see report.ts `readme`
 * for the method). Prints a table per scenario with ratios, writes bench/results/<date>.json and, on a full
 * run, bench/README.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../helpers/server.js';
import type { Benchmark } from '../run.js';
import {
  allTables,
  capacityTable,
  coldLoadTable,
  crashTable,
  describeMachine,
  durabilityTable,
  fanOutTables,
  fmt,
  judgeTargets,
  readme,
  stockClientText,
  type CompareResults,
  type Failed,
} from './report.js';
import { runBrowserLoad, type BrowserLoadResult } from './scenarios/browser-load.js';
import { runCapacity } from './scenarios/capacity.js';
import type { BoardFixture } from './board-fixture.js';
import {
  coldLoadBoard,
  coldLoadTrial,
  storeColdLoadBoard,
  summarizeColdLoad,
  type ColdLoadResult,
  type ColdLoadTrial,
  type StoredBoard,
} from './scenarios/cold-load.js';
import { runCrash } from './scenarios/crash.js';
import { runDurability } from './scenarios/durability.js';
import { runFanOut } from './scenarios/fan-out.js';
import { runStockClient } from './scenarios/stock-client.js';
import type { ServerKind } from './servers.js';
import { isPartial, settingsFromArgs, type CompareSettings, type Scenario } from './settings.js';

/** Versions of what is compared, read from the installed packages. */
function versions(): Record<string, string> {
  const read = (dir: string, name: string) => {
    try {
      return (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, dir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      return 'unknown';
    }
  };
  return {
    yjs: read('test', 'yjs'),
    'y-websocket (client)': read('test', 'y-websocket'),
    '@y/websocket-server': read('test', '@y/websocket-server'),
    '@hocuspocus/server': read('test', '@hocuspocus/server'),
    '@hocuspocus/extension-sqlite': read('test', '@hocuspocus/extension-sqlite'),
    '@hocuspocus/provider': read('test', '@hocuspocus/provider'),
  };
}

function progress(text: string): void {
  console.log(`[compare ${new Date().toISOString().slice(11, 19)}] ${text}`);
}

/** Runs `fn`; a throw becomes a {@link Failed} entry, so that one broken run does not lose the others. */
async function attempt<T>(server: ServerKind, label: string, fn: () => Promise<T>): Promise<T | Failed> {
  progress(`${label}: ${server}`);
  try {
    return await fn();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`${label} on ${server} failed: ${message}`);
    return { server, error: message };
  }
}

/**
 * Cold loads of every server. Trials go round the servers, each round starting one server further on, so that no
 * server always comes first (and pays for whatever the harness process has not warmed up yet).
 */
async function runColdLoads(
  board: BoardFixture,
  settings: CompareSettings,
): Promise<{ coldLoad: (ColdLoadResult | Failed)[]; browserLoad: BrowserLoadResult }> {
  const kinds = settings.servers;
  const stored = new Map<ServerKind, StoredBoard | Failed>();
  for (const kind of kinds) stored.set(kind, await attempt(kind, 'cold load: storing the board', () => storeColdLoadBoard(kind, board)));
  const trials = new Map<ServerKind, ColdLoadTrial[]>(kinds.map((kind) => [kind, []]));
  const failures = new Map<ServerKind, Failed>();
  for (let trial = 0; trial < settings.coldLoad.trials; trial++) {
    if (!settings.scenarios.includes('cold-load')) break;
    for (let i = 0; i < kinds.length; i++) {
      const kind = kinds[(i + trial) % kinds.length] as ServerKind;
      const ready = stored.get(kind);
      if (!ready || 'error' in ready || failures.has(kind)) continue;
      const result = await attempt(kind, `cold load trial ${trial + 1}`, () => coldLoadTrial(ready, board));
      if ('error' in result) failures.set(kind, result);
      else trials.get(kind)?.push(result);
    }
  }
  const placeboard = stored.get('placeboard');
  let browserLoad: BrowserLoadResult;
  if (!settings.scenarios.includes('browser-load')) {
    browserLoad = { available: false, reason: 'not run' };
  } else if (!placeboard || 'error' in placeboard) {
    browserLoad = { available: false, reason: 'not measured: the board could not be stored' };
  } else {
    progress('browser open and warm reload: placeboard');
    try {
      browserLoad = await runBrowserLoad(placeboard, board, settings.coldLoad.browserTrials);
    } catch (error) {
      browserLoad = { available: false, reason: `failed: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
  const coldLoad = kinds.map((kind) => {
    const ready = stored.get(kind) as StoredBoard | Failed;
    if ('error' in ready) return ready;
    if (!settings.scenarios.includes('cold-load')) {
      fs.rmSync(ready.dataDir, { recursive: true, force: true });
      return { server: kind, error: 'not run' };
    }
    const failed = failures.get(kind);
    if (failed) {
      fs.rmSync(ready.dataDir, { recursive: true, force: true });
      return failed;
    }
    return summarizeColdLoad(ready, board, trials.get(kind) ?? []);
  });
  return { coldLoad, browserLoad };
}

/** Runs every scenario and reports. */
export async function runComparison(settings: CompareSettings): Promise<CompareResults> {
  const started = performance.now();
  const results: Omit<CompareResults, 'targets' | 'minutes'> = {
    at: new Date().toISOString(),
    settings,
    machine: describeMachine(),
    versions: versions(),
    fanOut: [],
    stockClient: null,
    capacity: [],
    coldLoad: [],
    browserLoad: { available: false, reason: 'not run' },
    crash: [],
    durability: null,
  };

  const runs = (scenario: Scenario) => settings.scenarios.includes(scenario);
  if (runs('durability')) {
    progress('durability');
    try {
      results.durability = await runDurability(settings);
    } catch (error) {
      results.durability = { error: error instanceof Error ? error.message : String(error) };
    }
    console.log(`\n${durabilityTable(results.durability)}\n`);
  }

  for (const editors of runs('fan-out') ? settings.fanOut.editorCounts : []) {
    for (const kind of settings.servers) {
      const result = await attempt(kind, `fan-out ${editors} editors`, () => runFanOut(kind, editors, settings));
      results.fanOut.push('error' in result ? { ...result, editors } : result);
    }
    console.log(`\n${fanOutTables(results.fanOut.filter((r) => r.editors === editors))}\n`);
  }

  if (runs('stock-client')) {
    const stock = await attempt('placeboard', 'stock client', () => runStockClient(settings));
    results.stockClient = stock;
    console.log(`\n${stockClientText(stock)}\n`);
  }

  if (runs('capacity')) {
    for (const kind of settings.servers) results.capacity.push(await attempt(kind, 'capacity', () => runCapacity(kind, settings)));
    console.log(`\n${capacityTable(results.capacity)}\n`);
  }

  if (runs('cold-load') || runs('browser-load')) {
    progress('building the cold-load board');
    const board = coldLoadBoard(settings);
    ({ coldLoad: results.coldLoad, browserLoad: results.browserLoad } = await runColdLoads(board, settings));
    console.log(`\n${coldLoadTable(results.coldLoad, results.browserLoad)}\n`);
  }

  if (runs('crash')) {
    for (const kind of settings.servers) results.crash.push(await attempt(kind, 'crash', () => runCrash(kind, settings)));
    console.log(`\n${crashTable(results.crash)}\n`);
  }

  const complete: CompareResults = { ...results, targets: judgeTargets(results), minutes: (performance.now() - started) / 60_000 };
  const dir = path.join(REPO_ROOT, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const partial = isPartial(settings);
  const file = path.join(dir, `${complete.at.slice(0, 10)}${settings.quick ? '-quick' : ''}${partial ? '-partial' : ''}.json`);
  fs.writeFileSync(file, `${JSON.stringify(complete, null, 2)}\n`);
  console.log(`\n## Comparison\n\n${allTables(complete)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
  if (!settings.quick && !partial) {
    const readmeFile = path.join(REPO_ROOT, 'bench', 'README.md');
    fs.writeFileSync(readmeFile, readme(complete, path.relative(path.join(REPO_ROOT, 'bench'), file)));
    console.log(`wrote ${path.relative(process.cwd(), readmeFile)}`);
  }
  return complete;
}

/** The headline figures, flat, for run.ts's table and bench/results/compare.json. */
function headline(results: CompareResults): Record<string, number | string> {
  const figures: Record<string, number | string> = { minutes: Number(fmt(results.minutes)) };
  for (const run of results.fanOut) {
    if ('error' in run) figures[`fan-out ${run.editors} ${run.server} p99 ms`] = 'error';
    else figures[`fan-out ${run.editors} ${run.server} p99 ms`] = Number(fmt(run.editP99Ms));
  }
  for (const verdict of results.targets) figures[`target: ${verdict.target}`] = `${verdict.verdict}: ${verdict.value}`;
  return figures;
}

/** `pnpm bench compare` (`--quick` for a smoke run with small numbers). */
export const compareBenchmark: Benchmark = {
  name: 'compare',
  description: 'Placeboard vs @y/websocket-server vs Hocuspocus: fan-out, capacity, cold load, crash, durability (about 10 minutes; --quick: 2)',
  async run() {
    return headline(await runComparison(settingsFromArgs(process.argv.slice(2))));
  },
};
