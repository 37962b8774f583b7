/**
 * `pnpm bench [name...]`: benchmarks, not tests. Each prints a table and writes JSON under bench/results/.
 * Run with no names for all of them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/server.js';
import { boardApplyBenchmark } from './board-apply.js';
import { canvasBenchmark } from './canvas.js';
import { compareBenchmark } from './compare/index.js';
import { mapBenchmark } from './map.js';
import { syncBenchmark } from './sync.js';

/** One benchmark: a name, and a function that returns flat figures to print and store. */
export interface Benchmark {
  name: string;
  description: string;
  run(): Promise<Record<string, number | string>>;
}

// Each benchmark client adds a process 'exit' listener (y-websocket); many clients are expected here.
process.setMaxListeners(0);

const benchmarks: Benchmark[] = [syncBenchmark, mapBenchmark, canvasBenchmark, boardApplyBenchmark, compareBenchmark];

// Options such as `--quick` are for the benchmarks themselves, not names.
const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const chosen = wanted.length === 0 ? benchmarks : benchmarks.filter((b) => wanted.includes(b.name));
if (chosen.length === 0) {
  console.error(`No benchmark called ${wanted.join(', ')}. Known: ${benchmarks.map((b) => b.name).join(', ')}`);
  process.exit(2);
}

const dir = path.join(REPO_ROOT, 'bench', 'results');
fs.mkdirSync(dir, { recursive: true });
for (const benchmark of chosen) {
  console.log(`\n${benchmark.name}: ${benchmark.description}`);
  const figures = await benchmark.run();
  console.table(figures);
  const result = {
    benchmark: benchmark.name,
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    figures,
  };
  const file = path.join(dir, `${benchmark.name}.json`);
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
process.exit(0);
