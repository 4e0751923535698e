/**
 * Forward fixes: what to write in a new migration when the fix of a finding cannot go into its
 * own file because that migration is already applied (src/fix/applied.ts).
 *
 * Only a change of a column definition has a forward form: `ALTER TABLE t MODIFY <definition>`,
 * the definition with the fix applied (MySQL 8.0 manual 15.1.9 "ALTER TABLE Statement", MODIFY
 * [COLUMN]; MariaDB knowledge base "ALTER TABLE"). MODIFY restates the whole definition, so the
 * other attributes (NOT NULL, AUTO_INCREMENT, DEFAULT, COMMENT) are kept; inline `PRIMARY KEY`
 * and `UNIQUE` are left out, since the key already exists (repeating PRIMARY KEY fails with
 * ERROR 1068 "Multiple primary key defined"). A fix of a data statement has no forward form: the
 * statement already ran.
 */
import type { Diagnostic } from '../diagnostic.js';
import { quoteTableName } from '../analysis/sql-text.js';
import type { TableName } from '../statement.js';

/**
 * The parts of a column definition, in match order: quoted strings and identifiers (kept as they
 * are), comments (dropped), inline key clauses (dropped), runs of white space (one space).
 */
const DEFINITION_PARTS = /'(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.|"")*"|`(?:[^`]|``)*`|\/\*(?!!)[\s\S]*?\*\/|--\s[^\n]*|#[^\n]*|\s+(?:PRIMARY\s+KEY|UNIQUE(?:\s+KEY)?|KEY)\b|\s+/gi;

function rewritePart(part: string): string {
  if (/^['"`]/.test(part) || part.startsWith('/*!')) return part;
  if (/^\s+$/.test(part)) return ' ';
  return part.startsWith('/*') || part.startsWith('--') || part.startsWith('#') ? ' ' : '';
}

function isTableName(value: unknown): value is TableName {
  return typeof value === 'object' && value !== null && typeof (value as { name?: unknown }).name === 'string';
}

/**
 * The SQL of the new migration that makes the change `diagnostic.fix` would have made in the
 * already-applied file `fileText`, or undefined when there is none. Works for findings whose
 * range is one column definition of a CREATE TABLE with `data.table` and `data.column`
 * (int-auto-increment) and a fix inside that range.
 */
export function forwardMigrationSql(diagnostic: Diagnostic, fileText: string): string | undefined {
  const fix = diagnostic.fix;
  const table = diagnostic.data?.table;
  if (!fix || !isTableName(table) || typeof diagnostic.data?.column !== 'string') return undefined;
  const start = diagnostic.range.start.offset;
  const end = diagnostic.range.end.offset;
  if (fix.range.startOffset < start || fix.range.endOffset > end) return undefined;
  const definition = fileText.slice(start, fix.range.startOffset) + fix.text + fileText.slice(fix.range.endOffset, end);
  const withoutKeys = definition.replace(DEFINITION_PARTS, rewritePart).trim();
  return `ALTER TABLE ${quoteTableName(table)} MODIFY ${withoutKeys};`;
}
