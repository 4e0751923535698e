/**
 * insert-select-without-dedup: `INSERT ... SELECT` or `LOAD DATA` into a table with a unique key,
 * with no duplicate handling and no dedupe step in the SELECT.
 */
import { defineRule, type RuleContext } from '../src/rule.js';
import type { TableName } from '../src/statement.js';
import type { ColumnState, SchemaView, TableState, UniqueKeyState } from '../src/schema/types.js';
import { readInsertParts } from '../src/analysis/insert-parts.js';
import { formatKeyParts, quoteIdentifier, quoteTableName } from '../src/analysis/sql-text.js';
import { collationChangeMergeReason } from '../src/schema/collation.js';
import { typeChangeMergeReason } from '../src/schema/data-types.js';
import { isSymbol, isWord, type Token } from '../src/split/lexer.js';
import { TokenCursor } from '../src/parse/scan.js';

/** What the SELECT does about duplicates, read from its tokens. */
interface SelectShape {
  /** The dedupe step found, for `data`; undefined when none. */
  dedupe?: string;
  /** `SELECT` without FROM at the top level: one row. */
  noFrom: boolean;
  /** `LIMIT 1` at the top level. */
  limitOne: boolean;
  /** `SELECT * | plain columns FROM one_table [alias] [WHERE ...]` (no join, union, grouping). */
  copy?: { from: TableName; columns: (string | null)[] | '*' };
}

function isName(token: Token | undefined): token is Token {
  return token !== undefined && (token.type === 'word' || token.type === 'quoted-identifier');
}

const CLAUSE_WORDS = new Set(['WHERE', 'ORDER', 'LIMIT', 'FOR', 'LOCK', 'UNION', 'EXCEPT', 'INTERSECT', 'GROUP', 'HAVING', 'WINDOW']);

/** Reads the shape of the query `sql[start, end)`. Linear; never throws. */
function selectShape(sql: string, start: number, end: number): SelectShape {
  const tokens: { token: Token; depth: number }[] = [];
  const cursor = new TokenCursor(sql, start, end);
  let depth = 0;
  for (;;) {
    const token = cursor.next();
    if (!token) break;
    if (isSymbol(token, ')')) depth = Math.max(0, depth - 1);
    tokens.push({ token, depth });
    if (isSymbol(token, '(')) depth++;
  }
  const at = (index: number) => tokens[index]?.token;
  const shape: SelectShape = { noFrom: true, limitOne: false };
  let rowNumber = false;
  let equalsOne = false;
  let leftJoin = false;
  let isNull = false;
  let joins = false;
  let topSelects = 0;
  for (let index = 0; index < tokens.length; index++) {
    const { token, depth: level } = tokens[index]!;
    if (isWord(token, 'SELECT')) {
      if (level === 0) topSelects++;
      if (isWord(at(index + 1), 'DISTINCT') || isWord(at(index + 1), 'DISTINCTROW')) shape.dedupe ??= 'SELECT DISTINCT';
    }
    if (level === 0 && isWord(token, 'FROM')) shape.noFrom = false;
    if (level === 0 && isWord(token, 'GROUP') && isWord(at(index + 1), 'BY')) shape.dedupe ??= 'GROUP BY';
    if (level === 0 && isWord(token, 'UNION') && !isWord(at(index + 1), 'ALL')) shape.dedupe ??= 'UNION (without ALL)';
    if (level === 0 && isWord(token, 'LIMIT') && at(index + 1)?.text === '1' && !isSymbol(at(index + 2), ',')) shape.limitOne = true;
    if (isWord(token, 'ROW_NUMBER') || isWord(token, 'RANK') || isWord(token, 'DENSE_RANK')) rowNumber = true;
    if ((isSymbol(token, '=') || isSymbol(token, '<=')) && at(index + 1)?.text === '1') equalsOne = true;
    if (isSymbol(token, '<') && at(index + 1)?.text === '2') equalsOne = true;
    if (isWord(token, 'NOT') && isWord(at(index + 1), 'EXISTS')) shape.dedupe ??= 'WHERE NOT EXISTS';
    if (isWord(token, 'NOT') && isWord(at(index + 1), 'IN') && isSymbol(at(index + 2), '(') && isWord(at(index + 3), 'SELECT')) shape.dedupe ??= 'NOT IN (SELECT ...)';
    if (isWord(token, 'LEFT')) leftJoin = true;
    if (isWord(token, 'IS') && isWord(at(index + 1), 'NULL')) isNull = true;
    if (level === 0 && (isWord(token, 'JOIN') || isSymbol(token, ','))) joins = joins || isWord(token, 'JOIN');
  }
  if (!shape.dedupe && rowNumber && equalsOne) shape.dedupe = 'ROW_NUMBER() ... = 1';
  if (!shape.dedupe && leftJoin && isNull) shape.dedupe = 'LEFT JOIN ... IS NULL';
  if (!shape.dedupe && !joins && topSelects === 1) {
    const copy = readCopy(tokens.map((entry) => entry.token));
    if (copy) shape.copy = copy;
  }
  return shape;
}

