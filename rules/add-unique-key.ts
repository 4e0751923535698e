/**
 * add-unique-key: a statement adds a PRIMARY KEY or UNIQUE key over rows that may already exist,
 * or changes the type or collation of a column inside an existing one, so the statement can fail
 * with ERROR 1062 (Duplicate entry).
 */
import { defineRule, type RuleContext } from '../src/rule.js';
import { duplicateFinderQuery, nullKeyRowsQuery, renumberedRowsQuery } from '../src/analysis/duplicate-finder.js';
import { statementSpanRange } from '../src/analysis/ranges.js';
import { formatKeyParts, quoteIdentifier, quoteTableName } from '../src/analysis/sql-text.js';
import { uniqueKeyRisks, type UniqueKeyRisk } from '../src/analysis/unique-key-risks.js';

/** `PRIMARY KEY (`a`)` or `unique key `uk` (`a`, `b`(10))`. */
function keyLabel(risk: UniqueKeyRisk): string {
  return risk.primary
    ? `PRIMARY KEY ${formatKeyParts(risk.parts)}`
    : `unique key ${quoteIdentifier(risk.keyName)} ${formatKeyParts(risk.parts)}`;
}

/** What happens when the rows collide: the statement fails, or MariaDB ALTER IGNORE deletes rows. */
function consequence(risk: UniqueKeyRisk, condition: string): string {
  if (risk.ignore) {
    return (
      `ALTER IGNORE TABLE does not fail when ${condition}: it keeps the first row of each duplicate group ` +
      `and silently deletes the others.`
    );
  }
  return `The statement fails with ERROR 1062 (Duplicate entry) when ${condition}.`;
}

/** The sentence about NULLs in a new PRIMARY KEY's columns, with the query that counts them. */
function nullSentence(risk: UniqueKeyRisk): string {
  if (!risk.primary || risk.nullableColumns.length === 0) return '';
  const columns = risk.nullableColumns.map(quoteIdentifier).join(', ');
  if (risk.ignore) {
    return (
      `\nA PRIMARY KEY makes its columns NOT NULL: ALTER IGNORE TABLE turns NULLs in ${columns} into 0 or '', ` +
      `which then collide like any other duplicate. Count them with:${sqlLine(nullKeyRowsQuery(risk.table, risk.nullableColumns))}`
    );
  }
  return (
    `\nA PRIMARY KEY makes its columns NOT NULL, so rows with NULL in ${columns} fail it first (ERROR 1138 on ` +
    `MySQL, ERROR 1265 on MariaDB in strict mode); in non-strict mode those NULLs become 0 or '' and then ` +
    `collide. Count them with:${sqlLine(nullKeyRowsQuery(risk.table, risk.nullableColumns))}`
  );
}

/**
 * SQL for the user to run, on a line of its own and indented, so that formatters keep it whole
 * and it can be copied as it is.
 */
function sqlLine(sql: string): string {
  return `\n  ${sql}`;
}

function addedKeyMessage(risk: UniqueKeyRisk, query: string): string {
  const table = quoteTableName(risk.table);
  const label = keyLabel(risk);
  if (risk.finderParts.length === 0) {
    const constants = risk.constantColumns
      .map((constant) => `${quoteIdentifier(constant.column)}${constant.value ? ` (${constant.value})` : ''}`)
      .join(', ');
    return (
      `${risk.clause} adds ${label} on table ${table}, and every existing row gets the same value in ${constants}. ` +
      consequence(risk, 'the table holds two or more rows') +
      ` Add the column as NULL (or without the key), give each row a distinct value with UPDATE, then add ` +
      `the key. Check first whether the table holds more than one row:${sqlLine(query)}`
    );
  }
  const constantNote = risk.constantColumns.length > 0
    ? ` Every existing row gets the same value in ${risk.constantColumns.map((constant) => quoteIdentifier(constant.column)).join(', ')}, so only the other key parts tell rows apart.`
    : '';
  const condition = risk.primary
    ? 'two existing rows have the same values in the key'
    : 'two existing rows have the same non-NULL values in every key part (rows with a NULL part never collide)';
  return (
    `${risk.clause} adds ${label} on table ${table}, which may already hold rows. ` +
    consequence(risk, condition) +
    constantNote +
    ` Run this query first and fix or remove the rows it returns:${sqlLine(query)}` +
    nullSentence(risk)
  );
}

