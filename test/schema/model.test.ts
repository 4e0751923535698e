import { describe, expect, it } from 'vitest';
import { SchemaModel, parseTableName } from '../../src/schema/model.js';
import type { TableState } from '../../src/schema/types.js';
import {
  INT,
  VARCHAR,
  alter,
  column,
  createTable,
  createTableOptions,
  foreignKey,
  insertValues,
  key,
  name,
  parts,
  statement,
  type,
} from './ir.js';

function mysqlModel(): SchemaModel {
  const model = new SchemaModel({ dialect: 'mysql' });
  model.beginFile('file');
  return model;
}

function tableOf(model: SchemaModel, table: string): TableState {
  const state = model.table(table);
  if (!state) throw new Error(`table ${table} is not in the model`);
  return state;
}

function keyNames(state: TableState): string[] {
  return state.uniqueKeys.map((uniqueKey) => uniqueKey.name);
}

describe('CREATE TABLE', () => {
  it('records columns with type, nullability, default, AUTO_INCREMENT and effective collation', () => {
    const model = mysqlModel();
    model.apply(
      createTable('users', [
        column('id', type('BIGINT', undefined, { unsigned: true }), { nullable: false, autoIncrement: true }),
        column('email', VARCHAR(255), { nullable: false }),
        column('nick', VARCHAR(40), { collation: 'utf8mb4_bin' }),
        column('legacy', type('CHAR', 2), { charset: 'latin1' }),
        column('status', INT(), { default: { kind: 'number', text: '0' } }),
        column('avatar', type('BLOB')),
      ]),
    );
    const users = tableOf(model, 'users');
    expect(users.columns.map((c) => c.name)).toEqual(['id', 'email', 'nick', 'legacy', 'status', 'avatar']);
    const id = model.getColumn(users, 'ID')!;
    expect(id).toMatchObject({ nullable: false, autoIncrement: true, type: { name: 'BIGINT', unsigned: true } });
    expect(id.collation).toBeUndefined();
    expect(model.getColumn(users, 'email')).toMatchObject({ charset: 'utf8mb4', collation: 'utf8mb4_0900_ai_ci' });
    expect(model.getColumn(users, 'nick')).toMatchObject({ charset: 'utf8mb4', collation: 'utf8mb4_bin' });
    expect(model.getColumn(users, 'legacy')).toMatchObject({ charset: 'latin1', collation: 'latin1_swedish_ci' });
    expect(model.getColumn(users, 'status')).toMatchObject({ nullable: true, default: { kind: 'number', text: '0' } });
    expect(model.getColumn(users, 'avatar')).toMatchObject({ charset: 'binary', collation: 'binary' });
    expect(users).toMatchObject({ origin: 'file', createdInDeployment: true, emptyInDeployment: true, charset: 'utf8mb4' });
  });

  it('uses the MariaDB default collation for utf8mb4 and the table options when stated', () => {
    const model = new SchemaModel({ dialect: 'mariadb' });
    model.apply(createTable('a', [column('s', VARCHAR(10))]));
    model.apply(createTableOptions('b', [column('s', VARCHAR(10))], { charset: 'utf8' }));
    model.apply(createTableOptions('c', [column('s', VARCHAR(10))], { collation: 'latin1_bin' }));
    expect(model.getColumn(tableOf(model, 'a'), 's')?.collation).toBe('utf8mb4_general_ci');
    expect(model.getColumn(tableOf(model, 'b'), 's')).toMatchObject({ charset: 'utf8mb3', collation: 'utf8mb3_general_ci' });
    expect(model.getColumn(tableOf(model, 'c'), 's')).toMatchObject({ charset: 'latin1', collation: 'latin1_bin' });
    expect(tableOf(model, 'c')).toMatchObject({ charset: 'latin1', collation: 'latin1_bin' });
  });

  it('honours a configured default charset and collation', () => {
    const model = new SchemaModel({ dialect: 'mysql', defaultCharset: 'latin1' });
    model.apply(createTable('t', [column('s', VARCHAR(10))]));
    expect(model.getColumn(tableOf(model, 't'), 's')?.collation).toBe('latin1_swedish_ci');
    const custom = new SchemaModel({ dialect: 'mariadb', defaultCollation: 'utf8mb4_uca1400_ai_ci' });
    custom.apply(createTableOptions('t', [column('s', VARCHAR(10))], { charset: 'utf8mb4' }));
    expect(custom.defaultCharset).toBe('utf8mb4');
    expect(custom.getColumn(tableOf(custom, 't'), 's')?.collation).toBe('utf8mb4_uca1400_ai_ci');
  });

  it('puts PRIMARY first, makes its columns NOT NULL, and names unnamed unique keys like the server', () => {
    const model = mysqlModel();
    model.apply(
      createTable(
        't',
        [column('a', INT(), { unique: true }), column('b', INT()), column('c', VARCHAR(100))],
        [
          key('unique', ['a', 'b']),
          key('unique', ['c(10)']),
          key('unique', ['b'], 'named'),
          key('primary', ['b', 'a']),
          key('index', ['c']),
        ],
      ),
    );
    const state = tableOf(model, 't');
    expect(keyNames(state)).toEqual(['PRIMARY', 'a', 'a_2', 'c', 'named']);
    expect(state.uniqueKeys[0]).toMatchObject({ primary: true, parts: parts('b', 'a') });
    expect(state.uniqueKeys[3]!.parts).toEqual([{ column: 'c', prefixLength: 10 }]);
    expect(state.indexes).toEqual([{ name: 'c_2', kind: 'index', parts: parts('c') }]);
    expect(model.getColumn(state, 'a')?.nullable).toBe(false);
    expect(model.getColumn(state, 'b')?.nullable).toBe(false);
    expect(model.getColumn(state, 'c')?.nullable).toBe(true);
  });

  it('orders inline and table-level keys by their position when spans are known', () => {
    const model = mysqlModel();
    model.apply(
      createTable(
        't',
        [column('x', INT(), { span: { start: 10, end: 20 } }), column('y', INT(), { unique: true, span: { start: 50, end: 60 } })],
        [{ ...key('unique', ['y', 'x']), span: { start: 25, end: 40 } }],
      ),
    );
    expect(tableOf(model, 't').uniqueKeys).toEqual([
      { name: 'y', primary: false, parts: parts('y', 'x') },
      { name: 'y_2', primary: false, parts: parts('y') },
    ]);
  });

  it('names the key of a PRIMARY column clash and a functional key part', () => {
    const model = mysqlModel();
    model.apply(
      createTable(
        't',
        [column('primary', INT()), column('j', type('JSON'))],
        [key('unique', ['primary']), { kind: 'unique', parts: [{ column: '', expression: '(lower(j))' }] }],
      ),
    );
    expect(keyNames(tableOf(model, 't'))).toEqual(['primary_2', 'functional_index']);
  });

  it('models inline PRIMARY KEY and SERIAL (BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE)', () => {
    const model = mysqlModel();
    model.apply(createTable('t', [column('id', type('SERIAL'), { primaryKey: true }), column('k', INT(), { primaryKey: false })]));
    const state = tableOf(model, 't');
    expect(model.getColumn(state, 'id')).toMatchObject({
      type: { name: 'BIGINT', unsigned: true },
      nullable: false,
      autoIncrement: true,
    });
    expect(state.uniqueKeys).toEqual([
      { name: 'PRIMARY', primary: true, parts: parts('id') },
      { name: 'id', primary: false, parts: parts('id') },
    ]);
  });

  it('keeps foreign keys with ON DELETE, names unnamed ones, and adds the implicit index', () => {
    const model = mysqlModel();
    model.apply(createTable('parent', [column('id', INT(), { primaryKey: true })]));
    model.apply(
      createTable('child', [column('id', INT(), { primaryKey: true }), column('parent_id', INT()), column('other', INT())], [], {
        foreignKeys: [
          foreignKey(['parent_id'], 'parent', ['id'], { onDelete: 'cascade' }),
          foreignKey(['id'], 'parent', ['id'], { name: 'fk_id' }),
        ],
      }),
    );
    const child = tableOf(model, 'child');
    expect(child.foreignKeys.map((fk) => [fk.name, fk.onDelete])).toEqual([
      ['child_ibfk_1', 'cascade'],
      ['fk_id', undefined],
    ]);
    expect(child.indexes).toEqual([{ name: 'parent_id', kind: 'index', parts: parts('parent_id') }]);
    const references = model.referencingForeignKeys(name('PARENT'));
    expect(references.map((reference) => [reference.child.name, reference.foreignKey.columns])).toEqual([
      ['child', ['parent_id']],
      ['child', ['id']],
    ]);
    expect(model.referencingForeignKeys(name('child'))).toEqual([]);
  });

  it('never names the implicit foreign-key index PRIMARY or a taken name', () => {
    const model = mysqlModel();
    model.apply(createTable('u', [column('a', INT()), column('b', INT())], [key('unique', ['b'], 'fk_b')]));
    model.apply(
      alter(
        'u',
        { type: 'add-foreign-key', foreignKey: foreignKey(['a'], 'p', ['id'], { name: 'PRIMARY' }) },
        { type: 'add-foreign-key', foreignKey: foreignKey(['a', 'b'], 'p', ['x', 'y'], { name: 'fk_b' }) },
      ),
    );
    const state = tableOf(model, 'u');
    expect(state.indexes.map((index) => index.name)).toEqual(['a', 'a_2']);
    expect(state.foreignKeys.map((fk) => fk.name)).toEqual(['PRIMARY', 'fk_b']);
  });

  it('IF NOT EXISTS on a known table changes nothing; a plain CREATE replaces it', () => {
    const model = mysqlModel();
    model.apply(createTable('t', [column('a', INT())]));
    model.apply(insertValues('t', 1));
    model.apply(createTable('T', [column('b', INT())], [], { ifNotExists: true }));
    expect(tableOf(model, 't').columns.map((c) => c.name)).toEqual(['a']);
    expect(tableOf(model, 't').emptyInDeployment).toBe(false);
    model.apply(createTable('T', [column('b', INT())]));
    expect(tableOf(model, 't').columns.map((c) => c.name)).toEqual(['b']);
    expect(tableOf(model, 't').emptyInDeployment).toBe(true);
    expect([...model.tables()]).toHaveLength(1);
  });

  it('CREATE TABLE ... LIKE copies columns and keys but not foreign keys', () => {
    const model = mysqlModel();
    model.apply(createTable('p', [column('id', INT(), { primaryKey: true })]));
    model.apply(
      createTable('src', [column('id', INT(), { primaryKey: true }), column('email', VARCHAR(100), { unique: true }), column('p', INT())], [], {
        foreignKeys: [foreignKey(['p'], 'p', ['id'])],
        options: { collation: 'utf8mb4_unicode_ci' },
      }),
    );
    model.apply(insertValues('src', 3));
    model.apply(createTable('copy', [], [], { like: name('SRC') }));
    const copy = tableOf(model, 'copy');
    expect(copy.columns.map((c) => c.name)).toEqual(['id', 'email', 'p']);
    expect(keyNames(copy)).toEqual(['PRIMARY', 'email']);
    expect(copy.indexes.map((index) => index.name)).toEqual(['p']);
    expect(copy.foreignKeys).toEqual([]);
    expect(copy).toMatchObject({ collation: 'utf8mb4_unicode_ci', emptyInDeployment: true, createdInDeployment: true });
    expect(copy.partial).toBeUndefined();
    expect(model.referencingForeignKeys(name('p')).map((reference) => reference.child.name)).toEqual(['src']);

    model.apply(createTable('ghost', [], [], { like: name('unknown_table') }));
    expect(tableOf(model, 'ghost')).toMatchObject({ partial: true, columns: [] });
  });

  it('CREATE TABLE ... SELECT starts with rows and unknown columns', () => {
    const model = mysqlModel();
    model.apply(createTable('t', [column('id', INT(), { primaryKey: true })], [], { asSelect: true }));
    expect(tableOf(model, 't')).toMatchObject({ emptyInDeployment: false, createdInDeployment: true, partial: true });
  });
});

