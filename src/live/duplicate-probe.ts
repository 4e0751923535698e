/**
 * The duplicate finder: asks the target server whether a unique key, as it will stand after a
 * statement, would reject the rows the table holds now (ERROR 1062, ER_DUP_ENTRY).
 *
 * Semantics (MySQL 8.0 manual 15.1.15 "CREATE INDEX", "Unique Indexes" and "Column Prefix Key
 * Parts"; 10.8.6 "Examples of the Effect of Collation"; 13.3.2 "The CHAR and VARCHAR Types";
 * MariaDB KB "CHAR", "ALTER TABLE", "Long unique"): two rows collide when every key part is non-NULL
 * and every part is equal under the part's own comparison. The probe therefore groups, on the
 * server, by the exact post-statement key expression of each part:
 *
 * - NULL parts are excluded (`IS NOT NULL` on every part); a PRIMARY KEY forces its columns NOT
 *   NULL, so NULLs there are counted as a separate failure (strict mode: ERROR 1265 on MariaDB,
 *   1138 on MySQL) or turned into the type's implicit default (non-strict mode).
 * - a prefix part is `LEFT(expr, n)`: characters for nonbinary strings, bytes for binary strings.
 * - a new character set is `CONVERT(expr USING cs)`, a new collation `... COLLATE coll`; the new
 *   collation's PAD attribute is the server's business, since GROUP BY compares with it.
 * - a CHAR target drops trailing spaces (`RTRIM`), as CHAR storage does even with NO PAD
 *   collations; a BINARY(n) target pads with 0x00 (`CAST(... AS BINARY(n))`).
 * - a shorter CHAR/VARCHAR/VARBINARY target truncates (`LEFT`), a narrower integer clips
 *   (`LEAST/GREATEST`); in strict sql_mode those rows make the ALTER fail first with a
 *   conversion error (1265, 1264, 1366), which is reported as "fails, but not with 1062".
 * - a column the statement adds holds one value on every existing row (its default), so it is a
 *   constant part: NULL (nullable without default) means no row can collide; any other constant
 *   leaves the grouping to the other parts.
 *
 * Equality is always the server's (GROUP BY on the converted expressions), never JavaScript's.
 * The finder runs one bounded SELECT per key inside the session's read-only snapshot, and a
 * second one that counts the rows only on a small table (src/live/probe-query.ts). When an
 * existing index starts with the key's columns, compared as they are now, the SELECT reads that
 * index in order instead of sorting (src/live/key-index.ts).
 *
 * When the statement redefines a key column (type, length, precision, ENUM/SET members, charset,
 * collation, nullability), the conversion above is not modelled: the key columns are copied as
 * they are into a TEMPORARY table of the session (`LiveSession.withScratchTables`), the server's
 * own `ALTER TABLE ... MODIFY` converts them there under the migration's sql_mode and time_zone,
 * and the grouping runs on the result. CAST is not the assignment an ALTER performs (a DOUBLE
 * into VARCHAR(8) is '0.1' through INSERT ... SELECT, '0.100000' or ERROR 1406 through ALTER;
 * verified on MariaDB 10.11), so the modelled path above runs only where the server refuses a
 * temporary table, and its verdict then says it is modelled (`unknown` unless it fails first).
 *
 * This module is the entry point: it picks the path for a key and qualifies a modelled verdict
 * that stands in for a refused conversion. The stages, each importing only the ones above it:
 * - src/live/probe-types.ts: the key, the options and the result (re-exported here);
 * - src/live/probe-errors.ts: the two errors a stage throws to end a probe early;
 * - src/live/collation-catalog.ts: how the server resolves character set and collation names;
 * - src/live/current-table.ts: the table as it is now, and its errors before any row is read;
 * - src/live/part-plan.ts: the modelled conversion of one key part into SQL;
 * - src/live/key-groups.ts: the key's groups read and worded as a result;
 * - src/live/modelled-probe.ts: the modelled path; src/live/scratch-conversion.ts: the server's.
 */
import type { LiveSession } from './session.js';
import type { DuplicateProbeResult, ProbeOptions, UniqueKeyProbe } from './probe-types.js';
import { probeModelled } from './modelled-probe.js';
import { needsServerConversion, probeThroughScratchTable } from './scratch-conversion.js';

export {
  COUNT_ROWS_BELOW,
  isStrictMode,
  type DuplicateProbeResult,
  type ProbeColumnDefinition,
  type ProbeKeyPart,
  type ProbeOptions,
  type ProbeOutcome,
  type UniqueKeyProbe,
} from './probe-types.js';
export { displayValue } from './key-groups.js';

/**
 * Probes one unique key (see the module docstring for the semantics) inside the session's
 * read-only snapshot. Never throws for server-side problems: a timeout, a missing privilege or a
 * missing table yields `outcome: 'unknown'` with the reason.
 */
export async function probeUniqueKey(
  session: LiveSession,
  key: UniqueKeyProbe,
  options: ProbeOptions = {},
): Promise<DuplicateProbeResult> {
  const started = Date.now();
  if (!needsServerConversion(key)) return probeModelled(session, key, options, started);
  const converted = await probeThroughScratchTable(session, key, options, started);
  if (converted.kind === 'result') return converted.result;
  const modelled = await probeModelled(session, key, options, started);
  const note =
    `modelled, not converted by the server: it refused a scratch temporary table (${converted.reason}); ` +
    'grant CREATE TEMPORARY TABLES on the database for an exact verdict';
  if (modelled.outcome === 'other-error' || modelled.outcome === 'unknown') {
    modelled.evidence.reason = `${modelled.evidence.reason ?? ''}; ${note}`.replace(/^; /, '');
    return modelled;
  }
  // The model of a conversion is known to be inexact (CAST is not the assignment an ALTER does).
  return {
    key,
    outcome: 'unknown',
    evidence: { ...modelled.evidence, verdict: 'unknown', reason: `${modelled.evidence.reason ?? ''}; ${note}`.replace(/^; /, '') },
  };
}

/** Probes several keys (e.g. all the unique keys one ALTER adds), one query per key, in order. */
export async function probeUniqueKeys(
  session: LiveSession,
  keys: UniqueKeyProbe[],
  options: ProbeOptions = {},
): Promise<DuplicateProbeResult[]> {
  const results: DuplicateProbeResult[] = [];
  for (const key of keys) results.push(await probeUniqueKey(session, key, options));
  return results;
}
