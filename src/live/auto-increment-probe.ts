/**
 * AUTO_INCREMENT figures of a table on the target, and the findings they lead to.
 *
 * - next value: `information_schema.TABLES.AUTO_INCREMENT`. MySQL 8 caches it for
 *   `information_schema_stats_expiry` seconds (MySQL 8.0 manual 28.3.38 "The INFORMATION_SCHEMA
 *   TABLES Table"); the session sets that to 0, and `SHOW CREATE TABLE` (read from the engine) is
 *   the fallback when the figure is NULL. MariaDB reads it live.
 * - `MAX(col)`: the largest value stored.
 * - the type's maximum (MySQL 8.0 manual 13.1.2 "Integer Types").
 *
 * `assessAutoIncrement` is pure: it turns the figures into the `auto-increment-drift` finding
 * (next value ≤ MAX(col): the next generated value already exists, ERROR 1062) and the
 * `auto-increment-headroom` finding (warning from 80 % of the range used, error from 95 %).
 */
import type { Severity } from '../diagnostic.js';
import type { TableName } from '../statement.js';
import type { ServerFlavor } from './connection.js';
import { quoteIdentifier, type LiveSession } from './session.js';

/** Inclusive maximum of each integer type (MySQL 8.0 manual 13.1.2, Table 13.1). */
export const INTEGER_TYPE_MAXIMUM: Readonly<Record<string, { signed: bigint; unsigned: bigint }>> = {
  TINYINT: { signed: 127n, unsigned: 255n },
  SMALLINT: { signed: 32767n, unsigned: 65535n },
  MEDIUMINT: { signed: 8388607n, unsigned: 16777215n },
  INT: { signed: 2147483647n, unsigned: 4294967295n },
  BIGINT: { signed: 9223372036854775807n, unsigned: 18446744073709551615n },
};

/** What the AUTO_INCREMENT probe read. Integers are bigint: BIGINT UNSIGNED exceeds 2^53. */
export interface AutoIncrementFigures {
  table: TableName;
  column: string;
  /** Upper-case integer type name, e.g. `INT`. */
  typeName: string;
  unsigned: boolean;
  /** The next value the table will generate; undefined when the server does not say. */
  nextValue?: bigint;
  /** `MAX(col)`; undefined for an empty table. */
  maxValue?: bigint;
  /** The largest value the column type can hold. */
  typeMaximum: bigint;
  /** `@@auto_increment_increment` of the server (values advance by this step). */
  increment: number;
  flavor: ServerFlavor;
  /** Where `nextValue` came from. */
  nextValueSource: 'information_schema' | 'show-create-table' | 'none';
  /**
   * The server's estimate of the table's row count (`information_schema.TABLES.TABLE_ROWS`; for
   * InnoDB a sampled estimate that can be off by 40-50%, MySQL 8.0 manual 28.3.38); undefined when
   * the server gives none.
   */
  estimatedRows?: bigint;
}

/** One finding derived from the figures. */
export interface AutoIncrementFinding {
  ruleId: 'auto-increment-drift' | 'auto-increment-headroom';
  severity: Severity;
  message: string;
  /** Fraction of the positive range already used, 0..1 (headroom only). */
  usedFraction?: number;
}

/** Thresholds of `auto-increment-headroom`, as fractions of the positive range. */
export interface HeadroomThresholds {
  warning: number;
  error: number;
}

export const DEFAULT_HEADROOM_THRESHOLDS: HeadroomThresholds = { warning: 0.8, error: 0.95 };

function exhaustionError(figures: AutoIncrementFigures): string {
  if (figures.typeName === 'BIGINT' && figures.unsigned) return 'ERROR 1467 (Failed to read auto-increment value)';
  return figures.flavor === 'mariadb'
    ? "error 167 (Out of range value for column)"
    : 'ERROR 1062 (Duplicate entry)';
}

function qualified(table: TableName): string {
  return table.schema ? `${table.schema}.${table.name}` : table.name;
}

/**
 * Decides the two AUTO_INCREMENT findings from probe figures. Pure; never throws.
 *
 * Drift: `nextValue ≤ maxValue` → error (inserts that let the server pick the id fail with 1062
 * until the counter passes MAX). Headroom: used = max(nextValue − 1, maxValue) / typeMaximum;
 * ≥ `thresholds.error` → error, ≥ `thresholds.warning` → warning, else nothing. Values left
 * count the increment step.
 */
