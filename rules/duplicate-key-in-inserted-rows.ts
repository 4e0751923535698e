/**
 * duplicate-key-in-inserted-rows: literal rows of a plain INSERT that collide on a unique key,
 * within the statement or with rows inserted earlier in the same file.
 */
import { defineRule, type RuleContext } from '../src/rule.js';
import type { StatementIR, TableName } from '../src/statement.js';
import type { UniqueKeyState } from '../src/schema/types.js';
import { equalityNote } from '../src/analysis/key-values.js';
import { checkedKeys, LiveInsertedValues, rowKey, type CheckedKey, type LiveKeyValues, type LiveRows } from '../src/analysis/inserted-key-values.js';
import { readInsertParts } from '../src/analysis/insert-parts.js';
import { noAutoValueOnZero, trackSqlMode } from '../src/analysis/sql-mode.js';
import { formatKeyParts, quoteIdentifier, quoteTableName } from '../src/analysis/sql-text.js';

const RULE_ID = 'duplicate-key-in-inserted-rows';

/** Key values remembered per file, across all tables; beyond this the rule stops remembering. */
export const REMEMBERED_VALUES_LIMIT = 500_000;

/**
 * Literal rows read per file, by default (option `maxRowsPerFile`). A statement whose rows would
 * pass it is not compared: hand-written seed data is far smaller, and a dump's rows come from a
 * table that already had the key. Keeps a 100 MB dump from costing seconds and a gigabyte.
 */
export const DEFAULT_ROWS_PER_FILE = 50_000;

/** Where a remembered key value came from. */
interface Origin {
  /** 1-based line of the statement, 0 for the statement being checked. */
  line: number;
  /** 1-based row number within its statement. */
  row: number;
  /** The literal values of the key parts, as written. */
  texts: string[];
}

/** Rows inserted earlier in the file: per table (lower-case name), per key name, the value keys. */
interface FileMemory {
  tables: Map<string, Map<string, Map<string, Origin>>>;
  size: number;
  full: boolean;
  /** Literal rows read so far in the file. */
  rowsRead: number;
}

function memoryOf(context: RuleContext): FileMemory | undefined {
  const store = context.fileState;
  if (!store) return undefined;
  let memory = store.get(RULE_ID) as FileMemory | undefined;
  if (!memory) {
    memory = { tables: new Map(), size: 0, full: false, rowsRead: 0 };
    store.set(RULE_ID, memory);
  }
  return memory;
}

function tableKey(name: TableName): string {
  return name.name.toLowerCase();
}

/** Tables whose remembered rows a statement makes stale (it changes rows or keys there). */
function tablesChangedBy(ir: StatementIR): TableName[] {
  switch (ir.kind) {
    case 'create-table':
    case 'alter-table':
    case 'create-index':
    case 'drop-index':
    case 'truncate':
      return [ir.table];
    case 'drop-table':
      return ir.tables;
    case 'update':
    case 'delete':
      return ir.tables;
    case 'rename-table':
      return ir.renames.flatMap((rename) => [rename.from, rename.to]);
    default:
      return [];
  }
}

interface Collision {
  checked: CheckedKey;
  row: number;
  earlier: Origin;
  texts: string[];
  raw: string[];
}

function describeKey(key: UniqueKeyState): string {
  return key.primary ? `PRIMARY KEY ${formatKeyParts(key.parts)}` : `unique key ${quoteIdentifier(key.name)} ${formatKeyParts(key.parts)}`;
}

