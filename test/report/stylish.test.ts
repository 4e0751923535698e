/**
 * Snapshots of the stylish format for one file with an error carrying a live verdict, warnings,
 * infos hidden by default, and repeats that fold, at 80 and 120 columns, with and without colour;
 * plus the rules the layout keeps at any width.
 */
import { describe, expect, it } from 'vitest';
import { LineIndex, type Diagnostic } from '../../src/diagnostic.js';
import type { FileLintResult } from '../../src/engine/lint.js';
import { summarize, type RunResult } from '../../src/report/result.js';
import { codeFrameFor, formatStylish } from '../../src/report/stylish.js';
import { sqlSpans } from '../../src/report/sql-highlight.js';

const path = 'db/migrations/V7__tighten_keys.sql';
const text = [
  "-- don't run this twice: it rewrites the settings",
  'CREATE TABLE tags (id INT AUTO_INCREMENT PRIMARY KEY, label VARCHAR(64) NOT NULL);',
  'ALTER TABLE users ADD UNIQUE KEY uk_email (email);',
  'ALTER TABLE orders CONVERT TO CHARACTER SET utf8mb4;',
  'ALTER TABLE order_lines CONVERT TO CHARACTER SET utf8mb4;',
  'ALTER TABLE invoices CONVERT TO CHARACTER SET utf8mb4;',
  'ALTER TABLE payments CONVERT TO CHARACTER SET utf8mb4;',
  "REPLACE INTO settings (name, value) VALUES ('theme', 'dark'); # seed",
  '',
].join('\n');
const lines = new LineIndex(text);

/** A diagnostic over the first occurrence of `flagged` at or after line `line`. */
function at(line: number, flagged: string, statementIndex: number, parts: Omit<Diagnostic, 'file' | 'range' | 'statementIndex'>): Diagnostic {
  const lineStart = text.split('\n').slice(0, line - 1).join('\n').length + (line > 1 ? 1 : 0);
  const start = text.indexOf(flagged, lineStart);
  if (start === -1) throw new Error(`fixture text lacks ${flagged}`);
  return { ...parts, file: path, range: lines.range(start, start + flagged.length), statementIndex };
}

function convert(line: number, table: string, statementIndex: number): Diagnostic {
  return at(line, `ALTER TABLE ${table} CONVERT TO CHARACTER SET utf8mb4`, statementIndex, {
    ruleId: 'add-unique-key',
    severity: 'warning',
    message: `CONVERT TO CHARACTER SET may fail with ERROR 1062: the change of \`code\` can make distinct values of unique key \`uk_code\` on \`${table}\` equal`,
    notes: [`unique key \`uk_code\` (\`code\`) on table \`${table}\` covers the changed column: CONVERT TO CHARACTER SET of \`code\`: latin1_bin → utf8mb4_0900_ai_ci`],
    help: [`run this query first, written for the new definition, and fix or remove the rows it returns:\n  SELECT CONVERT(\`code\` USING utf8mb4) COLLATE utf8mb4_0900_ai_ci AS \`code\`, COUNT(*) FROM \`${table}\` GROUP BY 1 HAVING COUNT(*) > 1;`],
  });
}

const diagnostics: Diagnostic[] = [
  at(2, 'id INT AUTO_INCREMENT PRIMARY KEY', 1, {
    ruleId: 'int-auto-increment',
    severity: 'info',
    message: '`id` of `tags` is INT AUTO_INCREMENT: inserts fail once the counter reaches 2,147,483,647',
    help: ['declare it BIGINT (largest value 9,223,372,036,854,775,807) now, while the table is small'],
  }),
  at(3, 'UNIQUE KEY uk_email (email)', 2, {
    ruleId: 'add-unique-key',
    severity: 'error',
    message: 'ADD UNIQUE `uk_email` may fail with ERROR 1062: `users` may already hold two rows with the same `email`',
    notes: ['ADD UNIQUE adds unique key `uk_email` (`email`) on table `users`, which may already hold rows; rows with a NULL key part never collide'],
    help: ['run this query first and fix or remove the rows it returns:\n  SELECT `email`, COUNT(*) AS `duplicate_rows` FROM `users` WHERE `email` IS NOT NULL GROUP BY `email` HAVING COUNT(*) > 1;'],
    live: {
      verdict: 'fails',
      rowsScanned: 1_204_118,
      duplicateGroups: 3,
      samples: [
        { values: ['alice@example.com'], count: 2 },
        { values: ["o'brien@example.com"], count: 3 },
      ],
      elapsedMs: 840.4,
      reason: '3 duplicate groups; compared under utf8mb4_0900_ai_ci, as the key will',
    },
  }),
  at(3, 'UNIQUE KEY uk_email (email)', 2, {
    ruleId: 'case-insensitive-unique-key',
    severity: 'info',
    message: "ADD UNIQUE makes unique key `uk_email` (`email`) on `users` ignore letter case: 'Alice' and 'alice' become one value",
  }),
  convert(4, 'orders', 3),
  convert(5, 'order_lines', 4),
  convert(6, 'invoices', 5),
  convert(7, 'payments', 6),
  at(8, "REPLACE INTO settings (name, value) VALUES ('theme', 'dark')", 7, {
    ruleId: 'replace-into',
    severity: 'warning',
    message: 'REPLACE into `settings` deletes and re-inserts rows whose key values already exist, without an error',
    notes: ['every existing row that has the same PRIMARY KEY or UNIQUE key value as a new row is deleted, then the new row inserted: columns it does not list lose their values'],
    help: ['use INSERT ... ON DUPLICATE KEY UPDATE to update the existing row in place instead'],
  }),
];

