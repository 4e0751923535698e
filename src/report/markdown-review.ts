/**
 * The `markdown` format: a review report for people, written for a GitHub job summary, a pull
 * request comment or a review of a migration by hand.
 *
 * ```
 * ## uniqlint
 *
 * **1 statement will fail** (checked on the database), 2 statements have warnings, 1 note.
 *
 * ### `db/migrations/V2__users.sql`
 *
 * - **error** · [`db/migrations/V2__users.sql:2`](https://github.com/o/r/blob/<sha>/db/migrations/V2__users.sql#L2-L3) · [`add-unique-key`](docs)<br>
 *   ADD UNIQUE `uk_email` may fail with ERROR 1062: ...
 *
 *   **live: fails**: 3 duplicate groups among 1,204 rows (840 ms); e.g. `'a@x.org'` ×2
 *
 *   **note:** ...
 *
 *   **help:** run this query first ...
 *
 *   <details><summary>SQL</summary> ```sql SELECT ... ``` </details>
 * ```
 *
 * The summary line counts statements, not findings: a statement "will fail" when a live probe
 * found that it fails on the database's rows (verdict `fails`); the others are counted by the
 * highest severity of their findings; infos are "notes". One section per file with findings, in
 * the run's order; within it errors and warnings in order of position, then the infos in a
 * collapsed block. SQL lines of the help (the duplicate-finder query) and the query a live probe
 * ran are in collapsed `<details>` blocks.
 *
 * A location links to the file at the run's commit when `sourceUrl` is given (GitHub-style line
 * anchors `#L2-L3`, which Gitea and Forgejo read too) and the file lies inside `sourceRoot`;
 * otherwise (stdin, a file outside the repository) it is a plain `path:line`.
 * Everything from a migration or the database is escaped (src/report/markdown.ts). Pure: reads
 * no file and no environment.
 */
import { SEVERITY_RANK, type Diagnostic } from '../diagnostic.js';
import type { FileLintResult } from '../engine/lint.js';
import { describeHidden } from './hidden.js';
import { counted, liveEvidenceWords, sampleValues } from './live-evidence.js';
import { codeSpan, collapsible, escapeMarkdown, fencedCode, markdownDetails, markdownLink } from './markdown.js';
import type { RunResult } from './result.js';
import { repositoryPathOf } from './repository-path.js';

/** What the markdown review report needs besides the results. */
export interface MarkdownReviewOptions {
  /**
   * URL of the repository's tree at the run's commit, without a trailing slash, e.g.
   * `https://github.com/o/r/blob/4f1c...`; a file's link is this, `/`, its path from `sourceRoot`,
   * and a line anchor. Without it, locations are plain `path:line`.
   */
  sourceUrl?: string;
  /** Absolute path of the repository root (git's top level), that linked paths are relative to. Default: `cwd`. */
  sourceRoot?: string;
  /** Absolute folder the results' paths are relative to (default: the process's working directory). */
  cwd?: string;
  /** uniqlint's version, named in the last line. */
  toolVersion?: string;
}

/** A statement is known by its file and its index in the file. */
function statementKey(fileIndex: number, diagnostic: Diagnostic): string {
  return `${fileIndex}:${diagnostic.statementIndex}`;
}

/** `n statement(s) <verb>`, with the verb's singular or plural form. */
function statements(count: number, [one, many]: [string, string]): string {
  return `${counted(count, ['statement', 'statements'])} ${count === 1 ? one : many}`;
}

/**
 * The one-line summary: "**2 statements will fail** (...), 1 statement has errors, 3 statements
 * have warnings, 5 notes", or "No findings in ...".
 */
export function reviewSummaryLine(result: RunResult): string {
  // The worst of each statement: 3 a live `fails` verdict, else the severity's rank (2 error, 1 warning, 0 info).
  const worst = new Map<string, number>();
  let notes = 0;
  result.files.forEach((file, fileIndex) => {
    for (const diagnostic of file.diagnostics) {
      if (diagnostic.severity === 'info') notes++;
      const rank = diagnostic.live?.verdict === 'fails' ? 3 : SEVERITY_RANK[diagnostic.severity];
      const key = statementKey(fileIndex, diagnostic);
      worst.set(key, Math.max(rank, worst.get(key) ?? 0));
    }
  });
  const tally = [0, 0, 0, 0];
  for (const rank of worst.values()) tally[rank]!++;
  const [, warnings, errors, fails] = tally as [number, number, number, number];
  const parts: string[] = [];
  if (fails > 0) parts.push(`**${statements(fails, ['will fail', 'will fail'])}** (checked on the database)`);
  if (errors > 0) parts.push(statements(errors, ['has errors', 'have errors']));
  if (warnings > 0) parts.push(statements(warnings, ['has warnings', 'have warnings']));
  if (notes > 0) parts.push(counted(notes, ['note', 'notes']));
  const hidden = describeHidden(result.summary);
  if (parts.length === 0) {
    return `No findings in ${counted(result.summary.statements, ['statement', 'statements'])} of ${counted(result.summary.files, ['file', 'files'])}${escapeMarkdown(hidden)}.`;
  }
  return `${parts.join(', ')}${escapeMarkdown(hidden)}.`;
}

