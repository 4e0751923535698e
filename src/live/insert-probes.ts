/**
 * Live checks for the rules about rows a statement writes, run after linting on the diagnostics
 * those rules attached data to (src/live/run-live.ts `attach`):
 *
 * - `duplicate-key-in-inserted-rows`: do the literal key values already exist in the table?
 *   (`WHERE (k1 = ? AND k2 = ?) OR ...`: the server compares with the key's own collation, PAD
 *   rule and prefix, as the unique index would.)
 * - `insert-select-without-dedup`: does the SELECT return a key value twice, or one the table
 *   already holds? The SELECT runs as a derived table inside a bounded, read-only SELECT; its key
 *   columns are converted to the target column's type or collation first, as storing them would
 *   (src/analysis/duplicate-finder.ts `keyPartExpression`).
 * - `dump-restore-into-existing-table`: the dump's literal rows (every INSERT of the table in the
 *   file, up to the limit), checked like duplicate-key-in-inserted-rows': does the table already
 *   hold one of their key values? `passes` when none, `unknown` when not every row was compared.
 * - `explicit-auto-increment-value`: which of the explicit ids already exist?
 * - `auto-increment-reset`: MAX(col) against N. MySQL 8.0 manual 15.1.9 (table options) and
 *   MariaDB (verified on 10.11 for InnoDB, MyISAM, Aria and MEMORY): when N ≤ MAX(col), the
 *   counter becomes MAX(col) + 1 instead of N. The statement never fails and later inserts do not
 *   collide; the verdict says what the counter will be.
 *
 * Every query goes through `LiveSession.select` (SELECT only, placeholders, bounded by the live
 * timeout) inside a read-only snapshot. A timeout, a missing privilege or a server error gives
 * the verdict `unknown` with the reason; nothing here throws for server-side problems.
 */
import type { Diagnostic, LiveEvidence, Severity } from '../diagnostic.js';
import type { DataType, TableName } from '../statement.js';
import type { ColumnState } from '../schema/types.js';
import { keyPartExpression, type DuplicateFinderPart } from '../analysis/duplicate-finder.js';
import { castTargetFor } from '../analysis/unique-key-risks.js';
import { isNonBinaryStringType } from '../schema/data-types.js';
import { displayValue } from './key-groups.js';
import { collationForServer } from './mysql-semantics.js';
import { LiveConnectionLostError, LivePrivilegeError, LiveTimeoutError, quoteIdentifier, type LiveSession, type ScratchSettings } from './session.js';
import type { ValueLiteral } from '../statement.js';
import { SAMPLE_LIMIT } from './probe-query.js';

/** A dump restored without DROP TABLE / CREATE TABLE: its literal rows are checked as duplicate-key-in-inserted-rows' are. */
export const DUMP_RESTORE_RULE = 'dump-restore-into-existing-table';

/** The rules this module checks. */
export const INSERT_PROBE_RULES = new Set(['duplicate-key-in-inserted-rows', 'insert-select-without-dedup', 'explicit-auto-increment-value', 'auto-increment-reset', DUMP_RESTORE_RULE]);

/** What a live check concluded for one diagnostic. */
export interface InsertProbeOutcome {
  evidence: LiveEvidence;
  /** New severity, when the verdict changes it. */
  severity?: Severity;
  /** True when the diagnostic should be removed (a live-only candidate that the check cleared). */
  drop?: boolean;
}

/** Tuples per query of the literal-value checks. */
const BATCH = 200;