function changedKeyMessage(risk: UniqueKeyRisk, query: string): string {
  const table = quoteTableName(risk.table);
  const reasons = risk.reasons.map((reason) => `${reason.clause} of ${quoteIdentifier(reason.column)}: ${reason.reason}`).join('; ');
  const strictNote = risk.reasons.some((reason) => reason.kind === 'type')
    ? ' In strict mode, values that do not fit the new type fail it first (a string too long with ERROR 1406 on MySQL, ERROR 1265 on MariaDB; a number out of range with ERROR 1264); in non-strict mode they are cut to fit and then collide.'
    : '';
  const renumbered = renumberedColumns(risk);
  const renumberNote = renumbered.length > 0
    ? `\nCount the rows that would be renumbered with:${renumbered.map((column) => sqlLine(renumberedRowsQuery(risk.table, column))).join('')}`
    : '';
  const onlyRenumbering = risk.reasons.every((reason) => reason.kind === 'auto-increment');
  return (
    `The statement changes columns of ${keyLabel(risk)} on table ${table}, so distinct values can become equal (${reasons}). ` +
    consequence(risk, 'two existing rows become equal under the new definition') +
    strictNote +
    (onlyRenumbering ? '' : ` Run this query first, written for the new definition, and fix or remove the rows it returns:${sqlLine(query)}`) +
    renumberNote
  );
}

/** Columns (names before the statement) to which the statement adds AUTO_INCREMENT. */
function renumberedColumns(risk: UniqueKeyRisk): string[] {
  const names: string[] = [];
  for (const reason of risk.reasons) {
    if (reason.kind !== 'auto-increment') continue;
    const part = risk.partChanges.find((candidate) => candidate.column.toLowerCase() === reason.column.toLowerCase());
    names.push(part?.sourceColumn ?? reason.column);
  }
  return names;
}

/**
 * The sentence about online DDL when the statement asks for ALGORITHM=INPLACE or LOCK=NONE: writes
 * go on while the index is built, and a duplicate written meanwhile still fails the statement at
 * the end (MySQL 8.0 manual 17.12.1 "Online DDL Operations", Index Operations; MariaDB "InnoDB
 * Online DDL Operations with the INPLACE Alter Algorithm"); online schema-change tools copy rows
 * with INSERT IGNORE and drop such rows instead.
 */
function onlineDdlSentence(context: RuleContext): string {
  const ir = context.statement.ir;
  if (ir.kind !== 'alter-table' && ir.kind !== 'create-index') return '';
  const inplace = ir.algorithm === 'inplace';
  const lockNone = ir.lock === 'none';
  if (!inplace && !lockNone) return '';
  const asked = [inplace ? 'ALGORITHM=INPLACE' : '', lockNone ? 'LOCK=NONE' : ''].filter(Boolean).join(', ');
  return (
    `\nWith ${asked} the table takes writes while the index is built, so rows written during the ALTER that ` +
    `duplicate a key still make it fail at the very end (ERROR 1062 after the whole build, and the work is ` +
    `rolled back), even if the check above came back empty; pt-online-schema-change and gh-ost instead copy rows ` +
    `with INSERT IGNORE and drop such rows silently.`
  );
}

