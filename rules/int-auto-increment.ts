/**
 * int-auto-increment: an AUTO_INCREMENT column typed TINYINT, SMALLINT, MEDIUMINT or INT.
 */
import { defineRule, type RuleContext } from '../src/rule.js';
import type { ColumnDefinition, TableName } from '../src/statement.js';
import { statementSpanRange } from '../src/analysis/ranges.js';
import { quoteIdentifier, quoteTableName, withThousandsSeparators } from '../src/analysis/sql-text.js';
import { formatDataType, INTEGER_RANGES } from '../src/schema/data-types.js';
import type { SuggestedFix } from '../src/diagnostic.js';
import { isSymbol } from '../src/split/lexer.js';
import { TokenCursor } from '../src/parse/scan.js';

const BIGINT_RANGES = INTEGER_RANGES.BIGINT!;

function checkColumn(context: RuleContext, table: TableName, column: ColumnDefinition, how: string): void {
  if (!column.autoIncrement) return;
  const typeName = column.type.name.toUpperCase();
  if (typeName === 'BIGINT') return;
  const ranges = INTEGER_RANGES[typeName];
  if (!ranges) return;
  const unsigned = column.type.unsigned;
  const max = (unsigned ? ranges.unsigned : ranges.signed).max;
  const typeText = `${typeName}${unsigned ? ' UNSIGNED' : ''}`;
  const bigint = unsigned ? 'BIGINT UNSIGNED' : 'BIGINT';
  const bigintMax = (unsigned ? BIGINT_RANGES.unsigned : BIGINT_RANGES.signed).max;
  const columnName = quoteIdentifier(column.name);
  const tableName = quoteTableName(table);

  const referencing = context.schema.referencingForeignKeys(table);
  const help = [`declare it ${bigint} (largest value ${withThousandsSeparators(bigintMax)}) now, while the table is small`];
  if (referencing.length > 0) {
    help.push(
      `widen the foreign-key columns that reference it too (${referencing
        .map((ref) => `${quoteTableName(ref.child)}${formatColumns(ref.foreignKey.columns)}`)
        .join(', ')}): a foreign key needs the same integer type on both sides`,
    );
  }

  const fix = bigintFix(context, table, column);
  context.report({
    message: `${columnName} of ${tableName} is ${typeText} AUTO_INCREMENT: inserts fail once the counter reaches ${withThousandsSeparators(max)}`,
    notes: [
      `${how} the column; once the counter reaches its largest value, the next INSERT fails: MySQL reports ERROR 1062 (Duplicate entry '${max}' for key ...), MariaDB error 167 (Out of range value for column '${column.name}'), and the table takes no new rows until the column is widened, a long table-copying ALTER on a big table`,
      `the counter runs ahead of the row count: INSERT ... ON DUPLICATE KEY UPDATE and INSERT IGNORE take a new value for every row they try, inserted or not (innodb_autoinc_lock_mode 1 or 2, the default on MySQL and MariaDB), so a table written by a frequent upsert reaches ${withThousandsSeparators(max)} long before it holds that many rows`,
    ],
    help,
    range: statementSpanRange(context, column.span),
    ...(fix ? { fix } : {}),
    data: {
      table,
      column: column.name,
      type: formatDataType(column.type),
      unsigned,
      maximum: max.toString(),
    },
  });
}

/** The last file indexed by `referencedLaterInFile`, and the last offset of each referenced table (lower case). */
let referenceIndex: { text: string; lastOffset: Map<string, number> } | undefined;

