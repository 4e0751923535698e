/**
 * Duplicate-finder queries: the read-only SQL a database engineer (or live mode) runs before a
 * migration adds or tightens a unique key, to list the key values that more than one existing row
 * shares.
 *
 * Semantics the query has to match (MySQL 8.0 manual 15.1.15 "CREATE INDEX", "Unique Indexes"
 * and "Column Prefix Key Parts"; MariaDB "CREATE INDEX"):
 * - A unique index rejects two rows only when every key part is non-NULL in both and the parts
 *   compare equal, so each part gets `IS NOT NULL` (GROUP BY alone would lump NULLs together and
 *   report groups the server accepts).
 * - A prefix key part compares the first `n` characters of a non-binary string and the first `n`
 *   bytes of a binary string. `LEFT(col, n)` counts characters for non-binary strings and bytes
 *   for binary strings, so it is right for both and keeps the column's collation.
 * - GROUP BY compares strings with the expression's collation, PAD attribute included, so a part
 *   needs `COLLATE` only when the migration changes the collation; `CONVERT(... USING cs)` when it
 *   changes the character set; `CAST(... AS type)` when it changes a numeric or temporal type.
 *
 * These functions are pure and never touch a database.
 */
import type { TableName } from '../statement.js';
import { quoteIdentifier, quoteTableName } from './sql-text.js';

/**
 * One key part of the key to check, as it will compare after the migration, written against the
 * table as it stands before the migration (the query runs first).
 */
export interface DuplicateFinderPart {
  /** Column name as it stands before the migration; `''` for an expression part. */
  column: string;
  /** SQL expression for a functional key part or a generated column; used instead of `column`. */
  expression?: string;
  /** Prefix length of the key part (characters, or bytes for binary strings). */
  prefixLength?: number;
  /** Character set the migration converts the column to: adds `CONVERT(col USING charset)`. */
  charset?: string;
  /** Collation the column compares with after the migration: adds `COLLATE collation`. */
  collation?: string;
  /** Type the migration converts the column to, as a CAST target such as `DECIMAL(6,1)`, `DATETIME(0)`, `SIGNED`. */
  castType?: string;
}

/** Options of `duplicateFinderQuery`. */
export interface DuplicateFinderOptions {
  /**
   * When set, the query lists the largest groups first and returns at most `limit` of them
   * (`ORDER BY COUNT(*) DESC LIMIT n`). Must be a positive integer.
   */
  limit?: number;
}

const PLAIN_NAME = /^[A-Za-z0-9_$]+$/;
const CAST_TARGET = /^[A-Za-z][A-Za-z0-9_]*(?: [A-Za-z][A-Za-z0-9_]*)*(?:\(\d+(?:,\s?\d+)?\))?(?: [A-Za-z][A-Za-z0-9_]*)*$/;

/** True when `name` can stand unquoted as a character set or collation name (letters, digits, `_`, `$`). */
export function isPlainName(name: string): boolean {
  return PLAIN_NAME.test(name);
}

/** True when `target` is a well-formed CAST target such as `CHAR(4)`, `DECIMAL(6,1)`, `UNSIGNED`. */
export function isCastTarget(target: string): boolean {
  return CAST_TARGET.test(target);
}

/**
 * The SQL expression one part compares by after the migration:
 * `LEFT(CONVERT(CAST(col AS t) USING cs) COLLATE c, n)`, with each layer present only when the
 * part asks for it.
 *
 * @throws RangeError when `charset` or `collation` is not a plain name, `castType` is not a CAST
 *   target, `prefixLength` is not a positive integer, or the part names neither a column nor an
 *   expression.
 */
export function keyPartExpression(part: DuplicateFinderPart): string {
  let expression: string;
  if (part.expression !== undefined && part.expression.trim() !== '') {
    expression = `(${part.expression})`;
  } else if (part.column !== '') {
    expression = quoteIdentifier(part.column);
  } else {
    throw new RangeError('A duplicate-finder part needs a column name or an expression');
  }
  if (part.castType !== undefined) {
    if (!isCastTarget(part.castType)) throw new RangeError(`Not a CAST target: ${part.castType}`);
    expression = `CAST(${expression} AS ${part.castType})`;
  }
  if (part.charset !== undefined) {
    if (!isPlainName(part.charset)) throw new RangeError(`Not a character set name: ${part.charset}`);
    expression = `CONVERT(${expression} USING ${part.charset})`;
  }
  if (part.collation !== undefined) {
    if (!isPlainName(part.collation)) throw new RangeError(`Not a collation name: ${part.collation}`);
    expression = `${expression} COLLATE ${part.collation}`;
  }
  if (part.prefixLength !== undefined) {
    if (!Number.isInteger(part.prefixLength) || part.prefixLength <= 0) {
      throw new RangeError(`Not a prefix length: ${part.prefixLength}`);
    }
    expression = `LEFT(${expression}, ${part.prefixLength})`;
  }
  return expression;
}

