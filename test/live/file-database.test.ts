/**
 * A migration file's `USE db` in live mode: the checks of written rows read the table of the
 * database the file names, not the one of the live connection's URL. Differential, against the
 * throwaway MariaDB: the file is linted live through a SELECT-only account, then run for real.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostic.js';
import { lintPaths } from '../../src/run.js';
import { LiveRun } from '../../src/live/run-live.js';
import { accountHost, createScratch, flavorOf, liveServer, uniqueSuffix, type Scratch } from './helpers.js';

const { server, skipReason } = liveServer();

describe.skipIf(!server)(`the file's USE db in the checks of written rows${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let workDir: string;
  let scratch: Scratch;
  let other: string;

  beforeAll(async () => {
    workDir = mkdtempSync(path.join(tmpdir(), 'uniqlint-file-db-'));
    scratch = await createScratch(server!, 'usedb');
    other = `${scratch.database}_b`;
    // The URL's database holds `t` without the value 7; the file's database holds 7 already.
    await scratch.admin.query('CREATE TABLE t (id INT PRIMARY KEY, a INT, UNIQUE KEY u_a (a)); INSERT INTO t VALUES (1, 1);');
    await scratch.admin.query(`CREATE DATABASE \`${other}\``);
    await scratch.admin.query(`GRANT SELECT, CREATE TEMPORARY TABLES ON \`${other}\`.* TO ?@?`, [scratch.user, accountHost(server!)]);
    await scratch.admin.query(`CREATE TABLE \`${other}\`.t (id INT PRIMARY KEY, a INT, UNIQUE KEY u_a (a)); INSERT INTO \`${other}\`.t VALUES (1, 7), (2, 8);`);
    await scratch.admin.query(`CREATE TABLE \`${other}\`.src (id INT PRIMARY KEY, a INT); INSERT INTO \`${other}\`.src VALUES (5, 7);`);
  });
  afterAll(async () => {
    await scratch?.admin.query(`DROP DATABASE IF EXISTS \`${other}\``);
    await scratch?.dispose();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  async function lintLive(text: string): Promise<Diagnostic[]> {
    const file = path.join(workDir, `m_${uniqueSuffix()}.sql`);
    writeFileSync(file, text);
    const live = await LiveRun.open({ url: scratch.url, env: {} });
    try {
      return (await lintPaths([file], { dialect: flavorOf(server!), live })).files.flatMap((f) => f.diagnostics);
    } finally {
      await live.close();
    }
  }

  /** The errno the file fails with when it runs for real (as root, in the URL's database), or undefined. */
  async function runForReal(text: string): Promise<number | undefined> {
    return scratch.admin.query(text).then(
      () => undefined,
      (error: { errno?: number }) => error.errno,
    );
  }

  it('compares literal rows with the rows of the table in the database the file names', async () => {
    const text = `USE \`${other}\`;\nINSERT INTO t (id, a) VALUES (3, 7);\n`;
    const diagnostics = await lintLive(text);
    const inserted = diagnostics.find((d) => d.ruleId === 'duplicate-key-in-inserted-rows');
    expect(inserted?.live?.verdict).toBe('fails');
    expect(inserted!.live!.samples?.[0]?.values).toEqual([7]);
    expect(await runForReal(`${text}USE \`${scratch.database}\`;`)).toBe(1062);
    await scratch.admin.query(`USE \`${scratch.database}\``);
  });

  it('does not check an INSERT ... SELECT or an UPDATE whose own table names the check would read in the wrong database', async () => {
    const text = `USE \`${other}\`;\nINSERT INTO t (id, a) SELECT id, a FROM src;\nUPDATE t SET a = 8 WHERE id = 1;\n`;
    const diagnostics = await lintLive(text);
    const checked = diagnostics.filter((d) => d.ruleId === 'insert-select-without-dedup' || d.ruleId === 'update-unique-key');
    expect(checked.map((d) => d.ruleId).sort()).toEqual(['insert-select-without-dedup', 'update-unique-key']);
    for (const diagnostic of checked) {
      expect(diagnostic.live?.verdict).toBe('unknown');
      expect(diagnostic.live!.reason).toMatch(/^not checked: the file's USE `[^`]+` is not the database of the live connection/);
    }
  });
});
