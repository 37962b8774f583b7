import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

/** Where Debian's poppler-utils puts its tools. */
const POPPLER_BIN = '/usr/bin';

/** The poppler tools the tests use. */
const TOOLS = ['pdftotext', 'pdftoppm', 'pdfinfo', 'pdftohtml'] as const;

function installed(): boolean {
  return TOOLS.every((tool) => fs.existsSync(`${POPPLER_BIN}/${tool}`));
}

/**
 * Makes sure `pdftotext`, `pdftoppm`, `pdfinfo` and `pdftohtml` (Debian's poppler-utils) are there for tests that read PDFs, installing the
 * package with apt-get when they are missing on a Debian machine where the tests run as root (as CI does), like the
 * browser tests' set-up does for Chromium. Elsewhere it throws, saying what to install.
 */
export function ensurePoppler(): Record<(typeof TOOLS)[number], string> {
  if (!installed() && fs.existsSync('/etc/debian_version') && process.getuid?.() === 0) {
    for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'poppler-utils']]) {
      const result = spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
      if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed; install poppler-utils by hand.`);
    }
  }
  if (!installed()) {
    throw new Error('These tests read PDFs with poppler-utils: `sudo apt-get install poppler-utils` (Debian, Ubuntu).');
  }
  return Object.fromEntries(TOOLS.map((tool) => [tool, `${POPPLER_BIN}/${tool}`])) as Record<(typeof TOOLS)[number], string>;
}

/** The text of a PDF file (or of pages `first` to `last`), in reading order, with every run of white space made one space. */
export function pdfText(file: string, pages: { first?: number; last?: number } = {}): string {
  const { pdftotext } = ensurePoppler();
  const args = ['-enc', 'UTF-8'];
  if (pages.first !== undefined) args.push('-f', String(pages.first));
  if (pages.last !== undefined) args.push('-l', String(pages.last));
  const result = spawnSync(pdftotext, [...args, file, '-'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`pdftotext failed: ${result.stderr}`);
  return result.stdout.replace(/\s+/g, ' ');
}

/** How many pages a PDF has (from pdftotext's page breaks, so no other tool is needed). */
export function pdfPageCount(file: string): number {
  const { pdftotext } = ensurePoppler();
  const result = spawnSync(pdftotext, ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`pdftotext failed: ${result.stderr}`);
  return result.stdout.split('\f').length - 1;
}

/** Renders pages of a PDF as PNG files `<prefix>-<n>.png` at `dpi` and returns their paths, first page first. */
export function pdfPagesToPng(file: string, prefix: string, options: { dpi: number; first?: number; last?: number }): string[] {
  const { pdftoppm } = ensurePoppler();
  const args = ['-png', '-r', String(options.dpi)];
  if (options.first !== undefined) args.push('-f', String(options.first));
  if (options.last !== undefined) args.push('-l', String(options.last));
  const result = spawnSync(pdftoppm, [...args, file, prefix], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`pdftoppm failed: ${result.stderr}`);
  const dir = prefix.slice(0, prefix.lastIndexOf('/') + 1) || '.';
  const base = prefix.slice(prefix.lastIndexOf('/') + 1);
  return fs
    .readdirSync(dir)
    .filter((name) => name.startsWith(`${base}-`) && name.endsWith('.png'))
    .sort((a, b) => Number(a.slice(base.length + 1, -4)) - Number(b.slice(base.length + 1, -4)))
    .map((name) => `${dir}${name}`);
}

/** What `pdfinfo` says of a PDF, by field ("Tagged", "Pages", "Title", ...). */
export function pdfInfo(file: string): Map<string, string> {
  const { pdfinfo } = ensurePoppler();
  const result = spawnSync(pdfinfo, ['-enc', 'UTF-8', file], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`pdfinfo failed: ${result.stderr}`);
  const fields = new Map<string, string>();
  for (const line of result.stdout.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  return fields;
}

/** The titles of a PDF's outline (its bookmarks), in order, from `pdftohtml -xml`'s `<outline>`. */
export function pdfOutline(file: string): string[] {
  const { pdftohtml } = ensurePoppler();
  const result = spawnSync(pdftohtml, ['-xml', '-i', '-stdout', '-q', file], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`pdftohtml failed: ${result.stderr}`);
  return [...result.stdout.matchAll(/<item\b[^>]*>([^<]*)<\/item>/g)].map((match) => match[1]!.trim());
}
