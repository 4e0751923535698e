/**
 * The action's install step for real: the action's folder is a clone of this repository's HEAD
 * (as the runner downloads the action at its tag, without dist/), so the step runs `npm ci`, which
 * builds the command line, before the lint step uses it. Needs the npm registry and takes about a
 * minute, so it runs in the "slow" project.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction } from '../support/action-runner.js';
import { git } from '../support/processes.js';
import { repoRoot } from '../report/run-cli.js';

let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'uniqlint-action-install-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the install step', () => {
  it('builds the command line in the action folder, and the lint step runs it', async () => {
    const actionPath = path.join(scratch, 'action');
    await git(repoRoot, ['clone', '-q', '--no-hardlinks', repoRoot, actionPath]);
    expect(existsSync(path.join(actionPath, 'dist'))).toBe(false);
    const workspace = path.join(scratch, 'workspace');
    mkdirSync(path.join(workspace, 'db'), { recursive: true });
    writeFileSync(path.join(workspace, 'db', 'V1__seed.sql'), "CREATE TABLE t (k VARCHAR(9) PRIMARY KEY);\nINSERT INTO t VALUES ('a'), ('a');\n");
    await git(workspace, ['init', '-q']);
    const outcome = await runAction({
      actionPath,
      workspace,
      event: { ref: 'refs/heads/main' },
      eventName: 'push',
      with: { paths: 'db' },
      runnerTemp: path.join(scratch, 'runner'),
      sha: '1'.repeat(40),
    });
    const [install, lint] = outcome.steps;
    expect(install!.status, `${install!.stdout}${install!.stderr}`).toBe('success');
    expect(existsSync(path.join(actionPath, 'dist', 'cli', 'uniqlint.js'))).toBe(true);
    expect(lint!.exitCode, lint!.stderr).toBe(1);
    expect(lint!.stdout).toMatch(/^::error file=db\/V1__seed\.sql,line=2,.*title=uniqlint duplicate-key-in-inserted-rows::/m);
    expect(outcome.summary).toContain('1 statement has errors.');
  });
});
