/**
 * The PRIMARY KEY and UNIQUE keys a statement defines (CREATE TABLE, ALTER TABLE ... ADD,
 * CREATE UNIQUE INDEX), each with the state its columns have after the statement: the facts
 * rules need to judge a key's definition itself (nullable parts, collations), whether or not the
 * table holds rows.
 *
 * Column states are resolved as the server does (MySQL 8.0 manual 15.1.20 "CREATE TABLE":
 * PRIMARY KEY columns are NOT NULL; 10.3.5 "Column Character Set and Collation": the column's
 * COLLATE, else its CHARACTER SET's default collation, else the table's default, else the
 * database default, taken as utf8mb4 with the dialect's default collation like the schema model).
 */
import type { Dialect } from '../rule.js';
import type { KeyPart, SqlSpan, StatementIR, TableName } from '../statement.js';
import type { ColumnState, SchemaView, TableState } from '../schema/types.js';
import { defaultCollationForCharset } from '../schema/collation.js';
import { columnStateFrom, generatedIndexName, replayColumnChanges } from './column-changes.js';

/** One key a statement defines. */
export interface DefinedKey {
  table: TableName;
  /** `PRIMARY`, or the index name as written or as the server generates it. */
  name: string;
  primary: boolean;
  parts: KeyPart[];
  /** State after the statement of each part's column; undefined for expression parts and unknown columns. */
  columns: (ColumnState | undefined)[];
  /** Where the key (or the inline column definition carrying it) stands in the statement, when known. */
  span?: SqlSpan;
  /** True when the statement creates the table. */
  newTable: boolean;
}

/** A table state for a CREATE TABLE, enough to resolve column collations. */
function creatingTable(ir: Extract<StatementIR, { kind: 'create-table' }>, dialect: Dialect, schema?: SchemaView): TableState {
  const charset = ir.options.charset ?? (ir.options.collation ? undefined : 'utf8mb4');
  const table: TableState = {
    name: ir.table,
    columns: [],
    uniqueKeys: [],
    indexes: [],
    foreignKeys: [],
    origin: 'file',
    emptyInDeployment: true,
    createdInDeployment: true,
  };
  if (charset) table.charset = charset;
  const collation = ir.options.collation ?? (charset ? (schema?.defaultCollationOf?.(charset) ?? defaultCollationForCharset(charset, dialect)) : undefined);
  if (collation) table.collation = collation;
  return table;
}

/**
 * The unique keys `ir` defines, in statement order. Empty for other statements, for
 * `CREATE TABLE ... LIKE` and for `CREATE TABLE IF NOT EXISTS` of a table the model already knows.
 * Never throws.
 */
export function definedUniqueKeys(ir: StatementIR, schema: SchemaView, dialect: Dialect): DefinedKey[] {
  try {
    return collect(ir, schema, dialect);
  } catch {
    return [];
  }
}

function collect(ir: StatementIR, schema: SchemaView, dialect: Dialect): DefinedKey[] {
  if (ir.kind === 'create-table') {
    if (ir.like || (ir.ifNotExists && schema.getTable(ir.table))) return [];
    const table = creatingTable(ir, dialect, schema);
    const primaryColumns = new Set<string>();
    for (const key of ir.keys) if (key.kind === 'primary') for (const part of key.parts) primaryColumns.add(part.column.toLowerCase());
    for (const column of ir.columns) if (column.primaryKey) primaryColumns.add(column.name.toLowerCase());
    const states = new Map<string, ColumnState>();
    for (const column of ir.columns) states.set(column.name.toLowerCase(), columnStateFrom(column, table, dialect, primaryColumns.has(column.name.toLowerCase()), (charset) => schema.defaultCollationOf?.(charset)));
    const taken = new Set<string>();
    const keys: DefinedKey[] = [];
    const add = (name: string, primary: boolean, parts: KeyPart[], span: SqlSpan | undefined): void => {
      const key: DefinedKey = { table: ir.table, name, primary, parts, columns: parts.map((part) => states.get(part.column.toLowerCase())), newTable: true };
      if (span) key.span = span;
      keys.push(key);
    };
    for (const column of ir.columns) {
      if (column.primaryKey) add('PRIMARY', true, [{ column: column.name }], column.span);
    }
    for (const key of ir.keys) {
      if (key.kind === 'primary') add('PRIMARY', true, key.parts, key.span);
    }
    for (const column of ir.columns) {
      if (column.unique && !column.primaryKey) {
        const name = generatedIndexName(column.name, taken);
        taken.add(name.toLowerCase());
        add(name, false, [{ column: column.name }], column.span);
      }
    }
    for (const key of ir.keys) {
      if (key.kind !== 'unique') continue;
      const name = key.name ?? key.constraintName ?? generatedIndexName(key.parts[0]?.column ?? '', taken);
      taken.add(name.toLowerCase());
      add(name, false, key.parts, key.span);
    }
    return keys;
  }
  const changes = replayColumnChanges(ir, schema, dialect);
  if (!changes) return [];
  return changes.addedKeys.map((added) => {
    const key: DefinedKey = {
      table: changes.tableName,
      name: added.name,
      primary: added.primary,
      parts: added.key.parts,
      columns: added.key.parts.map((part) => (part.column === '' ? undefined : changes.columns.get(part.column.toLowerCase())?.after)),
      newTable: false,
    };
    if (added.span) key.span = added.span;
    return key;
  });
}
