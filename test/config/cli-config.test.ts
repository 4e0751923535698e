/**
 * The configuration through the built CLI: found upward, flags win over it, and a bad one exits
 * with code 2 naming the key.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from '../report/run-cli.js';

let project: string;

beforeAll(() => {
  ensureBuilt();
  project = mkdtempSync(path.join(os.tmpdir(), 'uniqlint-cli-config-'));
  mkdirSync(path.join(project, 'db', 'legacy'), { recursive: true });
  writeFileSync(path.join(project, 'db', '001_init.sql'), 'CREATE TABLE users (id BIGINT PRIMARY KEY, email VARCHAR(191));\n');
  writeFileSync(path.join(project, 'db', '002_keys.sql'), 'ALTER TABLE users ADD UNIQUE KEY uk_email (email);\n');
  writeFileSync(path.join(project, 'db', 'legacy', '001_old.sql'), 'REPLACE INTO t VALUES (1);\n');
  writeFileSync(
    path.join(project, '.uniqlintrc.json'),
    JSON.stringify({ rules: { 'add-unique-key': 'error' }, include: ['db'], exclude: ['db/legacy/**'] }),
  );
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('configuration on the command line', () => {
  it('applies the file found upward: levels, include and exclude', async () => {
    const { code, stdout } = await runCli(['-f', 'json'], path.join(project, 'db'));
    expect(code).toBe(1);
    const document = JSON.parse(stdout);
    expect(document.files.map((file: { path: string }) => file.path)).toEqual(['001_init.sql', '002_keys.sql']);
    expect(document.files[1].diagnostics.find((d: { ruleId: string }) => d.ruleId === 'add-unique-key')).toMatchObject({ severity: 'error' });
  });

  it('lets flags win over the file', async () => {
    const { code, stdout } = await runCli(['db', '-f', 'json', '--rule', 'add-unique-key=warning'], project);
    const document = JSON.parse(stdout);
    expect(document.files[1].diagnostics.find((d: { ruleId: string }) => d.ruleId === 'add-unique-key').severity).toBe('warning');
    expect(code).toBe(document.summary.errors > 0 ? 1 : 0);
  });

  it('--config picks another file', async () => {
    writeFileSync(path.join(project, 'ci.json'), JSON.stringify({ rules: { 'add-unique-key': 'off' } }));
    const { stdout } = await runCli(['db', '-f', 'json', '--config', 'ci.json'], project);
    const document = JSON.parse(stdout);
    // ci.json has no include/exclude: the legacy folder is linted too, and add-unique-key is off.
    expect(document.files.map((file: { path: string }) => file.path)).toContain('db/legacy/001_old.sql');
    expect(JSON.stringify(document)).not.toContain('"add-unique-key"');
  });

  it('exits 2 for a bad configuration, naming the file and the key', async () => {
    writeFileSync(path.join(project, 'bad.json'), JSON.stringify({ rules: { 'add-unique-key': 'fatal' }, dialekt: 'mysql' }));
    const { code, stdout, stderr } = await runCli(['db', '--config', 'bad.json'], project);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('uniqlint: invalid configuration in bad.json:');
    expect(stderr).toContain('rules.add-unique-key: expected one of "off", "info", "warning", "error"');
    expect(stderr).toContain('dialekt: unknown key');
  });
});