/**
 * `SELECT (* | a, 'x', b, 2) FROM t [[AS] alias] [WHERE ...] [ORDER BY ...] [LIMIT ...]`, else
 * undefined. A literal in the select list is a constant column (`null` in `columns`).
 */
function readCopy(tokens: Token[]): SelectShape['copy'] {
  let index = 0;
  if (isSymbol(tokens[index], '(')) index++;
  if (!isWord(tokens[index], 'SELECT')) return undefined;
  index++;
  let columns: (string | null)[] | '*';
  if (isSymbol(tokens[index], '*')) {
    columns = '*';
    index++;
  } else {
    columns = [];
    for (;;) {
      let name = tokens[index];
      if (name && (name.type === 'string' || name.type === 'number')) {
        columns.push(null);
        index++;
        if (isSymbol(tokens[index], ',')) {
          index++;
          continue;
        }
        break;
      }
      if (!isName(name)) return undefined;
      // `alias.column`
      if (isSymbol(tokens[index + 1], '.') && isName(tokens[index + 2])) {
        index += 2;
        name = tokens[index]!;
      }
      columns.push(name.value);
      index++;
      if (isSymbol(tokens[index], ',')) {
        index++;
        continue;
      }
      break;
    }
  }
  if (!isWord(tokens[index], 'FROM')) return undefined;
  index++;
  const first = tokens[index];
  if (!isName(first)) return undefined;
  let from: TableName = { name: first.value };
  index++;
  if (isSymbol(tokens[index], '.') && isName(tokens[index + 1])) {
    from = { schema: first.value, name: tokens[index + 1]!.value };
    index += 2;
  }
  if (isWord(tokens[index], 'AS')) index++;
  if (isName(tokens[index]) && !CLAUSE_WORDS.has(tokens[index]!.text.toUpperCase())) index++;
  const next = tokens[index];
  if (next && !(next.type === 'word' && ['WHERE', 'ORDER', 'LIMIT'].includes(next.text.toUpperCase())) && !isSymbol(next, ')')) return undefined;
  return { from, columns };
}

/** Unique keys of the target that the inserted columns fill (every part given by the statement). */
function keysAtRisk(table: TableState, insertColumns: string[] | undefined): UniqueKeyState[] {
  const given = new Set((insertColumns ?? table.columns.map((column) => column.name)).map((name) => name.toLowerCase()));
  return table.uniqueKeys.filter((key) => key.parts.length > 0 && key.parts.every((part) => part.column !== '' && given.has(part.column.toLowerCase())));
}

function columnOf(table: TableState, name: string): ColumnState | undefined {
  return table.columns.find((column) => column.name.toLowerCase() === name.toLowerCase());
}

