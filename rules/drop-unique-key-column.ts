/**
 * drop-unique-key-column: ALTER TABLE ... DROP COLUMN of one column of a multi-column PRIMARY KEY
 * or UNIQUE key while other columns of the key stay.
 */
import { defineRule } from '../src/rule.js';
import { quoteIdentifier, quoteTableName } from '../src/analysis/sql-text.js';

function columnList(columns: string[]): string {
  return `(${columns.map(quoteIdentifier).join(', ')})`;
}

export default defineRule({
  meta: {
    id: 'drop-unique-key-column',
    summary: 'DROP COLUMN removes one column of a multi-column unique key and leaves the others.',
    rationale:
      'MariaDB refuses to drop a column of a multi-column PRIMARY KEY or UNIQUE key: the ALTER TABLE ' +
      'fails with ERROR 1072 "Key column ... doesn\'t exist in table", whatever the rows, even on an empty table and ' +
      'with ALTER IGNORE (verified on MariaDB 10.11). MySQL instead removes the column from the key: the key shrinks to ' +
      'the remaining columns and must then be unique over them, so the ALTER fails with ERROR 1062 when two rows share ' +
      'the remaining values. Sources: MySQL 8.0 manual 15.1.9 "ALTER TABLE Statement" ("If columns are dropped from a ' +
      'table, the columns are also removed from any index of which they are a part", section "Adding and Dropping ' +
      'Columns"); MariaDB knowledge base "ALTER TABLE", DROP COLUMN.',
    defaultSeverity: 'error',
    tags: ['ddl', 'data-dependent', 'mysql', 'mariadb'],
    fix:
      'Drop the key (or redefine it over the columns it should keep) in the same ALTER TABLE before the column: ' +
      '`ALTER TABLE t DROP INDEX u, DROP COLUMN b` and, when the remaining columns must stay unique, check them first ' +
      'with a GROUP BY ... HAVING COUNT(*) > 1 query and add the narrower key explicitly.',
    equivalents: [],
    examples: {
      invalid: [
        {
          description: 'MariaDB refuses to drop `valid_from`, a column of the unique key `u_price`.',
          dialect: 'mariadb',
          sql: 'ALTER TABLE prices DROP COLUMN valid_from;',
          history: 'CREATE TABLE prices (id BIGINT PRIMARY KEY, sku VARCHAR(20), valid_from DATE, UNIQUE KEY u_price (sku, valid_from));',
        },
      ],
      valid: [
        {
          description: 'The key is dropped first in the same statement.',
          dialect: 'mariadb',
          sql: 'ALTER TABLE prices DROP INDEX u_price, DROP COLUMN valid_from;',
          history: 'CREATE TABLE prices (id BIGINT PRIMARY KEY, sku VARCHAR(20), valid_from DATE, UNIQUE KEY u_price (sku, valid_from));',
        },
        {
          description: 'Dropping every column of a key drops the key.',
          dialect: 'mariadb',
          sql: 'ALTER TABLE prices DROP COLUMN sku, DROP COLUMN valid_from;',
          history: 'CREATE TABLE prices (id BIGINT PRIMARY KEY, sku VARCHAR(20), valid_from DATE, UNIQUE KEY u_price (sku, valid_from));',
        },
        {
          description: 'A column of a non-unique index.',
          dialect: 'mariadb',
          sql: 'ALTER TABLE prices DROP COLUMN valid_from;',
          history: 'CREATE TABLE prices (id BIGINT PRIMARY KEY, sku VARCHAR(20), valid_from DATE, KEY k_price (sku, valid_from));',
        },
      ],
    },
  },
  check(context) {
    const ir = context.statement.ir;
    if (ir.kind !== 'alter-table') return;
    const table = context.schema.getTable(ir.table);
    if (!table) return;
    const dropped = new Set<string>();
    const droppedKeys = new Set<string>();
    for (const action of ir.actions) {
      if (action.type === 'drop-column') dropped.add(action.name.toLowerCase());
      else if (action.type === 'drop-key') droppedKeys.add(action.name.toLowerCase());
      else if (action.type === 'drop-primary-key') droppedKeys.add('primary');
    }
    if (dropped.size === 0) return;
    for (const key of table.uniqueKeys) {
      if (droppedKeys.has(key.name.toLowerCase())) continue;
      const columns = key.parts.map((part) => part.column);
      if (columns.some((column) => column === '')) continue;
      const gone = columns.filter((column) => dropped.has(column.toLowerCase()));
      const remaining = key.parts.filter((part) => !dropped.has(part.column.toLowerCase()));
      if (gone.length === 0 || remaining.length === 0) continue;
      const label = key.primary ? 'the PRIMARY KEY' : `unique key ${quoteIdentifier(key.name)}`;
      const mariadb = context.dialect === 'mariadb';
      context.report({
        message: mariadb
          ? `fails with ERROR 1072: MariaDB does not drop ${quoteIdentifier(gone[0]!)}, a column of ${label} ${columnList(columns)} of ${quoteTableName(ir.table)}`
          : `${label} of ${quoteTableName(ir.table)} shrinks to ${columnList(remaining.map((part) => part.column))}: fails with ERROR 1062 if two rows share those values`,
        notes: [
          mariadb
            ? `MariaDB refuses to drop a column of a multi-column unique key: "Key column '${gone[0]}' doesn't exist in table", whatever the rows and even with ALTER IGNORE; MySQL would instead shrink the key to ${columnList(remaining.map((part) => part.column))}`
            : `MySQL removes a dropped column from every key that holds it; the shrunk key must be unique over ${columnList(remaining.map((part) => part.column))}, a narrower promise than ${columnList(columns)} (MariaDB refuses the statement with ERROR 1072 instead)`,
        ],
        help: [
          `drop or redefine the key in the same statement first: ALTER TABLE ${quoteTableName(ir.table)} DROP ${key.primary ? 'PRIMARY KEY' : `INDEX ${quoteIdentifier(key.name)}`}, DROP COLUMN ${quoteIdentifier(gone[0]!)}`,
        ],
        ...(mariadb ? {} : { severity: 'warning' as const }),
        data: {
          table: ir.table,
          key: { name: key.name, primary: key.primary },
          dropped: gone,
          keyParts: remaining.map((part) => ({ column: part.column, ...(part.prefixLength !== undefined ? { prefixLength: part.prefixLength } : {}) })),
          mariadbErrno: 1072,
        },
      });
    }
  },
});
