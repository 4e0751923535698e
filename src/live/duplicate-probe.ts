/**
 * The duplicate finder: asks the target server whether a unique key, as it will stand after a
 * statement, would reject the rows the table holds now (ERROR 1062, ER_DUP_ENTRY).
 *
 * Semantics (MySQL 8.0 manual 15.1.15 "CREATE INDEX", "Unique Indexes" and "Column Prefix Key
 * Parts"; 10.8.6 "Examples of the Effect of Collation"; 13.3.2 "The CHAR and VARCHAR Types";
 * MariaDB KB "CHAR", "ALTER TABLE", "Long unique"): two rows collide when every key part is non-NULL
 * and every part is equal under the part's own comparison. The probe therefore groups, on the
 * server, by the exact post-statement key expression of each part:
 *
 * - NULL parts are excluded (`IS NOT NULL` on every part); a PRIMARY KEY forces its columns NOT
 *   NULL, so NULLs there are counted as a separate failure (strict mode: ERROR 1265 on MariaDB,
 *   1138 on MySQL) or turned into the type's implicit default (non-strict mode).
 * - a prefix part is `LEFT(expr, n)`: characters for nonbinary strings, bytes for binary strings.
 * - a new character set is `CONVERT(expr USING cs)`, a new collation `... COLLATE coll`; the new
 *   collation's PAD attribute is the server's business, since GROUP BY compares with it.
 * - a CHAR target drops trailing spaces (`RTRIM`), as CHAR storage does even with NO PAD
 *   collations; a BINARY(n) target pads with 0x00 (`CAST(... AS BINARY(n))`).
 * - a shorter CHAR/VARCHAR/VARBINARY target truncates (`LEFT`), a narrower integer clips
 *   (`LEAST/GREATEST`); in strict sql_mode those rows make the ALTER fail first with a
 *   conversion error (1265, 1264, 1366), which is reported as "fails, but not with 1062".
 * - a column the statement adds holds one value on every existing row (its default), so it is a
 *   constant part: NULL (nullable without default) means no row can collide; any other constant
 *   leaves the grouping to the other parts.
 *
 * Equality is always the server's (GROUP BY on the converted expressions), never JavaScript's.
 * The finder runs one bounded SELECT per key inside the session's read-only snapshot, and a
 * second one that counts the rows only on a small table (src/live/probe-query.ts). When an
 * existing index starts with the key's columns, compared as they are now, the SELECT reads that
 * index in order instead of sorting (src/live/key-index.ts).
 *
 * When the statement redefines a key column (type, length, precision, ENUM/SET members, charset,
 * collation, nullability), the conversion above is not modelled: the key columns are copied as
 * they are into a TEMPORARY table of the session (`LiveSession.withScratchTables`), the server's
 * own `ALTER TABLE ... MODIFY` converts them there under the migration's sql_mode and time_zone,
 * and the grouping runs on the result. CAST is not the assignment an ALTER performs (a DOUBLE
 * into VARCHAR(8) is '0.1' through INSERT ... SELECT, '0.100000' or ERROR 1406 through ALTER;
 * verified on MariaDB 10.11), so the modelled path above runs only where the server refuses a
 * temporary table, and its verdict then says it is modelled (`unknown` unless it fails first).
 */
import type { LiveEvidence } from '../diagnostic.js';
import type { DataType, TableName, ValueLiteral } from '../statement.js';
import { formatDataType } from '../schema/data-types.js';
import { LiveConnectionLostError, LivePrivilegeError, LiveTimeoutError, type LiveSession, quoteIdentifier, type ScratchTables } from './session.js';
import { withThousandsSeparators } from '../analysis/sql-text.js';
import {
  addedZeroDateError,
  catalogSpellings,
  groupableExpression,
  jsonKeyPartError,
  keyLengthError,
  strictTruncation,
  type KeyLengthPart,
} from './mysql-semantics.js';
import { findGroupingIndex, type GroupingIndex } from './key-index.js';
import { plainGroupedColumns, readGrouping, type FailureCheck, type GroupingReading, type PartPlan } from './probe-query.js';

/** A column definition as the statement leaves it (the schema model's view after the statement). */
export interface ProbeColumnDefinition {
  type: DataType;
  /** Character set; when both this and `collation` are absent a string column takes the table default. */
  charset?: string;
  /** Collation; when absent the charset's default collation on the target server applies. */
  collation?: string;
  nullable: boolean;
  default?: ValueLiteral;
  autoIncrement?: boolean;
  generated?: { expression: string; stored: boolean };
}

/** One part of the unique key being probed. */
export interface ProbeKeyPart {
  /** Column name after the statement. `''` for a functional part. */
  column: string;
  /** The column's current name when the statement renames it (CHANGE old new); defaults to `column`. */
  sourceColumn?: string;
  /** Prefix length: characters for nonbinary strings, bytes for binary strings. */
  prefixLength?: number;
  /** SQL of a functional key part: not evaluated, the verdict is `unknown`. */
  expression?: string;
  /**
   * The column's definition after the statement, when the statement adds or changes the column.
   * Omit it when the statement leaves the column as it is.
   */
  after?: ProbeColumnDefinition;
  /** True when the statement adds the column: every existing row gets `after.default`. */
  added?: boolean;
}

/** A unique key as it will stand after the statement. */
export interface UniqueKeyProbe {
  table: TableName;
  /** Index name (`PRIMARY` for a primary key). */
  keyName: string;
  primary: boolean;
  parts: ProbeKeyPart[];
}

/**
 * What the probe concluded.
 * - `duplicates`: the statement fails with ERROR 1062.
 * - `no-duplicates`: no row collides (at this snapshot).
 * - `other-error`: the statement fails before or instead of 1062 (strict-mode conversion, NULL in
 *   a PRIMARY KEY, a prefix on a non-string column, TEXT without prefix on MySQL...).
 * - `unknown`: the probe could not decide (functional part, unsupported type change, timeout,
 *   missing privilege, missing table).
 */
export type ProbeOutcome = 'duplicates' | 'no-duplicates' | 'other-error' | 'unknown';

/** The result of probing one key. */
export interface DuplicateProbeResult {
  key: UniqueKeyProbe;
  outcome: ProbeOutcome;
  /** Evidence for the diagnostic: `fails` for duplicates and other errors, `passes`, or `unknown`. */
  evidence: LiveEvidence;
  /** Rows with a NULL key part (never colliding in a UNIQUE key). */
  nullRows?: number;
  /**
   * For `duplicates`: the rows of all duplicate groups together (a lower bound when
   * `evidence.duplicateGroupsAtLeast`). A copy that keeps the first row of each group (INSERT
   * IGNORE, MariaDB ALTER IGNORE) drops `duplicateRows - duplicateGroups`.
   */
  duplicateRows?: number;
  /** The error the statement is predicted to fail with when `outcome` is `other-error`. */
  otherError?: { errno: number; name: string; rows?: number };
}

