/**
 * The grouping queries of the duplicate probe (src/live/probe-query.ts) without a server: the SQL
 * each path builds, how a reading is made of the rows, and what a timeout of the counting pass
 * does. Their behaviour on a real server is in index-path.test.ts and differential.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { countingSql, groupingSql, LARGE_SORT_BUFFER_BYTES, LARGE_SORT_ROWS, readGrouping, SAMPLE_LIMIT, type PartPlan } from '../../src/live/probe-query.js';
import { LiveSession, LiveTimeoutError } from '../../src/live/session.js';

const plans: PartPlan[] = [
  { kind: 'expression', sql: '`a`', nullTest: '`a` IS NOT NULL', display: 'a', column: 'a' },
  { kind: 'expression', sql: '`b`', display: 'b', column: 'b' },
];

/** A stand-in session: `answer` gives the rows of each SELECT, or throws; `options` records each SELECT's options. */
function session(
  answer: (sql: string) => Record<string, unknown>[],
  flavor: 'mariadb' | 'mysql' = 'mariadb',
  version: [number, number, number] = flavor === 'mariadb' ? [10, 11, 9] : [8, 0, 36],
): { session: LiveSession; sent: string[]; options: { sortBufferBytes?: number }[] } {
  const sent: string[] = [];
  const options: { sortBufferBytes?: number }[] = [];
  const [major, minor, patch] = version;
  const fake = {
    server: { flavor, versionNumber: { major, minor, patch } },
    // The session's own wording of a bounded statement, on this stand-in's server.
    boundedSql(sql: string, timeoutMs: number, sortBufferBytes?: number): string {
      return LiveSession.prototype.boundedSql.call(this as unknown as LiveSession, sql, timeoutMs, sortBufferBytes);
    },
    acceptsStatementSortBuffer(): boolean {
      return LiveSession.prototype.acceptsStatementSortBuffer.call(this as unknown as LiveSession);
    },
    select: async (sql: string, _params: unknown[] = [], option: { sortBufferBytes?: number } = {}) => {
      sent.push(sql);
      options.push(option);
      return answer(sql);
    },
  };
  return { session: fake as unknown as LiveSession, sent, options };
}