/**
 * True when copying from `source` cannot produce two rows with one key value: the source has a
 * unique key over columns that feed only parts of the target key, with no prefix, no type change
 * and no collation change that could merge distinct values.
 */
function sourceKeepsUnique(schema: SchemaView, target: TableState, insertColumns: string[] | undefined, copy: NonNullable<SelectShape['copy']>, key: UniqueKeyState): boolean {
  const source = schema.getTable(copy.from);
  if (!source || source.partial) return false;
  const targetColumns = insertColumns ?? target.columns.map((column) => column.name);
  const sourceColumns = copy.columns === '*' ? source.columns.map((column) => column.name) : copy.columns;
  if (sourceColumns.length !== targetColumns.length) return false;
  // Source column feeding each target key part; a constant feeds every row the same value, so
  // the other parts alone must be unique in the source.
  const feeding = new Map<string, string>();
  for (const part of key.parts) {
    const position = targetColumns.findIndex((name) => name.toLowerCase() === part.column.toLowerCase());
    if (position < 0 || part.prefixLength !== undefined) return false;
    const sourceColumn = sourceColumns[position];
    if (sourceColumn === null) continue;
    if (sourceColumn === undefined) return false;
    feeding.set(sourceColumn.toLowerCase(), part.column);
  }
  if (feeding.size === 0) return false;
  return source.uniqueKeys.some((sourceKey) =>
    sourceKey.parts.every((part) => {
      if (part.column === '' || part.prefixLength !== undefined) return false;
      const targetName = feeding.get(part.column.toLowerCase());
      if (targetName === undefined) return false;
      const from = columnOf(source, part.column);
      const to = columnOf(target, targetName);
      if (!from || !to) return false;
      if (typeChangeMergeReason({ type: from.type, ...(from.collation ? { collation: from.collation } : {}) }, { type: to.type, ...(to.collation ? { collation: to.collation } : {}) })) return false;
      if (from.collation && to.collation && collationChangeMergeReason(from.collation, to.collation)) return false;
      return true;
    }),
  );
}

function keyLabel(key: UniqueKeyState): string {
  return key.primary ? `PRIMARY KEY ${formatKeyParts(key.parts)}` : `unique key ${quoteIdentifier(key.name)} ${formatKeyParts(key.parts)}`;
}

function checkInsertSelect(context: RuleContext): void {
  const ir = context.statement.ir;
  if (ir.kind !== 'insert' || ir.source !== 'select' || ir.ignore || ir.verb === 'replace' || ir.onDuplicateKeyUpdate) return;
  const table = context.schema.getTable(ir.table);
  if (!table || table.partial) return;
  let keys = keysAtRisk(table, ir.columns);
  if (keys.length === 0) return;
  const sql = context.statement.unit.sql;
  const parts = readInsertParts(sql, 0);
  if (!parts) return;
  const shape = selectShape(sql, parts.sourceStart, parts.sourceEnd);
  if (shape.dedupe) return;
  if (table.emptyInDeployment) {
    if (shape.noFrom || shape.limitOne) return;
    const copy = shape.copy;
    if (copy) keys = keys.filter((key) => !sourceKeepsUnique(context.schema, table, ir.columns, copy, key));
    if (keys.length === 0) return;
  }
  const target = quoteTableName(ir.table);
  const labels = keys.map(keyLabel).join(' and ');
  const existing = table.emptyInDeployment
    ? 'appears twice in the selected rows'
    : 'already exists in the table or appears twice in the selected rows';
  context.report({
    message: `INSERT ... SELECT into ${target} may fail with ERROR 1062: it fills ${labels} and nothing removes duplicates`,
    notes: [
      `the statement has no IGNORE, REPLACE or ON DUPLICATE KEY UPDATE, and the SELECT has no dedupe step: the first selected row whose key value ${existing} stops the statement, and every row it had copied is rolled back`,
    ],
    help: [
      `deduplicate in the SELECT (GROUP BY the key columns, or ROW_NUMBER() OVER (PARTITION BY the key) = 1), skip rows already present with WHERE NOT EXISTS (SELECT 1 FROM ${target} ...), or state the merge with ON DUPLICATE KEY UPDATE`,
    ],
    data: {
      table: ir.table,
      keys: keys.map((key) => ({ name: key.name, primary: key.primary, parts: key.parts })),
      columns: ir.columns ?? null,
      selectSql: sql.slice(parts.sourceStart, parts.sourceEnd),
      insertColumns: ir.columns ?? table.columns.map((column) => column.name),
      keyColumns: Object.fromEntries(
        keys.flatMap((key) => key.parts).map((part) => [part.column.toLowerCase(), columnOf(table, part.column) ?? null]),
      ),
      targetMayHoldRows: !table.emptyInDeployment,
    },
  });
}

