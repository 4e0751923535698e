/**
 * The sort path's own sort buffer (src/live/probe-query.ts, module docstring) against the
 * throwaway MariaDB: `sort_buffer_size` set with SET STATEMENT applies to that statement alone and
 * really changes the sort (the server's Sort_merge_passes counter), and a reading taken with the
 * large buffer gives the verdict, group count, row counts and samples of one taken with the
 * session's buffer, and the verdict of the real `ALTER TABLE ... ADD UNIQUE KEY`, on random
 * tables of random collations, NULLs, trailing spaces and case variants.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LARGE_SORT_BUFFER_BYTES, LARGE_SORT_ROWS, readGrouping, type GroupingReading, type PartPlan } from '../../src/live/probe-query.js';
import type { LiveConnection } from '../../src/live/connection.js';
import type { LiveSession } from '../../src/live/session.js';
import { createScratch, liveServer, openSession, runOnCopy, type Scratch } from './helpers.js';

const { server, skipReason } = liveServer();

const column = (name: string): PartPlan => ({ kind: 'expression', sql: `\`${name}\``, nullTest: `\`${name}\` IS NOT NULL`, display: name, column: name });

/** The session's value of one status counter, read with a SELECT (which sorts nothing). */
async function counter(session: LiveSession, name: string): Promise<number> {
  const [row] = await session.select('SELECT VARIABLE_VALUE AS v FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME = ?', [name.toUpperCase()]);
  return Number(row?.v ?? Number.NaN);
}

