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

/** The parts of a finding's text (see `RuleReport`). */
interface MessageParts {
  message: string;
  notes: string[];
  help: string[];
}

/** What happens when the rows collide: the statement fails, or MariaDB ALTER IGNORE deletes rows. */
function consequence(risk: UniqueKeyRisk, condition: string): string {
  if (risk.ignore) {
    return `ALTER IGNORE TABLE does not fail when ${condition}: it keeps the first row of each duplicate group and silently deletes the others`;
  }
  return `the statement fails with ERROR 1062 (Duplicate entry) when ${condition}`;
}

/** The headline's verb: what the statement may do to the migration. */
function outcome(risk: UniqueKeyRisk): string {
  return risk.ignore ? 'may silently delete rows' : 'may fail with ERROR 1062';
}

/** `ADD UNIQUE `uk_email``, `ADD PRIMARY KEY`: the clause and the key's name, for headlines. */
function clauseAndName(risk: UniqueKeyRisk): string {
  return risk.primary || /PRIMARY KEY/i.test(risk.clause) ? risk.clause : `${risk.clause} ${quoteIdentifier(risk.keyName)}`;
}

/** `` `email` `` or `` (`a`, `b`(10)) ``: key parts as a headline names them. */
function partsText(parts: UniqueKeyRisk['parts']): string {
  const text = formatKeyParts(parts);
  return parts.length === 1 ? text.slice(1, -1) : text;
}

/** The note about NULLs in a new PRIMARY KEY's columns, and the help with the query that counts them. */
function nullParts(risk: UniqueKeyRisk): { notes: string[]; help: string[] } {
  if (!risk.primary || risk.nullableColumns.length === 0) return { notes: [], help: [] };
  const columns = risk.nullableColumns.map(quoteIdentifier).join(', ');
  const count = [`count the rows with NULL in ${columns}:${sqlLine(nullKeyRowsQuery(risk.table, risk.nullableColumns))}`];
  if (risk.ignore) {
    return {
      notes: [`a PRIMARY KEY makes its columns NOT NULL: ALTER IGNORE TABLE turns NULLs in ${columns} into 0 or '', which then collide like any other duplicate`],
      help: count,
    };
  }
  return {
    notes: [
      `a PRIMARY KEY makes its columns NOT NULL, so rows with NULL in ${columns} fail it first (ERROR 1138 on MySQL, ERROR 1265 on MariaDB in strict mode); ` +
        `in non-strict mode those NULLs become 0 or '' and then collide`,
    ],
    help: count,
  };
}

/**
 * SQL for the user to run, on a line of its own and indented, so that formatters keep it whole
 * and it can be copied as it is.
 */
function sqlLine(sql: string): string {
  return `\n  ${sql}`;
}

function addedKeyMessage(risk: UniqueKeyRisk, query: string): MessageParts {
  const table = quoteTableName(risk.table);
  const label = keyLabel(risk);
  if (risk.finderParts.length === 0) {
    const constants = risk.constantColumns
      .map((constant) => `${quoteIdentifier(constant.column)}${constant.value ? ` (${constant.value})` : ''}`)
      .join(', ');
    return {
      message: `${clauseAndName(risk)} ${outcome(risk)}: every existing row of ${table} gets the same value in ${risk.constantColumns.map((constant) => quoteIdentifier(constant.column)).join(', ')}`,
      notes: [`${risk.clause} adds ${label} on table ${table}, and every existing row gets the same value in ${constants}; ${consequence(risk, 'the table holds two or more rows')}`.replace('; the statement fails with ERROR 1062 (Duplicate entry) when', ': it fails when')],
      help: [
        'add the column as NULL (or without the key), give each row a distinct value with UPDATE, then add the key',
        `check first whether the table holds more than one row:${sqlLine(query)}`,
      ],
    };
  }
  const notes = [`${risk.clause} adds ${label} on table ${table}, which may already hold rows${risk.primary ? '' : '; rows with a NULL key part never collide'}`];
  if (risk.ignore) notes.push(consequence(risk, 'two existing rows have the same values in the key'));
  if (risk.constantColumns.length > 0) {
    notes.push(`every existing row gets the same value in ${risk.constantColumns.map((constant) => quoteIdentifier(constant.column)).join(', ')}, so only the other key parts tell rows apart`);
  }
  const nulls = nullParts(risk);
  return {
    message: `${clauseAndName(risk)} ${outcome(risk)}: ${table} may already hold two rows with the same ${partsText(risk.finderParts)}`,
    notes: [...notes, ...nulls.notes],
    help: [`run this query first and fix or remove the rows it returns:${sqlLine(query)}`, ...nulls.help],
  };
}

