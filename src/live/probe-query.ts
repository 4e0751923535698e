/**
 * The grouping queries of the duplicate probe (src/live/duplicate-probe.ts plans the key parts;
 * this module turns the plan into SQL, runs it in the caller's snapshot and reads the rows).
 *
 * Two rows collide when every key part is non-NULL and equal under the part's comparison
 * (module docstring of duplicate-probe.ts); the server's GROUP BY decides equality. One pass
 * reads what a verdict needs: the duplicate groups, their count and up to `SAMPLE_LIMIT`
 * samples. Two ways to read them:
 *
 * - sort path (no usable index): `SELECT SQL_BIG_RESULT ... GROUP BY ... HAVING COUNT(*) > 1`,
 *   grouped by sorting, as building the index does (SQL_BIG_RESULT keeps the server from
 *   grouping through a temporary table keyed on the group, which spills to disk once there are
 *   more distinct keys than tmp_table_size holds; measured on MariaDB 10.11: about 14 s against
 *   0.6 s on 1,000,000 distinct values). A window `COUNT(*) OVER ()` counts every duplicate
 *   group; the samples are the largest groups, ties in key order.
 * - index path (`findGroupingIndex` found an index that starts with the key's columns):
 *   `... FORCE INDEX FOR GROUP BY (idx) GROUP BY <columns in index order> HAVING COUNT(*) > 1
 *   LIMIT 6`. The server reads the index in order, needs no sort and stops once it has the first
 *   `SAMPLE_LIMIT + 1` duplicate groups in key order. When it returns that many, the count is a
 *   lower bound (`atLeast`); otherwise it read the whole index and the count is exact. A
 *   `passes` verdict is therefore always from a complete read.
 *
 * The sort's buffer: on a table the server estimates at `LARGE_SORT_ROWS` rows or more, the sort
 * path runs with `sort_buffer_size` raised to `LARGE_SORT_BUFFER_BYTES` for that statement alone
 * (MariaDB `SET STATEMENT max_statement_time=..., sort_buffer_size=67108864 FOR SELECT ...`;
 * MySQL 8.0.3+ the `SET_VAR(sort_buffer_size = 67108864)` hint beside `MAX_EXECUTION_TIME`, MySQL
 * 8.4 manual 10.9.3 "Optimizer Hints", "Variable-Setting Hint Syntax"), never lowered below the
 * session's own value. Measured on MariaDB 10.11, 10,000,000 rows, a VARCHAR(64) key: the
 * session default of 2 MiB sorts in 54 merge passes, 64 MiB in 1, and the probe took 7.1 s
 * instead of 9.1 s (medians of 3, in turn). On 1,000,000 rows it is no gain: two runs of 7 in turn
 * disagreed (with a 64 MiB buffer pool, 1.34 s against 1.49 s for `email`; with a 512 MiB pool
 * 1.24 s against 1.27 s for `email`, and 1.32 s against 1.17 s for `(tenant_id, handle)`, whose
 * INT part keeps the sort key unpacked), hence the threshold. The buffer only changes how the
 * rows are sorted, never which rows the server's GROUP BY finds equal. Both servers size the buffer to the rows they expect (MariaDB
 * ANALYZE FORMAT=JSON `r_buffer_size`; MySQL 8.0.12+ allocates it incrementally, MySQL 8.4 manual
 * 10.2.1.16 "ORDER BY Optimization"), so 64 MiB is a ceiling per probe, freed when the statement
 * ends.
 *
 * Counting the table's rows and the rows with a NULL key part needs a second pass (a GROUP BY
 * with HAVING cannot also total the groups it drops: `WITH ROLLUP` shows wrong key values in its
 * super-aggregate rows when HAVING is present on MariaDB 10.11, and a derived table over every
 * group is written to a temporary table). That pass runs only when asked (`count`) or when a
 * strict-mode failure check needs a count of rows.
 */
import type { LiveSession } from './session.js';
import { LiveTimeoutError, quoteIdentifier } from './session.js';
import type { GroupingIndex } from './key-index.js';

