/**
 * alter-ignore-add-unique: `ALTER IGNORE TABLE ... ADD UNIQUE|PRIMARY KEY`, which MariaDB runs by
 * deleting duplicate rows and MySQL 5.7+ rejects.
 */
import { defineRule, type RuleContext } from '../src/rule.js';
import type { SuggestedFix } from '../src/diagnostic.js';
import { replayColumnChanges } from '../src/analysis/column-changes.js';
import { formatKeyParts, quoteIdentifier, quoteTableName } from '../src/analysis/sql-text.js';
import { parseServerVersion, serverFlavor } from '../src/analysis/server-version.js';
import { isWord } from '../src/split/lexer.js';
import { TokenCursor } from '../src/parse/scan.js';

/** The fix that removes the IGNORE word (and the blanks after it) from `ALTER IGNORE TABLE`. */
function removeIgnore(context: RuleContext): SuggestedFix | undefined {
  const unit = context.statement.unit;
  if (!unit.exactOffsets) return undefined;
  const cursor = new TokenCursor(unit.sql);
  const alter = cursor.next();
  const ignore = cursor.next();
  const table = cursor.peek();
  if (!isWord(alter, 'ALTER') || !isWord(ignore, 'IGNORE') || !isWord(table, 'TABLE')) return undefined;
  return {
    description: 'Remove IGNORE: the ALTER then fails on duplicates instead of deleting rows',
    range: { startOffset: unit.startOffset + ignore!.start, endOffset: unit.startOffset + table!.start },
    text: '',
    safe: false,
  };
}

export default defineRule({
  meta: {
    id: 'alter-ignore-add-unique',
    summary: 'ALTER IGNORE TABLE ... ADD UNIQUE or PRIMARY KEY deletes duplicate rows on MariaDB and is a syntax error on MySQL 5.7+.',
    rationale:
      'On MariaDB, ALTER IGNORE TABLE that adds a PRIMARY KEY or UNIQUE key does not fail on duplicates: ' +
      'it keeps the first row of each group of equal key values and deletes the others, reporting only a ' +
      'count of "duplicates" in the statement info that migration tools never show. Which row survives ' +
      'depends on the copy order, and the deleted rows (with whatever referenced them) are gone. MySQL ' +
      'removed the IGNORE clause of ALTER TABLE in 5.7.4, so on MySQL 5.7 and 8.x the statement is a syntax ' +
      'error (ERROR 1064) and the migration stops. Either way the migration does not do what its author ' +
      'tested. Sources: MariaDB knowledge base "ALTER TABLE" (IGNORE) and "IGNORE"; MySQL 5.7 release ' +
      'notes 5.7.4 (removal of ALTER IGNORE TABLE) and MySQL 8.0 manual 15.1.9 "ALTER TABLE Statement".',
    defaultSeverity: 'error',
    tags: ['ddl', 'data-dependent', 'mariadb', 'mysql'],
    fix:
      'Remove IGNORE and deal with the duplicates explicitly before adding the key: find them with ' +
      '`SELECT k, COUNT(*) FROM t GROUP BY k HAVING COUNT(*) > 1`, then merge or delete them with a DELETE ' +
      'that states which row survives (e.g. keep the lowest id), then add the key. The suggested ' +
      'replacement removes IGNORE; it is not applied by --fix because the ALTER then fails on duplicates ' +
      'that must be cleaned up first.',
    equivalents: ['pt-online-schema-change: --check-unique-key-change (refuses to add a unique key with its INSERT IGNORE copy)'],
    examples: {
      invalid: [
        {
          description: 'MariaDB keeps one row per email and deletes the rest without an error.',
          dialect: 'mariadb',
          sql: 'ALTER IGNORE TABLE users ADD UNIQUE KEY uk_email (email);',
          history: 'CREATE TABLE users (id BIGINT PRIMARY KEY, email VARCHAR(255));',
        },
        {
          description: 'On MySQL 5.7+ ALTER IGNORE TABLE is a syntax error.',
          sql: 'ALTER IGNORE TABLE users ADD PRIMARY KEY (id);',
          history: 'CREATE TABLE users (id BIGINT NOT NULL, email VARCHAR(255));',
        },
      ],
      valid: [
        {
          description: 'A plain ALTER TABLE fails on duplicates instead of deleting them.',
          dialect: 'mariadb',
          sql: 'ALTER TABLE users ADD UNIQUE KEY uk_email (email);',
          history: 'CREATE TABLE users (id BIGINT PRIMARY KEY, email VARCHAR(255));',
        },
        {
          description: 'ALTER IGNORE that adds no unique key deletes nothing.',
          dialect: 'mariadb',
          sql: 'ALTER IGNORE TABLE users ADD INDEX ix_email (email);',
          history: 'CREATE TABLE users (id BIGINT PRIMARY KEY, email VARCHAR(255));',
        },
      ],
    },
  },
  check(context) {
    const ir = context.statement.ir;
    if (ir.kind !== 'alter-table' || !ir.ignore) return;
    const changes = replayColumnChanges(ir, context.schema, context.dialect);
    if (!changes || changes.addedKeys.length === 0) return;
    const flavor = serverFlavor(context.dialect, parseServerVersion(context.serverVersion));
    if (flavor === 'mariadb' && changes.table?.emptyInDeployment) return;
    const table = quoteTableName(ir.table);
    const keys = changes.addedKeys
      .map((added) => (added.primary ? `PRIMARY KEY ${formatKeyParts(added.key.parts)}` : `unique key ${quoteIdentifier(added.name)} ${formatKeyParts(added.key.parts)}`))
      .join(' and ');
    const fix = removeIgnore(context);
    const cleanUp =
      'remove IGNORE, and before the ALTER find the duplicates (GROUP BY the key HAVING COUNT(*) > 1) and merge or delete them with a statement that says which row stays';
    const parts =
      flavor === 'mariadb'
        ? {
            message: `ALTER IGNORE TABLE ${table} silently deletes every row that duplicates a key value of ${keys}`,
            notes: ['where rows share a key value, MariaDB keeps the first row of each group and deletes the others without an error; which row survives depends on the copy order'],
            help: [cleanUp],
          }
        : {
            message: `ALTER IGNORE TABLE ${table} fails with ERROR 1064 (syntax error) on MySQL 5.7 and 8.x`,
            notes: [`it adds ${keys}; MySQL removed ALTER IGNORE in 5.7.4, so the migration stops here; on MariaDB it would delete duplicate rows silently`],
            help: [cleanUp, 'lint with --dialect mariadb if the target is MariaDB'],
          };
    context.report({
      ...parts,
      ...(fix ? { fix } : {}),
      data: { table: ir.table, keys: changes.addedKeys.map((added) => ({ name: added.name, primary: added.primary, parts: added.key.parts })), server: flavor },
    });
  },
});
