/**
 * replace-into: REPLACE (and LOAD DATA ... REPLACE) deletes conflicting rows before inserting.
 */
import { defineRule, type RuleContext } from '../src/rule.js';
import type { TableName } from '../src/statement.js';
import { quoteIdentifier, quoteTableName } from '../src/analysis/sql-text.js';

/** What the schema model knows that makes a REPLACE into `table` worse than usual, as notes. */
function knownConsequences(context: RuleContext, table: TableName): { sentences: string[]; data: Record<string, unknown> } {
  const sentences: string[] = [];
  const data: Record<string, unknown> = { table };
  const state = context.schema.getTable(table);
  if (state && state.uniqueKeys.length > 1) {
    const names = state.uniqueKeys.map((key) => quoteIdentifier(key.name));
    sentences.push(
      `${quoteTableName(table)} has ${state.uniqueKeys.length} unique keys (${names.join(', ')}), so one new row ` +
        `that matches different existing rows on different keys deletes all of them`,
    );
    data.uniqueKeys = state.uniqueKeys.map((key) => key.name);
  }
  const cascading = context.schema
    .referencingForeignKeys(table)
    .filter((ref) => ref.foreignKey.onDelete === 'cascade' || ref.foreignKey.onDelete === 'set null');
  if (cascading.length > 0) {
    const list = cascading.map((ref) => {
      const name = ref.foreignKey.name ? ` (foreign key ${quoteIdentifier(ref.foreignKey.name)})` : '';
      return `${quoteTableName(ref.child)}${name} ON DELETE ${ref.foreignKey.onDelete!.toUpperCase()}`;
    });
    sentences.push(`deleting a row of ${quoteTableName(table)} also changes child rows: ${list.join(', ')}`);
    data.cascadingChildren = cascading.map((ref) => ({ child: ref.child, foreignKey: ref.foreignKey.name ?? null, onDelete: ref.foreignKey.onDelete }));
  }
  return { sentences, data };
}

export default defineRule({
  meta: {
    id: 'replace-into',
    summary: 'REPLACE (or LOAD DATA ... REPLACE) deletes conflicting rows and inserts new ones instead of updating.',
    rationale:
      'REPLACE works like INSERT, except that when the new row has the same PRIMARY KEY or UNIQUE key ' +
      'value as existing rows, those rows are deleted before the new one is inserted. The deleted row is ' +
      'gone: columns the statement does not list fall back to their defaults, the row gets a new ' +
      'AUTO_INCREMENT value when the id is not given, DELETE triggers fire, foreign keys with ON DELETE ' +
      'CASCADE delete the child rows (ON DELETE SET NULL clears them), and when the new row matches ' +
      'different rows on different unique keys, every one of them is deleted. None of this raises an ' +
      'error. Sources: MySQL 8.0 manual 15.2.12 "REPLACE Statement" and 15.2.9 "LOAD DATA Statement" ' +
      '(duplicate-key handling); MariaDB knowledge base "REPLACE".',
    defaultSeverity: 'warning',
    tags: ['dml', 'mysql', 'mariadb'],
    fix:
      'Use `INSERT ... ON DUPLICATE KEY UPDATE col = new.col` (MySQL 8.0.19+ row alias) or ' +
      '`... UPDATE col = VALUES(col)` (MariaDB), which updates the existing row in place and keeps its ' +
      'id, its other columns and its child rows. For seed data that must not change existing rows, ' +
      'insert only the missing ones with `INSERT ... SELECT ... WHERE NOT EXISTS (...)`.',
    equivalents: [],
    examples: {
      invalid: [
        {
          description: 'REPLACE deletes the existing setting row and inserts a new one.',
          sql: "REPLACE INTO settings (name, value) VALUES ('theme', 'dark');",
          history: 'CREATE TABLE settings (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(64) NOT NULL, value TEXT, UNIQUE KEY uk_name (name));',
        },
        {
          description: 'REPLACE into a parent table deletes child rows through ON DELETE CASCADE.',
          sql: "REPLACE INTO accounts (id, email) VALUES (7, 'a@example.com');",
          history:
            'CREATE TABLE accounts (id BIGINT PRIMARY KEY, email VARCHAR(255) NOT NULL, UNIQUE KEY uk_email (email));\n' +
            'CREATE TABLE sessions (id BIGINT PRIMARY KEY, account_id BIGINT NOT NULL, ' +
            'CONSTRAINT fk_sessions_account FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE);',
        },
        {
          description: 'LOAD DATA ... REPLACE replaces rows the same way.',
          sql: "LOAD DATA INFILE '/tmp/settings.csv' REPLACE INTO TABLE settings FIELDS TERMINATED BY ',';",
        },
      ],
      valid: [
        {
          description: 'ON DUPLICATE KEY UPDATE changes the existing row in place.',
          sql: "INSERT INTO settings (name, value) VALUES ('theme', 'dark') ON DUPLICATE KEY UPDATE value = VALUES(value);",
          history: 'CREATE TABLE settings (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(64) NOT NULL, value TEXT, UNIQUE KEY uk_name (name));',
        },
        {
          description: 'The REPLACE() string function is not a REPLACE statement.',
          sql: "UPDATE settings SET value = REPLACE(value, 'http:', 'https:');",
        },
      ],
    },
  },
  check(context) {
    const ir = context.statement.ir;
    let table: TableName;
    let what: string;
    if (ir.kind === 'insert' && ir.verb === 'replace') {
      table = ir.table;
      what = 'REPLACE';
    } else if (ir.kind === 'load-data' && ir.duplicates === 'replace') {
      table = ir.table;
      what = 'LOAD DATA ... REPLACE';
    } else {
      return;
    }
    const { sentences, data } = knownConsequences(context, table);
    context.report({
      message: `${what} into ${quoteTableName(table)} deletes and re-inserts rows whose key values already exist, without an error`,
      notes: [
        'every existing row that has the same PRIMARY KEY or UNIQUE key value as a new row is deleted, then the new row inserted: columns it does not list lose their values, an AUTO_INCREMENT id not given changes, DELETE triggers fire and ON DELETE CASCADE foreign keys delete child rows',
        ...sentences,
      ],
      help: ['use INSERT ... ON DUPLICATE KEY UPDATE to update the existing row in place instead'],
      data: { ...data, statement: what },
    });
  },
});
