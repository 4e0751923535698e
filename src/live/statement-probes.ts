/**
 * Live checks of statements that fail for reasons other than a new unique key: run after linting
 * on the diagnostics of these rules (src/live/run-live.ts `attach`):
 *
 * - `update-unique-key`: the server evaluates the UPDATE's SET expressions and WHERE over the
 *   current rows and stores the new key values in a scratch TEMPORARY table (so they convert as
 *   the UPDATE stores them, under the file's sql_mode), next to the rows the UPDATE leaves alone;
 *   a GROUP BY over the new values finds rows that end up equal (ERROR 1062, whatever the order
 *   of the updates), and a join with the table finds an updated row that takes the current value
 *   of another updated row (the server checks row by row, so that fails or not depending on the
 *   order the rows are updated in: MySQL 8.0 manual 15.2.17 "UPDATE Statement"), except when two updated rows exchange
 *   their values, which fails in either order.
 * - `second-auto-increment-column`: ERROR 1075 follows from the table's definition (read from
 *   the target in live mode); no query.
 * - `drop-unique-key-column`: on MariaDB ERROR 1072 follows from the definition (verified on
 *   MariaDB 10.11, any rows, ALTER IGNORE too); on MySQL the key shrinks to its remaining columns
 *   (MySQL 8.0 manual 15.1.9, "ALTER TABLE": dropped columns are removed from the indexes that
 *   hold them), and the unique-key probe groups the rows by those columns.
 * - `add-auto-increment-over-rows`: the row count against the number of values the new column's
 *   type gives the existing rows (module `autoIncrementCapacity`).
 *
 * Every query goes through `LiveSession` (SELECT only, bounded; the scratch tables of this
 * session). A timeout, a missing privilege or a server error gives `unknown` with the reason;
 * nothing here throws for server-side problems.
 */
import type { Diagnostic } from '../diagnostic.js';
import type { TableName } from '../statement.js';
import type { UpdateParts } from '../analysis/update-parts.js';
import { probeUniqueKey, type ProbeOptions } from './duplicate-probe.js';
import { callsOnlyBuiltins, invisibleTriggersNote, reasonOf, rowTriggers, SCRATCH_REFUSED, repeatedValues, scratchLayout, storingFailure, triggeredUnknown, UNSAFE_SELECT, type InsertProbeOutcome } from './insert-probes.js';
import { LivePrivilegeError, quoteIdentifier, type LiveSession, type ScratchSettings } from './session.js';
import type { ServerFlavor } from './connection.js';

/** The rules this module checks. */
export const STATEMENT_PROBE_RULES = new Set(['update-unique-key', 'second-auto-increment-column', 'drop-unique-key-column', 'add-auto-increment-over-rows']);

/** What the caller knows about the rows the statement meets. */
export interface StatementProbeContext {
  /** Set when an earlier statement of the linted files creates or renames the table: the database does not hold it as the statement meets it. */
  absent?: string;
  /** Set when an earlier statement of the linted files changes the table's rows. */
  stale?: string;
  /** The file's sql_mode and time_zone. */
  settings: ScratchSettings;
  /** The same, as unique-key probe options. */
  options: ProbeOptions;
}

function unknown(reason: string, query?: string): InsertProbeOutcome {
  return { evidence: { verdict: 'unknown', reason, ...(query ? { query } : {}) } };
}

function fails(reason: string, extra: Partial<InsertProbeOutcome['evidence']> = {}): InsertProbeOutcome {
  return { evidence: { verdict: 'fails', reason, ...extra }, severity: 'error' };
}

/**
 * Runs the live check for `diagnostic` (one of `STATEMENT_PROBE_RULES`). Returns undefined when
 * the diagnostic carries no data to check. Never throws.
 */
