/**
 * Live evidence (src/live) in words, shared by the formats that show it to people (stylish and
 * the markdown review report), so that both say the same thing about the same probe.
 *
 * A failing probe with duplicate groups reads `3 duplicate groups among 1,204 rows`, with the
 * sample groups apart (`'alice@example.com' x2`); a passing one `0 duplicates among 1,204 rows`
 * (`among about 1,204 rows` when the probe did not count them and the server's estimate is known);
 * any other verdict gives the probe's reason. Values are shown as SQL writes them: strings in
 * single quotes (a quote doubled), NULL, numbers as they are.
 */
import type { LiveEvidence } from '../diagnostic.js';

/** `1 row`, `1,204 rows`: a count with thousands separators and its noun. */
export function counted(count: number, [one, many]: [string, string]): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

/** A key value as SQL shows it: strings quoted with `'`, NULL, numbers as they are. */
export function sqlValue(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') return `'${value.replace(/'/g, "''")}'`;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** One duplicate group's key value: `'a'`, or `('a', 1)` for a key of several parts. */
export function sampleValues(sample: { values: unknown[] }): string {
  return sample.values.length === 1 ? sqlValue(sample.values[0]) : `(${sample.values.map(sqlValue).join(', ')})`;
}

/** One duplicate group: `'a' x2`, or `('a', 1) x2` for a key of several parts. */
export function sampleText(sample: { values: unknown[]; count: number }): string {
  return `${sampleValues(sample)} x${sample.count.toLocaleString('en-US')}`;
}

/** A probe's evidence in parts, for a formatter to lay out. */
export interface LiveEvidenceWords {
  verdict: LiveEvidence['verdict'];
  /** The numbers (`3 duplicate groups among 1,204 rows`, `0 duplicates among 12 rows`), else the probe's reason. */
  counts: string;
  /** True when the verdict rests on duplicate groups the probe found (then `samples` lists some). */
  duplicates: boolean;
  /** The sample groups the probe kept (at most 5), in the order it returned them. */
  samples: { values: unknown[]; count: number }[];
  /** What the probe noted besides the numbers (empty when nothing). */
  notes: string;
  /** ` (840 ms)` when the probe's time is known, else empty. */
  took: string;
}

/** The parts of a probe's evidence (module docstring). */
export function liveEvidenceWords(live: LiveEvidence): LiveEvidenceWords {
  // Rows counted by the probe, else the server's estimate of the table's rows (a large table is
  // read once, for the groups only).
  const rows =
    live.rowsScanned !== undefined
      ? ` among ${live.rowsScanned.toLocaleString('en-US')} rows`
      : live.estimatedRows !== undefined && live.verdict !== 'unknown'
        ? ` among about ${live.estimatedRows.toLocaleString('en-US')} rows`
        : '';
  const took = live.elapsedMs !== undefined ? ` (${Math.round(live.elapsedMs).toLocaleString('en-US')} ms)` : '';
  const groups = live.duplicateGroups ?? 0;
  const duplicates = live.verdict === 'fails' && groups > 0;
  let counts: string;
  // The index path stops at the first groups in key order: the count is then a lower bound.
  if (duplicates) counts = `${live.duplicateGroupsAtLeast ? 'at least ' : ''}${counted(groups, ['duplicate group', 'duplicate groups'])}${rows}`;
  else if (live.verdict === 'passes') counts = `0 duplicates${rows}`;
  else counts = live.reason ?? 'no reason given';
  // A failing probe's reason repeats the headline first; only the notes after it are new.
  let notes = duplicates ? (live.reason ?? '').split('; ').slice(1).join('; ') : live.verdict === 'passes' ? (live.reason ?? '') : '';
  // A passing probe's reason may start with the count the verdict line gives (`0 duplicates`, with
  // the rows it counted).
  if (live.verdict === 'passes') notes = notes.replace(/^0 duplicates(?: among [\d,]+ rows)?/, '').replace(/^[\s,;:]+/, '');
  return { verdict: live.verdict, counts, duplicates, samples: duplicates ? (live.samples ?? []) : [], notes, took };
}
