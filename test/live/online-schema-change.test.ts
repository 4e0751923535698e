/**
 * Live verdicts of online-schema-change-unique through the shipped CLI, against the throwaway
 * server, as the SELECT-only account: a runbook whose gh-ost or pt-online-schema-change run adds
 * a unique key over duplicates says how many rows the INSERT IGNORE copy drops, and that number
 * is the one an INSERT IGNORE copy into a table with the key really drops (run as the admin in
 * the scratch database). ALTER IGNORE's verdict gives the same count of deleted rows.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveEvidence } from '../../src/diagnostic.js';
import { ensureBuilt } from '../report/run-cli.js';
import { createScratch, liveServer, runLiveCli, type Scratch } from './helpers.js';

const { server, skipReason } = liveServer();

interface JsonDiagnostic {
  ruleId: string;
  severity: string;
  line: number;
  column: number;
  message: string;
  live?: LiveEvidence;
}

let scratch: Scratch;
let folder: string;

function runbook(name: string, text: string): string {
  const file = path.join(folder, name);
  writeFileSync(file, text);
  return file;
}

async function lintLive(file: string, extra: string[] = []): Promise<JsonDiagnostic[]> {
  const run = await runLiveCli(['lint', file, '--live', scratch.url, '--format', 'json', ...extra]);
  expect(run.stderr).toBe('');
  const document = JSON.parse(run.stdout) as { files: { diagnostics: JsonDiagnostic[] }[] };
  return document.files.flatMap((entry) => entry.diagnostics);
}

/** Rows an INSERT IGNORE copy into a copy of `table` with `alter` applied leaves behind: what the tools do. */
async function rowsDroppedByCopy(table: string, alter: string): Promise<number> {
  const copy = `${table}_copy`;
  await scratch.admin.query(`DROP TABLE IF EXISTS \`${copy}\``);
  await scratch.admin.query(`CREATE TABLE \`${copy}\` LIKE \`${table}\``);
  await scratch.admin.query(`ALTER TABLE \`${copy}\` ${alter}`);
  await scratch.admin.query(`INSERT IGNORE INTO \`${copy}\` SELECT * FROM \`${table}\``);
  const [rows] = (await scratch.admin.query(`SELECT (SELECT COUNT(*) FROM \`${table}\`) - (SELECT COUNT(*) FROM \`${copy}\`) AS dropped`)) as unknown as [{ dropped: number | string }[]];
  await scratch.admin.query(`DROP TABLE \`${copy}\``);
  return Number(rows[0]!.dropped);
}

