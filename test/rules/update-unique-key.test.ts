/**
 * update-unique-key over multi-table UPDATEs: the assigned column belongs to the table its
 * qualifier names, or to the one table of the statement that has it; the finding carries the
 * multi-table shape so that live mode gives `unknown` with that reason.
 */
import { describe, expect, it } from 'vitest';
import { lintText } from '../../src/engine/lint.js';

const SCHEMA = 'CREATE TABLE t (id INT PRIMARY KEY, code VARCHAR(5), a VARCHAR(5), UNIQUE KEY u_code (code));\nCREATE TABLE s (id INT PRIMARY KEY, v VARCHAR(5), code VARCHAR(5));\n';

async function findings(sql: string): Promise<{ message: string; update: unknown }[]> {
  const result = lintText(`${sql}\n`, { dialect: 'mariadb', history: [SCHEMA] });
  return result.diagnostics
    .filter((d) => d.ruleId === 'update-unique-key')
    .map((d) => ({ message: d.message, update: d.data?.update }));
}

describe('update-unique-key on multi-table UPDATEs', () => {
  it('a key column qualified by its table name', async () => {
    const found = await findings('UPDATE t JOIN s ON s.id = t.id SET t.code = s.v;');
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/assigns `code` of unique key `u_code` of `t`/);
    expect(found[0]!.update).toEqual({ multiTable: true });
  });

  it('an unqualified column only one of the tables has', async () => {
    const found = await findings("UPDATE t, s SET a = 'x', v = 'y' WHERE s.id = t.id;");
    expect(found).toHaveLength(0);
    const keyed = await findings("UPDATE s, t SET v = 'y', code = 'x' WHERE s.id = t.id;");
    expect(keyed.map((f) => f.message)).toEqual([expect.stringMatching(/`code` of unique key `u_code` of `t`/)]);
  });

  it('a column behind an alias that both tables have counts for both', async () => {
    const found = await findings('UPDATE t AS x JOIN s AS y ON y.id = x.id SET x.code = y.v;');
    expect(found.map((f) => f.message)).toEqual([expect.stringMatching(/of `t`/)]);
  });

  it('a column outside every key gives no finding', async () => {
    expect(await findings('UPDATE t JOIN s ON s.id = t.id SET t.a = s.v;')).toEqual([]);
  });
});
