/**
 * The modelled path of the duplicate probe: inside the session's read-only snapshot, plans every
 * key part as a SQL expression over the table's columns as they are now (src/live/part-plan.ts),
 * counts the rows that make a strict-mode statement fail first, and groups by the planned
 * expressions (src/live/key-groups.ts). It runs for keys whose columns the statement does not
 * redefine, and for the others where the server refuses a scratch table.
 */
import { LiveConnectionLostError, LivePrivilegeError, LiveTimeoutError, type LiveSession } from './session.js';
import { withThousandsSeparators } from '../analysis/sql-text.js';
import { keyLengthError } from './mysql-semantics.js';
import type { PartPlan } from './probe-query.js';
import { isStrictMode, type DuplicateProbeResult, type ProbeOptions, type UniqueKeyProbe } from './probe-types.js';
import { OtherError, Undecidable } from './probe-errors.js';
import { CollationCatalog } from './collation-catalog.js';
import { absentTableReason, readCurrentColumns, structuralError } from './current-table.js';
import { planPart, type PlanContext } from './part-plan.js';
import { groupEvidence, groupsResult, readKeyGroups } from './key-groups.js';

/**
 * Probes one key by the modelled conversion (module docstring of src/live/duplicate-probe.ts)
 * inside the session's read-only snapshot; `started` is the probe's start in epoch milliseconds,
 * for `elapsedMs`. Never throws for server-side problems: a timeout, a missing privilege or a
 * missing table yields `unknown` with the reason.
 */
export async function probeModelled(
  session: LiveSession,
  key: UniqueKeyProbe,
  options: ProbeOptions,
  started: number,
): Promise<DuplicateProbeResult> {
  const strict = options.strict ?? (options.sqlMode !== undefined ? isStrictMode(options.sqlMode) : session.server.strict);
  const unknown = (reason: string, query?: string): DuplicateProbeResult => ({
    key,
    outcome: 'unknown',
    evidence: { verdict: 'unknown', reason, elapsedMs: Date.now() - started, ...(query ? { query } : {}) },
  });
  let query: string | undefined;
  try {
    return await session.readSnapshot(async () => {
      const table = await readCurrentColumns(session, key.table);
      if (!table) return unknown(await absentTableReason(session, key.table));
      const structural = await structuralError(session, key, table);
      if (structural) throw structural;
      const context: PlanContext = {
        session,
        catalog: new CollationCatalog(session),
        strict,
        primary: key.primary,
        current: table.columns,
        checks: [],
        notes: [],
        lengths: [],
      };
      if (table.tableCollation) context.tableCollation = table.tableCollation;
      if (key.parts.length === 0) return unknown('the key has no parts');
      const plans: PartPlan[] = [];
      for (const part of key.parts) plans.push(await planPart(part, context));
      // ERROR 1071 comes from the key's definition, before any row is read.
      const tooLong = keyLengthError(session.server.flavor, { ...(table.engine ? { engine: table.engine } : {}), ...(table.rowFormat ? { rowFormat: table.rowFormat } : {}) }, context.lengths);
      if (tooLong) throw new OtherError(tooLong.errno, tooLong.name, tooLong.message);

      const { reading, notes } = await readKeyGroups(
        session,
        key,
        {
          table: session.qualify(key.table),
          plans,
          checks: context.checks,
          ...(table.estimatedRows !== undefined ? { estimatedRows: table.estimatedRows } : {}),
          ownTable: true,
          needRows: false,
        },
        options,
      );
      query = reading.queries.join(';\n');
      const failedChecks = context.checks.map((check, i) => ({ check, rows: reading.checkRows[i] ?? 0 })).filter((entry) => entry.rows > 0);
      if (failedChecks.length > 0) {
        const firstFailure = failedChecks[0]!;
        const reason =
          `not ERROR 1062: in strict sql_mode the statement fails first with ERROR ${firstFailure.check.errno} ` +
          `(${firstFailure.check.name}): ${failedChecks.map((f) => `${withThousandsSeparators(f.rows)} row(s) with ${f.check.what}`).join('; ')}` +
          (reading.duplicateGroups > 0 ? `; without them ${reading.duplicateGroups} duplicate group(s) would also fail with 1062` : '');
        return {
          key,
          outcome: 'other-error',
          ...(reading.nullRows !== undefined ? { nullRows: reading.nullRows } : {}),
          otherError: { errno: firstFailure.check.errno, name: firstFailure.check.name, rows: firstFailure.rows },
          evidence: { verdict: 'fails', ...groupEvidence(reading), query, elapsedMs: Date.now() - started, reason },
        };
      }
      return groupsResult(key, reading, query, started, [...context.notes, ...notes], '');
    });
  } catch (error) {
    if (error instanceof OtherError) {
      return {
        key,
        outcome: 'other-error',
        otherError: { errno: error.errno, name: error.errorName },
        evidence: {
          verdict: 'fails',
          reason: `not ERROR 1062: the statement fails with ERROR ${error.errno} (${error.errorName}): ${error.message}`,
          elapsedMs: Date.now() - started,
        },
      };
    }
    if (error instanceof Undecidable) return unknown(error.message, query);
    if (error instanceof LiveTimeoutError || error instanceof LivePrivilegeError || error instanceof LiveConnectionLostError) return unknown(error.message, query);
    const err = error as { errno?: number; message?: string };
    if (err.errno !== undefined) return unknown(`the server rejected the probe: ${err.message ?? 'error'} (errno ${err.errno})`, query);
    throw error;
  }
}
