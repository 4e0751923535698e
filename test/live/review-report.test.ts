/**
 * The markdown review report with real live verdicts: through the shipped CLI against the
 * throwaway server, and through the GitHub Action with its `live-url` input (as a workflow passes
 * a secret), as a SELECT-only account.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction } from '../support/action-runner.js';
import { git } from '../support/processes.js';
import { ensureBuilt, repoRoot } from '../report/run-cli.js';
import { createScratch, liveServer, runLiveCli, type Scratch } from './helpers.js';

const { server, skipReason } = liveServer();

const MIGRATION = ['ALTER TABLE people ADD UNIQUE KEY uk_email (email);', 'ALTER TABLE people ADD UNIQUE KEY uk_code (code);', ''].join('\n');

describe.skipIf(!server)(`the review report with live verdicts${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let scratch: Scratch;
  let folder: string;

  beforeAll(async () => {
    ensureBuilt();
    scratch = await createScratch(server!, 'uq_review');
    await scratch.admin.query('CREATE TABLE people (id INT PRIMARY KEY, email VARCHAR(100), code VARCHAR(10)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci');
    await scratch.admin.query("INSERT INTO people VALUES (1, 'Alice@example.com', 'a'), (2, 'alice@example.com', 'b'), (3, 'bob@example.com', 'c')");
    folder = mkdtempSync(path.join(tmpdir(), 'uniqlint-review-live-'));
    mkdirSync(path.join(folder, 'db'));
    writeFileSync(path.join(folder, 'db', 'V2__keys.sql'), MIGRATION);
  });
  afterAll(async () => {
    await scratch?.dispose();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('says which statement will fail, with the numbers, the samples and the query the check ran', async () => {
    const run = await runLiveCli(['lint', path.join(folder, 'db', 'V2__keys.sql'), '--live', scratch.url, '--format', 'markdown'], { GITHUB_SERVER_URL: '' });
    expect(run.code, run.stderr).toBe(1);
    const report = run.stdout;
    expect(report.split('\n')[2]).toBe('**1 statement will fail** (checked on the database), 2 notes.');
    expect(report).toMatch(/- \*\*error\*\* · `[^`]*V2__keys\.sql:1` · \[`add-unique-key`\]/);
    expect(report).toMatch(/\*\*live: fails\*\*: 1 duplicate group among 3 rows \(\d[\d,]* ms\); e\.g\. `'[Aa]lice@example\.com'` ×2/);
    expect(report).toContain('<details><summary>Query the live check ran</summary>');
    // The passing key is a note (as is the case-insensitive `code`), in the collapsed block, with its numbers.
    expect(report).toMatch(/<details><summary>2 notes<\/summary>\n\n- \*\*info\*\* · `[^`]*V2__keys\.sql:2`[\s\S]*\*\*live: passes\*\*: 0 duplicates among 3 rows/);
    expect(report).toMatch(/live checks: 1 fails, 1 passes\.<\/sub>\n$/);
    expect(report).not.toContain(scratch.password);
  });

  it('the action takes the database from live-url, fails the step and puts the verdict in the job summary, never the password', async () => {
    const workspace = path.join(folder, 'workspace');
    mkdirSync(path.join(workspace, 'db'), { recursive: true });
    writeFileSync(path.join(workspace, 'db', 'V2__keys.sql'), MIGRATION);
    await git(workspace, ['init', '-q']);
    const outcome = await runAction({
      actionPath: repoRoot,
      workspace,
      event: { ref: 'refs/heads/main' },
      eventName: 'push',
      with: { paths: 'db', 'live-url': scratch.url },
      runnerTemp: path.join(folder, 'runner'),
      sha: '0'.repeat(40),
    });
    const step = outcome.steps.find((candidate) => candidate.id === 'lint')!;
    expect(step.exitCode, step.stderr).toBe(1);
    expect(step.stdout).toMatch(/^::error file=db\/V2__keys\.sql,line=1,.*title=uniqlint add-unique-key::/m);
    expect(outcome.summary).toContain('**1 statement will fail** (checked on the database)');
    expect(outcome.summary).toContain(`(https://github.com/acme/shop/blob/${'0'.repeat(40)}/db/V2__keys.sql#L1)`);
    for (const text of [step.stdout, step.stderr, outcome.summary]) expect(text).not.toContain(scratch.password);
  });
});
