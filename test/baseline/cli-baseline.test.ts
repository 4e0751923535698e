/**
 * `uniqlint baseline` through the built CLI: the file it writes hides today's findings, a line
 * shift does not bring them back, a new finding shows.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from '../report/run-cli.js';

let project: string;

beforeAll(() => {
  ensureBuilt();
  project = mkdtempSync(path.join(os.tmpdir(), 'uniqlint-cli-baseline-'));
  mkdirSync(path.join(project, 'db'));
  writeFileSync(path.join(project, 'db', '001_init.sql'), 'CREATE TABLE users (id INT PRIMARY KEY, email VARCHAR(191), name VARCHAR(50));\n');
  writeFileSync(path.join(project, 'db', '002_keys.sql'), 'ALTER TABLE users ADD UNIQUE KEY uk_email (email);\n');
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('uniqlint baseline', () => {
  it('records findings, then later runs report only new ones', async () => {
    const written = await runCli(['baseline', 'db'], project);
    expect(written.code).toBe(0);
    expect(written.stdout).toMatch(/wrote \d+ findings? of 2 files to uniqlint-baseline\.json/);
    expect(existsSync(path.join(project, 'uniqlint-baseline.json'))).toBe(true);

    const total = (stdout: string) => {
      const summary = JSON.parse(stdout).summary;
      return summary.errors + summary.warnings + summary.infos;
    };
    expect(total((await runCli(['db', '-f', 'json'], project)).stdout)).toBe(0);
    // Without the baseline the same run reports them.
    const ignoring = (await runCli(['db', '-f', 'json', '--ignore-baseline'], project)).stdout;
    expect(total(ignoring)).toBeGreaterThan(0);
    expect(ignoring).toContain('"add-unique-key"');

    writeFileSync(path.join(project, 'db', '002_keys.sql'), '-- moved down\n\nALTER TABLE users ADD UNIQUE KEY uk_email (email);\nALTER TABLE users ADD UNIQUE KEY uk_name (name);\n');
    const later = JSON.parse((await runCli(['db', '-f', 'json'], project)).stdout);
    const unique = later.files[1].diagnostics.filter((d: { ruleId: string }) => d.ruleId === 'add-unique-key');
    expect(unique.map((d: { line: number }) => d.line)).toEqual([4]);
    expect(unique[0].message).toContain('uk_name');
    expect(later.files[1].diagnostics.every((d: { line: number }) => d.line === 4)).toBe(true);
  });

  it('honours --baseline and a damaged file exits 2', async () => {
    expect((await runCli(['baseline', 'db', '--baseline', 'ci/accepted.json'], project)).code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(project, 'ci', 'accepted.json'), 'utf8')).entries[0].file).toBe('../db/002_keys.sql');
    writeFileSync(path.join(project, 'broken.json'), '{');
    const broken = await runCli(['db', '--baseline', 'broken.json'], project);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('is not valid JSON');
  });

  it('counts what the baseline accepted on the summary line, by severity, and accepts errors only when recorded with --accept-errors', async () => {
    const dir = mkdtempSync(path.join(project, 'errors-'));
    mkdirSync(path.join(dir, 'db'));
    writeFileSync(path.join(dir, '.uniqlintrc.json'), JSON.stringify({ rules: { 'add-unique-key': 'error' } }));
    writeFileSync(
      path.join(dir, 'db', '001_init.sql'),
      'CREATE TABLE users (id BIGINT PRIMARY KEY, email VARCHAR(191));\nREPLACE INTO users VALUES (1, NULL);\nCREATE TABLE pairs (id INT PRIMARY KEY, a INT, b INT, UNIQUE KEY uk_ab (a, b));\n',
    );
    writeFileSync(path.join(dir, 'db', '002_keys.sql'), 'ALTER TABLE users ADD UNIQUE KEY uk_email (email);\n');

    // Without the flag the error is not recorded and keeps failing the run.
    const plain = await runCli(['baseline', 'db'], dir);
    expect(plain.stderr).toMatch(/error-level findings? (was|were) not recorded/);
    expect(JSON.parse(readFileSync(path.join(dir, 'uniqlint-baseline.json'), 'utf8')).entries.some((e: { ruleId: string }) => e.ruleId === 'add-unique-key')).toBe(false);
    const failing = await runCli(['db'], dir);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/\(0 not parsed\); not shown: 1 warning, 1 info accepted by the baseline \(--ignore-baseline shows them\)\n$/);

    // A baseline edited to hold the error without acceptErrors still reports it.
    const accepting = await runCli(['baseline', 'db', '--accept-errors', '--baseline', 'with-errors.json'], dir);
    expect(accepting.code).toBe(0);
    const recorded = JSON.parse(readFileSync(path.join(dir, 'with-errors.json'), 'utf8'));
    expect(recorded.acceptErrors).toBe(true);
    writeFileSync(path.join(dir, 'edited.json'), JSON.stringify({ ...recorded, acceptErrors: undefined }));
    const edited = await runCli(['db', '--baseline', 'edited.json'], dir);
    expect(edited.code).toBe(1);
    expect(edited.stderr).toContain('the baseline holds 1 error-level finding but was not recorded with --accept-errors');

    const accepted = await runCli(['db', '--baseline', 'with-errors.json'], dir);
    expect(accepted.code).toBe(0);
    const summary = accepted.stdout.trimEnd().split('\n').at(-1)!;
    expect(summary).toMatch(/^✔ no problems in 2 files, \d+ statements \(0 not parsed\); not shown: 1 error, 1 warning, 1 info accepted by the baseline \(--ignore-baseline shows them\)$/);
    const json = JSON.parse((await runCli(['db', '--baseline', 'with-errors.json', '-f', 'json'], dir)).stdout);
    expect(json.summary.hidden.baseline.errors).toBe(1);
    expect(json.summary.errors).toBe(0);
    const ignoring = await runCli(['db', '--baseline', 'with-errors.json', '--ignore-baseline'], dir);
    expect(ignoring.code).toBe(1);
    expect(ignoring.stdout).not.toContain('not shown');
  });

  it('--quiet counts what it leaves out the same way', async () => {
    const quiet = await runCli(['db', '--quiet', '--ignore-baseline'], project);
    expect(quiet.stdout.trimEnd().split('\n').at(-1)).toMatch(/; not shown: \d+ warnings?(, \d+ info)? left out by --quiet$/);
  });

  it('refuses a baseline that is not a regular file (/dev/zero) instead of reading it for ever', async () => {
    const run = await runCli(['db', '--baseline', '/dev/zero'], project);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('not a regular file');
  });
});
