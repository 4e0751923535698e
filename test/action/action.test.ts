/**
 * The GitHub Action (action.yml), its steps run as the runner runs them (test/support/
 * action-runner.ts) on a throwaway repository: a bare `origin` whose `main` is the pull request's
 * base and a branch per case, checked out in a workspace, with a pull_request event file. Checked:
 * the annotations in the step's log, the review report in the job summary, the step outputs, and
 * the exit code that decides the step.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAction, runAction, type ActionOutcome } from '../support/action-runner.js';
import { git } from '../support/processes.js';
import { ensureShippedCli } from '../support/shipped-cli.js';
import { repoRoot } from '../report/run-cli.js';

const identity = { GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.com' };

let scratch: string;
let origin: string;
let baseSha: string;
const heads: Record<string, string> = {};

/** The branches of the pull requests, each adding one migration to `main`. */
const BRANCHES: Record<string, [string, string]> = {
  // Two literal rows with one PRIMARY KEY value: duplicate-key-in-inserted-rows, an error.
  failing: ['db/002_seed.sql', "INSERT INTO settings (name, value) VALUES ('theme', 'dark'), ('theme', 'light');\n"],
  clean: ['db/002_orders.sql', 'CREATE TABLE orders (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY);\n'],
  // add-unique-key over existing rows: a warning.
  warning: ['db/002_keys.sql', 'ALTER TABLE users ADD UNIQUE KEY uk_email (email);\n'],
  // 2,000 REPLACE statements: a review report of more than 1 MB.
  large: ['db/002_bulk.sql', Array.from({ length: 2000 }, (_, i) => `REPLACE INTO settings (name, value) VALUES ('k${i}', 'v');\n`).join('')],
};

