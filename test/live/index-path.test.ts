/**
 * The duplicate probe's read paths (src/live/probe-query.ts, src/live/key-index.ts) against the
 * throwaway MariaDB: an index that starts with the key's columns is read in order (the server's
 * EXPLAIN of the probe's own query shows no filesort), gives the verdicts, counts and samples of
 * the sort path, stops early only when the key already fails and then says the count is a lower
 * bound; an index that does not hold the key's values in key order is not used, and the finding
 * says the probe sorts. The verdicts against the real ALTER are in differential.test.ts, which
 * runs every case through both paths.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeUniqueKey, type DuplicateProbeResult, type ProbeOptions, type UniqueKeyProbe } from '../../src/live/duplicate-probe.js';
import { SAMPLE_LIMIT } from '../../src/live/probe-query.js';
import type { LiveConnection } from '../../src/live/connection.js';
import type { LiveSession } from '../../src/live/session.js';
import { createScratch, liveServer, openSession, runOnCopy, type Scratch } from './helpers.js';

const { server, skipReason } = liveServer();

const key = (...columns: (string | [string, number])[]): UniqueKeyProbe => ({
  table: { name: 't' },
  keyName: 'u',
  primary: false,
  parts: columns.map((column) => (typeof column === 'string' ? { column } : { column: column[0], prefixLength: column[1] })),
});

/** The probe's SELECTs as sent, without their timeout wrapper. */
function probeSelects(result: DuplicateProbeResult): string[] {
  return (result.evidence.query ?? '').split(';\n').map((statement) => statement.replace(/^SET STATEMENT max_statement_time=[\d.]+(?:, sort_buffer_size=\d+)? FOR /, ''));
}

