/**
 * Upserts that burn AUTO_INCREMENT values, on the throwaway server: INSERT ... ON DUPLICATE KEY
 * UPDATE and INSERT IGNORE that end as updates or skips still advance the counter (the server's
 * default innodb_autoinc_lock_mode), and auto-increment-headroom then says that the values taken
 * far exceed the rows. A table whose counter matches its rows gets no such note.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintPaths } from '../../src/run.js';
import { LiveRun } from '../../src/live/run-live.js';
import { textOf } from '../rules/helpers.js';
import { createScratch, flavorOf, liveServer, uniqueSuffix, type Scratch } from './helpers.js';

const { server, skipReason } = liveServer();
let workDir: string;

async function headroomAfter(setup: (scratch: Scratch) => Promise<void>) {
  const scratch = await createScratch(server!, 'burn');
  try {
    await setup(scratch);
    const file = path.join(workDir, `m_${uniqueSuffix()}.sql`);
    writeFileSync(file, "INSERT INTO counters (name, hits) VALUES ('home', 1) ON DUPLICATE KEY UPDATE hits = hits + 1;\n");
    const live = await LiveRun.open({ url: scratch.url, env: {} });
    try {
      const result = await lintPaths([file], { dialect: flavorOf(server!), live });
      return result.files.flatMap((f) => f.diagnostics).filter((d) => d.ruleId === 'auto-increment-headroom');
    } finally {
      await live.close();
    }
  } finally {
    await scratch.dispose();
  }
}

const table =
  'CREATE TABLE counters (id TINYINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(32) NOT NULL UNIQUE, hits INT NOT NULL) ENGINE=InnoDB';

describe.skipIf(!server)(`upserts that burn AUTO_INCREMENT values${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  beforeAll(() => {
    workDir = mkdtempSync(path.join(tmpdir(), 'uniqlint-burn-'));
  });
  afterAll(() => {
    rmSync(workDir, { recursive: true, force: true });
  });

  it('upserts and INSERT IGNORE of an existing key advance the counter, and the headroom finding says why', async () => {
    let counterAfter = 0;
    const found = await headroomAfter(async (scratch) => {
      await scratch.admin.query(table);
      await scratch.admin.query("INSERT INTO counters (name, hits) VALUES ('home', 1)");
      for (let run = 0; run < 110; run += 1) {
        await scratch.admin.query("INSERT INTO counters (name, hits) VALUES ('home', 1) ON DUPLICATE KEY UPDATE hits = hits + 1");
        await scratch.admin.query("INSERT IGNORE INTO counters (name, hits) VALUES ('home', 1)");
      }
      await scratch.admin.query("INSERT INTO counters (name, hits) VALUES ('about', 1)");
      await scratch.admin.query('ANALYZE TABLE counters');
      const [rows] = (await scratch.admin.query('SELECT MAX(id) AS max_id, COUNT(*) AS n FROM counters')) as unknown as [Array<{ max_id: number; n: number }>];
      counterAfter = Number(rows[0]!.max_id);
      expect(Number(rows[0]!.n)).toBe(2);
    });
    // 220 statements that inserted nothing took a value each: the second row got id 222.
    expect(counterAfter).toBe(222);
    expect(found).toHaveLength(1);
    const text = textOf(found[0]!);
    expect(text).toContain('222 values are taken but the table holds about 2 row(s)');
    expect(text).toContain('INSERT ... ON DUPLICATE KEY UPDATE and INSERT IGNORE');
    expect(found[0]!.data).toMatchObject({ estimatedRows: '2', maxValue: '222' });
  });

  it('a counter that matches its rows gets the headroom finding without the note', async () => {
    const found = await headroomAfter(async (scratch) => {
      await scratch.admin.query(table);
      const values = Array.from({ length: 210 }, (_, index) => `('n${index}', 1)`).join(', ');
      await scratch.admin.query(`INSERT INTO counters (name, hits) VALUES ${values}`);
      await scratch.admin.query('ANALYZE TABLE counters');
    });
    expect(found).toHaveLength(1);
    expect(textOf(found[0]!)).not.toContain('values are taken');
  });
});