function report(context: RuleContext, risk: UniqueKeyRisk): void {
  const query = duplicateFinderQuery(risk.table, risk.finderParts);
  const message = (risk.cause === 'added-key' ? addedKeyMessage(risk, query) : changedKeyMessage(risk, query)) + onlineDdlSentence(context);
  const data: Record<string, unknown> = {
    cause: risk.cause,
    table: risk.table,
    key: { name: risk.keyName, primary: risk.primary, parts: risk.parts },
    // Shaped like the live duplicate probe's key parts (column after the statement, source column, state after).
    keyParts: risk.partChanges,
    columns: risk.columns,
    finderParts: risk.finderParts,
    duplicateFinderQuery: query,
    constantColumns: risk.constantColumns,
    reasons: risk.reasons,
    ignore: risk.ignore,
  };
  const renumbered = renumberedColumns(risk);
  if (renumbered.length > 0) data.renumberedRowsQueries = renumbered.map((column) => renumberedRowsQuery(risk.table, column));
  if (risk.primary && risk.nullableColumns.length > 0) {
    data.nullableColumns = risk.nullableColumns;
    data.nullRowsQuery = nullKeyRowsQuery(risk.table, risk.nullableColumns);
  }
  context.report({ message, range: statementSpanRange(context, risk.span), data });
}

