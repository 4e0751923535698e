import { describe, expect, it } from 'vitest';
import type { ValueLiteral } from '../../src/statement.js';
import { analyse, irOf } from './unit.js';

function rowsOf(sql: string): ValueLiteral[][] {
  const ir = irOf(sql, 'insert');
  return ir.rows ? [...ir.rows.read()] : [];
}

describe('index, table and data statements', () => {
  for (const dialect of ['mysql', 'mariadb'] as const) {
    it(`reads CREATE UNIQUE INDEX with prefix lengths, USING, ALGORITHM and LOCK (${dialect})`, () => {
      const analysed = analyse('CREATE UNIQUE INDEX ux USING BTREE ON db.t (a(10), b DESC) ALGORITHM=INPLACE LOCK=NONE', dialect);
      expect(analysed.parse.status).not.toBe('failed');
      const ir = analysed.ir;
      if (ir.kind !== 'create-index') throw new Error(ir.kind);
      expect(ir.table).toEqual({ schema: 'db', name: 't' });
      expect(ir.key).toMatchObject({ kind: 'unique', name: 'ux', using: 'btree', parts: [{ column: 'a', prefixLength: 10 }, { column: 'b', descending: true }] });
      expect(ir.algorithm).toBe('inplace');
      expect(ir.lock).toBe('none');
    });
  }

  it('reads a functional key part', () => {
    const ir = irOf('CREATE UNIQUE INDEX lower_email ON users ((lower(email)))', 'create-index');
    expect(ir.key.parts).toEqual([{ column: '', expression: 'lower(email)' }]);
  });

  it('reads DROP INDEX, DROP TABLE, RENAME TABLE and TRUNCATE', () => {
    expect(irOf('DROP INDEX ux ON t', 'drop-index')).toEqual({ kind: 'drop-index', table: { name: 't' }, name: 'ux' });
    expect(irOf('DROP TABLE IF EXISTS a, b.c', 'drop-table')).toEqual({ kind: 'drop-table', tables: [{ name: 'a' }, { schema: 'b', name: 'c' }], ifExists: true, temporary: false });
    expect(irOf('DROP TEMPORARY TABLE tmp', 'drop-table')).toMatchObject({ temporary: true, ifExists: false });
    expect(irOf('RENAME TABLE a TO b, c TO d', 'rename-table').renames).toEqual([
      { from: { name: 'a' }, to: { name: 'b' } },
      { from: { name: 'c' }, to: { name: 'd' } },
    ]);
    expect(irOf('TRUNCATE TABLE t', 'truncate').table).toEqual({ name: 't' });
    expect(irOf('TRUNCATE t2', 'truncate').table).toEqual({ name: 't2' });
  });

  it('reads INSERT ... SELECT, REPLACE ... SET and INSERT ... VALUES', () => {
    const select = irOf('INSERT IGNORE INTO t (a, b) SELECT x, y FROM z ON DUPLICATE KEY UPDATE a = x', 'insert');
    expect(select).toMatchObject({ verb: 'insert', ignore: true, table: { name: 't' }, columns: ['a', 'b'], source: 'select', onDuplicateKeyUpdate: true });
    expect(select.rows).toBeUndefined();
    const set = irOf("REPLACE INTO t SET a = 1, b = 'x'", 'insert');
    expect(set).toMatchObject({ verb: 'replace', ignore: false, columns: ['a', 'b'], source: 'set', onDuplicateKeyUpdate: false });
    expect(set.rows!.count).toBe(1);
    expect([...set.rows!.read()]).toEqual([[{ kind: 'number', text: '1' }, { kind: 'string', value: 'x' }]]);
    expect(rowsOf("INSERT INTO t VALUES (1, 'a'), (2, NULL) ON DUPLICATE KEY UPDATE b = VALUES(b)")).toEqual([
      [{ kind: 'number', text: '1' }, { kind: 'string', value: 'a' }],
      [{ kind: 'number', text: '2' }, { kind: 'null' }],
    ]);
  });

  it('reads UPDATE [IGNORE] with joins and DELETE', () => {
    const update = analyse('UPDATE IGNORE t1 JOIN t2 ON (t2.id = t1.x) SET t1.a = 1 WHERE t2.b = 2');
    expect(update.parse.status).not.toBe('failed');
    expect(update.ir).toEqual({ kind: 'update', ignore: true, tables: [{ name: 't1' }, { name: 't2' }], setColumns: [{ table: 't1', column: 'a' }] });
    expect(irOf('UPDATE t SET a = 1', 'update')).toEqual({ kind: 'update', ignore: false, tables: [{ name: 't' }], setColumns: [{ column: 'a' }] });
    expect(irOf('UPDATE m INNER JOIN (SELECT x FROM events GROUP BY x) AS e ON e.x = m.id SET m.n = 1', 'update').tables).toEqual([{ name: 'm' }]);
    expect(irOf('DELETE FROM t WHERE a = 1', 'delete').tables).toEqual([{ name: 't' }]);
    expect(irOf('DELETE t1, t2 FROM t1 JOIN t2 ON t1.id = t2.id', 'delete').tables).toEqual([{ name: 't1' }, { name: 't2' }]);
  });

  it("reads the columns an UPDATE assigns, and whether a DELETE has WHERE or LIMIT", () => {
    for (const dialect of ['mysql', 'mariadb'] as const) {
      const update = analyse("UPDATE `db`.`t` AS x JOIN u ON u.id = x.id SET x.`a` = CONCAT('w', ',', (SELECT 1 FROM v WHERE v.b = 2 LIMIT 1)), db.x.b = CASE WHEN u.c THEN 1 ELSE 2 END, c := 3 WHERE x.d = 4 ORDER BY x.e LIMIT 5", dialect);
      expect(update.parse.status).not.toBe('failed');
      expect(update.ir).toMatchObject({ kind: 'update', setColumns: [{ table: 'x', column: 'a' }, { schema: 'db', table: 'x', column: 'b' }, { column: 'c' }] });
    }
    expect(irOf('UPDATE t SET a = 1 LIMIT 2', 'update').setColumns).toEqual([{ column: 'a' }]);
    expect(irOf('DELETE FROM t', 'delete')).toMatchObject({ hasWhere: false, hasLimit: false });
    expect(irOf('DELETE FROM t LIMIT 10', 'delete')).toMatchObject({ hasWhere: false, hasLimit: true });
    expect(irOf('DELETE FROM t WHERE id IN (SELECT id FROM u LIMIT 1)', 'delete')).toMatchObject({ hasWhere: true, hasLimit: false });
    expect(irOf('DELETE t1 FROM t t1 JOIN t t2 ON t1.a = t2.a', 'delete')).toMatchObject({ hasWhere: false, hasLimit: false });
    expect(irOf('DELETE t1 FROM t t1 JOIN t t2 ON t1.a = t2.a WHERE t1.id > t2.id', 'delete')).toMatchObject({ hasWhere: true });
    // UPDATE and the single-table DELETE are read from their head; a multi-table DELETE is parsed.
    expect(analyse('UPDATE t SET a = 1 WHERE b = 2').parse).toEqual({ status: 'recognised', by: 'write-head' });
    expect(analyse('DELETE LOW_PRIORITY FROM `db`.`t` AS x PARTITION (p1) WHERE x.a = 1').parse).toEqual({ status: 'recognised', by: 'write-head' });
    expect(analyse('DELETE t1 FROM t t1 JOIN t t2 ON t1.a = t2.a WHERE t1.id > t2.id').parse).toEqual({ status: 'parsed' });
    expect(analyse('DELETE FROM t, u USING t JOIN u ON t.id = u.id').parse).not.toMatchObject({ by: 'write-head' });
  });

  it('reads LOAD DATA with IGNORE, REPLACE or neither', () => {
    const ignore = analyse("LOAD DATA LOCAL INFILE 'x.csv' IGNORE INTO TABLE t FIELDS TERMINATED BY ','");
    expect(ignore.parse).toEqual({ status: 'recognised', by: 'token-fallback' });
    expect(ignore.ir).toEqual({ kind: 'load-data', table: { name: 't' }, duplicates: 'ignore' });
    expect(irOf("LOAD DATA INFILE '/tmp/x' REPLACE INTO TABLE db.t", 'load-data')).toEqual({ kind: 'load-data', table: { schema: 'db', name: 't' }, duplicates: 'replace' });
    expect(irOf("LOAD DATA INFILE 'x' INTO TABLE t", 'load-data').duplicates).toBe('error');
  });

  it('reads statements that start with common table expressions', () => {
    expect(analyse('WITH x AS (SELECT 1) SELECT * FROM x').ir).toEqual({ kind: 'inert', what: 'SELECT' });
    expect(analyse('WITH RECURSIVE x (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM x WHERE n < 3) (SELECT n FROM x)').ir).toEqual({ kind: 'inert', what: 'SELECT' });
    expect(analyse('WITH old AS (SELECT id FROM t WHERE a < 0) UPDATE IGNORE t JOIN old ON old.id = t.id SET t.a = 0').ir).toEqual({
      kind: 'update',
      ignore: true,
      tables: [{ name: 't' }, { name: 'old' }],
      setColumns: [{ table: 't', column: 'a' }],
    });
    expect(analyse('WITH old AS (SELECT id FROM t), older AS (SELECT 1) DELETE FROM t WHERE id IN (SELECT id FROM old)').ir).toEqual({
      kind: 'delete',
      tables: [{ name: 't' }],
      hasWhere: true,
      hasLimit: false,
    });
  });

  it('names other statements by their leading keywords', () => {
    expect(analyse('CREATE SERVER s FOREIGN DATA WRAPPER mysql OPTIONS (USER "x")').ir.kind).toBe('inert');
    expect(analyse('INSTALL PLUGIN p SONAME "p.so"').ir).toEqual({ kind: 'inert', what: 'INSTALL' });
    expect(analyse('FROBNICATE everything').ir).toEqual({ kind: 'other', what: 'FROBNICATE EVERYTHING' });
  });
});
