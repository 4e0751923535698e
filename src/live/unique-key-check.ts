/**
 * The live check of a unique-key diagnostic (add-unique-key, online-schema-change-unique) apart
 * from running it: which rules it serves, the key the rule's data describes and the probe's
 * column definitions built from it, and the wording of a verdict for a copy that keeps one row
 * of each duplicate group (ALTER IGNORE, the INSERT IGNORE copy of gh-ost and
 * pt-online-schema-change). src/live/run-live.ts runs the check.
 */
import type { Diagnostic, LiveEvidence } from '../diagnostic.js';
import type { ColumnState } from '../schema/types.js';
import type { TableName } from '../statement.js';
import type { RiskKeyPart } from '../analysis/unique-key-risks.js';
import type { DuplicateProbeResult, ProbeColumnDefinition } from './probe-types.js';
import type { WrittenCharset } from './touched-tables.js';
import { withThousandsSeparators } from '../analysis/sql-text.js';

/** The rule whose diagnostics name a unique key a statement adds (rules/add-unique-key.ts). */
export const ADD_UNIQUE_KEY = 'add-unique-key';
/** Its counterpart for gh-ost and pt-online-schema-change runs, whose copy drops duplicates (rules/online-schema-change-unique.ts). */
export const ONLINE_SCHEMA_CHANGE_UNIQUE = 'online-schema-change-unique';

/** The data of an `add-unique-key` or `online-schema-change-unique` diagnostic that the check reads. */
export interface UniqueKeyData {
  table: TableName;
  key: { name: string; primary: boolean };
  keyParts: RiskKeyPart[];
  ignore?: boolean;
  /** online-schema-change-unique: what the tool does with colliding rows. */
  outcome?: 'drops' | 'stops' | 'refuses';
  tool?: string;
  /** online-schema-change-unique: the statement's offset in the SQL text live mode read for the file. */
  sqlOffset?: number;
}

/** The diagnostic's data as `UniqueKeyData`, or undefined when it lacks the table, the key or the key parts. */
export function uniqueKeyData(diagnostic: Diagnostic): UniqueKeyData | undefined {
  const data = diagnostic.data as Partial<UniqueKeyData> | undefined;
  if (!data || typeof data !== 'object') return undefined;
  if (!data.table || typeof data.table.name !== 'string') return undefined;
  if (!data.key || typeof data.key.name !== 'string') return undefined;
  if (!Array.isArray(data.keyParts) || data.keyParts.length === 0) return undefined;
  return data as UniqueKeyData;
}

/**
 * The probe's column definition from the model's state after the statement. The character set
 * and collation are the ones the statement writes (`written`), not the model's resolution of
 * defaults: the server resolves an unwritten collation (table default, charset default) itself.
 */
export function probeColumn(state: ColumnState, written: WrittenCharset | undefined): ProbeColumnDefinition {
  const column: ProbeColumnDefinition = { type: state.type, nullable: state.nullable };
  if (written?.charset) column.charset = written.charset;
  if (written?.collation) column.collation = written.collation;
  if (state.default) column.default = state.default;
  if (state.autoIncrement) column.autoIncrement = true;
  if (state.generated) column.generated = state.generated;
  return column;
}

/**
 * `N row(s) would be dropped (G duplicate group(s) hold R rows; one row of each is kept)`:
 * a copy that keeps one row per group drops the rows of the groups minus one per group.
 */
export function droppedRows(result: DuplicateProbeResult, verb: 'dropped' | 'deleted' = 'dropped'): string {
  const groups = result.evidence.duplicateGroups ?? 0;
  const rows = result.duplicateRows ?? 0;
  // The index path stops at the first groups in key order: then both counts are lower bounds.
  const atLeast = result.evidence.duplicateGroupsAtLeast ? 'at least ' : '';
  if (rows <= groups) return `${atLeast}${withThousandsSeparators(groups)} duplicate group(s)`;
  return `${atLeast}${withThousandsSeparators(rows - groups)} row(s) would be ${verb} (${atLeast}${withThousandsSeparators(groups)} duplicate group(s) hold ${withThousandsSeparators(rows)} rows; one row of each is kept)`;
}

/**
 * The live evidence of an online schema-change run (gh-ost, pt-online-schema-change): duplicates
 * mean rows dropped by the INSERT IGNORE copy (`drops`), a stopped migration (`stops`, gh-ost
 * --panic-on-warnings), or, for a tool that refuses the alter anyway (`refuses`), what turning the
 * check off would cost. Other outcomes keep the probe's evidence: a conversion error is a warning
 * under INSERT IGNORE, so the probe ran non-strict.
 */
export function onlineSchemaChangeEvidence(data: UniqueKeyData, result: DuplicateProbeResult, evidence: LiveEvidence): LiveEvidence {
  const tool = data.tool ?? 'the tool';
  if (result.outcome === 'duplicates') {
    const dropped = droppedRows(result);
    // The first part of the reason is the count the verdict line repeats; the consequence follows it.
    const [head, ...notes] = (evidence.reason ?? '').split('; ');
    let consequence: string;
    if (data.outcome === 'stops') consequence = `${tool} stops the migration at the first of them (--panic-on-warnings); without the flag ${dropped}`;
    else if (data.outcome === 'refuses') consequence = `pt-online-schema-change refuses this --alter anyway; with --no-check-unique-key-change its INSERT IGNORE copy would drop them: ${dropped}`;
    else consequence = `the INSERT IGNORE copy drops them silently: ${dropped}`;
    return { ...evidence, verdict: 'fails', reason: [head ?? '', consequence, ...notes].join('; ') };
  }
  if (result.outcome === 'no-duplicates' && data.outcome === 'refuses') {
    return { ...evidence, verdict: 'fails', reason: `pt-online-schema-change refuses this --alter anyway (--check-unique-key-change); ${evidence.reason ?? ''}`.replace(/; $/, '') };
  }
  return evidence;
}