export function assessAutoIncrement(
  figures: AutoIncrementFigures,
  thresholds: HeadroomThresholds = DEFAULT_HEADROOM_THRESHOLDS,
): AutoIncrementFinding[] {
  const findings: AutoIncrementFinding[] = [];
  const name = `${qualified(figures.table)}.${figures.column}`;
  const type = `${figures.typeName}${figures.unsigned ? ' UNSIGNED' : ''}`;
  if (figures.nextValue !== undefined && figures.maxValue !== undefined && figures.nextValue <= figures.maxValue) {
    findings.push({
      ruleId: 'auto-increment-drift',
      severity: 'error',
      message:
        `AUTO_INCREMENT of ${name} is ${figures.nextValue} but MAX(${figures.column}) is ${figures.maxValue}: ` +
        `the next insert that lets the server pick the value fails with ERROR 1062. ` +
        `Set it past the maximum: ALTER TABLE ${qualified(figures.table)} AUTO_INCREMENT = ${figures.maxValue + 1n}.`,
    });
  }
  const used = [figures.nextValue !== undefined ? figures.nextValue - 1n : undefined, figures.maxValue]
    .filter((value): value is bigint => value !== undefined)
    .reduce<bigint>((a, b) => (b > a ? b : a), 0n);
  if (figures.typeMaximum > 0n) {
    // Fraction with 4 decimal digits of precision, computed in bigint to stay exact for BIGINT.
    const usedFraction = Number((used * 10_000n) / figures.typeMaximum) / 10_000;
    const step = BigInt(Math.max(1, Math.trunc(figures.increment)));
    const next = figures.nextValue ?? used + 1n;
    const left = next > figures.typeMaximum ? 0n : (figures.typeMaximum - next) / step + 1n;
    const percent = `${(usedFraction * 100).toFixed(1)}%`;
    const severity: Severity | undefined =
      usedFraction >= thresholds.error ? 'error' : usedFraction >= thresholds.warning ? 'warning' : undefined;
    if (severity) {
      findings.push({
        ruleId: 'auto-increment-headroom',
        severity,
        usedFraction,
        message:
          `${name} (${type}) has used ${percent} of its range: ${left} value(s) left before inserts fail with ` +
          `${exhaustionError(figures)}. Widen the column (e.g. BIGINT UNSIGNED) before it runs out.`,
      });
    }
  }
  return findings;
}

/**
 * Reads the AUTO_INCREMENT figures of `table` inside a read-only snapshot. Returns undefined
 * when the table does not exist or has no AUTO_INCREMENT column, or when that column is not an
 * integer type.
 *
 * @throws LiveTimeoutError / LivePrivilegeError from the session.
 */
export async function probeAutoIncrement(session: LiveSession, table: TableName): Promise<AutoIncrementFigures | undefined> {
  const schema = table.schema ?? session.database;
  return session.readSnapshot(async () => {
    const columns = await session.select(
      'SELECT COLUMN_NAME AS name, DATA_TYPE AS data_type, COLUMN_TYPE AS column_type FROM information_schema.COLUMNS ' +
        "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND EXTRA LIKE '%auto_increment%'",
      [schema, table.name],
    );
    const column = columns[0];
    if (!column) return undefined;
    const typeName = String(column.data_type).toUpperCase();
    const maximum = INTEGER_TYPE_MAXIMUM[typeName];
    if (!maximum) return undefined;
    const unsigned = /\bunsigned\b/i.test(String(column.column_type));
    const columnName = String(column.name);

    let nextValue: bigint | undefined;
    let nextValueSource: AutoIncrementFigures['nextValueSource'] = 'none';
    const tables = await session.select(
      'SELECT AUTO_INCREMENT AS next_value, TABLE_ROWS AS table_rows FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?',
      [schema, table.name],
    );
    const fromSchema = tables[0]?.next_value;
    const tableRows = tables[0]?.table_rows;
    if (fromSchema !== null && fromSchema !== undefined) {
      nextValue = BigInt(String(fromSchema));
      nextValueSource = 'information_schema';
    } else {
      const text = (await session.showCreateTable(table)) ?? '';
      const match = /\)\s*[^)]*\bAUTO_INCREMENT=(\d+)/i.exec(text);
      if (match?.[1]) {
        nextValue = BigInt(match[1]);
        nextValueSource = 'show-create-table';
      }
    }
    const maxRows = await session.select(
      `SELECT MAX(${quoteIdentifier(columnName)}) AS max_value FROM ${session.qualify(table)}`,
    );
    const maxRaw = maxRows[0]?.max_value;
    const figures: AutoIncrementFigures = {
      table,
      column: columnName,
      typeName,
      unsigned,
      typeMaximum: unsigned ? maximum.unsigned : maximum.signed,
      increment: session.server.autoIncrementIncrement,
      flavor: session.server.flavor,
      nextValueSource,
    };
    if (nextValue !== undefined) figures.nextValue = nextValue;
    if (maxRaw !== null && maxRaw !== undefined) figures.maxValue = BigInt(String(maxRaw));
    if (tableRows !== null && tableRows !== undefined) figures.estimatedRows = BigInt(String(tableRows));
    return figures;
  });
}
