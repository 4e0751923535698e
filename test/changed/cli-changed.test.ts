/**
 * `--changed-since` through the built CLI in a temporary git repository: only changed migrations
 * are linted, earlier ones are replayed as history.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { git as runGit } from '../support/processes.js';
import { ensureBuilt, runCli } from '../report/run-cli.js';

let repo: string;

function git(...args: string[]): Promise<string> {
  return runGit(repo, args, { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' });
}

beforeAll(async () => {
  ensureBuilt();
  repo = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'uniqlint-cli-changed-')));
  mkdirSync(path.join(repo, 'db'));
  await git('init', '-q', '-b', 'main');
  writeFileSync(path.join(repo, 'db', '001_init.sql'), 'CREATE TABLE users (id BIGINT PRIMARY KEY, email VARCHAR(191));\n');
  writeFileSync(path.join(repo, 'db', '002_seed.sql'), "REPLACE INTO users VALUES (1, 'a');\n");
  await git('add', '.');
  await git('commit', '-qm', 'base');
  await git('checkout', '-qb', 'feature');
  writeFileSync(path.join(repo, 'db', '003_keys.sql'), 'ALTER TABLE users ADD UNIQUE KEY uk_email (email);\n');
  await git('add', '.');
  await git('commit', '-qm', 'feature');
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('--changed-since', () => {
  it('lints only the changed migration, with the earlier ones as history', async () => {
    const { code, stdout } = await runCli(['db', '--changed-since', 'main', '-f', 'json'], repo);
    expect(code).toBe(0);
    const document = JSON.parse(stdout);
    expect(document.files.map((file: { path: string }) => file.path)).toEqual(['db/003_keys.sql']);
    // add-unique-key knows `users` exists: 001 was replayed as history.
    expect(document.files[0].diagnostics.map((d: { ruleId: string }) => d.ruleId)).toContain('add-unique-key');
    expect(JSON.stringify(document)).not.toContain('replace-into');
  });

  it('defaults to the whole repository, and reports nothing changed cleanly', async () => {
    expect(JSON.parse((await runCli(['--changed-since', 'main', '-f', 'json'], repo)).stdout).files).toHaveLength(1);
    const none = await runCli(['--changed-since', 'HEAD', '-f', 'sarif'], repo);
    expect(none.code).toBe(0);
    expect(none.stderr).toContain('no migration file changed since HEAD');
    expect(JSON.parse(none.stdout).runs[0].results).toEqual([]);
  });

  it('exits 2 for an unknown ref', async () => {
    const { code, stderr } = await runCli(['--changed-since', 'origin/nope'], repo);
    expect(code).toBe(2);
    expect(stderr).toContain("unknown git ref 'origin/nope'");
  });
});
