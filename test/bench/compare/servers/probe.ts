/**
 * Loaded into every benchmarked server process (Placeboard through `--import`, the references by their launchers):
 * answers `{ type: 'gc' }` over the IPC channel by running two full garbage collections and replying with
 * `process.memoryUsage()`, so the harness reads a settled RSS and the live V8 heap. CPU and RSS themselves are read from /proc by the harness, which works even while the server's
 * event loop is saturated.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

process.on('message', (message: unknown) => {
  if (typeof message !== 'object' || message === null || (message as { type?: unknown }).type !== 'gc') return;
  collectGarbage();
  collectGarbage();
  process.send?.({ type: 'gc-done', id: (message as { id?: unknown }).id, memory: process.memoryUsage() });
});
