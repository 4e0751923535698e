import { describe, expect, it } from 'vitest';
import rule from '../../rules/add-unique-key.js';
import type { StatementIR } from '../../src/statement.js';
import {
  alterTable,
  analyzed,
  columnDef,
  columnState,
  dataType,
  keyDef,
  runRule,
  schemaOf,
  tableState,
  uniqueKey,
  textOf,
} from './helpers.js';

const varchar = (length: number) => dataType('VARCHAR', length);
const int = dataType('INT');

/** `t1 (a INT NOT NULL, b INT, c CHAR(10) NOT NULL, d VARCHAR(20))` from server-tests C01, with an index on b. */
const t1 = tableState(
  't1',
  [
    columnState('a', int, { nullable: false }),
    columnState('b', int),
    columnState('c', dataType('CHAR', 10), { nullable: false, charset: 'utf8mb4', collation: 'utf8mb4_0900_ai_ci' }),
    columnState('d', varchar(20), { charset: 'utf8mb4', collation: 'utf8mb4_0900_ai_ci' }),
  ],
  [],
  { indexes: [{ name: 'b', kind: 'index', parts: [{ column: 'b' }] }], charset: 'utf8mb4', collation: 'utf8mb4_0900_ai_ci' },
);

function check(ir: StatementIR, tables = [t1], sql = 'ALTER TABLE t1 ...', ignoreDialect: 'mysql' | 'mariadb' = 'mysql') {
  return runRule(rule, analyzed(ir, sql), schemaOf(tables), ignoreDialect);
}

