/**
 * The `stylish` format, for people at a terminal. Per file:
 *
 * ```
 * db/migrations/V2__users.sql
 *   3:1  warning[add-unique-key]: ALTER TABLE `users` ADD UNIQUE KEY `uk_email` may fail with ERROR 1062
 *        note: rows with a NULL key part never collide
 *        help: run this first and fix or remove the rows it returns:
 *                SELECT ...
 *      2 | CREATE TABLE ...
 *    > 3 | ALTER TABLE users ADD UNIQUE KEY uk_email (email);
 *        | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
 * ```
 *
 * then a summary line. The headline shares the finding's row with its position, severity and rule
 * id; the live verdict, notes and help follow, indented and word-wrapped at the width (the
 * terminal's); the code frame shows the statement with SQL highlighting (src/report/
 * sql-highlight.ts). Findings below the minimum severity (default: warnings, so infos are hidden)
 * are counted in the summary instead of printed. Findings of one rule on consecutive statements of
 * a file that say the same thing up to names and values (nine `CONVERT TO` lines) fold into the
 * first, followed by "and 8 more like it, lines 33-41". Colour only when the caller says so.
 */
import { createColors } from 'picocolors';
import { SEVERITY_RANK, type Diagnostic, type Severity } from '../diagnostic.js';
import type { FileLintResult } from '../engine/lint.js';
import type { RunResult } from './result.js';
import { sqlSpans, type SqlSpanKind } from './sql-highlight.js';
import { describeHidden } from './hidden.js';
import { fileForTerminal } from './terminal-text.js';

/** Display options of the stylish format. */
export interface StylishOptions {
  color: boolean;
  /** Print code frames under diagnostics; default true. */
  codeFrames?: boolean;
  /** Columns to wrap text at (the terminal's width); default 100, at least 60. */
  width?: number;
  /**
   * Least severity printed; default `warning` (infos are counted in the summary, not printed).
   * `--verbose` sets it to `info`.
   */
  minimumSeverity?: Severity;
  /** Fold findings that repeat on consecutive statements into the first; default true. */
  fold?: boolean;
}

/** Longest source line a code frame shows before cutting it. */
const MAX_FRAME_LINE = 160;
/** Longest line lexed whole for highlighting; longer ones are lexed only as far as they are shown. */
const MAX_LEXED_LINE = 10_000;
/** Most source lines of a statement a code frame shows. */
const MAX_FRAME_LINES = 6;
/** Narrowest width wrapped to. */
const MIN_WIDTH = 60;
/** Width when the caller gives none (not a terminal). */
const DEFAULT_WIDTH = 100;

type Colors = ReturnType<typeof createColors>;

const PLURAL: Record<Severity, [string, string]> = { error: ['error', 'errors'], warning: ['warning', 'warnings'], info: ['info', 'infos'] };

function counted(count: number, [one, many]: [string, string]): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

function severityColor(severity: Severity, colors: Colors): (text: string) => string {
  if (severity === 'error') return (text) => colors.bold(colors.red(text));
  if (severity === 'warning') return (text) => colors.bold(colors.yellow(text));
  return (text) => colors.bold(colors.blue(text));
}

// ---------------------------------------------------------------------------------------------
// Code frames
// ---------------------------------------------------------------------------------------------

function spanColor(kind: SqlSpanKind, colors: Colors): ((text: string) => string) | undefined {
  switch (kind) {
    case 'keyword':
      return colors.cyan;
    case 'string':
      return colors.green;
    case 'comment':
      return colors.gray;
    case 'quoted-identifier':
      return colors.yellow;
    case 'number':
    case 'variable':
      return colors.magenta;
    default:
      return undefined;
  }
}

/**
 * The lines of `text` (a window of whole source lines), each cut at MAX_FRAME_LINE characters and,
 * with colour, highlighted as SQL. Colour codes never span a line break.
 */