describe.skipIf(!server)(`the probe's sort path${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let scratch: Scratch;
  let live: LiveConnection;
  let session: LiveSession;

  beforeAll(async () => {
    scratch = await createScratch(server!, 'srt');
    ({ live, session } = await openSession(scratch));
  });
  afterAll(async () => {
    await live?.close();
    await scratch?.dispose();
  });

  async function read(plans: PartPlan[], estimatedRows?: number): Promise<GroupingReading> {
    return readGrouping(session, { table: '`t`', plans, checks: [], count: true, timeoutMs: 30_000, display: (value) => value, ...(estimatedRows !== undefined ? { estimatedRows } : {}) });
  }

  it('sets sort_buffer_size for the one statement, and the sort then needs no merge pass', async () => {
    const [before] = await session.select('SELECT @@SESSION.sort_buffer_size AS b');
    const [during] = await session.select('SELECT @@SESSION.sort_buffer_size AS b', [], { sortBufferBytes: LARGE_SORT_BUFFER_BYTES });
    const [after] = await session.select('SELECT @@SESSION.sort_buffer_size AS b');
    expect(Number(during!.b)).toBe(LARGE_SORT_BUFFER_BYTES);
    expect(Number(before!.b)).toBeLessThan(LARGE_SORT_BUFFER_BYTES);
    expect(Number(after!.b)).toBe(Number(before!.b));

    // About 8 MB of key values: more than the default 2 MiB buffer holds, far less than 64 MiB.
    await scratch.admin.query('DROP TABLE IF EXISTS t');
    await scratch.admin.query("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(200)) ENGINE=InnoDB; INSERT INTO t SELECT seq, CONCAT(REPEAT('w', 150), seq % 39000) FROM seq_1_to_40000; ANALYZE TABLE t");
    const passes = async (estimatedRows?: number): Promise<{ passes: number; reading: GroupingReading }> => {
      const first = await counter(session, 'Sort_merge_passes');
      const reading = await read([column('v')], estimatedRows);
      return { passes: (await counter(session, 'Sort_merge_passes')) - first, reading };
    };
    const small = await passes();
    const large = await passes(LARGE_SORT_ROWS);
    expect(small.reading.queries[0]).not.toContain('sort_buffer_size');
    expect(large.reading.queries[0]).toMatch(new RegExp(`^SET STATEMENT max_statement_time=[\\d.]+, sort_buffer_size=${LARGE_SORT_BUFFER_BYTES} FOR SELECT g\\.\\*`));
    expect(small.passes).toBeGreaterThan(0);
    expect(large.passes).toBe(0);
    expect(large.reading).toMatchObject({ duplicateGroups: 1000, duplicateRows: 2000, totalRows: 40000, nullRows: 0 });
    expect({ ...large.reading, queries: [] }).toEqual({ ...small.reading, queries: [] });
  });

  it('reads random tables the same with either buffer, and as the real ALTER decides', async () => {
    const collations = ['utf8mb4_general_ci', 'utf8mb4_bin', 'utf8mb4_unicode_ci', 'utf8mb4_nopad_bin', 'latin1_swedish_ci', 'utf8mb4_uca1400_ai_ci', 'utf8mb4_uca1400_nopad_as_cs'];
    const value = fc.option(fc.constantFrom('a', 'A', 'a ', 'a  ', 'b', 'B ', 'ä', 'ß', 'ss', 'x', ''), { freq: 6 });
    const property = fc.asyncProperty(
      fc.constantFrom(...collations),
      fc.boolean(),
      fc.array(fc.tuple(value, value, fc.integer({ min: 0, max: 3 })), { minLength: 0, maxLength: 40 }),
      async (collation, twoColumns, rows) => {
        const charset = collation.split('_')[0];
        await scratch.admin.query('DROP TABLE IF EXISTS t');
        await scratch.admin.query(`CREATE TABLE t (id INT PRIMARY KEY, a VARCHAR(8) CHARACTER SET ${charset} COLLATE ${collation}, b VARCHAR(8) CHARACTER SET ${charset} COLLATE ${collation}, n INT) ENGINE=InnoDB`);
        if (rows.length > 0) await scratch.admin.query(`INSERT INTO t VALUES ${rows.map(() => '(?, ?, ?, ?)').join(', ')}`, rows.flatMap(([a, b, n], i) => [i + 1, a, b, n]));
        const plans = twoColumns ? [column('a'), column('b')] : [column('a')];
        const usual = await read(plans);
        const large = await read(plans, 10 * LARGE_SORT_ROWS);
        expect(large.queries[0]).toContain(`sort_buffer_size=${LARGE_SORT_BUFFER_BYTES}`);
        expect({ ...large, queries: [] }).toEqual({ ...usual, queries: [] });
        const actual = await runOnCopy(scratch.admin, 't', (copy) => `ALTER TABLE ${copy} ADD UNIQUE KEY u (${twoColumns ? 'a, b' : 'a'})`);
        expect(actual.outcome).toBe(large.duplicateGroups > 0 ? 'duplicates' : 'no-duplicates');
      },
    );
    await fc.assert(property, { numRuns: 25, seed: 1_102_611 });
  }, 120_000);

  it('tells apart long values that differ only past max_sort_length, as the unique key does', async () => {
    // MariaDB sorts on the first max_sort_length bytes of the weights (1,024 by default); measured
    // on 10.11, `SELECT SQL_BIG_RESULT RIGHT(v, 1), COUNT(*) ... GROUP BY v` then merges the 'x'
    // and 'y' values into one group. The probe selects the value itself and must tell them apart.
    await scratch.admin.query('DROP TABLE IF EXISTS t');
    await scratch.admin.query(
      "CREATE TABLE t (id INT PRIMARY KEY, v TEXT CHARACTER SET latin1 COLLATE latin1_bin, w VARCHAR(1000) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci) ENGINE=InnoDB; " +
        "INSERT INTO t VALUES (1, CONCAT(REPEAT('a', 1100), 'x'), CONCAT(REPEAT('b', 900), 'x')), (2, CONCAT(REPEAT('a', 1100), 'y'), CONCAT(REPEAT('b', 900), 'y')), (3, CONCAT(REPEAT('a', 1100), 'y'), CONCAT(REPEAT('b', 900), 'Y'))",
    );
    for (const [name, estimatedRows] of [['v', undefined], ['w', undefined], ['v', LARGE_SORT_ROWS]] as const) {
      const reading = await read([column(name)], estimatedRows);
      expect(reading).toMatchObject({ duplicateGroups: 1, duplicateRows: 2 });
      expect(String(reading.samples[0]!.values[0]).slice(-1).toLowerCase()).toBe('y');
      const actual = await runOnCopy(scratch.admin, 't', (copy) => `ALTER TABLE ${copy} ADD UNIQUE KEY u (${name})`);
      expect(actual.outcome).toBe('duplicates');
    }
    await scratch.admin.query('DELETE FROM t WHERE id = 3');
    for (const name of ['v', 'w']) {
      expect(await read([column(name)])).toMatchObject({ duplicateGroups: 0, duplicateRows: 0 });
      expect((await runOnCopy(scratch.admin, 't', (copy) => `ALTER TABLE ${copy} ADD UNIQUE KEY u (${name})`)).outcome).toBe('no-duplicates');
    }
  });
});