describe('add-unique-key: added keys', () => {
  it('flags ADD UNIQUE on an existing table with the duplicate-finder query (C01)', () => {
    const reports = check(alterTable('t1', [{ type: 'add-key', key: keyDef('unique', ['b']) }]));
    expect(reports).toHaveLength(1);
    const message = textOf(reports[0]!);
    // The index on b already exists, so the server names the new unique key b_2.
    expect(message).toContain('unique key `b_2` (`b`)');
    expect(message).toContain('table `t1`');
    expect(message).toContain('ERROR 1062');
    expect(message).toContain(
      'SELECT `b`, COUNT(*) AS `duplicate_rows` FROM `t1` WHERE `b` IS NOT NULL GROUP BY `b` HAVING COUNT(*) > 1;',
    );
    expect(reports[0]!.data).toMatchObject({
      cause: 'added-key',
      table: { name: 't1' },
      key: { name: 'b_2', primary: false, parts: [{ column: 'b' }] },
      columns: [{ name: 'b', nullable: true }],
    });
  });

  it('reports one diagnostic per added key (C08)', () => {
    const reports = check(
      alterTable('t1', [
        { type: 'add-key', key: keyDef('unique', ['b']) },
        { type: 'add-key', key: keyDef('unique', ['c']) },
        { type: 'add-key', key: keyDef('index', ['d']) },
      ]),
    );
    expect(reports.map((report) => (report.data as { key: { name: string } }).key.name)).toEqual(['b_2', 'c']);
  });

  it('writes LEFT(col, n) for a prefix part and names a CONSTRAINT key after its symbol', () => {
    const key = { ...keyDef('unique', ['d(5)']), constraintName: 'uq_d' };
    const reports = check(alterTable('t1', [{ type: 'add-key', key }]));
    expect(reports).toHaveLength(1);
    expect(textOf(reports[0]!)).toContain('ADD CONSTRAINT ... UNIQUE adds unique key `uq_d` (`d`(5))');
    expect(textOf(reports[0]!)).toContain('GROUP BY LEFT(`d`, 5) HAVING COUNT(*) > 1');
  });

  it('flags CREATE UNIQUE INDEX, also on a table the model does not know', () => {
    const ir: StatementIR = { kind: 'create-index', table: { name: 'posts' }, key: keyDef('unique', ['title(20)'], 'uk_title') };
    const reports = check(ir, []);
    expect(reports).toHaveLength(1);
    expect(textOf(reports[0]!)).toContain('CREATE UNIQUE INDEX adds unique key `uk_title` (`title`(20)) on table `posts`');
  });

  it('skips a table created in the same file and not yet filled', () => {
    const fresh = { ...t1, origin: 'file' as const, createdInDeployment: true, emptyInDeployment: true };
    expect(check(alterTable('t1', [{ type: 'add-key', key: keyDef('unique', ['b']) }]), [fresh])).toEqual([]);
    const filled = { ...fresh, emptyInDeployment: false };
    expect(check(alterTable('t1', [{ type: 'add-key', key: keyDef('unique', ['b']) }]), [filled])).toHaveLength(1);
  });

  it('skips a key that an existing unique key already guarantees', () => {
    const users = tableState(
      'users',
      [columnState('id', int, { nullable: false }), columnState('email', varchar(255)), columnState('tenant_id', int, { nullable: false })],
      [uniqueKey('PRIMARY', ['id']), uniqueKey('uk_email', ['email'])],
    );
    const recreate = alterTable('users', [
      { type: 'drop-key', name: 'uk_email' },
      { type: 'add-key', key: keyDef('unique', ['email', 'tenant_id'], 'uk_email') },
    ]);
    expect(check(recreate, [users])).toEqual([]);
    // A shorter prefix than the existing key is not guaranteed.
    const prefixed = alterTable('users', [{ type: 'add-key', key: keyDef('unique', ['email(10)'], 'uk_email10') }]);
    expect(check(prefixed, [users])).toHaveLength(1);
  });

  it('flags moving the PRIMARY KEY to other columns (C04, C13)', () => {
    const t2 = tableState(
      't2',
      [columnState('id0', int, { nullable: false }), columnState('id1', int), columnState('id2', int, { nullable: false })],
      [uniqueKey('PRIMARY', ['id0', 'id2'])],
    );
    const reports = check(alterTable('t2', [{ type: 'drop-primary-key' }, { type: 'add-key', key: keyDef('primary', ['id1', 'id2']) }]), [t2]);
    expect(reports).toHaveLength(1);
    const message = textOf(reports[0]!);
    expect(message).toContain('ADD PRIMARY KEY adds PRIMARY KEY (`id1`, `id2`) on table `t2`');
    // id1 is nullable: NULLs fail the statement before any duplicate.
    expect(message).toContain('ERROR 1138 on MySQL, ERROR 1265 on MariaDB in strict mode');
    expect(message).toContain('SELECT COUNT(*) AS `rows_with_null` FROM `t2` WHERE `id1` IS NULL;');
    expect(reports[0]!.data).toMatchObject({ nullableColumns: ['id1'] });
  });

  it('says nothing about NULLs when every PRIMARY KEY column is NOT NULL', () => {
    const reports = check(alterTable('t1', [{ type: 'add-key', key: keyDef('primary', ['a']) }]));
    expect(reports).toHaveLength(1);
    expect(textOf(reports[0]!)).not.toContain('1138');
    expect(reports[0]!.data).not.toHaveProperty('nullRowsQuery');
  });

  it('flags MODIFY with an inline UNIQUE, unless the column is already unique on its own', () => {
    const modify = alterTable('t1', [{ type: 'modify-column', column: columnDef('b', int, { unique: true }) }]);
    const reports = check(modify);
    expect(reports).toHaveLength(1);
    expect(textOf(reports[0]!)).toContain('MODIFY ... UNIQUE adds unique key `b_2` (`b`)');
    const alreadyUnique = { ...t1, uniqueKeys: [uniqueKey('uk_b', ['b'])] };
    expect(check(modify, [alreadyUnique])).toEqual([]);
  });

  it('reports ALTER IGNORE TABLE as deleting rows rather than failing', () => {
    const reports = check(alterTable('t1', [{ type: 'add-key', key: keyDef('unique', ['b']) }], true), [t1], 'ALTER IGNORE ...', 'mariadb');
    expect(reports).toHaveLength(1);
    expect(textOf(reports[0]!)).toContain('silently deletes the others');
    expect(textOf(reports[0]!)).not.toContain('fails with ERROR 1062');
  });

  it('points at the key definition when its span is known', () => {
    const sql = 'ALTER TABLE t1 ADD UNIQUE KEY uk_b (b)';
    const key = { ...keyDef('unique', ['b'], 'uk_b'), span: { start: 19, end: sql.length } };
    const reports = runRule(rule, analyzed(alterTable('t1', [{ type: 'add-key', key }]), sql), schemaOf([t1]));
    expect(reports[0]!.range).toEqual({
      start: { offset: 19, line: 1, column: 20 },
      end: { offset: sql.length, line: 1, column: sql.length + 1 },
    });
  });
});

