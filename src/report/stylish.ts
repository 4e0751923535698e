/**
 * The `stylish` format, for people at a terminal: per file, one row per diagnostic
 * (`line:column  severity  message  rule-id`), a code frame of the statement under it, and a
 * summary line. Colour only when the caller says so (a TTY without NO_COLOR).
 */
import { codeFrameColumns, type BabelCodeFrameOptions } from '@babel/code-frame';
import { createColors } from 'picocolors';
import type { Diagnostic, Severity } from '../diagnostic.js';
import type { FileLintResult } from '../engine/lint.js';
import type { RunResult } from './result.js';
import { describeHidden } from './hidden.js';
import { fileForTerminal } from './terminal-text.js';

/** Display options of the stylish format. */
export interface StylishOptions {
  color: boolean;
  /** Print code frames under diagnostics; default true. */
  codeFrames?: boolean;
  /** Columns to wrap messages at (the terminal's width); default 100, at least 60. */
  width?: number;
}

/** Longest source line a code frame shows before cutting it. */
const MAX_FRAME_LINE = 160;
/** Most source lines of a statement a code frame shows. */
const MAX_FRAME_LINES = 6;

type Colors = ReturnType<typeof createColors>;

function severityLabel(severity: Severity, colors: Colors): string {
  const padding = ' '.repeat('warning'.length - severity.length);
  if (severity === 'error') return colors.red('error') + padding;
  if (severity === 'warning') return colors.yellow('warning');
  return colors.blue('info') + padding;
}

/**
 * A code frame of the lines `[start.line, end.line]` of a diagnostic (at most MAX_FRAME_LINES),
 * read from a window of the file so that a huge file is never split whole.
 */
export function codeFrameFor(text: string, diagnostic: Diagnostic, color: boolean): string {
  const { start, end } = diagnostic.range;
  const firstLine = Math.max(1, start.line - 1);
  const lastLine = Math.min(end.line, start.line + MAX_FRAME_LINES - 1) + 1;
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
  const windowLines = text.slice(from, to).replace(/\r?\n$/, '').split(/\r?\n/).map((line) => (line.length > MAX_FRAME_LINE ? `${line.slice(0, MAX_FRAME_LINE)}…` : line));
  const clampColumn = (column: number): number => Math.min(column, MAX_FRAME_LINE + 1);
  const endLine = Math.min(end.line, start.line + MAX_FRAME_LINES - 1);
  const endColumn = endLine === end.line ? clampColumn(end.column) : MAX_FRAME_LINE + 1;
  const options: BabelCodeFrameOptions & { startLine: number } = {
    startLine: firstLine,
    linesAbove: 1,
    linesBelow: 1,
    highlightCode: false,
    forceColor: color,
  };
  return codeFrameColumns(
    windowLines.join('\n'),
    {
      start: { line: start.line, column: clampColumn(start.column) },
      end: { line: endLine, column: Math.max(endColumn, endLine === start.line ? clampColumn(start.column) + 1 : 1) },
    },
    options,
  );
}

function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return text
    .split('\n')
    .map((line) => (line.length > 0 ? pad + line : line))
    .join('\n');
}

/** Column where a diagnostic's message starts: 2 + position (9) + 1 + severity (7) + 2. */
const MESSAGE_COLUMN = 21;

/**
 * Word-wraps a message to `width` columns (`firstLineWidth` for its first line, which shares the
 * row with the rule id). Lines of the message that start with a blank (SQL to run, lists) are kept
 * as they are; the others are wrapped at spaces.
 */