function frameLines(text: string, colors: Colors, color: boolean, maxLine: number = MAX_FRAME_LINE): string[] {
  const cut = (line: string): string => (line.length > maxLine ? `${line.slice(0, maxLine)}…` : line);
  let rawLines = text.split('\n');
  if (!color) return rawLines.map((line) => cut(line.replace(/\r$/, '')));
  // A line of a huge dump (one INSERT of megabytes) is lexed only as far as it is shown.
  if (rawLines.some((line) => line.length > MAX_LEXED_LINE)) {
    rawLines = rawLines.map((line) => (line.length > MAX_LEXED_LINE ? line.slice(0, maxLine + 1) : line));
    text = rawLines.join('\n');
  }
  const spans = sqlSpans(text);
  const out: string[] = [];
  let lineStart = 0;
  let spanIndex = 0;
  for (const rawLine of rawLines) {
    const line = rawLine.replace(/\r$/, '');
    const shownEnd = lineStart + Math.min(line.length, maxLine);
    let rendered = '';
    while (spanIndex < spans.length && spans[spanIndex]!.end <= lineStart) spanIndex += 1;
    for (let index = spanIndex; index < spans.length && spans[index]!.start < shownEnd; index++) {
      const span = spans[index]!;
      const piece = text.slice(Math.max(span.start, lineStart), Math.min(span.end, shownEnd));
      const paint = spanColor(span.kind, colors);
      rendered += paint ? paint(piece) : piece;
    }
    out.push(line.length > maxLine ? `${rendered}${colors.gray('…')}` : rendered);
    lineStart += rawLine.length + 1;
  }
  return out;
}

/**
 * A code frame of the lines `[start.line, end.line]` of a diagnostic (at most MAX_FRAME_LINES),
 * with one line of context above and below, a `>` gutter mark and `^` markers under the flagged
 * text. Read from a window of the file so that a huge file is never split whole. With `color`, the
 * SQL is highlighted with the project's lexer.
 */