function report(
  context: RuleContext,
  table: TableName,
  collision: Collision,
  total: number,
  statementLine: number,
  live: LiveKeyValues[] | undefined,
  liveRows?: LiveRows,
): void {
  const { checked, row, earlier } = collision;
  const where = earlier.line === 0 ? `row ${earlier.row} of the same statement` : `row ${earlier.row} of the INSERT at line ${earlier.line}`;
  const notes = checked.parts
    .map((part, index) => equalityNote(collision.raw[index] ?? '', earlier.texts[index] === undefined ? '' : unquoteSql(earlier.texts[index]!), part.column))
    .filter((note): note is string => note !== undefined);
  const entry = collision.raw.join('-');
  const keyName = checked.key.primary ? 'PRIMARY' : checked.key.name;
  const message = `fails with ERROR 1062 (Duplicate entry '${entry}' for key '${keyName}'): row ${row} of this INSERT into ${quoteTableName(table)} repeats ${where}`;
  const why = [
    `row ${row} has ${collision.texts.length === 1 ? 'the value' : 'the values'} ${collision.texts.join(', ')} in ${describeKey(checked.key)}, as ${where}; none of the statement's rows are kept, and the migration stops there`,
  ];
  if (notes.length > 0) why.push(`the values look different, but ${notes.join('; ')}`);
  if (total > 1) why.push(`${total - 1} more row${total - 1 === 1 ? '' : 's'} of this statement collide the same way`);
  const unit = context.statement.unit;
  let range;
  if (unit.exactOffsets) {
    const parts = readInsertParts(unit.sql, row);
    const span = parts?.rows[row - 1];
    if (span) range = context.rangeOf(unit.startOffset + span.start, unit.startOffset + span.end);
  }
  context.report({
    message,
    notes: why,
    help: ['remove or correct the duplicate row; if the later row should update the earlier one, write INSERT ... ON DUPLICATE KEY UPDATE'],
    ...(range ? { range } : {}),
    data: {
      table,
      key: { name: keyName, primary: checked.key.primary, parts: checked.key.parts },
      row,
      earlier: { line: earlier.line === 0 ? statementLine : earlier.line, row: earlier.row },
      values: collision.texts,
      collidingRows: total,
      ...(live ? { liveKeys: live } : {}),
      ...(live && liveRows ? { liveRows, collidesWithEarlierStatement: earlier.line !== 0 } : {}),
    },
  });
}

/**
 * Live mode, no collision inside the file: a candidate finding that the live check keeps only when
 * some of the literal values already exist in the table (src/live/insert-probes.ts).
 */
function reportLiveCandidate(context: RuleContext, table: TableName, live: LiveKeyValues[], liveRows?: LiveRows): void {
  const keys = live.map((key) => (key.primary ? `PRIMARY KEY ${formatKeyParts(key.parts)}` : `unique key ${quoteIdentifier(key.name)} ${formatKeyParts(key.parts)}`));
  context.report({
    message: `fails with ERROR 1062: this INSERT into ${quoteTableName(table)} writes key values the table already holds`,
    notes: [
      `the literal values in ${keys.join(' and ')} are already stored (see the live evidence); the rows before it are rolled back, and a retried, half-loaded migration stops here again`,
    ],
    help: ['remove the rows that are already there, insert only the missing ones (INSERT ... SELECT ... WHERE NOT EXISTS), or merge with ON DUPLICATE KEY UPDATE'],
    data: { table, liveOnly: true, liveKeys: live, ...(liveRows ? { liveRows } : {}) },
  });
}

function unquoteSql(text: string): string {
  return text.startsWith("'") && text.endsWith("'") ? text.slice(1, -1).replace(/''/g, "'").replace(/\\\\/g, '\\') : text;
}

