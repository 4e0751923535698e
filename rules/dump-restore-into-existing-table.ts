/**
 * dump-restore-into-existing-table: a mysqldump (or mariadb-dump) file inserts rows into a table
 * it neither drops nor creates, so restored onto a database that already holds the table's rows,
 * the first row whose key exists fails with ERROR 1062.
 */
import { defineRule, type RuleContext } from '../src/rule.js';
import type { StatementIR, TableName } from '../src/statement.js';
import type { TableState } from '../src/schema/types.js';
import { quoteTableName } from '../src/analysis/sql-text.js';
import { checkedKeys, LIVE_VALUES_LIMIT, LiveInsertedValues } from '../src/analysis/inserted-key-values.js';
import { noAutoValueOnZero, trackSqlMode } from '../src/analysis/sql-mode.js';

const ID = 'dump-restore-into-existing-table';

/** How far into the file the dump header is looked for (a licence comment may come first). */
const HEADER_WINDOW = 8192;

/**
 * The dump header mysqldump and mariadb-dump write on their first line (`-- MySQL dump 10.13
 * Distrib 8.0.36, for Linux (x86_64)`, `-- MariaDB dump 10.19-11.4.2-MariaDB, for debian-linux-gnu`).
 */
const DUMP_HEADER = /^-- (MySQL|MariaDB) dump \d+\.\d+/m;

interface DumpState {
  /** The dump tool's header line; undefined when the file is not a dump. */
  header?: string;
  /** Lower-case names of tables the file emptied (TRUNCATE, DELETE) or already reported. */
  settled: Set<string>;
  /** Lower-case names of tables the file drops. */
  dropped: Set<string>;
  /** Lower-case names of tables the file creates with CREATE TABLE IF NOT EXISTS and does not drop first. */
  keptIfExisting: Set<string>;
  /**
   * Live mode: per reported table, the rows the file inserts into it (all its INSERT statements,
   * up to the live check's limit), with the column list they were read with.
   */
  live: Map<string, { values: LiveInsertedValues; columns: string }>;
}

function tableKey(table: TableName): string {
  return `${table.schema?.toLowerCase() ?? ''}.${table.name.toLowerCase()}`;
}

function dumpState(context: RuleContext): DumpState | undefined {
  const store = context.fileState;
  if (store === undefined) return undefined;
  let state = store.get(ID) as DumpState | undefined;
  if (state === undefined) {
    const header = DUMP_HEADER.exec(context.fileText.slice(0, HEADER_WINDOW))?.[0];
    state = { settled: new Set(), dropped: new Set(), keptIfExisting: new Set(), live: new Map(), ...(header !== undefined ? { header } : {}) };
    store.set(ID, state);
  }
  return state;
}

/** The insert's column list as the rows give values, lower-case, or undefined when the table is unknown. */
function insertColumnsOf(ir: Extract<StatementIR, { kind: 'insert' }>, table: TableState): string[] {
  return ir.columns ?? table.columns.map((column) => column.name);
}

/**
 * Adds the statement's literal rows to the live check's values; stops, marking them truncated,
 * at the check's limit or when a later statement lists other columns than the first.
 */
function collectRows(context: RuleContext, ir: Extract<StatementIR, { kind: 'insert' }>, entry: { values: LiveInsertedValues; columns: string }, table: TableState): void {
  const { values } = entry;
  const columns = insertColumnsOf(ir, table);
  if (columns.map((name) => name.toLowerCase()).join(',') !== entry.columns || !ir.rows || (ir.source !== 'values' && ir.source !== 'set')) {
    values.rows.truncated = true;
    return;
  }
  const zeroIsValue = noAutoValueOnZero(context);
  for (const row of ir.rows.read()) {
    if (values.rows.rows.length >= LIVE_VALUES_LIMIT) {
      values.rows.truncated = true;
      return;
    }
    if (row.length === columns.length) values.add(row, zeroIsValue);
  }
}