function checkLoadData(context: RuleContext): void {
  const ir = context.statement.ir;
  if (ir.kind !== 'load-data' || ir.duplicates !== 'error') return;
  const table = context.schema.getTable(ir.table);
  if (!table || table.partial || table.uniqueKeys.length === 0) return;
  const local = new TokenCursor(context.statement.unit.sql);
  let isLocal = false;
  for (let count = 0; count < 4; count++) {
    const token = local.next();
    if (!token) break;
    if (isWord(token, 'LOCAL')) isLocal = true;
  }
  const target = quoteTableName(ir.table);
  const labels = table.uniqueKeys.map(keyLabel).join(' and ');
  const effect = isLocal
    ? 'with LOCAL and neither IGNORE nor REPLACE, the server skips every input row whose key value already exists or repeats, with only a warning (the file cannot be stopped mid-transfer), so rows go missing without an error'
    : 'the first input row whose key value already exists or repeats stops the load with ERROR 1062, after a partial load on non-transactional tables and a rollback of the whole load on InnoDB';
  context.report({
    message: isLocal
      ? `LOAD DATA LOCAL into ${target} silently skips rows that duplicate a key value: it states no duplicate handling`
      : `LOAD DATA into ${target} may fail with ERROR 1062: it states no duplicate handling`,
    notes: [`${target} has ${labels}; ${effect}`],
    help: [
      'load into a staging table first and move the rows with INSERT ... SELECT ... GROUP BY the key (or ON DUPLICATE KEY UPDATE), or write IGNORE or REPLACE to choose what a duplicate does',
    ],
    data: { table: ir.table, keys: table.uniqueKeys.map((key) => ({ name: key.name, primary: key.primary, parts: key.parts })), local: isLocal },
  });
}

