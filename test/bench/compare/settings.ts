import { SERVER_KINDS, type ServerKind } from './servers.js';

/** The scenarios of a comparison, in the order they run. */
export const SCENARIOS = ['durability', 'fan-out', 'stock-client', 'capacity', 'cold-load', 'browser-load', 'crash'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/**
 * How big and how long each scenario runs: the full run (`pnpm bench compare`, about 10 minutes on the 2-core
 * machine) and a smoke run with small numbers (`pnpm bench compare --quick`, about 2 minutes).
 */

/** Every knob of a comparison run. */
export interface CompareSettings {
  quick: boolean;
  /** Scenarios to run (`--only=fan-out,cold-load`); a run of some of them writes no README. @default all */
  scenarios: readonly Scenario[];
  /** Servers to run (`--servers=placeboard,hocuspocus`). @default all three */
  servers: readonly ServerKind[];
  /** Seed of the crash trials' kill times. */
  seed: number;
  fanOut: {
    editorCounts: number[];
    /** Full clients that measure latency (and edit like the others); the rest are light clients. */
    observers: number;
    editsPerSecond: number;
    cursorMovesPerSecond: number;
    warmupMs: number;
    measureMs: number;
    drainMs: number;
  };
  /** A stock (echoing) y-websocket client in a busy Placeboard room: does the server's rate limit close it? */
  stockClient: { editors: number; seconds: number };
  capacity: { clients: number; rooms: number; settleMs: number };
  /** `browserTrials`: opens and warm reloads of the board in Placeboard's web client (headless Chromium). */
  coldLoad: { features: number; canvasItems: number; pages: number; trials: number; browserTrials: number };
  crash: { editors: number; editsPerSecond: number; trials: number; minRunMs: number; maxRunMs: number };
  /** `sqliteWriters`: boards appended to at once on SQLite (their appends share disk flushes). */
  durability: { seconds: number; postgresConnections: number[]; sqliteWriters: number[] };
}

/** The full run. */
export const FULL_SETTINGS: CompareSettings = {
  quick: false,
  scenarios: SCENARIOS,
  servers: SERVER_KINDS,
  seed: 20_250_601,
  fanOut: { editorCounts: [25, 50, 100, 200], observers: 4, editsPerSecond: 2, cursorMovesPerSecond: 10, warmupMs: 3_000, measureMs: 10_000, drainMs: 20_000 },
  stockClient: { editors: 25, seconds: 12 },
  capacity: { clients: 1_000, rooms: 200, settleMs: 1_500 },
  coldLoad: { features: 10_000, canvasItems: 500, pages: 50, trials: 5, browserTrials: 3 },
  crash: { editors: 5, editsPerSecond: 5, trials: 3, minRunMs: 2_000, maxRunMs: 6_000 },
  durability: { seconds: 4, postgresConnections: [1, 8], sqliteWriters: [1, 8, 64] },
};

/** The smoke run. */
export const QUICK_SETTINGS: CompareSettings = {
  quick: true,
  scenarios: SCENARIOS,
  servers: SERVER_KINDS,
  seed: 20_250_601,
  fanOut: { editorCounts: [6, 12], observers: 2, editsPerSecond: 2, cursorMovesPerSecond: 10, warmupMs: 1_000, measureMs: 2_000, drainMs: 2_000 },
  stockClient: { editors: 50, seconds: 4 },
  capacity: { clients: 100, rooms: 20, settleMs: 1_000 },
  coldLoad: { features: 1_000, canvasItems: 50, pages: 5, trials: 1, browserTrials: 1 },
  crash: { editors: 5, editsPerSecond: 5, trials: 1, minRunMs: 1_000, maxRunMs: 2_000 },
  durability: { seconds: 1, postgresConnections: [1], sqliteWriters: [1, 8] },
};

/** True when the run leaves out a scenario or a server: it then writes no README, and its JSON says "partial". */
export function isPartial(settings: CompareSettings): boolean {
  return settings.scenarios.length < SCENARIOS.length || settings.servers.length < SERVER_KINDS.length;
}

/**
 * The settings the command line asks for: `--quick` picks the smoke run; `--only=fan-out,cold-load` runs some
 * scenarios, `--servers=placeboard,hocuspocus` some servers and `--editors=50,200` other fan-out sizes, for working
 * on one figure without waiting for the rest. Unknown names throw, listing the known ones.
 */
export function settingsFromArgs(args: readonly string[]): CompareSettings {
  const base = args.includes('--quick') ? QUICK_SETTINGS : FULL_SETTINGS;
  const listArg = (name: string): string[] | undefined => {
    const arg = args.find((a) => a.startsWith(`--${name}=`));
    return arg?.slice(name.length + 3).split(',').filter(Boolean);
  };
  const pick = <T extends string>(name: string, known: readonly T[], fallback: readonly T[]): readonly T[] => {
    const asked = listArg(name);
    if (!asked) return fallback;
    for (const value of asked) {
      if (!known.includes(value as T)) throw new Error(`--${name}: unknown "${value}"; known: ${known.join(', ')}`);
    }
    return known.filter((value) => asked.includes(value));
  };
  const editors = listArg('editors')?.map((value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 2) throw new Error(`--editors: "${value}" is not a whole number of at least 2`);
    return n;
  });
  return {
    ...base,
    scenarios: pick('only', SCENARIOS, base.scenarios),
    servers: pick('servers', SERVER_KINDS, base.servers),
    fanOut: editors ? { ...base.fanOut, editorCounts: editors } : base.fanOut,
  };
}
