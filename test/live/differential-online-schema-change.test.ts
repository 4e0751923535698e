/**
 * Adversarial differential cases of online-schema-change-unique: runbooks (.sh and .md) that run
 * gh-ost or pt-online-schema-change with an --alter adding a unique key, written with the quoting
 * a shell allows (single and double quotes, `--alter value` and `--alter=value`, continuation
 * lines, escaped backquotes, several clauses). Each is linted with a live run as the SELECT +
 * CREATE TEMPORARY TABLES account, and the number of rows the verdict says the tool's INSERT
 * IGNORE copy drops is compared with what such a copy really drops on the server: a copy of the
 * table with the --alter applied, filled by INSERT IGNORE ... SELECT (as both tools copy rows).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostic.js';
import { lintPaths } from '../../src/run.js';
import { LiveRun } from '../../src/live/run-live.js';
import { createScratch, liveServer, uniqueSuffix, type Scratch } from './helpers.js';

const { server, skipReason } = liveServer();

interface OnlineCase {
  name: string;
  /** The table `orders_<n>` holds these rows (id, email, ref, g). */
  rows: string;
  /** The ALTER the tool applies to its copy. */
  alter: string;
  /** The runbook's text; `{db}` and `{table}` stand for the scratch database and the case's table. */
  runbook: (alter: string) => string;
  /** The runbook's file name (its extension decides how it is read). */
  file?: string;
}

const ROWS = "(1, 'a', 'r1', 1), (2, 'a', 'r2', 1), (3, 'A', 'r3', 2), (4, 'b', 'r4', 2), (5, 'b ', 'r5', 3), (6, NULL, 'r6', 3), (7, NULL, 'r7', 3), (8, 'c', 'r8', 4)";
const DISTINCT = "(1, 'a', 'r1', 1), (2, 'b', 'r2', 2), (3, NULL, 'r3', 3), (4, NULL, 'r4', 3)";

const ghost = (alter: string): string => `gh-ost --database={db} --table={table} --alter="${alter}" --execute\n`;