/** The reason of an `unknown` verdict for an error a check met (timeout, privilege, lost connection, server refusal). */
export function reasonOf(error: unknown): string {
  if (error instanceof LiveTimeoutError) return `the check ran past the live timeout (${error.message})`;
  if (error instanceof LivePrivilegeError || error instanceof LiveConnectionLostError) return error.message;
  return `the server refused the check: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
}

function unknown(reason: string, query?: string): InsertProbeOutcome {
  return { evidence: { verdict: 'unknown', reason, ...(query ? { query } : {}) } };
}

function tableOf(data: Record<string, unknown> | undefined): TableName | undefined {
  const table = data?.table as TableName | undefined;
  return table && typeof table.name === 'string' ? table : undefined;
}

/**
 * Runs the live check for `diagnostic` (one of `INSERT_PROBE_RULES`). `stale` is set when an
 * earlier statement of the linted files changed the table's rows, so the database does not hold
 * the rows the statement will meet; the check then says so. Never throws.
 */
export async function probeInsertDiagnostic(
  session: LiveSession,
  diagnostic: Diagnostic,
  stale?: string,
  settings: Partial<ScratchSettings> = {},
): Promise<InsertProbeOutcome | undefined> {
  const data = diagnostic.data;
  const table = tableOf(data);
  if (!data || !table) return undefined;
  const started = Date.now();
  let outcome: InsertProbeOutcome | undefined;
  let refused = false;
  let triggersHidden = false;
  try {
    if (diagnostic.ruleId === 'duplicate-key-in-inserted-rows' || diagnostic.ruleId === DUMP_RESTORE_RULE || diagnostic.ruleId === 'insert-select-without-dedup') {
      const fired = await rowTriggers(session, table, 'INSERT');
      if (fired.triggers.length > 0) {
        const triggered = triggeredUnknown(fired.triggers, 'inserted');
        triggered.evidence.elapsedMs = Date.now() - started;
        return triggered;
      }
      triggersHidden = !fired.visible;
    }
    if ((diagnostic.ruleId === 'duplicate-key-in-inserted-rows' || diagnostic.ruleId === DUMP_RESTORE_RULE) && data.liveRows) {
      const converted = await literalRowsThroughServer(session, table, data, stale, { sqlMode: (settings.sqlMode ?? session.server.sqlMode).toUpperCase(), ...(settings.timeZone ? { timeZone: settings.timeZone } : {}) });
      if (converted === 'refused') refused = true;
      else if (converted) {
        converted.evidence.elapsedMs = Date.now() - started;
        const result = diagnostic.ruleId === DUMP_RESTORE_RULE ? restoreOutcome(converted, data) : converted;
        if (triggersHidden && result.evidence.verdict === 'passes' && result.evidence.reason) result.evidence.reason += invisibleTriggersNote('BEFORE INSERT');
        return result;
      }
    }
    const scratchSettings: ScratchSettings = { sqlMode: (settings.sqlMode ?? session.server.sqlMode).toUpperCase(), ...(settings.timeZone ? { timeZone: settings.timeZone } : {}) };
    if (diagnostic.ruleId === 'insert-select-without-dedup') {
      // The server path runs outside the read-only snapshot (its temporary table cannot be created inside one).
      const converted = await selectedRows(session, table, data, stale, scratchSettings, true);
      if (converted === 'refused') refused = true;
      else if (converted) {
        converted.evidence.elapsedMs = Date.now() - started;
        return converted;
      }
    }
    outcome = await session.readSnapshot(async () => {
      switch (diagnostic.ruleId) {
        case 'duplicate-key-in-inserted-rows':
          return literalRows(session, table, data, stale);
        case DUMP_RESTORE_RULE: {
          const result = await literalRows(session, table, data, stale, true);
          if (!result) return unknown('not checked: the target has no such table, or none of its unique keys gets its values from the dumped columns');
          return restoreOutcome(result, data);
        }
        case 'insert-select-without-dedup': {
          const result = await selectedRows(session, table, data, stale);
          return result === 'refused' ? undefined : result;
        }
        case 'explicit-auto-increment-value':
          return explicitIds(session, table, data, stale);
        case 'auto-increment-reset':
          return counterReset(session, table, data, stale);
        default:
          return undefined;
      }
    });
  } catch (error) {
    outcome = unknown(reasonOf(error));
    if (data.liveOnly === true) outcome.drop = true;
  }
  if (outcome) {
    outcome.evidence.elapsedMs = Date.now() - started;
    if (triggersHidden && outcome.evidence.verdict === 'passes' && outcome.evidence.reason) outcome.evidence.reason += invisibleTriggersNote('BEFORE INSERT');
    if (refused) {
      outcome.evidence.reason = `${outcome.evidence.reason ?? ''}; modelled: the server refused a scratch temporary table, so the values were compared as written, not as the server stores them (grant CREATE TEMPORARY TABLES for an exact verdict)`.replace(/^; /, '');
    }
  }
  return outcome;
}

/** The triggers a statement's rows fire, as {@link rowTriggers} reads them. */
export interface RowTriggers {
  /** `BEFORE UPDATE \`name\``, in the server's order of action. */
  triggers: string[];
  /** False when the account holds no TRIGGER privilege there, so the server lists none of the table's triggers to it. */
  visible: boolean;
}

/**
 * The triggers the server runs for each row `event` writes to `table` (information_schema.TRIGGERS:
 * MySQL 8.0 manual 28.3.45 "The INFORMATION_SCHEMA TRIGGERS Table"; MariaDB knowledge base
 * "Information Schema TRIGGERS Table"). A BEFORE trigger may change the values stored, and any
 * trigger may write other tables, so a verdict computed from the statement's own values does not
 * hold for such a table. The server lists a table's triggers only to an account with the TRIGGER
 * privilege on it (read from information_schema USER_, SCHEMA_ and TABLE_PRIVILEGES); without
 * it, `visible` is false and an empty list says nothing. Runs two SELECTs; throws the server's error.
 */
export async function rowTriggers(session: LiveSession, table: TableName, event: 'INSERT' | 'UPDATE' | 'DELETE'): Promise<RowTriggers> {
  const schema = table.schema ?? session.database;
  const rows = await session.select(
    'SELECT TRIGGER_NAME AS name, ACTION_TIMING AS timing FROM information_schema.TRIGGERS WHERE EVENT_OBJECT_SCHEMA = ? AND EVENT_OBJECT_TABLE = ? AND EVENT_MANIPULATION = ? ORDER BY ACTION_ORDER',
    [schema, table.name, event],
  );
  const triggers = rows.map((row) => `${String(row.timing)} ${event} ${quoteIdentifier(String(row.name))}`);
  if (triggers.length > 0) return { triggers, visible: true };
  const granted = await session.select(
    "SELECT 1 AS granted FROM information_schema.USER_PRIVILEGES WHERE PRIVILEGE_TYPE = 'TRIGGER' " +
      "UNION ALL SELECT 1 FROM information_schema.SCHEMA_PRIVILEGES WHERE PRIVILEGE_TYPE = 'TRIGGER' AND TABLE_SCHEMA = ? " +
      "UNION ALL SELECT 1 FROM information_schema.TABLE_PRIVILEGES WHERE PRIVILEGE_TYPE = 'TRIGGER' AND TABLE_SCHEMA = ? AND TABLE_NAME = ? LIMIT 1",
    [schema, schema, table.name],
  );
  return { triggers, visible: granted.length > 0 };
}

/** The unknown verdict of a statement whose rows fire `triggers`. */
export function triggeredUnknown(triggers: string[], what: string): InsertProbeOutcome {
  return unknown(`not checked: the table has the trigger${triggers.length === 1 ? '' : 's'} ${triggers.join(', ')}, which the server runs for each ${what} row: a BEFORE trigger may change the values stored and any trigger may write rows of other tables`);
}