describe('add-unique-key: new columns under a unique key', () => {
  const accounts = tableState('accounts', [columnState('id', int, { nullable: false }), columnState('name', varchar(64))], [uniqueKey('PRIMARY', ['id'])]);
  const addColumn = (extra: Parameters<typeof columnDef>[2], type = int) =>
    alterTable('accounts', [{ type: 'add-column', column: columnDef('external_id', type, extra) }]);

  it('flags a NOT NULL UNIQUE column: every row gets the implicit default 0 (C53)', () => {
    const reports = check(addColumn({ nullable: false, unique: true }), [accounts]);
    expect(reports).toHaveLength(1);
    const message = textOf(reports[0]!);
    expect(message).toContain('every existing row gets the same value in `external_id` (the implicit default 0 of a NOT NULL column)');
    expect(message).toContain('two or more rows');
    expect(message).toContain('SELECT COUNT(*) AS `duplicate_rows` FROM `accounts` HAVING COUNT(*) > 1;');
    expect(reports[0]!.data).toMatchObject({ constantColumns: [{ column: 'external_id' }], finderParts: [] });
  });

  it('flags a UNIQUE column with a non-NULL DEFAULT', () => {
    const reports = check(addColumn({ unique: true, default: { kind: 'string', value: 'none' } }, varchar(10)), [accounts]);
    expect(reports).toHaveLength(1);
    expect(textOf(reports[0]!)).toContain("(DEFAULT 'none')");
  });

  it("does not flag a nullable column without default, an AUTO_INCREMENT column or a per-row default", () => {
    expect(check(addColumn({ unique: true }), [accounts])).toEqual([]);
    expect(check(addColumn({ unique: true, default: { kind: 'null' } }), [accounts])).toEqual([]);
    expect(check(addColumn({ nullable: false, autoIncrement: true, primaryKey: true }, dataType('BIGINT')), [accounts])).toEqual([]);
    expect(check(addColumn({ nullable: false, unique: true, default: { kind: 'expression', text: '(uuid())' } }, dataType('CHAR', 36)), [accounts])).toEqual([]);
  });

  it('keeps existing key parts in the query when a constant column joins them (C27)', () => {
    const o = tableState(
      'o',
      [columnState('o1', int, { nullable: false }), columnState('o2', int, { nullable: false }), columnState('o3', int, { nullable: false })],
      [uniqueKey('PRIMARY', ['o1', 'o2'])],
    );
    const reports = check(
      alterTable('o', [
        { type: 'add-column', column: columnDef('n1', int, { nullable: false }) },
        { type: 'drop-primary-key' },
        { type: 'add-key', key: keyDef('primary', ['n1', 'o3']) },
      ]),
      [o],
    );
    expect(reports).toHaveLength(1);
    expect(textOf(reports[0]!)).toContain('every existing row gets the same value in `n1`, so only the other key parts tell rows apart');
    expect(textOf(reports[0]!)).toContain('GROUP BY `o3` HAVING COUNT(*) > 1');
  });

  it('treats a new nullable column under ADD PRIMARY KEY as NOT NULL with the implicit default', () => {
    const reports = check(
      alterTable('accounts', [
        { type: 'add-column', column: columnDef('code', int) },
        { type: 'drop-primary-key' },
        { type: 'add-key', key: keyDef('primary', ['code']) },
      ]),
      [accounts],
    );
    expect(reports).toHaveLength(1);
    expect(textOf(reports[0]!)).toContain('same value in `code`');
  });
});

