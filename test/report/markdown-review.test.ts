/**
 * The markdown review report: snapshots over the shared results with and without live evidence
 * (evidence shaped as src/live's probes attach it), the summary line's counting, links, and the
 * escaping of hostile migration text, checked by rendering the report with a CommonMark parser
 * (markdown-it, raw HTML on, as GitHub allows the tags it keeps).
 */
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { LineIndex, type Diagnostic, type LiveEvidence } from '../../src/diagnostic.js';
import type { FileLintResult } from '../../src/engine/lint.js';
import { formatMarkdownReview, reviewSummaryLine } from '../../src/report/markdown-review.js';
import { summarize, type RunResult } from '../../src/report/result.js';
import { sharedResults } from './shared-results.js';

const markdown = new MarkdownIt({ html: true });

/** The query a duplicate probe runs, shortened (src/live/duplicate-probe.ts builds the real one). */
const probeQuery = [
  'SELECT /* uniqlint live check */ k0, n, total_rows, null_rows, duplicate_groups',
  'FROM (SELECT `email` AS k0, COUNT(*) AS n FROM `shop`.`users` GROUP BY k0 HAVING COUNT(*) > 1) AS d',
].join('\n');

/** The shared results with live evidence on the unique key (fails) and on the first REPLACE (unknown). */
function withLiveEvidence(): RunResult {
  const files = structuredClone(sharedResults.files);
  const users = files[1]!;
  const [addKey, replace] = users.diagnostics as [Diagnostic, Diagnostic];
  addKey.live = {
    verdict: 'fails',
    rowsScanned: 1204,
    duplicateGroups: 3,
    samples: [
      { values: ['alice@example.com'], count: 2 },
      { values: ["o'brien@example.com"], count: 3 },
    ],
    query: probeQuery,
    elapsedMs: 840,
    reason: '3 duplicate group(s) among 1,204 rows, e.g. "alice@example.com" x2; the key compares under utf8mb4_0900_ai_ci',
  };
  addKey.severity = 'error';
  replace.live = { verdict: 'unknown', reason: 'not checked: `settings` is created earlier in this file, so the database does not hold the rows the statement will meet' };
  return { files, summary: summarize(files) };
}

/** A result whose unique key passed the live check (the probe lowers its severity to info). */
function withPassingCheck(): RunResult {
  const files = structuredClone(sharedResults.files);
  const addKey = files[1]!.diagnostics[0]!;
  const evidence: LiveEvidence = {
    verdict: 'passes',
    rowsScanned: 12,
    duplicateGroups: 0,
    samples: [],
    query: probeQuery,
    elapsedMs: 3,
    reason: '0 duplicates among 12 rows at this snapshot; concurrent writes can still add some',
  };
  addKey.live = evidence;
  addKey.severity = 'info';
  return { files, summary: summarize(files) };
}

const linked = { sourceUrl: 'https://github.com/acme/shop/blob/0123456789abcdef0123456789abcdef01234567', sourceRoot: '/repo', cwd: '/repo', toolVersion: '0.1.0' };

describe('snapshots', () => {
  it('without live verdicts, locations linked to the commit', () => expect(formatMarkdownReview(sharedResults, linked)).toMatchSnapshot());
  it('with live verdicts (fails, unknown), plain locations', () => expect(formatMarkdownReview(withLiveEvidence(), { toolVersion: '0.1.0' })).toMatchSnapshot());
  it('with a passing live check', () => expect(formatMarkdownReview(withPassingCheck(), { toolVersion: '0.1.0' })).toMatchSnapshot());
});

describe('the summary line', () => {
  it('counts statements by their worst finding, and infos as notes', () => {
    expect(reviewSummaryLine(sharedResults)).toBe('1 statement has errors, 2 statements have warnings, 1 note.');
  });

  it('says a statement will fail when a live probe found it fails, once per statement', () => {
    const result = withLiveEvidence();
    const users = result.files[1]!;
    // A second finding on the failing statement does not count it twice.
    users.diagnostics.push({ ...users.diagnostics[0]!, ruleId: 'case-insensitive-unique-key', severity: 'info', live: undefined });
    result.summary = summarize(result.files);
    expect(reviewSummaryLine(result)).toBe('**1 statement will fail** (checked on the database), 2 statements have warnings, 2 notes.');
  });

  it('a passing live check leaves a note, not a failure', () => {
    expect(reviewSummaryLine(withPassingCheck())).toBe('2 statements have warnings, 2 notes.');
  });

  it('a clean run says so, and names what was left out', () => {
    const clean = { files: [sharedResults.files[0]!], summary: summarize([sharedResults.files[0]!]) };
    expect(reviewSummaryLine(clean)).toBe('No findings in 1 statement of 1 file.');
    clean.summary.hidden = { baseline: { errors: 0, warnings: 2, infos: 0 } };
    expect(reviewSummaryLine(clean)).toBe('No findings in 1 statement of 1 file; not shown: 2 warnings accepted by the baseline (--ignore-baseline shows them).');
  });
});

