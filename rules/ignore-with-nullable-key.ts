/**
 * ignore-with-nullable-key: INSERT IGNORE, INSERT ... ON DUPLICATE KEY UPDATE or REPLACE, written
 * so that a re-run does no harm, whose rows leave NULL in a part of every unique key they could
 * collide on. NULL never equals NULL in a unique index, so those rows never collide and each run
 * inserts them again.
 */
import { defineRule } from '../src/rule.js';
import type { TableName, ValueLiteral } from '../src/statement.js';
import type { ColumnState, TableState, UniqueKeyState } from '../src/schema/types.js';
import { readInsertParts } from '../src/analysis/insert-parts.js';
import { formatKeyParts, quoteIdentifier, quoteTableName } from '../src/analysis/sql-text.js';
import { tokenize, type Token } from '../src/split/lexer.js';

/** Literal rows read per file at most (a dump made with --insert-ignore or --replace can carry millions). */
const MAX_ROWS_READ = 50_000;
const ROWS_READ_KEY = 'ignore-with-nullable-key:rows-read';

/** What a row puts into one column, as far as the statement text tells. */
type CellValue = 'null' | 'generated' | 'value';

function upper(token: Token | undefined): string {
  return token !== undefined && token.type === 'word' ? token.text.toUpperCase() : '';
}

function isSymbol(token: Token | undefined, symbol: string): boolean {
  return token !== undefined && token.type === 'symbol' && token.text === symbol;
}

/**
 * The select list of a simple `SELECT ... [FROM ...]` at `[start, end)` of `sql`, one entry per
 * item: `null` for a bare NULL (with or without an alias), `value` otherwise. Undefined for
 * shapes it does not read (`SELECT *`, UNION, WITH, a parenthesised query, TABLE t).
 */
function selectListOf(sql: string, start: number, end: number): CellValue[] | undefined {
  const tokens = tokenize(sql.slice(start, end));
  if (upper(tokens[0]) !== 'SELECT') return undefined;
  let index = 1;
  while (['DISTINCT', 'ALL', 'DISTINCTROW', 'STRAIGHT_JOIN', 'SQL_NO_CACHE', 'SQL_CALC_FOUND_ROWS', 'HIGH_PRIORITY'].includes(upper(tokens[index]))) index += 1;
  const items: Token[][] = [[]];
  let depth = 0;
  for (; index < tokens.length; index += 1) {
    const token = tokens[index]!;
    if (isSymbol(token, '(')) depth += 1;
    else if (isSymbol(token, ')')) depth -= 1;
    if (depth === 0) {
      const word = upper(token);
      if (word === 'FROM' || word === 'WHERE' || word === 'INTO' || word === 'GROUP' || word === 'ORDER' || word === 'LIMIT' || word === 'HAVING') break;
      if (word === 'UNION' || word === 'EXCEPT' || word === 'INTERSECT') return undefined;
      if (isSymbol(token, ',')) {
        items.push([]);
        continue;
      }
    }
    items[items.length - 1]!.push(token);
  }
  for (; index < tokens.length; index += 1) {
    const word = upper(tokens[index]);
    if (word === 'UNION' || word === 'EXCEPT' || word === 'INTERSECT') return undefined;
  }
  if (items.some((item) => item.length === 0 || (item.length === 1 && isSymbol(item[0], '*')))) return undefined;
  return items.map((item) => {
    const bare = item.length === 1 || (item.length >= 2 && (upper(item[1]) === 'AS' || item.length === 2));
    return bare && upper(item[0]) === 'NULL' ? 'null' : 'value';
  });
}

function cellOf(value: ValueLiteral, column: ColumnState): CellValue {
  if (value.kind === 'null') return column.autoIncrement ? 'generated' : 'null';
  if (value.kind === 'expression' && value.text.trim().toUpperCase() === 'DEFAULT') return omittedCell(column);
  if (column.autoIncrement && value.kind === 'number' && Number(value.text) === 0) return 'generated';
  return 'value';
}

/** What the server stores in a column the statement leaves out (MySQL 8.0 manual 13.6 "Data Type Default Values"). */
function omittedCell(column: ColumnState): CellValue {
  if (column.autoIncrement) return 'generated';
  if (column.generated) return 'value';
  if (column.default === undefined || column.default.kind === 'null') return column.nullable ? 'null' : 'value';
  return 'value';
}

/**
 * How a row escapes a unique key: `null` when a nullable part is NULL (MySQL 8.0 manual 15.1.15
 * "CREATE INDEX", Unique Indexes: a UNIQUE index permits multiple NULL values), `generated` when
 * an AUTO_INCREMENT part gets a new value; undefined when the row can collide on the key.
 */
