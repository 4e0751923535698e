import { describe, expect, it } from 'vitest';
import { analyse, irOf } from './unit.js';

const CREATE_USERS = `CREATE TABLE IF NOT EXISTS app.users (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email VARCHAR(191) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL DEFAULT '' UNIQUE,
  name VARCHAR(100) NULL,
  balance DECIMAL(10,2) DEFAULT 1.50,
  created DATETIME(3) DEFAULT CURRENT_TIMESTAMP(3),
  kind ENUM('a','b') DEFAULT 'a',
  active BOOLEAN DEFAULT TRUE,
  total INT GENERATED ALWAYS AS (id + 1) STORED,
  country_id SMALLINT,
  UNIQUE KEY uk_name (name(20), country_id DESC),
  KEY idx_country (country_id),
  CONSTRAINT fk_country FOREIGN KEY (country_id) REFERENCES countries (id) ON DELETE CASCADE ON UPDATE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci AUTO_INCREMENT=42`;

describe('CREATE TABLE', () => {
  for (const dialect of ['mysql', 'mariadb'] as const) {
    it(`reads columns, keys, foreign keys and options (${dialect})`, () => {
      const analysed = analyse(CREATE_USERS, dialect);
      expect(analysed.parse).toEqual({ status: 'parsed' });
      const ir = analysed.ir;
      if (ir.kind !== 'create-table') throw new Error(ir.kind);
      expect(ir.table).toEqual({ schema: 'app', name: 'users' });
      expect(ir.ifNotExists).toBe(true);
      expect(ir.temporary).toBe(false);
      expect(ir.asSelect).toBe(false);
      expect(ir.columns.map((column) => column.name)).toEqual(['id', 'email', 'name', 'balance', 'created', 'kind', 'active', 'total', 'country_id']);
      const [id, email, name, balance, created, kind, active, total] = ir.columns;
      expect(id).toMatchObject({ type: { name: 'INT', unsigned: true }, nullable: false, autoIncrement: true, primaryKey: true, unique: false });
      expect(email).toMatchObject({ type: { name: 'VARCHAR', length: 191 }, charset: 'utf8mb4', collation: 'utf8mb4_bin', nullable: false, unique: true, default: { kind: 'string', value: '' } });
      expect(name).toMatchObject({ nullable: true, autoIncrement: false });
      expect(balance).toMatchObject({ type: { name: 'DECIMAL', length: 10, scale: 2 }, default: { kind: 'number', text: '1.50' } });
      expect(created).toMatchObject({ type: { name: 'DATETIME', scale: 3 }, default: { kind: 'expression', text: 'CURRENT_TIMESTAMP(3)' } });
      expect(created!.type.length).toBeUndefined();
      expect(kind).toMatchObject({ type: { name: 'ENUM', values: ['a', 'b'] }, default: { kind: 'string', value: 'a' } });
      expect(active).toMatchObject({ type: { name: 'TINYINT', length: 1 }, default: { kind: 'boolean', value: true } });
      expect(total!.generated).toEqual({ expression: 'id + 1', stored: true });
      expect(ir.keys).toHaveLength(2);
      expect(ir.keys[0]).toMatchObject({ kind: 'unique', name: 'uk_name', parts: [{ column: 'name', prefixLength: 20 }, { column: 'country_id', descending: true }] });
      expect(ir.keys[1]).toMatchObject({ kind: 'index', name: 'idx_country', parts: [{ column: 'country_id' }] });
      expect(ir.foreignKeys).toEqual([
        { name: 'fk_country', columns: ['country_id'], referencedTable: { name: 'countries' }, referencedColumns: ['id'], onDelete: 'cascade', onUpdate: 'set null' },
      ]);
      expect(ir.options).toEqual({ engine: 'InnoDB', charset: 'utf8mb4', collation: 'utf8mb4_unicode_ci', autoIncrement: '42' });
    });
  }

  it('gives each column and key definition its span in the statement', () => {
    const ir = irOf(CREATE_USERS, 'create-table');
    const textOf = (span: { start: number; end: number } | undefined) => (span ? CREATE_USERS.slice(span.start, span.end) : undefined);
    expect(textOf(ir.columns[0]!.span)).toBe('id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY');
    expect(textOf(ir.columns[8]!.span)).toBe('country_id SMALLINT');
    expect(textOf(ir.keys[0]!.span)).toBe('UNIQUE KEY uk_name (name(20), country_id DESC)');
    expect(textOf(ir.keys[1]!.span)).toBe('KEY idx_country (country_id)');
  });

  it('reads table-level PRIMARY KEY, UNIQUE without a name, CONSTRAINT ... UNIQUE, FULLTEXT and USING', () => {
    const ir = irOf(
      'CREATE TABLE t (a INT NOT NULL, b VARCHAR(20), c TEXT, PRIMARY KEY (a), UNIQUE (b), CONSTRAINT uq_c UNIQUE KEY (c(10)) USING BTREE, FULLTEXT KEY ft_c (c))',
      'create-table',
    );
    expect(ir.keys.map((key) => [key.kind, key.name, key.constraintName, key.using])).toEqual([
      ['primary', undefined, undefined, undefined],
      ['unique', undefined, undefined, undefined],
      ['unique', 'uq_c', 'uq_c', 'btree'],
      ['fulltext', 'ft_c', undefined, undefined],
    ]);
    expect(ir.keys[2]!.parts).toEqual([{ column: 'c', prefixLength: 10 }]);
  });

  it('reads an inline KEY as the primary key and SERIAL DEFAULT VALUE as unique AUTO_INCREMENT', () => {
    const ir = irOf('CREATE TABLE t (a INT KEY, b BIGINT SERIAL DEFAULT VALUE)', 'create-table');
    expect(ir.columns[0]).toMatchObject({ primaryKey: true });
    expect(ir.columns[1]).toMatchObject({ autoIncrement: true, unique: true, nullable: false });
  });

  it('folds type synonyms', () => {
    const ir = irOf('CREATE TABLE t (a INTEGER, b NUMERIC(5,1), c BOOL, d INT8, e MIDDLEINT, f CHARACTER VARYING(9), g DOUBLE PRECISION, h INT(11) ZEROFILL)', 'create-table');
    expect(ir.columns.map((column) => [column.type.name, column.type.length])).toEqual([
      ['INT', undefined],
      ['DECIMAL', 5],
      ['TINYINT', 1],
      ['BIGINT', undefined],
      ['MEDIUMINT', undefined],
      ['VARCHAR', 9],
      ['DOUBLE', undefined],
      ['INT', 11],
    ]);
    expect(ir.columns[7]!.type).toMatchObject({ zerofill: true, unsigned: true });
  });

  it('reads CREATE TABLE ... LIKE and CREATE TEMPORARY TABLE', () => {
    const like = irOf('CREATE TABLE IF NOT EXISTS copy LIKE db.original', 'create-table');
    expect(like.like).toEqual({ schema: 'db', name: 'original' });
    expect(like.columns).toEqual([]);
    const temporary = irOf('CREATE TEMPORARY TABLE tmp (id INT)', 'create-table');
    expect(temporary.temporary).toBe(true);
  });

  it('marks CREATE TABLE ... SELECT as starting with rows', () => {
    for (const sql of ['CREATE TABLE t2 AS SELECT * FROM t1', 'CREATE TABLE t2 (UNIQUE KEY (a)) SELECT a FROM t1', 'CREATE TABLE t2 IGNORE SELECT a FROM t1']) {
      const analysed = analyse(sql);
      expect(analysed.ir.kind, sql).toBe('create-table');
      if (analysed.ir.kind === 'create-table') expect(analysed.ir.asSelect, sql).toBe(true);
      expect(analysed.parse.status, sql).not.toBe('failed');
    }
    expect(irOf('CREATE TABLE t2 (UNIQUE KEY (a)) SELECT a FROM t1', 'create-table').keys[0]).toMatchObject({ kind: 'unique', parts: [{ column: 'a' }] });
  });

  it('keeps charset introducers, negative numbers and hexadecimal defaults', () => {
    const ir = irOf("CREATE TABLE t (a VARCHAR(5) DEFAULT _utf8mb4'x', b INT DEFAULT -1, c BINARY(2) DEFAULT 0x00ff, d INT DEFAULT NULL)", 'create-table');
    expect(ir.columns.map((column) => column.default)).toEqual([
      { kind: 'string', value: 'x', charsetIntroducer: 'utf8mb4' },
      { kind: 'number', text: '-1' },
      { kind: 'expression', text: '0x00ff' },
      { kind: 'null' },
    ]);
  });
});

describe('CREATE TABLE edge cases', () => {
  it('tells a column named KEY or INDEX from an index named after a type', () => {
    const ir = irOf('CREATE TABLE t (`id` INT, key VARCHAR(10), date DATE, KEY date (date), INDEX (id))', 'create-table');
    expect(ir.columns.map((column) => column.name)).toEqual(['id', 'key', 'date']);
    expect(ir.keys.map((key) => [key.kind, key.name, key.parts.map((part) => part.column)])).toEqual([
      ['index', 'date', ['date']],
      ['index', undefined, ['id']],
    ]);
  });

  it('expands SERIAL to BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE', () => {
    for (const dialect of ['mysql', 'mariadb'] as const) {
      const ir = irOf('CREATE TABLE t (id SERIAL, name TEXT)', 'create-table', dialect);
      expect(ir.columns[0]).toMatchObject({ name: 'id', type: { name: 'BIGINT', unsigned: true }, autoIncrement: true, unique: true, nullable: false });
    }
  });
});
