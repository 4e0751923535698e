/**
 * What MySQL (8.0, 8.4, 9.x, Aurora MySQL 3) does differently from MariaDB before or instead of
 * a duplicate-key check, as pure functions of catalog facts. The duplicate probe
 * (src/live/duplicate-probe.ts) asks these first; every answer names its source.
 *
 * - Key length: InnoDB refuses a key part longer than 3072 bytes (DYNAMIC, COMPRESSED row
 *   formats) or 767 bytes (REDUNDANT, COMPACT), and a key longer than 3072 bytes; MyISAM a key
 *   longer than 1000 bytes: ERROR 1071 ER_TOO_LONG_KEY, before any row is read (MySQL 8.4 manual
 *   17.22 "InnoDB Limits", 18.2 "The MyISAM Storage Engine"). MariaDB builds a hash-based
 *   ("long") unique key instead (MariaDB KB "Long unique"), so it never refuses a unique key for
 *   its length.
 * - JSON columns cannot be key parts: ERROR 3152 ER_JSON_USED_AS_KEY (MySQL 8.4 manual 13.5
 *   "The JSON Data Type": "JSON columns ... cannot be indexed directly"). MariaDB's JSON is
 *   LONGTEXT and takes a long unique key.
 * - Zero dates: under strict mode with NO_ZERO_DATE (both in MySQL 8's default sql_mode), adding
 *   a DATE/DATETIME/TIMESTAMP NOT NULL column without a default to a table with rows gives every
 *   row '0000-00-00' and fails with ERROR 1292 ER_TRUNCATED_WRONG_VALUE (MySQL 8.4 manual 7.1.11
 *   "Server SQL Modes", NO_ZERO_DATE; bugs.mysql.com 84482).
 * - Strict-mode string truncation is ERROR 1406 ER_DATA_TOO_LONG on MySQL
 *   (`Field_longstr::report_if_important_data`, sql/field.cc: ER_DATA_TOO_LONG when strict,
 *   WARN_DATA_TRUNCATED otherwise), 1265 WARN_DATA_TRUNCATED on MariaDB (verified on 10.11).
 * - `utf8mb3` names: before 8.0.30 MySQL accepts `utf8mb3`/`utf8mb3_*` in statements but lists
 *   the collations as `utf8_*` in information_schema, and before 8.0.29 the character set as
 *   `utf8` (MySQL 8.0 release notes 8.0.29 and 8.0.30; manual 10.9.2 "The utf8mb3 Character
 *   Set"). A lookup must try both spellings.
 */
import type { ServerFlavor } from './connection.js';

/** An error the statement fails with before any duplicate check. */
export interface ServerRuleError {
  errno: number;
  name: string;
  /** Why, in a few words, for the verdict's reason. */
  message: string;
}

/** The names under which information_schema may list a character set or collation, in lookup order. */
export function catalogSpellings(name: string): string[] {
  const lower = name.toLowerCase();
  if (lower === 'utf8') return ['utf8', 'utf8mb3'];
  if (lower === 'utf8mb3') return ['utf8mb3', 'utf8'];
  if (lower.startsWith('utf8_')) return [lower, 'utf8mb3_' + lower.slice('utf8_'.length)];
  if (lower.startsWith('utf8mb3_')) return [lower, 'utf8_' + lower.slice('utf8mb3_'.length)];
  return [lower];
}

/**
 * A collation name as the server accepts it in a COLLATE clause: MySQL before 8.0.30 has no
 * `utf8mb3_` alias for every utf8mb3 collation (e.g. `utf8mb3_unicode_520_ci`; MySQL 8.0 manual
 * 10.9.2 "The utf8mb3 Character Set"), while the `utf8_` spelling works on every MySQL 8 and
 * MariaDB release; other names are returned as they are.
 */
export function collationForServer(name: string, server: { flavor: ServerFlavor; versionNumber: { major: number; minor: number; patch: number } }): string {
  const lower = name.toLowerCase();
  if (server.flavor !== 'mysql' || !lower.startsWith('utf8mb3_')) return name;
  const { major, minor, patch } = server.versionNumber;
  const before8030 = major < 8 || (major === 8 && minor === 0 && patch < 30);
  return before8030 ? `utf8_${lower.slice('utf8mb3_'.length)}` : name;
}

