/**
 * add-auto-increment-over-rows: ALTER TABLE ... ADD COLUMN of a narrow AUTO_INCREMENT column to a
 * table that may hold rows. The server numbers every existing row; more rows than the type holds
 * make the ALTER fail.
 */
import { defineRule } from '../src/rule.js';
import { statementSpanRange } from '../src/analysis/ranges.js';
import { quoteIdentifier, quoteTableName, withThousandsSeparators } from '../src/analysis/sql-text.js';
import { integerRange } from '../src/schema/data-types.js';

export default defineRule({
  meta: {
    id: 'add-auto-increment-over-rows',
    summary: 'ADD COLUMN of a TINYINT, SMALLINT, MEDIUMINT or INT AUTO_INCREMENT column to a table that may hold more rows than the type counts.',
    rationale:
      'Adding an AUTO_INCREMENT column numbers the existing rows 1, 2, 3, ... in one table copy. When the table holds more ' +
      'rows than the type has positive values, the numbering runs out and the ALTER TABLE fails, in strict and non-strict ' +
      'sql_mode alike. Verified on MariaDB 10.11: InnoDB wraps past the maximum to the minimum and then to -1 and fails ' +
      'with ERROR 1062 (Duplicate entry \'-1\', or the maximum of an UNSIGNED type) once the table holds more than the ' +
      'maximum + 2 rows (maximum + 1 for UNSIGNED); MyISAM, Aria and MEMORY fail with error 167 "Out of range value for column" ' +
      'as soon as the rows outnumber the maximum. MySQL stops the counter at the maximum, so the next row repeats it ' +
      '(ERROR 1062; MySQL 8.0 manual 5.6.9 "Using AUTO_INCREMENT"). With --live the verdict comes from the row count.',
    defaultSeverity: 'warning',
    tags: ['ddl', 'auto-increment', 'data-dependent', 'mysql', 'mariadb'],
    fix: 'Declare the new column BIGINT (or BIGINT UNSIGNED): it numbers any table.',
    equivalents: [],
    examples: {
      invalid: [
        {
          description: 'A TINYINT counter over a table that may hold more than 127 rows.',
          sql: 'ALTER TABLE events ADD COLUMN seq TINYINT NOT NULL AUTO_INCREMENT UNIQUE;',
          history: 'CREATE TABLE events (name VARCHAR(64));',
        },
      ],
      valid: [
        {
          description: 'A BIGINT counter numbers any table.',
          sql: 'ALTER TABLE events ADD COLUMN seq BIGINT NOT NULL AUTO_INCREMENT UNIQUE;',
          history: 'CREATE TABLE events (name VARCHAR(64));',
        },
        {
          description: 'A table created in this migration holds no rows yet.',
          sql: 'CREATE TABLE events (name VARCHAR(64));\nALTER TABLE events ADD COLUMN seq SMALLINT NOT NULL AUTO_INCREMENT UNIQUE;',
        },
      ],
    },
  },
  check(context) {
    const ir = context.statement.ir;
    if (ir.kind !== 'alter-table') return;
    const table = context.schema.getTable(ir.table);
    if (!table || table.emptyInDeployment) return;
    if (table.columns.some((column) => column.autoIncrement)) return; // second-auto-increment-column: ERROR 1075 first
    // `AUTO_INCREMENT = N` in the same ALTER: the existing rows are numbered from N, not from 1.
    const start = ir.actions.flatMap((action) => (action.type === 'table-options' && action.options.autoIncrement !== undefined ? [action.options.autoIncrement] : [])).pop();
    for (const action of ir.actions) {
      if (action.type !== 'add-column' || !action.column.autoIncrement) continue;
      if (action.ifNotExists && context.schema.getColumn(table, action.column.name)) continue;
      const type = action.column.type;
      const range = integerRange(type);
      const name = type.name.toUpperCase();
      if (!range || name === 'BIGINT') continue;
      const typeText = `${name}${type.unsigned ? ' UNSIGNED' : ''}`;
      context.report({
        message: `${quoteIdentifier(action.column.name)} ${typeText} AUTO_INCREMENT numbers every row of ${quoteTableName(ir.table)}: the ALTER fails if the table holds more than ${withThousandsSeparators(range.max)} rows`,
        notes: [
          `the server gives each existing row the next value, 1 to ${withThousandsSeparators(range.max)}; past the maximum MySQL repeats it (ERROR 1062) and MariaDB fails with ERROR 1062 (InnoDB, a few rows later, once the values wrap around) or error 167 "Out of range value" (MyISAM, Aria, MEMORY), in strict and non-strict sql_mode`,
        ],
        help: [`declare it BIGINT${type.unsigned ? ' UNSIGNED' : ''}, or count the rows first: SELECT COUNT(*) FROM ${quoteTableName(ir.table)}`],
        range: statementSpanRange(context, action.column.span),
        ...(name === 'INT' ? { severity: 'info' as const } : {}),
        data: {
          table: ir.table,
          column: action.column.name,
          typeName: name,
          unsigned: type.unsigned === true,
          maximum: range.max.toString(),
          ...(start !== undefined ? { start } : {}),
        },
      });
    }
  },
});
