/**
 * A connection lost mid-run (here: `KILL CONNECTION` from a second connection, as a server
 * restart or a failover would end it) must not crash the run: the checks decided before the loss
 * keep their verdicts, every check still to run is `unknown` with the reason "connection lost",
 * the report is printed, and the exit code is 2 only when nothing could be checked.
 *
 * The probe is held at a known point without timing guesses: a second admin connection holds
 * `LOCK TABLES ... WRITE` on one table, so the probe's SELECT of that table waits for its
 * metadata lock (SHOW CREATE TABLE does not: it takes a high-priority shared lock), and the test
 * kills the probe's connection once the process list shows it waiting.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type mysql from 'mysql2/promise';
import type { LiveEvidence } from '../../src/diagnostic.js';
import { adminConnection, createScratch, liveServer, runLiveCli, type Scratch } from './helpers.js';
import type { ProcessResult } from '../support/processes.js';

const { server, skipReason } = liveServer();

type CliRun = ProcessResult;

const startCli = (args: string[]): Promise<CliRun> => runLiveCli(args);

/** Waits until a connection of `user` waits for a table metadata lock; returns its id. */
async function waitForBlockedProbe(admin: mysql.Connection, user: string, timeoutMs = 20_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const [rows] = (await admin.query(
      "SELECT ID AS id FROM information_schema.PROCESSLIST WHERE USER = ? AND STATE LIKE '%metadata lock%'",
      [user],
    )) as unknown as [{ id: number }[]];
    if (rows[0]) return Number(rows[0].id);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no connection of ${user} waited for a metadata lock within ${timeoutMs} ms`);
}

function liveVerdicts(run: CliRun): { line: number; live?: LiveEvidence }[] {
  const document = JSON.parse(run.stdout) as { files: { diagnostics: { ruleId: string; line: number; live?: LiveEvidence }[] }[] };
  return document.files
    .flatMap((file) => file.diagnostics)
    .filter((diagnostic) => diagnostic.ruleId === 'add-unique-key')
    .map(({ line, live }) => ({ line, ...(live ? { live } : {}) }));
}

describe.skipIf(!server)(`a connection lost mid-run${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let scratch: Scratch;
  let locker: mysql.Connection;
  let directory: string;

  beforeAll(async () => {
    scratch = await createScratch(server!, 'lost');
    locker = await adminConnection(server!);
    await locker.query(`USE \`${scratch.database}\``);
    for (const table of ['first_table', 'locked_table', 'later_table']) {
      await scratch.admin.query(`CREATE TABLE ${table} (id INT PRIMARY KEY, v VARCHAR(20))`);
      await scratch.admin.query(`INSERT INTO ${table} VALUES (1, 'x'), (2, 'x'), (3, 'y')`);
    }
    directory = mkdtempSync(path.join(tmpdir(), 'uniqlint-lost-'));
  });
  afterAll(async () => {
    await locker?.end();
    await scratch?.dispose();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  async function runKilled(migration: string[], lockedTable: string): Promise<CliRun> {
    const file = path.join(directory, `${lockedTable}-${migration.length}.sql`);
    writeFileSync(file, migration.join('\n') + '\n');
    await locker.query(`LOCK TABLES ${lockedTable} WRITE`);
    try {
      // One connection: the checks run in the file's order, so "after the loss" is well defined.
      const run = startCli(['lint', file, '--format', 'json', '--live', scratch.url, '--live-concurrency', '1']);
      const id = await waitForBlockedProbe(scratch.admin, scratch.user);
      await scratch.admin.query(`KILL CONNECTION ${id}`);
      return await run;
    } finally {
      await locker.query('UNLOCK TABLES');
    }
  }

  it('keeps the verdicts decided before the loss, gives unknown (connection lost) to the rest, prints the report', async () => {
    const run = await runKilled(
      [
        'ALTER TABLE first_table ADD UNIQUE KEY uk_v (v);',
        'ALTER TABLE locked_table ADD UNIQUE KEY uk_v (v);',
        'ALTER TABLE later_table ADD UNIQUE KEY uk_v (v);',
      ],
      'locked_table',
    );
    expect(run.stderr).not.toMatch(/fatal error|\n\s+at /);
    const verdicts = liveVerdicts(run);
    expect(verdicts.map((entry) => entry.live?.verdict)).toEqual(['fails', 'unknown', 'unknown']);
    expect(verdicts[1]!.live!.reason).toMatch(/connection lost/);
    expect(verdicts[2]!.live!.reason).toMatch(/connection .* was lost/);
    expect(run.stderr).toMatch(/the connection to .* was lost .* after 1 live check/);
    // The first key really fails: exit code 1 (findings), not 2.
    expect(run.code).toBe(1);
  });

  it('exits with code 2, still printing the report, when nothing could be checked', async () => {
    const run = await runKilled(['ALTER TABLE locked_table ADD UNIQUE KEY uk_v (v);'], 'locked_table');
    expect(run.stderr).not.toMatch(/fatal error|\n\s+at /);
    const verdicts = liveVerdicts(run);
    expect(verdicts).toHaveLength(1);
    expect(verdicts[0]!.live).toMatchObject({ verdict: 'unknown' });
    expect(verdicts[0]!.live!.reason).toMatch(/connection lost/);
    expect(run.code).toBe(2);
  });
});