describe('ALTER TABLE', () => {
  function base(): SchemaModel {
    const model = mysqlModel();
    model.apply(
      createTable(
        'users',
        [column('id', INT(), { nullable: false }), column('first', VARCHAR(50)), column('last', VARCHAR(50)), column('email', VARCHAR(255))],
        [key('primary', ['id']), key('unique', ['first', 'last'], 'full_name'), key('unique', ['email(20)'], 'email_prefix')],
      ),
    );
    return model;
  }

  it('ADD COLUMN with inline UNIQUE / PRIMARY KEY adds the key; IF NOT EXISTS on a known column does nothing', () => {
    const model = mysqlModel();
    model.apply(createTable('t', [column('a', INT())]));
    model.apply(alter('t', { type: 'add-column', column: column('code', VARCHAR(8), { unique: true }) }));
    model.apply(alter('t', { type: 'add-column', column: column('CODE', INT()), ifNotExists: true }));
    model.apply(alter('t', { type: 'add-column', column: column('id', INT(), { primaryKey: true }) }));
    const state = tableOf(model, 't');
    expect(state.columns.map((c) => [c.name, c.type.name])).toEqual([
      ['a', 'INT'],
      ['code', 'VARCHAR'],
      ['id', 'INT'],
    ]);
    expect(keyNames(state)).toEqual(['PRIMARY', 'code']);
    expect(model.getColumn(state, 'id')?.nullable).toBe(false);
  });

  it('DROP COLUMN removes it from composite keys and drops keys left without parts', () => {
    const model = base();
    model.apply(alter('users', { type: 'drop-column', name: 'LAST' }));
    let state = tableOf(model, 'users');
    expect(state.uniqueKeys.find((k) => k.name === 'full_name')?.parts).toEqual(parts('first'));
    model.apply(alter('users', { type: 'drop-column', name: 'email' }));
    state = tableOf(model, 'users');
    expect(keyNames(state)).toEqual(['PRIMARY', 'full_name']);
    expect(state.columns.map((c) => c.name)).toEqual(['id', 'first']);
  });

  it('CHANGE renames the column inside keys and replaces the definition', () => {
    const model = base();
    model.apply(
      alter('users', { type: 'change-column', oldName: 'first', column: column('given_name', VARCHAR(30), { nullable: false }) }),
    );
    const state = tableOf(model, 'users');
    expect(state.uniqueKeys.find((k) => k.name === 'full_name')?.parts).toEqual(parts('given_name', 'last'));
    expect(model.getColumn(state, 'given_name')).toMatchObject({ type: { length: 30 }, nullable: false });
    expect(model.getColumn(state, 'first')).toBeUndefined();
  });

  it('MODIFY without COLLATE falls back to the table default collation', () => {
    const model = mysqlModel();
    model.apply(createTable('t', [column('code', VARCHAR(20), { collation: 'utf8mb4_bin', unique: true })]));
    expect(model.getColumn(tableOf(model, 't'), 'code')?.collation).toBe('utf8mb4_bin');
    model.apply(alter('t', { type: 'modify-column', column: column('code', VARCHAR(20), { nullable: false }) }));
    expect(model.getColumn(tableOf(model, 't'), 'code')).toMatchObject({ collation: 'utf8mb4_0900_ai_ci', nullable: false });
  });

  it('MODIFY replaces the whole definition: unstated NOT NULL, default and AUTO_INCREMENT are lost, except NOT NULL of primary-key columns', () => {
    const model = mysqlModel();
    model.apply(
      createTable('t', [
        column('id', INT(), { primaryKey: true, autoIncrement: true }),
        column('n', INT(), { nullable: false, default: { kind: 'number', text: '5' } }),
      ]),
    );
    model.apply(alter('t', { type: 'modify-column', column: column('id', type('BIGINT')) }, { type: 'modify-column', column: column('n', INT()) }));
    const state = tableOf(model, 't');
    expect(model.getColumn(state, 'id')).toMatchObject({ type: { name: 'BIGINT' }, nullable: false, autoIncrement: false });
    const n = model.getColumn(state, 'n')!;
    expect(n.nullable).toBe(true);
    expect(n.default).toBeUndefined();
  });

  it('MODIFY with inline UNIQUE adds a key, and a shorter type drops a prefix that now covers the column', () => {
    const model = base();
    model.apply(alter('users', { type: 'modify-column', column: column('email', VARCHAR(20), { unique: true }) }));
    const state = tableOf(model, 'users');
    expect(state.uniqueKeys.find((k) => k.name === 'email_prefix')?.parts).toEqual(parts('email'));
    expect(keyNames(state)).toEqual(['PRIMARY', 'full_name', 'email_prefix', 'email']);
  });

  it('RENAME COLUMN, ALTER COLUMN SET/DROP DEFAULT', () => {
    const model = base();
    model.apply(
      alter(
        'users',
        { type: 'rename-column', oldName: 'email', newName: 'mail' },
        { type: 'alter-column-default', name: 'mail', default: { kind: 'string', value: 'x' } },
        { type: 'alter-column-default', name: 'first', default: { kind: 'string', value: 'y' } },
        { type: 'alter-column-default', name: 'first' },
      ),
    );
    const state = tableOf(model, 'users');
    expect(state.uniqueKeys.find((k) => k.name === 'email_prefix')?.parts).toEqual(parts('mail(20)'));
    expect(model.getColumn(state, 'mail')?.default).toEqual({ kind: 'string', value: 'x' });
    expect(model.getColumn(state, 'first')?.default).toBeUndefined();
  });

  it('ADD/DROP/RENAME keys, DROP PRIMARY KEY and ADD PRIMARY KEY', () => {
    const model = base();
    model.apply(alter('users', { type: 'add-key', key: key('unique', ['first']) }, { type: 'add-key', key: key('unique', ['first']) }));
    expect(keyNames(tableOf(model, 'users'))).toEqual(['PRIMARY', 'full_name', 'email_prefix', 'first', 'first_2']);
    model.apply(alter('users', { type: 'rename-key', oldName: 'FIRST_2', newName: 'first_again' }, { type: 'drop-key', name: 'first' }));
    expect(keyNames(tableOf(model, 'users'))).toEqual(['PRIMARY', 'full_name', 'email_prefix', 'first_again']);
    model.apply(alter('users', { type: 'drop-primary-key' }, { type: 'add-key', key: key('primary', ['email']) }));
    const state = tableOf(model, 'users');
    expect(state.uniqueKeys[0]).toEqual({ name: 'PRIMARY', primary: true, parts: parts('email') });
    expect(model.getColumn(state, 'email')?.nullable).toBe(false);
    model.apply(alter('users', { type: 'drop-key', name: 'primary' }));
    expect(tableOf(model, 'users').uniqueKeys.some((k) => k.primary)).toBe(false);
  });

  it('ADD UNIQUE with a taken name or IF NOT EXISTS keeps the existing key', () => {
    const model = base();
    model.apply(alter('users', { type: 'add-key', key: { ...key('unique', ['id'], 'FULL_NAME'), ifNotExists: true } }));
    expect(tableOf(model, 'users').uniqueKeys.find((k) => k.name === 'full_name')?.parts).toEqual(parts('first', 'last'));
  });

  it('ADD/DROP FOREIGN KEY', () => {
    const model = base();
    model.apply(createTable('orders', [column('id', INT(), { primaryKey: true }), column('user_id', INT())]));
    model.apply(alter('orders', { type: 'add-foreign-key', foreignKey: foreignKey(['user_id'], 'users', ['id'], { onDelete: 'cascade' }) }));
    expect(model.referencingForeignKeys(name('users'))).toHaveLength(1);
    expect(tableOf(model, 'orders').indexes.map((index) => index.name)).toEqual(['user_id']);
    model.apply(alter('orders', { type: 'drop-foreign-key', name: 'ORDERS_IBFK_1' }));
    expect(model.referencingForeignKeys(name('users'))).toEqual([]);
    expect(tableOf(model, 'orders').indexes.map((index) => index.name)).toEqual(['user_id']);
  });

  it('CONVERT TO CHARACTER SET changes every non-binary string column, TEXT types stay', () => {
    const model = mysqlModel();
    model.apply(
      createTableOptions(
        't',
        [column('s', VARCHAR(10), { collation: 'latin1_bin' }), column('body', type('TEXT')), column('b', type('VARBINARY', 10)), column('n', INT())],
        { charset: 'latin1' },
      ),
    );
    model.apply(alter('t', { type: 'convert-charset', charset: 'utf8mb4', collation: 'utf8mb4_unicode_ci' }));
    let state = tableOf(model, 't');
    expect(state).toMatchObject({ charset: 'utf8mb4', collation: 'utf8mb4_unicode_ci' });
    expect(model.getColumn(state, 's')).toMatchObject({ charset: 'utf8mb4', collation: 'utf8mb4_unicode_ci' });
    expect(model.getColumn(state, 'body')).toMatchObject({ type: { name: 'TEXT' }, collation: 'utf8mb4_unicode_ci' });
    expect(model.getColumn(state, 'b')).toMatchObject({ collation: 'binary' });
    expect(model.getColumn(state, 'n')?.collation).toBeUndefined();
    model.apply(alter('t', { type: 'convert-charset', charset: 'utf8mb4' }));
    state = tableOf(model, 't');
    expect(model.getColumn(state, 's')?.collation).toBe('utf8mb4_0900_ai_ci');
  });

  it('CHARACTER SET binary turns character types into binary string types', () => {
    const model = mysqlModel();
    model.apply(createTable('t', [column('s', VARCHAR(10)), column('c', type('CHAR', 4), { charset: 'binary' }), column('body', type('TEXT'))]));
    expect(model.getColumn(tableOf(model, 't'), 'c')).toMatchObject({ type: { name: 'BINARY', length: 4 }, collation: 'binary' });
    model.apply(alter('t', { type: 'convert-charset', charset: 'binary' }));
    const state = tableOf(model, 't');
    expect(state.columns.map((c) => [c.type.name, c.collation])).toEqual([
      ['VARBINARY', 'binary'],
      ['BINARY', 'binary'],
      ['BLOB', 'binary'],
    ]);
  });

  it('table options change the default for new columns only', () => {
    const model = mysqlModel();
    model.apply(createTable('t', [column('old', VARCHAR(10))]));
    model.apply(alter('t', { type: 'table-options', options: { charset: 'latin1', engine: 'InnoDB' } }));
    model.apply(alter('t', { type: 'add-column', column: column('new', VARCHAR(10)) }));
    const state = tableOf(model, 't');
    expect(state).toMatchObject({ charset: 'latin1', collation: 'latin1_swedish_ci', engine: 'InnoDB' });
    expect(model.getColumn(state, 'old')?.collation).toBe('utf8mb4_0900_ai_ci');
    expect(model.getColumn(state, 'new')?.collation).toBe('latin1_swedish_ci');
  });

  it('RENAME TO moves the table and the foreign keys that reference it', () => {
    const model = base();
    model.apply(createTable('orders', [column('user_id', INT())], [], { foreignKeys: [foreignKey(['user_id'], 'users', ['id'])] }));
    model.apply(alter('users', { type: 'rename-table', newName: name('accounts') }, { type: 'add-column', column: column('x', INT()) }));
    expect(model.table('users')).toBeUndefined();
    expect(tableOf(model, 'accounts').columns.map((c) => c.name)).toContain('x');
    expect(tableOf(model, 'accounts').name).toEqual({ name: 'accounts' });
    expect(tableOf(model, 'orders').foreignKeys[0]?.referencedTable).toEqual({ name: 'accounts' });
    expect(model.referencingForeignKeys(name('accounts'))).toHaveLength(1);
  });

  it('renaming a referenced column updates the referencing foreign keys', () => {
    const model = base();
    model.apply(createTable('orders', [column('user_id', INT())], [], { foreignKeys: [foreignKey(['user_id'], 'users', ['id'])] }));
    model.apply(alter('users', { type: 'rename-column', oldName: 'id', newName: 'user_id' }));
    expect(tableOf(model, 'orders').foreignKeys[0]?.referencedColumns).toEqual(['user_id']);
    expect(tableOf(model, 'users').uniqueKeys[0]?.parts).toEqual(parts('user_id'));
  });

  it('CREATE INDEX and DROP INDEX', () => {
    const model = base();
    model.apply(statement({ kind: 'create-index', table: name('users'), key: key('unique', ['email'], 'uq_email') }));
    model.apply(statement({ kind: 'create-index', table: name('users'), key: key('index', ['last']) }));
    let state = tableOf(model, 'users');
    expect(keyNames(state)).toEqual(['PRIMARY', 'full_name', 'email_prefix', 'uq_email']);
    expect(state.indexes).toEqual([{ name: 'last', kind: 'index', parts: parts('last') }]);
    model.apply(statement({ kind: 'drop-index', table: name('users'), name: 'UQ_EMAIL' }));
    state = tableOf(model, 'users');
    expect(keyNames(state)).toEqual(['PRIMARY', 'full_name', 'email_prefix']);
  });
});