function changedKeyMessage(risk: UniqueKeyRisk, query: string): MessageParts {
  const table = quoteTableName(risk.table);
  const reasons = risk.reasons.map((reason) => `${reason.clause} of ${quoteIdentifier(reason.column)}: ${reason.reason}`).join('; ');
  const changed = [...new Set(risk.reasons.map((reason) => quoteIdentifier(reason.column)))].join(', ');
  const notes = [`${keyLabel(risk)} on table ${table} covers the changed column: ${reasons}`];
  if (risk.ignore) notes.push(consequence(risk, 'two existing rows become equal under the new definition'));
  if (risk.reasons.some((reason) => reason.kind === 'type')) {
    notes.push('in strict mode, values that do not fit the new type fail it first (a string too long with ERROR 1406 on MySQL, ERROR 1265 on MariaDB; a number out of range with ERROR 1264); in non-strict mode they are cut to fit and then collide');
  }
  const help: string[] = [];
  const onlyRenumbering = risk.reasons.every((reason) => reason.kind === 'auto-increment');
  if (!onlyRenumbering) help.push(`run this query first, written for the new definition, and fix or remove the rows it returns:${sqlLine(query)}`);
  const renumbered = renumberedColumns(risk);
  if (renumbered.length > 0) help.push(`count the rows that would be renumbered with:${renumbered.map((column) => sqlLine(renumberedRowsQuery(risk.table, column))).join('')}`);
  const key = risk.primary ? 'the PRIMARY KEY' : `unique key ${quoteIdentifier(risk.keyName)}`;
  return {
    message: `${risk.clause} ${outcome(risk)}: the change of ${changed} can make distinct values of ${key} on ${table} equal`,
    notes,
    help,
  };
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
    `with ${asked} the table takes writes while the index is built, so rows written during the ALTER that ` +
    `duplicate a key still make it fail at the very end (ERROR 1062 after the whole build, and the work is ` +
    `rolled back), even if the check came back empty; pt-online-schema-change and gh-ost instead copy rows ` +
    `with INSERT IGNORE and drop such rows silently`
  );
}

