/**
 * Costs that must grow linearly with the input: thousands of CREATE TABLE with INT
 * AUTO_INCREMENT (the rule once rescanned every table and the rest of the file per column),
 * applying tens of thousands of fixes (once compared every pair and copied the text per fix),
 * and a 50 MB string literal (must lint within a 600 MB heap). Measured as ratios within one
 * run, the smaller of two tries, so a busy machine does not decide the outcome: linear growth
 * gives about 4 for four times the input, quadratic about 16.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintText } from '../../src/engine/lint.js';
import { applyFixes } from '../../src/fix/apply.js';
import type { SuggestedFix } from '../../src/diagnostic.js';
import { cliPath, ensureBuilt } from '../report/run-cli.js';
import { runProcess, yieldToEventLoop } from '../support/processes.js';

/** Time of `large` over time of `small`, each the fastest of three tries, taken in turns. */
async function ratioOf(small: () => void, large: () => void): Promise<number> {
  let bestSmall = Infinity;
  let bestLarge = Infinity;
  for (let attempt = 0; attempt < 3; attempt++) {
    let start = performance.now();
    small();
    bestSmall = Math.min(bestSmall, performance.now() - start);
    await yieldToEventLoop();
    start = performance.now();
    large();
    bestLarge = Math.min(bestLarge, performance.now() - start);
    await yieldToEventLoop();
  }
  return bestLarge / bestSmall;
}

const tables = (count: number) => Array.from({ length: count }, (_, i) => `CREATE TABLE t${i} (id INT AUTO_INCREMENT PRIMARY KEY, a INT);\n`).join('');

describe('linear costs', () => {
  it('CREATE TABLE with INT AUTO_INCREMENT: 4x the tables costs well under 16x the time', async () => {
    const small = tables(1_000);
    const large = tables(4_000);
    expect(lintText(large, { filePath: 'V1__large.sql' }).diagnostics.filter((d) => d.ruleId === 'int-auto-increment')).toHaveLength(4_000);
    const ratio = await ratioOf(() => lintText(small, { filePath: 'V1__small.sql' }), () => lintText(large, { filePath: 'V1__large.sql' }));
    expect(ratio).toBeLessThan(10);
  });

  it('applying 4x the fixes costs well under 16x the time', async () => {
    const build = (count: number) => {
      const text = 'id INT;\n'.repeat(count);
      const fixes: SuggestedFix[] = Array.from({ length: count }, (_, i) => ({ description: 'bigint', range: { startOffset: i * 8 + 3, endOffset: i * 8 + 6 }, text: 'BIGINT', safe: true }));
      return { text, fixes };
    };
    const small = build(100_000);
    const large = build(400_000);
    expect(applyFixes(large.text, large.fixes).text).toBe('id BIGINT;\n'.repeat(400_000));
    const ratio = await ratioOf(() => applyFixes(small.text, small.fixes), () => applyFixes(large.text, large.fixes));
    expect(ratio).toBeLessThan(10);
  });

  it('a 50 MB string literal lints within a 600 MB heap', async () => {
    ensureBuilt();
    const directory = mkdtempSync(path.join(os.tmpdir(), 'uniqlint-literal-'));
    try {
      writeFileSync(path.join(directory, 'V1__literal.sql'), `INSERT INTO t VALUES ('${'x'.repeat(50 * 1024 * 1024)}');\nREPLACE INTO t VALUES (1);\n`);
      const run = await runProcess(process.execPath, ['--max-old-space-size=600', cliPath, 'V1__literal.sql', '-f', 'json', '--no-config'], { cwd: directory, timeoutMs: 300_000 });
      expect(run.code, run.stderr.slice(0, 500)).toBe(0);
      expect(JSON.parse(run.stdout).files[0].diagnostics.map((d: { ruleId: string }) => d.ruleId)).toContain('replace-into');
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
