/**
 * unique-key-nullable-column: a multi-column unique key with a nullable key part, which does not
 * stop duplicates among rows holding NULL there.
 */
import { defineRule } from '../src/rule.js';
import { definedUniqueKeys } from '../src/analysis/defined-keys.js';
import { statementSpanRange } from '../src/analysis/ranges.js';
import { formatKeyParts, quoteIdentifier, quoteTableName } from '../src/analysis/sql-text.js';

export default defineRule({
  meta: {
    id: 'unique-key-nullable-column',
    summary: 'A unique key over several columns has a nullable key part, so rows with NULL there are never duplicates.',
    rationale:
      'A UNIQUE index permits multiple NULL values: two rows collide only when every key part is non-NULL ' +
      'and equal. A key such as UNIQUE (user_id, org_id) with a nullable org_id therefore accepts ' +
      '(1, NULL) any number of times: the rows the key was meant to keep unique pile up, and the day the ' +
      'column is made NOT NULL, or the NULLs are backfilled with a default, or the key becomes a PRIMARY ' +
      'KEY, the migration fails with ERROR 1062 on the copies. A single-column UNIQUE on a nullable column ' +
      'is the usual way to say "unique when present" and is not flagged unless the option ' +
      '`includeSingleColumn` is true. PRIMARY KEY columns are NOT NULL and never flagged. Sources: MySQL ' +
      '8.0 manual 15.1.15 "CREATE INDEX Statement", Unique Indexes ("A UNIQUE index permits multiple NULL ' +
      'values for columns that can contain NULL"); MariaDB knowledge base "Getting Started with Indexes", ' +
      'Unique Index and NULL.',
    defaultSeverity: 'info',
    tags: ['ddl', 'mysql', 'mariadb'],
    fix:
      'If every combination must be unique, declare the nullable key columns NOT NULL (with a sentinel such ' +
      'as 0 or \'\' for "none"), or index a generated column such as `COALESCE(org_id, 0)` instead. If NULL ' +
      'really means "not subject to the key", keep it and suppress the finding. Before making such a column ' +
      'NOT NULL on a table in use, look for the hidden duplicates: `SELECT user_id, COUNT(*) FROM t WHERE ' +
      'org_id IS NULL GROUP BY user_id HAVING COUNT(*) > 1`.',
    equivalents: ['Bytebase SQL Review: none (checks NOT NULL columns in general: COLUMN_NO_NULL)'],
    examples: {
      invalid: [
        {
          description: 'A membership can be recorded twice for the same user while org_id is NULL.',
          sql: 'CREATE TABLE memberships (id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL, org_id BIGINT NULL, UNIQUE KEY uk_member (user_id, org_id));',
        },
        {
          description: 'ADD UNIQUE over a nullable column of an existing table.',
          sql: 'ALTER TABLE prices ADD UNIQUE KEY uk_price (product_id, region);',
          history: 'CREATE TABLE prices (id BIGINT PRIMARY KEY, product_id BIGINT NOT NULL, region CHAR(2));',
        },
      ],
      valid: [
        {
          description: 'Every key part NOT NULL.',
          sql: 'CREATE TABLE memberships (id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL, org_id BIGINT NOT NULL, UNIQUE KEY uk_member (user_id, org_id));',
        },
        {
          description: 'A single nullable column: unique when present.',
          sql: 'CREATE TABLE users (id BIGINT PRIMARY KEY, external_id VARCHAR(64) NULL, UNIQUE KEY uk_external (external_id));',
        },
      ],
    },
  },
  check(context) {
    const includeSingle = context.options?.includeSingleColumn === true;
    for (const key of definedUniqueKeys(context.statement.ir, context.schema, context.dialect)) {
      if (key.primary) continue;
      if (key.parts.length < 2 && !includeSingle) continue;
      const nullable = key.columns.filter((column) => column?.nullable === true).map((column) => column!.name);
      if (nullable.length === 0) continue;
      const label = `${quoteIdentifier(key.name)} ${formatKeyParts(key.parts)}`;
      const names = nullable.map(quoteIdentifier).join(', ');
      const plural = nullable.length > 1;
      context.report({
        message: `unique key ${label} on ${quoteTableName(key.table)} lets equal rows in wherever ${names} ${plural ? 'are' : 'is'} NULL`,
        notes: [
          `rows with NULL in a key part never collide, so the key lets any number of otherwise equal rows in, and a later change that makes ${plural ? 'them' : 'it'} NOT NULL or fills the NULLs fails with ERROR 1062 on those copies`,
        ],
        help: [
          `declare ${names} NOT NULL (with a sentinel for "none") if every combination must be unique; keep ${plural ? 'them' : 'it'} nullable only if NULL means "not subject to the key"`,
        ],
        range: statementSpanRange(context, key.span),
        data: { table: key.table, key: key.name, nullableColumns: nullable },
      });
    }
  },
});
