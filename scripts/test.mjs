// `npm test`: install if needed, type-check every package, check for import cycles, then run every test (unit, integration, browser
// end-to-end) in one Vitest run, and close with one "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, ensureInstalled, pnpmCommand } from './bootstrap.mjs';

ensureInstalled();

function run(title, command, args) {
  console.log(`\nplaceboard: ${title}`);
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env: process.env });
  return result.status ?? 1;
}

const [pnpm, ...prefix] = pnpmCommand();
const typecheck = run('type-checking every package', pnpm, [...prefix, '-r', 'typecheck']);
const lint = run('checking for import cycles', pnpm, [...prefix, 'run', 'lint']);

const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'placeboard-vitest-')), 'report.json');
const vitest = run('running every test', pnpm, [...prefix, 'exec', 'vitest', 'run', '--reporter=default',
  '--reporter=json', `--outputFile=${report}`, ...process.argv.slice(2)]);

let passed = 0;
let failed = 0;
let skipped = 0;
if (fs.existsSync(report)) {
  const results = JSON.parse(fs.readFileSync(report, 'utf8'));
  passed = results.numPassedTests;
  failed = results.numFailedTests + (results.numRuntimeErrorTestSuites ?? 0);
  skipped = results.numPendingTests + results.numTodoTests;
} else {
  failed = 1;
}
if (typecheck !== 0) {
  console.log('placeboard: type-check failed');
  failed += 1;
}
if (lint !== 0) {
  console.log('placeboard: import cycles found');
  failed += 1;
}
if (passed === 0 && failed === 0) failed = 1; // a run that ran nothing has not passed
console.log(`\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(typecheck === 0 && lint === 0 && vitest === 0 && failed === 0 ? 0 : 1);