export async function probeStatementDiagnostic(session: LiveSession, diagnostic: Diagnostic, context: StatementProbeContext): Promise<InsertProbeOutcome | undefined> {
  const data = diagnostic.data;
  const table = data?.table as TableName | undefined;
  if (!data || !table || typeof table.name !== 'string') return undefined;
  const started = Date.now();
  let outcome: InsertProbeOutcome | undefined;
  try {
    switch (diagnostic.ruleId) {
      case 'second-auto-increment-column':
        outcome = fails(
          `the table already has the AUTO_INCREMENT column \`${String(data.existing)}\`${context.absent ? ' (as the linted files define it)' : ' (its definition on the target)'}: ERROR 1075 comes before any row is read`,
        );
        break;
      case 'drop-unique-key-column':
        outcome = await droppedKeyColumn(session, table, data, context);
        break;
      case 'add-auto-increment-over-rows':
        outcome = await autoIncrementOverRows(session, table, data, context);
        break;
      case 'update-unique-key':
        outcome = await updatedKeys(session, table, data, context);
        break;
      default:
        return undefined;
    }
  } catch (error) {
    outcome = unknown(reasonOf(error));
  }
  if (outcome) outcome.evidence.elapsedMs = Date.now() - started;
  return outcome;
}

// ---------------------------------------------------------------------------------------------
// drop-unique-key-column
// ---------------------------------------------------------------------------------------------

async function droppedKeyColumn(session: LiveSession, table: TableName, data: Record<string, unknown>, context: StatementProbeContext): Promise<InsertProbeOutcome> {
  const dropped = (data.dropped as string[] | undefined) ?? [];
  const key = data.key as { name: string; primary: boolean } | undefined;
  const parts = (data.keyParts as { column: string; prefixLength?: number }[] | undefined) ?? [];
  if (!key || parts.length === 0) return unknown('not checked: the key is not known');
  if (session.server.flavor === 'mariadb') {
    return fails(`MariaDB refuses to drop \`${dropped[0] ?? '?'}\`, a column of the multi-column key \`${key.name}\`: ERROR 1072 (Key column '${dropped[0] ?? '?'}' doesn't exist in table), whatever the rows`);
  }
  if (context.absent) return unknown(`not checked: ${context.absent}`);
  const result = await probeUniqueKey(session, { table, keyName: key.name, primary: key.primary, parts: parts.map((part) => ({ ...part })) }, context.options);
  const evidence = { ...result.evidence };
  const shrunk = `the key shrinks to (${parts.map((part) => `\`${part.column}\``).join(', ')}) once \`${dropped.join('`, `')}\` is dropped`;
  evidence.reason = `${shrunk}; ${evidence.reason ?? ''}`.replace(/; $/, '');
  if (context.stale && evidence.verdict !== 'unknown') {
    return unknown(`${evidence.reason} now, but ${context.stale}`, evidence.query);
  }
  return { evidence, ...(evidence.verdict === 'fails' ? { severity: 'error' as const } : evidence.verdict === 'passes' ? { severity: 'info' as const } : {}) };
}

// ---------------------------------------------------------------------------------------------
// add-auto-increment-over-rows
// ---------------------------------------------------------------------------------------------

/**
 * How many existing rows `ALTER TABLE ... ADD COLUMN c <type> AUTO_INCREMENT` numbers without
 * failing, with `auto_increment_increment = 1`:
 * - MariaDB, InnoDB: the maximum + 2 (signed: 1..max, then the minimum, then -1, and the next
 *   row repeats -1) or the maximum + 1 (UNSIGNED: 1..max, then 0, and the next row repeats the
 *   maximum), ERROR 1062 beyond; verified on MariaDB 10.11 (TINYINT, TINYINT UNSIGNED, SMALLINT)
 *   in strict and non-strict sql_mode.
 * - MariaDB, other engines: the maximum; error 167 "Out of range value" beyond (verified on
 *   MariaDB 10.11 with MyISAM, Aria and MEMORY).
 * - MySQL: the maximum; the counter stops there and the next row repeats it, ERROR 1062 (MySQL
 *   8.0 manual 5.6.9 "Using AUTO_INCREMENT"; modelled, not verified on a server).
 */
export function autoIncrementCapacity(flavor: ServerFlavor, engine: string, maximum: bigint, unsigned: boolean): { rows: bigint; error: string } {
  if (flavor === 'mariadb' && engine.toLowerCase() === 'innodb') {
    return { rows: unsigned ? maximum + 1n : maximum + 2n, error: `ERROR 1062 (Duplicate entry '${unsigned ? maximum : -1}')` };
  }
  if (flavor === 'mariadb') return { rows: maximum, error: 'error 167 (Out of range value for column)' };
  return { rows: maximum, error: `ERROR 1062 (Duplicate entry '${maximum}')` };
}

