/**
 * Positions, ranges and diagnostics: the shapes every stage of uniqlint speaks.
 *
 * Conventions (fixed, and relied on by every formatter):
 * - `offset` is a 0-based index into the file's text, counted in UTF-16 code units (JavaScript
 *   string indices).
 * - `line` and `column` are 1-based. A column counts UTF-16 code units from the start of the line,
 *   so a tab is one column.
 * - A range's `end` is exclusive: it is the position just after the last character.
 */

/** How serious a diagnostic is. `error` makes the process exit with code 1. */
export type Severity = 'error' | 'warning' | 'info';

/** A point in a source file. See the module docstring for units. */
export interface SourcePosition {
  /** 0-based UTF-16 code-unit offset into the file text. */
  offset: number;
  /** 1-based line number. */
  line: number;
  /** 1-based column, in UTF-16 code units. */
  column: number;
}

/** A half-open span `[start, end)` of a source file. */
export interface SourceRange {
  start: SourcePosition;
  end: SourcePosition;
}

/** A suggested replacement of source text; `range` offsets are file offsets. */
export interface SuggestedFix {
  /** One line saying what the replacement does. */
  description: string;
  range: { startOffset: number; endOffset: number };
  /** Text that replaces `range`. */
  text: string;
  /** True when applying it cannot change what the migration does to existing data. */
  safe: boolean;
}

/** The verdict a live probe reached for a diagnostic (issue: live mode). */
export type LiveVerdict = 'fails' | 'passes' | 'unknown';

/** Evidence a live probe attached to a diagnostic. */
export interface LiveEvidence {
  verdict: LiveVerdict;
  /** Rows the probe read, when known. */
  rowsScanned?: number;
  /** Number of key values shared by more than one row (a lower bound when `duplicateGroupsAtLeast`). */
  duplicateGroups?: number;
  /**
   * True when the probe stopped at the first duplicate groups it needed (an index-order read
   * of a key that already fails): there are at least `duplicateGroups` of them.
   */
  duplicateGroupsAtLeast?: boolean;
  /** At most 5 example groups: the key values (as the server returned them) and their count. */
  samples?: { values: unknown[]; count: number }[];
  /** The exact SQL the probe ran. */
  query?: string;
  /** Wall-clock milliseconds the probe took. */
  elapsedMs?: number;
  /** Why the verdict is `unknown`, or any other note. */
  reason?: string;
  /**
   * The rows the server estimated the probe's table to hold before it ran
   * (information_schema.TABLES.TABLE_ROWS: exact for MyISAM, an estimate for InnoDB), compared
   * with `--live-max-rows`.
   */
  estimatedRows?: number;
  /** With `--live-explain`: the server's plan of each query the probe sent that reads a table, in order. */
  plan?: QueryPlan[];
}

/** The server's EXPLAIN of one probe query. */
export interface QueryPlan {
  /** The SELECT explained (without its timeout bound). */
  query: string;
  /** EXPLAIN's rows, in the server's order. */
  steps: PlanStep[];
  /** Why the server gave no plan (its error message), when it refused. */
  error?: string;
}

/**
 * One row of EXPLAIN's table (MariaDB KB "EXPLAIN"; MySQL 8.0 manual 10.8.2 "EXPLAIN Output
 * Format"): `rows` is the optimizer's estimate of the rows it reads at that step, `type` the access
 * (`ALL` a full scan, `index` a full index scan, `range`, `ref`, `eq_ref`, `const`...).
 */
export interface PlanStep {
  id: number | null;
  selectType: string | null;
  table: string | null;
  type: string | null;
  possibleKeys: string | null;
  key: string | null;
  rows: number | null;
  extra: string | null;
}

/**
 * One finding, in three parts (after rustc's and squawk's `note:` / `help:` lines):
 *
 * - `message`: the headline, one line: what happens (e.g. "may fail with ERROR 1062: `users` may
 *   already hold two rows with the same `email`").
 * - `notes`: why: the collation, the NULL rule, the rows the check saw. One paragraph each.
 * - `help`: what to do: the duplicate-finder query, the fix. One paragraph each.
 *
 * In a note or help paragraph, a line that starts with two spaces is code (SQL to run): formatters
 * keep it whole, never wrap it. `statementIndex` is the 0-based
 * index of the statement in its file, counting the top-level statements the splitter produced
 * (inner statements of a stored program share their parent's index).
 */
export interface Diagnostic {
  ruleId: string;
  severity: Severity;
  /** The headline: one line, no line break. */
  message: string;
  /** Why: paragraphs explaining the headline. Absent when there is nothing to add. */
  notes?: string[];
  /** What to do: paragraphs with the fix, or the query to run first. Absent when there is nothing to add. */
  help?: string[];
  /** Path of the file as given on the command line (or `<stdin>`). */
  file: string;
  range: SourceRange;
  statementIndex: number;
  /** Link to the rule's documentation page. */
  docsUrl?: string;
  fix?: SuggestedFix;
  live?: LiveEvidence;
  /**
   * Machine-readable facts a rule attaches for later stages (live probes, formatters), for example
   * the unique key a statement adds. Not part of the stable JSON output.
   */
  data?: Record<string, unknown>;
}

/** The parts of a diagnostic's text. */
export type DiagnosticText = Pick<Diagnostic, 'message' | 'notes' | 'help'>;

/**
 * A diagnostic's whole text as plain lines: the headline, then `note: ...` and `help: ...`
 * paragraphs, each on its own line (code lines stay indented under them). For formats with one
 * text field (GitHub annotations, JUnit failures).
 */
export function diagnosticText(diagnostic: DiagnosticText): string {
  const parts = [diagnostic.message];
  for (const note of diagnostic.notes ?? []) parts.push(`note: ${note}`);
  for (const help of diagnostic.help ?? []) parts.push(`help: ${help}`);
  return parts.join('\n');
}

/** Severity ordering: `error` > `warning` > `info`. */
export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/**
 * Maps offsets of one text to 1-based line:column positions.
 *
 * Building it scans the text once for line breaks (`\n`; a `\r\n` pair ends a line at the `\n`,
 * and a lone `\r` is not a line break); each lookup is a binary search, O(log lines).
 */
export class LineIndex {
  private readonly lineStarts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    let index = text.indexOf('\n');
    while (index !== -1) {
      starts.push(index + 1);
      index = text.indexOf('\n', index + 1);
    }
    this.lineStarts = starts;
  }

  /** Number of lines (a text with no line break has one). */
  get lineCount(): number {
    return this.lineStarts.length;
  }

  /**
   * The position of `offset`. Offsets outside `[0, text.length]` are clamped.
   */
  position(offset: number): SourcePosition {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStarts[middle]! <= clamped) low = middle;
      else high = middle - 1;
    }
    return { offset: clamped, line: low + 1, column: clamped - this.lineStarts[low]! + 1 };
  }

  /** The range `[startOffset, endOffset)`. */
  range(startOffset: number, endOffset: number): SourceRange {
    return { start: this.position(startOffset), end: this.position(endOffset) };
  }
}
