/**
 * The probed table as it stands now: its columns, collation, engine, type and row estimate from
 * information_schema, and the errors the server raises from the table's definition alone, before
 * it reads any row (a view, a system-versioned table, a partitioning column left out of the key),
 * or why information_schema shows no such table.
 */
import type { TableName } from '../statement.js';
import { LivePrivilegeError, type LiveSession } from './session.js';
import type { UniqueKeyProbe } from './probe-types.js';
import { OtherError } from './probe-errors.js';

/** The current definition of a column, read from information_schema.COLUMNS. */
export interface CurrentColumn {
  name: string;
  typeName: string;
  columnType: string;
  /** CHARACTER_MAXIMUM_LENGTH: characters for text, bytes for binary. */
  length?: number;
  unsigned: boolean;
  charset?: string;
  collation?: string;
  nullable: boolean;
}

/** The table as information_schema shows it now. */
export interface CurrentTable {
  columns: Map<string, CurrentColumn>;
  tableCollation?: string;
  engine?: string;
  /** TABLE_TYPE: `BASE TABLE`, `VIEW`, `SYSTEM VERSIONED` (MariaDB)... */
  tableType: string;
  /** ROW_FORMAT (`Dynamic`, `Compact`, ...): decides InnoDB's key length limit on MySQL. */
  rowFormat?: string;
  /** TABLE_ROWS: the server's estimate of the row count (exact for MyISAM and Aria). */
  estimatedRows?: number;
}

/**
 * Errors the server raises before it looks at any row:
 * - an ALTER of a view: ERROR 1347 (ER_WRONG_OBJECT, "is not of type 'BASE TABLE'");
 * - a system-versioned table while `system_versioning_alter_history` is ERROR: ERROR 4119
 *   (MariaDB KB "System-Versioned Tables", "Adding or Removing System Versioning");
 * - a unique key that leaves out a column of the partitioning function: ERROR 1503 (MySQL 8.0
 *   manual 26.6.1 "Partitioning Keys, Primary Keys, and Unique Keys").
 */
export async function structuralError(session: LiveSession, key: UniqueKeyProbe, table: CurrentTable): Promise<OtherError | undefined> {
  const label = `${key.table.schema ?? session.database}.${key.table.name}`;
  if (table.tableType.toUpperCase() === 'VIEW') return new OtherError(1347, 'ER_WRONG_OBJECT', `'${label}' is a view, not of type 'BASE TABLE'`);
  if (table.tableType.toUpperCase() === 'SYSTEM VERSIONED') {
    const rows = await session.select('SELECT @@system_versioning_alter_history AS h');
    if (String(rows[0]?.h ?? 'ERROR').toUpperCase() !== 'KEEP') {
      return new OtherError(4119, 'ER_VERS_ALTER_NOT_ALLOWED', `'${label}' is system-versioned and system_versioning_alter_history is not KEEP`);
    }
  }
  const partitions = await session.select(
    'SELECT PARTITION_METHOD AS m, PARTITION_EXPRESSION AS p, SUBPARTITION_EXPRESSION AS sp FROM information_schema.PARTITIONS ' +
      'WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND PARTITION_NAME IS NOT NULL LIMIT 1',
    [key.table.schema ?? session.database, key.table.name],
  );
  const partition = partitions[0];
  if (partition) {
    const expressions = [partition.p, partition.sp].filter((value) => value !== null && value !== undefined).map(String);
    const used = new Set<string>();
    for (const expression of expressions) {
      for (const match of expression.matchAll(/`((?:[^`]|``)+)`|([A-Za-z_][A-Za-z0-9_$]*)/g)) {
        const name = (match[1] ?? match[2]!).replace(/``/g, '`').toLowerCase();
        if (table.columns.has(name)) used.add(name);
      }
    }
    const keyColumns = new Set(key.parts.map((part) => part.column.toLowerCase()));
    const missing = [...used].filter((name) => !keyColumns.has(name));
    if (missing.length > 0) {
      return new OtherError(1503, 'ER_UNIQUE_KEY_NEED_ALL_FIELDS_IN_PF', `the key leaves out the partitioning column(s) ${missing.map((name) => `'${name}'`).join(', ')}`);
    }
  }
  return undefined;
}

/** Reads the table's columns and table-level facts from information_schema; undefined when it lists no such table. */
export async function readCurrentColumns(
  session: LiveSession,
  table: TableName,
): Promise<CurrentTable | undefined> {
  const schema = table.schema ?? session.database;
  const tables = await session.select(
    'SELECT TABLE_COLLATION AS coll, ENGINE AS engine, TABLE_TYPE AS type, ROW_FORMAT AS row_format, TABLE_ROWS AS table_rows FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?',
    [schema, table.name],
  );
  if (tables.length === 0) return undefined;
  const rows = await session.select(
    'SELECT COLUMN_NAME AS name, DATA_TYPE AS data_type, COLUMN_TYPE AS column_type, ' +
      'CHARACTER_MAXIMUM_LENGTH AS len, CHARACTER_SET_NAME AS cs, COLLATION_NAME AS coll, IS_NULLABLE AS nullable ' +
      'FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?',
    [schema, table.name],
  );
  const columns = new Map<string, CurrentColumn>();
  for (const row of rows) {
    const name = String(row.name);
    const column: CurrentColumn = {
      name,
      typeName: String(row.data_type).toUpperCase(),
      columnType: String(row.column_type),
      unsigned: /\bunsigned\b/i.test(String(row.column_type)),
      nullable: String(row.nullable).toUpperCase() === 'YES',
    };
    if (row.len !== null && row.len !== undefined) column.length = Number(row.len);
    if (row.cs) column.charset = String(row.cs);
    if (row.coll) column.collation = String(row.coll);
    columns.set(name.toLowerCase(), column);
  }
  const result: CurrentTable = { columns, tableType: String(tables[0]?.type ?? 'BASE TABLE') };
  if (tables[0]?.coll) result.tableCollation = String(tables[0].coll);
  if (tables[0]?.engine) result.engine = String(tables[0].engine);
  if (tables[0]?.row_format) result.rowFormat = String(tables[0].row_format);
  if (tables[0]?.table_rows !== null && tables[0]?.table_rows !== undefined) result.estimatedRows = Number(tables[0].table_rows);
  return result;
}

/**
 * Why information_schema shows no such table: it does not exist (ERROR 1146), or the account may
 * not see it (information_schema lists only the tables an account has some privilege on; MySQL
 * 8.0 manual 28.1 "Introduction" to INFORMATION_SCHEMA).
 */
export async function absentTableReason(session: LiveSession, table: TableName): Promise<string> {
  const label = `${table.schema ? table.schema + '.' : ''}${table.name}`;
  try {
    await session.select(`SELECT 1 FROM ${session.qualify(table)} LIMIT 0`);
    return `table ${label} is not listed in information_schema for this account`;
  } catch (error) {
    if (error instanceof LivePrivilegeError) return `table ${label} is not readable by this account (${error.message})`;
    const errno = (error as { errno?: number }).errno;
    if (errno === 1146 || errno === 1049) return `table ${label} does not exist on the target`;
    return `table ${label} could not be read: ${(error as Error).message}`;
  }
}