describe('locations', () => {
  it('link to the line range at the commit, the path taken from the repository root', () => {
    const report = formatMarkdownReview(sharedResults, { ...linked, cwd: '/repo/services/api', sourceRoot: '/repo' });
    expect(report).toContain(
      '[`db/migrations/V2__users, "emails" & more.sql:2`](https://github.com/acme/shop/blob/0123456789abcdef0123456789abcdef01234567/services/api/db/migrations/V2__users%2C%20%22emails%22%20%26%20more.sql#L2-L3)',
    );
  });

  it('are plain for a file outside the repository root', () => {
    const report = formatMarkdownReview(sharedResults, { ...linked, cwd: '/elsewhere' });
    expect(report).toContain('· `db/migrations/V2__users, "emails" & more.sql:4` ·');
    expect(report).not.toContain('#L4');
  });

  it('are plain path:line without a source URL', () => {
    const report = formatMarkdownReview(sharedResults);
    expect(report).toContain('· `db/migrations/V2__users, "emails" & more.sql:4` ·');
    expect(report).not.toContain('](https://github.com/acme');
  });
});

/** A migration whose every name and value tries to break out of the report. */
function hostileResult(): RunResult {
  const filePath = 'db/`weird`|<b>name</b>.sql';
  const text = 'ALTER TABLE `a``b` ADD UNIQUE KEY k (`x|y`);\n';
  const lines = new LineIndex(text);
  const diagnostic: Diagnostic = {
    ruleId: 'add-unique-key',
    severity: 'warning',
    message: 'ADD UNIQUE `k` may fail: `a``b` may hold <script>alert(1)</script> | pipes | and \u001b[31mESC\u001b[0m and \u202egnirts',
    notes: ['- not a list item\n1. nor a numbered one\n<img src=x onerror=alert(1)> &amp; @team'],
    help: ['run this query first:\n  SELECT `x|y`, COUNT(*) FROM `a``b` GROUP BY 1 HAVING COUNT(*) > 1 -- ```\n  -- </details><script>'],
    file: filePath,
    range: lines.range(0, text.length - 2),
    statementIndex: 0,
    live: {
      verdict: 'fails',
      rowsScanned: 2,
      duplicateGroups: 1,
      samples: [{ values: ['`</details><script>alert(1)</script>|\u0007'], count: 2 }],
      query: 'SELECT 1 -- ```\n</details>',
      elapsedMs: 1,
      reason: '1 duplicate group(s) among 2 rows; <b>bold</b> note',
    },
  };
  const file: FileLintResult = { path: filePath, text, statements: 1, parsed: 1, recognised: 0, unparsed: 0, diagnostics: [diagnostic] };
  return { files: [file], summary: summarize([file]) };
}

describe('escaping of text from migrations and the database', () => {
  const report = formatMarkdownReview(hostileResult(), linked);
  const html = markdown.render(report);

  it('lets no HTML tag of the migration through, and no control character', () => {
    expect(html).not.toMatch(/<script|<img|<b>/i);
    expect(report).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
  });

  it('keeps the collapsible blocks it opens, and only those', () => {
    // The help's SQL and the live check's query: two blocks, each closed by its own tag.
    expect(html.match(/<details>/g)).toHaveLength(2);
    expect(html.match(/<\/details>/g)).toHaveLength(2);
    expect(html.match(/<pre><code class="language-sql">/g)).toHaveLength(2);
  });

  it('keeps names and values as code, whole, with their backticks and pipes', () => {
    expect(html).toContain('<code>db/`weird`|&lt;b&gt;name&lt;/b&gt;.sql</code>');
    expect(html).toContain('<code>a``b</code>');
    expect(html).toContain("<code>'`&lt;/details&gt;&lt;script&gt;alert(1)&lt;/script&gt;|\u2407'</code> ×2");
    expect(html).toContain('SELECT `x|y`, COUNT(*) FROM `a``b` GROUP BY 1 HAVING COUNT(*) &gt; 1 -- ```\n-- &lt;/details&gt;&lt;script&gt;');
  });

  it('reads plain text as text: no list, no entity, the pipes shown', () => {
    expect(html).not.toMatch(/<li>not a list item|<ol/);
    expect(html).toContain('&amp;amp;');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; | pipes |');
    expect(html).toContain('␛[31mESC␛[0m and \ufffdgnirts');
  });

  it('gives one list item per finding under the file heading', () => {
    expect(html.match(/<li>/g)).toHaveLength(1);
    expect(html.match(/<h3>/g)).toHaveLength(1);
  });
});