/** A condition that, when true for any row, makes the statement fail with `errno` (strict mode). */
export interface FailureCheck {
  errno: number;
  name: string;
  /** SQL condition over the table's columns; `'1'` for a failure of every row. */
  condition: string;
  what: string;
}

/**
 * How one key part is read:
 * - `expression`: grouped by `sql`; `nullTest` is the SQL that is true when the part is not
 *   NULL; `column` is the current column name when `sql` is that column as it is (no prefix,
 *   conversion or collation), which is what the index path needs.
 * - `constant`: the same value on every row (a column the statement adds); `isNull` means no
 *   two rows can collide.
 * - `distinct`: different on every row (an added AUTO_INCREMENT column): no two rows collide.
 */
export type PartPlan =
  | { kind: 'expression'; sql: string; nullTest?: string; display: string; column?: string }
  | { kind: 'constant'; isNull: boolean; display: unknown }
  | { kind: 'distinct' };

/** At most this many duplicate groups are returned as samples. */
export const SAMPLE_LIMIT = 5;

/** From this estimate of the table's rows up, the sort path raises its own sort buffer (module docstring). */
export const LARGE_SORT_ROWS = 5_000_000;

/** `sort_buffer_size` of the sort path's statement on a large table, in bytes: 64 MiB (module docstring). */
export const LARGE_SORT_BUFFER_BYTES = 64 * 1024 * 1024;

/** The grouped parts of a plan, in key-part order. */
interface GroupedPart {
  /** Index in the key's parts. */
  index: number;
  sql: string;
  nullTest?: string;
  column?: string;
}

/** What the grouping read. */
export interface GroupingReading {
  /** Rows of the table, when the counting pass ran. */
  totalRows?: number;
  /** Rows with a NULL key part, when the counting pass ran. */
  nullRows?: number;
  /** Rows matching each failure check (same order as the checks), when the counting pass ran. */
  checkRows: number[];
  /** Duplicate groups found (a lower bound when `atLeast`). */
  duplicateGroups: number;
  /** True when the index path stopped early: there are at least `duplicateGroups` groups. */
  atLeast: boolean;
  /**
   * Rows of all duplicate groups together (a lower bound when `atLeast`). A copy that keeps the
   * first row of each group (INSERT IGNORE, MariaDB ALTER IGNORE) drops `duplicateRows -
   * duplicateGroups` rows.
   */
  duplicateRows: number;
  /** Up to `SAMPLE_LIMIT` groups, values in key-part order (constant parts filled in), largest first. */
  samples: { values: unknown[]; count: number }[];
  /** The grouping and counting statements as sent (with their timeout and sort buffer), in order. */
  queries: string[];
  /** False when a constant part means no two rows can collide (no grouping ran). */
  grouped: boolean;
}

/** What to read, and how. */
export interface GroupingRequest {
  /** The table, as qualified SQL (`` `db`.`t` `` or a scratch table). */
  table: string;
  plans: PartPlan[];
  checks: FailureCheck[];
  /** Run the counting pass (rows, NULL rows) even when no check needs it. */
  count: boolean;
  /** An index to group through (index path); absent for the sort path. */
  index?: GroupingIndex;
  /**
   * The server's estimate of the rows (information_schema.TABLES.TABLE_ROWS of the key's table);
   * from `LARGE_SORT_ROWS` up the sort path raises its sort buffer. Absent: the session's buffer.
   */
  estimatedRows?: number;
  /** Bound of all the statements together, in milliseconds. */
  timeoutMs: number;
  /** Turns a value the driver returned into something printable. */
  display: (value: unknown) => unknown;
}

/** The grouped parts and constants of a plan. */
function split(plans: PartPlan[]): { grouped: GroupedPart[]; constants: Map<number, unknown>; noCollisionPossible: boolean } {
  const grouped: GroupedPart[] = [];
  const constants = new Map<number, unknown>();
  let noCollisionPossible = false;
  plans.forEach((plan, index) => {
    if (plan.kind === 'expression') {
      grouped.push({ index, sql: plan.sql, ...(plan.nullTest ? { nullTest: plan.nullTest } : {}), ...(plan.column ? { column: plan.column } : {}) });
    } else if (plan.kind === 'constant') {
      constants.set(index, plan.display);
      if (plan.isNull) noCollisionPossible = true;
    } else noCollisionPossible = true;
  });
  return { grouped, constants, noCollisionPossible };
}