/** The note a passing verdict carries when the account cannot see the table's triggers. */
export function invisibleTriggersNote(event: string): string {
  return `; the account has no TRIGGER privilege, so the server hides the table's triggers from it: a ${event} trigger that changes the values or writes other rows is not accounted for`;
}

// ---------------------------------------------------------------------------------------------
// duplicate-key-in-inserted-rows
// ---------------------------------------------------------------------------------------------

interface LiveKey {
  name: string;
  primary: boolean;
  parts: { column: string; prefixLength?: number }[];
  tuples: (string | number)[][];
  truncated: boolean;
}

function partExpression(part: { column: string; prefixLength?: number }): { column: string; value: string } {
  const column = quoteIdentifier(part.column);
  if (part.prefixLength !== undefined && Number.isInteger(part.prefixLength) && part.prefixLength > 0) {
    return { column: `LEFT(${column}, ${part.prefixLength})`, value: `LEFT(?, ${part.prefixLength})` };
  }
  return { column, value: '?' };
}

/** Which literal tuples of one key exist in the table: matching rows' key values, at most `limit`. */
async function existingTuples(session: LiveSession, table: TableName, key: LiveKey, limit: number): Promise<{ rows: unknown[][]; query: string }> {
  const expressions = key.parts.map(partExpression);
  const select = expressions.map((expression) => expression.column).join(', ');
  const condition = `(${expressions.map((expression) => `${expression.column} = ${expression.value}`).join(' AND ')})`;
  const found: unknown[][] = [];
  let query = '';
  for (let start = 0; start < key.tuples.length && found.length < limit; start += BATCH) {
    const batch = key.tuples.slice(start, start + BATCH);
    query = `SELECT DISTINCT ${select} FROM ${session.qualify(table)} WHERE ${batch.map(() => condition).join(' OR ')} LIMIT ${limit - found.length}`;
    const rows = await session.select(query, batch.flat());
    for (const row of rows) found.push(Object.values(row));
  }
  return { rows: found, query };
}

/**
 * A dump restore's verdict from the rows check: `fails` stands; `passes` when no dumped key value
 * exists in the table and every row was compared, `unknown` when only the first rows were.
 */
function restoreOutcome(outcome: InsertProbeOutcome, data: Record<string, unknown>): InsertProbeOutcome {
  if (outcome.evidence.verdict !== 'passes') return outcome;
  const rows = data.liveRows as { rows: unknown[]; truncated: boolean } | undefined;
  const truncated = rows?.truncated === true || ((data.liveKeys as LiveKey[] | undefined) ?? []).some((key) => key.truncated);
  const query = outcome.evidence.query;
  if (truncated) {
    return unknown(
      `none of the first ${rows?.rows.length ?? 0} dumped rows has a key value the table holds, but the rest of the dump's rows were not compared`,
      query,
    );
  }
  return {
    evidence: {
      verdict: 'passes',
      ...(query ? { query } : {}),
      reason: `none of the ${rows?.rows.length ?? 0} dumped rows has a key value the table holds now: restored onto it as it is, the dump loads without ERROR 1062`,
    },
    severity: 'info',
  };
}

async function literalRows(session: LiveSession, table: TableName, data: Record<string, unknown>, stale: string | undefined, restore = false): Promise<InsertProbeOutcome | undefined> {
  const keys = (data.liveKeys as LiveKey[] | undefined) ?? [];
  const liveOnly = data.liveOnly === true;
  if (keys.length === 0) return undefined;
  let groups = 0;
  const samples: { values: unknown[]; count: number }[] = [];
  let query: string | undefined;
  let truncated = false;
  for (const key of keys) {
    const { rows, query: sent } = await existingTuples(session, table, key, 1000);
    if (sent) query = sent;
    truncated ||= key.truncated;
    groups += rows.length;
    for (const row of rows) if (samples.length < SAMPLE_LIMIT) samples.push({ values: row.map(displayValue), count: 1 });
  }
  if (groups > 0) {
    return {
      evidence: {
        verdict: 'fails',
        duplicateGroups: groups,
        samples,
        ...(query ? { query } : {}),
        reason: `${groups} of the inserted key value${groups === 1 ? '' : 's'} already exist${groups === 1 ? 's' : ''} in the table: the INSERT fails with ERROR 1062 there`,
      },
      severity: 'error',
    };
  }
  if (liveOnly) return { evidence: { verdict: 'passes' }, drop: true };
  if (restore) return stale ? unknown(`none of the dumped key values exists in the table now, but ${stale}`, query) : { evidence: { verdict: 'passes', ...(query ? { query } : {}) } };
  // The rows collide among themselves whatever the table holds.
  const note = stale ? `; ${stale}` : truncated ? '; only the first values were compared with the table' : '';
  return {
    evidence: { verdict: 'fails', duplicateGroups: 0, ...(query ? { query } : {}), reason: `the rows collide among themselves; none of the inserted key values exists in the table yet${note}` },
    severity: 'error',
  };
}

/** Built-in functions and words a literal row may use to be stored on the server: deterministic, no side effects, no reads. */
const SAFE_WORDS = new Set(
  (
    'CONCAT CONCAT_WS LOWER UPPER LCASE UCASE TRIM LTRIM RTRIM LEFT RIGHT SUBSTRING SUBSTR MID REPLACE REPEAT LPAD RPAD REVERSE ' +
    'HEX UNHEX CAST CONVERT CHAR ROUND TRUNCATE FLOOR CEIL CEILING ABS MOD MD5 SHA1 SHA2 CRC32 COALESCE IFNULL NULLIF IF ' +
    'DATE TIME TIMESTAMP DATETIME STR_TO_DATE DATE_FORMAT DATE_ADD DATE_SUB INTERVAL DAY HOUR MINUTE SECOND MONTH YEAR WEEK ' +
    'MAKEDATE MAKETIME CHAR_LENGTH LENGTH ASCII ORD BIN OCT CONV AS USING SIGNED UNSIGNED INTEGER INT DECIMAL BINARY NCHAR ' +
    'DOUBLE FLOAT JSON NULL TRUE FALSE X B N _BINARY _UTF8MB4 _UTF8 _UTF8MB3 _LATIN1 _ASCII UTF8MB4 UTF8 UTF8MB3 LATIN1 ASCII'
  ).split(' '),
);

