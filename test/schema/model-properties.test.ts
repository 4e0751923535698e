/**
 * Property tests: the schema model replays arbitrary well-typed statement IR without throwing,
 * never changes a table state it has handed out, and keeps the invariants the server enforces.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SchemaModel } from '../../src/schema/model.js';
import type { TableState } from '../../src/schema/types.js';
import type { AlterAction, ColumnDefinition, DataType, ForeignKeyDefinition, KeyDefinition, StatementIR, TableName } from '../../src/statement.js';
import { statement } from './ir.js';

const identifier = fc.constantFrom('a', 'B', 'c', 'id', 'PRIMARY', 'a_2', 'x');
const tableName: fc.Arbitrary<TableName> = fc.record(
  { schema: fc.constantFrom('db', 'other', 'DB'), name: fc.constantFrom('t', 'T', 'u', 'v', 'tmp') },
  { requiredKeys: ['name'] },
);
const dataType: fc.Arbitrary<DataType> = fc.record(
  {
    name: fc.constantFrom('INT', 'BIGINT', 'VARCHAR', 'CHAR', 'TEXT', 'VARBINARY', 'SERIAL', 'DECIMAL', 'DATETIME', 'JSON', 'ENUM', 'weird'),
    length: fc.integer({ min: 0, max: 300 }),
    scale: fc.integer({ min: 0, max: 6 }),
    unsigned: fc.boolean(),
    values: fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }),
  },
  { requiredKeys: ['name', 'unsigned'] },
);
const charset = fc.constantFrom('utf8mb4', 'latin1', 'utf8', 'binary', 'DEFAULT', 'unknown_cs');
const collation = fc.constantFrom('utf8mb4_bin', 'latin1_swedish_ci', 'utf8_general_ci', 'uca1400_ai_ci', 'DEFAULT', 'nonsense');
const columnDefinition: fc.Arbitrary<ColumnDefinition> = fc.record(
  {
    name: identifier,
    type: dataType,
    nullable: fc.boolean(),
    default: fc.constant({ kind: 'null' as const }),
    autoIncrement: fc.boolean(),
    unique: fc.boolean(),
    primaryKey: fc.boolean(),
    charset,
    collation,
    span: fc.record({ start: fc.nat(100), end: fc.nat(100) }),
  },
  { requiredKeys: ['name', 'type', 'autoIncrement', 'unique', 'primaryKey'] },
);
const keyDefinition: fc.Arbitrary<KeyDefinition> = fc.record(
  {
    kind: fc.constantFrom('primary', 'unique', 'index', 'fulltext', 'spatial'),
    name: identifier,
    constraintName: identifier,
    parts: fc.array(
      fc.record({ column: fc.oneof(identifier, fc.constant('')), prefixLength: fc.integer({ min: 1, max: 400 }) }, { requiredKeys: ['column'] }),
      { maxLength: 3 },
    ),
    ifNotExists: fc.boolean(),
    span: fc.record({ start: fc.nat(100), end: fc.nat(100) }),
  },
  { requiredKeys: ['kind', 'parts'] },
);
const foreignKeyDefinition: fc.Arbitrary<ForeignKeyDefinition> = fc.record(
  {
    name: identifier,
    columns: fc.array(identifier, { maxLength: 2 }),
    referencedTable: tableName,
    referencedColumns: fc.array(identifier, { maxLength: 2 }),
    onDelete: fc.constantFrom('cascade', 'restrict', 'set null'),
  },
  { requiredKeys: ['columns', 'referencedTable', 'referencedColumns'] },
);
const alterAction: fc.Arbitrary<AlterAction> = fc.oneof(
  fc.record({ type: fc.constant('add-column' as const), column: columnDefinition, ifNotExists: fc.boolean() }),
  fc.record({ type: fc.constant('drop-column' as const), name: identifier }),
  fc.record({ type: fc.constant('modify-column' as const), column: columnDefinition }),
  fc.record({ type: fc.constant('change-column' as const), oldName: identifier, column: columnDefinition }),
  fc.record({ type: fc.constant('rename-column' as const), oldName: identifier, newName: identifier }),
  fc.record({ type: fc.constant('alter-column-default' as const), name: identifier }),
  fc.record({ type: fc.constant('add-key' as const), key: keyDefinition }),
  fc.record({ type: fc.constant('drop-key' as const), name: identifier }),
  fc.record({ type: fc.constant('drop-primary-key' as const) }),
  fc.record({ type: fc.constant('rename-key' as const), oldName: identifier, newName: identifier }),
  fc.record({ type: fc.constant('add-foreign-key' as const), foreignKey: foreignKeyDefinition }),
  fc.record({ type: fc.constant('drop-foreign-key' as const), name: identifier }),
  fc.record({ type: fc.constant('rename-table' as const), newName: tableName }),
  fc.record({ type: fc.constant('convert-charset' as const), charset }, { requiredKeys: ['type', 'charset'] }),
  fc.record({ type: fc.constant('table-options' as const), options: fc.record({ charset, collation, engine: fc.constant('InnoDB') }, { requiredKeys: [] }) }),
  fc.record({ type: fc.constant('other' as const), text: fc.constant('FORCE') }),
);
const ir: fc.Arbitrary<StatementIR> = fc.oneof(
  fc.record({
    kind: fc.constant('create-table' as const),
    table: tableName,
    ifNotExists: fc.boolean(),
    temporary: fc.boolean(),
    columns: fc.array(columnDefinition, { maxLength: 4 }),
    keys: fc.array(keyDefinition, { maxLength: 3 }),
    foreignKeys: fc.array(foreignKeyDefinition, { maxLength: 2 }),
    options: fc.record({ charset, collation }, { requiredKeys: [] }),
    like: fc.option(tableName, { nil: undefined }),
    asSelect: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('alter-table' as const), table: tableName, ignore: fc.boolean(), actions: fc.array(alterAction, { maxLength: 4 }) }),
  fc.record({ kind: fc.constant('create-index' as const), table: tableName, key: keyDefinition }),
  fc.record({ kind: fc.constant('drop-index' as const), table: tableName, name: identifier }),
  fc.record({ kind: fc.constant('drop-table' as const), tables: fc.array(tableName, { maxLength: 2 }), ifExists: fc.boolean(), temporary: fc.boolean() }),
  fc.record({ kind: fc.constant('rename-table' as const), renames: fc.array(fc.record({ from: tableName, to: tableName }), { maxLength: 3 }) }),
  fc.record({ kind: fc.constant('truncate' as const), table: tableName }),
  fc.record({
    kind: fc.constant('insert' as const),
    verb: fc.constantFrom('insert' as const, 'replace' as const),
    ignore: fc.boolean(),
    table: tableName,
    source: fc.constantFrom('values' as const, 'select' as const, 'set' as const),
    onDuplicateKeyUpdate: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('load-data' as const), table: tableName, duplicates: fc.constantFrom('ignore' as const, 'replace' as const, 'error' as const) }),
);

function checkInvariants(state: TableState): void {
  const names = [...state.uniqueKeys, ...state.indexes].map((key) => key.name.toLowerCase());
  expect(new Set(names).size).toBe(names.length);
  const primaries = state.uniqueKeys.filter((key) => key.primary);
  expect(primaries.length).toBeLessThanOrEqual(1);
  if (primaries.length === 1) expect(state.uniqueKeys[0]?.primary).toBe(true);
  for (const key of [...state.uniqueKeys, ...state.indexes]) expect(key.parts.length).toBeGreaterThan(0);
  // Row facts name columns of the table (they follow renames and end with dropped columns).
  if (!state.partial) {
    const columns = new Set(state.columns.map((column) => column.name.toLowerCase()));
    for (const set of state.distinctOver ?? []) for (const part of set.parts) expect(columns.has(part.column.toLowerCase())).toBe(true);
    for (const column of state.allNullColumns ?? []) expect(columns.has(column.toLowerCase())).toBe(true);
  }
  if (state.origin === 'history') expect(state.createdInDeployment).toBe(false);
}

describe('SchemaModel properties', () => {
  it('replays arbitrary IR without errors, keeps invariants and never mutates handed-out states', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(ir, fc.constantFrom(undefined, 'file' as const, 'history' as const)), { maxLength: 25 }), fc.constantFrom('mysql' as const, 'mariadb' as const), (steps, dialect) => {
        const model = new SchemaModel({ dialect });
        const handedOut: { state: TableState; snapshot: TableState }[] = [];
        for (const [each, newFile] of steps) {
          if (newFile) model.beginFile(newFile);
          for (const state of model.tables()) handedOut.push({ state, snapshot: structuredClone(state) });
          model.apply(statement(each));
          for (const state of model.tables()) {
            const expected = [...model.tables()].flatMap((child) =>
              child.foreignKeys
                .filter((foreignKey) => model.getTable(foreignKey.referencedTable) === state)
                .map((foreignKey) => ({ child: child.name, foreignKey })),
            );
            expect(model.referencingForeignKeys(state.name)).toEqual(expected);
          }
        }
        expect(model.replayErrors).toEqual([]);
        for (const state of model.tables()) checkInvariants(state);
        for (const { state, snapshot } of handedOut) expect(state).toEqual(snapshot);
      }),
      { numRuns: 300 },
    );
  });
});