/** The current column names the index path would group by, or undefined when a part is not a plain column. */
export function plainGroupedColumns(plans: PartPlan[]): string[] | undefined {
  const { grouped, noCollisionPossible } = split(plans);
  if (noCollisionPossible || grouped.length === 0) return undefined;
  if (grouped.some((part) => part.column === undefined)) return undefined;
  return grouped.map((part) => part.column!);
}

/** `SELECT COUNT(*) ..., <NULL rows>, <check rows> FROM table`: the counting pass. */
export function countingSql(table: string, plans: PartPlan[], checks: FailureCheck[], index?: GroupingIndex): string {
  const { grouped } = split(plans);
  const nullTests = grouped.flatMap((part) => (part.nullTest ? [part.nullTest] : []));
  const columns = [
    'COUNT(*) AS total_rows',
    nullTests.length > 0 ? `COALESCE(SUM(NOT (${nullTests.join(' AND ')})), 0) AS null_rows` : '0 AS null_rows',
    ...checks.map((check, i) => `COALESCE(SUM(${check.condition}), 0) AS check_${i}`),
  ];
  // Through the index, the count reads only the index (it holds every key column).
  const hint = index && checks.length === 0 ? ` FORCE INDEX (${quoteIdentifier(index.name)})` : '';
  return `SELECT ${columns.join(', ')} FROM ${table}${hint}`;
}

/** The duplicate groups, by the sort path or, given `index`, by the index path (module docstring). */
export function groupingSql(table: string, plans: PartPlan[], index?: GroupingIndex): string {
  const { grouped } = split(plans);
  const nullTests = grouped.flatMap((part) => (part.nullTest ? [part.nullTest] : []));
  const where = nullTests.length > 0 ? ` WHERE ${nullTests.join(' AND ')}` : '';
  const keyColumns = grouped.map((part, i) => `${part.sql} AS k${i}`);
  if (index && grouped.length > 0) {
    const position = new Map(index.columns.map((column, i) => [column.toLowerCase(), i]));
    const order = [...grouped].sort((a, b) => position.get(a.column!.toLowerCase())! - position.get(b.column!.toLowerCase())!);
    return (
      `SELECT ${[...keyColumns, 'COUNT(*) AS n'].join(', ')} FROM ${table} FORCE INDEX FOR GROUP BY (${quoteIdentifier(index.name)})${where} ` +
      `GROUP BY ${order.map((part) => part.sql).join(', ')} HAVING COUNT(*) > 1 LIMIT ${SAMPLE_LIMIT + 1}`
    );
  }
  // Without a grouped part (every part a constant) the whole table is one group.
  const groupBy = grouped.length > 0 ? ` GROUP BY ${grouped.map((part) => part.sql).join(', ')}` : '';
  const duplicates = `SELECT SQL_BIG_RESULT ${[...keyColumns, 'COUNT(*) AS n'].join(', ')} FROM ${table}${where}${groupBy} HAVING COUNT(*) > 1`;
  const tieOrder = grouped.map((_, i) => `g.k${i}`);
  return `SELECT g.*, COUNT(*) OVER () AS duplicate_groups, SUM(g.n) OVER () AS duplicate_rows FROM (${duplicates}) AS g ORDER BY ${['g.n DESC', ...tieOrder].join(', ')} LIMIT ${SAMPLE_LIMIT}`;
}

/**
 * The `sort_buffer_size` the sort path's statement runs with, or undefined for the session's own:
 * `LARGE_SORT_BUFFER_BYTES` on a table estimated at `LARGE_SORT_ROWS` rows or more whose
 * session buffer is smaller (read from `@@SESSION.sort_buffer_size`, one bounded SELECT that
 * reads no table). Never on the index path, which does not sort.
 */