describe.skipIf(!server)(`online-schema-change-unique live${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  beforeAll(async () => {
    ensureBuilt();
    scratch = await createScratch(server!, 'osc');
    folder = mkdtempSync(path.join(tmpdir(), 'uniqlint-osc-live-'));
    await scratch.admin.query('CREATE TABLE orders (id INT PRIMARY KEY, email VARCHAR(100), ref VARCHAR(20)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci');
    // email: 'a' x3 and 'B'/'b' x2 (one value under the case-insensitive collation), 'c' once, a NULL: 2 groups, 5 rows in them.
    await scratch.admin.query(
      "INSERT INTO orders VALUES (1, 'a', 'r1'), (2, 'a', 'r2'), (3, 'a', 'r3'), (4, 'B', 'r4'), (5, 'b', 'r5'), (6, 'c', 'r6'), (7, NULL, 'r7'), (8, NULL, 'r8')",
    );
  }, 60_000);

  afterAll(async () => {
    await scratch?.dispose();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('gh-ost over duplicates: fails, and says how many rows the copy would drop', async () => {
    const alter = 'ADD UNIQUE KEY uk_email (email)';
    const file = runbook('gh-ost.sh', `gh-ost --database=${scratch.database} --table=orders \\\n  --alter="${alter}" \\\n  --execute\n`);
    const findings = (await lintLive(file)).filter((diagnostic) => diagnostic.ruleId === 'online-schema-change-unique');
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect([finding!.line, finding!.column]).toEqual([2, 16]);
    expect(finding!.severity).toBe('error');
    expect(finding!.live?.verdict).toBe('fails');
    expect(finding!.live?.duplicateGroups).toBe(2);
    const dropped = await rowsDroppedByCopy('orders', alter);
    expect(dropped).toBe(3);
    expect(finding!.live?.reason).toContain(`the INSERT IGNORE copy drops them silently: ${dropped} row(s) would be dropped (2 duplicate group(s) hold 5 rows; one row of each is kept)`);
  });

  it('a key without duplicates passes, lowered to info', async () => {
    const file = runbook('ref.sh', `gh-ost --database=${scratch.database} --table=orders --alter="ADD UNIQUE KEY uk_ref (ref)" --execute\n`);
    const [finding] = (await lintLive(file)).filter((diagnostic) => diagnostic.ruleId === 'online-schema-change-unique');
    expect(finding?.live?.verdict).toBe('passes');
    expect(finding?.severity).toBe('info');
    expect(await rowsDroppedByCopy('orders', 'ADD UNIQUE KEY uk_ref (ref)')).toBe(0);
  });

  it('gh-ost --panic-on-warnings over duplicates: the migration stops', async () => {
    const file = runbook('panic.sh', `gh-ost --database=${scratch.database} --table=orders --alter="ADD UNIQUE KEY uk_email (email)" --panic-on-warnings --execute\n`);
    const [finding] = (await lintLive(file)).filter((diagnostic) => diagnostic.ruleId === 'online-schema-change-unique');
    expect(finding?.live?.verdict).toBe('fails');
    expect(finding?.live?.reason).toContain('gh-ost stops the migration at the first of them (--panic-on-warnings); without the flag 3 row(s) would be dropped');
  });

  it('pt-online-schema-change with its default check: refuses, and tells what turning the check off would cost', async () => {
    const file = runbook('RUNBOOK.md', `# Orders\n\n\`\`\`bash\npt-online-schema-change --alter "ADD UNIQUE KEY uk_email (email)" D=${scratch.database},t=orders --execute\n\`\`\`\n`);
    const [finding] = (await lintLive(file)).filter((diagnostic) => diagnostic.ruleId === 'online-schema-change-unique');
    expect(finding?.line).toBe(4);
    expect(finding?.message).toContain('pt-online-schema-change refuses this --alter');
    expect(finding?.severity).toBe('warning');
    expect(finding?.live?.reason).toContain('with --no-check-unique-key-change its INSERT IGNORE copy would drop them: 3 row(s) would be dropped');
  });

  it("ALTER IGNORE's verdict gives the number of rows it deletes (MariaDB)", async () => {
    const file = path.join(folder, '001_ignore.sql');
    writeFileSync(file, 'ALTER IGNORE TABLE orders ADD UNIQUE KEY uk_email (email);\n');
    const [finding] = (await lintLive(file, ['--dialect', 'mariadb'])).filter((diagnostic) => diagnostic.ruleId === 'add-unique-key');
    expect(finding?.live?.reason).toContain('deletes the others: 3 row(s) would be deleted (2 duplicate group(s) hold 5 rows; one row of each is kept)');
  });

  it('AUTO_INCREMENT facts of the target reach the invocation that touches the table (auto-increment-headroom)', async () => {
    await scratch.admin.query('CREATE TABLE countries (id TINYINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(64)) ENGINE=InnoDB');
    await scratch.admin.query("INSERT INTO countries (name) VALUES ('Aland')");
    await scratch.admin.query('ALTER TABLE countries AUTO_INCREMENT = 220');
    const file = runbook('countries.sh', `echo start\n\ngh-ost --database=${scratch.database} --table=countries --alter="ADD COLUMN iso_code CHAR(2) NULL" --execute\n`);
    const findings = (await lintLive(file)).filter((diagnostic) => diagnostic.ruleId === 'auto-increment-headroom');
    expect(findings.map((diagnostic) => [diagnostic.line, diagnostic.severity])).toEqual([[3, 'warning']]);
  });
});