export function wrapMessage(message: string, width: number, firstLineWidth: number = width): string[] {
  const lines: string[] = [];
  const limit = (): number => (lines.length === 0 ? firstLineWidth : width);
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

function formatFile(file: FileLintResult, options: StylishOptions, colors: Colors): string {
  const out: string[] = [colors.underline(file.path)];
  const width = Math.max(60, options.width ?? 100) - MESSAGE_COLUMN;
  for (const diagnostic of file.diagnostics) {
    const position = `${diagnostic.range.start.line}:${diagnostic.range.start.column}`;
    const [firstLine = '', ...rest] = wrapMessage(diagnostic.message, width, width - diagnostic.ruleId.length - 2);
    out.push(`  ${colors.dim(position.padEnd(9))} ${severityLabel(diagnostic.severity, colors)}  ${firstLine}  ${colors.dim(diagnostic.ruleId)}`);
    for (const line of rest) out.push(line.length > 0 ? ' '.repeat(MESSAGE_COLUMN) + line : line);
    if (diagnostic.live) out.push(indent(formatLive(diagnostic, colors), 4));
    if (options.codeFrames !== false) out.push(indent(codeFrameFor(file.text, diagnostic, options.color), 4));
    out.push('');
  }
  return out.join('\n');
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
 * The live evidence under a diagnostic, e.g. `live: fails: 3 duplicate groups among 1,204 rows,
 * e.g. 'alice@example.com' x2`, `live: passes: 0 duplicates among 1,204,118 rows`, or
 * `live: unknown: <reason>`; then the other samples and the probe's notes.
 */
function formatLive(diagnostic: Diagnostic, colors: Colors): string {
  const live = diagnostic.live!;
  const verdict = live.verdict === 'fails' ? colors.red('fails') : live.verdict === 'passes' ? colors.green('passes') : colors.yellow('unknown');
  const rows = live.rowsScanned !== undefined ? ` among ${live.rowsScanned.toLocaleString('en-US')} rows` : '';
  const took = live.elapsedMs !== undefined ? colors.dim(` (${Math.round(live.elapsedMs).toLocaleString('en-US')} ms)`) : '';
  const samples = live.samples ?? [];
  const groups = live.duplicateGroups ?? 0;
  let headline: string;
  let reasonShown = false;
  if (live.verdict === 'fails' && groups > 0) {
    headline = `${groups.toLocaleString('en-US')} duplicate group${groups === 1 ? '' : 's'}${rows}${samples[0] ? `, e.g. ${sampleText(samples[0])}` : ''}`;
  } else if (live.verdict === 'passes') {
    headline = `0 duplicates${rows}`;
  } else {
    headline = live.reason ?? 'no reason given';
    reasonShown = true;
  }
  const lines = [`live: ${verdict}: ${headline}${took}`];
  if (live.verdict === 'fails' && groups > 0 && samples.length > 1) lines.push(`  also ${samples.slice(1).map(sampleText).join(', ')}`);
  // A failing probe's reason repeats the headline first; only the notes after it are new.
  const notes = live.verdict === 'fails' && groups > 0 ? (live.reason ?? '').split('; ').slice(1).join('; ') : (live.reason ?? '');
  if (notes !== '' && !reasonShown) lines.push(colors.dim(`  ${notes}`));
  return lines.join('\n');
}

/** Renders a run for a terminal. */
export function formatStylish(result: RunResult, options: StylishOptions): string {
  const colors = createColors(options.color);
  const sections = result.files.filter((file) => file.diagnostics.length > 0).map((file) => formatFile(fileForTerminal(file), options, colors));
  const { summary } = result;
  const problems = summary.errors + summary.warnings + summary.infos;
  const counts = `${summary.files.toLocaleString('en-US')} file${summary.files === 1 ? '' : 's'}, ${summary.statements.toLocaleString('en-US')} statements (${summary.unparsed.toLocaleString('en-US')} not parsed)`;
  const tally = `${problems} problem${problems === 1 ? '' : 's'} (${summary.errors} error${summary.errors === 1 ? '' : 's'}, ${summary.warnings} warning${summary.warnings === 1 ? '' : 's'}, ${summary.infos} info)`;
  const line = problems === 0 ? colors.green(`✔ no problems in ${counts}`) : `${summary.errors > 0 ? colors.red('✖') : colors.yellow('⚠')} ${tally} in ${counts}`;
  return `${sections.join('\n')}${sections.length > 0 ? '\n' : ''}${line}${describeHidden(summary)}\n`;
}
