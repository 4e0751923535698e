/**
 * The UPDATE reader (src/analysis/update-parts.ts) that hands the live check of update-unique-key
 * its assignments, WHERE, ORDER BY and LIMIT, and the AUTO_INCREMENT capacity of
 * add-auto-increment-over-rows (src/live/statement-probes.ts).
 */
import { describe, expect, it } from 'vitest';
import { readUpdateParts } from '../../src/analysis/update-parts.js';
import { autoIncrementCapacity, totalOrder } from '../../src/live/statement-probes.js';

describe('readUpdateParts', () => {
  it('reads the table, alias, assignments and clauses at depth 0', () => {
    expect(readUpdateParts("UPDATE LOW_PRIORITY IGNORE shop.users AS u SET u.email = LOWER(email), code = CONCAT('a,b', IF(x, 1, 2)) WHERE id IN (1, 2) ORDER BY id DESC LIMIT 10;")).toEqual({
      multiTable: false,
      ignore: true,
      table: { schema: 'shop', name: 'users' },
      alias: 'u',
      assignments: [
        { column: 'email', qualifier: 'u', expression: 'LOWER(email)' },
        { column: 'code', expression: "CONCAT('a,b', IF(x, 1, 2))" },
      ],
      where: 'id IN (1, 2)',
      orderBy: 'id DESC',
      limit: 10,
      hasLimit: true,
    });
  });

  it('reads an UPDATE without WHERE and an alias without AS', () => {
    expect(readUpdateParts('UPDATE `t` x SET `a` = 1')).toEqual({ multiTable: false, ignore: false, table: { name: 't' }, alias: 'x', assignments: [{ column: 'a', expression: '1' }], hasLimit: false });
  });

  it('tells a multi-table UPDATE apart', () => {
    expect(readUpdateParts('UPDATE t JOIN u ON t.id = u.id SET t.a = u.a')).toEqual({ multiTable: true });
    expect(readUpdateParts('UPDATE t, u SET t.a = u.a WHERE t.id = u.id')).toEqual({ multiTable: true });
    expect(readUpdateParts('UPDATE t AS a INNER JOIN u ON a.id = u.id SET a.x = 1')).toEqual({ multiTable: true });
  });

  it('keeps a LIMIT that is not a plain number unread', () => {
    expect(readUpdateParts('UPDATE t SET a = 1 LIMIT ?')).toMatchObject({ hasLimit: true, assignments: [{ column: 'a', expression: '1' }] });
    expect(readUpdateParts('UPDATE t SET a = 1 LIMIT ?')).not.toHaveProperty('limit');
  });

  it('returns undefined for what it cannot take apart', () => {
    expect(readUpdateParts('WITH x AS (SELECT 1) UPDATE t SET a = 1')).toBeUndefined();
    expect(readUpdateParts('UPDATE t SET = 1')).toBeUndefined();
    expect(readUpdateParts('UPDATE t SET a')).toBeUndefined();
    expect(readUpdateParts('DELETE FROM t')).toBeUndefined();
  });
});

describe('autoIncrementCapacity (rows ADD COLUMN ... AUTO_INCREMENT numbers without failing)', () => {
  it('MariaDB InnoDB: the maximum + 2 signed, + 1 unsigned (verified on MariaDB 10.11)', () => {
    expect(autoIncrementCapacity('mariadb', 'InnoDB', 127n, false)).toMatchObject({ rows: 129n });
    expect(autoIncrementCapacity('mariadb', 'InnoDB', 255n, true)).toMatchObject({ rows: 256n });
    expect(autoIncrementCapacity('mariadb', 'InnoDB', 32767n, false)).toMatchObject({ rows: 32769n });
  });

  it('MariaDB MyISAM and Aria: the maximum, error 167', () => {
    expect(autoIncrementCapacity('mariadb', 'MyISAM', 127n, false)).toEqual({ rows: 127n, error: 'error 167 (Out of range value for column)' });
    expect(autoIncrementCapacity('mariadb', 'Aria', 255n, true)).toMatchObject({ rows: 255n });
  });

  it('MySQL: the maximum, then the maximum again (ERROR 1062)', () => {
    expect(autoIncrementCapacity('mysql', 'InnoDB', 127n, false)).toEqual({ rows: 127n, error: "ERROR 1062 (Duplicate entry '127')" });
  });
});

describe('totalOrder (an UPDATE ... ORDER BY that fixes the order rows are updated in)', () => {
  it('reads plain primary-key columns with their directions', () => {
    expect(totalOrder('g DESC, t.`n`', ['g', 'n'])).toEqual([
      { column: 'g', descending: true },
      { column: 'n', descending: false },
    ]);
    expect(totalOrder('ID asc', ['id'])).toEqual([{ column: 'ID', descending: false }]);
  });

  it('is undefined when the order is not total or not plain', () => {
    expect(totalOrder(undefined, ['id'])).toBeUndefined();
    expect(totalOrder('id', [])).toBeUndefined();
    expect(totalOrder('g', ['g', 'n'])).toBeUndefined();
    expect(totalOrder('created_at, id', ['id'])).toBeUndefined();
    expect(totalOrder('id + 1', ['id'])).toBeUndefined();
    expect(totalOrder('FIELD(id, 3, 1)', ['id'])).toBeUndefined();
  });
});