function report(context: RuleContext, risk: UniqueKeyRisk): void {
  const query = duplicateFinderQuery(risk.table, risk.finderParts);
  const parts = risk.cause === 'added-key' ? addedKeyMessage(risk, query) : changedKeyMessage(risk, query);
  const online = onlineDdlSentence(context);
  if (online !== '') parts.notes.push(online);
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
  context.report({ ...parts, range: statementSpanRange(context, risk.span), data });
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
      'collation or type change, check with the new collation or type, as the query does. The rule already ' +
      'stays silent when the model knows the key cannot fail within the deployment (see the README, ' +
      '"Deployments and row facts"): the table is empty, the rows satisfied a unique key over the same ' +
      'columns dropped earlier, a key column is NULL in every row, or a recognised dedupe step ran; ' +
      'suppress the finding when you know more than that.',
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
        {
          description: 'Near miss of a dedupe step: the DELETE removes rows equal in (email, tenant_id), but the key is on email alone.',
          sql:
            'DELETE u1 FROM users u1 JOIN users u2 ON u1.email = u2.email AND u1.tenant_id = u2.tenant_id AND u1.id > u2.id;\n' +
            'ALTER TABLE users ADD UNIQUE KEY uk_email (email);',
          history: 'CREATE TABLE users (id BIGINT PRIMARY KEY, tenant_id INT NOT NULL, email VARCHAR(255));',
        },
        {
          description: 'Near miss of a dropped key: rows inserted between the DROP INDEX and the new key may repeat the values.',
          sql:
            'ALTER TABLE users DROP INDEX uk_email;\n' +
            "INSERT INTO users (id, tenant_id, email) SELECT id + 1000, 2, email FROM users WHERE tenant_id = 1;\n" +
            'ALTER TABLE users ADD UNIQUE KEY uk_email_tenant (email, tenant_id);',
          history: 'CREATE TABLE users (id BIGINT PRIMARY KEY, tenant_id INT NOT NULL, email VARCHAR(255), UNIQUE KEY uk_email (email));',
        },
        {
          description: 'Near miss of an all-NULL column: the UPDATE fills the new column before the key is added.',
          sql:
            'ALTER TABLE accounts ADD COLUMN slug VARCHAR(64) NULL;\n' +
            'UPDATE accounts SET slug = LOWER(name);\n' +
            'ALTER TABLE accounts ADD UNIQUE KEY uk_slug (slug);',
          history: 'CREATE TABLE accounts (id BIGINT PRIMARY KEY, name VARCHAR(64));',
        },
        {
          description: 'Near miss of an empty table: a DELETE with WHERE leaves rows behind.',
          sql: "DELETE FROM sessions WHERE expires_at < NOW();\nCREATE UNIQUE INDEX uk_token ON sessions (token);",
          history: 'CREATE TABLE sessions (id BIGINT PRIMARY KEY, token VARCHAR(64), expires_at DATETIME);',
        },
        {
          description: 'A column made case-sensitive with the BINARY attribute, then converted to a case-insensitive collation: values differing in case merge.',
          sql: 'ALTER TABLE cache CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;',
          history:
            'CREATE TABLE cache (cache_key VARCHAR(128) NOT NULL, PRIMARY KEY (cache_key)) DEFAULT CHARSET=ascii;\n' +
            'ALTER TABLE cache CHANGE cache_key cache_key VARCHAR(128) BINARY NOT NULL;',
        },
        {
          description: 'ENUM to a VARCHAR shorter than its longest member cuts members to equal values.',
          sql: 'ALTER TABLE filter_rule MODIFY how VARCHAR(5) NOT NULL;',
          history: "CREATE TABLE filter_rule (id INT PRIMARY KEY, how ENUM('equal','contains','starts') NOT NULL, UNIQUE KEY uk_how (how));",
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
        {
          description: 'Empty table in the deployment: TRUNCATE earlier in the file leaves no row to collide.',
          sql: 'TRUNCATE TABLE service_resource;\nALTER TABLE service_resource ADD UNIQUE INDEX uk_signature (resource_signature);',
          history: 'CREATE TABLE service_resource (id BIGINT PRIMARY KEY, resource_signature VARCHAR(128));',
        },
        {
          description: 'Empty table in the deployment: DELETE without WHERE removes every row.',
          sql: 'DELETE FROM sessions;\nCREATE UNIQUE INDEX uk_token ON sessions (token);',
          history: 'CREATE TABLE sessions (id BIGINT PRIMARY KEY, token VARCHAR(64));',
        },
        {
          description: 'Uniqueness outlives its key: the rows satisfied the dropped key, nothing wrote since, and the new key covers its columns.',
          sql:
            'DROP INDEX uk_identifier ON credential_identifiers;\n' +
            'UPDATE credential_identifiers SET updated_at = NOW();\n' +
            'CREATE UNIQUE INDEX uk_nid_identifier ON credential_identifiers (nid, identifier);',
          history:
            'CREATE TABLE credential_identifiers (id CHAR(36) PRIMARY KEY, nid CHAR(36), identifier VARCHAR(255) NOT NULL, updated_at DATETIME, UNIQUE KEY uk_identifier (identifier));',
        },
        {
          description: 'All-NULL column: added NULL without default and not filled, so every row has a NULL key part.',
          sql: 'ALTER TABLE connection ADD COLUMN parent_id INT NULL;\nALTER TABLE connection ADD UNIQUE KEY uk_name_parent (connection_name, parent_id);',
          history: 'CREATE TABLE connection (connection_id INT PRIMARY KEY, connection_name VARCHAR(128) NOT NULL);',
        },
        {
          description: 'All-NULL column on a table created outside the linted files: the column this file adds is still NULL in every row.',
          sql: 'ALTER TABLE x_resource ADD policy_name VARCHAR(500) NULL DEFAULT NULL;\nALTER TABLE x_resource ADD UNIQUE x_resource_UK_policy_name (policy_name);',
        },
        {
          description: 'Dedupe step: a self-join DELETE on every key column keeps the row with the lowest id of each group.',
          sql:
            'DELETE t1 FROM preferences t1 JOIN preferences t2 ON t1.user_id = t2.user_id AND t1.name = t2.name AND t1.id > t2.id;\n' +
            'ALTER TABLE preferences ADD UNIQUE KEY uk_user_name (user_id, name);',
          history: 'CREATE TABLE preferences (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, user_id INT, name VARCHAR(64), value TEXT);',
        },
        {
          description: 'Dedupe step: a join to the MAX(id) of each key group deletes every other row.',
          sql:
            'DELETE p FROM preferences AS p INNER JOIN (SELECT user_id, name, MAX(id) AS keep_id FROM preferences GROUP BY user_id, name) AS keep\n' +
            '  ON p.user_id = keep.user_id AND p.name = keep.name WHERE p.id <> keep.keep_id;\n' +
            'ALTER TABLE preferences ADD UNIQUE INDEX uk_user_name (user_id, name);',
          history: 'CREATE TABLE preferences (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, user_id INT, name VARCHAR(64), value TEXT);',
        },
        {
          description: 'Dedupe step: a table filled by SELECT DISTINCT over exactly the key columns.',
          sql:
            'CREATE TABLE accessory_new (id_product_1 INT NOT NULL, id_product_2 INT NOT NULL);\n' +
            'INSERT INTO accessory_new (id_product_1, id_product_2) SELECT DISTINCT id_product_1, id_product_2 FROM accessory;\n' +
            'ALTER TABLE accessory_new ADD PRIMARY KEY (id_product_1, id_product_2);',
          history: 'CREATE TABLE accessory (id_product_1 INT NOT NULL, id_product_2 INT NOT NULL);',
        },
        {
          description: 'INSERT IGNORE ... SELECT into an empty table that already has the key keeps the rows unique over it.',
          sql:
            'CREATE TABLE users_new (id BIGINT PRIMARY KEY, email VARCHAR(255) NOT NULL, UNIQUE KEY uk_email (email));\n' +
            'INSERT IGNORE INTO users_new (id, email) SELECT id, email FROM users;\n' +
            'ALTER TABLE users_new DROP INDEX uk_email, ADD UNIQUE KEY uk_email_id (email, id);',
          history: 'CREATE TABLE users (id BIGINT PRIMARY KEY, email VARCHAR(255) NOT NULL);',
        },
        {
          description: 'The BINARY attribute means the _bin collation of the column\'s character set: ascii_bin stays ascii_bin.',
          sql: 'ALTER TABLE cache CHANGE cache_key cache_key VARCHAR(128) BINARY NOT NULL;',
          history: 'CREATE TABLE cache (cache_key VARCHAR(128) NOT NULL, PRIMARY KEY (cache_key)) DEFAULT CHARSET=ascii COLLATE=ascii_bin;',
        },
        {
          description: 'ENUM to a VARCHAR that holds its longest member keeps every value distinct.',
          sql: 'ALTER TABLE filter_rule MODIFY how VARCHAR(32) NOT NULL;',
          history: "CREATE TABLE filter_rule (id INT PRIMARY KEY, how ENUM('equal','contains','starts') NOT NULL, UNIQUE KEY uk_how (how));",
        },
      ],
    },
  },
  check(context) {
    // An online schema-change run does not fail with 1062: online-schema-change-unique reports it.
    if (context.statement.unit.origin === 'online-schema-change') return;
    for (const risk of uniqueKeyRisks(context.statement.ir, context.schema, context.dialect)) report(context, risk);
  },
});