async function autoIncrementOverRows(session: LiveSession, table: TableName, data: Record<string, unknown>, context: StatementProbeContext): Promise<InsertProbeOutcome> {
  if (context.absent) return unknown(`not checked: ${context.absent}`);
  const maximumText = typeof data.maximum === 'string' ? data.maximum : '';
  if (!/^\d+$/.test(maximumText)) return unknown('not checked: the type of the column is not known');
  const maximum = BigInt(maximumText);
  const unsigned = data.unsigned === true;
  const startText = typeof data.start === 'string' ? data.start : '1';
  if (!/^\d+$/.test(startText)) return unknown('not checked: the AUTO_INCREMENT table option is not a plain number');
  const start = BigInt(startText);
  if (start > maximum) return unknown(`not checked: the AUTO_INCREMENT table option ${start} is above the maximum of the column's type`);
  if (session.server.autoIncrementIncrement !== 1) {
    return unknown(`not checked: auto_increment_increment is ${session.server.autoIncrementIncrement} on the server, so the new column's values are not 1, 2, 3, ...`);
  }
  return session.readSnapshot(async () => {
    const engines = await session.select('SELECT ENGINE AS engine FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?', [table.schema ?? session.database, table.name]);
    const engine = String(engines[0]?.engine ?? '');
    if (engine === '') return unknown('not checked: the table\'s storage engine could not be read');
    const numbered = autoIncrementCapacity(session.server.flavor, engine, maximum, unsigned);
    // Numbered from `AUTO_INCREMENT = N` (the same ALTER's table option), the column gives N - 1 values fewer.
    const capacity = start > 1n ? { ...numbered, rows: numbered.rows > start - 1n ? numbered.rows - (start - 1n) : 0n } : numbered;
    const query = `SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${session.qualify(table)} LIMIT ${capacity.rows + 1n}) AS uniqlint_rows`;
    const rows = await session.select(query);
    const count = BigInt(String(rows[0]?.n ?? 0));
    const type = `${String(data.typeName)}${unsigned ? ' UNSIGNED' : ''}`;
    if (count > capacity.rows) {
      const reason = `the table holds more than ${capacity.rows} rows, more than a ${type} AUTO_INCREMENT column${start > 1n ? ` starting at ${start}` : ''} numbers on ${session.server.flavor === 'mariadb' ? `MariaDB (${engine})` : 'MySQL'}: the ALTER fails with ${capacity.error}`;
      if (context.stale) return unknown(`${reason} now, but ${context.stale}`, query);
      return fails(reason, { query });
    }
    const reason = `the table holds ${count} rows, and a ${type} AUTO_INCREMENT column${start > 1n ? ` starting at ${start}` : ''} numbers up to ${capacity.rows} on ${session.server.flavor === 'mariadb' ? `MariaDB (${engine})` : 'MySQL'}`;
    if (context.stale) return unknown(`${reason} now, but ${context.stale}`, query);
    return { evidence: { verdict: 'passes', query, reason }, severity: 'info' };
  });
}

// ---------------------------------------------------------------------------------------------
// update-unique-key
// ---------------------------------------------------------------------------------------------

interface KeyData {
  name: string;
  primary: boolean;
  parts: { column: string; prefixLength?: number }[];
}

/** True when the SQL text may be evaluated in a SELECT: built-in functions only, no variables, locks or side effects. */
function readOnlyText(text: string): boolean {
  const outsideStrings = text.replace(/'(?:[^'\\]|''|\\.)*'|"(?:[^"\\]|""|\\.)*"/g, "''");
  if (/[@;]/.test(outsideStrings) || /\bSELECT\b/i.test(outsideStrings)) return false;
  return !UNSAFE_SELECT.test(text) && callsOnlyBuiltins(text);
}

