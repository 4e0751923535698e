/**
 * The pre-commit hook, tried with the real `pre-commit` tool in temporary git repositories: a
 * staged migration with an add-unique-key error blocks the commit, a clean one goes through.
 *
 * - "installed from this repository" uses `.pre-commit-hooks.yaml` exactly as a user would
 *   (`repo:` pointing at a clone of this repository's HEAD, `language: node`): pre-commit runs
 *   `npm install` and builds the package, so it needs the npm registry and takes a minute or two.
 * - "as a local hook" copies the manifest's fields into a `repo: local` hook that runs the
 *   built CLI, so file selection (`types: [sql]`, `require_serial`) and exit codes are checked
 *   without a network.
 *
 * Both run when `pre-commit` is on PATH (.ci/run installs it); otherwise they are skipped.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../report/run-cli.js';
import { shippedCli } from '../support/shipped-cli.js';
import { git, runProcess } from '../support/processes.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = shippedCli;
// Probed once while the file loads, so `describe.runIf` can use it.
const hasPreCommit = await runProcess('pre-commit', ['--version'], { timeoutMs: 60_000 }).then((result) => result.code === 0, () => false);
let scratch: string;

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  NO_COLOR: '1',
};

async function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const result = await runProcess(command, args, { cwd, env: { ...gitEnv, ...env }, timeoutMs: 840_000 });
  return { code: result.code, output: `${result.stdout}${result.stderr}` };
}

/** The hook entries of .pre-commit-hooks.yaml, read field by field (a flat list of mappings). */
function manifestHook(): Record<string, string> {
  const text = readFileSync(path.join(root, '.pre-commit-hooks.yaml'), 'utf8');
  const fields: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*-?\s*([a-z_]+):\s*(.+)$/.exec(line);
    if (match) fields[match[1]!] = match[2]!.trim();
  }
  return fields;
}

/** A git repository with one committed migration that creates `users`, and pre-commit installed. */
async function makeProject(name: string, config: string, env: Record<string, string>): Promise<string> {
  const project = path.join(scratch, name);
  mkdirSync(path.join(project, 'db', 'migrations'), { recursive: true });
  await git(project, ['init', '-q', '-b', 'main'], gitEnv);
  writeFileSync(path.join(project, '.pre-commit-config.yaml'), config);
  writeFileSync(path.join(project, 'db', 'migrations', '001_users.sql'), 'CREATE TABLE users (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, email VARCHAR(191) NOT NULL);\n');
  await git(project, ['add', '.'], gitEnv);
  await git(project, ['commit', '-q', '--no-verify', '-m', 'initial schema'], gitEnv);
  const install = await run('pre-commit', ['install'], project, env);
  expect(install.code, install.output).toBe(0);
  return project;
}

/** Stages a migration and tries to commit it through the installed hook. */
async function commit(project: string, file: string, text: string, env: Record<string, string>) {
  writeFileSync(path.join(project, 'db', 'migrations', file), text);
  await git(project, ['add', '.'], gitEnv);
  const result = await run('git', ['commit', '-m', `add ${file}`], project, env);
  const head = (await git(project, ['log', '-1', '--format=%s'], gitEnv)).trim();
  return { ...result, committed: head === `add ${file}` };
}

const errorConfig = JSON.stringify({ rules: { 'add-unique-key': 'error' } });

beforeAll(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'uniqlint-hooks-'));
  if (hasPreCommit) ensureBuilt();
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.runIf(hasPreCommit)('pre-commit', () => {
  it('the manifest declares the hook the issue asks for', () => {
    expect(manifestHook()).toMatchObject({ id: 'uniqlint', entry: 'uniqlint', language: 'node', types: '[sql]', require_serial: 'true' });
  });

  it('as a local hook: an add-unique-key error blocks the commit, a clean migration goes through', async () => {
    const hook = manifestHook();
    const env = { PRE_COMMIT_HOME: path.join(scratch, 'cache-local') };
    const config = [
      'repos:',
      '  - repo: local',
      '    hooks:',
      `      - id: ${hook.id}`,
      `        name: ${hook.name}`,
      `        entry: ${JSON.stringify(`${process.execPath} ${cli}`)}`,
      '        language: system',
      `        types: ${hook.types}`,
      `        require_serial: ${hook.require_serial}`,
      '',
    ].join('\n');
    const project = await makeProject('local', config, env);
    writeFileSync(path.join(project, '.uniqlintrc.json'), errorConfig);
    await git(project, ['add', '.uniqlintrc.json'], gitEnv);

    const blocked = await commit(project, '002_unique_email.sql', 'ALTER TABLE users ADD UNIQUE KEY uk_users_email (email);\n', env);
    expect(blocked.committed).toBe(false);
    expect(blocked.code).not.toBe(0);
    expect(blocked.output).toContain('add-unique-key');
    expect(blocked.output).toMatch(/uniqlint\.+Failed/);

    await git(project, ['reset', '-q', 'HEAD', '--', 'db/migrations/002_unique_email.sql'], gitEnv);
    rmSync(path.join(project, 'db', 'migrations', '002_unique_email.sql'));
    const clean = await commit(project, '002_orders.sql', 'CREATE TABLE orders (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, user_id BIGINT UNSIGNED NOT NULL);\n', env);
    expect(clean.output).toMatch(/uniqlint\.+Passed/);
    expect(clean.committed).toBe(true);

    // A commit without SQL files does not run the hook at all (types: [sql]).
    writeFileSync(path.join(project, 'notes.txt'), 'no SQL here\n');
    await git(project, ['add', 'notes.txt'], gitEnv);
    const other = await run('git', ['commit', '-m', 'notes'], project, env);
    expect(other.code).toBe(0);
    expect(other.output).toMatch(/uniqlint\.+\(no files to check\)Skipped/);
  });

  it('installed from this repository with language: node: blocks the error, passes the clean migration', { timeout: 900_000 }, async () => {
    // A clone of HEAD stands for the published repository (pre-commit clones `repo` at `rev`).
    const upstream = path.join(scratch, 'upstream');
    await git(root, ['clone', '-q', '--no-hardlinks', root, upstream], gitEnv);
    const rev = (await git(upstream, ['rev-parse', 'HEAD'])).trim();
    const env = { PRE_COMMIT_HOME: path.join(scratch, 'cache-node'), npm_config_audit: 'false', npm_config_fund: 'false' };
    const config = ['repos:', `  - repo: ${upstream}`, `    rev: ${rev}`, '    hooks:', '      - id: uniqlint', ''].join('\n');
    const project = await makeProject('node', config, env);
    writeFileSync(path.join(project, '.uniqlintrc.json'), errorConfig);
    await git(project, ['add', '.uniqlintrc.json'], gitEnv);

    const blocked = await commit(project, '002_unique_email.sql', 'ALTER TABLE users ADD UNIQUE KEY uk_users_email (email);\n', env);
    expect(blocked.output).toContain('add-unique-key');
    expect(blocked.committed, blocked.output).toBe(false);

    await git(project, ['reset', '-q', 'HEAD', '--', 'db/migrations/002_unique_email.sql'], gitEnv);
    rmSync(path.join(project, 'db', 'migrations', '002_unique_email.sql'));
    const clean = await commit(project, '002_orders.sql', 'CREATE TABLE orders (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, user_id BIGINT UNSIGNED NOT NULL);\n', env);
    expect(clean.output).toMatch(/uniqlint\.+Passed/);
    expect(clean.committed, clean.output).toBe(true);
  });
});