/** The SQL of one literal-row value for `INSERT INTO <scratch> VALUES`, or undefined when it may not be sent. */
function valueSql(value: ValueLiteral, params: unknown[]): string | undefined {
  switch (value.kind) {
    case 'null':
      return 'NULL';
    case 'boolean':
      return value.value ? 'TRUE' : 'FALSE';
    case 'number':
      return /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(value.text) ? value.text : undefined;
    case 'string':
      if (value.charsetIntroducer && value.charsetIntroducer.toLowerCase() !== '_binary') return undefined;
      params.push(value.value);
      return value.charsetIntroducer ? 'CAST(? AS BINARY)' : '?';
    case 'expression': {
      const text = value.text;
      if (/[;@`"\\]|--|\/\*|#/.test(text.replace(/'(?:[^']|'')*'/g, "''"))) return undefined;
      const rest = text.replace(/'(?:[^']|'')*'/g, ' ');
      if (rest.includes("'")) return undefined;
      for (const token of rest.match(/[A-Za-z_][A-Za-z0-9_]*|0x[0-9a-fA-F]+|0b[01]+|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\S/g) ?? []) {
        if (/^[A-Za-z_]/.test(token)) {
          if (!SAFE_WORDS.has(token.toUpperCase())) return undefined;
        } else if (!/^(0x[0-9a-fA-F]+|0b[01]+|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|[(),+\-*/.%])$/.test(token)) return undefined;
      }
      return `(${text})`;
    }
  }
}

/** A server message about a scratch column (`'k0'`) with the table's column name instead. */
function columnMessage(message: string, names: string[]): string {
  return message.split('\n')[0]!.replace(/'k(\d+)'/g, (whole, index: string) => (names[Number(index)] !== undefined ? `'${names[Number(index)]}'` : whole));
}

/** Errors that mean the server will not give this session a scratch temporary table. */
export const SCRATCH_REFUSED = new Set([1044, 1142, 1227, 1290, 1792, 1787, 1785, 1836, 3161]);

/**
 * Errors that say the probe's own query text is not one the server takes (ERROR 1064 syntax,
 * 1054 unknown column, 1305 and 1630 unknown function, 1582 and 1583 wrong arguments): they tell
 * nothing of how the statement stores its values, so they are rethrown (an unknown verdict), never
 * read as the statement's failure.
 */
const PROBE_TEXT_ERRORS = new Set([1064, 1054, 1305, 1582, 1583, 1630]);

/**
 * The outcome when storing rows into a scratch table failed: the server's own assignment error
 * (strict-mode 1264, 1265, 1406, 1366, ...) comes before any 1062, so the statement fails with it.
 * Rethrows timeouts, privilege errors and refusals of the scratch table, which the caller handles.
 *
 * @param what the rows stored, for the reason (`these rows`, `the selected rows`).
 * @param names the table's column names, in scratch column order.
 */
export function storingFailure(error: unknown, insert: string, what: string, names: string[], settings: ScratchSettings): InsertProbeOutcome {
  const err = error as { errno?: number; message?: string };
  if (err.errno === undefined || error instanceof LiveTimeoutError || error instanceof LivePrivilegeError || SCRATCH_REFUSED.has(err.errno) || PROBE_TEXT_ERRORS.has(err.errno)) throw error;
  return {
    evidence: {
      verdict: 'fails',
      query: insert,
      reason: `not ERROR 1062 first: the server's own storing of ${what} fails with ERROR ${err.errno} (${columnMessage(err.message ?? '', names)}) in ${/STRICT_(TRANS|ALL)_TABLES/.test(settings.sqlMode) ? 'strict' : 'non-strict'} sql_mode`,
    },
    severity: 'error',
  };
}

/** A sample group of a live check: the key's values (printable) and how many rows hold them. */
export type SampleGroup = { values: unknown[]; count: number };

/**
 * The values of `expressions` (all non-NULL) that more than one row of `from` holds, compared by
 * the server under the expressions' collations: up to SAMPLE_LIMIT groups, largest first. Each
 * group is added to `samples` while it holds fewer than SAMPLE_LIMIT.
 *
 * @param from a table or derived table as SQL, with its alias (`scratch AS s`).
 * @param notNull the condition that leaves out rows with a NULL key part.
 * @returns the query sent and the number of groups it returned.
 */
export async function repeatedValues(session: LiveSession, from: string, expressions: string[], notNull: string, samples: SampleGroup[]): Promise<{ query: string; groups: number }> {
  const list = expressions.join(', ');
  const query = `SELECT ${list}, COUNT(*) AS uniqlint_rows FROM ${from} WHERE ${notNull} GROUP BY ${list} HAVING COUNT(*) > 1 ORDER BY COUNT(*) DESC LIMIT ${SAMPLE_LIMIT}`;
  const rows = await session.select(query);
  for (const row of rows) {
    const values = Object.values(row);
    if (samples.length < SAMPLE_LIMIT) samples.push({ values: values.slice(0, -1).map(displayValue), count: Number(values[values.length - 1]) });
  }
  return { query, groups: rows.length };
}

/** Scratch column definitions copying the table's key columns (type, character set, collation, nullability), or undefined when one is missing. */
export async function scratchLayout(session: LiveSession, table: TableName, names: string[]): Promise<{ definitions: string[]; scratchColumn: Map<string, string> } | undefined> {
  const described = await session.select(
    'SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type, CHARACTER_SET_NAME AS cs, COLLATION_NAME AS coll, IS_NULLABLE AS nullable, EXTRA AS extra ' +
      'FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?',
    [table.schema ?? session.database, table.name],
  );
  const byName = new Map(described.map((row) => [String(row.name).toLowerCase(), row]));
  const definitions: string[] = [];
  const scratchColumn = new Map<string, string>();
  for (const [index, name] of names.entries()) {
    const column = byName.get(name.toLowerCase());
    if (!column) return undefined;
    const type = String(column.type);
    if (!/^[a-z]+(\s*\([^;`]*\))?(\s+(unsigned|zerofill))*$/i.test(type)) return undefined;
    const charset = column.cs && column.coll && /^[A-Za-z0-9_]+$/.test(String(column.cs)) && /^[A-Za-z0-9_]+$/.test(String(column.coll)) ? ` CHARACTER SET ${String(column.cs)} COLLATE ${String(column.coll)}` : '';
    const notNull = String(column.nullable).toUpperCase() === 'NO' && !/auto_increment/i.test(String(column.extra ?? ''));
    definitions.push(`${quoteIdentifier(`k${index}`)} ${type}${charset} ${notNull ? 'NOT NULL' : 'NULL'}`);
    scratchColumn.set(name.toLowerCase(), quoteIdentifier(`k${index}`));
  }
  return { definitions, scratchColumn };
}

/** Compares the rows stored in a scratch table among themselves (GROUP BY) and with the table (JOIN), key by key. */
async function compareScratchRows(
  session: LiveSession,
  table: TableName,
  scratchTable: string,
  scratchColumn: Map<string, string>,
  keys: { name: string; primary: boolean; parts: { column: string; prefixLength?: number }[] }[],
  insert: string,
  context: { liveOnly: boolean; stale: string | undefined; truncated: boolean; collidesWithEarlierStatement: boolean; what: 'rows' | 'selected rows' },
): Promise<InsertProbeOutcome> {
  const { liveOnly, stale } = context;
  let groups = 0;
  let repeatedGroups = 0;
  const samples: { values: unknown[]; count: number }[] = [];
  const reasons: string[] = [];
  let query = insert;
  for (const key of keys) {
    const label = key.primary ? 'the PRIMARY KEY' : `\`${key.name}\``;
    const mine = key.parts.map((part) => {
      const column = scratchColumn.get(part.column.toLowerCase())!;
      return part.prefixLength !== undefined && Number.isInteger(part.prefixLength) && part.prefixLength > 0 ? `LEFT(s.${column}, ${part.prefixLength})` : `s.${column}`;
    });
    const theirs = key.parts.map((part) => {
      const column = `t.${quoteIdentifier(part.column)}`;
      return part.prefixLength !== undefined && Number.isInteger(part.prefixLength) && part.prefixLength > 0 ? `LEFT(${column}, ${part.prefixLength})` : column;
    });
    if (key.parts.some((part) => !scratchColumn.has(part.column.toLowerCase()))) continue;
    const notNull = mine.map((expression) => `${expression} IS NOT NULL`).join(' AND ');
    const repeated = await repeatedValues(session, `${scratchTable} AS s`, mine, notNull, samples);
    query = repeated.query;
    if (repeated.groups > 0) reasons.push(`the ${context.what} repeat a value of ${label} as the server stores them`);
    groups += repeated.groups;
    repeatedGroups += repeated.groups;
    query = `SELECT DISTINCT ${theirs.join(', ')} FROM ${scratchTable} AS s JOIN ${session.qualify(table)} AS t ON ${mine.map((expression, i) => `${expression} = ${theirs[i]}`).join(' AND ')} LIMIT ${SAMPLE_LIMIT}`;
    const existing = await session.select(query);
    if (existing.length > 0) reasons.push(`${existing.length} value(s) of ${label} already exist in the table`);
    groups += existing.length;
    for (const row of existing) if (samples.length < SAMPLE_LIMIT) samples.push({ values: Object.values(row).map(displayValue), count: 1 });
  }
  const partial = context.truncated ? ' (only the first rows were compared)' : '';
  if (groups > 0 && repeatedGroups === 0 && stale) return unknown(`${reasons.join('; ')} now, but ${stale}`, query);
  if (groups > 0) {
    return { evidence: { verdict: 'fails', duplicateGroups: groups, samples, query, reason: `${reasons.join('; ')}: the INSERT fails with ERROR 1062${partial}` }, severity: 'error' };
  }
  if (liveOnly) return { evidence: { verdict: 'passes' }, drop: true };
  if (context.collidesWithEarlierStatement) {
    return { evidence: { verdict: 'fails', query, reason: 'the rows collide with rows an earlier INSERT of this file writes; none of them exists in the table yet' }, severity: 'error' };
  }
  const reason = `as the server stores them the rows do not repeat a key value, and none exists in the table${partial}`;
  if (stale) return unknown(`${reason}, but ${stale}`, query);
  return { evidence: { verdict: 'passes', query, reason }, severity: 'info' };
}

/**
 * duplicate-key-in-inserted-rows through the server: the key columns' definitions are copied into
 * a TEMPORARY table, the statement's rows are stored there by the server under the file's
 * sql_mode (so `1.6` into an INT is 2, `'a'` into BINARY(4) is `a\0\0\0`, a strict-mode error is the
 * server's own), and then compared among themselves (GROUP BY) and with the table (JOIN) under
 * the columns' own collations. Returns undefined when a value cannot be sent (an expression
 * beyond plain built-in functions) or the server refuses the temporary table: the caller then
 * compares the literal values as before.
 */
async function literalRowsThroughServer(
  session: LiveSession,
  table: TableName,
  data: Record<string, unknown>,
  stale: string | undefined,
  settings: ScratchSettings,
): Promise<InsertProbeOutcome | 'refused' | undefined> {
  const liveRows = data.liveRows as { columns: string[]; rows: ValueLiteral[][]; truncated: boolean } | undefined;
  const keys = (data.liveKeys as LiveKey[] | undefined) ?? [];
  if (!liveRows || liveRows.rows.length === 0 || keys.length === 0) return undefined;
  const params: unknown[] = [];
  const rowsSql: string[] = [];
  for (const row of liveRows.rows) {
    const values = row.map((value) => valueSql(value, params));
    if (values.some((value) => value === undefined)) return undefined;
    rowsSql.push(`(${values.join(', ')})`);
  }
  const liveOnly = data.liveOnly === true;
  try {
    return await session.withScratchTables(async (scratch) => {
      const layout = await scratchLayout(session, table, liveRows.columns);
      if (!layout) return undefined;
      const { definitions, scratchColumn } = layout;
      const scratchTable = await scratch.create(definitions);
      const insert = `INSERT INTO ${scratchTable} (${[...scratchColumn.values()].join(', ')}) VALUES ${rowsSql.length > 3 ? `${rowsSql.slice(0, 3).join(', ')}, ...` : rowsSql.join(', ')}`;
      try {
        await scratch.fillValues(scratchTable, [...scratchColumn.values()], rowsSql, params, settings);
      } catch (error) {
        return storingFailure(error, insert, 'these rows', liveRows.columns, settings);
      }
      return compareScratchRows(session, table, scratchTable, scratchColumn, keys, insert, {
        liveOnly,
        stale,
        truncated: liveRows.truncated,
        collidesWithEarlierStatement: data.collidesWithEarlierStatement === true,
        what: 'rows',
      });
    });
  } catch (error) {
    const errno = (error as { errno?: number }).errno;
    if (error instanceof LivePrivilegeError || (errno !== undefined && SCRATCH_REFUSED.has(errno))) return 'refused';
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// insert-select-without-dedup
// ---------------------------------------------------------------------------------------------

/** Words that make a SELECT more than a read: never sent. */
export const UNSAFE_SELECT = /\b(INTO|FOR\s+UPDATE|LOCK\s+IN\s+SHARE\s+MODE|FOR\s+SHARE|GET_LOCK|SLEEP|BENCHMARK|LOAD_FILE)\b|;/i;

/** The key-part expression a selected value compares by once stored in `column`. */
function storedExpression(source: string, column: ColumnState | null | undefined, prefixLength: number | undefined, server: LiveSession['server']): string {
  const part: DuplicateFinderPart = { column: '', expression: source };
  if (column) {
    if (isNonBinaryStringType(column.type.name)) {
      if (column.charset) part.charset = column.charset;
      if (column.collation) part.collation = collationForServer(column.collation, server);
    } else {
      const cast = castTargetFor(column.type as DataType);
      if (cast) part.castType = cast;
    }
  }
  if (prefixLength !== undefined) part.prefixLength = prefixLength;
  return keyPartExpression(part);
}

/** Words a SELECT may put before `(` besides built-in functions. */
const SELECT_WORDS = new Set(
  'SELECT FROM JOIN ON AND OR NOT WHERE AS IN EXISTS UNION ALL ANY SOME USING VALUES ROW OVER BY DISTINCT COUNT SUM MIN MAX AVG GROUP_CONCAT ROW_NUMBER RANK DENSE_RANK LAG LEAD FIRST_VALUE LAST_VALUE'.split(' '),
);

/** True when every `name(` in the SELECT is a built-in function or keyword (no stored function, which could write). */
export function callsOnlyBuiltins(selectSql: string): boolean {
  const text = selectSql.replace(/'(?:[^'\\]|''|\\.)*'|"(?:[^"\\]|""|\\.)*"/g, "''");
  for (const match of text.matchAll(/(`(?:[^`]|``)+`|[A-Za-z_][A-Za-z0-9_$]*)\s*(\.\s*(`(?:[^`]|``)+`|[A-Za-z_][A-Za-z0-9_$]*)\s*)?\(/g)) {
    if (match[2]) return false; // db.function(...)
    const word = match[1]!.toUpperCase();
    if (word.startsWith('`')) return false;
    if (!SAFE_WORDS.has(word) && !SELECT_WORDS.has(word)) return false;
  }
  return true;
}

/**
 * insert-select-without-dedup through the server: the SELECT's key columns are stored by the
 * server into a scratch copy of the table's key columns under the file's sql_mode (as the
 * migration's INSERT ... SELECT stores them), then compared among themselves and with the table.
 * Returns undefined when the server refuses a temporary table.
 */
async function selectedRowsThroughServer(
  session: LiveSession,
  table: TableName,
  keys: { name: string; primary: boolean; parts: { column: string; prefixLength?: number }[] }[],
  insertColumns: string[],
  names: string[],
  derived: string,
  stale: string | undefined,
  settings: ScratchSettings,
): Promise<InsertProbeOutcome | 'refused' | undefined> {
  const keyColumns = [...new Set(keys.flatMap((key) => key.parts.map((part) => part.column.toLowerCase())))].filter((column) =>
    insertColumns.some((name) => name.toLowerCase() === column),
  );
  if (keyColumns.length === 0) return undefined;
  const usable = keys.filter((key) => key.parts.every((part) => keyColumns.includes(part.column.toLowerCase())));
  if (usable.length === 0) return undefined;
  try {
    return await session.withScratchTables(async (scratch) => {
      const layout = await scratchLayout(session, table, keyColumns);
      if (!layout) return undefined;
      const scratchTable = await scratch.create(layout.definitions);
      const sources = keyColumns.map((column) => `uniqlint_src.${quoteIdentifier(names[insertColumns.findIndex((name) => name.toLowerCase() === column)]!)}`);
      const select = `SELECT ${sources.join(', ')} FROM ${derived}`;
      const insert = `INSERT INTO ${scratchTable} (${[...layout.scratchColumn.values()].join(', ')}) ${select}`;
      try {
        await scratch.fill(scratchTable, [...layout.scratchColumn.values()], select, settings);
      } catch (error) {
        return storingFailure(error, insert, 'the selected rows', keyColumns, settings);
      }
      const outcome = await compareScratchRows(session, table, scratchTable, layout.scratchColumn, usable, insert, {
        liveOnly: false,
        stale,
        truncated: false,
        collidesWithEarlierStatement: false,
        what: 'selected rows',
      });
      if (outcome.evidence.verdict === 'passes') outcome.evidence.reason = 'as the server stores them the selected rows do not repeat a key value, and none exists in the table at this snapshot';
      return outcome;
    });
  } catch (error) {
    const errno = (error as { errno?: number }).errno;
    if (error instanceof LivePrivilegeError || (errno !== undefined && SCRATCH_REFUSED.has(errno))) return 'refused';
    throw error;
  }
}

/** The SELECT of an `insert-select-without-dedup` diagnostic's data, trimmed; '' when it has none. */
function selectSqlOf(data: Record<string, unknown> | undefined): string {
  return typeof data?.selectSql === 'string' ? data.selectSql.trim() : '';
}

/**
 * The rows the server expects the SELECT of an `insert-select-without-dedup` diagnostic to read,
 * from `EXPLAIN SELECT * FROM (<select>) AS uniqlint_src` (EXPLAIN reads no row: MariaDB KB
 * "EXPLAIN"; MySQL 8.4 manual 15.8.2 "EXPLAIN Statement"). Within each SELECT of the plan (one
 * `id`), a table is read once for every row of the tables joined before it, so it examines its
 * own `rows` times theirs; the estimate is the sum over the plan's tables of those products
 * (steps on the server's own temporary tables, `<derived2>` and the like, multiply the tables
 * after them but are not counted as read). Undefined when the diagnostic has no SELECT, when the
 * SELECT is one the check refuses to send (`UNSAFE_SELECT`), or when the server refuses the
 * EXPLAIN: the check then runs and says what it met. Never throws for a server-side refusal.
 */
export async function selectedRowsEstimate(session: LiveSession, data: Record<string, unknown> | undefined): Promise<number | undefined> {
  const selectSql = selectSqlOf(data);
  if (!selectSql || UNSAFE_SELECT.test(selectSql)) return undefined;
  const plan = await session.explain(`SELECT * FROM (${selectSql}) AS uniqlint_src`);
  if (plan.error || plan.steps.length === 0) return undefined;
  let total = 0;
  const fanOut = new Map<number | null, number>();
  for (const step of plan.steps) {
    const rows = Math.max(1, step.rows ?? 1);
    const before = fanOut.get(step.id) ?? 1;
    if (!/^<.*>$/.test(step.table ?? '')) total += before * rows;
    fanOut.set(step.id, before * rows);
  }
  return total;
}

async function selectedRows(
  session: LiveSession,
  table: TableName,
  data: Record<string, unknown>,
  stale: string | undefined,
  settings?: ScratchSettings,
  serverOnly = false,
): Promise<InsertProbeOutcome | 'refused' | undefined> {
  const selectSql = selectSqlOf(data);
  const insertColumns = Array.isArray(data.insertColumns) ? (data.insertColumns as string[]) : [];
  const keys = (data.keys as { name: string; primary: boolean; parts: { column: string; prefixLength?: number }[] }[] | undefined) ?? [];
  const columns = (data.keyColumns as Record<string, ColumnState | null> | undefined) ?? {};
  if (!selectSql || insertColumns.length === 0 || keys.length === 0) return undefined;
  if (UNSAFE_SELECT.test(selectSql)) return unknown('not checked: the SELECT locks rows, writes to variables or files, or calls a function with side effects');
  const derived = `(${selectSql}) AS uniqlint_src`;
  const first = await session.select(`SELECT * FROM ${derived} LIMIT 1`);
  if (first.length === 0) return { evidence: { verdict: 'passes', reason: 'the SELECT returns no rows at this snapshot' }, severity: 'info' };
  const names = Object.keys(first[0]!);
  if (names.length !== insertColumns.length) return unknown(`not checked: the SELECT returns ${names.length} columns for ${insertColumns.length} inserted columns`);
  if (serverOnly) {
    if (!settings || !callsOnlyBuiltins(selectSql)) return undefined;
    return selectedRowsThroughServer(session, table, keys, insertColumns, names, derived, stale, settings);
  }
  const selected = (column: string): string | undefined => {
    const position = insertColumns.findIndex((name) => name.toLowerCase() === column.toLowerCase());
    return position >= 0 ? `uniqlint_src.${quoteIdentifier(names[position]!)}` : undefined;
  };
  const samples: { values: unknown[]; count: number }[] = [];
  let groups = 0;
  let query = '';
  const reasons: string[] = [];
  for (const key of keys) {
    const sources = key.parts.map((part) => selected(part.column));
    if (sources.some((source) => source === undefined)) continue;
    const fromSelect = key.parts.map((part, index) => storedExpression(sources[index]!, columns[part.column.toLowerCase()], part.prefixLength, session.server));
    const notNull = sources.map((source) => `${source} IS NOT NULL`).join(' AND ');
    // Key values the SELECT returns more than once.
    const repeated = await repeatedValues(session, derived, fromSelect, notNull, samples);
    query = repeated.query;
    if (repeated.groups > 0) reasons.push(`the SELECT returns the same value of ${key.primary ? 'the PRIMARY KEY' : `\`${key.name}\``} more than once`);
    groups += repeated.groups;
    // Key values the table already holds.
    const inTable = key.parts.map((part) => storedExpression(`uniqlint_target.${quoteIdentifier(part.column)}`, columns[part.column.toLowerCase()], part.prefixLength, session.server));
    const join = fromSelect.map((expression, index) => `${expression} = ${inTable[index]}`).join(' AND ');
    query = `SELECT ${fromSelect.join(', ')} FROM ${derived} JOIN ${session.qualify(table)} AS uniqlint_target ON ${join} LIMIT ${SAMPLE_LIMIT}`;
    const existing = await session.select(query);
    if (existing.length > 0) reasons.push(`the SELECT returns values of ${key.primary ? 'the PRIMARY KEY' : `\`${key.name}\``} that the table already holds`);
    groups += existing.length;
    for (const row of existing) if (samples.length < SAMPLE_LIMIT) samples.push({ values: Object.values(row).map(displayValue), count: 1 });
  }
  if (groups > 0) return { evidence: { verdict: 'fails', duplicateGroups: groups, samples, query, reason: `${reasons.join('; ')}: the statement fails with ERROR 1062` }, severity: 'error' };
  if (stale) return unknown(`the SELECT returns no duplicate key values and none the table holds now, but ${stale}`, query);
  return { evidence: { verdict: 'passes', query, reason: 'no selected key value repeats or exists in the table at this snapshot' }, severity: 'info' };
}

// ---------------------------------------------------------------------------------------------
// explicit-auto-increment-value
// ---------------------------------------------------------------------------------------------

async function explicitIds(session: LiveSession, table: TableName, data: Record<string, unknown>, stale: string | undefined): Promise<InsertProbeOutcome | undefined> {
  const column = typeof data.column === 'string' ? data.column : undefined;
  if (!column) return undefined;
  if (data.source === 'select') return unknown('not checked: the ids come from a SELECT; run it against the table to compare');
  const values = Array.isArray(data.bindValues) ? (data.bindValues as string[]) : [];
  if (values.length === 0) return undefined;
  const found: unknown[] = [];
  let query = '';
  for (let start = 0; start < values.length && found.length < 1000; start += BATCH) {
    const batch = values.slice(start, start + BATCH);
    query = `SELECT ${quoteIdentifier(column)} AS v FROM ${session.qualify(table)} WHERE ${quoteIdentifier(column)} IN (${batch.map(() => '?').join(', ')}) LIMIT 1000`;
    for (const row of await session.select(query, batch)) found.push(row.v);
  }
  const counter = await session.select(`SELECT MAX(${quoteIdentifier(column)}) AS m FROM ${session.qualify(table)}`);
  const max = counter[0]?.m;
  if (found.length > 0) {
    return {
      evidence: {
        verdict: 'fails',
        duplicateGroups: found.length,
        samples: found.slice(0, 5).map((value) => ({ values: [displayValue(value)], count: 1 })),
        query,
        reason: `${found.length} of the explicit ids already exist (MAX(${column}) is ${String(max)}): the statement fails with ERROR 1062 on them`,
      },
      severity: 'error',
    };
  }
  const partial = data.complete === false ? ' (only the first ids were compared)' : '';
  if (stale) return unknown(`none of the ids exists now${partial}, but ${stale}`, query);
  return { evidence: { verdict: 'passes', query, reason: `none of the explicit ids exists yet${partial}; MAX(${column}) is ${String(max)}, and ids above it move the counter` } };
}

// ---------------------------------------------------------------------------------------------
// auto-increment-reset
// ---------------------------------------------------------------------------------------------

/** The counter the server keeps after `AUTO_INCREMENT = n`: n, or MAX(col) + 1 when n is not above MAX. */
export function counterAfterReset(requested: bigint, max: bigint | undefined): bigint {
  if (max === undefined) return requested < 1n ? 1n : requested;
  return requested > max ? requested : max + 1n;
}

async function counterReset(session: LiveSession, table: TableName, data: Record<string, unknown>, stale: string | undefined): Promise<InsertProbeOutcome | undefined> {
  const column = typeof data.column === 'string' ? data.column : undefined;
  const requestedText = typeof data.value === 'string' ? data.value.trim() : '';
  if (!column || !/^\d+$/.test(requestedText)) return unknown('not checked: the AUTO_INCREMENT column or the value is not known');
  const requested = BigInt(requestedText);
  const query = `SELECT MAX(${quoteIdentifier(column)}) AS m FROM ${session.qualify(table)}`;
  const rows = await session.select(query);
  const raw = rows[0]?.m;
  const max = raw === null || raw === undefined ? undefined : BigInt(String(raw));
  const after = counterAfterReset(requested, max);
  if (stale) return unknown(`MAX(${column}) is ${max ?? 'NULL'} now, but ${stale}`, query);
  if (max !== undefined && requested <= max) {
    return {
      evidence: {
        verdict: 'passes',
        query,
        reason:
          `MAX(${column}) is ${max}, so the server sets the counter to ${after}, not ${requested}: the statement does not ` +
          `fail and later inserts do not collide, but ids below ${after} are not free for rows written with explicit ids`,
      },
    };
  }
  return {
    evidence: {
      verdict: 'passes',
      query,
      reason: `MAX(${column}) is ${max ?? 'NULL (empty table)'}, so the counter moves to ${after}${max !== undefined ? ` and the ${after - max - 1n} ids in between are never generated` : ''}`,
    },
    severity: 'info',
  };
}