describe('add-unique-key: type and collation changes inside existing keys', () => {
  const people = tableState(
    'people',
    [
      columnState('id', int, { nullable: false }),
      columnState('name', varchar(20), { nullable: false, charset: 'utf8mb4', collation: 'utf8mb4_bin' }),
      columnState('price', dataType('DECIMAL', 6, { scale: 2 })),
    ],
    [uniqueKey('PRIMARY', ['id']), uniqueKey('name_uidx', ['name']), uniqueKey('uk_price', ['price'])],
    { charset: 'utf8mb4', collation: 'utf8mb4_0900_ai_ci' },
  );

  it('flags a shorter VARCHAR and checks with LEFT(col, new length) (gh-ost column-type-change case)', () => {
    const reports = check(
      alterTable('people', [{ type: 'modify-column', column: columnDef('name', varchar(4), { nullable: false, collation: 'utf8mb4_bin' }) }]),
      [people],
    );
    expect(reports).toHaveLength(1);
    const message = textOf(reports[0]!);
    expect(message).toContain('unique key `name_uidx` (`name`) on table `people`');
    expect(message).toContain('VARCHAR(20) → VARCHAR(4)');
    expect(message).toContain('GROUP BY LEFT(`name`, 4) HAVING COUNT(*) > 1');
    expect(message).toContain('ERROR 1265');
    expect(reports[0]!.data).toMatchObject({ cause: 'changed-columns', columns: [{ name: 'name', type: { name: 'VARCHAR', length: 4 } }] });
  });

  it('does not flag a wider VARCHAR with the same collation', () => {
    const reports = check(
      alterTable('people', [{ type: 'modify-column', column: columnDef('name', varchar(100), { nullable: false, collation: 'utf8mb4_bin' }) }]),
      [people],
    );
    expect(reports).toEqual([]);
  });

  it('flags a case-insensitive collation and checks with COLLATE', () => {
    const reports = check(
      alterTable('people', [{ type: 'modify-column', column: columnDef('name', varchar(20), { nullable: false, collation: 'utf8mb4_general_ci' }) }]),
      [people],
    );
    expect(reports).toHaveLength(1);
    expect(textOf(reports[0]!)).toContain('letter case');
    expect(textOf(reports[0]!)).toContain('GROUP BY `name` COLLATE utf8mb4_general_ci HAVING COUNT(*) > 1');
  });

  it('flags MODIFY that drops COLLATE: the column falls back to the table default', () => {
    const reports = check(
      alterTable('people', [{ type: 'modify-column', column: columnDef('name', varchar(20), { nullable: false }) }]),
      [people],
    );
    expect(reports).toHaveLength(1);
    expect(textOf(reports[0]!)).toContain('utf8mb4_bin → utf8mb4_0900_ai_ci');
  });

  it('flags CONVERT TO CHARACTER SET with CONVERT(... USING cs) in the query', () => {
    const reports = check(alterTable('people', [{ type: 'convert-charset', charset: 'latin1' }]), [people]);
    expect(reports).toHaveLength(1);
    expect(textOf(reports[0]!)).toContain('CONVERT TO CHARACTER SET of `name`');
    expect(textOf(reports[0]!)).toContain('GROUP BY CONVERT(`name` USING latin1) COLLATE latin1_swedish_ci');
  });

  it('does not flag CONVERT TO CHARACTER SET binary, which compares byte by byte', () => {
    expect(check(alterTable('people', [{ type: 'convert-charset', charset: 'binary' }]), [people])).toEqual([]);
  });

  it('flags fewer DECIMAL digits and checks with CAST', () => {
    const reports = check(
      alterTable('people', [{ type: 'modify-column', column: columnDef('price', dataType('DECIMAL', 6, { scale: 1 })) }]),
      [people],
    );
    expect(reports).toHaveLength(1);
    expect(textOf(reports[0]!)).toContain('GROUP BY CAST(`price` AS DECIMAL(6,1))');
  });

  it('writes the query with the old column name after CHANGE renames it', () => {
    const reports = check(
      alterTable('people', [{ type: 'change-column', oldName: 'name', column: columnDef('full_name', varchar(8), { nullable: false, collation: 'utf8mb4_bin' }) }]),
      [people],
    );
    expect(reports).toHaveLength(1);
    expect(textOf(reports[0]!)).toContain('unique key `name_uidx` (`full_name`)');
    expect(textOf(reports[0]!)).toContain('SELECT LEFT(`name`, 8) AS `name`');
  });

  it('attaches each key part with its source column and state after the statement', () => {
    const reports = check(
      alterTable('people', [{ type: 'change-column', oldName: 'name', column: columnDef('full_name', varchar(8), { nullable: false, collation: 'utf8mb4_bin' }) }]),
      [people],
    );
    expect(reports[0]!.data).toMatchObject({
      key: { name: 'name_uidx', primary: false, parts: [{ column: 'full_name' }] },
      keyParts: [{ column: 'full_name', sourceColumn: 'name', after: { name: 'full_name', type: { name: 'VARCHAR', length: 8 }, collation: 'utf8mb4_bin', nullable: false } }],
      finderParts: [{ column: 'name', prefixLength: 8 }],
    });
  });

  it('ignores a key the same statement drops', () => {
    const reports = check(
      alterTable('people', [
        { type: 'drop-key', name: 'name_uidx' },
        { type: 'modify-column', column: columnDef('name', varchar(4), { nullable: false, collation: 'utf8mb4_bin' }) },
      ]),
      [people],
    );
    expect(reports).toEqual([]);
  });

  it('flags adding AUTO_INCREMENT to a key column: rows holding 0 are renumbered (C57)', () => {
    const counters = tableState('counters', [columnState('id', int, { nullable: false }), columnState('n', int)], [uniqueKey('PRIMARY', ['id'])]);
    const reports = check(
      alterTable('counters', [{ type: 'modify-column', column: columnDef('id', int, { nullable: false, autoIncrement: true }) }]),
      [counters],
    );
    expect(reports).toHaveLength(1);
    expect(textOf(reports[0]!)).toContain('PRIMARY KEY (`id`) on table `counters`');
    expect(textOf(reports[0]!)).toContain('SELECT COUNT(*) AS `rows_renumbered` FROM `counters` WHERE `id` = 0 OR `id` IS NULL;');
    expect(textOf(reports[0]!)).not.toContain('GROUP BY');
    // Keeping AUTO_INCREMENT on a column that already has it renumbers nothing.
    const already = { ...counters, columns: [columnState('id', int, { nullable: false, autoIncrement: true }), columnState('n', int)] };
    expect(check(alterTable('counters', [{ type: 'modify-column', column: columnDef('id', int, { nullable: false, autoIncrement: true }) }]), [already])).toEqual([]);
  });
});