export function codeFrameFor(text: string, diagnostic: Diagnostic, color: boolean): string {
  const colors = createColors(color);
  const { start, end } = diagnostic.range;
  const firstLine = Math.max(1, start.line - 1);
  const endLine = Math.min(end.line, start.line + MAX_FRAME_LINES - 1);
  const lastLine = endLine + 1;
  let from = start.offset - (start.column - 1);
  for (let line = start.line; line > firstLine && from > 0; line--) {
    from = text.lastIndexOf('\n', from - 2) + 1;
  }
  let to = start.offset;
  for (let line = start.line; line <= lastLine; line++) {
    const next = text.indexOf('\n', to);
    if (next === -1) {
      to = text.length;
      break;
    }
    to = next + 1;
  }
  const windowText = text.slice(from, to).replace(/\r?\n$/, '');
  const plain = windowText.split('\n').map((line) => line.replace(/\r$/, ''));
  const shown = frameLines(windowText, colors, color);
  const numberWidth = String(firstLine + plain.length - 1).length;
  const out: string[] = [];
  plain.forEach((line, index) => {
    const lineNumber = firstLine + index;
    const flagged = lineNumber >= start.line && lineNumber <= endLine;
    const gutter = `${flagged ? colors.bold(colors.red('>')) : ' '} ${colors.gray(`${String(lineNumber).padStart(numberWidth)} |`)}`;
    out.push(line.length > 0 ? `${gutter} ${shown[index]}` : gutter);
    if (!flagged) return;
    const visible = Math.min(line.length, MAX_FRAME_LINE);
    const markFrom = lineNumber === start.line ? Math.min(start.column - 1, visible) : 0;
    let markTo = lineNumber === end.line ? Math.min(end.column - 1, visible) : visible;
    if (lineNumber === start.line && markTo <= markFrom) markTo = markFrom + 1;
    if (markTo <= markFrom) return;
    const lead = line.slice(0, markFrom).replace(/[^\t]/g, ' ');
    out.push(`  ${colors.gray(`${' '.repeat(numberWidth)} |`)} ${lead}${colors.bold(colors.red('^'.repeat(markTo - markFrom)))}`);
  });
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------------------------

/**
 * Word-wraps a text to `width` columns (`firstLineWidth` for its first line, which shares a row
 * with a label). Lines of the text that start with a blank (SQL to run, lists) are kept as they
 * are; the others are wrapped at spaces. A word longer than the width gets a line of its own.
 */
export function wrapMessage(message: string, width: number, firstLineWidth: number = width): string[] {
  const lines: string[] = [];
  const limit = (): number => Math.max(10, lines.length === 0 ? firstLineWidth : width);
  for (const paragraph of message.split('\n')) {
    if (/^\s/.test(paragraph) || paragraph.length <= limit()) {
      lines.push(paragraph);
      continue;
    }
    let line = '';
    for (const word of paragraph.split(' ')) {
      if (line.length > 0 && line.length + 1 + word.length > limit()) {
        lines.push(line);
        line = word;
      } else line = line.length > 0 ? `${line} ${word}` : word;
    }
    if (line.length > 0) lines.push(line);
  }
  return lines;
}

/**
 * A labelled paragraph (`note: ...`) at `indent` columns, wrapped at `width`; its continuation
 * lines align after the label, and its code lines (starting with two spaces) sit under the text,
 * whole.
 */
function labelled(label: string, text: string, indent: number, width: number, paint: (text: string) => string, colors: Colors): string[] {
  const hang = indent + label.length + 2;
  const wrapped = wrapMessage(text, width - hang);
  return wrapped.map((line, index) => {
    // Code lines (SQL to copy) are highlighted like the code frame, and never cut.
    const body = /^\s/.test(line) ? frameLines(line, colors, colors.isColorSupported, Number.POSITIVE_INFINITY)[0]! : line;
    return index === 0 ? `${' '.repeat(indent)}${paint(`${label}:`)} ${body}` : line.length === 0 ? '' : `${' '.repeat(hang)}${body}`;
  });
}

/** A key value as SQL shows it: strings quoted with `'`, NULL, numbers as they are. */
function sqlValue(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') return `'${value.replace(/'/g, "''")}'`;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** One duplicate group: `'a' x2`, or `('a', 1) x2` for a key of several parts. */
function sampleText(sample: { values: unknown[]; count: number }): string {
  const values = sample.values.length === 1 ? sqlValue(sample.values[0]) : `(${sample.values.map(sqlValue).join(', ')})`;
  return `${values} x${sample.count.toLocaleString('en-US')}`;
}

/**
 * The live evidence of a diagnostic as a verdict and its text, e.g. `fails`, `3 duplicate groups
 * among 1,204 rows, e.g. 'alice@example.com' x2 (840 ms)`; then the other samples and the probe's
 * notes as further paragraphs.
 */
function liveParts(diagnostic: Diagnostic): { verdict: string; text: string; more: string[] } {
  const live = diagnostic.live!;
  const rows = live.rowsScanned !== undefined ? ` among ${live.rowsScanned.toLocaleString('en-US')} rows` : '';
  const took = live.elapsedMs !== undefined ? ` (${Math.round(live.elapsedMs).toLocaleString('en-US')} ms)` : '';
  const samples = live.samples ?? [];
  const groups = live.duplicateGroups ?? 0;
  const failing = live.verdict === 'fails' && groups > 0;
  let text: string;
  if (failing) text = `${live.duplicateGroupsAtLeast ? 'at least ' : ''}${counted(groups, ['duplicate group', 'duplicate groups'])}${rows}${samples[0] ? `, e.g. ${sampleText(samples[0])}` : ''}`;
  else if (live.verdict === 'passes') text = `0 duplicates${rows}`;
  else text = live.reason ?? 'no reason given';
  const more: string[] = [];
  if (failing && samples.length > 1) more.push(`also ${samples.slice(1).map(sampleText).join(', ')}`);
  // A failing probe's reason repeats the headline first; only the notes after it are new.
  let notes = failing ? (live.reason ?? '').split('; ').slice(1).join('; ') : live.verdict === 'passes' ? (live.reason ?? '') : '';
  // A passing probe's reason may start with the same count the verdict line gives.
  if (live.verdict === 'passes' && notes.startsWith(text)) notes = notes.slice(text.length).replace(/^[\s,;:]+/, '');
  if (notes !== '') more.push(notes);
  return { verdict: live.verdict, text: `${text}${took}`, more };
}

function liveLines(diagnostic: Diagnostic, indent: number, width: number, colors: Colors): string[] {
  const { verdict, text, more } = liveParts(diagnostic);
  const paint = verdict === 'fails' ? colors.red : verdict === 'passes' ? colors.green : colors.yellow;
  const lines = labelled('live', `${verdict}: ${text}`, indent, width, (label) => colors.bold(label), colors).map((line, index) =>
    index === 0 ? line.replace(`${verdict}:`, paint(`${verdict}:`)) : line,
  );
  for (const paragraph of more) {
    for (const line of wrapMessage(paragraph, width - indent - 6)) lines.push(`${' '.repeat(indent + 6)}${colors.dim(line)}`);
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Folding
// ---------------------------------------------------------------------------------------------

/** The text of a diagnostic with names, strings and numbers masked: what "like it" compares. */
function shapeOf(diagnostic: Diagnostic): string {
  const mask = (text: string): string =>
    text
      .replace(/`(?:[^`]|``)*`/g, '`?`')
      .replace(/'(?:[^'\\]|''|\\.)*'/g, "'?'")
      .replace(/\b\d[\d,._]*\b/g, '0');
  const parts = [diagnostic.ruleId, diagnostic.severity, diagnostic.message, ...(diagnostic.notes ?? []), '\u0000', ...(diagnostic.help ?? [])];
  return `${mask(parts.join('\u0001'))}\u0002${diagnostic.live?.verdict ?? ''}`;
}

/** A shown finding, with the findings like it that fold into it. */
interface Shown {
  diagnostic: Diagnostic;
  folded: Diagnostic[];
}

/**
 * Groups a file's diagnostics (in file order): a diagnostic whose rule, severity, masked text and
 * live verdict equal those of the previous one of its rule, on the same or the next statement,
 * folds into the first of that run.
 */
function foldRepeats(diagnostics: readonly Diagnostic[], fold: boolean): Shown[] {
  const shown: Shown[] = [];
  const openRun = new Map<string, { entry: Shown; shape: string; lastStatement: number }>();
  for (const diagnostic of diagnostics) {
    const shape = shapeOf(diagnostic);
    const run = fold ? openRun.get(diagnostic.ruleId) : undefined;
    if (run && run.shape === shape && diagnostic.statementIndex <= run.lastStatement + 1 && diagnostic.statementIndex >= run.lastStatement) {
      run.entry.folded.push(diagnostic);
      run.lastStatement = diagnostic.statementIndex;
      continue;
    }
    const entry: Shown = { diagnostic, folded: [] };
    shown.push(entry);
    openRun.set(diagnostic.ruleId, { entry, shape, lastStatement: diagnostic.statementIndex });
  }
  return shown;
}

/** `line 33` or `lines 33-41` (first and last line of the folded findings). */
function foldedLines(folded: readonly Diagnostic[]): string {
  const first = folded[0]!.range.start.line;
  const last = folded.at(-1)!.range.start.line;
  return first === last ? `line ${first}` : `lines ${first}-${last}`;
}

// ---------------------------------------------------------------------------------------------
// Files and the run
// ---------------------------------------------------------------------------------------------

function formatFile(file: FileLintResult, diagnostics: readonly Diagnostic[], options: StylishOptions, colors: Colors): string {
  const width = Math.max(MIN_WIDTH, options.width ?? DEFAULT_WIDTH);
  const out: string[] = [colors.underline(file.path)];
  const positionWidth = Math.max(...diagnostics.map((d) => `${d.range.start.line}:${d.range.start.column}`.length));
  const indent = 2 + positionWidth + 2;
  for (const { diagnostic, folded } of foldRepeats(diagnostics, options.fold !== false)) {
    const position = `${diagnostic.range.start.line}:${diagnostic.range.start.column}`.padEnd(positionWidth);
    const label = `${diagnostic.severity}[${diagnostic.ruleId}]:`;
    const paint = severityColor(diagnostic.severity, colors);
    const headlineColumn = 2 + positionWidth + 2 + label.length + 1;
    const [first = '', ...rest] = wrapMessage(diagnostic.message, width - indent - 2, width - headlineColumn);
    out.push(`  ${colors.dim(position)}  ${paint(label)} ${colors.bold(first)}`);
    for (const line of rest) out.push(`${' '.repeat(indent + 2)}${colors.bold(line)}`);
    if (diagnostic.live) out.push(...liveLines(diagnostic, indent, width, colors));
    for (const note of diagnostic.notes ?? []) out.push(...labelled('note', note, indent, width, (text) => colors.bold(colors.cyan(text)), colors));
    for (const help of diagnostic.help ?? []) out.push(...labelled('help', help, indent, width, (text) => colors.bold(colors.green(text)), colors));
    if (options.codeFrames !== false && file.text.length > 0) {
      for (const line of codeFrameFor(file.text, diagnostic, options.color).split('\n')) out.push(`${' '.repeat(indent - 2)}${line}`);
    }
    if (folded.length > 0) {
      out.push(`${' '.repeat(indent)}${colors.dim(`and ${folded.length} more like it, ${foldedLines(folded)} (--verbose shows each)`)}`);
    }
    out.push('');
  }
  return out.join('\n');
}

/** `error`, `warning` and `info` counts not printed, e.g. `3 infos hidden (--verbose shows them)`. */
function hiddenNote(hidden: Record<Severity, number>): string {
  const parts = (['error', 'warning', 'info'] as const).filter((severity) => hidden[severity] > 0).map((severity) => counted(hidden[severity], PLURAL[severity]));
  if (parts.length === 0) return '';
  return `; ${parts.join(', ')} hidden (--verbose shows them)`;
}

/**
 * Renders a run for a terminal (see the module docstring). The summary counts every finding of
 * the run: the printed ones by severity, then the hidden ones.
 */
export function formatStylish(result: RunResult, options: StylishOptions): string {
  const colors = createColors(options.color);
  const minimum = SEVERITY_RANK[options.minimumSeverity ?? 'warning'];
  const hidden: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const shownCount: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const sections: string[] = [];
  for (const file of result.files.map(fileForTerminal)) {
    const visible: Diagnostic[] = [];
    for (const diagnostic of file.diagnostics) {
      if (SEVERITY_RANK[diagnostic.severity] >= minimum) {
        visible.push(diagnostic);
        shownCount[diagnostic.severity]++;
      } else hidden[diagnostic.severity]++;
    }
    if (visible.length > 0) sections.push(formatFile(file, visible, options, colors));
  }
  const { summary } = result;
  const counts = `${counted(summary.files, ['file', 'files'])}, ${counted(summary.statements, ['statement', 'statements'])} (${summary.unparsed.toLocaleString('en-US')} not parsed)`;
  const problems = shownCount.error + shownCount.warning + shownCount.info;
  const tallyParts = [counted(shownCount.error, PLURAL.error), counted(shownCount.warning, PLURAL.warning)];
  if (shownCount.info > 0 || minimum <= SEVERITY_RANK.info) tallyParts.push(counted(shownCount.info, PLURAL.info));
  const tally = `${counted(problems, ['problem', 'problems'])} (${tallyParts.join(', ')})`;
  const note = hiddenNote(hidden);
  const line =
    problems === 0
      ? `${colors.green(`✔ no problems in ${counts}`)}${colors.dim(note)}`
      : `${shownCount.error > 0 ? colors.red('✖') : colors.yellow('⚠')} ${tally} in ${counts}${colors.dim(note)}`;
  return `${sections.join('\n')}${sections.length > 0 ? '\n' : ''}${line}${describeHidden(summary)}\n`;
}
