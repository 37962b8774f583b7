/**
 * Credits for map data: the attribution lines a map must show wherever it is drawn (the Map pane, a slide, the
 * board pack), gathered from the basemap, the layers and the board.
 */

/** Lines of credit with repeats dropped, and lines that another line already says in full. */
export function dedupeCredits(lines: readonly string[]): string[] {
  const unique = [...new Set(lines.map((line) => line.trim()).filter(Boolean))];
  return unique.filter((line) => !unique.some((other) => other !== line && other.includes(line)));
}

/** True for a line of the board's attribution that credits the basemap (it starts "Basemap"). */
export function isBasemapCredit(line: string): boolean {
  return /^\s*basemap\b/i.test(line);
}
