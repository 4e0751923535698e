/**
 * The result of a whole run, as every formatter receives it. Formatters are pure functions of
 * this value (plus display options); they never read files or the environment.
 */
import type { Severity } from '../diagnostic.js';
import type { FileLintResult } from '../engine/lint.js';

/** Totals over a run. */
export interface RunSummary {
  /** Files linted (history files replayed for context are not counted). */
  files: number;
  /** Statements analysed, counting leaf statements of stored programs and dynamic SQL. */
  statements: number;
  /** Statements parsed by node-sql-parser. */
  parsed: number;
  /** Statements understood without node-sql-parser (inert statements, bulk INSERT fast path...). */
  recognised: number;
  /** Statements node-sql-parser rejected (each has a `parse-error` diagnostic unless suppressed). */
  unparsed: number;
  errors: number;
  warnings: number;
  infos: number;
  /** Findings left out of the report, by why (set only when something was left out). */
  hidden?: HiddenFindings;
}

/** Findings counted by severity. */
export interface SeverityCounts {
  errors: number;
  warnings: number;
  infos: number;
}

/** Findings a run found but does not report, so that the summary can say so. */
export interface HiddenFindings {
  /** Accepted by the baseline file. */
  baseline?: SeverityCounts;
  /** Left out by `--quiet` (warnings and infos). */
  quiet?: SeverityCounts;
}

/** Counts diagnostics by severity. */
export function countBySeverity(diagnostics: Iterable<{ severity: Severity }>): SeverityCounts {
  const counts: SeverityCounts = { errors: 0, warnings: 0, infos: 0 };
  for (const diagnostic of diagnostics) {
    if (diagnostic.severity === 'error') counts.errors++;
    else if (diagnostic.severity === 'warning') counts.warnings++;
    else counts.infos++;
  }
  return counts;
}

/** Everything a run produced. */
export interface RunResult {
  files: FileLintResult[];
  summary: RunSummary;
  /** Files and folders that could not be read (each also has a diagnostic); the CLI exits 2. */
  readErrors?: string[];
}

/** Adds up the counts of a set of file results. */
export function summarize(files: FileLintResult[]): RunSummary {
  const summary: RunSummary = { files: files.length, statements: 0, parsed: 0, recognised: 0, unparsed: 0, errors: 0, warnings: 0, infos: 0 };
  const key: Record<Severity, 'errors' | 'warnings' | 'infos'> = { error: 'errors', warning: 'warnings', info: 'infos' };
  for (const file of files) {
    summary.statements += file.statements;
    summary.parsed += file.parsed;
    summary.recognised += file.recognised;
    summary.unparsed += file.unparsed;
    for (const diagnostic of file.diagnostics) summary[key[diagnostic.severity]]++;
  }
  return summary;
}
