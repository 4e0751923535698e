/**
 * second-auto-increment-column: an ALTER TABLE or CREATE TABLE that gives a table a second
 * AUTO_INCREMENT column. The server refuses the statement with ERROR 1075 before it reads a row.
 */
import { defineRule, type RuleContext } from '../src/rule.js';
import type { ColumnDefinition, TableName } from '../src/statement.js';
import { statementSpanRange } from '../src/analysis/ranges.js';
import { quoteIdentifier, quoteTableName } from '../src/analysis/sql-text.js';

function report(context: RuleContext, table: TableName, column: ColumnDefinition, existing: string, statement: string): void {
  context.report({
    message: `fails with ERROR 1075: ${quoteIdentifier(column.name)} would be a second AUTO_INCREMENT column of ${quoteTableName(table)}, which already has ${quoteIdentifier(existing)}`,
    notes: [
      `a table has at most one AUTO_INCREMENT column; the server refuses the ${statement} with ERROR 1075 (42000) "Incorrect table definition; there can be only one auto column and it must be defined as a key", before it copies or checks a row, so no unique key of the statement is built`,
    ],
    help: [
      `keep ${quoteIdentifier(existing)} as the table's counter and declare ${quoteIdentifier(column.name)} without AUTO_INCREMENT, or drop AUTO_INCREMENT from ${quoteIdentifier(existing)} in the same statement (MODIFY ${quoteIdentifier(existing)} ... without AUTO_INCREMENT)`,
    ],
    range: statementSpanRange(context, column.span),
    data: { table, column: column.name, existing, errno: 1075, certain: true },
  });
}

export default defineRule({
  meta: {
    id: 'second-auto-increment-column',
    summary: 'A statement gives a table a second AUTO_INCREMENT column.',
    rationale:
      'A table has at most one AUTO_INCREMENT column. ADD COLUMN ... AUTO_INCREMENT (often with UNIQUE, to number the rows) ' +
      'on a table that already has one, or a CREATE TABLE with two, fails with ERROR 1075 "there can be only one auto ' +
      'column and it must be defined as a key" before any row is read, so the migration stops there whatever the data. ' +
      'Sources: MySQL 8.0 manual 15.1.20 "CREATE TABLE Statement" ("There can be only one AUTO_INCREMENT column per ' +
      'table"); MariaDB knowledge base "AUTO_INCREMENT"; verified on MariaDB 10.11.',
    defaultSeverity: 'error',
    tags: ['ddl', 'auto-increment', 'mysql', 'mariadb'],
    fix:
      'Number the rows in a column without AUTO_INCREMENT (fill it with an UPDATE using a variable or ROW_NUMBER() over a ' +
      'derived table), or move AUTO_INCREMENT from the existing column in the same ALTER TABLE.',
    equivalents: [],
    examples: {
      invalid: [
        {
          description: 'The table already counts with `id`.',
          sql: 'ALTER TABLE orders ADD COLUMN seq INT NOT NULL AUTO_INCREMENT UNIQUE;',
          history: 'CREATE TABLE orders (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, total DECIMAL(10,2));',
        },
        {
          description: 'Two counters in one CREATE TABLE.',
          sql: 'CREATE TABLE events (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, seq INT NOT NULL AUTO_INCREMENT UNIQUE);',
        },
      ],
      valid: [
        {
          description: 'The first AUTO_INCREMENT column of the table.',
          sql: 'ALTER TABLE tags ADD COLUMN id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY FIRST;',
          history: 'CREATE TABLE tags (name VARCHAR(32));',
        },
        {
          description: 'MODIFY of the existing counter keeps one AUTO_INCREMENT column.',
          sql: 'ALTER TABLE orders MODIFY id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT;',
          history: 'CREATE TABLE orders (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY);',
        },
        {
          description: 'The counter moves: the old column loses AUTO_INCREMENT in the same statement.',
          sql: 'ALTER TABLE orders MODIFY id BIGINT NOT NULL, ADD COLUMN seq BIGINT NOT NULL AUTO_INCREMENT UNIQUE;',
          history: 'CREATE TABLE orders (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY);',
        },
      ],
    },
  },
  check(context) {
    const ir = context.statement.ir;
    if (ir.kind === 'create-table') {
      if (ir.like) return;
      const counters = ir.columns.filter((column) => column.autoIncrement);
      if (counters.length > 1) report(context, ir.table, counters[1]!, counters[0]!.name, 'CREATE TABLE');
      return;
    }
    if (ir.kind !== 'alter-table') return;
    const table = context.schema.getTable(ir.table);
    if (!table) return;
    // The table's columns after the statement's own drops and redefinitions, with their AUTO_INCREMENT flag.
    const counters = new Map<string, string>();
    for (const column of table.columns) if (column.autoIncrement) counters.set(column.name.toLowerCase(), column.name);
    const added: ColumnDefinition[] = [];
    for (const action of ir.actions) {
      if (action.type === 'drop-column') counters.delete(action.name.toLowerCase());
      else if (action.type === 'modify-column' || action.type === 'change-column') {
        const old = action.type === 'change-column' ? action.oldName : action.column.name;
        counters.delete(old.toLowerCase());
        if (action.column.autoIncrement) added.push(action.column);
      } else if (action.type === 'add-column') {
        if (action.ifNotExists && context.schema.getColumn(table, action.column.name)) continue;
        if (action.column.autoIncrement) added.push(action.column);
      }
    }
    const [first] = [...counters.values()];
    if (first !== undefined && added.length > 0) {
      report(context, ir.table, added[0]!, first, 'ALTER TABLE');
    } else if (added.length > 1) {
      report(context, ir.table, added[1]!, added[0]!.name, 'ALTER TABLE');
    }
  },
});
