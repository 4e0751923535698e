/**
 * explicit-auto-increment-value: INSERT/REPLACE into an existing table that writes its own values
 * into the AUTO_INCREMENT column.
 */
import { defineRule } from '../src/rule.js';
import type { ValueLiteral } from '../src/statement.js';
import { noAutoValueOnZero, trackSqlMode } from '../src/analysis/sql-mode.js';
import { quoteIdentifier, quoteTableName } from '../src/analysis/sql-text.js';

/** Explicit values kept for the message and the live probe. */
export const EXPLICIT_VALUE_SAMPLE_LIMIT = 1000;

function valueText(value: ValueLiteral): string {
  switch (value.kind) {
    case 'string':
      return `'${value.value.replace(/'/g, "''")}'`;
    case 'number':
      return value.text;
    case 'boolean':
      return value.value ? 'TRUE' : 'FALSE';
    case 'null':
      return 'NULL';
    default:
      return value.text;
  }
}

/** True for NULL, and for 0 (or a string reading as 0, such as '') unless NO_AUTO_VALUE_ON_ZERO: the server generates the id. */
function asksForNextValue(value: ValueLiteral, zeroIsValue: boolean): boolean {
  if (value.kind === 'null') return true;
  if (zeroIsValue) return false;
  if (value.kind === 'number') return Number(value.text) === 0;
  if (value.kind === 'string') return /^\s*(0*(\.0*)?)?\s*$/.test(value.value);
  if (value.kind === 'boolean') return !value.value;
  return false;
}

