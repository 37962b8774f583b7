/** Repository root. */
export const ROOT: string;
/** The command (and its leading arguments) that runs pnpm 12.4.2. */
export function pnpmCommand(): string[];
/** Runs pnpm in the repository root; exits the process on failure. */
export function runPnpm(args: string[], env?: Record<string, string>): void;
/** Installs locked dependencies unless already installed from these manifests. */
export function ensureInstalled(): void;
/** Builds web/dist unless it is newer than its sources. */
export function ensureWebBuilt(): void;
