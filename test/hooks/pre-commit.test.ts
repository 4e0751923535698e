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
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureShippedCli, shippedCli } from '../support/shipped-cli.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = shippedCli;
const hasPreCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).status === 0;
let scratch: string;

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  NO_COLOR: '1',
};

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...gitEnv, ...env }, timeout: 540_000 });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
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
function makeProject(name: string, config: string, env: Record<string, string>): string {
  const project = path.join(scratch, name);
  mkdirSync(path.join(project, 'db', 'migrations'), { recursive: true });
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: project, env: gitEnv });
  writeFileSync(path.join(project, '.pre-commit-config.yaml'), config);
  writeFileSync(path.join(project, 'db', 'migrations', '001_users.sql'), 'CREATE TABLE users (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, email VARCHAR(191) NOT NULL);\n');
  execFileSync('git', ['add', '.'], { cwd: project, env: gitEnv });
  execFileSync('git', ['commit', '-q', '--no-verify', '-m', 'initial schema'], { cwd: project, env: gitEnv });
  const install = run('pre-commit', ['install'], project, env);
  expect(install.code, install.output).toBe(0);
  return project;
}

/** Stages a migration and tries to commit it through the installed hook. */
function commit(project: string, file: string, text: string, env: Record<string, string>) {
  writeFileSync(path.join(project, 'db', 'migrations', file), text);
  execFileSync('git', ['add', '.'], { cwd: project, env: gitEnv });
  const result = run('git', ['commit', '-m', `add ${file}`], project, env);
  const head = execFileSync('git', ['log', '-1', '--format=%s'], { cwd: project, env: gitEnv, encoding: 'utf8' }).trim();
  return { ...result, committed: head === `add ${file}` };
}

const errorConfig = JSON.stringify({ rules: { 'add-unique-key': 'error' } });

beforeAll(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'uniqlint-hooks-'));
  if (hasPreCommit) ensureShippedCli();
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.runIf(hasPreCommit)('pre-commit', () => {
  it('the manifest declares the hook the issue asks for', () => {
    expect(manifestHook()).toMatchObject({ id: 'uniqlint', entry: 'uniqlint', language: 'node', types: '[sql]', require_serial: 'true' });
  });

  it('as a local hook: an add-unique-key error blocks the commit, a clean migration goes through', () => {
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
    const project = makeProject('local', config, env);
    writeFileSync(path.join(project, '.uniqlintrc.json'), errorConfig);
    execFileSync('git', ['add', '.uniqlintrc.json'], { cwd: project, env: gitEnv });

    const blocked = commit(project, '002_unique_email.sql', 'ALTER TABLE users ADD UNIQUE KEY uk_users_email (email);\n', env);
    expect(blocked.committed).toBe(false);
    expect(blocked.code).not.toBe(0);
    expect(blocked.output).toContain('add-unique-key');
    expect(blocked.output).toMatch(/uniqlint\.+Failed/);

    execFileSync('git', ['reset', '-q', 'HEAD', '--', 'db/migrations/002_unique_email.sql'], { cwd: project, env: gitEnv });
    rmSync(path.join(project, 'db', 'migrations', '002_unique_email.sql'));
    const clean = commit(project, '002_orders.sql', 'CREATE TABLE orders (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, user_id BIGINT UNSIGNED NOT NULL);\n', env);
    expect(clean.output).toMatch(/uniqlint\.+Passed/);
    expect(clean.committed).toBe(true);

    // A commit without SQL files does not run the hook at all (types: [sql]).
    writeFileSync(path.join(project, 'notes.txt'), 'no SQL here\n');
    execFileSync('git', ['add', 'notes.txt'], { cwd: project, env: gitEnv });
    const other = run('git', ['commit', '-m', 'notes'], project, env);
    expect(other.code).toBe(0);
    expect(other.output).toMatch(/uniqlint\.+\(no files to check\)Skipped/);
  });

  it('installed from this repository with language: node: blocks the error, passes the clean migration', { timeout: 600_000 }, () => {
    // A clone of HEAD stands for the published repository (pre-commit clones `repo` at `rev`).
    const upstream = path.join(scratch, 'upstream');
    execFileSync('git', ['clone', '-q', '--no-hardlinks', root, upstream], { env: gitEnv });
    const rev = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: upstream, encoding: 'utf8' }).trim();
    const env = { PRE_COMMIT_HOME: path.join(scratch, 'cache-node'), npm_config_audit: 'false', npm_config_fund: 'false' };
    const config = ['repos:', `  - repo: ${upstream}`, `    rev: ${rev}`, '    hooks:', '      - id: uniqlint', ''].join('\n');
    const project = makeProject('node', config, env);
    writeFileSync(path.join(project, '.uniqlintrc.json'), errorConfig);
    execFileSync('git', ['add', '.uniqlintrc.json'], { cwd: project, env: gitEnv });

    const blocked = commit(project, '002_unique_email.sql', 'ALTER TABLE users ADD UNIQUE KEY uk_users_email (email);\n', env);
    expect(blocked.output).toContain('add-unique-key');
    expect(blocked.committed, blocked.output).toBe(false);

    execFileSync('git', ['reset', '-q', 'HEAD', '--', 'db/migrations/002_unique_email.sql'], { cwd: project, env: gitEnv });
    rmSync(path.join(project, 'db', 'migrations', '002_unique_email.sql'));
    const clean = commit(project, '002_orders.sql', 'CREATE TABLE orders (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, user_id BIGINT UNSIGNED NOT NULL);\n', env);
    expect(clean.output).toMatch(/uniqlint\.+Passed/);
    expect(clean.committed, clean.output).toBe(true);
  });
});