export default defineRule({
  meta: {
    id: 'add-unique-key',
    summary:
      'A statement adds a PRIMARY KEY or UNIQUE key over rows that may already exist, or changes the type or collation of a column inside one.',
    rationale:
      'Building a unique index reads every existing row; if two rows have equal values in every key part, ' +
      'the statement stops with ERROR 1062 (23000) "Duplicate entry ... for key ...", often after minutes ' +
      'of copying, and the migration is left half applied because DDL commits implicitly. Equality is the ' +
      "key's own: rows with a NULL key part never collide in a UNIQUE key, a prefix part compares only the " +
      "first n characters (bytes for binary strings), and strings compare under the column's collation, so " +
      "'a', 'A' and 'a ' can be one value. The same failure comes from a new column that gives every row the " +
      'same value (NOT NULL or a DEFAULT) under a unique key, and from MODIFY, CHANGE or CONVERT TO ' +
      'CHARACTER SET on a column inside an existing unique key when the new type or collation makes ' +
      'distinct values equal (shorter strings, fewer decimal or fractional-second digits, a ' +
      'case- or accent-insensitive collation, NO PAD to PAD SPACE). A PRIMARY KEY also makes its columns ' +
      'NOT NULL, so NULLs fail it first (ERROR 1138 on MySQL, 1265 on MariaDB in strict mode). ' +
      'Online schema-change tools that copy rows with INSERT IGNORE (pt-online-schema-change, gh-ost ' +
      'without --panic-on-warnings) lose the duplicate rows silently instead. Sources: MySQL 8.0 manual ' +
      '15.1.15 "CREATE INDEX Statement" (Unique Indexes, Column Prefix Key Parts), 15.1.9 "ALTER TABLE ' +
      'Statement", 10.8.5 and 10.10.1 (collations, trailing-space handling); MariaDB "ALTER TABLE" and ' +
      '"IGNORE".',
    defaultSeverity: 'warning',
    tags: ['data-dependent', 'ddl', 'mysql', 'mariadb'],
    fix:
      'Run the duplicate-finder query from the message against production (or a recent copy) before the ' +
      'migration ships. If it returns rows, add a data step before the DDL that merges or deletes the ' +
      'duplicates (or widens the key), and keep the check in the migration runbook. For a new column, add ' +
      'it as NULL, fill distinct values with UPDATE, then add the key in a later statement. For a ' +
      'collation or type change, check with the new collation or type, as the query does. Suppress the ' +
      'finding when the table is known to be empty.',
    equivalents: [
      'Atlas: MF101 (add unique index on existing columns), MF102 (modify index to unique)',
      'Bytebase SQL Review: SCHEMA_BACKWARD_COMPATIBILITY, codes 106 (ADD PRIMARY KEY) and 107 (ADD UNIQUE / CREATE UNIQUE INDEX)',
      'django-migration-linter: ADD_UNIQUE',
      'squawk: disallowed-unique-constraint and adding-serial-primary-key-field (PostgreSQL, for locking rather than duplicates)',
      'pt-online-schema-change: --check-unique-key-change',
    ],
    examples: {
      invalid: [
        {
          description: 'ADD UNIQUE on an existing table.',
          sql: 'ALTER TABLE users ADD UNIQUE KEY uk_email (email);',
          history: 'CREATE TABLE users (id BIGINT PRIMARY KEY, email VARCHAR(255)) DEFAULT CHARSET=utf8mb4;',
        },
        {
          description: 'CREATE UNIQUE INDEX with a prefix part on a table the file did not create.',
          sql: 'CREATE UNIQUE INDEX uk_title ON posts (title(20));',
        },
        {
          description: 'ADD PRIMARY KEY over a nullable column.',
          sql: 'ALTER TABLE audit_log ADD PRIMARY KEY (event_id);',
          history: 'CREATE TABLE audit_log (event_id INT, note TEXT);',
        },
        {
          description: 'A NOT NULL column gives every existing row the value 0, so two rows collide.',
          sql: 'ALTER TABLE accounts ADD COLUMN external_id INT NOT NULL UNIQUE;',
          history: 'CREATE TABLE accounts (id BIGINT PRIMARY KEY, name VARCHAR(64));',
        },
        {
          description: 'Shortening a column inside a unique key makes values that share their first 4 characters equal.',
          sql: 'ALTER TABLE people MODIFY name VARCHAR(4) NOT NULL;',
          history: 'CREATE TABLE people (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL, UNIQUE KEY name_uidx (name)) DEFAULT CHARSET=utf8mb4;',
        },
        {
          description: "A case-insensitive collation makes 'Ann' and 'ann' one value.",
          sql: 'ALTER TABLE tags MODIFY label VARCHAR(64) COLLATE utf8mb4_general_ci NOT NULL;',
          history: 'CREATE TABLE tags (id INT PRIMARY KEY, label VARCHAR(64) COLLATE utf8mb4_bin NOT NULL, UNIQUE KEY uk_label (label)) DEFAULT CHARSET=utf8mb4;',
        },
      ],
      valid: [
        {
          description: 'A key on a table created, and not yet filled, in the same file.',
          sql: 'CREATE TABLE users (id BIGINT PRIMARY KEY, email VARCHAR(255));\nALTER TABLE users ADD UNIQUE KEY uk_email (email);',
        },
        {
          description: 'A nullable new column without default is NULL in every row, and NULLs never collide.',
          sql: 'ALTER TABLE accounts ADD COLUMN external_id INT NULL UNIQUE;',
          history: 'CREATE TABLE accounts (id BIGINT PRIMARY KEY, name VARCHAR(64));',
        },
        {
          description: 'A new AUTO_INCREMENT column numbers the existing rows 1, 2, 3...',
          sql: 'ALTER TABLE events ADD COLUMN id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY FIRST;',
          history: 'CREATE TABLE events (name VARCHAR(64));',
        },
        {
          description: 'Re-creating a unique key with one more column: the old key already makes the values unique.',
          sql: 'ALTER TABLE users DROP INDEX uk_email, ADD UNIQUE KEY uk_email (email, tenant_id);',
          history: 'CREATE TABLE users (id BIGINT PRIMARY KEY, tenant_id INT NOT NULL, email VARCHAR(255), UNIQUE KEY uk_email (email));',
        },
        {
          description: 'Widening a column inside a unique key cannot make values equal.',
          sql: 'ALTER TABLE people MODIFY name VARCHAR(100) NOT NULL;',
          history: 'CREATE TABLE people (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL, UNIQUE KEY name_uidx (name)) DEFAULT CHARSET=utf8mb4;',
        },
      ],
    },
  },
  check(context) {
    for (const risk of uniqueKeyRisks(context.statement.ir, context.schema, context.dialect)) report(context, risk);
  },
});