export default defineRule({
  meta: {
    id: ID,
    summary: 'A mysqldump file inserts rows into a table it neither drops nor creates, so restoring it onto a database that holds the table\'s rows fails with ERROR 1062.',
    rationale:
      'By default mysqldump writes DROP TABLE IF EXISTS and CREATE TABLE before the INSERT statements of each ' +
      'table, so a restore replaces the table. Dumps made with --no-create-info (-t, data only) or ' +
      '--skip-add-drop-table keep plain INSERT statements (mysqldump writes INSERT IGNORE only with ' +
      '--insert-ignore and REPLACE only with --replace) into a table the restore does not recreate. Restored ' +
      'onto a database where that table already holds rows (a refresh of staging, a second run of a seed ' +
      'dump, a partial restore after a failure), the first dumped row whose PRIMARY KEY or UNIQUE key value ' +
      'exists stops the restore with ERROR 1062, part-way through the file. uniqlint recognises a dump by the ' +
      'header line mysqldump and mariadb-dump write (`-- MySQL dump 10.13 ...`, `-- MariaDB dump ...`). ' +
      'In live mode the dump\'s literal rows (every INSERT of the table in the file, up to 5,000 rows) are checked against the ' +
      'rows the target table holds, as duplicate-key-in-inserted-rows checks its rows: `fails` with the colliding values, ' +
      '`passes` when none of them is there, `unknown` when not every row was compared. A dump\'s own `AUTO_INCREMENT=` below ' +
      'the ids it loads is harmless (the server raises the counter past every row it inserts); a target counter that is ' +
      'already not above the table\'s rows is auto-increment-drift\'s finding, at the dump\'s first INSERT. ' +
      'Sources: MySQL 8.0 manual 6.5.4 "mysqldump — A Database Backup Program" (--add-drop-table, ' +
      '--no-create-info, --insert-ignore, --replace); MariaDB knowledge base "mariadb-dump".',
    defaultSeverity: 'warning',
    tags: ['dml', 'mysql', 'mariadb'],
    fix:
      'Restore data-only dumps into empty tables only (TRUNCATE them first, in the same script), or make the ' +
      'dump state what a duplicate does: `mysqldump --no-create-info --replace` (the dumped row wins) or ' +
      '`--insert-ignore` (the existing row wins). For a full restore, dump with the default --add-drop-table.',
    equivalents: [],
    examples: {
      invalid: [
        {
          description: 'A data-only dump (mysqldump --no-create-info).',
          sql:
            '-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n' +
            '--\n-- Host: localhost    Database: app\n' +
            '-- ------------------------------------------------------\n' +
            'LOCK TABLES `users` WRITE;\n' +
            "INSERT INTO `users` VALUES (1,'ann@example.com'),(2,'bob@example.com');\n" +
            'UNLOCK TABLES;\n',
        },
        {
          description: 'CREATE TABLE IF NOT EXISTS without DROP TABLE keeps an existing table and its rows.',
          sql:
            '-- MariaDB dump 10.19-11.4.2-MariaDB, for debian-linux-gnu (x86_64)\n' +
            'CREATE TABLE IF NOT EXISTS `users` (`id` int NOT NULL, `email` varchar(255) NOT NULL, PRIMARY KEY (`id`));\n' +
            "INSERT INTO `users` VALUES (1,'ann@example.com');\n",
        },
      ],
      valid: [
        {
          description: 'The default dump drops and recreates the table before its rows.',
          sql:
            '-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n' +
            'DROP TABLE IF EXISTS `users`;\n' +
            'CREATE TABLE `users` (`id` int NOT NULL, `email` varchar(255) NOT NULL, PRIMARY KEY (`id`));\n' +
            "INSERT INTO `users` VALUES (1,'ann@example.com'),(2,'bob@example.com');\n",
        },
        {
          description: 'A data-only dump made with --replace states that the dumped row wins.',
          sql:
            '-- MariaDB dump 10.19-11.4.2-MariaDB, for debian-linux-gnu (x86_64)\n' +
            "REPLACE INTO `users` VALUES (1,'ann@example.com'),(2,'bob@example.com');\n",
        },
        {
          description: 'A migration that is not a dump is left to the other rules.',
          sql: "INSERT INTO `users` VALUES (1,'ann@example.com');\n",
        },
      ],
    },
  },
  check(context) {
    trackSqlMode(context);
    const ir = context.statement.ir;
    if (ir.kind !== 'insert' && ir.kind !== 'truncate' && ir.kind !== 'delete' && ir.kind !== 'drop-table' && ir.kind !== 'create-table') return;
    if (context.statement.unit.origin !== 'top-level') return;
    const state = dumpState(context);
    if (state?.header === undefined) return;
    if (ir.kind === 'drop-table') {
      for (const table of ir.tables) state.dropped.add(tableKey(table));
      return;
    }
    if (ir.kind === 'create-table') {
      if (ir.ifNotExists && !state.dropped.has(tableKey(ir.table))) state.keptIfExisting.add(tableKey(ir.table));
      return;
    }
    if (ir.kind === 'truncate') {
      state.settled.add(tableKey(ir.table));
      return;
    }
    if (ir.kind === 'delete') {
      for (const table of ir.tables) state.settled.add(tableKey(table));
      return;
    }
    if (ir.verb !== 'insert' || ir.ignore || ir.onDuplicateKeyUpdate) return;
    const key = tableKey(ir.table);
    const table = context.schema.getTable(ir.table);
    if (state.settled.has(key)) {
      const collected = state.live.get(key);
      if (collected && table) collectRows(context, ir, collected, table);
      return;
    }
    state.settled.add(key);
    const keptIfExisting = state.keptIfExisting.has(key);
    if (table?.createdInDeployment && !keptIfExisting) return;
    // A table known to have no PRIMARY KEY or UNIQUE key takes the rows again without an error.
    if (table !== undefined && !table.partial && table.uniqueKeys.length === 0) return;
    const target = quoteTableName(ir.table);
    // Live mode: the dumped rows are checked against the rows the table holds (src/live/insert-probes.ts).
    let live: LiveInsertedValues | undefined;
    if (context.live && table && !table.partial && table.origin === 'database' && ir.rows && (ir.source === 'values' || ir.source === 'set')) {
      const keys = checkedKeys(table, insertColumnsOf(ir, table));
      if (keys.length > 0) {
        live = new LiveInsertedValues(keys);
        const entry = { values: live, columns: insertColumnsOf(ir, table).map((name) => name.toLowerCase()).join(',') };
        state.live.set(key, entry);
        collectRows(context, ir, entry, table);
      }
    }
    context.report({
      message: `this dump inserts into ${target} without ${keptIfExisting ? 'DROP TABLE before its CREATE TABLE IF NOT EXISTS' : 'DROP TABLE or CREATE TABLE for it'}: restored onto a database where ${target} holds rows, it fails with ERROR 1062`,
      notes: [
        `the file is a dump (${state.header.slice(3)}) made without the table's DROP TABLE and CREATE TABLE (mysqldump --no-create-info or --skip-add-drop-table), so its plain INSERT adds to whatever ${target} holds; the first dumped row whose key value exists stops the restore part-way through`,
      ],
      help: [
        `restore it only into an empty ${target} (TRUNCATE it first), or dump with --replace (the dumped row wins) or --insert-ignore (the existing row wins), or with the default --add-drop-table for a full restore`,
      ],
      data: {
        table: ir.table,
        dumpHeader: state.header,
        ...(keptIfExisting ? { keptIfExisting: true } : {}),
        ...(live ? { liveKeys: live.keys, liveRows: live.rows } : {}),
      },
    });
  },
});
