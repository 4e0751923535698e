/**
 * The `github` format: GitHub Actions workflow commands, one annotation per diagnostic
 * ("Workflow commands for GitHub Actions": `::error file=...,line=...,col=...,endLine=...,
 * endColumn=...,title=...::message`).
 *
 * Escaping follows the Actions runner: in the message `%`, `\r` and `\n` become `%25`, `%0D`,
 * `%0A`; in property values `:` and `,` also become `%3A` and `%2C`. `col` and `endColumn` are
 * 1-based and inclusive (the last flagged character). `info` findings become `notice`
 * annotations. GitHub shows at most 10 annotations of each kind per step, so the CLI prints these
 * lines next to the full report, never instead of it.
 */
import type { Diagnostic, Severity } from '../diagnostic.js';
import type { RunResult } from './result.js';

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', info: 'notice' };

/** Escapes workflow-command message data. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow-command property value. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** The annotation line of one diagnostic (no trailing newline). */
export function annotationFor(file: string, diagnostic: Diagnostic): string {
  const { start, end } = diagnostic.range;
  const lastColumn = end.line === start.line ? Math.max(start.column, end.column - 1) : Math.max(1, end.column - 1);
  const properties = [
    `file=${escapeProperty(file)}`,
    `line=${start.line}`,
    `col=${start.column}`,
    `endLine=${end.line}`,
    `endColumn=${lastColumn}`,
    `title=${escapeProperty(`uniqlint ${diagnostic.ruleId}`)}`,
  ];
  const docs = diagnostic.docsUrl ? `\n\nRule documentation: ${diagnostic.docsUrl}` : '';
  return `::${COMMAND[diagnostic.severity]} ${properties.join(',')}::${escapeData(diagnostic.message + docs)}`;
}

/** Renders every diagnostic of a run as a workflow command, one per line. */
export function formatGithub(result: RunResult): string {
  const lines: string[] = [];
  for (const file of result.files) for (const diagnostic of file.diagnostics) lines.push(annotationFor(file.path, diagnostic));
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