beforeAll(async () => {
  ensureShippedCli();
  scratch = mkdtempSync(path.join(os.tmpdir(), 'uniqlint-action-'));
  const source = path.join(scratch, 'source');
  mkdirSync(path.join(source, 'db'), { recursive: true });
  await git(source, ['init', '-q', '-b', 'main']);
  // The base holds a finding of its own (REPLACE), which a pull request that does not touch it must not report.
  writeFileSync(
    path.join(source, 'db', '001_init.sql'),
    "CREATE TABLE users (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, email VARCHAR(191));\nCREATE TABLE settings (name VARCHAR(64) PRIMARY KEY, value TEXT);\nREPLACE INTO settings VALUES ('theme', 'dark');\n",
  );
  await git(source, ['add', '.']);
  await git(source, ['commit', '-q', '-m', 'init'], identity);
  baseSha = (await git(source, ['rev-parse', 'HEAD'])).trim();
  for (const [branch, [file, text]] of Object.entries(BRANCHES)) {
    await git(source, ['checkout', '-q', '-b', branch, 'main']);
    writeFileSync(path.join(source, file), text);
    await git(source, ['add', '.']);
    await git(source, ['commit', '-q', '-m', branch], identity);
    heads[branch] = (await git(source, ['rev-parse', 'HEAD'])).trim();
  }
  // main moves on after the branches were made, as a base does.
  await git(source, ['checkout', '-q', 'main']);
  writeFileSync(path.join(source, 'README'), 'later\n');
  await git(source, ['add', '.']);
  await git(source, ['commit', '-q', '-m', 'later'], identity);
  baseSha = (await git(source, ['rev-parse', 'HEAD'])).trim();
  origin = path.join(scratch, 'origin.git');
  await git(scratch, ['clone', '-q', '--bare', source, origin]);
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A workspace with `branch` checked out from origin (all history, or one commit with `shallow`). */
async function checkout(branch: string, name: string, shallow = false): Promise<string> {
  const workspace = path.join(scratch, name);
  await git(scratch, ['clone', '-q', ...(shallow ? ['--depth', '1'] : []), '--branch', branch, `file://${origin}`, workspace]);
  return workspace;
}

/** The pull_request event of `branch` into main. */
function pullRequestEvent(branch: string): Record<string, unknown> {
  return { action: 'synchronize', number: 7, pull_request: { number: 7, base: { ref: 'main', sha: baseSha }, head: { ref: branch, sha: heads[branch] } } };
}

async function runOn(branch: string, name: string, inputs: Record<string, string> = {}, shallow = false): Promise<ActionOutcome> {
  const workspace = await checkout(branch, name, shallow);
  return runAction({
    actionPath: repoRoot,
    workspace,
    event: pullRequestEvent(branch),
    eventName: 'pull_request',
    with: inputs,
    runnerTemp: path.join(scratch, `${name}-runner`),
    sha: heads[branch]!,
  });
}

function lintStep(outcome: ActionOutcome) {
  const step = outcome.steps.find((candidate) => candidate.id === 'lint');
  if (!step) throw new Error('no lint step ran');
  return step;
}

/** The workflow-command annotations of a log. */
function annotations(log: string): string[] {
  return log.split('\n').filter((line) => /^::(error|warning|notice) /.test(line));
}

describe('action.yml', () => {
  it('is a composite action whose inputs are documented, with the defaults the README gives', () => {
    const action = readAction(repoRoot);
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(['paths', 'changed-since', 'format', 'max-warnings', 'live-url', 'upload-sarif', 'working-directory']);
    for (const input of Object.values(action.inputs)) expect(input.description.length).toBeGreaterThan(20);
    expect(action.inputs['changed-since']!.default).toBe('${{ github.event.pull_request.base.sha }}');
    expect(action.inputs['upload-sarif']!.default).toBe('false');
  });
});

describe('a pull request with an error-level finding', () => {
  let outcome: ActionOutcome;
  beforeAll(async () => {
    outcome = await runOn('failing', 'failing');
  });

  it('fails the lint step with exit code 1, and records it', () => {
    const step = lintStep(outcome);
    expect(step.status, step.stderr).toBe('failure');
    expect(step.exitCode).toBe(1);
    expect(outcome.succeeded).toBe(false);
    expect(outcome.outputs['exit-code']).toBe('1');
    expect(outcome.outputs.errors).toBe('1');
    expect(outcome.outputs.warnings).toBe('0');
  });

  it('annotates the changed migration only, once, with its line', () => {
    const found = annotations(lintStep(outcome).stdout);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^::error file=db\/002_seed\.sql,line=1,col=\d+,endLine=1,endColumn=\d+,title=uniqlint duplicate-key-in-inserted-rows::/);
    // The base's own REPLACE is history, not part of the pull request.
    expect(lintStep(outcome).stdout).not.toContain('replace-into');
  });

  it('prints the chosen format in the log too', () => {
    expect(lintStep(outcome).stdout).toMatch(/db\/002_seed\.sql\n\s+1:\d+\s+error\[duplicate-key-in-inserted-rows\]/);
  });

  it('writes the review report to the job summary, linked to the commit', () => {
    expect(outcome.summary).toMatch(/^## uniqlint\n\n1 statement has errors\.\n\n### `db\/002_seed\.sql`\n/);
    expect(outcome.summary).toContain(`(https://github.com/acme/shop/blob/${heads.failing}/db/002_seed.sql#L1)`);
    expect(readFileSync(outcome.outputs['markdown-file']!, 'utf8')).toBe(outcome.summary);
  });

  it('writes the SARIF report, and leaves the upload to a step that runs only when asked, even after a failure', () => {
    const sarif = JSON.parse(readFileSync(outcome.outputs['sarif-file']!, 'utf8'));
    expect(sarif.runs[0].results.map((result: { ruleId: string }) => result.ruleId)).toEqual(['duplicate-key-in-inserted-rows']);
    const upload = outcome.steps.find((step) => step.uses)!;
    expect(upload.uses!.action).toMatch(/^github\/codeql-action\/upload-sarif@/);
    expect(upload.uses!.if).toBe("${{ always() && inputs.upload-sarif == 'true' && steps.lint.outputs.sarif-file != '' }}");
    expect(upload.uses!.with).toEqual({ sarif_file: outcome.outputs['sarif-file'], category: 'uniqlint' });
  });
});

describe('a clean pull request', () => {
  it('passes, annotates nothing, and says so in the job summary', async () => {
    const outcome = await runOn('clean', 'clean');
    const step = lintStep(outcome);
    expect(step.status, step.stderr).toBe('success');
    expect(outcome.outputs['exit-code']).toBe('0');
    expect(annotations(step.stdout)).toEqual([]);
    expect(outcome.summary).toBe(`## uniqlint\n\nNo findings in 1 statement of 1 file.\n\n<sub>uniqlint ${JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version} read 1 statement in 1 file.</sub>\n`);
  });
});

describe('max-warnings', () => {
  it('passes with warnings by default, annotating them', async () => {
    const outcome = await runOn('warning', 'warning-default');
    const step = lintStep(outcome);
    expect(step.status, step.stderr).toBe('success');
    expect(annotations(step.stdout)).toEqual([expect.stringMatching(/^::warning file=db\/002_keys\.sql,line=1,.*title=uniqlint add-unique-key::/)]);
    expect(outcome.outputs.warnings).toBe('1');
    expect(outcome.summary).toContain('1 statement has warnings.');
  });

  it('fails when the warnings exceed max-warnings', async () => {
    const outcome = await runOn('warning', 'warning-zero', { 'max-warnings': '0' });
    const step = lintStep(outcome);
    expect(step.status).toBe('failure');
    expect(step.exitCode).toBe(1);
    expect(step.stderr).toContain('1 warning found, more than --max-warnings 0');
    // The summary is written before the step fails.
    expect(outcome.summary).toContain('### `db/002_keys.sql`');
  });

  it('passes when they stay within it', async () => {
    const outcome = await runOn('warning', 'warning-one', { 'max-warnings': '1' });
    expect(lintStep(outcome).status).toBe('success');
  });
});

describe('a report larger than a job summary holds', () => {
  it('puts the summary line and a note in the job summary, and keeps the whole report in its file', async () => {
    const outcome = await runOn('large', 'large');
    const step = lintStep(outcome);
    expect(step.exitCode, step.stderr).toBe(0);
    const report = readFileSync(outcome.outputs['markdown-file']!, 'utf8');
    expect(report.length).toBeGreaterThan(1_000_000);
    expect(outcome.summary).toMatch(/^## uniqlint\n\n2,000 statements have warnings\.\n\nThe full review report has \d+ bytes, more than a job summary holds: /);
    expect(outcome.summary.length).toBeLessThan(1000);
  });
});

describe('inputs', () => {
  it('a shallow checkout gets the history the merge base needs', async () => {
    const outcome = await runOn('failing', 'shallow', {}, true);
    const step = lintStep(outcome);
    expect(step.stdout).toContain('the clone is shallow');
    expect(step.exitCode, step.stderr).toBe(1);
    expect(annotations(step.stdout)).toHaveLength(1);
  });

  it('an empty changed-since lints every file of the paths, and format sets the log format', async () => {
    const outcome = await runOn('failing', 'everything', { 'changed-since': '', paths: 'db', format: 'json' });
    const step = lintStep(outcome);
    expect(step.exitCode, step.stderr).toBe(1);
    const log = step.stdout.split('\n').filter((line) => line.startsWith('{'));
    expect(JSON.parse(log[0]!).files.map((file: { path: string }) => file.path)).toEqual(['db/001_init.sql', 'db/002_seed.sql']);
    // Annotations are written whatever the format.
    expect(annotations(step.stdout).map((line) => line.split(',')[0])).toEqual(['::warning file=db/001_init.sql', '::error file=db/002_seed.sql']);
  });

  it('working-directory runs in a subfolder, and annotations still name the files from the repository root', async () => {
    const outcome = await runOn('failing', 'subfolder', { 'working-directory': 'db', paths: '.' });
    const step = lintStep(outcome);
    expect(step.exitCode, step.stderr).toBe(1);
    expect(annotations(step.stdout).map((line) => line.split(',')[0])).toEqual(['::error file=db/002_seed.sql']);
    expect(outcome.summary).toContain(`(https://github.com/acme/shop/blob/${heads.failing}/db/002_seed.sql#L1)`);
  });

  it('paths narrows the run, and a usage error fails the step with exit code 2 and a note in the summary', async () => {
    const narrowed = await runOn('failing', 'paths', { 'changed-since': '', paths: 'db/001_init.sql' });
    expect(lintStep(narrowed).exitCode).toBe(0);
    expect(annotations(lintStep(narrowed).stdout)).toHaveLength(1);
    const broken = await runOn('failing', 'broken', { format: 'pdf' });
    expect(lintStep(broken).exitCode).toBe(2);
    expect(broken.outputs['exit-code']).toBe('2');
    expect(broken.summary).toContain('uniqlint stopped with exit code 2 before it wrote a report');
  });
});