/** The last line a range covers: a range ending at column 1 of a line ends on the line before. */
function lastLine(diagnostic: Diagnostic): number {
  const { start, end } = diagnostic.range;
  return end.line > start.line && end.column === 1 ? end.line - 1 : end.line;
}

/** `path:line` as a code span, linked to the line (range) when the report knows the source URL. */
function location(file: FileLintResult, diagnostic: Diagnostic, options: MarkdownReviewOptions): string {
  const line = diagnostic.range.start.line;
  const text = codeSpan(`${file.path}:${line}`);
  const cwd = options.cwd ?? process.cwd();
  const inRepository = options.sourceUrl === undefined ? undefined : repositoryPathOf(file.path, options.sourceRoot ?? cwd, cwd);
  if (options.sourceUrl === undefined || inRepository === undefined) return text;
  const encoded = inRepository
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
  const last = lastLine(diagnostic);
  const anchor = last > line ? `#L${line}-L${last}` : `#L${line}`;
  return markdownLink(text, `${options.sourceUrl.replace(/\/+$/, '')}/${encoded}${anchor}`);
}

/** The live verdict as a paragraph, its query in a collapsed block (empty without live evidence). */
function liveParagraphs(diagnostic: Diagnostic): string[] {
  const live = diagnostic.live;
  if (!live) return [];
  const words = liveEvidenceWords(live);
  let line = `**live: ${words.verdict}**: ${escapeMarkdown(words.counts)}${words.took}`;
  if (words.samples.length > 0) line += `; e.g. ${words.samples.map((sample) => `${codeSpan(sampleValues(sample))} ×${sample.count.toLocaleString('en-US')}`).join(', ')}`;
  const out = [line];
  if (words.notes !== '') out.push(escapeMarkdown(words.notes));
  if (live.query) out.push(collapsible('Query the live check ran', fencedCode(live.query, 'sql')));
  return out;
}

/** One finding as a list item: its header line, headline, live verdict, notes and help. */
function findingItem(file: FileLintResult, diagnostic: Diagnostic, options: MarkdownReviewOptions): string {
  const rule = diagnostic.docsUrl ? markdownLink(codeSpan(diagnostic.ruleId), diagnostic.docsUrl) : codeSpan(diagnostic.ruleId);
  const blocks = [
    `**${diagnostic.severity}** · ${location(file, diagnostic, options)} · ${rule}<br>\n${escapeMarkdown(diagnostic.message)}`,
    ...liveParagraphs(diagnostic),
  ];
  const details = markdownDetails(diagnostic, { collapseCodeAs: 'SQL' });
  if (details !== '') blocks.push(details);
  // Continuation lines are indented under the list marker, so every block belongs to the item.
  const body = blocks.join('\n\n').split('\n').map((text, index) => (index === 0 || text === '' ? text : `  ${text}`));
  return `- ${body.join('\n')}`;
}

/** One file's section: a heading, its errors and warnings, then its infos collapsed. */
function fileSection(file: FileLintResult, options: MarkdownReviewOptions): string {
  const shown = file.diagnostics.filter((diagnostic) => diagnostic.severity !== 'info');
  const infos = file.diagnostics.filter((diagnostic) => diagnostic.severity === 'info');
  const out = [`### ${codeSpan(file.path)}`];
  if (shown.length > 0) out.push(shown.map((diagnostic) => findingItem(file, diagnostic, options)).join('\n\n'));
  if (infos.length > 0) out.push(collapsible(counted(infos.length, ['note', 'notes']), infos.map((diagnostic) => findingItem(file, diagnostic, options)).join('\n\n')));
  return out.join('\n\n');
}

/** Renders a run as the markdown review report (module docstring), with a trailing newline. */
export function formatMarkdownReview(result: RunResult, options: MarkdownReviewOptions = {}): string {
  const sections = ['## uniqlint', reviewSummaryLine(result)];
  for (const file of result.files) if (file.diagnostics.length > 0) sections.push(fileSection(file, options));
  const { summary } = result;
  const live = result.files.flatMap((file) => file.diagnostics.map((diagnostic) => diagnostic.live?.verdict)).filter((verdict) => verdict !== undefined);
  const liveCounts = (['fails', 'passes', 'unknown'] as const).map((verdict) => [verdict, live.filter((value) => value === verdict).length] as const).filter(([, count]) => count > 0);
  const liveText = liveCounts.length > 0 ? `; live checks: ${liveCounts.map(([verdict, count]) => `${count} ${verdict}`).join(', ')}` : '';
  const version = options.toolVersion ? ` ${options.toolVersion}` : '';
  sections.push(`<sub>uniqlint${version} read ${counted(summary.statements, ['statement', 'statements'])} in ${counted(summary.files, ['file', 'files'])}${liveText}.</sub>`);
  return `${sections.join('\n\n')}\n`;
}
