/**
 * The `github` format: GitHub Actions workflow commands, one annotation per diagnostic
 * ("Workflow commands for GitHub Actions": `::error file=...,line=...,col=...,endLine=...,
 * endColumn=...,title=...::message`).
 *
 * Escaping follows the Actions runner: in the message `%`, `\r` and `\n` become `%25`, `%0D`,
 * `%0A`; in property values `:` and `,` also become `%3A` and `%2C`. `col` and `endColumn` are
 * 1-based and inclusive (the last flagged character). The annotation's message is the headline,
 * then the `note:` and `help:` paragraphs on lines of their own. `info` findings become `notice`
 * annotations, and are left out unless the minimum severity asks for them (`--verbose`). GitHub shows at most 10 annotations of each kind per step, so the CLI prints these
 * lines next to the full report, never instead of it. `file` is the path from the repository root
 * when the root is known (GitHub matches annotations to the repository's files by it), so a run
 * from a subfolder annotates the right file; otherwise the path as shown.
 */
import { diagnosticText, SEVERITY_RANK, type Diagnostic, type Severity } from '../diagnostic.js';
import type { RunResult } from './result.js';
import { repositoryPathOf } from './repository-path.js';

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
  return `::${COMMAND[diagnostic.severity]} ${properties.join(',')}::${escapeData(diagnosticText(diagnostic) + docs)}`;
}

/** Display options of the github format. */
export interface GithubOptions {
  /** Least severity annotated; default `warning` (infos are left out). */
  minimumSeverity?: Severity;
  /** Absolute path of the repository root (git's top level); annotated paths are made relative to it. */
  sourceRoot?: string;
  /** Absolute folder the results' paths are relative to (default: the process's working directory). */
  cwd?: string;
}

/** Renders the diagnostics of a run at or above the minimum severity as workflow commands, one per line. */
export function formatGithub(result: RunResult, options: GithubOptions = {}): string {
  const minimum = SEVERITY_RANK[options.minimumSeverity ?? 'warning'];
  const lines: string[] = [];
  for (const file of result.files) {
    const shown = options.sourceRoot === undefined ? file.path : (repositoryPathOf(file.path, options.sourceRoot, options.cwd ?? process.cwd()) ?? file.path);
    for (const diagnostic of file.diagnostics) if (SEVERITY_RANK[diagnostic.severity] >= minimum) lines.push(annotationFor(shown, diagnostic));
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
