/**
 * Applying suggested fixes: order, overlaps, insertions, bounds; and writing the safe ones into
 * files in place.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { applyFixes, applySafeFixes } from '../../src/fix/apply.js';
import { describeFixReport, writeSafeFixes } from '../../src/fix/write.js';
import type { SuggestedFix } from '../../src/diagnostic.js';
import { lintText } from '../../src/engine/lint.js';
import { summarize } from '../../src/report/result.js';

function fix(startOffset: number, endOffset: number, text: string, safe = true): SuggestedFix {
  return { description: `replace ${startOffset}-${endOffset}`, range: { startOffset, endOffset }, text, safe };
}

describe('applyFixes', () => {
  it('applies non-overlapping fixes whatever their order', () => {
    const outcome = applyFixes('abcdef', [fix(4, 5, 'E'), fix(0, 1, 'A'), fix(2, 2, '+')]);
    expect(outcome.text).toBe('Ab+cdEf');
    expect(outcome.skipped).toEqual([]);
  });

  it('keeps the first of two overlapping fixes and reports the other', () => {
    const second = fix(2, 5, 'Y');
    const outcome = applyFixes('abcdef', [fix(1, 3, 'X'), second]);
    expect(outcome.text).toBe('aXdef');
    expect(outcome.skipped).toEqual([{ fix: second, reason: 'overlaps an earlier fix' }]);
  });

  it('treats two insertions at one point, and an insertion inside a replacement, as conflicts', () => {
    expect(applyFixes('abc', [fix(1, 1, 'X'), fix(1, 1, 'Y')]).text).toBe('aXbc');
    expect(applyFixes('abcdef', [fix(1, 4, 'X'), fix(2, 2, 'Y')]).text).toBe('aXef');
    expect(applyFixes('abcdef', [fix(1, 4, 'X'), fix(4, 4, 'Y')]).text).toBe('aXYef');
  });

  it('skips a fix whose range lies outside the text', () => {
    const outcome = applyFixes('abc', [fix(2, 9, 'X'), fix(-1, 0, 'Y')]);
    expect(outcome.text).toBe('abc');
    expect(outcome.skipped.map((entry) => entry.reason)).toEqual(['range outside the file', 'range outside the file']);
  });

  it('equals applying the accepted fixes one at a time from the end (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }),
        fc.array(fc.tuple(fc.nat(45), fc.nat(6), fc.string({ maxLength: 4 })), { maxLength: 8 }),
        (text, specs) => {
          const fixes = specs.map(([start, length, replacement]) => fix(start, start + length, replacement));
          const outcome = applyFixes(text, fixes);
          // Every applied fix is in bounds and no two applied fixes share a character.
          // From the end: by start, and at the same start the later-ending fix first, so that an
          // insertion at the start of a deleted range lands before it instead of being deleted.
          const applied = [...outcome.applied].sort((a, b) => b.range.startOffset - a.range.startOffset || b.range.endOffset - a.range.endOffset);
          let expected = text;
          for (const entry of applied) expected = expected.slice(0, entry.range.startOffset) + entry.text + expected.slice(entry.range.endOffset);
          expect(outcome.text).toBe(expected);
          expect(outcome.applied.length + outcome.skipped.length).toBe(fixes.length);
          for (const a of outcome.applied) {
            for (const b of outcome.applied) {
              if (a !== b && a.range.startOffset !== a.range.endOffset && b.range.startOffset !== b.range.endOffset) {
                expect(a.range.startOffset < b.range.endOffset && b.range.startOffset < a.range.endOffset).toBe(false);
              }
            }
          }
        },
      ),
    );
  });
});

describe('applySafeFixes', () => {
  it('applies only fixes marked safe', () => {
    const sql = 'ALTER IGNORE TABLE u ADD UNIQUE (e);\nCREATE TABLE o (id INT AUTO_INCREMENT PRIMARY KEY);';
    const result = lintText(sql, { dialect: 'mariadb', history: ['CREATE TABLE u (id INT PRIMARY KEY, e INT);'] });
    const outcome = applySafeFixes(sql, result.diagnostics);
    expect(outcome.text).toBe('ALTER IGNORE TABLE u ADD UNIQUE (e);\nCREATE TABLE o (id BIGINT AUTO_INCREMENT PRIMARY KEY);');
    expect(outcome.skipped.map((entry) => [entry.reason, entry.diagnostic?.ruleId])).toEqual([['not marked safe', 'alter-ignore-add-unique']]);
  });
});

describe('writeSafeFixes', () => {
  let directory: string | undefined;
  afterEach(() => {
    if (directory) rmSync(directory, { recursive: true, force: true });
    directory = undefined;
  });

  it('rewrites a file that still holds the linted text, and leaves a changed one alone', async () => {
    directory = mkdtempSync(path.join(os.tmpdir(), 'uniqlint-fix-'));
    const sql = "INSERT INTO s (k, v) VALUES ('a', 1) ON DUPLICATE KEY UPDATE v = VALUES(v);\n";
    writeFileSync(path.join(directory, 'a.sql'), sql);
    writeFileSync(path.join(directory, 'b.sql'), sql);
    const files = ['a.sql', 'b.sql'].map((name) => ({ ...lintText(sql, { filePath: name }), path: name }));
    writeFileSync(path.join(directory, 'b.sql'), `${sql}-- edited meanwhile\n`);
    const report = await writeSafeFixes({ files, summary: summarize(files) }, directory);
    expect(readFileSync(path.join(directory, 'a.sql'), 'utf8')).toBe("INSERT INTO s (k, v) VALUES ('a', 1) AS new ON DUPLICATE KEY UPDATE v = new.v;\n");
    expect(readFileSync(path.join(directory, 'b.sql'), 'utf8')).toContain('VALUES(v)');
    expect(report.applied).toBe(1);
    expect(describeFixReport(report)).toBe('uniqlint: applied 1 fix in 1 file\nuniqlint: b.sql: not fixed: the file changed after it was linted\n');
  });
});

describe('fixes keep the comments of the statement they rewrite', () => {
  it('block, line and conditional comments between the replaced calls survive --fix', () => {
    const text = "INSERT INTO s (k, v) VALUES ('a', 1)\n  ON DUPLICATE KEY UPDATE /* keep me */ v = VALUES(v), -- and me\n  w = /*!80000 1 + */ VALUES(w);\n";
    const result = lintText(text, { filePath: 'V1__upsert.sql' });
    expect(applySafeFixes(text, result.diagnostics).text).toBe(
      "INSERT INTO s (k, v) VALUES ('a', 1) AS new\n  ON DUPLICATE KEY UPDATE /* keep me */ v = new.v, -- and me\n  w = /*!80000 1 + */ new.w;\n",
    );
  });
});