/** The errno of a strict-mode string truncation: 1406 on MySQL, 1265 on MariaDB. */
export function strictTruncation(flavor: ServerFlavor): { errno: number; name: string } {
  return flavor === 'mysql' ? { errno: 1406, name: 'ER_DATA_TOO_LONG' } : { errno: 1265, name: 'WARN_DATA_TRUNCATED' };
}

/** ERROR 3152 when a JSON column is a key part on MySQL; undefined otherwise. */
export function jsonKeyPartError(flavor: ServerFlavor, typeName: string, column: string): ServerRuleError | undefined {
  if (flavor !== 'mysql' || typeName.toUpperCase() !== 'JSON') return undefined;
  return { errno: 3152, name: 'ER_JSON_USED_AS_KEY', message: `JSON column '${column}' cannot be a key part (index a generated column or a functional key part with CAST instead)` };
}

/** Whether a sql_mode makes a zero date an error: strict mode and NO_ZERO_DATE together. */
export function zeroDateIsError(sqlMode: string): boolean {
  return /\bSTRICT_(TRANS|ALL)_TABLES\b/i.test(sqlMode) && /\bNO_ZERO_DATE\b/i.test(sqlMode);
}

// TIMESTAMP is left out: with explicit_defaults_for_timestamp=OFF the first TIMESTAMP NOT NULL column
// gets DEFAULT CURRENT_TIMESTAMP, so its rows hold no zero date.
const TEMPORAL_ZERO_TYPES = new Set(['DATE', 'DATETIME']);

/**
 * ERROR 1292 for a column the statement adds as DATE or DATETIME NOT NULL without a
 * default, on MySQL under strict mode with NO_ZERO_DATE, when the table has rows (the caller
 * checks the rows). Undefined when the column gets a real value.
 */
export function addedZeroDateError(
  flavor: ServerFlavor,
  sqlMode: string,
  column: { name: string; typeName: string; nullable: boolean; hasDefault: boolean },
): ServerRuleError | undefined {
  if (flavor !== 'mysql' || !zeroDateIsError(sqlMode)) return undefined;
  if (!TEMPORAL_ZERO_TYPES.has(column.typeName.toUpperCase()) || column.nullable || column.hasDefault) return undefined;
  const zero = column.typeName.toUpperCase() === 'DATE' ? '0000-00-00' : '0000-00-00 00:00:00';
  return {
    errno: 1292,
    name: 'ER_TRUNCATED_WRONG_VALUE',
    message: `the added column '${column.name}' gives every existing row '${zero}', which NO_ZERO_DATE refuses in strict mode`,
  };
}

/** One key part as the key-length limit counts it. */
export interface KeyLengthPart {
  column: string;
  /** Upper-case data type after the statement. */
  typeName: string;
  /** Declared length: characters for nonbinary strings, bytes for binary strings. */
  length?: number;
  /** Prefix length of the key part (characters or bytes, like `length`). */
  prefixLength?: number;
  /** Bytes per character of the part's character set (`CHARACTER_SETS.MAXLEN`); 1 for binary strings. */
  bytesPerCharacter: number;
}

/** The storage facts of the table the key belongs to. */
export interface KeyLengthTable {
  /** `information_schema.TABLES.ENGINE`, e.g. `InnoDB`. */
  engine?: string;
  /** `information_schema.TABLES.ROW_FORMAT`, e.g. `Dynamic`. */
  rowFormat?: string;
}

const BINARY_STRING_TYPES = new Set(['BINARY', 'VARBINARY', 'TINYBLOB', 'BLOB', 'MEDIUMBLOB', 'LONGBLOB']);
const NONBINARY_STRING_TYPES = new Set(['CHAR', 'VARCHAR', 'TINYTEXT', 'TEXT', 'MEDIUMTEXT', 'LONGTEXT']);
/** Storage bytes of fixed-size types that count toward a key (MySQL 8.4 manual 13.7 "Data Type Storage Requirements"). */
const FIXED_KEY_BYTES: Record<string, number> = { TINYINT: 1, SMALLINT: 2, MEDIUMINT: 3, INT: 4, INTEGER: 4, BIGINT: 8, FLOAT: 4, DOUBLE: 8, YEAR: 1, DATE: 3 };

