import { describe, expect, it } from 'vitest';
import type { AlterAction } from '../../src/statement.js';
import { analyse, irOf } from './unit.js';

function actionsOf(sql: string, dialect: 'mysql' | 'mariadb' = 'mysql'): AlterAction[] {
  return irOf(sql, 'alter-table', dialect).actions;
}

function withoutSpans(actions: AlterAction[]): unknown {
  return JSON.parse(JSON.stringify(actions, (key, value) => (key === 'span' ? undefined : value)));
}

describe('ALTER TABLE', () => {
  it('reads column actions', () => {
    const sql =
      "ALTER TABLE db.t ADD COLUMN c INT UNSIGNED NOT NULL DEFAULT 0 AFTER b, DROP COLUMN d, MODIFY e VARCHAR(10) NULL, CHANGE f g BIGINT AUTO_INCREMENT UNIQUE, RENAME COLUMN h TO i";
    const ir = irOf(sql, 'alter-table');
    expect(ir.table).toEqual({ schema: 'db', name: 't' });
    expect(withoutSpans(ir.actions)).toEqual([
      { type: 'add-column', column: { name: 'c', type: { name: 'INT', unsigned: true }, nullable: false, default: { kind: 'number', text: '0' }, autoIncrement: false, unique: false, primaryKey: false } },
      { type: 'drop-column', name: 'd' },
      { type: 'modify-column', column: { name: 'e', type: { name: 'VARCHAR', length: 10, unsigned: false }, nullable: true, autoIncrement: false, unique: false, primaryKey: false } },
      { type: 'change-column', oldName: 'f', column: { name: 'g', type: { name: 'BIGINT', unsigned: false }, autoIncrement: true, unique: true, primaryKey: false } },
      { type: 'rename-column', oldName: 'h', newName: 'i' },
    ]);
    const add = ir.actions[0];
    if (add?.type !== 'add-column') throw new Error('add-column expected');
    expect(sql.slice(add.column.span!.start, add.column.span!.end)).toBe('c INT UNSIGNED NOT NULL DEFAULT 0 AFTER b');
  });

  it('reads ALTER COLUMN SET DEFAULT / DROP DEFAULT, which node-sql-parser rejects', () => {
    const analysed = analyse("ALTER TABLE t ALTER COLUMN j SET DEFAULT 'x', ALTER k DROP DEFAULT");
    expect(analysed.parse).toEqual({ status: 'recognised', by: 'token-fallback' });
    if (analysed.ir.kind !== 'alter-table') throw new Error(analysed.ir.kind);
    expect(analysed.ir.actions).toEqual([
      { type: 'alter-column-default', name: 'j', default: { kind: 'string', value: 'x' } },
      { type: 'alter-column-default', name: 'k' },
    ]);
  });

  it('reads key actions', () => {
    const actions = actionsOf(
      'ALTER TABLE t ADD UNIQUE KEY uk (a, b(5)), ADD CONSTRAINT cx UNIQUE (c), ADD PRIMARY KEY (id), ADD INDEX ix (d), ADD FULLTEXT ft (e), ADD UNIQUE INDEX (f)',
    );
    expect(withoutSpans(actions)).toEqual([
      { type: 'add-key', key: { kind: 'unique', name: 'uk', parts: [{ column: 'a' }, { column: 'b', prefixLength: 5 }] } },
      { type: 'add-key', key: { kind: 'unique', name: 'cx', constraintName: 'cx', parts: [{ column: 'c' }] } },
      { type: 'add-key', key: { kind: 'primary', parts: [{ column: 'id' }] } },
      { type: 'add-key', key: { kind: 'index', name: 'ix', parts: [{ column: 'd' }] } },
      { type: 'add-key', key: { kind: 'fulltext', name: 'ft', parts: [{ column: 'e' }] } },
      { type: 'add-key', key: { kind: 'unique', parts: [{ column: 'f' }] } },
    ]);
  });

  it('reads drops, renames of keys and of the table, and foreign keys', () => {
    const actions = actionsOf(
      'ALTER TABLE t DROP INDEX a1, DROP KEY a2, DROP PRIMARY KEY, DROP FOREIGN KEY fk1, ADD CONSTRAINT fk2 FOREIGN KEY (x) REFERENCES y (z) ON DELETE RESTRICT',
    );
    expect(actions).toEqual([
      { type: 'drop-key', name: 'a1' },
      { type: 'drop-key', name: 'a2' },
      { type: 'drop-primary-key' },
      { type: 'drop-foreign-key', name: 'fk1' },
      { type: 'add-foreign-key', foreignKey: { name: 'fk2', columns: ['x'], referencedTable: { name: 'y' }, referencedColumns: ['z'], onDelete: 'restrict' } },
    ]);
    expect(actionsOf('ALTER TABLE t RENAME INDEX old_name TO new_name, RENAME TO other.t2')).toEqual([
      { type: 'rename-key', oldName: 'old_name', newName: 'new_name' },
      { type: 'rename-table', newName: { schema: 'other', name: 't2' } },
    ]);
  });

  it('reads CONVERT TO CHARACTER SET, table options, ALGORITHM and LOCK', () => {
    expect(actionsOf('ALTER TABLE t CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci')).toEqual([
      { type: 'convert-charset', charset: 'utf8mb4', collation: 'utf8mb4_unicode_ci' },
    ]);
    const ir = irOf('ALTER TABLE t ADD UNIQUE (a), ALGORITHM=INPLACE, LOCK=NONE', 'alter-table');
    expect(ir.algorithm).toBe('inplace');
    expect(ir.lock).toBe('none');
    expect(ir.actions).toHaveLength(1);
    expect(actionsOf('ALTER TABLE t ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin')).toEqual([
      { type: 'table-options', options: { engine: 'InnoDB', charset: 'utf8mb4', collation: 'utf8mb4_bin' } },
    ]);
    expect(actionsOf('ALTER TABLE t AUTO_INCREMENT = 1000')).toEqual([{ type: 'table-options', options: { autoIncrement: '1000' } }]);
  });

  it('reads MariaDB ALTER IGNORE TABLE and IF [NOT] EXISTS clauses', () => {
    const ir = irOf('ALTER IGNORE TABLE t ADD UNIQUE INDEX IF NOT EXISTS u (email)', 'alter-table', 'mariadb');
    expect(ir.ignore).toBe(true);
    expect(ir.actions[0]).toMatchObject({ type: 'add-key', key: { kind: 'unique', name: 'u', ifNotExists: true } });
    const added = irOf('ALTER TABLE t ADD COLUMN IF NOT EXISTS code INT NOT NULL, DROP INDEX IF EXISTS old', 'alter-table', 'mariadb');
    expect(added.actions[0]).toMatchObject({ type: 'add-column', ifNotExists: true, column: { name: 'code', nullable: false } });
    expect(added.actions[1]).toEqual({ type: 'drop-key', name: 'old' });
  });

  it('keeps actions it does not model as text', () => {
    expect(actionsOf('ALTER TABLE t DISABLE KEYS')).toEqual([{ type: 'other', text: 'DISABLE KEYS' }]);
  });

  it('reads ADD ( element, ... ) with keys, as Apache Ranger writes it', () => {
    const analysed = analyse('ALTER TABLE x_user ADD ( CONSTRAINT x_user_FK_added_by_id FOREIGN KEY (added_by_id) REFERENCES x_portal_user (id))');
    expect(analysed.parse).toEqual({ status: 'recognised', by: 'token-fallback' });
    if (analysed.ir.kind !== 'alter-table') throw new Error(analysed.ir.kind);
    expect(analysed.ir.actions).toEqual([
      { type: 'add-foreign-key', foreignKey: { name: 'x_user_FK_added_by_id', columns: ['added_by_id'], referencedTable: { name: 'x_portal_user' }, referencedColumns: ['id'] } },
    ]);
  });
});
