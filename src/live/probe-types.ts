/**
 * The duplicate probe's public shapes: the unique key it is asked about (`UniqueKeyProbe`, its
 * `ProbeKeyPart`s and their `ProbeColumnDefinition` after the statement), its options
 * (`ProbeOptions`) and what it concludes (`DuplicateProbeResult`). Every stage of the probe
 * (src/live/duplicate-probe.ts lists them) reads these; this module imports none of them.
 */
import type { LiveEvidence } from '../diagnostic.js';
import type { DataType, TableName, ValueLiteral } from '../statement.js';

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

/** True when sql_mode text has STRICT_TRANS_TABLES or STRICT_ALL_TABLES. */
export function isStrictMode(sqlMode: string): boolean {
  return /\bSTRICT_(TRANS|ALL)_TABLES\b/i.test(sqlMode);
}