async function sortBufferFor(session: LiveSession, request: GroupingRequest): Promise<number | undefined> {
  if (request.index || request.estimatedRows === undefined || request.estimatedRows < LARGE_SORT_ROWS) return undefined;
  if (!session.acceptsStatementSortBuffer()) return undefined;
  const [row] = await session.select('SELECT @@SESSION.sort_buffer_size AS sort_buffer_size', [], { timeoutMs: request.timeoutMs });
  const current = Number(row?.sort_buffer_size ?? 0);
  return current >= LARGE_SORT_BUFFER_BYTES ? undefined : LARGE_SORT_BUFFER_BYTES;
}

/**
 * Runs the grouping (and the counting pass when asked or when a check needs it) in the caller's
 * snapshot: the grouping bounded by `timeoutMs`, the counting pass by what is left of it. A
 * counting pass without checks that reaches the bound leaves the rows uncounted (`totalRows`
 * undefined) instead of failing the reading.
 *
 * @throws LiveTimeoutError when the bound is reached (by the grouping, or by a counting pass with
 *   checks); whatever `LiveSession.select` throws.
 */
export async function readGrouping(session: LiveSession, request: GroupingRequest): Promise<GroupingReading> {
  let started = Date.now();
  // The first statement gets the whole bound, the next what is left of it (whole milliseconds,
  // so that the bound as sent reads plainly).
  const remaining = (): number => {
    const left = Math.floor(request.timeoutMs - (Date.now() - started));
    if (left <= 0) throw new LiveTimeoutError(request.timeoutMs);
    return left;
  };
  const { constants, noCollisionPossible } = split(request.plans);
  const reading: GroupingReading = { checkRows: [], duplicateGroups: 0, atLeast: false, duplicateRows: 0, samples: [], queries: [], grouped: !noCollisionPossible };
  if (!noCollisionPossible) {
    const sql = groupingSql(request.table, request.plans, request.index);
    const sortBufferBytes = await sortBufferFor(session, request);
    started = Date.now();
    const timeoutMs = request.timeoutMs;
    reading.queries.push(session.boundedSql(sql, timeoutMs, sortBufferBytes));
    const rows = await session.select(sql, [], { timeoutMs, ...(sortBufferBytes !== undefined ? { sortBufferBytes } : {}) });
    for (const row of rows.slice(0, SAMPLE_LIMIT)) {
      if (row.n === null || row.n === undefined) continue;
      const values: unknown[] = [];
      let next = 0;
      request.plans.forEach((_, index) => {
        if (constants.has(index)) values.push(constants.get(index));
        else values.push(request.display(row[`k${next++}`]));
      });
      reading.samples.push({ values, count: Number(row.n) });
    }
    if (request.index) {
      reading.duplicateGroups = rows.length;
      reading.atLeast = rows.length > SAMPLE_LIMIT;
      reading.duplicateRows = rows.reduce((sum, row) => sum + Number(row.n ?? 0), 0);
      // Largest first, as the sort path orders them; ties stay in key order (the index's).
      reading.samples.sort((a, b) => b.count - a.count);
    } else {
      reading.duplicateGroups = Number(rows[0]?.duplicate_groups ?? 0);
      reading.duplicateRows = Number(rows[0]?.duplicate_rows ?? 0);
    }
  }
  if (request.count || request.checks.length > 0) {
    const sql = countingSql(request.table, request.plans, request.checks, request.index);
    try {
      const timeoutMs = remaining();
      reading.queries.push(session.boundedSql(sql, timeoutMs));
      const [first = {}] = await session.select(sql, [], { timeoutMs });
      reading.totalRows = Number(first.total_rows ?? 0);
      reading.nullRows = Number(first.null_rows ?? 0);
      reading.checkRows = request.checks.map((_, i) => Number(first[`check_${i}`] ?? 0));
    } catch (error) {
      // Without checks the count only adds figures to a verdict the grouping already decided:
      // past the bound the rows stay uncounted. A check's count decides the verdict: rethrow.
      if (!(error instanceof LiveTimeoutError) || request.checks.length > 0) throw error;
    }
  }
  return reading;
}