/** The word tokens of an expression outside strings (column references among them), lower case. */
function wordsOf(text: string): Set<string> {
  const outsideStrings = text.replace(/'(?:[^'\\]|''|\\.)*'|"(?:[^"\\]|""|\\.)*"/g, "''");
  return new Set([...outsideStrings.matchAll(/`((?:[^`]|``)+)`|([A-Za-z_][A-Za-z0-9_$]*)/g)].map((match) => (match[1] ?? match[2]!).replace(/``/g, '`').toLowerCase()));
}

/**
 * The UPDATE's ORDER BY as plain columns with their directions, when it orders the updated rows
 * completely: every column is one of the PRIMARY KEY's (NOT NULL) and together they cover it.
 * Undefined otherwise (no ORDER BY, an expression, a column outside the primary key).
 */
export function totalOrder(orderBy: string | undefined, primaryKey: readonly string[] | undefined): { column: string; descending: boolean }[] | undefined {
  if (orderBy === undefined || !primaryKey || primaryKey.length === 0) return undefined;
  const items: { column: string; descending: boolean }[] = [];
  for (const item of orderBy.split(',')) {
    const match = /^\s*(?:(?:`(?:[^`]|``)+`|[A-Za-z_][\w$]*)\s*\.\s*)?(`(?:[^`]|``)+`|[A-Za-z_][\w$]*)\s*(ASC|DESC)?\s*$/i.exec(item);
    if (!match) return undefined;
    const column = match[1]!.startsWith('`') ? match[1]!.slice(1, -1).replace(/``/g, '`') : match[1]!;
    items.push({ column, descending: /^desc$/i.test(match[2] ?? '') });
  }
  const key = primaryKey.map((column) => column.toLowerCase());
  if (!items.every((item) => key.includes(item.column.toLowerCase()))) return undefined;
  if (!key.every((column) => items.some((item) => item.column.toLowerCase() === column))) return undefined;
  return items;
}

/**
 * The sql_mode flag of `sqlMode` that would make `texts` read differently from the check's own
 * session (MySQL 8.0 manual 5.1.11 "Server SQL Modes"): ANSI_QUOTES (a `"` quotes an
 * identifier), NO_BACKSLASH_ESCAPES (a `\` is a plain character), PIPES_AS_CONCAT (`||`
 * concatenates), HIGH_NOT_PRECEDENCE (`NOT a BETWEEN ...`), IGNORE_SPACE (a function name before a
 * space); the combination modes (ANSI, ORACLE, MSSQL, DB2, POSTGRESQL, MAXDB) count as holding
 * all of them. Undefined when no flag applies to the texts.
 */
export function textModeConflict(sqlMode: string, texts: string[]): string | undefined {
  const modes = new Set(sqlMode.toUpperCase().split(',').map((mode) => mode.trim()));
  const combined = ['ANSI', 'ORACLE', 'MSSQL', 'DB2', 'POSTGRESQL', 'MAXDB'].find((mode) => modes.has(mode));
  const has = (mode: string): string | undefined => (modes.has(mode) ? mode : combined !== undefined ? `${combined} (${mode})` : undefined);
  const text = texts.join('\n');
  if (text.includes('"')) return has('ANSI_QUOTES');
  if (text.includes('\\')) return has('NO_BACKSLASH_ESCAPES');
  if (text.includes('||')) return has('PIPES_AS_CONCAT');
  if (/\bNOT\b/i.test(text) && modes.has('HIGH_NOT_PRECEDENCE')) return 'HIGH_NOT_PRECEDENCE';
  if (/[A-Za-z_]\s+\(/.test(text)) return has('IGNORE_SPACE');
  return undefined;
}

function prefixed(expression: string, prefixLength: number | undefined): string {
  return prefixLength !== undefined && Number.isInteger(prefixLength) && prefixLength > 0 ? `LEFT(${expression}, ${prefixLength})` : expression;
}

async function updatedKeys(session: LiveSession, table: TableName, data: Record<string, unknown>, context: StatementProbeContext): Promise<InsertProbeOutcome> {
  const update = data.update as UpdateParts | undefined;
  const keys = ((data.keys as KeyData[] | undefined) ?? []).filter((key) => key.parts.every((part) => part.column !== ''));
  if (!update) return unknown('not checked: the UPDATE could not be taken apart into its assignments and WHERE');
  if (update.multiTable) return unknown('not checked: a multi-table UPDATE is not evaluated');
  if (data.origin === 'program-body') return unknown('not checked: the UPDATE is in the body of a stored program or trigger, which runs over the rows of its own time, with its own variables');
  if (data.origin === 'dynamic-sql') return unknown('not checked: the UPDATE is prepared SQL, whose text and parameters are those of its EXECUTE');
  if (context.absent) return unknown(`not checked: ${context.absent}`);
  if (keys.length === 0) return unknown('not checked: the key has a functional key part');
  const assignments = new Map(update.assignments.map((assignment) => [assignment.column.toLowerCase(), assignment]));
  const columns = [...new Set(keys.flatMap((key) => key.parts.map((part) => part.column.toLowerCase())))];
  // Assignments run left to right: an expression that reads a column assigned before it sees the new value.
  const order = update.assignments.map((assignment) => assignment.column.toLowerCase());
  for (const column of columns) {
    const assignment = assignments.get(column);
    if (!assignment) continue;
    if (!readOnlyText(assignment.expression)) return unknown(`not checked: the value assigned to \`${assignment.column}\` calls a function that is not a deterministic built-in, or reads a variable or a subquery`);
    const earlier = new Set(order.slice(0, order.indexOf(column)));
    if ([...wordsOf(assignment.expression)].some((word) => earlier.has(word))) {
      return unknown(`not checked: the value assigned to \`${assignment.column}\` reads a column the same SET assigns before it, so it sees that column's new value`);
    }
  }
  for (const clause of [update.where, update.orderBy]) {
    if (clause !== undefined && !readOnlyText(clause)) return unknown('not checked: the WHERE or ORDER BY calls a function that is not a deterministic built-in, or reads a variable or a subquery');
  }
  const misread = textModeConflict(context.settings.sqlMode, [...update.assignments.map((assignment) => assignment.expression), update.where ?? '', update.orderBy ?? '']);
  if (misread) return unknown(`not checked: the file's sql_mode has ${misread}, which changes how the UPDATE's text reads, and the check's own queries read it without`);
  const reference = quoteIdentifier(update.alias ?? table.name);
  const from = `${session.qualify(table)} AS ${reference}`;
  // A line comment may end the clause text: the closing parenthesis goes on a line of its own.
  const where = update.where !== undefined ? `(${update.where}\n)` : undefined;

  const fired = await rowTriggers(session, table, 'UPDATE');
  if (fired.triggers.length > 0) return triggeredUnknown(fired.triggers, 'updated');
  const hidden = fired.visible ? '' : invisibleTriggersNote('BEFORE UPDATE');

  if (update.hasLimit) {
    const counted = await session.readSnapshot(() => session.select(`SELECT COUNT(*) AS n FROM ${from}${where ? ` WHERE ${where}` : ''}`));
    const matching = Number(counted[0]?.n ?? 0);
    if (update.limit === undefined || matching > update.limit) {
      return unknown(`not checked: the LIMIT chooses which ${update.limit ?? 'N'} of the ${matching} matching rows are updated`);
    }
  }

  try {
    return await session.withScratchTables(async (scratch) => {
      // Scratch columns: k0..k(n-1) the new key values, k(n)..k(2n-1) the current ones, and the updated flag.
      // With an ORDER BY over the primary key the rows are updated in a known order; its columns are kept too.
      const order = totalOrder(update.orderBy, data.primaryKey as string[] | undefined);
      const orderColumns = (order ?? []).map((item) => item.column.toLowerCase());
      const layout = await scratchLayout(session, table, [...columns, ...columns, ...orderColumns]);
      if (!layout) return unknown('not checked: a key column\'s definition could not be read from information_schema.COLUMNS');
      const generated = await session.select(
        "SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND (GENERATION_EXPRESSION IS NOT NULL AND GENERATION_EXPRESSION <> '' OR EXTRA LIKE '%on update%')",
        [table.schema ?? session.database, table.name],
      );
      const special = generated.map((row) => String(row.name).toLowerCase()).filter((name) => columns.includes(name));
      if (special.length > 0) return unknown(`not checked: key column \`${special[0]}\` is generated or set ON UPDATE, so the server computes its new value`);
      const n = columns.length;
      const newColumn = (index: number): string => quoteIdentifier(`k${index}`);
      const oldColumn = (index: number): string => quoteIdentifier(`k${n + index}`);
      const flag = quoteIdentifier('uniqlint_updated');
      const scratchTable = await scratch.create([...layout.definitions, `${flag} TINYINT NOT NULL`]);
      const orderColumn = (index: number): string => quoteIdentifier(`k${2 * n + index}`);
      const targets = [...columns.map((_, index) => newColumn(index)), ...columns.map((_, index) => oldColumn(index)), ...orderColumns.map((_, index) => orderColumn(index)), flag];
      const current = columns.map((column) => `${reference}.${quoteIdentifier(column)}`);
      const ordering = orderColumns.map((column) => `${reference}.${quoteIdentifier(column)}`);
      const assigned = columns.map((column, index) => {
        const assignment = assignments.get(column);
        if (!assignment) return current[index]!;
        // `SET col = DEFAULT` is no expression a SELECT takes; DEFAULT(col) is the same value.
        if (/^DEFAULT$/i.test(assignment.expression.trim())) return `DEFAULT(${current[index]!})`;
        return `(${assignment.expression}\n)`;
      });
      const updatedSelect = `SELECT ${[...assigned, ...current, ...ordering, '1'].join(', ')} FROM ${from}${where ? ` WHERE ${where}` : ''}`;
      const insert = `INSERT INTO ${scratchTable} (${targets.join(', ')}) ${updatedSelect}`;
      try {
        await scratch.fill(scratchTable, targets, updatedSelect, context.settings);
      } catch (error) {
        const failed = storingFailure(error, insert, 'the updated values', columns, context.settings);
        failed.evidence.reason = failed.evidence.reason?.replace("the server's own storing of the updated values", 'the server\'s own storing of the values the UPDATE assigns');
        return context.stale ? unknown(`${failed.evidence.reason} now, but ${context.stale}`, insert) : failed;
      }
      // Under the file's sql_mode too: the WHERE's own conversions (a string compared with a number) are warnings there, as in the UPDATE.
      if (where) await scratch.fill(scratchTable, targets, `SELECT ${[...current, ...current, ...ordering, '0'].join(', ')} FROM ${from} WHERE ${where} IS NOT TRUE`, context.settings);
      // "the table's row comes after the scratch row in the UPDATE's order", lexicographically over the ORDER BY.
      const after = order
        ? `(${order
            .map((item, i) =>
              [...order.slice(0, i).map((earlier, j) => `${ordering[j]} = s.${orderColumn(j)}`), `${ordering[i]} ${item.descending ? '<' : '>'} s.${orderColumn(i)}`].join(' AND '),
            )
            .map((term) => `(${term})`)
            .join(' OR ')})`
        : undefined;

      const samples: { values: unknown[]; count: number }[] = [];
      const collided: string[] = [];
      const shifted: string[] = [];
      let query = insert;
      for (const key of keys) {
        const label = key.primary ? 'the PRIMARY KEY' : `\`${key.name}\``;
        const indexes = key.parts.map((part) => columns.indexOf(part.column.toLowerCase()));
        const mine = key.parts.map((part, i) => prefixed(`s.${newColumn(indexes[i]!)}`, part.prefixLength));
        const before = key.parts.map((part, i) => prefixed(`s.${oldColumn(indexes[i]!)}`, part.prefixLength));
        const theirs = key.parts.map((part) => prefixed(`${reference}.${quoteIdentifier(part.column)}`, part.prefixLength));
        const notNull = mine.map((expression) => `${expression} IS NOT NULL`).join(' AND ');
        const repeated = await repeatedValues(session, `${scratchTable} AS s`, mine, notNull, samples);
        query = repeated.query;
        if (repeated.groups > 0) {
          collided.push(label);
          continue;
        }
        // An updated row whose new value another updated row holds now: the row-by-row check decides by the order.
        const changed = `NOT (${mine.map((expression, i) => `${expression} <=> ${before[i]}`).join(' AND ')})`;
        const join = mine.map((expression, i) => `${expression} = ${theirs[i]}`).join(' AND ');
        query = `SELECT ${mine.join(', ')} FROM ${scratchTable} AS s JOIN ${from} ON ${join} WHERE s.${flag} = 1 AND ${changed}${where ? ` AND ${where}` : ''}${after ? ` AND ${after}` : ''} LIMIT 1`;
        const taken = await session.select(query);
        if (taken.length > 0) shifted.push(label);
      }
      if (collided.length > 0) {
        const reason = `evaluated by the server over the current rows, the UPDATE gives two or more rows the same value of ${collided.join(', ')}: it fails with ERROR 1062 whatever the order of the updates`;
        if (context.stale) return unknown(`${reason} now, but ${context.stale}`, query);
        return fails(reason, { duplicateGroups: samples.length, samples, query });
      }
      if (shifted.length > 0 && order) {
        const reason = `the UPDATE's ORDER BY writes a row's new value of ${shifted.join(', ')} while a row it updates later still holds that value: the server checks the key row by row, so it fails with ERROR 1062`;
        if (context.stale) return unknown(`${reason} now, but ${context.stale}`, query);
        return fails(reason, { query });
      }
      if (shifted.length > 0) {
        // Two updated rows that exchange their values fail in either order: whichever is updated first takes the value the other still holds.
        // (A copy of the scratch table: MySQL cannot open one temporary table twice in a query.)
        const mirror = await scratch.create([...layout.definitions, `${flag} TINYINT NOT NULL`]);
        await scratch.fill(mirror, targets, `SELECT ${targets.join(', ')} FROM ${scratchTable} WHERE ${flag} = 1`);
        const exchanged: string[] = [];
        for (const key of keys) {
          const label = key.primary ? 'the PRIMARY KEY' : `\`${key.name}\``;
          if (!shifted.includes(label)) continue;
          const indexes = key.parts.map((part) => columns.indexOf(part.column.toLowerCase()));
          const value = (alias: string, column: (index: number) => string) => key.parts.map((part, i) => prefixed(`${alias}.${column(indexes[i]!)}`, part.prefixLength));
          const [mineNew, mineOld, otherNew, otherOld] = [value('s', newColumn), value('s', oldColumn), value('m', newColumn), value('m', oldColumn)];
          const swap = [...mineNew.map((expression, i) => `${expression} = ${otherOld[i]}`), ...otherNew.map((expression, i) => `${expression} = ${mineOld[i]}`)].join(' AND ');
          query = `SELECT ${mineNew.join(', ')} FROM ${scratchTable} AS s JOIN ${mirror} AS m ON ${swap} WHERE s.${flag} = 1 AND NOT (${mineNew.map((expression, i) => `${expression} <=> ${mineOld[i]}`).join(' AND ')}) LIMIT 1`;
          if ((await session.select(query)).length > 0) exchanged.push(label);
        }
        if (exchanged.length > 0) {
          const reason = `two updated rows exchange their values of ${exchanged.join(', ')}: whichever the server updates first takes the value the other still holds, and it checks the key row by row, so the UPDATE fails with ERROR 1062 in any order`;
          if (context.stale) return unknown(`${reason} now, but ${context.stale}`, query);
          return fails(reason, { query });
        }
        return unknown(
          `the new values are distinct, but an updated row takes the current value of another updated row in ${shifted.join(', ')}: the server checks the key row by row, so the UPDATE fails unless the rows are updated in an order that frees each value first (ORDER BY)`,
          query,
        );
      }
      const reason = order
        ? "evaluated by the server over the current rows, no two rows end up with the same key value, and in the UPDATE's ORDER BY every value is freed before another row takes it"
        : 'evaluated by the server over the current rows, no two rows end up with the same key value and no updated row takes the current value of another row';
      if (context.stale) return unknown(`${reason}, but ${context.stale}`, query);
      return { evidence: { verdict: 'passes', query, reason: `${reason}${hidden}` }, severity: 'info' };
    });
  } catch (error) {
    const errno = (error as { errno?: number }).errno;
    if (error instanceof LivePrivilegeError || (errno !== undefined && SCRATCH_REFUSED.has(errno))) {
      return unknown(`not checked: the server refused a scratch temporary table (${reasonOf(error)}); grant CREATE TEMPORARY TABLES for the check`);
    }
    throw error;
  }
}
