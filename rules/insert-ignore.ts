/**
 * insert-ignore: INSERT IGNORE, UPDATE IGNORE and LOAD DATA ... IGNORE turn errors into warnings.
 */
import { defineRule } from '../src/rule.js';
import type { TableName } from '../src/statement.js';
import { quoteTableName } from '../src/analysis/sql-text.js';

export default defineRule({
  meta: {
    id: 'insert-ignore',
    summary: 'INSERT IGNORE, UPDATE IGNORE or LOAD DATA ... IGNORE silently drops or alters rows instead of failing.',
    rationale:
      'With IGNORE, errors that would stop the statement become warnings that migration tools rarely ' +
      'show: a row whose key duplicates an existing row (ERROR 1062) is skipped, NULL written to a NOT ' +
      'NULL column becomes 0 or the empty string, out-of-range numbers are clipped to the nearest limit, ' +
      'strings are truncated, invalid dates become zero dates, and rows that violate a foreign key are ' +
      'skipped. UPDATE IGNORE leaves rows unchanged when the update would create a duplicate. The ' +
      'migration reports success while data is missing or different. Sources: MySQL 8.0 manual 7.1.11 ' +
      '"Server SQL Modes", "The Effect of IGNORE on Statement Execution"; 15.2.7 "INSERT Statement"; ' +
      'MariaDB knowledge base "IGNORE".',
    defaultSeverity: 'warning',
    tags: ['dml', 'mysql', 'mariadb'],
    fix:
      'Decide what a duplicate should do and write it: `INSERT ... ON DUPLICATE KEY UPDATE` to merge ' +
      'into the existing row, or `INSERT ... SELECT ... WHERE NOT EXISTS (...)` (or a dedupe with ' +
      '`GROUP BY` on the key) to insert only the missing rows. Without IGNORE, strict mode reports bad ' +
      'values instead of storing altered ones.',
    equivalents: [],
    examples: {
      invalid: [
        {
          description: 'A duplicate email is skipped without an error.',
          sql: "INSERT IGNORE INTO users (email, name) VALUES ('a@example.com', 'Ann');",
          history: 'CREATE TABLE users (id BIGINT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(255) NOT NULL UNIQUE, name VARCHAR(64));',
        },
        {
          description: 'UPDATE IGNORE leaves rows unchanged when the new value would be a duplicate.',
          sql: "UPDATE IGNORE users SET email = LOWER(email);",
        },
        {
          description: 'LOAD DATA ... IGNORE skips rows that duplicate a key.',
          sql: "LOAD DATA INFILE '/tmp/users.csv' IGNORE INTO TABLE users FIELDS TERMINATED BY ',';",
        },
      ],
      valid: [
        {
          description: 'ON DUPLICATE KEY UPDATE states what happens to a duplicate.',
          sql: "INSERT INTO users (email, name) VALUES ('a@example.com', 'Ann') ON DUPLICATE KEY UPDATE name = VALUES(name);",
        },
        {
          description: 'Inserting only the missing rows.',
          sql: "INSERT INTO users (email, name) SELECT email, name FROM staged_users s WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.email = s.email);",
        },
      ],
    },
  },
  check(context) {
    const ir = context.statement.ir;
    let what: string;
    let tables: TableName[];
    let effect: string;
    if (ir.kind === 'insert' && ir.ignore) {
      what = ir.verb === 'replace' ? 'REPLACE IGNORE' : 'INSERT IGNORE';
      tables = [ir.table];
      effect =
        'skips rows whose PRIMARY KEY or UNIQUE key value already exists (ERROR 1062), stores 0 or \'\' for NULL in ' +
        'NOT NULL columns, clips out-of-range numbers and truncates long strings, all as warnings';
    } else if (ir.kind === 'update' && ir.ignore) {
      what = 'UPDATE IGNORE';
      tables = ir.tables;
      effect =
        'leaves a row unchanged when its new value would duplicate a PRIMARY KEY or UNIQUE key (ERROR 1062), and ' +
        'clips or truncates values that do not fit, all as warnings';
    } else if (ir.kind === 'load-data' && ir.duplicates === 'ignore') {
      what = 'LOAD DATA ... IGNORE';
      tables = [ir.table];
      effect =
        'skips input rows whose PRIMARY KEY or UNIQUE key value already exists (ERROR 1062) and stores altered ' +
        'values for fields that do not fit, all as warnings';
    } else {
      return;
    }
    const tableList = tables.map(quoteTableName).join(', ');
    context.report({
      message: `${what} on ${tableList} turns duplicate-key errors into warnings: the migration succeeds while rows are missing or different`,
      notes: [`${what} ${effect}`],
      help: [
        'write what a duplicate should do instead: INSERT ... ON DUPLICATE KEY UPDATE, or insert only the missing rows with INSERT ... SELECT ... WHERE NOT EXISTS, and drop IGNORE so strict mode reports bad values',
      ],
      data: { statement: what, tables },
    });
  },
});