describe.skipIf(!server)(`the probe's index path${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let scratch: Scratch;
  let live: LiveConnection;
  let session: LiveSession;

  beforeAll(async () => {
    scratch = await createScratch(server!, 'ixp');
    ({ live, session } = await openSession(scratch));
  });
  afterAll(async () => {
    await live?.close();
    await scratch?.dispose();
  });

  async function table(setup: string): Promise<void> {
    await scratch.admin.query('DROP TABLE IF EXISTS t');
    await scratch.admin.query(setup);
    await scratch.admin.query('ANALYZE TABLE t');
  }

  async function explain(select: string): Promise<{ key: string | null; Extra: string | null }[]> {
    const [rows] = (await scratch.admin.query(`EXPLAIN ${select}`)) as unknown as [{ key: string | null; Extra: string | null }[]];
    return rows;
  }

  it("reads the index in order: the server's plan of the probe's query has no filesort", async () => {
    await table(
      'CREATE TABLE t (id INT PRIMARY KEY, email VARCHAR(40) COLLATE utf8mb4_general_ci, tenant INT, handle VARCHAR(20), KEY i_email (email), KEY i_th (tenant, handle)); ' +
        "INSERT INTO t SELECT seq, CONCAT('u', seq, '@x'), seq % 7, CONCAT('h', seq DIV 7) FROM seq_1_to_3000",
    );
    for (const [probe, index] of [
      [key('email'), 'i_email'],
      [key('tenant', 'handle'), 'i_th'],
      [key('handle', 'tenant'), 'i_th'],
    ] as const) {
      for (const countRowsBelow of [0, 1_000_000]) {
        const result = await probeUniqueKey(session, probe, { countRowsBelow });
        expect(result.outcome).toBe('no-duplicates');
        expect(result.evidence.reason).toContain(`read in the order of the index \`${index}\`, without a sort`);
        for (const select of probeSelects(result)) {
          const plan = await explain(select);
          expect(plan.map((row) => row.key)).toEqual([index]);
          expect(plan.map((row) => row.Extra ?? '').join(' ')).not.toMatch(/filesort|temporary/i);
        }
        // The counting pass runs only when the table is estimated small enough.
        expect(probeSelects(result)).toHaveLength(countRowsBelow > 0 ? 2 : 1);
        expect(result.evidence.rowsScanned).toBe(countRowsBelow > 0 ? 3000 : undefined);
      }
    }
    // The sort path of the same key does sort, as the ALTER will: the check above can fail.
    const sorted = await probeUniqueKey(session, key('email'), { indexPath: false, countRowsBelow: 0 });
    expect(sorted.outcome).toBe('no-duplicates');
    expect((await explain(probeSelects(sorted)[0]!)).map((row) => row.Extra ?? '').join(' ')).toMatch(/filesort/i);
  });

  it('stops at the first duplicate groups of a failing key and says the count is a lower bound', async () => {
    // 199 groups of 3 rows, one of 1, then 1 group of 8 at the end of the key order.
    await table('CREATE TABLE t (id INT PRIMARY KEY, a INT, KEY i_a (a)); INSERT INTO t SELECT seq, IF(seq > 600, 1000, seq DIV 3) FROM seq_3_to_608');
    const viaIndex = await probeUniqueKey(session, key('a'), { countRowsBelow: 0 });
    const viaSort = await probeUniqueKey(session, key('a'), { indexPath: false, countRowsBelow: 0 });
    expect(viaIndex.outcome).toBe('duplicates');
    expect(viaSort.outcome).toBe('duplicates');
    expect(viaSort.evidence.duplicateGroups).toBe(200);
    expect(viaSort.evidence.duplicateGroupsAtLeast).toBeUndefined();
    expect(viaIndex.evidence).toMatchObject({ verdict: 'fails', duplicateGroups: SAMPLE_LIMIT + 1, duplicateGroupsAtLeast: true });
    expect(viaIndex.evidence.reason).toMatch(/^at least 6 duplicate group\(s\), e\.g\. 1 x3 \(the probe stopped at the first 6 in key order\)/);
    // The samples are the first groups in key order, each with its true count.
    expect(viaIndex.evidence.samples).toEqual([1, 2, 3, 4, 5].map((a) => ({ values: [a], count: 3 })));
    // The sort path's samples are the largest groups.
    expect(viaSort.evidence.samples![0]).toEqual({ values: [1000], count: 8 });
    expect((await runOnCopy(scratch.admin, 't', (copy) => `ALTER TABLE ${copy} ADD UNIQUE KEY u (a)`)).outcome).toBe('duplicates');
  });

  it('reads every row before it says passes, NULL key parts included', async () => {
    // The only duplicate is the last pair in key order; NULLs repeat but never collide.
    await table(
      'CREATE TABLE t (id INT PRIMARY KEY, a INT, b VARCHAR(5), KEY i_ab (a, b)); ' +
        "INSERT INTO t SELECT seq, seq, 'x' FROM seq_1_to_500; INSERT INTO t VALUES (501, NULL, 'x'), (502, NULL, 'x'), (503, 7, NULL), (504, 7, NULL)",
    );
    const passes = await probeUniqueKey(session, key('a', 'b'));
    expect(passes.outcome).toBe('no-duplicates');
    expect(passes.nullRows).toBe(4);
    expect(passes.evidence.rowsScanned).toBe(504);
    await scratch.admin.query("INSERT INTO t VALUES (505, 500, 'X')");
    for (const options of [{}, { countRowsBelow: 0 }, { indexPath: false }] satisfies ProbeOptions[]) {
      const fails = await probeUniqueKey(session, key('a', 'b'), options);
      expect(fails.outcome).toBe('duplicates');
      expect(fails.evidence.duplicateGroups).toBe(1);
      expect(fails.evidence.duplicateGroupsAtLeast).toBeUndefined();
      expect(fails.evidence.samples).toHaveLength(1);
      expect(fails.evidence.samples![0]!.count).toBe(2);
      expect(String(fails.evidence.samples![0]!.values[0])).toBe('500');
    }
  });

  it('does not use an index that does not hold the key in key order, and says the probe sorts', async () => {
    const setups: [string, UniqueKeyProbe][] = [
      ['CREATE TABLE t (id INT PRIMARY KEY, s VARCHAR(20), KEY i_s (s(3)))', key('s')],
      ['CREATE TABLE t (id INT PRIMARY KEY, a INT, b INT, KEY i_b (b))', key('a', 'b')],
      ['CREATE TABLE t (id INT PRIMARY KEY, a INT, b INT, KEY i_ab (b, id, a))', key('a', 'b')],
      ['CREATE TABLE t (id INT PRIMARY KEY, a INT, KEY i_a (a DESC))', key('a')],
      ['CREATE TABLE t (id INT PRIMARY KEY, a INT, KEY i_a (a) IGNORED)', key('a')],
      ['CREATE TABLE t (id INT PRIMARY KEY, a INT, KEY i_a (a) USING HASH) ENGINE=MEMORY', key('a')],
      ['CREATE TABLE t (id INT PRIMARY KEY, s VARCHAR(20), KEY i_s (s))', key(['s', 3])],
    ];
    for (const [setup, probe] of setups) {
      await table(setup);
      const columns = probe.parts.map((part) => part.column);
      await scratch.admin.query(`INSERT INTO t (id, ${columns.join(', ')}) VALUES (1, ${columns.map(() => "'12'").join(', ')}), (2, ${columns.map(() => "'12'").join(', ')})`);
      const result = await probeUniqueKey(session, probe);
      expect(result.outcome, setup).toBe('duplicates');
      expect(result.evidence.reason, setup).toMatch(/the probe sorts the rows, and so will the ALTER/);
      expect(result.evidence.query, setup).not.toContain('FORCE INDEX');
      expect(result.evidence.duplicateGroups).toBe(1);
    }
  });

  it('says when the rows were not counted, so that the table is read once', async () => {
    await table("CREATE TABLE t (id INT PRIMARY KEY, s VARCHAR(10)); INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, NULL)");
    const once = await probeUniqueKey(session, key('s'), { countRowsBelow: 0 });
    expect(once.outcome).toBe('no-duplicates');
    expect(once.evidence.rowsScanned).toBeUndefined();
    expect(once.nullRows).toBeUndefined();
    expect(once.evidence.reason).toMatch(/^0 duplicates at this snapshot; .*rows not counted \(about 3 by the server's estimate\), so that the probe reads the table once/);
    expect(probeSelects(once)).toHaveLength(1);
    const counted = await probeUniqueKey(session, key('s'));
    expect(counted.evidence.rowsScanned).toBe(3);
    expect(counted.nullRows).toBe(1);
    expect(counted.evidence.reason).toMatch(/^0 duplicates among 3 rows at this snapshot/);
  });
});