const CASES: OnlineCase[] = [
  { name: 'gh-ost, double-quoted --alter=, duplicates under _ci and PAD SPACE', rows: ROWS, alter: 'ADD UNIQUE KEY u (email)', runbook: ghost },
  { name: 'gh-ost over distinct values and NULLs', rows: DISTINCT, alter: 'ADD UNIQUE KEY u (email)', runbook: ghost },
  { name: "gh-ost, single-quoted --alter='...'", rows: ROWS, alter: 'ADD UNIQUE KEY u (email)', runbook: (alter) => `gh-ost --database={db} --table={table} --alter='${alter}' --execute\n` },
  { name: 'gh-ost, --alter "value" as a separate word', rows: ROWS, alter: 'ADD UNIQUE KEY u (ref)', runbook: (alter) => `gh-ost --database {db} --table {table} --alter "${alter}" --execute\n` },
  {
    name: 'gh-ost over continuation lines',
    rows: ROWS,
    alter: 'ADD UNIQUE INDEX u (email)',
    runbook: (alter) => `#!/bin/sh\nset -e\ngh-ost \\\n  --database={db} \\\n  --table={table} \\\n  --alter="${alter}" \\\n  --allow-on-master \\\n  --execute\n`,
  },
  { name: 'gh-ost, escaped backquotes inside double quotes', rows: ROWS, alter: 'ADD UNIQUE KEY `u` (`email`)', runbook: (alter) => ghost(alter.replace(/`/g, '\\`')) },
  { name: 'gh-ost, backquotes inside single quotes', rows: ROWS, alter: 'ADD UNIQUE KEY `u` (`email`)', runbook: (alter) => `gh-ost --database={db} --table={table} --alter='${alter}' --execute\n` },
  { name: 'gh-ost, a composite key over repeated pairs', rows: ROWS, alter: 'ADD UNIQUE KEY u (email, g)', runbook: ghost },
  { name: 'gh-ost, a prefix key', rows: "(1, 'abc1', 'r1', 1), (2, 'abc2', 'r2', 1), (3, 'abd', 'r3', 1)", alter: 'ADD UNIQUE KEY u (email(3))', runbook: ghost },
  {
    name: 'gh-ost, a collation change to _bin before the key (B and b, a and A apart)',
    rows: ROWS,
    alter: 'MODIFY email VARCHAR(100) COLLATE utf8mb4_bin, ADD UNIQUE KEY u (email)',
    runbook: ghost,
  },
  { name: 'gh-ost, two keys in one --alter', rows: ROWS, alter: 'ADD UNIQUE KEY u (email), ADD UNIQUE KEY u2 (g)', runbook: ghost },
  { name: 'gh-ost, a key over a column that is distinct', rows: ROWS, alter: 'ADD UNIQUE KEY u (ref)', runbook: ghost },
  { name: 'gh-ost, a shortened column before the key', rows: "(1, 'abcd', 'r1', 1), (2, 'abce', 'r2', 1)", alter: 'MODIFY email VARCHAR(3), ADD UNIQUE KEY u (email)', runbook: ghost },
  {
    name: 'pt-online-schema-change --no-check-unique-key-change, D=,t= after the --alter',
    rows: ROWS,
    alter: 'ADD UNIQUE KEY u (email)',
    runbook: (alter) => `pt-online-schema-change --no-check-unique-key-change --alter "${alter}" D={db},t={table} --execute\n`,
  },
  {
    name: 'pt-online-schema-change --no-check-unique-key-change with h= first, in a Markdown runbook',
    rows: ROWS,
    alter: 'ADD UNIQUE KEY u (email, g)',
    runbook: (alter) => `# Orders\n\nRun:\n\n\`\`\`sh\npt-online-schema-change --no-check-unique-key-change \\\n  --alter='${alter}' \\\n  h=127.0.0.1,D={db},t={table} --execute\n\`\`\`\n`,
    file: 'RUNBOOK.md',
  },
  {
    name: 'gh-ost in a Markdown runbook over distinct rows',
    rows: DISTINCT,
    alter: 'ADD UNIQUE KEY u (email)',
    runbook: (alter) => `## Step 2\n\n\`\`\`bash\n${ghost(alter)}\`\`\`\n`,
    file: 'STEPS.md',
  },
];

/** The rows an INSERT IGNORE copy into a copy of `table` with `alter` applied leaves out. */
async function rowsDroppedByCopy(scratch: Scratch, table: string, alter: string): Promise<number> {
  const copy = `${table}_copy`;
  await scratch.admin.query(`CREATE TABLE \`${copy}\` LIKE \`${table}\``);
  try {
    await scratch.admin.query(`ALTER TABLE \`${copy}\` ${alter}`);
    await scratch.admin.query(`INSERT IGNORE INTO \`${copy}\` SELECT * FROM \`${table}\``);
    const [rows] = (await scratch.admin.query(`SELECT (SELECT COUNT(*) FROM \`${table}\`) - (SELECT COUNT(*) FROM \`${copy}\`) AS dropped`)) as unknown as [{ dropped: number | string }[]];
    return Number(rows[0]!.dropped);
  } finally {
    await scratch.admin.query(`DROP TABLE \`${copy}\``);
  }
}

describe.skipIf(!server)(`adversarial live verdicts of online schema change runbooks${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let scratch: Scratch;
  let folder: string;
  beforeAll(async () => {
    scratch = await createScratch(server!, 'oscdiff');
    folder = mkdtempSync(path.join(tmpdir(), 'uniqlint-osc-diff-'));
    for (const [index, testCase] of CASES.entries()) {
      await scratch.admin.query(`CREATE TABLE orders_${index} (id INT PRIMARY KEY, email VARCHAR(100), ref VARCHAR(20), g INT) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci`);
      await scratch.admin.query(`INSERT INTO orders_${index} VALUES ${testCase.rows}`);
    }
  }, 120_000);
  afterAll(async () => {
    await scratch?.dispose();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it.each(CASES.map((testCase, index) => [testCase.name, testCase, index] as const))('%s', async (_name, testCase, index) => {
    const table = `orders_${index}`;
    const dir = path.join(folder, uniqueSuffix());
    const file = path.join(dir, testCase.file ?? 'migrate.sh');
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, testCase.runbook(testCase.alter).replaceAll('{db}', scratch.database).replaceAll('{table}', table));
    const live = await LiveRun.open({ url: scratch.url, env: {} });
    let diagnostics: Diagnostic[];
    try {
      diagnostics = (await lintPaths([file], { dialect: 'mariadb', live })).files.flatMap((entry) => entry.diagnostics);
    } finally {
      await live.close();
    }
    const findings = diagnostics.filter((d) => d.ruleId === 'online-schema-change-unique');
    const dropped = await rowsDroppedByCopy(scratch, table, testCase.alter);
    if (process.env.UNIQLINT_DEBUG_DIFF) console.log(JSON.stringify({ name: testCase.name, dropped, findings: findings.map((d) => [d.live?.verdict, d.live?.reason]) }));
    expect(findings.length).toBeGreaterThanOrEqual(1);
    const verdicts = findings.map((d) => ({ verdict: d.live?.verdict, reason: d.live?.reason ?? '' }));
    if (dropped === 0) {
      expect(verdicts).toEqual(verdicts.map(() => expect.objectContaining({ verdict: 'passes' })));
      return;
    }
    // One finding per new key: each counts the rows its own key drops, so the copy drops at least the largest of them.
    const counts = verdicts.map((entry) => Number(/(\d+) row\(s\) would be dropped/.exec(entry.reason)?.[1] ?? 0));
    expect(verdicts.some((entry) => entry.verdict === 'fails')).toBe(true);
    if (findings.length === 1) expect(counts[0]).toBe(dropped);
    else expect(Math.max(...counts)).toBeLessThanOrEqual(dropped);
  });
});