/** Options of `probeUniqueKey`. */
export interface ProbeOptions {
  /** Bound of the probe query in milliseconds (default: the session's). */
  timeoutMs?: number;
  /**
   * Whether the migration will run in strict sql_mode (default: the server's global sql_mode).
   */
  strict?: boolean;
  /**
   * The sql_mode the migration runs with (the file's `SET sql_mode`, else the server's global
   * one). Implies `strict` unless that is given.
   */
  sqlMode?: string;
  /** The time_zone the migration runs with (the file's `SET time_zone`); default: the server's. */
  timeZone?: string;
  /**
   * Whether the probe may group through an existing index that starts with the key's columns
   * (src/live/key-index.ts), reading it in order without a sort and stopping at the first
   * duplicate groups. Default true; false forces the sort path (the bench and the tests compare
   * the two).
   */
  indexPath?: boolean;
  /**
   * The probe counts the table's rows and the rows with a NULL key part, in a pass of its own,
   * only when the server's estimate of the table's rows (information_schema.TABLES.TABLE_ROWS)
   * is below this; a larger table is read once and the finding says its rows were not counted.
   * Default `COUNT_ROWS_BELOW`.
   */
  countRowsBelow?: number;
}

/**
 * Below this many rows (the server's estimate) a probe also counts the rows, which costs a
 * second pass over the table (src/live/probe-query.ts); above it the probe reads the table once.
 */
export const COUNT_ROWS_BELOW = 100_000;

// ---------------------------------------------------------------------------------------------

type Family = 'text' | 'binary' | 'integer' | 'enum' | 'other';

const TEXT_TYPES = new Set(['CHAR', 'VARCHAR', 'TINYTEXT', 'TEXT', 'MEDIUMTEXT', 'LONGTEXT', 'JSON']);
const BINARY_TYPES = new Set(['BINARY', 'VARBINARY', 'TINYBLOB', 'BLOB', 'MEDIUMBLOB', 'LONGBLOB']);
const LOB_TYPES = new Set(['TINYTEXT', 'TEXT', 'MEDIUMTEXT', 'LONGTEXT', 'JSON', 'TINYBLOB', 'BLOB', 'MEDIUMBLOB', 'LONGBLOB']);
const INTEGER_MAX: Record<string, { signed: [bigint, bigint]; unsigned: [bigint, bigint] }> = {
  TINYINT: { signed: [-128n, 127n], unsigned: [0n, 255n] },
  SMALLINT: { signed: [-32768n, 32767n], unsigned: [0n, 65535n] },
  MEDIUMINT: { signed: [-8388608n, 8388607n], unsigned: [0n, 16777215n] },
  INT: { signed: [-2147483648n, 2147483647n], unsigned: [0n, 4294967295n] },
  BIGINT: { signed: [-9223372036854775808n, 9223372036854775807n], unsigned: [0n, 18446744073709551615n] },
};

function familyOf(typeName: string): Family {
  const name = typeName.toUpperCase();
  if (TEXT_TYPES.has(name)) return 'text';
  if (BINARY_TYPES.has(name)) return 'binary';
  if (name in INTEGER_MAX) return 'integer';
  if (name === 'ENUM' || name === 'SET') return 'enum';
  return 'other';
}

/** The current definition of a column, read from information_schema.COLUMNS. */
interface CurrentColumn {
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

/** A resolved target definition of a part's column. */
interface TargetColumn {
  typeName: string;
  length?: number;
  unsigned: boolean;
  charset?: string;
  collation?: string;
  nullable: boolean;
}


class Undecidable extends Error {}
class OtherError extends Error {
  constructor(
    readonly errno: number,
    readonly errorName: string,
    message: string,
  ) {
    super(message);
  }
}

const SAFE_NAME = /^[A-Za-z0-9_]+$/;

/** Reads collation metadata once per probe run. */
class CollationCatalog {
  private readonly charsetOfCollation = new Map<string, string | null>();
  private readonly defaultOfCharset = new Map<string, string | null>();

  constructor(private readonly session: LiveSession) {}

  private readonly maxlenOfCharset = new Map<string, number | null>();

  /** `utf8`/`utf8mb3` names in both spellings (MySQL before 8.0.30 lists `utf8_*`): src/live/mysql-semantics.ts. */
  private static aliases(name: string): string[] {
    return catalogSpellings(name);
  }

  /** Bytes per character of a character set (`CHARACTER_SETS.MAXLEN`); 4 when the server does not list it. */
  async bytesPerCharacter(charset: string): Promise<number> {
    const name = charset.toLowerCase();
    if (!this.maxlenOfCharset.has(name)) {
      const rows = SAFE_NAME.test(name)
        ? await this.session.select('SELECT MAXLEN AS m FROM information_schema.CHARACTER_SETS WHERE CHARACTER_SET_NAME = ?', [name])
        : [];
      this.maxlenOfCharset.set(name, rows[0] ? Number(rows[0].m) : null);
    }
    return this.maxlenOfCharset.get(name) ?? 4;
  }

  /**
   * The collation `name` stands for. A name information_schema lists with its character set is
   * taken as listed. A name it lists without one (MariaDB 10.10+ `uca1400_ai_ci`, which applies
   * to any Unicode character set) or does not list (an alias such as MariaDB 11.4's
   * `utf8mb4_0900_ai_ci`) is resolved by the server itself in the character set the column gets
   * (`contextCharset`): `COLLATION(CONVERT('' USING cs) COLLATE name)`, so its errors (1273
   * unknown collation, 1253 not valid for the character set) are the server's own.
   */
  async collation(name: string, contextCharset?: string): Promise<{ collation: string; charset: string }> {
    for (const candidate of CollationCatalog.aliases(name)) {
      if (!SAFE_NAME.test(candidate)) break;
      if (!this.charsetOfCollation.has(candidate)) {
        const rows = await this.session.select(
          'SELECT CHARACTER_SET_NAME AS cs FROM information_schema.COLLATIONS WHERE COLLATION_NAME = ?',
          [candidate],
        );
        this.charsetOfCollation.set(candidate, rows[0] && rows[0].cs !== null && rows[0].cs !== undefined ? String(rows[0].cs) : null);
      }
      const charset = this.charsetOfCollation.get(candidate);
      if (charset) return { collation: candidate, charset };
    }
    if (contextCharset && SAFE_NAME.test(contextCharset) && SAFE_NAME.test(name)) {
      try {
        const rows = await this.session.select(
          `SELECT COLLATION(CONVERT('' USING ${contextCharset}) COLLATE ${name}) AS c, CHARSET(CONVERT('' USING ${contextCharset}) COLLATE ${name}) AS cs`,
        );
        if (rows[0]?.c) return { collation: String(rows[0].c), charset: String(rows[0].cs) };
      } catch (error) {
        const errno = (error as { errno?: number }).errno;
        if (errno === 1253) throw new OtherError(1253, 'ER_COLLATION_CHARSET_MISMATCH', `collation ${name} is not valid for ${contextCharset}`);
        if (errno === 1273) throw new OtherError(1273, 'ER_UNKNOWN_COLLATION', `unknown collation '${name}'`);
        if (errno === 1115) throw new OtherError(1115, 'ER_UNKNOWN_CHARACTER_SET', `unknown character set '${contextCharset}'`);
        throw error;
      }
    }
    throw new OtherError(1273, 'ER_UNKNOWN_COLLATION', `unknown collation '${name}'`);
  }

