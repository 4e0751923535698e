/**
 * Row facts read from data statements (src/parse/row-effects.ts), through the whole analyser:
 * assigned columns of UPDATE, DELETE of every row, dedupe steps and distinct SELECTs, and the near
 * misses that must yield no fact.
 */
import { describe, expect, it } from 'vitest';
import { splitStatements } from '../../src/split/splitter.js';
import { analyzeStatement } from '../../src/parse/analyze.js';
import type { StatementIR } from '../../src/statement.js';

function irOf(sql: string): StatementIR {
  const [unit] = splitStatements(sql).statements;
  return analyzeStatement(unit!, 'mysql').ir;
}

describe('UPDATE', () => {
  it('lists the assigned columns', () => {
    expect(irOf("UPDATE users u SET u.email = LOWER(u.email), `name` = 'x' WHERE id > 3")).toMatchObject({ kind: 'update', setColumns: [{ column: 'email' }, { column: 'name' }] });
    expect(irOf('UPDATE a JOIN b ON a.id = b.id SET a.x = b.x, b.y = (SELECT 1, 2)')).toMatchObject({ setColumns: [{ column: 'x' }, { column: 'y' }] });
  });
});

describe('DELETE', () => {
  it('marks a single-table DELETE without WHERE or LIMIT as removing every row', () => {
    expect(irOf('DELETE FROM sessions')).toMatchObject({ kind: 'delete', allRows: true });
    expect(irOf('DELETE FROM sessions WHERE id > 1')).not.toHaveProperty('allRows');
    expect(irOf('DELETE FROM sessions LIMIT 10')).not.toHaveProperty('allRows');
  });

  it('reads self-join dedupe steps in JOIN, comma and USING form', () => {
    const dedupe = { table: { name: 'users' }, columns: ['email', 'tenant'], tiebreak: 'id' };
    expect(irOf('DELETE t1 FROM users t1 INNER JOIN users t2 ON t1.email = t2.email AND t1.tenant = t2.tenant AND t1.id > t2.id')).toMatchObject({ dedupe });
    expect(irOf('DELETE t1 FROM users AS t1, users AS t2 WHERE t2.email = t1.email AND t1.tenant = t2.tenant AND t2.id < t1.id')).toMatchObject({ dedupe });
    expect(irOf('DELETE FROM t1 USING users t1 JOIN users t2 ON (t1.email = t2.email) AND t1.tenant = t2.tenant AND t1.id <> t2.id')).toMatchObject({ dedupe });
  });

  it('reads a join to the MAX (or MIN) of each group', () => {
    const sql =
      'DELETE up FROM User_Preferences AS up INNER JOIN (SELECT UserId, Name, MAX(Id) AS KeepId FROM User_Preferences GROUP BY UserId, Name) AS keep ' +
      'ON up.UserId = keep.UserId AND up.Name = keep.Name WHERE up.Id <> keep.KeepId';
    expect(irOf(sql)).toMatchObject({ dedupe: { table: { name: 'User_Preferences' }, columns: ['UserId', 'Name'], tiebreak: 'Id' } });
    const min = 'DELETE p FROM prefs p JOIN (SELECT k, MIN(id) keep_id FROM prefs GROUP BY k) m ON p.k = m.k WHERE p.id > m.keep_id';
    expect(irOf(min)).toMatchObject({ dedupe: { columns: ['k'], tiebreak: 'id' } });
  });

  it('yields no dedupe for near misses', () => {
    const none = [
      // an extra predicate keeps some duplicates
      "DELETE t1 FROM users t1 JOIN users t2 ON t1.email = t2.email AND t1.id > t2.id WHERE t1.status = 'old'",
      // OR
      'DELETE t1 FROM users t1 JOIN users t2 ON t1.email = t2.email OR t1.id > t2.id',
      // two different tables
      'DELETE t1 FROM users t1 JOIN people t2 ON t1.email = t2.email AND t1.id > t2.id',
      // equality across different columns
      'DELETE t1 FROM users t1 JOIN users t2 ON t1.email = t2.login AND t1.id > t2.id',
      // no tiebreak
      'DELETE t1 FROM users t1 JOIN users t2 ON t1.email = t2.email',
      // MAX kept, but the join is on fewer columns than the grouping
      'DELETE p FROM prefs p JOIN (SELECT a, b, MAX(id) m FROM prefs GROUP BY a, b) g ON p.a = g.a WHERE p.id <> g.m',
      // MAX kept, deleting the larger ids deletes the kept row's neighbours only
      'DELETE p FROM prefs p JOIN (SELECT a, MAX(id) m FROM prefs GROUP BY a) g ON p.a = g.a WHERE p.id > g.m',
    ];
    for (const sql of none) expect(irOf(sql), sql).not.toHaveProperty('dedupe');
  });
});

describe('INSERT ... SELECT and CREATE TABLE ... SELECT', () => {
  it('gives the distinct positions of SELECT DISTINCT and of GROUP BY columns', () => {
    expect(irOf('INSERT INTO t (a, b) SELECT DISTINCT x, y FROM s')).toMatchObject({ kind: 'insert', distinctPositions: [0, 1] });
    expect(irOf('INSERT INTO t (a, b, c) SELECT x, MAX(y), z FROM s GROUP BY z, x')).toMatchObject({ distinctPositions: [0, 2] });
    expect(irOf('CREATE TABLE t SELECT DISTINCT `a`, b AS bee FROM s')).toMatchObject({ kind: 'create-table', distinctColumns: ['a', 'bee'] });
  });

  it('gives none for UNION, WITH ROLLUP, a grouped column left out of the list, or a star', () => {
    for (const sql of [
      'INSERT INTO t (a) SELECT DISTINCT x FROM s UNION ALL SELECT x FROM r',
      'INSERT INTO t (a, b) SELECT x, COUNT(*) FROM s GROUP BY x WITH ROLLUP',
      'INSERT INTO t (a) SELECT MAX(y) FROM s GROUP BY x',
      'INSERT INTO t SELECT DISTINCT * FROM s',
    ]) {
      expect(irOf(sql), sql).not.toHaveProperty('distinctPositions');
    }
  });
});

describe('the BINARY column attribute', () => {
  it('is read apart from the BINARY data type', () => {
    const ir = irOf('ALTER TABLE cache CHANGE cache_key cache_key VARCHAR(128) BINARY NOT NULL');
    expect(ir.kind === 'alter-table' && ir.actions[0]?.type === 'change-column' && ir.actions[0].column).toMatchObject({ binaryAttribute: true, type: { name: 'VARCHAR' } });
    const plain = irOf('ALTER TABLE t ADD COLUMN b BINARY(16) NOT NULL');
    expect(plain.kind === 'alter-table' && plain.actions[0]?.type === 'add-column' && plain.actions[0].column).not.toHaveProperty('binaryAttribute');
  });
});
