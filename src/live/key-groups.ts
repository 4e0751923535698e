/**
 * Reads a key's duplicate groups into a probe result: chooses the index path or the sort path
 * (src/live/key-index.ts), runs the grouping (src/live/probe-query.ts), and words the duplicate
 * groups, samples and notes as the `duplicates` or `no-duplicates` verdict's evidence.
 */
import type { LiveEvidence } from '../diagnostic.js';
import { type LiveSession, quoteIdentifier } from './session.js';
import { withThousandsSeparators } from '../analysis/sql-text.js';
import { findGroupingIndex, type GroupingIndex } from './key-index.js';
import { plainGroupedColumns, readGrouping, type FailureCheck, type GroupingReading, type PartPlan } from './probe-query.js';
import { COUNT_ROWS_BELOW, type DuplicateProbeResult, type ProbeOptions, type UniqueKeyProbe } from './probe-types.js';

/** Turns a value the driver returned into something printable and JSON-safe. */
export function displayValue(value: unknown): unknown {
  if (Buffer.isBuffer(value)) {
    const text = value.toString('utf8');
    // eslint-disable-next-line no-control-regex
    if (Buffer.from(text, 'utf8').equals(value) && !/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(text)) return text;
    return '0x' + value.toString('hex').toUpperCase();
  }
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/** How `readKeyGroups` may read a key. */
export interface KeyGroupsRequest {
  /** The table as qualified SQL: the key's own table, or a scratch table. */
  table: string;
  plans: PartPlan[];
  checks: FailureCheck[];
  /** The server's estimate of the source table's rows. */
  estimatedRows?: number;
  /** The rows are the key's table itself (not a scratch copy): its indexes may serve. */
  ownTable: boolean;
  /** The row count is needed whatever the table's size (a check that fails every row). */
  needRows: boolean;
}

/**
 * Reads a key's duplicate groups (src/live/probe-query.ts) by the index path when an index of
 * the table holds the key's values in key order (src/live/key-index.ts), else by sorting, and
 * says which in a note. Counts the rows only on a small table (`ProbeOptions.countRowsBelow`) or
 * when `needRows`.
 */
export async function readKeyGroups(session: LiveSession, key: UniqueKeyProbe, request: KeyGroupsRequest, options: ProbeOptions): Promise<{ reading: GroupingReading; notes: string[] }> {
  const notes: string[] = [];
  const columns = plainGroupedColumns(request.plans);
  let index: GroupingIndex | undefined;
  const groups = request.plans.every((plan) => plan.kind !== 'distinct' && !(plan.kind === 'constant' && plan.isNull)) && request.plans.some((plan) => plan.kind === 'expression');
  if (groups) {
    if (!request.ownTable) notes.push('the probe sorts the converted rows in its scratch table (no index holds them yet); the ALTER sorts the rows too');
    else if (options.indexPath === false) notes.push('the index path was turned off: the probe sorts the rows');
    else if (!columns) notes.push("the key's values are computed from the columns (a prefix length, a conversion or a default for NULL), which no index holds in key order: the probe sorts the rows, and so will the ALTER");
    else if (request.checks.length > 0) notes.push('the probe sorts the rows, since it also counts the rows that make the statement fail first');
    else {
      index = await findGroupingIndex(session, key.table, columns);
      if (index) notes.push(`read in the order of the index ${quoteIdentifier(index.name)}, without a sort`);
      else notes.push("no index of the table starts with exactly the key's columns (full length, ascending): the probe sorts the rows, and so will the ALTER");
    }
  }
  const countBelow = options.countRowsBelow ?? COUNT_ROWS_BELOW;
  const count = request.needRows || (request.estimatedRows !== undefined && request.estimatedRows < countBelow);
  const reading = await readGrouping(session, {
    table: request.table,
    plans: request.plans,
    checks: request.checks,
    count,
    ...(index ? { index } : {}),
    ...(request.estimatedRows !== undefined ? { estimatedRows: request.estimatedRows } : {}),
    timeoutMs: options.timeoutMs ?? session.timeoutMs,
    display: displayValue,
  });
  if (reading.totalRows === undefined && count) {
    notes.push('rows not counted: the counting pass reached the time limit after the grouping');
  } else if (reading.totalRows === undefined && reading.grouped) {
    const estimate = request.estimatedRows !== undefined ? ` (about ${withThousandsSeparators(request.estimatedRows)} by the server's estimate)` : '';
    notes.push(`rows not counted${estimate}, so that the probe reads the table once`);
  }
  return { reading, notes };
}

/** The duplicate-group figures of a reading as evidence fields. */
export function groupEvidence(reading: GroupingReading): Pick<LiveEvidence, 'rowsScanned' | 'duplicateGroups' | 'duplicateGroupsAtLeast' | 'samples'> {
  return {
    ...(reading.totalRows !== undefined ? { rowsScanned: reading.totalRows } : {}),
    duplicateGroups: reading.duplicateGroups,
    ...(reading.atLeast ? { duplicateGroupsAtLeast: true } : {}),
    samples: reading.samples,
  };
}

/** `3 duplicate group(s) among 1,204 rows` or `at least 6 duplicate group(s)` (`how` after the rows). */
function groupsText(reading: GroupingReading, how: string): string {
  const rows = reading.totalRows !== undefined ? ` among ${withThousandsSeparators(reading.totalRows)} rows` : '';
  const bound = reading.atLeast ? 'at least ' : '';
  return `${bound}${withThousandsSeparators(reading.duplicateGroups)} duplicate group(s)${rows}${how}`;
}

/** A duplicates or no-duplicates result of a reading; `how` qualifies the rows (" as the server converts them"). */
export function groupsResult(key: UniqueKeyProbe, reading: GroupingReading, query: string, started: number, notesIn: string[], how: string): DuplicateProbeResult {
  const notes = [...new Set(notesIn)];
  const base = { ...groupEvidence(reading), query, elapsedMs: Date.now() - started };
  const nullRows = reading.nullRows !== undefined ? { nullRows: reading.nullRows } : {};
  if (reading.duplicateGroups > 0) {
    const example = reading.samples[0];
    const reason =
      groupsText(reading, how) +
      (example ? `, e.g. ${example.values.map((v) => JSON.stringify(v)).join(', ')} x${example.count}` : '') +
      (reading.atLeast ? ` (the probe stopped at the first ${reading.duplicateGroups} in key order)` : '') +
      (notes.length > 0 ? `; ${notes.join('; ')}` : '');
    return { key, outcome: 'duplicates', ...nullRows, duplicateRows: reading.duplicateRows, evidence: { verdict: 'fails', ...base, reason } };
  }
  const rows = reading.totalRows !== undefined ? ` among ${withThousandsSeparators(reading.totalRows)} rows` : '';
  const passNotes = [
    `0 duplicates${rows}${how}${how === '' ? ' at this snapshot' : ', at this snapshot'}; concurrent writes can still add some`,
    ...(reading.nullRows ? [`${withThousandsSeparators(reading.nullRows)} row(s) with a NULL key part never collide`] : []),
    ...notes,
  ];
  return { key, outcome: 'no-duplicates', ...nullRows, evidence: { verdict: 'passes', ...base, reason: passNotes.join('; ') } };
}