const REFERENCES_CLAUSE = /\bREFERENCES\s+(?:`?[^\s`.(]+`?\s*\.\s*)?(?:`((?:[^`]|``)+)`|([^\s`.(]+))\s*\(/gi;

/**
 * True when the file text after `offset` has a REFERENCES clause naming `table`. The file is
 * scanned once and the answer looked up per column, so a file of thousands of CREATE TABLE stays
 * linear.
 */
function referencedLaterInFile(context: RuleContext, table: TableName, offset: number): boolean {
  const text = context.fileText;
  if (referenceIndex?.text !== text) {
    const lastOffset = new Map<string, number>();
    for (const match of text.matchAll(REFERENCES_CLAUSE)) {
      const name = match[1] !== undefined ? match[1].replace(/``/g, '`') : match[2]!;
      lastOffset.set(name.toLowerCase(), match.index);
    }
    referenceIndex = { text, lastOffset };
  }
  return (referenceIndex.lastOffset.get(table.name.toLowerCase()) ?? -1) >= offset;
}

/**
 * The fix that declares the column BIGINT in a CREATE TABLE of a new table: replaces the type word
 * and its display width (`INT(11)` → `BIGINT`), keeping UNSIGNED and the rest. Safe, since the table
 * holds no rows yet, unless a later statement of the file references the table by a foreign key
 * (its column then needs widening too, or the foreign key fails with error 3780).
 */
function bigintFix(context: RuleContext, table: TableName, column: ColumnDefinition): SuggestedFix | undefined {
  const ir = context.statement.ir;
  const unit = context.statement.unit;
  if (ir.kind !== 'create-table' || ir.like || !unit.exactOffsets || !column.span) return undefined;
  if (context.schema.getTable(table)) return undefined; // CREATE TABLE IF NOT EXISTS of a known table changes nothing
  const cursor = new TokenCursor(unit.sql, column.span.start, column.span.end);
  const name = cursor.next();
  const type = cursor.next();
  if (!name || !type || type.type !== 'word') return undefined;
  let end = type.end;
  if (isSymbol(cursor.peek(), '(') && cursor.peek(1)?.type === 'number' && isSymbol(cursor.peek(2), ')')) end = cursor.peek(2)!.end;
  const referenced = referencedLaterInFile(context, table, unit.endOffset);
  return {
    description: referenced
      ? 'Declare the column BIGINT; the foreign-key columns that reference it later in this file must be widened too'
      : 'Declare the column BIGINT (the table is new and holds no rows)',
    range: { startOffset: unit.startOffset + type.start, endOffset: unit.startOffset + end },
    text: 'BIGINT',
    safe: !referenced,
  };
}

function formatColumns(columns: string[]): string {
  return '(' + columns.map(quoteIdentifier).join(', ') + ')';
}

export default defineRule({
  meta: {
    id: 'int-auto-increment',
    summary: 'An AUTO_INCREMENT column is TINYINT, SMALLINT, MEDIUMINT or INT instead of BIGINT.',
    rationale:
      'An AUTO_INCREMENT counter never goes back, and gaps from rolled-back inserts, INSERT IGNORE, ' +
      'REPLACE and bulk inserts use values up faster than the row count suggests. INSERT ... ON DUPLICATE ' +
      'KEY UPDATE and INSERT IGNORE take a new value for every row they try, whether it is inserted or ' +
      'becomes an update or a skip (with innodb_autoinc_lock_mode 1 or 2: the default is 2 on MySQL 8.0, ' +
      '1 on MySQL 5.7 and MariaDB), so a hot upsert of existing rows burns the range while the row count ' +
      'stays flat. When the counter ' +
      'reaches the maximum of the column type (INT: 2,147,483,647; INT UNSIGNED: 4,294,967,295), the ' +
      'next INSERT fails: on MySQL with ERROR 1062 (the generated value is the maximum again, which ' +
      'already exists), on MariaDB with error 167 "Out of range value for column". Every write to the ' +
      'table stops until the column is widened, which on InnoDB copies the whole table. ' +
      'Sources: MySQL 8.0 manual 13.1.2 "Integer Types (Exact Value)" and 17.6.1.6 ' +
      '"AUTO_INCREMENT Handling in InnoDB" (lock modes, gaps in mixed-mode inserts and INSERT ... ON ' +
      'DUPLICATE KEY UPDATE); MariaDB knowledge base "AUTO_INCREMENT" and "AUTO_INCREMENT Handling in InnoDB".',
    defaultSeverity: 'warning',
    tags: ['ddl', 'auto-increment', 'mysql', 'mariadb'],
    fix:
      'Declare the column BIGINT UNSIGNED (or BIGINT), e.g. `id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT`, ' +
      'and give the foreign-key columns that reference it the same type. BIGINT costs 4 more bytes a row ' +
      'and is far cheaper to choose now than to migrate to under pressure later. For a lookup table that ' +
      'can never grow, keep the narrow type and suppress the finding for that statement.',
    equivalents: [
      'Skeema: lint-auto-inc (allow-auto-inc, default "int unsigned, bigint unsigned")',
      'squawk: prefer-bigint-over-int (PostgreSQL)',
      'Bytebase SQL Review: COLUMN_AUTO_INCREMENT_MUST_UNSIGNED (only asks for UNSIGNED)',
    ],
    examples: {
      invalid: [
        {
          description: 'A signed INT primary key stops at 2,147,483,647.',
          sql: 'CREATE TABLE orders (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, total DECIMAL(10,2));',
        },
        {
          description: 'Adding an AUTO_INCREMENT column as INT UNSIGNED.',
          sql: 'ALTER TABLE events ADD COLUMN id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY FIRST;',
          history: 'CREATE TABLE events (name VARCHAR(64));',
        },
        {
          description: 'MODIFY keeps a SMALLINT AUTO_INCREMENT column.',
          sql: 'ALTER TABLE tags MODIFY id SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT;',
          history: 'CREATE TABLE tags (id SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(32));',
        },
      ],
      valid: [
        {
          description: 'BIGINT UNSIGNED leaves room for 18,446,744,073,709,551,615 values.',
          sql: 'CREATE TABLE orders (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, total DECIMAL(10,2));',
        },
        {
          description: 'An INT column without AUTO_INCREMENT is not a counter.',
          sql: 'CREATE TABLE order_lines (order_id INT NOT NULL, line_no INT NOT NULL, PRIMARY KEY (order_id, line_no));',
        },
        {
          description: 'Widening an existing counter to BIGINT is the fix.',
          sql: 'ALTER TABLE tags MODIFY id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT;',
          history: 'CREATE TABLE tags (id SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(32));',
        },
      ],
    },
  },
  check(context) {
    const ir = context.statement.ir;
    if (ir.kind === 'create-table') {
      for (const column of ir.columns) checkColumn(context, ir.table, column, 'CREATE TABLE defines');
    } else if (ir.kind === 'alter-table') {
      for (const action of ir.actions) {
        if (action.type === 'add-column') checkColumn(context, ir.table, action.column, 'ALTER TABLE ... ADD defines');
        else if (action.type === 'modify-column') checkColumn(context, ir.table, action.column, 'ALTER TABLE ... MODIFY defines');
        else if (action.type === 'change-column') checkColumn(context, ir.table, action.column, 'ALTER TABLE ... CHANGE defines');
      }
    }
  },
});