const file: FileLintResult = { path, text, statements: 8, parsed: 8, recognised: 0, unparsed: 0, diagnostics };
const result: RunResult = { files: [file], summary: summarize([file]) };
const plain = (output: string): string => output.replace(/\u001b\[[0-9;]*m/g, '');

describe('stylish snapshots', () => {
  for (const width of [80, 120]) {
    for (const color of [false, true]) {
      it(`${width} columns, ${color ? 'colour' : 'no colour'}`, () => {
        expect(formatStylish(result, { color, width })).toMatchSnapshot();
      });
    }
    it(`${width} columns, --verbose`, () => {
      expect(formatStylish(result, { color: false, width, minimumSeverity: 'info', fold: false })).toMatchSnapshot();
    });
  }
});

describe('stylish layout', () => {
  const output = formatStylish(result, { color: false, width: 80 });

  it('says "at least" when the probe stopped at the first duplicate groups, and omits rows it did not count', () => {
    const early = diagnostics[1]!;
    const live = { verdict: 'fails' as const, duplicateGroups: 6, duplicateGroupsAtLeast: true, samples: early.live!.samples!, elapsedMs: 12, reason: 'at least 6 duplicate group(s)' };
    const text = formatStylish({ files: [{ ...file, diagnostics: [{ ...early, live }] }], summary: summarize([file]) }, { color: false, width: 120 });
    expect(text).toContain("live: fails: at least 6 duplicate groups, e.g. 'alice@example.com' x2 (12 ms)");
    const exact = formatStylish({ files: [{ ...file, diagnostics: [{ ...early, live: { ...live, duplicateGroupsAtLeast: undefined } }] }], summary: summarize([file]) }, { color: false, width: 120 });
    expect(exact).toContain("live: fails: 6 duplicate groups, e.g. 'alice@example.com' x2 (12 ms)");
  });

  it('hides infos by default and counts them in the summary', () => {
    expect(output).not.toContain('info[');
    expect(output.trimEnd().split('\n').at(-1)).toBe('✖ 6 problems (1 error, 5 warnings) in 1 file, 8 statements (0 not parsed); 2 infos hidden (--verbose shows them)');
    const verbose = formatStylish(result, { color: false, width: 80, minimumSeverity: 'info', fold: false });
    expect(verbose).toContain('info[int-auto-increment]: `id` of `tags`');
    expect(verbose.trimEnd().split('\n').at(-1)).toBe('✖ 8 problems (1 error, 5 warnings, 2 infos) in 1 file, 8 statements (0 not parsed)');
  });

  it('folds repeats on consecutive statements into the first, and --verbose unfolds them', () => {
    expect(output.match(/warning\[add-unique-key\]/g)).toHaveLength(1);
    expect(output).toContain('and 3 more like it, lines 5-7 (--verbose shows each)');
    const verbose = formatStylish(result, { color: false, width: 80, minimumSeverity: 'info', fold: false });
    expect(verbose.match(/warning\[add-unique-key\]/g)).toHaveLength(4);
  });

  it('does not fold findings that differ beyond names and values, or that are not on consecutive statements', () => {
    const different = { ...diagnostics[4]!, help: ['something else to do'] };
    const apart = { ...diagnostics[6]!, statementIndex: 9 };
    const mixed: FileLintResult = { ...file, diagnostics: [diagnostics[3]!, different, diagnostics[5]!, apart] };
    const out = formatStylish({ files: [mixed], summary: summarize([mixed]) }, { color: false, width: 80 });
    expect(out.match(/warning\[add-unique-key\]/g)).toHaveLength(4);
    expect(out).not.toContain('more like it');
  });

  it('keeps the headline on the finding row and wraps prose within the width; code lines stay whole', () => {
    for (const width of [80, 120]) {
      const rows = formatStylish(result, { color: false, width }).split('\n');
      // Source lines of the frame, SQL to copy and the summary line are not wrapped.
      const prose = rows.slice(0, -2).filter((row) => !/^\s+(>\s+)?\d* \|/.test(row) && !/^\s{12,}SELECT /.test(row));
      expect(prose.filter((row) => row.length > width)).toEqual([]);
      expect(rows).toContain(width === 80 ? '  3:23  error[add-unique-key]: ADD UNIQUE `uk_email` may fail with ERROR 1062:' : '  3:23  error[add-unique-key]: ADD UNIQUE `uk_email` may fail with ERROR 1062: `users` may already hold two rows with');
    }
    expect(output).toContain('\n                SELECT `email`, COUNT(*) AS `duplicate_rows` FROM `users` WHERE `email` IS NOT NULL GROUP BY `email` HAVING COUNT(*) > 1;\n');
  });

  it('shows the live verdict under the headline, with the other samples and the probe note', () => {
    expect(output).toContain(
      "  3:23  error[add-unique-key]: ADD UNIQUE `uk_email` may fail with ERROR 1062:\n          `users` may already hold two rows with the same `email`\n" +
        "        live: fails: 3 duplicate groups among 1,204,118 rows, e.g.\n              'alice@example.com' x2 (840 ms)\n" +
        "              also 'o''brien@example.com' x3\n              compared under utf8mb4_0900_ai_ci, as the key will\n        note: ",
    );
  });

  it('colours only when asked, and the coloured text reads the same without its codes', () => {
    const colored = formatStylish(result, { color: true, width: 80 });
    expect(output).not.toMatch(/\u001b\[/);
    expect(colored).toMatch(/\u001b\[/);
    expect(plain(colored)).toBe(output);
  });
});

describe('SQL code frames', () => {
  it("keeps a '-- don't' comment a comment: the text after the apostrophe is not a string", () => {
    const spans = sqlSpans("-- don't run\nSELECT 'a', `b` FROM t; # x'y\n");
    const kinds = spans.filter((span) => span.kind !== 'blank').map((span) => [span.kind, "-- don't run\nSELECT 'a', `b` FROM t; # x'y\n".slice(span.start, span.end)]);
    expect(kinds).toEqual([
      ['comment', "-- don't run"],
      ['keyword', 'SELECT'],
      ['string', "'a'"],
      ['symbol', ','],
      ['quoted-identifier', '`b`'],
      ['keyword', 'FROM'],
      ['identifier', 't'],
      ['symbol', ';'],
      ['comment', "# x'y"],
    ]);
  });

  it('colours the frame line by line: every line resets its colour, and the comment line has no string colour', () => {
    const frame = codeFrameFor(text, diagnostics[0]!, true);
    const commentLine = frame.split('\n').find((row) => row.includes("don't"))!;
    // gray (90) for the comment, never green (32) for a string
    expect(commentLine).toContain("\u001b[90m-- don't run this twice: it rewrites the settings\u001b[39m");
    expect(commentLine).not.toContain('\u001b[32m');
    for (const row of frame.split('\n')) {
      // The last code of every row closes a colour or weight: nothing stays open across a line break.
      const codes = row.match(/\u001b\[(\d+)m/g) ?? [];
      expect(['\u001b[39m', '\u001b[22m', undefined]).toContain(codes.at(-1));
    }
    expect(frame).toContain('\u001b[36mCREATE\u001b[39m \u001b[36mTABLE\u001b[39m tags');
    expect(plain(frame)).toBe(codeFrameFor(text, diagnostics[0]!, false));
  });

  it('highlights a string that spans lines on each of its lines', () => {
    const multi = "INSERT INTO t VALUES ('a\nb');\n";
    const frame = codeFrameFor(multi, { ...diagnostics[0]!, range: new LineIndex(multi).range(0, multi.indexOf(';')) }, true);
    expect(frame).toContain("\u001b[32m('a\u001b[39m".replace('(', '')); // first line of the string
    expect(frame).toContain("\u001b[32mb'\u001b[39m");
  });
});