/**
 * The bytes a key part takes in the key, without length bytes: characters × bytes per character
 * for nonbinary strings, bytes for binary strings, the storage size for the fixed types above, 0
 * for anything else (so the total is never more than the server counts, and a refusal is never
 * predicted where the server would accept the key).
 */
export function keyPartBytes(part: KeyLengthPart): number {
  const type = part.typeName.toUpperCase();
  const units = part.prefixLength ?? part.length;
  if (NONBINARY_STRING_TYPES.has(type)) return units === undefined ? 0 : units * Math.max(1, part.bytesPerCharacter);
  if (BINARY_STRING_TYPES.has(type)) return units ?? 0;
  return FIXED_KEY_BYTES[type] ?? 0;
}

/**
 * ERROR 1071 when the key is longer than the engine allows on MySQL; undefined when it fits, on
 * MariaDB, or for an engine whose limit is not known here. Limits, 16 KB InnoDB pages (smaller
 * pages have smaller limits, never larger): InnoDB 3072 bytes per key part for DYNAMIC and
 * COMPRESSED rows (767 for REDUNDANT and COMPACT) and 3072 bytes per key; MyISAM 1000 bytes per
 * key.
 */
export function keyLengthError(flavor: ServerFlavor, table: KeyLengthTable, parts: KeyLengthPart[]): ServerRuleError | undefined {
  if (flavor !== 'mysql') return undefined;
  const engine = (table.engine ?? '').toLowerCase();
  const sizes = parts.map((part) => ({ part, bytes: keyPartBytes(part) }));
  const total = sizes.reduce((sum, entry) => sum + entry.bytes, 0);
  const tooLong = (limit: number, what: string): ServerRuleError => ({
    errno: 1071,
    name: 'ER_TOO_LONG_KEY',
    message: `Specified key was too long; max key length is ${limit} bytes (${what})`,
  });
  if (engine === 'innodb') {
    const rowFormat = (table.rowFormat ?? 'Dynamic').toLowerCase();
    const partLimit = rowFormat === 'redundant' || rowFormat === 'compact' ? 767 : 3072;
    const longPart = sizes.find((entry) => entry.bytes > partLimit);
    if (longPart) {
      return tooLong(partLimit, `'${longPart.part.column}' takes ${longPart.bytes} bytes in the key; ${table.rowFormat ?? 'Dynamic'} InnoDB rows allow ${partLimit} per key part`);
    }
    if (total > 3072) return tooLong(3072, `the key takes ${total} bytes; InnoDB allows 3072`);
    return undefined;
  }
  if (engine === 'myisam' && total > 1000) return tooLong(1000, `the key takes ${total} bytes; MyISAM allows 1000`);
  return undefined;
}

/**
 * Whether a functional key part's SQL may be grouped by as it is: one expression, no subquery,
 * statement separator, comment, variable assignment or locking function. The expression comes
 * from the migration file; the probe runs it in a read-only, bounded SELECT, and anything not
 * plainly an expression stays `unknown`.
 */
export function groupableExpression(sql: string): boolean {
  if (sql.trim() === '' || sql.length > 2000) return false;
  // Quoted strings and identifiers may hold anything; what is outside them decides.
  const outside = sql.replace(/'(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.|"")*"|`(?:[^`]|``)*`/g, ' ');
  if (/['"`]/.test(outside)) return false;
  if (/;|--|#|\/\*|:=|@/.test(outside)) return false;
  if (/\b(SELECT|GET_LOCK|RELEASE_LOCK|RELEASE_ALL_LOCKS|SLEEP|BENCHMARK|LOAD_FILE|INTO|SOURCE_POS_WAIT|MASTER_POS_WAIT|WAIT_FOR_EXECUTED_GTID_SET)\b/i.test(outside)) return false;
  return true;
}