export default defineRule({
  meta: {
    id: 'explicit-auto-increment-value',
    summary: 'INSERT or REPLACE into an existing table supplies its own values for the AUTO_INCREMENT column.',
    rationale:
      'On a table that is already in use, the application has claimed AUTO_INCREMENT ids, and the ids a ' +
      'backfill or seed brings along (copied from another environment, numbered by hand) are ids the ' +
      'application may already have handed out: each such row fails with ERROR 1062 on the PRIMARY KEY, ' +
      'or with REPLACE silently deletes the row that held the id. An explicit value above the counter also ' +
      'moves the counter to it, so ids jump and headroom shrinks, and rows an application writes between ' +
      'environments diverge. NULL, and 0 unless sql_mode has NO_AUTO_VALUE_ON_ZERO, ask the server for the ' +
      'next value and are fine. Sources: MySQL 8.0 manual 15.2.7 "INSERT Statement", 5.6.9 "Using ' +
      'AUTO_INCREMENT", 17.6.1.6 "AUTO_INCREMENT Handling in InnoDB" and 7.1.11 "Server SQL Modes" ' +
      '(NO_AUTO_VALUE_ON_ZERO); MariaDB knowledge base "AUTO_INCREMENT".',
    defaultSeverity: 'warning',
    tags: ['data-dependent', 'dml', 'auto-increment', 'mysql', 'mariadb'],
    fix:
      'Leave the column out (or write NULL) and let the server assign ids; when other rows must point at ' +
      'the new ones, insert by a natural key and look the ids up (INSERT ... SELECT with a join, or ' +
      'LAST_INSERT_ID()). If the ids are meant to be fixed (reference data shared across environments), ' +
      'reserve a range the counter never reaches and check first that none exists: ' +
      '`SELECT id FROM t WHERE id IN (...)`. Suppress the finding for a table the file itself fills.',
    equivalents: [],
    examples: {
      invalid: [
        {
          description: 'A backfill brings ids copied from another environment.',
          sql: "INSERT INTO users (id, email) VALUES (1001, 'ann@example.com'), (1002, 'bob@example.com');",
          history: 'CREATE TABLE users (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, email VARCHAR(255) NOT NULL);',
        },
        {
          description: 'INSERT ... SELECT copying ids into an existing table.',
          sql: 'INSERT INTO users (id, email) SELECT id, email FROM legacy_users;',
          history: 'CREATE TABLE users (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, email VARCHAR(255) NOT NULL);',
        },
      ],
      valid: [
        {
          description: 'The server assigns the ids.',
          sql: "INSERT INTO users (email) VALUES ('ann@example.com'), ('bob@example.com');",
          history: 'CREATE TABLE users (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, email VARCHAR(255) NOT NULL);',
        },
        {
          description: 'NULL and 0 ask for the next value.',
          sql: "INSERT INTO users (id, email) VALUES (NULL, 'ann@example.com'), (0, 'bob@example.com');",
          history: 'CREATE TABLE users (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, email VARCHAR(255) NOT NULL);',
        },
        {
          description: 'Seed rows with fixed ids into a table created in the same deployment (the same file, or an earlier file of the same change or convention group).',
          sql:
            'CREATE TABLE roles (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(32) NOT NULL);\n' +
            "INSERT INTO roles (id, name) VALUES (1, 'admin'), (2, 'member');",
        },
      ],
    },
  },
  check(context) {
    trackSqlMode(context);
    const ir = context.statement.ir;
    if (ir.kind !== 'insert') return;
    const table = context.schema.getTable(ir.table);
    // A table created in this deployment holds no id the application claimed (see the README, "Deployments").
    if (!table || table.createdInDeployment) return;
    const column = table.columns.find((candidate) => candidate.autoIncrement);
    if (!column) return;
    const insertColumns = ir.columns ?? table.columns.map((candidate) => candidate.name);
    const index = insertColumns.findIndex((name) => name.toLowerCase() === column.name.toLowerCase());
    if (index < 0) return;
    const verb = ir.verb === 'replace' ? 'REPLACE' : 'INSERT';
    const tableName = quoteTableName(ir.table);
    const columnName = quoteIdentifier(column.name);
    const consequence =
      ir.verb === 'replace'
        ? 'a value that exists deletes the row that held it and its other unique-key matches'
        : 'a value that exists fails with ERROR 1062 on the key';
    const headline =
      ir.verb === 'replace'
        ? `REPLACE may delete existing rows of ${tableName}: it writes explicit ids into its AUTO_INCREMENT column ${columnName}`
        : `${verb} may fail with ERROR 1062: it writes explicit ids into the AUTO_INCREMENT column ${columnName} of ${tableName}`;
    /** The help, with the ids to look up when the statement lists them all (else `...`). */
    const advice = (ids = '...'): string[] => [
      `leave ${columnName} out (or write NULL) and let the server assign ids, or check first which of them exist:\n  SELECT ${columnName} FROM ${tableName} WHERE ${columnName} IN (${ids});`,
    ];
    if (ir.source === 'select') {
      context.report({
        message: headline,
        notes: [
          `${verb} ... SELECT copies selected values into ${columnName} of a table that already exists: ids copied from elsewhere are ids the application may have claimed here, so ${consequence}, and values above the counter move it`,
        ],
        help: advice(),
        data: { table: ir.table, column: column.name, source: 'select' },
      });
      return;
    }
    if (!ir.rows) return;
    const zeroIsValue = noAutoValueOnZero(context);
    const values: string[] = [];
    const bindValues: string[] = [];
    let count = 0;
    for (const row of ir.rows.read()) {
      const value = row[index];
      if (value === undefined || asksForNextValue(value, zeroIsValue)) continue;
      count++;
      if (values.length < EXPLICIT_VALUE_SAMPLE_LIMIT) {
        values.push(valueText(value));
        bindValues.push(value.kind === 'string' ? value.value : value.kind === 'boolean' ? (value.value ? '1' : '0') : value.kind === 'null' ? 'NULL' : value.text);
      }
    }
    if (count === 0) return;
    const shown = values.slice(0, 5).join(', ') + (count > 5 ? ', ...' : '');
    context.report({
      message: headline,
      notes: [
        `${verb} gives ${count === 1 ? 'an explicit value' : `${count} explicit values`} (${shown}) to ${columnName} of a table that already exists: the application has claimed ids there, so ${consequence}, and a value above the counter moves the counter to it`,
      ],
      help: advice(count <= EXPLICIT_VALUE_SAMPLE_LIMIT && values.length <= 20 ? values.join(', ') : undefined),
      data: { table: ir.table, column: column.name, source: ir.source, count, values, bindValues, complete: count <= EXPLICIT_VALUE_SAMPLE_LIMIT },
    });
  },
});
