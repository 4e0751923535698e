/**
 * The `gitlab` format: a GitLab Code Quality report ("Code Quality report format": a JSON array
 * whose objects carry `description`, `check_name`, `fingerprint`, `severity`, `location.path`
 * and `location.lines.begin`).
 *
 * The fingerprint is unique per finding (GitLab shows findings with equal fingerprints as one)
 * and stable across edits elsewhere in the file: SHA-256 of the file path, the rule id, the hash
 * of the flagged statement text and the occurrence counter (src/report/fingerprint.ts). Severity:
 * `info` → `info`, `warning` → `minor`, `error` → `major`. `description` is the headline (and the
 * rule's documentation link); the notes and help go to `content.body` as Markdown (the Code Climate
 * spec's optional `content` field). Never contains colour or annotations.
 */
import type { Diagnostic, Severity } from '../diagnostic.js';
import { hashParts, identifyFindings } from './fingerprint.js';
import { markdownDetails } from './markdown.js';
import type { RunResult } from './result.js';

const SEVERITY: Record<Severity, 'info' | 'minor' | 'major'> = { info: 'info', warning: 'minor', error: 'major' };

/** One Code Quality finding. */
export interface CodeQualityIssue {
  type: 'issue';
  check_name: string;
  description: string;
  categories: string[];
  severity: 'info' | 'minor' | 'major';
  fingerprint: string;
  /** The notes and help as Markdown; absent when the finding has none. */
  content?: { body: string };
  location: { path: string; lines: { begin: number; end: number } };
}

function detailsOf(diagnostic: Diagnostic): { content?: { body: string } } {
  const body = markdownDetails(diagnostic);
  return body === '' ? {} : { content: { body } };
}

/** Renders a run as a Code Quality report (pretty-printed JSON array with a trailing newline). */
export function formatGitlab(result: RunResult): string {
  const issues: CodeQualityIssue[] = [];
  for (const file of result.files) {
    const identities = identifyFindings(file.path, file.text, file.diagnostics);
    file.diagnostics.forEach((diagnostic, index) => {
      const identity = identities[index]!;
      const docs = diagnostic.docsUrl ? ` (${diagnostic.docsUrl})` : '';
      issues.push({
        type: 'issue',
        check_name: diagnostic.ruleId,
        description: `${diagnostic.message.replace(/\s*\n\s*/g, ' ')}${docs}`,
        ...detailsOf(diagnostic),
        categories: ['Bug Risk'],
        severity: SEVERITY[diagnostic.severity],
        fingerprint: hashParts([identity.file, identity.ruleId, identity.textHash, String(identity.occurrence)], 64),
        location: { path: file.path, lines: { begin: diagnostic.range.start.line, end: diagnostic.range.end.line } },
      });
    });
  }
  return `${JSON.stringify(issues, null, 2)}\n`;
}