describe('RENAME / DROP TABLE', () => {
  it('applies several pairs in order, so swaps through a temporary name work', () => {
    const model = mysqlModel();
    model.apply(createTable('a', [column('from_a', INT())]));
    model.apply(createTable('b', [column('from_b', INT())]));
    model.apply(
      statement({
        kind: 'rename-table',
        renames: [
          { from: name('a'), to: name('tmp') },
          { from: name('b'), to: name('a') },
          { from: name('tmp'), to: name('b') },
        ],
      }),
    );
    expect(tableOf(model, 'a').columns[0]?.name).toBe('from_b');
    expect(tableOf(model, 'b').columns[0]?.name).toBe('from_a');
    expect(model.table('tmp')).toBeUndefined();
  });

  it('DROP TABLE removes tables; DROP TEMPORARY drops only temporary ones and uncovers the base table', () => {
    const model = mysqlModel();
    model.apply(createTable('t', [column('base', INT())]));
    model.apply(createTable('t', [column('temp', INT())], [], { temporary: true }));
    expect(tableOf(model, 't').columns[0]?.name).toBe('temp');
    model.apply(statement({ kind: 'drop-table', tables: [name('t')], ifExists: false, temporary: true }));
    expect(tableOf(model, 't').columns[0]?.name).toBe('base');
    model.apply(statement({ kind: 'drop-table', tables: [name('t')], ifExists: false, temporary: true }));
    expect(model.table('t')).toBeDefined();
    model.apply(statement({ kind: 'drop-table', tables: [name('T'), name('missing')], ifExists: true, temporary: false }));
    expect(model.table('t')).toBeUndefined();
  });
});

