/**
 * auto-increment-reset: `ALTER TABLE t AUTO_INCREMENT = N` on a table that already holds rows.
 */
import { defineRule } from '../src/rule.js';
import { quoteIdentifier, quoteTableName } from '../src/analysis/sql-text.js';

export default defineRule({
  meta: {
    id: 'auto-increment-reset',
    summary: 'ALTER TABLE ... AUTO_INCREMENT = N moves the counter of a table that already holds rows.',
    rationale:
      'A migration sets the counter to N to reserve the ids below it (for rows imported with their own ids, ' +
      'for another shard or environment) or to restart numbering. What the server does depends on the rows ' +
      'the table holds in each environment: when N is not above MAX(col), InnoDB, MyISAM, Aria and MEMORY ' +
      'set the counter to MAX(col) + 1 instead, without a warning, so the reserved range overlaps ids already ' +
      'in use and the rows later written into it with explicit ids fail with ERROR 1062; when N is above, the ' +
      'ids in between are never generated and the column\'s headroom shrinks. The statement cannot be ' +
      'judged without the table\'s MAX(col): live mode reads it. Sources: MySQL 8.0 manual 15.1.9 "ALTER ' +
      'TABLE Statement" (table options: "You cannot reset the counter to a value less than or equal to the ' +
      'value that is currently in use"), 17.6.1.6 "AUTO_INCREMENT Handling in InnoDB"; MariaDB knowledge ' +
      'base "AUTO_INCREMENT" (setting the counter), behaviour verified on MariaDB 10.11.',
    defaultSeverity: 'warning',
    tags: ['data-dependent', 'ddl', 'auto-increment', 'mysql', 'mariadb'],
    fix:
      'Read `SELECT MAX(col) FROM t` in every environment the migration runs in (or run uniqlint with ' +
      '--live). When ids must be reserved for imported rows, check that none of them exists ' +
      '(`SELECT COUNT(*) FROM t WHERE col BETWEEN lo AND hi`) and import them before the application writes ' +
      'more rows; when numbering should restart, the table must be emptied first (TRUNCATE resets the ' +
      'counter). Remove the statement when it only copies a counter from a dump.',
    equivalents: ['Skeema: none (ignores AUTO_INCREMENT table options by default)'],
    examples: {
      invalid: [
        {
          description: 'Moving the counter of an existing table.',
          sql: 'ALTER TABLE orders AUTO_INCREMENT = 1000000;',
          history: 'CREATE TABLE orders (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, total DECIMAL(10,2));',
        },
      ],
      valid: [
        {
          description: 'Starting the counter of a table created in the same file.',
          sql:
            'CREATE TABLE orders (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, total DECIMAL(10,2));\n' +
            'ALTER TABLE orders AUTO_INCREMENT = 1000000;',
        },
        {
          description: 'The AUTO_INCREMENT table option of a new table.',
          sql: 'CREATE TABLE orders (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY) AUTO_INCREMENT = 1000000;',
        },
      ],
    },
  },
  check(context) {
    const ir = context.statement.ir;
    if (ir.kind !== 'alter-table') return;
    const option = ir.actions.find((action) => action.type === 'table-options' && action.options.autoIncrement !== undefined);
    if (!option || option.type !== 'table-options') return;
    const table = context.schema.getTable(ir.table);
    if (table?.emptyInDeployment) return;
    const value = option.options.autoIncrement!;
    const column = table?.columns.find((candidate) => candidate.autoIncrement);
    const columnName = column ? quoteIdentifier(column.name) : 'the AUTO_INCREMENT column';
    const tableName = quoteTableName(ir.table);
    context.report({
      message: `ALTER TABLE ${tableName} AUTO_INCREMENT = ${value} moves the counter of a table that may already hold rows`,
      notes: [
        `where MAX(${columnName}) is ${value} or more, the server sets the counter to MAX + 1 instead, without a warning, so ids below ${value} are not free: rows later written there with explicit ids fail with ERROR 1062`,
        'where MAX is lower, the ids in between are skipped',
      ],
      help: [
        `check the maximum in every environment first (or lint with --live):\n  SELECT MAX(${columnName}) FROM ${tableName};`,
        'remove the statement if it only copies a counter from a dump',
      ],
      data: { table: ir.table, column: column?.name ?? null, value },
    });
  },
});