function escapeOf(key: UniqueKeyState, cells: Map<string, CellValue>, table: TableState): { how: 'null' | 'generated'; column: string } | undefined {
  let generated: string | undefined;
  for (const part of key.parts) {
    if (part.column === '') return undefined;
    const column = table.columns.find((candidate) => candidate.name.toLowerCase() === part.column.toLowerCase());
    const cell = cells.get(part.column.toLowerCase());
    if (column === undefined || cell === undefined) return undefined;
    if (cell === 'null' && column.nullable) return { how: 'null', column: column.name };
    if (cell === 'generated') generated = column.name;
  }
  return generated !== undefined ? { how: 'generated', column: generated } : undefined;
}

export default defineRule({
  meta: {
    id: 'ignore-with-nullable-key',
    summary: 'INSERT IGNORE, ON DUPLICATE KEY UPDATE or REPLACE leaves NULL in a part of every unique key its rows could collide on, so a re-run inserts those rows again.',
    rationale:
      'INSERT IGNORE, INSERT ... ON DUPLICATE KEY UPDATE and REPLACE are often written so that running a seed ' +
      'or a migration twice does no harm: the second run meets the rows of the first on a unique key and ' +
      'skips, merges or replaces them. That works only if the rows do collide. A UNIQUE index permits ' +
      'several rows with NULL in a key part, because NULL is not equal to NULL; so a row that leaves a ' +
      'nullable key part NULL (a literal NULL, or a column left out whose default is NULL) never meets an ' +
      'existing row on that key, and if every other unique key of the table is likewise escaped (another ' +
      'NULL part, or an AUTO_INCREMENT column that takes a new value), the row is inserted again on every ' +
      'run. The table fills with copies, and a unique key added later over those columns fails with ERROR ' +
      '1062 on them. The rule reads at most 50,000 literal rows per file. Sources: MySQL 8.0 manual 15.1.15 "CREATE INDEX" (Unique Indexes), 15.2.7 "INSERT ' +
      'Statement" (IGNORE), 15.2.7.2 "INSERT ... ON DUPLICATE KEY UPDATE Statement", 15.2.12 "REPLACE ' +
      'Statement", 13.6 "Data Type Default Values"; MariaDB knowledge base "CREATE TABLE" (Unique keys: ' +
      'NULL values).',
    defaultSeverity: 'warning',
    tags: ['dml', 'mysql', 'mariadb'],
    fix:
      'Give the rows a real value in the key part, or make the key part NOT NULL with a sentinel default ' +
      "(0, '') so equal rows collide; or insert only the missing rows with `INSERT ... SELECT ... WHERE NOT " +
      'EXISTS (SELECT 1 FROM t WHERE t.k <=> s.k)`, whose `<=>` compares NULL as equal.',
    equivalents: [],
    examples: {
      invalid: [
        {
          description: 'A default setting per account, with NULL for "all accounts": every run adds another row.',
          sql: "INSERT IGNORE INTO settings (account_id, name, value) VALUES (NULL, 'theme', 'light');",
          history: 'CREATE TABLE settings (id INT AUTO_INCREMENT PRIMARY KEY, account_id INT NULL, name VARCHAR(64) NOT NULL, value VARCHAR(255), UNIQUE KEY uq_setting (account_id, name));',
        },
        {
          description: 'Re-seeding defaults with INSERT IGNORE ... SELECT NULL, ...',
          sql: "INSERT IGNORE INTO settings (account_id, name, value) SELECT NULL, name, default_value FROM setting_defaults;",
          history: 'CREATE TABLE settings (id INT AUTO_INCREMENT PRIMARY KEY, account_id INT NULL, name VARCHAR(64) NOT NULL, value VARCHAR(255), UNIQUE KEY uq_setting (account_id, name));',
        },
        {
          description: 'The nullable key part is left out, and its default is NULL.',
          sql: "INSERT INTO settings (name, value) VALUES ('theme', 'light') ON DUPLICATE KEY UPDATE value = 'light';",
          history: 'CREATE TABLE settings (id INT AUTO_INCREMENT PRIMARY KEY, account_id INT NULL, name VARCHAR(64) NOT NULL, value VARCHAR(255), UNIQUE KEY uq_setting (account_id, name));',
        },
      ],
      valid: [
        {
          description: 'The rows fill the nullable key part, so a re-run collides and skips them.',
          sql: "INSERT IGNORE INTO settings (account_id, name, value) VALUES (0, 'theme', 'light');",
          history: 'CREATE TABLE settings (id INT AUTO_INCREMENT PRIMARY KEY, account_id INT NULL, name VARCHAR(64) NOT NULL, value VARCHAR(255), UNIQUE KEY uq_setting (account_id, name));',
        },
        {
          description: 'Another unique key the rows fill still catches the re-run.',
          sql: "INSERT IGNORE INTO settings (code, account_id, name, value) VALUES ('theme', NULL, 'theme', 'light');",
          history: 'CREATE TABLE settings (id INT AUTO_INCREMENT PRIMARY KEY, code VARCHAR(32) NOT NULL UNIQUE, account_id INT NULL, name VARCHAR(64) NOT NULL, value VARCHAR(255), UNIQUE KEY uq_setting (account_id, name));',
        },
        {
          description: 'A NOT NULL key part with a sentinel default.',
          sql: "INSERT IGNORE INTO settings (name, value) VALUES ('theme', 'light');",
          history: "CREATE TABLE settings (id INT AUTO_INCREMENT PRIMARY KEY, account_id INT NOT NULL DEFAULT 0, name VARCHAR(64) NOT NULL, value VARCHAR(255), UNIQUE KEY uq_setting (account_id, name));",
        },
      ],
    },
  },
  check(context) {
    const ir = context.statement.ir;
    if (ir.kind !== 'insert') return;
    const what = ir.verb === 'replace' ? 'REPLACE' : ir.ignore ? 'INSERT IGNORE' : ir.onDuplicateKeyUpdate ? 'INSERT ... ON DUPLICATE KEY UPDATE' : undefined;
    if (what === undefined) return;
    const table = context.schema.getTable(ir.table);
    if (table === undefined || table.partial || table.uniqueKeys.length === 0) return;
    if (!table.uniqueKeys.some((key) => key.parts.some((part) => table.columns.find((column) => column.name.toLowerCase() === part.column.toLowerCase())?.nullable))) return;
    const targetColumns = (ir.columns ?? table.columns.map((column) => column.name)).map((name) => name.toLowerCase());
    const columnStates = targetColumns.map((name) => table.columns.find((column) => column.name.toLowerCase() === name));
    if (columnStates.some((column) => column === undefined)) return;
    const omitted = table.columns.filter((column) => !targetColumns.includes(column.name.toLowerCase()));

    const rowsOfCells: Iterable<CellValue[]> | undefined = (() => {
      if ((ir.source === 'values' || ir.source === 'set') && ir.rows !== undefined) {
        const rows = ir.rows;
        const store = context.fileState;
        return (function* () {
          let read = (store?.get(ROWS_READ_KEY) as number | undefined) ?? 0;
          try {
            for (const row of rows.read()) {
              if (read >= MAX_ROWS_READ || row.length !== columnStates.length) return;
              read += 1;
              yield row.map((value, index) => cellOf(value, columnStates[index]!));
            }
          } finally {
            store?.set(ROWS_READ_KEY, read);
          }
        })();
      }
      if (ir.source === 'select') {
        const parts = readInsertParts(context.statement.unit.sql, 0);
        if (parts === undefined) return undefined;
        const list = selectListOf(context.statement.unit.sql, parts.sourceStart, parts.sourceEnd);
        if (list === undefined || list.length !== columnStates.length) return undefined;
        return [list.map((cell, index) => (cell === 'null' && columnStates[index]!.autoIncrement ? 'generated' : cell))];
      }
      return undefined;
    })();
    if (rowsOfCells === undefined) return;

    let rowCount = 0;
    let escaping = 0;
    let nullKey: { key: UniqueKeyState; column: string } | undefined;
    for (const row of rowsOfCells) {
      rowCount += 1;
      const cells = new Map<string, CellValue>();
      targetColumns.forEach((name, index) => cells.set(name, row[index]!));
      for (const column of omitted) cells.set(column.name.toLowerCase(), omittedCell(column));
      const escapes = table.uniqueKeys.map((key) => ({ key, escape: escapeOf(key, cells, table) }));
      if (escapes.some((entry) => entry.escape === undefined)) continue;
      const byNull = escapes.find((entry) => entry.escape!.how === 'null');
      if (byNull === undefined) continue;
      escaping += 1;
      nullKey ??= { key: byNull.key, column: byNull.escape!.column };
    }
    if (nullKey === undefined) return;
    const target = quoteTableName(ir.table);
    const keyName = nullKey.key.primary ? 'PRIMARY KEY' : `unique key ${quoteIdentifier(nullKey.key.name)}`;
    const rows = ir.source === 'select' ? 'the selected rows leave' : rowCount === 1 ? 'the row leaves' : `${escaping} of ${rowCount} rows leave`;
    context.report({
      message: `${what} into ${target} does not make a re-run harmless: ${rows} ${quoteIdentifier(nullKey.column)} NULL, so they never collide on ${keyName} and each run inserts them again`,
      notes: [
        `${keyName} ${formatKeyParts(nullKey.key.parts)} allows NULL in ${quoteIdentifier(nullKey.column)}, and a unique index treats no two NULLs as equal; no other unique key of ${target} catches these rows${table.uniqueKeys.length > 1 ? ' (each is escaped by another NULL part or by an AUTO_INCREMENT value)' : ''}`,
      ],
      help: [
        `give ${quoteIdentifier(nullKey.column)} a real value in these rows, or make it NOT NULL with a sentinel default (0, '') so equal rows collide`,
        `or insert only the missing rows, comparing NULL as equal with <=>:`,
        `  INSERT INTO ${target} (...) SELECT ... FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM ${target} WHERE ${quoteIdentifier(nullKey.column)} <=> ... AND ...);`,
      ],
      data: { table: ir.table satisfies TableName, key: nullKey.key.name, column: nullKey.column, rows: rowCount, rowsNeverColliding: escaping },
    });
  },
});