describe('emptiness tracking', () => {
  it('INSERT/REPLACE/LOAD DATA put rows into a table created in the file; zero rows do not; TRUNCATE empties it', () => {
    const model = mysqlModel();
    model.apply(createTable('t', [column('a', INT())]));
    model.apply(insertValues('t', 0));
    expect(tableOf(model, 't').emptyInDeployment).toBe(true);
    model.apply(statement({ kind: 'update', ignore: false, tables: [name('t')] }));
    model.apply(statement({ kind: 'delete', tables: [name('t')] }));
    expect(tableOf(model, 't').emptyInDeployment).toBe(true);
    model.apply(insertValues('t', 2));
    expect(tableOf(model, 't').emptyInDeployment).toBe(false);
    model.apply(statement({ kind: 'truncate', table: name('t') }));
    expect(tableOf(model, 't').emptyInDeployment).toBe(true);
    model.apply(statement({ kind: 'load-data', table: name('t'), duplicates: 'error' }));
    expect(tableOf(model, 't').emptyInDeployment).toBe(false);
    model.apply(statement({ kind: 'truncate', table: name('t') }));
    model.apply(
      statement({ kind: 'insert', verb: 'replace', ignore: false, table: name('t'), source: 'select', onDuplicateKeyUpdate: false }),
    );
    expect(tableOf(model, 't').emptyInDeployment).toBe(false);
  });

  it('beginDeployment makes every known table existing; history tables are never created in the deployment', () => {
    const model = new SchemaModel({ dialect: 'mysql' });
    model.beginFile('history');
    model.apply(createTable('h', [column('a', INT())]));
    model.apply(statement({ kind: 'truncate', table: name('h') }));
    expect(tableOf(model, 'h')).toMatchObject({ origin: 'history', createdInDeployment: false, emptyInDeployment: false });
    model.beginDeployment();
    model.beginFile('file');
    model.apply(createTable('f', [column('a', INT())]));
    expect(tableOf(model, 'f')).toMatchObject({ origin: 'file', createdInDeployment: true, emptyInDeployment: true });
    // A linted file that continues the deployment keeps the facts.
    model.beginFile('file');
    expect(tableOf(model, 'f')).toMatchObject({ origin: 'file', createdInDeployment: true, emptyInDeployment: true });
    model.beginDeployment();
    expect(tableOf(model, 'f')).toMatchObject({ origin: 'history', createdInDeployment: false, emptyInDeployment: false });
    // TRUNCATE inside a deployment empties any table, old or new.
    model.apply(statement({ kind: 'truncate', table: name('h') }));
    expect(tableOf(model, 'h')).toMatchObject({ createdInDeployment: false, emptyInDeployment: true });
    model.beginFile('history');
    expect(tableOf(model, 'h').emptyInDeployment).toBe(false);
  });

  it('never mutates a state it has handed out', () => {
    const model = mysqlModel();
    model.apply(createTable('t', [column('a', INT())]));
    const before = tableOf(model, 't');
    const snapshot = structuredClone(before);
    model.apply(alter('t', { type: 'add-key', key: key('unique', ['a']) }, { type: 'modify-column', column: column('a', type('BIGINT')) }));
    model.apply(insertValues('t', 1));
    const filled = tableOf(model, 't');
    model.apply(statement({ kind: 'truncate', table: name('t') }));
    expect(filled.emptyInDeployment).toBe(false);
    model.apply(createTable('child', [column('t_id', INT())], [], { foreignKeys: [foreignKey(['t_id'], 't', ['a'])] }));
    const child = tableOf(model, 'child');
    model.apply(alter('t', { type: 'rename-column', oldName: 'a', newName: 'b' }, { type: 'rename-table', newName: name('t2') }));
    expect(child.foreignKeys[0]).toMatchObject({ referencedTable: { name: 't' }, referencedColumns: ['a'] });
    expect(tableOf(model, 'child').foreignKeys[0]).toMatchObject({ referencedTable: { name: 't2' }, referencedColumns: ['b'] });
    model.beginFile('file');
    expect(before).toEqual(snapshot);
    expect(tableOf(model, 't2')).not.toBe(before);
  });
});

