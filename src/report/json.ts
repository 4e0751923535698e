/**
 * The `json` format: one JSON document with a stable shape, documented in README.md:
 *
 * ```
 * {"version","files":[{"path","diagnostics":[{"ruleId","severity","message","notes","help","line",
 *   "column","endLine","endColumn","statementIndex", "docsUrl"?, "fix"?, "live"?}]}],
 *  "summary":{"files","statements","parsed","recognised","unparsed","errors","warnings","infos","hidden"?}}
 * ```
 *
 * `version` is uniqlint's version (package.json); `summary.hidden` counts, by severity, the
 * findings the baseline accepted (`baseline`) and those `--quiet` left out (`quiet`).
 *
 * `message` is the one-line headline; `notes` (why) and `help` (what to do) are arrays of
 * paragraphs, empty when there is nothing to add (in a paragraph, a line starting with two spaces
 * is SQL to run). Lines and columns are 1-based; `endColumn` is exclusive. Never contains colour or annotations.
 */
import type { Diagnostic } from '../diagnostic.js';
import type { RunResult } from './result.js';

/** One diagnostic in the JSON output. */
export interface JsonDiagnostic {
  ruleId: string;
  severity: Diagnostic['severity'];
  /** The headline, one line. */
  message: string;
  /** Why: paragraphs; empty when there is nothing to add. */
  notes: string[];
  /** What to do: paragraphs; empty when there is nothing to add. */
  help: string[];
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  statementIndex: number;
  docsUrl?: string;
  fix?: Diagnostic['fix'];
  live?: Diagnostic['live'];
}

/** Converts a diagnostic to its JSON form. */
export function toJsonDiagnostic(diagnostic: Diagnostic): JsonDiagnostic {
  const json: JsonDiagnostic = {
    ruleId: diagnostic.ruleId,
    severity: diagnostic.severity,
    message: diagnostic.message,
    notes: diagnostic.notes ?? [],
    help: diagnostic.help ?? [],
    line: diagnostic.range.start.line,
    column: diagnostic.range.start.column,
    endLine: diagnostic.range.end.line,
    endColumn: diagnostic.range.end.column,
    statementIndex: diagnostic.statementIndex,
  };
  if (diagnostic.docsUrl) json.docsUrl = diagnostic.docsUrl;
  if (diagnostic.fix) json.fix = diagnostic.fix;
  if (diagnostic.live) json.live = diagnostic.live;
  return json;
}

/** Renders a run as the JSON document (with a trailing newline). */
export function formatJson(result: RunResult, options: { toolVersion?: string } = {}): string {
  const document = {
    version: options.toolVersion ?? '0.0.0',
    files: result.files.map((file) => ({ path: file.path, diagnostics: file.diagnostics.map(toJsonDiagnostic) })),
    summary: result.summary,
  };
  return `${JSON.stringify(document)}\n`;
}
