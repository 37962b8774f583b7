import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postcss, { type AtRule, type Rule } from 'postcss';
import { describe, expect, it } from 'vitest';

const SRC = path.dirname(fileURLToPath(import.meta.url));

/** Every stylesheet of the web app, by its path under web/src. */
function stylesheets(): Map<string, string> {
  const files = fs.readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.css'));
  return new Map(files.map((file) => [file, fs.readFileSync(path.join(SRC, file), 'utf8')]));
}

/** A rule's selector with the at-rules around it (`@media print > .button`). */
function placeOf(rule: Rule, selector: string): string {
  const around: string[] = [];
  for (let parent = rule.parent; parent?.type === 'atrule'; parent = parent.parent) {
    const at = parent as AtRule;
    around.unshift(`@${at.name} ${at.params}`);
  }
  return [...around, selector.replace(/\s+/g, ' ')].join(' > ');
}

describe('the web stylesheets', () => {
  // Each pane's stylesheet arrives with its code, so two sheets that style the same selector style it one way before a
  // pane is opened and another after: a Delete button once read red on red that way. One sheet owns each selector.
  it('style each selector in one stylesheet only', () => {
    const owners = new Map<string, string[]>();
    for (const [file, css] of stylesheets()) {
      postcss.parse(css, { from: file }).walkRules((rule) => {
        for (const selector of rule.selectors) {
          const place = placeOf(rule, selector);
          owners.set(place, [...new Set([...(owners.get(place) ?? []), file])]);
        }
      });
    }
    expect(owners.size).toBeGreaterThan(100);
    const shared = [...owners].filter(([, files]) => files.length > 1).map(([place, files]) => `${place}: ${files.join(', ')}`);
    expect(shared).toEqual([]);
  });
});
