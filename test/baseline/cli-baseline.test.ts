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
});