export default defineRule({
  meta: {
    id: 'insert-select-without-dedup',
    summary:
      'INSERT ... SELECT or LOAD DATA fills a unique key with no duplicate handling and no dedupe step in the SELECT.',
    rationale:
      'Backfills and data moves copy rows with INSERT ... SELECT or LOAD DATA. When the target has a PRIMARY ' +
      'KEY or UNIQUE key that the statement fills, the first row whose key value already exists in the ' +
      'target, or appears twice in the source, stops the statement with ERROR 1062 (23000); on InnoDB the ' +
      'whole statement is rolled back, often after minutes of work, and a retried migration fails the same ' +
      'way. The source rarely guarantees uniqueness under the target\'s rules: joins multiply rows, the ' +
      'source key may differ, and a case-insensitive or shorter target column merges values the source kept ' +
      'apart. LOAD DATA LOCAL without IGNORE or REPLACE skips duplicates with warnings only. The rule accepts ' +
      'a dedupe step in the SELECT (DISTINCT, GROUP BY, UNION without ALL, a ROW_NUMBER() ... = 1 filter, a ' +
      'NOT EXISTS, NOT IN or LEFT JOIN ... IS NULL anti-join) and a plain copy into a table created empty in ' +
      'the same file from a table whose own unique key already guarantees the target key. Sources: MySQL 8.0 ' +
      'manual 15.2.7.1 "INSERT ... SELECT Statement", 15.2.9 "LOAD DATA Statement" (duplicate-key handling, ' +
      'LOCAL), 15.1.15 "CREATE INDEX Statement" (Unique Indexes).',
    defaultSeverity: 'warning',
    tags: ['data-dependent', 'dml', 'mysql', 'mariadb'],
    fix:
      'Make the SELECT return one row per key value and only the values the target lacks: ' +
      '`INSERT INTO t (k, v) SELECT k, MAX(v) FROM s WHERE NOT EXISTS (SELECT 1 FROM t WHERE t.k = s.k) GROUP BY k`, ' +
      'or filter with `ROW_NUMBER() OVER (PARTITION BY k ORDER BY ...) = 1`. When existing rows should be ' +
      'updated, write ON DUPLICATE KEY UPDATE. For LOAD DATA, load into a staging table without the key and ' +
      'move the rows with such an INSERT ... SELECT. Run the SELECT with GROUP BY the key HAVING COUNT(*) > 1 ' +
      'first to see the duplicates.',
    equivalents: ['Bytebase SQL Review: STATEMENT_INSERT_MUST_SPECIFY_COLUMN (related: names the columns only)'],
    examples: {
      invalid: [
        {
          description: 'Copying order emails into a table with a unique email: a customer with two orders stops it.',
          sql: 'INSERT INTO customers (email, name) SELECT o.email, o.name FROM orders o;',
          history:
            'CREATE TABLE customers (id BIGINT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(255) NOT NULL, name VARCHAR(64), UNIQUE KEY uk_email (email));\n' +
            'CREATE TABLE orders (id BIGINT PRIMARY KEY, email VARCHAR(255) NOT NULL, name VARCHAR(64));',
        },
        {
          description: 'LOAD DATA without IGNORE or REPLACE into a table with a unique key.',
          sql: "LOAD DATA INFILE '/var/lib/mysql-files/users.csv' INTO TABLE users FIELDS TERMINATED BY ',' (id, email);",
          history: 'CREATE TABLE users (id BIGINT PRIMARY KEY, email VARCHAR(255) NOT NULL, UNIQUE KEY uk_email (email));',
        },
      ],
      valid: [
        {
          description: 'GROUP BY the key and an anti-join against the rows already there.',
          sql:
            'INSERT INTO customers (email, name) SELECT o.email, MAX(o.name) FROM orders o\n' +
            '  WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.email = o.email) GROUP BY o.email;',
          history:
            'CREATE TABLE customers (id BIGINT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(255) NOT NULL, name VARCHAR(64), UNIQUE KEY uk_email (email));\n' +
            'CREATE TABLE orders (id BIGINT PRIMARY KEY, email VARCHAR(255) NOT NULL, name VARCHAR(64));',
        },
        {
          description: 'Copying a table into its new shape, created empty in the same file, keeps the old unique key.',
          sql:
            'CREATE TABLE users_new (id BIGINT PRIMARY KEY, email VARCHAR(255) NOT NULL, UNIQUE KEY uk_email (email));\n' +
            'INSERT INTO users_new (id, email) SELECT id, email FROM users;',
          history: 'CREATE TABLE users (id BIGINT PRIMARY KEY, email VARCHAR(255) NOT NULL, UNIQUE KEY uk_email (email));',
        },
        {
          description: 'ON DUPLICATE KEY UPDATE states what a duplicate does.',
          sql: 'INSERT INTO customers (email, name) SELECT email, name FROM orders ON DUPLICATE KEY UPDATE name = VALUES(name);',
          history: 'CREATE TABLE customers (id BIGINT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(255) NOT NULL, name VARCHAR(64), UNIQUE KEY uk_email (email));',
        },
      ],
    },
  },
  check(context) {
    checkInsertSelect(context);
    checkLoadData(context);
  },
});
