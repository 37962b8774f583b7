/** A structured logger: one JSON object per line on stdout (info) or stderr (warn, error). */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Logs JSON lines, which journald, Docker and most log shippers read as they are. */
export function createLogger(base: Record<string, unknown> = {}): Logger {
  const write = (level: string, stream: NodeJS.WriteStream) => (message: string, fields?: Record<string, unknown>) => {
    stream.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg: message, ...base, ...fields })}\n`);
  };
  return { info: write('info', process.stdout), warn: write('warn', process.stderr), error: write('error', process.stderr) };
}

/** A logger that drops everything, for tests that want quiet. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** The message of an unknown thrown value. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