  async defaultCollation(charset: string): Promise<{ collation: string; charset: string }> {
    for (const candidate of CollationCatalog.aliases(charset)) {
      if (!SAFE_NAME.test(candidate)) break;
      if (candidate === 'utf8mb4') {
        return { collation: this.session.server.defaultUtf8mb4Collation, charset: 'utf8mb4' };
      }
      if (!this.defaultOfCharset.has(candidate)) {
        const rows = await this.session.select(
          "SELECT COLLATION_NAME AS c FROM information_schema.COLLATIONS WHERE CHARACTER_SET_NAME = ? AND IS_DEFAULT = 'Yes'",
          [candidate],
        );
        this.defaultOfCharset.set(candidate, rows[0] ? String(rows[0].c) : null);
      }
      const collation = this.defaultOfCharset.get(candidate);
      if (collation) return { collation, charset: candidate };
    }
    throw new OtherError(1115, 'ER_UNKNOWN_CHARACTER_SET', `unknown character set '${charset}'`);
  }
}

/** The table as information_schema shows it now. */
interface CurrentTable {
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
async function structuralError(session: LiveSession, key: UniqueKeyProbe, table: CurrentTable): Promise<OtherError | undefined> {
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

async function readCurrentColumns(
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

function describeType(typeName: string, length: number | undefined, unsigned: boolean): string {
  return `${typeName}${length !== undefined ? `(${length})` : ''}${unsigned ? ' UNSIGNED' : ''}`;
}

/** Whether a non-expression default is constant across rows (CURRENT_TIMESTAMP is fixed per statement). */
function defaultIsConstant(value: ValueLiteral | undefined): boolean {
  if (value === undefined || value.kind !== 'expression') return true;
  return /^\s*\(?\s*(CURRENT_TIMESTAMP|NOW|LOCALTIME|LOCALTIMESTAMP|CURRENT_DATE|CURDATE|CURRENT_TIME|CURTIME)\s*(\(\s*\d*\s*\))?\s*\)?\s*$/i.test(
    value.text,
  );
}

function literalDisplay(value: ValueLiteral | undefined): unknown {
  if (value === undefined) return '(implicit default)';
  switch (value.kind) {
    case 'null':
      return null;
    case 'string':
      return value.value;
    case 'number':
      return value.text;
    case 'boolean':
      return value.value ? 1 : 0;
    case 'expression':
      return value.text;
  }
}

interface PlanContext {
  session: LiveSession;
  catalog: CollationCatalog;
  strict: boolean;
  primary: boolean;
  current: Map<string, CurrentColumn>;
  tableCollation?: string;
  checks: FailureCheck[];
  notes: string[];
  /** The parts as the key-length limit counts them (MySQL, src/live/mysql-semantics.ts). */
  lengths: KeyLengthPart[];
}

async function resolveTarget(part: ProbeKeyPart, current: CurrentColumn | undefined, context: PlanContext): Promise<TargetColumn> {
  const after = part.after;
  if (!after) {
    if (!current) throw new Undecidable(`column '${part.column}' does not exist in the table`);
    const unchanged: TargetColumn = {
      typeName: current.typeName,
      unsigned: current.unsigned,
      nullable: current.nullable,
    };
    if (current.length !== undefined) unchanged.length = current.length;
    if (current.charset) unchanged.charset = current.charset;
    if (current.collation) unchanged.collation = current.collation;
    return unchanged;
  }
  const typeName = after.type.name.toUpperCase();
  const target: TargetColumn = { typeName, unsigned: after.type.unsigned, nullable: after.nullable };
  const family = familyOf(typeName);
  if (family === 'text' || family === 'binary') {
    if (after.type.length !== undefined) target.length = after.type.length;
    else if (typeName === 'CHAR' || typeName === 'BINARY') target.length = 1;
  }
  if (family === 'text' || family === 'enum') {
    if (typeName === 'JSON' && context.session.server.flavor === 'mariadb') {
      // MariaDB JSON is LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin.
      target.charset = 'utf8mb4';
      target.collation = 'utf8mb4_bin';
      return target;
    }
    let resolved: { collation: string; charset: string };
    if (after.collation) {
      const contextCharset = after.charset
        ? (await context.catalog.defaultCollation(after.charset)).charset
        : context.tableCollation
          ? (await context.catalog.collation(context.tableCollation)).charset
          : undefined;
      resolved = await context.catalog.collation(after.collation, contextCharset);
      if (after.charset && (await context.catalog.defaultCollation(after.charset)).charset !== resolved.charset) {
        throw new OtherError(1253, 'ER_COLLATION_CHARSET_MISMATCH', `collation ${after.collation} is not valid for ${after.charset}`);
      }
    } else if (after.charset) {
      resolved = await context.catalog.defaultCollation(after.charset);
    } else if (context.tableCollation) {
      resolved = await context.catalog.collation(context.tableCollation);
    } else {
      throw new Undecidable(`the table's default collation is unknown`);
    }
    target.charset = resolved.charset;
    target.collation = resolved.collation;
  }
  return target;
}

function sameDefinition(current: CurrentColumn, target: TargetColumn): boolean {
  const family = familyOf(target.typeName);
  if (current.typeName !== target.typeName) return false;
  if (current.unsigned !== target.unsigned) return false;
  if ((family === 'text' || family === 'binary') && current.length !== target.length && !LOB_TYPES.has(target.typeName)) return false;
  if ((current.collation ?? '').toLowerCase() !== (target.collation ?? '').toLowerCase()) return false;
  return true;
}

function integerRange(typeName: string, unsigned: boolean): [bigint, bigint] | undefined {
  const entry = INTEGER_MAX[typeName];
  return entry ? (unsigned ? entry.unsigned : entry.signed) : undefined;
}

/** Records a part for the key-length limit (MySQL only; MariaDB builds long unique keys). */
async function noteKeyLength(column: string, target: TargetColumn, part: ProbeKeyPart, context: PlanContext): Promise<void> {
  if (context.session.server.flavor !== 'mysql') return;
  const family = familyOf(target.typeName);
  const entry: KeyLengthPart = { column, typeName: target.typeName, bytesPerCharacter: 1 };
  if (target.length !== undefined) entry.length = target.length;
  if (part.prefixLength !== undefined) entry.prefixLength = part.prefixLength;
  if (family === 'text' && target.typeName !== 'JSON') {
    const charset = target.charset ?? (context.tableCollation ? (await context.catalog.collation(context.tableCollation)).charset : undefined);
    entry.bytesPerCharacter = charset ? await context.catalog.bytesPerCharacter(charset) : 1;
  }
  context.lengths.push(entry);
}

async function planPart(part: ProbeKeyPart, context: PlanContext): Promise<PartPlan> {
  const flavor = context.session.server.flavor;
  if (part.expression !== undefined || part.column === '') {
    // MySQL 8.0.13+ indexes a functional key part as a hidden virtual column holding the
    // expression (MySQL 8.4 manual 15.1.15 "CREATE INDEX", "Functional Key Parts"); grouping by
    // the expression compares what the index would.
    if (flavor === 'mysql' && part.expression !== undefined && groupableExpression(part.expression)) {
      const sql = `(${part.expression})`;
      return { kind: 'expression', sql, nullTest: `${sql} IS NOT NULL`, display: part.expression };
    }
    throw new Undecidable(`functional key part (${part.expression ?? 'expression'}) is not evaluated`);
  }
  const sourceName = part.sourceColumn ?? part.column;

  if (part.added) {
    const after = part.after;
    if (!after) throw new Undecidable(`no definition given for the added column '${part.column}'`);
    if (after.autoIncrement) return { kind: 'distinct' };
    if (after.generated) throw new Undecidable(`generated column '${part.column}' added by the statement is not evaluated`);
    if (!defaultIsConstant(after.default)) {
      throw new Undecidable(`the default of the added column '${part.column}' is not a constant`);
    }
    const nullable = after.nullable && !context.primary;
    const zeroDate = addedZeroDateError(flavor, context.session.server.sqlMode, {
      name: part.column,
      typeName: after.type.name,
      nullable,
      hasDefault: after.default !== undefined && after.default.kind !== 'null',
    });
    // Every existing row gets the zero date: the statement fails as soon as the table has a row.
    if (zeroDate && context.strict) context.checks.push({ errno: zeroDate.errno, name: zeroDate.name, condition: '1', what: `a zero date in the added column '${part.column}' (NO_ZERO_DATE)` });
    await noteKeyLength(part.column, { typeName: after.type.name.toUpperCase(), unsigned: after.type.unsigned, nullable, ...(after.type.length !== undefined ? { length: after.type.length } : {}), ...(after.charset ? { charset: after.charset } : {}) }, part, context);
    const isNull = nullable && (after.default === undefined || after.default.kind === 'null');
    return { kind: 'constant', isNull, display: isNull ? null : literalDisplay(after.default) };
  }

  const current = context.current.get(sourceName.toLowerCase());
  if (!current) throw new Undecidable(`column '${sourceName}' does not exist in the table`);
  const target = await resolveTarget(part, current, context);
  if (context.primary) target.nullable = false;
  const jsonKey = jsonKeyPartError(flavor, target.typeName, part.column);
  if (jsonKey) throw new OtherError(jsonKey.errno, jsonKey.name, jsonKey.message);
  await noteKeyLength(part.column, target, part, context);
  const source = quoteIdentifier(current.name);
  const currentFamily = familyOf(current.typeName);
  const targetFamily = familyOf(target.typeName);
  const changed = part.after !== undefined && !sameDefinition(current, target);

  let expression = source;
  let nullTest: string | undefined = `${source} IS NOT NULL`;
  let collateTo: string | undefined;

  // NOT NULL imposed on a column that holds NULLs: strict mode fails, non-strict stores the
  // implicit default (0 or '') (MySQL 8.0 manual 5.1.11 "Server SQL Modes", "Strict SQL Mode").
  if (!target.nullable && current.nullable) {
    if (context.strict) {
      context.checks.push(
        flavor === 'mysql'
          ? { errno: 1138, name: 'ER_INVALID_USE_OF_NULL', condition: `${source} IS NULL`, what: `NULL in '${current.name}'` }
          : { errno: 1265, name: 'WARN_DATA_TRUNCATED', condition: `${source} IS NULL`, what: `NULL in '${current.name}'` },
      );
    } else {
      if (currentFamily === 'text' || currentFamily === 'binary') expression = `COALESCE(${source}, '')`;
      else if (currentFamily === 'integer') expression = `COALESCE(${source}, 0)`;
      else throw new Undecidable(`NULLs in '${current.name}' would become the type's implicit default, which is not simulated`);
      nullTest = undefined;
    }
  }

  if (changed) {
    if (currentFamily === 'text' && targetFamily === 'text') {
      const targetCharset = target.charset!;
      if ((current.charset ?? '').toLowerCase() !== targetCharset.toLowerCase()) {
        const lossy =
          `CAST(CONVERT(CONVERT(${source} USING ${targetCharset}) USING ${current.charset}) AS BINARY) <> CAST(${source} AS BINARY)`;
        if (context.strict) {
          context.checks.push({ errno: 1366, name: 'ER_TRUNCATED_WRONG_VALUE_FOR_FIELD', condition: lossy, what: `characters of '${current.name}' that ${targetCharset} cannot hold` });
        } else {
          context.notes.push(`characters ${targetCharset} cannot hold become '?'`);
        }
        expression = `CONVERT(${expression} USING ${targetCharset})`;
      }
      if ((target.typeName === 'CHAR' || target.typeName === 'VARCHAR') && target.length !== undefined) {
        if (current.length === undefined || current.length > target.length) {
          if (context.strict) {
            context.checks.push({
              ...strictTruncation(flavor),
              condition: `CHAR_LENGTH(RTRIM(${expression})) > ${target.length}`,
              what: `values of '${current.name}' longer than ${target.length} characters`,
            });
          }
          expression = `LEFT(${expression}, ${target.length})`;
        }
      }
      if (target.typeName === 'CHAR' && current.typeName !== 'CHAR') expression = `RTRIM(${expression})`;
      collateTo = target.collation;
    } else if (currentFamily === 'binary' && targetFamily === 'binary') {
      if ((target.typeName === 'BINARY' || target.typeName === 'VARBINARY') && target.length !== undefined) {
        if (current.length === undefined || current.length > target.length) {
          if (context.strict) {
            context.checks.push({
              ...strictTruncation(flavor),
              condition: `LENGTH(${source}) > ${target.length}`,
              what: `values of '${current.name}' longer than ${target.length} bytes`,
            });
          }
          expression = `LEFT(${expression}, ${target.length})`;
        }
        if (target.typeName === 'BINARY' && current.typeName !== 'BINARY') {
          expression = `CAST(${expression} AS BINARY(${target.length}))`;
        }
      }
    } else if (currentFamily === 'integer' && targetFamily === 'integer') {
      const [min, max] = integerRange(target.typeName, target.unsigned)!;
      const [currentMin, currentMax] = integerRange(current.typeName, current.unsigned)!;
      if (currentMin < min || currentMax > max) {
        if (context.strict) {
          context.checks.push({
            errno: 1264,
            name: 'ER_WARN_DATA_OUT_OF_RANGE',
            condition: `(${source} < ${min} OR ${source} > ${max})`,
            what: `values of '${current.name}' outside ${describeType(target.typeName, undefined, target.unsigned)}`,
          });
        }
        expression = `LEAST(GREATEST(${expression}, ${min}), ${max})`;
      }
    } else {
      throw new Undecidable(
        `the change of '${current.name}' from ${current.columnType} to ${describeType(target.typeName, target.length, target.unsigned)} is not simulated`,
      );
    }
  }

  if (part.prefixLength !== undefined) {
    const prefix = part.prefixLength;
    if (!Number.isSafeInteger(prefix) || prefix <= 0) throw new Undecidable(`invalid prefix length ${prefix}`);
    if (targetFamily !== 'text' && targetFamily !== 'binary') {
      throw new OtherError(1089, 'ER_WRONG_SUB_KEY', `a prefix length on '${part.column}', which is not a string column`);
    }
    if (!LOB_TYPES.has(target.typeName) && target.length !== undefined && prefix > target.length) {
      throw new OtherError(1089, 'ER_WRONG_SUB_KEY', `prefix length ${prefix} longer than '${part.column}' (${target.length})`);
    }
    expression = `LEFT(${expression}, ${prefix})`;
  } else if (LOB_TYPES.has(target.typeName)) {
    if (flavor === 'mysql' || context.primary) {
      throw new OtherError(1170, 'ER_BLOB_KEY_WITHOUT_LENGTH', `BLOB/TEXT column '${part.column}' used in a key without a prefix length`);
    }
    context.notes.push(`MariaDB builds a hash-based (long) unique index on '${part.column}'; equality follows its collation`);
  }
  if (collateTo !== undefined) {
    if (!SAFE_NAME.test(collateTo)) throw new Undecidable(`unusable collation name ${collateTo}`);
    expression = `${expression} COLLATE ${collateTo}`;
  }
  const plan: PartPlan = { kind: 'expression', sql: expression, display: part.column };
  if (nullTest !== undefined) plan.nullTest = nullTest;
  // The column as it is: an index on it holds the key's values in key order (key-index.ts).
  if (expression === source) plan.column = current.name;
  return plan;
}

/** Turns a value the driver returned into something printable and JSON-safe. */
export function displayValue(value: unknown): unknown {
  if (Buffer.isBuffer(value)) {
    const text = value.toString('utf8');
    // eslint-disable-next-line no-control-regex
    if (Buffer.from(text, 'utf8').equals(value) && !/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(text)) return text;
    return '0x' + value.toString('hex').toUpperCase();
  }
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/**
 * Probes one unique key (see the module docstring for the semantics) inside the session's
 * read-only snapshot. Never throws for server-side problems: a timeout, a missing privilege or a
 * missing table yields `outcome: 'unknown'` with the reason.
 */
export async function probeUniqueKey(
  session: LiveSession,
  key: UniqueKeyProbe,
  options: ProbeOptions = {},
): Promise<DuplicateProbeResult> {
  const started = Date.now();
  if (!needsServerConversion(key)) return probeModelled(session, key, options, started);
  const converted = await probeThroughScratchTable(session, key, options, started);
  if (converted.kind === 'result') return converted.result;
  const modelled = await probeModelled(session, key, options, started);
  const note =
    `modelled, not converted by the server: it refused a scratch temporary table (${converted.reason}); ` +
    'grant CREATE TEMPORARY TABLES on the database for an exact verdict';
  if (modelled.outcome === 'other-error' || modelled.outcome === 'unknown') {
    modelled.evidence.reason = `${modelled.evidence.reason ?? ''}; ${note}`.replace(/^; /, '');
    return modelled;
  }
  // The model of a conversion is known to be inexact (CAST is not the assignment an ALTER does).
  return {
    key,
    outcome: 'unknown',
    evidence: { ...modelled.evidence, verdict: 'unknown', reason: `${modelled.evidence.reason ?? ''}; ${note}`.replace(/^; /, '') },
  };
}

async function probeModelled(
  session: LiveSession,
  key: UniqueKeyProbe,
  options: ProbeOptions,
  started: number,
): Promise<DuplicateProbeResult> {
  const strict = options.strict ?? (options.sqlMode !== undefined ? isStrictMode(options.sqlMode) : session.server.strict);
  const unknown = (reason: string, query?: string): DuplicateProbeResult => ({
    key,
    outcome: 'unknown',
    evidence: { verdict: 'unknown', reason, elapsedMs: Date.now() - started, ...(query ? { query } : {}) },
  });
  let query: string | undefined;
  try {
    return await session.readSnapshot(async () => {
      const table = await readCurrentColumns(session, key.table);
      if (!table) return unknown(await absentTableReason(session, key.table));
      const structural = await structuralError(session, key, table);
      if (structural) throw structural;
      const context: PlanContext = {
        session,
        catalog: new CollationCatalog(session),
        strict,
        primary: key.primary,
        current: table.columns,
        checks: [],
        notes: [],
        lengths: [],
      };
      if (table.tableCollation) context.tableCollation = table.tableCollation;
      if (key.parts.length === 0) return unknown('the key has no parts');
      const plans: PartPlan[] = [];
      for (const part of key.parts) plans.push(await planPart(part, context));
      // ERROR 1071 comes from the key's definition, before any row is read.
      const tooLong = keyLengthError(session.server.flavor, { ...(table.engine ? { engine: table.engine } : {}), ...(table.rowFormat ? { rowFormat: table.rowFormat } : {}) }, context.lengths);
      if (tooLong) throw new OtherError(tooLong.errno, tooLong.name, tooLong.message);

      const { reading, notes } = await readKeyGroups(
        session,
        key,
        {
          table: session.qualify(key.table),
          plans,
          checks: context.checks,
          ...(table.estimatedRows !== undefined ? { estimatedRows: table.estimatedRows } : {}),
          ownTable: true,
          needRows: false,
        },
        options,
      );
      query = reading.queries.join(';\n');
      const failedChecks = context.checks.map((check, i) => ({ check, rows: reading.checkRows[i] ?? 0 })).filter((entry) => entry.rows > 0);
      if (failedChecks.length > 0) {
        const firstFailure = failedChecks[0]!;
        const reason =
          `not ERROR 1062: in strict sql_mode the statement fails first with ERROR ${firstFailure.check.errno} ` +
          `(${firstFailure.check.name}): ${failedChecks.map((f) => `${withThousandsSeparators(f.rows)} row(s) with ${f.check.what}`).join('; ')}` +
          (reading.duplicateGroups > 0 ? `; without them ${reading.duplicateGroups} duplicate group(s) would also fail with 1062` : '');
        return {
          key,
          outcome: 'other-error',
          ...(reading.nullRows !== undefined ? { nullRows: reading.nullRows } : {}),
          otherError: { errno: firstFailure.check.errno, name: firstFailure.check.name, rows: firstFailure.rows },
          evidence: { verdict: 'fails', ...groupEvidence(reading), query, elapsedMs: Date.now() - started, reason },
        };
      }
      return groupsResult(key, reading, query, started, [...context.notes, ...notes], '');
    });
  } catch (error) {
    if (error instanceof OtherError) {
      return {
        key,
        outcome: 'other-error',
        otherError: { errno: error.errno, name: error.errorName },
        evidence: {
          verdict: 'fails',
          reason: `not ERROR 1062: the statement fails with ERROR ${error.errno} (${error.errorName}): ${error.message}`,
          elapsedMs: Date.now() - started,
        },
      };
    }
    if (error instanceof Undecidable) return unknown(error.message, query);
    if (error instanceof LiveTimeoutError || error instanceof LivePrivilegeError || error instanceof LiveConnectionLostError) return unknown(error.message, query);
    const err = error as { errno?: number; message?: string };
    if (err.errno !== undefined) return unknown(`the server rejected the probe: ${err.message ?? 'error'} (errno ${err.errno})`, query);
    throw error;
  }
}

/** `sqlMode` upper-cased, with the strict modes removed or STRICT_TRANS_TABLES added to match `strict` when given. */
function migrationSqlMode(sqlMode: string, strict: boolean | undefined): string {
  const modes = sqlMode.toUpperCase().split(',').filter((mode) => mode !== '');
  if (strict === undefined || strict === isStrictMode(sqlMode)) return modes.join(',');
  if (!strict) return modes.filter((mode) => mode !== 'STRICT_TRANS_TABLES' && mode !== 'STRICT_ALL_TABLES').join(',');
  return [...modes, 'STRICT_TRANS_TABLES'].join(',');
}

/** True when sql_mode text has STRICT_TRANS_TABLES or STRICT_ALL_TABLES. */
export function isStrictMode(sqlMode: string): boolean {
  return /\bSTRICT_(TRANS|ALL)_TABLES\b/i.test(sqlMode);
}

/**
 * Why information_schema shows no such table: it does not exist (ERROR 1146), or the account may
 * not see it (information_schema lists only the tables an account has some privilege on; MySQL
 * 8.0 manual 28.1 "Introduction" to INFORMATION_SCHEMA).
 */
async function absentTableReason(session: LiveSession, table: TableName): Promise<string> {
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

/**
 * Whether the key's values change on their way into the new key: a part whose column the
 * statement redefines (type, length, precision, members, charset, collation, nullability). Those
 * keys are probed through a scratch temporary table, so the server performs the conversion.
 */
function needsServerConversion(key: UniqueKeyProbe): boolean {
  return key.parts.some((part) => part.after !== undefined && !part.added && part.expression === undefined && part.column !== '');
}

/** Errors that mean the server will not give this session a scratch temporary table. */
const SCRATCH_REFUSED_ERRNOS = new Set([1044, 1142, 1227, 1290, 1792, 1787, 1785, 1836, 3161]);

/** A type name the probe may write into a scratch table definition. */
const TYPE_NAME = /^[A-Z][A-Z ]*[A-Z0-9]$/;

/** SQL of a string literal with backslashes and quotes escaped (default sql_mode). */
function stringLiteral(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** The column type of `after` as SQL text for a scratch table, or throws Undecidable. */
function typeSql(type: DataType, noBackslashEscapes: boolean): string {
  const name = type.name.toUpperCase();
  if (!TYPE_NAME.test(name)) throw new Undecidable(`unusable type name ${type.name}`);
  if (type.values) {
    if (noBackslashEscapes && type.values.some((value) => value.includes('\\'))) throw new Undecidable('ENUM/SET members with backslashes under NO_BACKSLASH_ESCAPES');
    const members = type.values.map((value) => (noBackslashEscapes ? `'${value.replace(/'/g, "''")}'` : stringLiteral(value)));
    return `${name}(${members.join(',')})${type.unsigned ? ' UNSIGNED' : ''}`;
  }
  for (const figure of [type.length, type.scale]) {
    if (figure !== undefined && !(Number.isSafeInteger(figure) && figure >= 0)) throw new Undecidable(`unusable length ${figure}`);
  }
  return `${formatDataType(type)}${type.zerofill ? ' ZEROFILL' : ''}`;
}

type ScratchOutcome = { kind: 'result'; result: DuplicateProbeResult } | { kind: 'refused'; reason: string };

/** ` CHARACTER SET cs COLLATE coll`, or '' for a column without them. */
function charsetClause(charset: string | undefined, collation: string | undefined): string {
  if (!charset || !collation) return '';
  if (!SAFE_NAME.test(charset) || !SAFE_NAME.test(collation)) throw new Undecidable(`unusable collation name ${collation}`);
  return ` CHARACTER SET ${charset} COLLATE ${collation}`;
}

/**
 * The server-side conversion: a TEMPORARY table holding each key part's column as it will be
 * defined after the statement, filled from the table with `INSERT ... SELECT` under the
 * migration's sql_mode and time_zone, then grouped there. Strict-mode errors (1264, 1265, 1406,
 * 1366, 1292...) are the server's own assignment errors; equality is the new column's own.
 * Returns `refused` when the server will not give the session a temporary table.
 */
async function probeThroughScratchTable(session: LiveSession, key: UniqueKeyProbe, options: ProbeOptions, started: number): Promise<ScratchOutcome> {
  const flavor = session.server.flavor;
  const sqlMode = migrationSqlMode(options.sqlMode ?? session.server.sqlMode, options.strict);
  const strict = isStrictMode(sqlMode);
  const unknown = (reason: string, query?: string): ScratchOutcome => ({
    kind: 'result',
    result: { key, outcome: 'unknown', evidence: { verdict: 'unknown', reason, elapsedMs: Date.now() - started, ...(query ? { query } : {}) } },
  });
  const otherError = (errno: number, name: string, message: string, query?: string): ScratchOutcome => ({
    kind: 'result',
    result: {
      key,
      outcome: 'other-error',
      otherError: { errno, name },
      evidence: { verdict: 'fails', reason: `not ERROR 1062: the statement fails with ERROR ${errno} (${name}): ${message}`, elapsedMs: Date.now() - started, ...(query ? { query } : {}) },
    },
  });
  let query: string | undefined;
  let stage: 'plan' | 'create' | 'fill' | 'group' = 'plan';
  try {
    return await session.withScratchTables(async (scratch: ScratchTables) => {
      const table = await readCurrentColumns(session, key.table);
      if (!table) return unknown(await absentTableReason(session, key.table));
      const structural = await structuralError(session, key, table);
      if (structural) throw structural;
      const context: PlanContext = { session, catalog: new CollationCatalog(session), strict, primary: key.primary, current: table.columns, checks: [], notes: [], lengths: [] };
      if (table.tableCollation) context.tableCollation = table.tableCollation;
      const noBackslashEscapes = /\bNO_BACKSLASH_ESCAPES\b/.test(sqlMode);
      const definitions: string[] = [];
      const columns: string[] = [];
      const sources: string[] = [];
      const changes: string[] = [];
      const plans: PartPlan[] = [];
      for (const [index, part] of key.parts.entries()) {
        if (part.expression !== undefined || part.column === '') throw new Undecidable(`functional key part (${part.expression ?? 'expression'}) is not evaluated`);
        if (part.added) {
          plans.push(await planPart(part, context));
          continue;
        }
        const current = table.columns.get((part.sourceColumn ?? part.column).toLowerCase());
        if (!current) throw new Undecidable(`column '${part.sourceColumn ?? part.column}' does not exist in the table`);
        if (part.after?.generated) throw new Undecidable(`generated column '${part.column}' redefined by the statement is not evaluated`);
        const target = await resolveTarget(part, current, context);
        const jsonKey = jsonKeyPartError(flavor, target.typeName, part.column);
        if (jsonKey) throw new OtherError(jsonKey.errno, jsonKey.name, jsonKey.message);
        await noteKeyLength(part.column, target, part, context);
        const nullable = key.primary ? false : target.nullable;
        const name = quoteIdentifier(`k${index}`);
        // The scratch column starts as the column is now, and the server's ALTER converts it.
        definitions.push(`${name} ${current.columnType}${charsetClause(current.charset, current.collation)} NULL`);
        columns.push(name);
        sources.push(quoteIdentifier(current.name));
        if (part.after || !nullable) {
          let definition = part.after ? typeSql(part.after.type, noBackslashEscapes) : current.columnType;
          if (!(flavor === 'mariadb' && target.typeName === 'JSON')) definition += charsetClause(target.charset, target.collation);
          changes.push(`MODIFY ${name} ${definition} ${nullable ? 'NULL' : 'NOT NULL'}`);
        }
        let expression = name;
        const targetFamily = familyOf(target.typeName);
        if (part.prefixLength !== undefined) {
          const prefix = part.prefixLength;
          if (!Number.isSafeInteger(prefix) || prefix <= 0) throw new Undecidable(`invalid prefix length ${prefix}`);
          if (targetFamily !== 'text' && targetFamily !== 'binary') throw new OtherError(1089, 'ER_WRONG_SUB_KEY', `a prefix length on '${part.column}', which is not a string column`);
          if (!LOB_TYPES.has(target.typeName) && target.length !== undefined && prefix > target.length) {
            throw new OtherError(1089, 'ER_WRONG_SUB_KEY', `prefix length ${prefix} longer than '${part.column}' (${target.length})`);
          }
          expression = `LEFT(${name}, ${prefix})`;
        } else if (LOB_TYPES.has(target.typeName)) {
          if (flavor === 'mysql' || key.primary) throw new OtherError(1170, 'ER_BLOB_KEY_WITHOUT_LENGTH', `BLOB/TEXT column '${part.column}' used in a key without a prefix length`);
          context.notes.push(`MariaDB builds a hash-based (long) unique index on '${part.column}'; equality follows its collation`);
        }
        plans.push({ kind: 'expression', sql: expression, nullTest: `${name} IS NOT NULL`, display: part.column });
      }
      // ERROR 1071 comes from the key's definition, before any row is read (MySQL only).
      const tooLong = keyLengthError(flavor, { ...(table.engine ? { engine: table.engine } : {}), ...(table.rowFormat ? { rowFormat: table.rowFormat } : {}) }, context.lengths);
      if (tooLong) throw new OtherError(tooLong.errno, tooLong.name, tooLong.message);
      let warnings: { code: number; message: string }[] = [];
      let groupTable: string | undefined;
      if (columns.length > 0) {
        stage = 'create';
        const engine = table.engine && /^(InnoDB|MyISAM|Aria|MEMORY)$/i.test(table.engine) ? table.engine : undefined;
        const scratchTable = await scratch.create(definitions, engine);
        const fill = `SELECT ${sources.join(', ')} FROM ${session.qualify(key.table)}`;
        query = `INSERT INTO ${scratchTable} (${columns.join(', ')}) ${fill}`;
        stage = 'fill';
        await scratch.fill(scratchTable, columns, fill);
        if (changes.length > 0) {
          const alter = `ALTER TABLE ${scratchTable} ${changes.join(', ')}`;
          query = `${query};\n${alter}`;
          try {
            warnings = await scratch.alter(scratchTable, changes, { sqlMode, ...(options.timeZone ? { timeZone: options.timeZone } : {}) });
          } catch (error) {
            const err = error as { errno?: number; message?: string; code?: string };
            if (err.errno === 1298) return unknown(`the server does not know the file's time_zone '${options.timeZone ?? ''}' (ERROR 1298), so the conversion was not run`, query);
            if (err.errno !== undefined && !(error instanceof LiveTimeoutError) && !(error instanceof LivePrivilegeError) && !SCRATCH_REFUSED_ERRNOS.has(err.errno)) {
              return otherError(
                err.errno,
                err.code ?? 'ERROR',
                `the server's own conversion of the rows to the new definition fails (${(err.message ?? '').split('\n')[0]}; ${strict ? 'strict' : 'non-strict'} sql_mode)`,
                query,
              );
            }
            throw error;
          }
        }
        groupTable = scratchTable;
      }
      stage = 'group';
      // A check that holds for every row (a new zero-date column under NO_ZERO_DATE, MySQL) fails
      // the statement as soon as the table has a row, before any duplicate is looked at.
      const everyRow = context.checks.find((check) => check.condition === '1');
      const { reading, notes } = await readKeyGroups(
        session,
        key,
        {
          table: groupTable ?? session.qualify(key.table),
          plans,
          checks: [],
          ...(table.estimatedRows !== undefined ? { estimatedRows: table.estimatedRows } : {}),
          ownTable: groupTable === undefined,
          needRows: everyRow !== undefined,
        },
        options,
      );
      query = [query, ...reading.queries].filter((text) => text !== undefined && text !== '').join(';\n');
      const changedValues = warnings.filter((warning) => warning.code !== 1062);
      if (changedValues.length > 0) {
        const codes = [...new Set(changedValues.map((warning) => `${warning.code} ${warning.message.replace(/ at row \d+$/, '')}`))].slice(0, 3);
        context.notes.push(`the server's conversion gave ${changedValues.length} warning(s) (${strict ? 'strict' : 'non-strict'} sql_mode): ${codes.join('; ')}`);
      }
      const result = groupsResult(key, reading, query, started, [...context.notes, ...notes], ' as the server converts them');
      const rowCount = reading.totalRows ?? 0;
      if (everyRow && rowCount > 0) {
        return otherError(everyRow.errno, everyRow.name, `${withThousandsSeparators(rowCount)} row(s) with ${everyRow.what}`, query);
      }
      return { kind: 'result', result };
    });
  } catch (error) {
    if (error instanceof OtherError) return otherError(error.errno, error.errorName, error.message, query);
    if (error instanceof Undecidable) return unknown(error.message, query);
    if (error instanceof LiveTimeoutError) return unknown(error.message, query);
    const errno = (error as { errno?: number }).errno;
    const refused = error instanceof LivePrivilegeError || (errno !== undefined && SCRATCH_REFUSED_ERRNOS.has(errno));
    const reached = stage as string;
    if (refused && (reached === 'create' || reached === 'fill')) return { kind: 'refused', reason: (error as Error).message.split('\n')[0]! };
    if (error instanceof LivePrivilegeError) return unknown(error.message, query);
    if (errno !== undefined) return unknown(`the server rejected the probe: ${(error as Error).message} (errno ${errno})`, query);
    throw error;
  }
}

/** How `readKeyGroups` may read a key. */
interface KeyGroupsRequest {
  /** The table as qualified SQL: the key's own table, or a scratch table. */
  table: string;
  plans: PartPlan[];
  checks: FailureCheck[];
  /** The server's estimate of the source table's rows. */
  estimatedRows?: number;
  /** The rows are the key's table itself (not a scratch copy): its indexes may serve. */
  ownTable: boolean;
  /** The row count is needed whatever the table's size (a check that fails every row). */
  needRows: boolean;
}

/**
 * Reads a key's duplicate groups (src/live/probe-query.ts) by the index path when an index of
 * the table holds the key's values in key order (src/live/key-index.ts), else by sorting, and
 * says which in a note. Counts the rows only on a small table (`ProbeOptions.countRowsBelow`) or
 * when `needRows`.
 */
async function readKeyGroups(session: LiveSession, key: UniqueKeyProbe, request: KeyGroupsRequest, options: ProbeOptions): Promise<{ reading: GroupingReading; notes: string[] }> {
  const notes: string[] = [];
  const columns = plainGroupedColumns(request.plans);
  let index: GroupingIndex | undefined;
  const groups = request.plans.every((plan) => plan.kind !== 'distinct' && !(plan.kind === 'constant' && plan.isNull)) && request.plans.some((plan) => plan.kind === 'expression');
  if (groups) {
    if (!request.ownTable) notes.push('the probe sorts the converted rows in its scratch table (no index holds them yet); the ALTER sorts the rows too');
    else if (options.indexPath === false) notes.push('the index path was turned off: the probe sorts the rows');
    else if (!columns) notes.push("the key's values are computed from the columns (a prefix length, a conversion or a default for NULL), which no index holds in key order: the probe sorts the rows, and so will the ALTER");
    else if (request.checks.length > 0) notes.push('the probe sorts the rows, since it also counts the rows that make the statement fail first');
    else {
      index = await findGroupingIndex(session, key.table, columns);
      if (index) notes.push(`read in the order of the index ${quoteIdentifier(index.name)}, without a sort`);
      else notes.push("no index of the table starts with exactly the key's columns (full length, ascending): the probe sorts the rows, and so will the ALTER");
    }
  }
  const countBelow = options.countRowsBelow ?? COUNT_ROWS_BELOW;
  const count = request.needRows || (request.estimatedRows !== undefined && request.estimatedRows < countBelow);
  const reading = await readGrouping(session, {
    table: request.table,
    plans: request.plans,
    checks: request.checks,
    count,
    ...(index ? { index } : {}),
    ...(request.estimatedRows !== undefined ? { estimatedRows: request.estimatedRows } : {}),
    timeoutMs: options.timeoutMs ?? session.timeoutMs,
    display: displayValue,
  });
  if (reading.totalRows === undefined && count) {
    notes.push('rows not counted: the counting pass reached the time limit after the grouping');
  } else if (reading.totalRows === undefined && reading.grouped) {
    const estimate = request.estimatedRows !== undefined ? ` (about ${withThousandsSeparators(request.estimatedRows)} by the server's estimate)` : '';
    notes.push(`rows not counted${estimate}, so that the probe reads the table once`);
  }
  return { reading, notes };
}

/** The duplicate-group figures of a reading as evidence fields. */
function groupEvidence(reading: GroupingReading): Pick<LiveEvidence, 'rowsScanned' | 'duplicateGroups' | 'duplicateGroupsAtLeast' | 'samples'> {
  return {
    ...(reading.totalRows !== undefined ? { rowsScanned: reading.totalRows } : {}),
    duplicateGroups: reading.duplicateGroups,
    ...(reading.atLeast ? { duplicateGroupsAtLeast: true } : {}),
    samples: reading.samples,
  };
}

/** `3 duplicate group(s) among 1,204 rows` or `at least 6 duplicate group(s)` (`how` after the rows). */
function groupsText(reading: GroupingReading, how: string): string {
  const rows = reading.totalRows !== undefined ? ` among ${withThousandsSeparators(reading.totalRows)} rows` : '';
  const bound = reading.atLeast ? 'at least ' : '';
  return `${bound}${withThousandsSeparators(reading.duplicateGroups)} duplicate group(s)${rows}${how}`;
}

/** A duplicates or no-duplicates result of a reading; `how` qualifies the rows (" as the server converts them"). */
function groupsResult(key: UniqueKeyProbe, reading: GroupingReading, query: string, started: number, notesIn: string[], how: string): DuplicateProbeResult {
  const notes = [...new Set(notesIn)];
  const base = { ...groupEvidence(reading), query, elapsedMs: Date.now() - started };
  const nullRows = reading.nullRows !== undefined ? { nullRows: reading.nullRows } : {};
  if (reading.duplicateGroups > 0) {
    const example = reading.samples[0];
    const reason =
      groupsText(reading, how) +
      (example ? `, e.g. ${example.values.map((v) => JSON.stringify(v)).join(', ')} x${example.count}` : '') +
      (reading.atLeast ? ` (the probe stopped at the first ${reading.duplicateGroups} in key order)` : '') +
      (notes.length > 0 ? `; ${notes.join('; ')}` : '');
    return { key, outcome: 'duplicates', ...nullRows, duplicateRows: reading.duplicateRows, evidence: { verdict: 'fails', ...base, reason } };
  }
  const rows = reading.totalRows !== undefined ? ` among ${withThousandsSeparators(reading.totalRows)} rows` : '';
  const passNotes = [
    `0 duplicates${rows}${how}${how === '' ? ' at this snapshot' : ', at this snapshot'}; concurrent writes can still add some`,
    ...(reading.nullRows ? [`${withThousandsSeparators(reading.nullRows)} row(s) with a NULL key part never collide`] : []),
    ...notes,
  ];
  return { key, outcome: 'no-duplicates', ...nullRows, evidence: { verdict: 'passes', ...base, reason: passNotes.join('; ') } };
}

/** Probes several keys (e.g. all the unique keys one ALTER adds), one query per key, in order. */
export async function probeUniqueKeys(
  session: LiveSession,
  keys: UniqueKeyProbe[],
  options: ProbeOptions = {},
): Promise<DuplicateProbeResult[]> {
  const results: DuplicateProbeResult[] = [];
  for (const key of keys) results.push(await probeUniqueKey(session, key, options));
  return results;
}
