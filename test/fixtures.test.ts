/**
 * Fixture migrations with their expected findings. A comment `-- expect: rule-a, rule-b` says
 * that diagnostics of those rules start on the next line that is neither blank nor a comment;
 * every diagnostic of a fixture must be expected and every expectation met.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lintPaths } from '../src/run.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'migrations');

/** `line:rule-id` strings expected by the markers of one file, sorted. */
function expectedFindings(text: string): string[] {
  const lines = text.split('\n');
  const expected: string[] = [];
  lines.forEach((line, index) => {
    const marker = /--\s*expect:\s*(.+)$/.exec(line);
    if (!marker) return;
    let target = index + 1;
    while (target < lines.length && (/^\s*$/.test(lines[target]!) || /^\s*(--|#)/.test(lines[target]!))) target++;
    for (const ruleId of marker[1]!.split(',')) expected.push(`${target + 1}:${ruleId.trim()}`);
  });
  return expected.sort();
}

describe('fixture migrations', () => {
  for (const set of readdirSync(fixtures)) {
    it(`${set}: every finding is expected and every expectation met`, async () => {
      const result = await lintPaths([path.join(fixtures, set)], {}, fixtures);
      expect(result.files.length).toBeGreaterThan(0);
      for (const file of result.files) {
        const text = readFileSync(path.join(fixtures, file.path), 'utf8');
        const actual = file.diagnostics.map((diagnostic) => `${diagnostic.range.start.line}:${diagnostic.ruleId}`).sort();
        expect({ file: file.path, findings: actual }).toEqual({ file: file.path, findings: expectedFindings(text) });
      }
    });
  }
});