/** The expression a part's NULL test reads: the column itself, or the parenthesised expression. */
function nullTestOperand(part: DuplicateFinderPart): string {
  if (part.expression !== undefined && part.expression.trim() !== '') return `(${part.expression})`;
  return quoteIdentifier(part.column);
}

/**
 * The query that lists the values of a key that more than one existing row shares:
 *
 * ```sql
 * SELECT `a`, LEFT(`b`, 10) AS `b`, COUNT(*) AS `duplicate_rows` FROM `t`
 * WHERE `a` IS NOT NULL AND `b` IS NOT NULL
 * GROUP BY `a`, LEFT(`b`, 10) HAVING COUNT(*) > 1;
 * ```
 *
 * returned on one line. An empty result means the key can be added (for the data read at that
 * moment). With no parts at all (a key made only of columns every row gets the same value in)
 * the query returns one row as soon as the table holds two rows.
 *
 * @param table the table as it is named before the migration (a bare string is a table name).
 * @param parts the key parts, in key order.
 * @throws RangeError as `keyPartExpression`, or when `options.limit` is not a positive integer.
 */
export function duplicateFinderQuery(
  table: TableName | string,
  parts: readonly DuplicateFinderPart[],
  options: DuplicateFinderOptions = {},
): string {
  const expressions = parts.map(keyPartExpression);
  const selected = parts.map((part, index) => {
    const expression = expressions[index]!;
    const alias = part.column !== '' && (part.expression === undefined || part.expression.trim() === '')
      ? part.column
      : `key_part_${index + 1}`;
    return expression === quoteIdentifier(alias) ? expression : `${expression} AS ${quoteIdentifier(alias)}`;
  });
  let sql = `SELECT ${[...selected, 'COUNT(*) AS `duplicate_rows`'].join(', ')} FROM ${quoteTableName(table)}`;
  if (parts.length > 0) {
    sql += ' WHERE ' + parts.map((part) => `${nullTestOperand(part)} IS NOT NULL`).join(' AND ');
    sql += ' GROUP BY ' + expressions.join(', ');
  }
  sql += ' HAVING COUNT(*) > 1';
  if (options.limit !== undefined) {
    if (!Number.isInteger(options.limit) || options.limit <= 0) {
      throw new RangeError(`Not a row limit: ${options.limit}`);
    }
    sql += ` ORDER BY COUNT(*) DESC LIMIT ${options.limit}`;
  }
  return sql + ';';
}

/**
 * The query that counts rows with a NULL in any of `columns`: before `ADD PRIMARY KEY`, such rows
 * make the statement fail (MySQL: ERROR 1138 "Invalid use of NULL value"; MariaDB in strict mode:
 * ERROR 1265 "Data truncated"), or, in non-strict mode, turn into 0 / '' and then collide.
 * (MySQL 8.0 manual 15.1.20 "CREATE TABLE": a PRIMARY KEY's columns are NOT NULL.)
 *
 * @param columns column names as they stand before the migration; must not be empty.
 * @throws RangeError when `columns` is empty.
 */
export function nullKeyRowsQuery(table: TableName | string, columns: readonly string[]): string {
  if (columns.length === 0) throw new RangeError('nullKeyRowsQuery needs at least one column');
  const condition = columns.map((column) => `${quoteIdentifier(column)} IS NULL`).join(' OR ');
  return `SELECT COUNT(*) AS \`rows_with_null\` FROM ${quoteTableName(table)} WHERE ${condition};`;
}

/**
 * The query that counts the rows an `ALTER TABLE ... MODIFY col ... AUTO_INCREMENT` renumbers:
 * rows holding 0 or NULL in `column` get the next counter value while the table is copied, which
 * can equal a value another row holds (ERROR 1062, "ALTER TABLE causes auto_increment
 * resequencing"), unless sql_mode includes NO_AUTO_VALUE_ON_ZERO (MySQL 8.0 manual 7.1.11
 * "Server SQL Modes").
 */
export function renumberedRowsQuery(table: TableName | string, column: string): string {
  const name = quoteIdentifier(column);
  return `SELECT COUNT(*) AS \`rows_renumbered\` FROM ${quoteTableName(table)} WHERE ${name} = 0 OR ${name} IS NULL;`;
}