describe('names and unknown tables', () => {
  it('compares tables case-insensitively and ignores a single schema qualifier', () => {
    const model = mysqlModel();
    model.apply(createTable('app.Users', [column('id', INT())]));
    expect(model.table('users')?.name).toEqual({ schema: 'app', name: 'Users' });
    expect(model.table('APP.USERS')).toBeDefined();
    model.apply(alter('users', { type: 'add-key', key: key('unique', ['ID']) }));
    expect(tableOf(model, 'app.users').uniqueKeys[0]?.parts).toEqual(parts('id'));
    expect(model.getColumn(tableOf(model, 'users'), 'Id')?.name).toBe('id');
  });

  it('keeps tables of two schemas apart once two schemas are seen', () => {
    const model = mysqlModel();
    model.apply(createTable('a.t', [column('in_a', INT())]));
    model.apply(createTable('b.t', [column('in_b', INT())]));
    expect(tableOf(model, 'a.t').columns[0]?.name).toBe('in_a');
    expect(tableOf(model, 'b.t').columns[0]?.name).toBe('in_b');
    expect(model.table('c.t')).toBeUndefined();
    expect([...model.tables()]).toHaveLength(2);
  });

  it('tolerates statements about unknown tables and columns', () => {
    const model = mysqlModel();
    model.apply(createTable('t', [column('a', INT())]));
    const before = tableOf(model, 't');
    model.apply(alter('nope', { type: 'add-column', column: column('x', INT()) }));
    model.apply(
      alter(
        't',
        { type: 'drop-column', name: 'missing' },
        { type: 'modify-column', column: column('missing', INT()) },
        { type: 'change-column', oldName: 'missing', column: column('m2', INT()) },
        { type: 'rename-column', oldName: 'missing', newName: 'm3' },
        { type: 'alter-column-default', name: 'missing' },
        { type: 'drop-key', name: 'missing' },
        { type: 'rename-key', oldName: 'missing', newName: 'm4' },
        { type: 'drop-foreign-key', name: 'missing' },
        { type: 'other', text: 'FORCE' },
      ),
    );
    model.apply(statement({ kind: 'truncate', table: name('nope') }));
    model.apply(insertValues('nope', 3));
    model.apply(statement({ kind: 'rename-table', renames: [{ from: name('nope'), to: name('other') }] }));
    model.apply(statement({ kind: 'drop-index', table: name('nope'), name: 'x' }));
    model.apply(statement({ kind: 'inert', what: 'SET' }));
    model.apply(statement({ kind: 'other', what: 'GRANT' }));
    expect(tableOf(model, 't')).toEqual(before);
    expect(model.table('nope')).toBeUndefined();
    expect(model.table('other')).toBeUndefined();
    expect(model.replayErrors).toEqual([]);
  });

  it('parseTableName reads qualified and quoted names', () => {
    expect(parseTableName('`db`.`my``t`')).toEqual({ schema: 'db', name: 'my`t' });
    expect(parseTableName('t')).toEqual({ name: 't' });
  });

  it('putTable seeds a table read from the database', () => {
    const model = mysqlModel();
    model.putTable({
      name: name('live'),
      columns: [{ name: 'id', type: INT(), nullable: false, autoIncrement: true }],
      uniqueKeys: [{ name: 'PRIMARY', primary: true, parts: parts('id') }],
      indexes: [],
      foreignKeys: [],
      origin: 'database',
      emptyInDeployment: false,
      createdInDeployment: false,
    });
    model.apply(alter('live', { type: 'add-key', key: key('unique', ['id']) }));
    expect(keyNames(tableOf(model, 'live'))).toEqual(['PRIMARY', 'id']);
    expect(tableOf(model, 'live').origin).toBe('database');
  });
});
