import { ConfigError, loadConfig } from './config.js';
import { createLogger, errorMessage } from './log.js';
import { startServer } from './server.js';

const log = createLogger();

try {
  const config = loadConfig();
  const server = await startServer(config, { log });
  log.info('listening', { port: server.port, url: `http://localhost:${server.port}`, dataDir: config.dataDir });
  if (server.setupUrl) {
    // Said plainly as well as in the JSON log: it is the one thing a new administrator must do.
    process.stderr.write(`\nPlaceboard has no accounts yet. Open this link once to create the owner account:\n  ${server.setupUrl}\n\n`);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    server.close().then(
      () => process.exit(0),
      (error) => {
        log.error('shutdown failed', { error: errorMessage(error) });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (error) {
  log.error(error instanceof ConfigError ? error.message : `failed to start: ${errorMessage(error)}`);
  process.exit(1);
}