describe('probe queries', () => {
  it('groups through the index in its column order, stops after one group more than the samples, and never sorts', () => {
    const sql = groupingSql('`db`.`t`', plans, { name: 'ix_ba', columns: ['b', 'a'] });
    expect(sql).toBe(
      'SELECT `a` AS k0, `b` AS k1, COUNT(*) AS n FROM `db`.`t` FORCE INDEX FOR GROUP BY (`ix_ba`) WHERE `a` IS NOT NULL GROUP BY `b`, `a` HAVING COUNT(*) > 1 LIMIT 6',
    );
    expect(sql).not.toContain('SQL_BIG_RESULT');
    expect(groupingSql('`db`.`t`', plans)).toMatch(/^SELECT g\.\*, COUNT\(\*\) OVER \(\) AS duplicate_groups, SUM\(g\.n\) OVER \(\) AS duplicate_rows FROM \(SELECT SQL_BIG_RESULT .* GROUP BY `a`, `b` HAVING COUNT\(\*\) > 1\) AS g ORDER BY g\.n DESC, g\.k0, g\.k1 LIMIT 5$/);
    expect(countingSql('`db`.`t`', plans, [], { name: 'ix_ba', columns: ['b', 'a'] })).toBe(
      'SELECT COUNT(*) AS total_rows, COALESCE(SUM(NOT (`a` IS NOT NULL)), 0) AS null_rows FROM `db`.`t` FORCE INDEX (`ix_ba`)',
    );
  });

  it('reads six groups through the index as "at least 6", five samples, largest first', async () => {
    const groups = [2, 2, 5, 2, 3, 2].map((n, i) => ({ k0: i, k1: 'x', n }));
    const { session: fake } = session(() => groups);
    const reading = await readGrouping(fake, { table: '`t`', plans, checks: [], count: false, index: { name: 'ix', columns: ['a', 'b'] }, timeoutMs: 1000, display: (v) => v });
    expect(reading).toMatchObject({ duplicateGroups: SAMPLE_LIMIT + 1, atLeast: true });
    expect(reading.samples.map((sample) => sample.count)).toEqual([5, 3, 2, 2, 2]);
    expect(reading.samples[2]!.values).toEqual([0, 'x']);
    expect(reading.totalRows).toBeUndefined();
  });

  it('keeps the verdict when the counting pass alone reaches the bound, but not when a check needs the count', async () => {
    const timingOut = (sql: string): Record<string, unknown>[] => {
      if (sql.startsWith('SELECT COUNT(*) AS total_rows')) throw new LiveTimeoutError(1000);
      return [{ k0: 1, k1: 'x', n: 2, duplicate_groups: 1 }];
    };
    const { session: fake, sent } = session(timingOut);
    const reading = await readGrouping(fake, { table: '`t`', plans, checks: [], count: true, timeoutMs: 1000, display: (v) => v });
    expect(sent).toHaveLength(2);
    expect(reading).toMatchObject({ duplicateGroups: 1, atLeast: false });
    expect(reading.totalRows).toBeUndefined();
    const check = { errno: 1265, name: 'WARN_DATA_TRUNCATED', condition: '`a` IS NULL', what: 'NULL in a' };
    await expect(readGrouping(session(timingOut).session, { table: '`t`', plans, checks: [check], count: false, timeoutMs: 1000, display: (v) => v })).rejects.toBeInstanceOf(LiveTimeoutError);
  });

  it('raises the sort buffer of the sort path alone, on a large table, and never lowers the session value', async () => {
    const answer = (buffer: number) => (sql: string): Record<string, unknown>[] =>
      sql.startsWith('SELECT @@SESSION.sort_buffer_size') ? [{ sort_buffer_size: buffer }] : [{ k0: 1, k1: 'x', n: 2, duplicate_groups: 1, duplicate_rows: 2 }];
    const request = { table: '`t`', plans, checks: [], count: false, timeoutMs: 1000, display: (v: unknown) => v };

    const large = session(answer(2 * 1024 * 1024));
    const reading = await readGrouping(large.session, { ...request, estimatedRows: LARGE_SORT_ROWS });
    expect(large.sent).toEqual(['SELECT @@SESSION.sort_buffer_size AS sort_buffer_size', expect.stringMatching(/^SELECT g\.\*/)]);
    expect(large.options[1]).toMatchObject({ sortBufferBytes: LARGE_SORT_BUFFER_BYTES });
    expect(reading.queries).toEqual([expect.stringMatching(new RegExp(`^SET STATEMENT max_statement_time=1, sort_buffer_size=${LARGE_SORT_BUFFER_BYTES} FOR SELECT g\\.\\*`))]);
    expect(reading).toMatchObject({ duplicateGroups: 1, duplicateRows: 2 });

    // The session already sorts with more: its value stays.
    const generous = session(answer(2 * LARGE_SORT_BUFFER_BYTES));
    const kept = await readGrouping(generous.session, { ...request, estimatedRows: 10 * LARGE_SORT_ROWS });
    expect(generous.options[1]?.sortBufferBytes).toBeUndefined();
    expect(kept.queries[0]).not.toContain('sort_buffer_size');

    // MySQL 8.0.3 and later: the same buffer, as a SET_VAR hint beside the time bound.
    const mysql = session(answer(256 * 1024), 'mysql', [8, 0, 3]);
    const hinted = await readGrouping(mysql.session, { ...request, estimatedRows: LARGE_SORT_ROWS });
    expect(mysql.options[1]).toMatchObject({ sortBufferBytes: LARGE_SORT_BUFFER_BYTES });
    expect(hinted.queries[0]).toMatch(new RegExp(`^SELECT /\\*\\+ MAX_EXECUTION_TIME\\(1000\\) SET_VAR\\(sort_buffer_size = ${LARGE_SORT_BUFFER_BYTES}\\) \\*/ g\\.\\*`));

    // Below the threshold, through an index (no sort), or on a MySQL without SET_VAR (before
    // 8.0.3): nothing is read or raised.
    const cases: [ReturnType<typeof session>, { estimatedRows?: number; index?: { name: string; columns: string[] } }][] = [
      [session(answer(0)), { estimatedRows: LARGE_SORT_ROWS - 1 }],
      [session(answer(0)), {}],
      [session(answer(0)), { estimatedRows: 10 * LARGE_SORT_ROWS, index: { name: 'ix', columns: ['a', 'b'] } }],
      [session(answer(0), 'mysql', [8, 0, 2]), { estimatedRows: 10 * LARGE_SORT_ROWS }],
      [session(answer(0), 'mysql', [5, 7, 44]), { estimatedRows: 10 * LARGE_SORT_ROWS }],
    ];
    for (const [fake, extra] of cases) {
      const plain = await readGrouping(fake.session, { ...request, ...extra });
      expect(fake.sent).toHaveLength(1);
      expect(fake.options[0]?.sortBufferBytes).toBeUndefined();
      expect(plain.queries[0]).not.toContain('sort_buffer_size');
    }
  });
});
