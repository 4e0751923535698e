/**
 * The grouping queries of the duplicate probe (src/live/probe-query.ts) without a server: the SQL
 * each path builds, how a reading is made of the rows, and what a timeout of the counting pass
 * does. Their behaviour on a real server is in index-path.test.ts and differential.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { countingSql, groupingSql, readGrouping, SAMPLE_LIMIT, type PartPlan } from '../../src/live/probe-query.js';
import { LiveTimeoutError, type LiveSession } from '../../src/live/session.js';

const plans: PartPlan[] = [
  { kind: 'expression', sql: '`a`', nullTest: '`a` IS NOT NULL', display: 'a', column: 'a' },
  { kind: 'expression', sql: '`b`', display: 'b', column: 'b' },
];

/** A stand-in session: `answer` gives the rows of each SELECT, or throws. */
function session(answer: (sql: string) => Record<string, unknown>[]): { session: LiveSession; sent: string[] } {
  const sent: string[] = [];
  const fake = {
    boundedSql: (sql: string, timeoutMs: number) => `SET STATEMENT max_statement_time=${timeoutMs / 1000} FOR ${sql}`,
    select: async (sql: string) => {
      sent.push(sql);
      return answer(sql);
    },
  };
  return { session: fake as unknown as LiveSession, sent };
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
});
