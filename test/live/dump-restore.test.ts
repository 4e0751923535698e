/**
 * The oracle behind dump-restore-into-existing-table, on the throwaway server: the rule's flagged
 * example (a data-only dump) fails with ERROR 1062 when restored onto a table that holds its rows,
 * and its valid example (DROP TABLE and CREATE TABLE first) restores cleanly onto the same table.
 */
import { describe, expect, it } from 'vitest';
import rule from '../../rules/dump-restore-into-existing-table.js';
import { createScratch, liveServer } from './helpers.js';

const { server, skipReason } = liveServer();

/** The statements of an example, comments and client commands left out. */
function statementsOf(sql: string): string[] {
  return sql
    .split(';\n')
    .map((statement) => statement.replace(/^--.*$/gm, '').trim())
    .filter((statement) => statement !== '');
}

describe.skipIf(!server)(`dump restores onto existing tables${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  it('the flagged data-only dump fails with 1062 on a table holding its rows; the recreating dump does not', async () => {
    const scratch = await createScratch(server!, 'dump');
    try {
      const existing = 'CREATE TABLE users (id INT NOT NULL PRIMARY KEY, email VARCHAR(255) NOT NULL)';
      await scratch.admin.query(existing);
      await scratch.admin.query("INSERT INTO users VALUES (1, 'ann@example.com')");
      const dataOnly = statementsOf(rule.meta.examples.invalid[0]!.sql);
      let errno: number | undefined;
      try {
        for (const statement of dataOnly) await scratch.admin.query(statement);
      } catch (error) {
        errno = (error as { errno?: number }).errno;
      }
      await scratch.admin.query('UNLOCK TABLES');
      expect(errno).toBe(1062);

      for (const statement of statementsOf(rule.meta.examples.valid[0]!.sql)) await scratch.admin.query(statement);
      const [rows] = (await scratch.admin.query('SELECT COUNT(*) AS n FROM users')) as unknown as [Array<{ n: number }>];
      expect(Number(rows[0]!.n)).toBe(2);
    } finally {
      await scratch.dispose();
    }
  });
});
