/**
 * Several reports from one run through the built CLI: `--report FORMAT=FILE` beside the main
 * output, `--format markdown` with links from `--source-url` or GitHub's variables, and
 * `--format rdjson`.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { git } from '../support/processes.js';
import { ensureBuilt, runCli } from './run-cli.js';

let project: string;

beforeAll(async () => {
  ensureBuilt();
  project = mkdtempSync(path.join(os.tmpdir(), 'uniqlint-reports-'));
  mkdirSync(path.join(project, 'services', 'api', 'db'), { recursive: true });
  const db = path.join(project, 'services', 'api', 'db');
  writeFileSync(path.join(db, '001_init.sql'), 'CREATE TABLE users (id BIGINT PRIMARY KEY, email VARCHAR(191));\n');
  writeFileSync(path.join(db, '002_keys.sql'), "ALTER TABLE users ADD UNIQUE KEY uk_email (email);\nREPLACE INTO users VALUES (1, 'a');\n");
  await git(project, ['init', '-q']);
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

const api = () => path.join(project, 'services', 'api');

describe('--report FORMAT=FILE', () => {
  it('writes every report of one run, each as its own format would alone', async () => {
    const run = await runCli(['db', '--format', 'github', '--report', 'json=out/result.json', '--report', 'markdown=out/summary.md', '--report', 'sarif=out/uniqlint.sarif', '--report', 'rdjson=out/r.json'], api());
    expect(run.code, run.stderr).toBe(0);
    // Annotated paths start from the repository root, as GitHub matches them.
    expect(run.stdout).toMatch(/^::warning file=services\/api\/db\/002_keys\.sql,line=1,/m);
    for (const [format, file] of [['json', 'result.json'], ['markdown', 'summary.md'], ['sarif', 'uniqlint.sarif'], ['rdjson', 'r.json']] as const) {
      const alone = await runCli(['db', '--format', format], api());
      expect(readFileSync(path.join(api(), 'out', file), 'utf8'), format).toBe(alone.stdout);
    }
    // SARIF paths from the repository root, as when it is the only format.
    expect(JSON.parse(readFileSync(path.join(api(), 'out', 'uniqlint.sarif'), 'utf8')).runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('services/api/db/002_keys.sql');
  });

  it('refuses a malformed value, an unknown format, a file named twice and a linted file, writing nothing', async () => {
    const cases: [string[], RegExp][] = [
      [['--report', 'sarif'], /--report expects FORMAT=FILE/],
      [['--report', 'pdf=x.pdf'], /the format must be one of/],
      [['--report', 'json=twice.json', '--report', 'sarif=twice.json'], /twice\.json is already written by --report json=twice\.json/],
      [['--output-file', 'same.json', '--report', 'sarif=same.json'], /same\.json is already written by --output-file/],
      [['--report', 'json=db/002_keys.sql'], /names a file being linted/],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(['db', ...args], api());
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
    }
    expect(existsSync(path.join(api(), 'twice.json'))).toBe(false);
    expect(readFileSync(path.join(api(), 'db', '002_keys.sql'), 'utf8')).toMatch(/^ALTER TABLE users/);
  });
});

describe('--format markdown', () => {
  it('links lines to the commit GitHub Actions names, paths from the repository root', async () => {
    const env = { GITHUB_SERVER_URL: 'https://github.example', GITHUB_REPOSITORY: 'acme/shop', GITHUB_SHA: 'a'.repeat(40) };
    const run = await runCli(['db', '--format', 'markdown'], api(), env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`[\`db/002_keys.sql:1\`](https://github.example/acme/shop/blob/${'a'.repeat(40)}/services/api/db/002_keys.sql#L1)`);
    expect(run.stdout.split('\n')[2]).toBe('2 statements have warnings.');
  });

  it('--source-url wins; without either, locations are plain', async () => {
    const flagged = await runCli(['db', '-f', 'markdown', '--source-url', 'https://git.example/shop/src/commit/abc/'], api(), { GITHUB_SERVER_URL: 'https://github.example', GITHUB_REPOSITORY: 'a/b', GITHUB_SHA: 'f00' });
    expect(flagged.stdout).toContain('(https://git.example/shop/src/commit/abc/services/api/db/002_keys.sql#L2)');
    const plain = await runCli(['db', '-f', 'markdown'], api(), { GITHUB_SERVER_URL: '', GITHUB_REPOSITORY: '', GITHUB_SHA: '' });
    expect(plain.stdout).toContain('· `db/002_keys.sql:2` ·');
    expect(plain.stdout).not.toContain('002_keys.sql#L');
  });
});

describe('--format rdjson', () => {
  it('prints one diagnostic per finding, paths as shown', async () => {
    const run = await runCli(['db', '-f', 'rdjson'], api());
    expect(run.code, run.stderr).toBe(0);
    const document = JSON.parse(run.stdout);
    expect(document.diagnostics.map((d: { code: { value: string }; location: { path: string } }) => `${d.location.path} ${d.code.value}`)).toEqual(['db/002_keys.sql add-unique-key', 'db/002_keys.sql replace-into']);
  });
});
