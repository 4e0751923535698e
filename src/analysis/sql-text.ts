/**
 * Small helpers that write SQL text for messages and generated queries: identifier quoting,
 * table names, key parts and numbers. (Data types: `formatDataType` in src/schema/data-types.ts.)
 *
 * Quoting follows the MySQL 8.0 manual, 11.2 "Schema Object Names": an identifier is enclosed in
 * backticks and a backtick inside it is doubled.
 */
import type { KeyPart, TableName } from '../statement.js';

/** `` `name` ``, with backticks inside the name doubled. Never throws. */
export function quoteIdentifier(name: string): string {
  return '`' + name.replace(/`/g, '``') + '`';
}

/**
 * A table name ready for SQL: `` `schema`.`table` `` when the schema is known, else `` `table` ``.
 * Accepts a bare string as the table name.
 */
export function quoteTableName(table: TableName | string): string {
  if (typeof table === 'string') return quoteIdentifier(table);
  return table.schema ? `${quoteIdentifier(table.schema)}.${quoteIdentifier(table.name)}` : quoteIdentifier(table.name);
}

/**
 * One key part as SQL text: `` `email`(10) `` for a prefix part, `(expr)` for a functional part,
 * `` `name` `` otherwise. `DESC` is left out: it does not change which values are equal.
 */
export function formatKeyPart(part: KeyPart): string {
  if (part.column === '' && part.expression !== undefined) return `(${part.expression})`;
  const column = quoteIdentifier(part.column);
  return part.prefixLength !== undefined ? `${column}(${part.prefixLength})` : column;
}

/** A key's parts as SQL text: `` (`a`, `b`(10)) ``. */
export function formatKeyParts(parts: readonly KeyPart[]): string {
  return '(' + parts.map(formatKeyPart).join(', ') + ')';
}

/** `n` with thousands separators: 2147483647 → `2,147,483,647`. Works for bigint values too. */
export function withThousandsSeparators(n: number | bigint): string {
  const digits = (typeof n === 'bigint' ? n : BigInt(Math.trunc(n))).toString();
  const negative = digits.startsWith('-');
  const body = negative ? digits.slice(1) : digits;
  const grouped = body.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return negative ? '-' + grouped : grouped;
}