export default defineRule({
  meta: {
    id: RULE_ID,
    summary: 'Literal INSERT rows collide on a unique key, within one statement or with rows inserted earlier in the same file.',
    rationale:
      'A plain INSERT stops at the first row whose PRIMARY KEY or UNIQUE key value is already taken, with ' +
      'ERROR 1062 (23000) "Duplicate entry ... for key ..."; InnoDB rolls the whole statement back, so none of ' +
      'its rows are kept, and a migration tool stops there with the schema half migrated. Seed data and ' +
      'backfills written by hand hit this when a row is pasted twice, or when two values that look different ' +
      "are one value for the key: 'Alice' and 'alice' under a case-insensitive collation, 'e' and 'é' under an " +
      "accent-insensitive one, 'a' and 'a ' under PAD SPACE, '7' and 7 in an integer column, or two strings " +
      'that share the first n characters of a prefix key part. NULL never collides in a UNIQUE key. The rule ' +
      'compares the literal rows of INSERT statements (not IGNORE, not REPLACE, not ON DUPLICATE KEY UPDATE) ' +
      'on every unique key of the target table the schema model knows, across the statements of one file, ' +
      'up to 50,000 rows per file (option `maxRowsPerFile`; dumps beyond that come from tables that had the key). ' +
      'Sources: MySQL 8.0 manual 15.2.7 "INSERT Statement", 15.1.15 "CREATE INDEX Statement" (Unique ' +
      'Indexes, Column Prefix Key Parts), 10.8.5 and 10.3.1 (collations and trailing spaces), 17.7.2.4 ' +
      '"Locking Reads" / 17.21.5 "InnoDB Error Handling" (statement rollback on a duplicate-key error).',
    defaultSeverity: 'error',
    tags: ['dml', 'mysql', 'mariadb'],
    fix:
      'Remove the duplicate row or correct its key value. When the data legitimately repeats a key and the ' +
      'later row should win, write INSERT ... ON DUPLICATE KEY UPDATE (an explicit merge) rather than ' +
      'INSERT IGNORE (which hides every other error too). When values differ only in case, accents or ' +
      'trailing spaces, decide whether they are one entity; if not, the key needs a binary or case-sensitive ' +
      'collation.',
    equivalents: ['Liquibase loadData: none (fails at run time)', 'Flyway: none (fails at run time)'],
    examples: {
      invalid: [
        {
          description: 'The same email twice in one seed statement.',
          sql: "INSERT INTO users (id, email) VALUES (1, 'ann@example.com'), (2, 'bob@example.com'), (3, 'ann@example.com');",
          history: 'CREATE TABLE users (id BIGINT PRIMARY KEY, email VARCHAR(255) NOT NULL, UNIQUE KEY uk_email (email));',
        },
        {
          description: "Seed rows after the CREATE TABLE: 'Admin' and 'admin' are one value under a case-insensitive collation.",
          sql:
            'CREATE TABLE roles (id INT PRIMARY KEY, name VARCHAR(32) NOT NULL, UNIQUE KEY uk_name (name)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;\n' +
            "INSERT INTO roles (id, name) VALUES (1, 'Admin');\n" +
            "INSERT INTO roles (id, name) VALUES (2, 'admin');",
        },
        {
          description: "The primary key value 7 given as a string and as a number.",
          sql: "INSERT INTO codes (code, label) VALUES ('7', 'seven'), (7, 'sieben');",
          history: 'CREATE TABLE codes (code INT PRIMARY KEY, label VARCHAR(32));',
        },
      ],
      valid: [
        {
          description: 'NULL never collides in a UNIQUE key.',
          sql: "INSERT INTO users (id, email) VALUES (1, NULL), (2, NULL);",
          history: 'CREATE TABLE users (id BIGINT PRIMARY KEY, email VARCHAR(255) NULL, UNIQUE KEY uk_email (email));',
        },
        {
          description: 'A binary collation tells letter case apart.',
          sql: "INSERT INTO tags (id, label) VALUES (1, 'Go'), (2, 'GO');",
          history: 'CREATE TABLE tags (id INT PRIMARY KEY, label VARCHAR(32) COLLATE utf8mb4_bin NOT NULL, UNIQUE KEY uk_label (label));',
        },
        {
          description: 'ON DUPLICATE KEY UPDATE states what a repeated key does.',
          sql: "INSERT INTO users (id, email) VALUES (1, 'a@example.com'), (1, 'b@example.com') ON DUPLICATE KEY UPDATE email = VALUES(email);",
          history: 'CREATE TABLE users (id BIGINT PRIMARY KEY, email VARCHAR(255) NOT NULL);',
        },
        {
          description: 'AUTO_INCREMENT ids left to the server never collide.',
          sql: "INSERT INTO notes (id, body) VALUES (NULL, 'a'), (NULL, 'b'), (0, 'c');",
          history: 'CREATE TABLE notes (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, body TEXT);',
        },
      ],
    },
  },
  check(context) {
    trackSqlMode(context);
    const { ir, unit } = context.statement;
    const memory = unit.origin === 'top-level' ? memoryOf(context) : undefined;
    if (memory) for (const name of tablesChangedBy(ir)) memory.tables.delete(tableKey(name));
    if (ir.kind !== 'insert' || !ir.rows || (ir.source !== 'values' && ir.source !== 'set')) return;
    const table = context.schema.getTable(ir.table);
    if (!table || table.partial || table.uniqueKeys.length === 0) return;
    const insertColumns = ir.columns ?? table.columns.map((column) => column.name);
    const keys = checkedKeys(table, insertColumns);
    if (keys.length === 0) {
      if (memory) memory.tables.delete(tableKey(ir.table));
      return;
    }
    const budget = typeof context.options?.maxRowsPerFile === 'number' ? context.options.maxRowsPerFile : DEFAULT_ROWS_PER_FILE;
    const alreadyRead = memory?.rowsRead ?? 0;
    if (alreadyRead + ir.rows.count > budget) {
      // Not compared: forget the table so that later statements are not compared with a partial picture.
      if (memory) memory.tables.delete(tableKey(ir.table));
      return;
    }
    if (memory) memory.rowsRead += ir.rows.count;
    const checking = ir.verb === 'insert' && !ir.ignore && !ir.onDuplicateKeyUpdate;
    const remembered = memory?.tables.get(tableKey(ir.table)) ?? new Map<string, Map<string, Origin>>();
    const statementLine = unit.range.start.line;
    const zeroIsValue = noAutoValueOnZero(context);
    const seenHere = new Map<string, Map<string, Origin>>();
    for (const checked of keys) seenHere.set(checked.key.name, new Map());
    // Live mode: the literal values are also checked against the rows an existing table holds.
    const live = context.live && checking && table.origin === 'database' ? new LiveInsertedValues(keys) : undefined;
    let first: Collision | undefined;
    let collisions = 0;
    let rowNumber = 0;
    for (const row of ir.rows.read()) {
      rowNumber++;
      if (row.length !== insertColumns.length) continue;
      live?.add(row, zeroIsValue);
      let collided = false;
      for (const checked of keys) {
        const value = rowKey(checked, row, zeroIsValue);
        if (!value) continue;
        const here = seenHere.get(checked.key.name)!;
        const earlier = here.get(value.key) ?? remembered.get(checked.key.name)?.get(value.key);
        if (earlier && checking && !collided) {
          collided = true;
          collisions++;
          first ??= { checked, row: rowNumber, earlier, texts: value.texts, raw: value.raw };
        }
        if (!here.has(value.key)) here.set(value.key, { line: 0, row: rowNumber, texts: value.texts });
      }
    }
    // Rows whose values only the server can compare (expressions, hex literals) count too.
    const liveKeys = live?.liveKeys();
    const liveRows = live?.rows;
    if (first) report(context, ir.table, first, collisions, statementLine, liveKeys && liveKeys.length > 0 ? liveKeys : undefined, liveRows);
    else if (liveKeys && liveKeys.length > 0) reportLiveCandidate(context, ir.table, liveKeys, liveRows);
    if (!memory || memory.full) return;
    for (const [keyName, values] of seenHere) {
      let target = remembered.get(keyName);
      if (!target) {
        target = new Map();
        remembered.set(keyName, target);
      }
      for (const [key, origin] of values) {
        if (memory.size >= REMEMBERED_VALUES_LIMIT) {
          memory.full = true;
          break;
        }
        if (!target.has(key)) {
          target.set(key, { ...origin, line: statementLine });
          memory.size++;
        }
      }
    }
    memory.tables.set(tableKey(ir.table), remembered);
  },
});
