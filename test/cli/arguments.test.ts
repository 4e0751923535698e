/**
 * Flags and environment through the built CLI: every bad value is one line on stderr and exit
 * code 2; --no-config and --no-config-lookup; FORCE_COLOR, NO_COLOR and TERM=dumb; --print-config;
 * reports that cannot be written; configurations that are empty, null, endless or never settle.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from '../report/run-cli.js';

let project: string;

beforeAll(() => {
  ensureBuilt();
  project = mkdtempSync(path.join(os.tmpdir(), 'uniqlint-arguments-'));
  mkdirSync(path.join(project, 'db'));
  writeFileSync(path.join(project, 'db', '001_init.sql'), 'CREATE TABLE users (id BIGINT PRIMARY KEY, email VARCHAR(191));\nREPLACE INTO users VALUES (1, NULL);\n');
  writeFileSync(path.join(project, '.uniqlintrc.json'), JSON.stringify({ rules: { 'replace-into': 'error' } }));
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

/** Asserts a usage error: exit code 2, nothing on stdout, one line on stderr naming `text`, no stack trace. */
async function expectUsageError(args: string[], text: string | RegExp) {
  const run = await runCli(args, project);
  expect(run.code, run.stderr).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr.endsWith('\n')).toBe(true);
  expect(run.stderr.trimEnd().split('\n'), run.stderr).toHaveLength(1);
  expect(run.stderr).toMatch(/^uniqlint: /);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  if (typeof text === 'string') expect(run.stderr).toContain(text);
  else expect(run.stderr).toMatch(text);
}

describe('every bad flag value exits 2 with one line', () => {
  const cases: [string[], string | RegExp][] = [
    [['db', '--max-warnings', 'abc'], "--max-warnings expects a whole number of warnings (0 or more; -1 for no limit), got 'abc'"],
    [['db', '--max-warnings', '1.5'], "got '1.5'"],
    [['db', '--max-warnings=-7'], "got '-7'"],
    [['db', '--format', 'xml'], /Invalid values: Argument: format, Given: "xml", Choices: "stylish"/],
    [['db', '--format', 'json', '--format', 'sarif'], '--format was given 2 times (json, sarif); give it once'],
    [['db', '--dialect', 'postgres'], /Argument: dialect, Given: "postgres"/],
    [['db', '--convention', 'rails'], /Argument: convention, Given: "rails"/],
    [['db', '--rule', 'replace-into'], "--rule expects id=level, got 'replace-into'"],
    [['db', '--server-version', 'eight'], "--server-version expects a version such as 8.0.36 or 10.11, got 'eight'"],
    [['db', '--live-timeout', 'soon'], "--live-timeout must be a positive number of seconds, got 'soon'"],
    [['db', '--live-max-rows', 'many'], "--live-max-rows expects a whole number of rows (0 for no budget), got 'many'"],
    [['db', '--live-max-rows', '-5'], "--live-max-rows expects a whole number of rows (0 for no budget), got '-5'"],
    [['db', '--live-max-rows', '1.5'], "got '1.5'"],
    [['db', '--live-max-rows', '10', '--live-max-rows', '20'], '--live-max-rows was given 2 times (10, 20); give it once'],
    [['db', '--live-concurrency', '0'], "--live-concurrency expects a whole number of connections from 1 to 8, got '0'"],
    [['db', '--live-concurrency', '9'], "--live-concurrency expects a whole number of connections from 1 to 8, got '9'"],
    [['db', '--live-concurrency', 'two'], "got 'two'"],
    [['db', '--live-concurrency=2.5'], "got '2.5'"],
    [['db', '--output-file', ''], '--output-file needs a value'],
    [['db', '--baseline', ''], '--baseline needs a value'],
    [['db', '--changed-since', ''], '--changed-since needs a value'],
    [['db', '-c', ''], '--config needs a value'],
    [['db', '-c', 'a.json', '-c', 'b.json'], '--config was given 2 times'],
    [['db', '-c', '/dev/zero'], '--config: /dev/zero is not a regular file'],
    [['db', '-c', 'missing.json'], '--config: no such file: missing.json'],
    [['db', '--frobnicate'], 'Unknown argument: frobnicate'],
    [['db', '-o', 'db'], 'cannot write the report to db: it is a folder'],
    [['db', '-o', 'db/001_init.sql'], '--output-file db/001_init.sql names a file being linted'],
    [['db', '--print-config', 'nope.sql'], '--print-config: no such file: nope.sql'],
  ];
  for (const [args, text] of cases) {
    it(args.join(' '), async () => expectUsageError(args, text));
  }
});

describe('configuration lookup', () => {
  it('--no-config and --no-config-lookup lint without the configuration, like the defaults', async () => {
    const withConfig = await runCli(['db', '-f', 'json'], project);
    expect(JSON.parse(withConfig.stdout).summary.errors).toBe(1);
    for (const flag of ['--no-config', '--no-config-lookup']) {
      const run = await runCli(['db', '-f', 'json', flag], project);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout).summary.errors).toBe(0);
    }
  });

  it('rejects an empty or null configuration and an endless one, each in one line', async () => {
    writeFileSync(path.join(project, 'empty.json'), '');
    await expectUsageError(['db', '-c', 'empty.json'], 'empty.json: the configuration is empty; write {} for a configuration without settings');
    writeFileSync(path.join(project, 'null.json'), 'null');
    await expectUsageError(['db', '-c', 'null.json'], 'the configuration is empty (null)');
    writeFileSync(path.join(project, 'huge.json'), Buffer.alloc(2 * 1024 * 1024, 0x20));
    await expectUsageError(['db', '-c', 'huge.json'], 'is larger than 1 MB');
  });

  it('a JavaScript configuration whose promise never settles ends with exit code 2, not silently', async () => {
    writeFileSync(path.join(project, 'never.mjs'), 'export default new Promise(() => {});\n');
    const run = await runCli(['db', '-c', 'never.mjs'], project);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/never settled|did not finish/);
    expect(run.stdout).toBe('');
  });

  it('--print-config prints the configuration that applies to a file', async () => {
    const run = await runCli(['--print-config', 'db/001_init.sql', '--rule', 'int-auto-increment=off', '--dialect', 'mariadb'], project);
    expect(run.code).toBe(0);
    const config = JSON.parse(run.stdout);
    expect(config).toMatchObject({ file: 'db/001_init.sql', configFile: '.uniqlintrc.json', dialect: 'mariadb', convention: 'plain', excluded: false, markedApplied: false });
    expect(config.rules['replace-into']).toBe('error');
    expect(config.rules['int-auto-increment']).toBe('off');
    expect(config.rules['add-unique-key']).toBe('warning');
  });

  it('--print-config prints the live limits: those of the configuration, and the flags over them; never the URL', async () => {
    const defaults = JSON.parse((await runCli(['--print-config', 'db/001_init.sql'], project)).stdout);
    expect(defaults.live).toEqual({ enabled: false, timeoutMs: 30000, maxRows: 10000000, concurrency: 2, explain: false, lockWaitTimeoutSeconds: 5, replayHistory: false });
    writeFileSync(
      path.join(project, 'live.json'),
      JSON.stringify({ live: { url: 'mysql://linter:secret@db.internal/shop', maxRows: 5000, concurrency: 3, explain: true, timeoutMs: 9000 } }),
    );
    const fromConfig = await runCli(['--print-config', 'db/001_init.sql', '-c', 'live.json'], project);
    expect(fromConfig.code).toBe(0);
    expect(JSON.parse(fromConfig.stdout).live).toMatchObject({ enabled: true, timeoutMs: 9000, maxRows: 5000, concurrency: 3, explain: true });
    expect(fromConfig.stdout).not.toContain('secret');
    const flagsWin = await runCli(
      ['--print-config', 'db/001_init.sql', '-c', 'live.json', '--live-max-rows', '0', '--live-concurrency', '1', '--no-live-explain', '--live-timeout', '2.5'],
      project,
    );
    expect(JSON.parse(flagsWin.stdout).live).toMatchObject({ timeoutMs: 2500, maxRows: 0, concurrency: 1, explain: false });
  });

  it('refuses live settings of the configuration that are out of range, naming the key', async () => {
    for (const [live, key] of [
      [{ concurrency: 0 }, 'live.concurrency'],
      [{ concurrency: 9 }, 'live.concurrency'],
      [{ maxRows: -1 }, 'live.maxRows'],
      [{ maxRows: 1.5 }, 'live.maxRows'],
      [{ explain: 'yes' }, 'live.explain'],
    ] as const) {
      writeFileSync(path.join(project, 'bad-live.json'), JSON.stringify({ live }));
      const run = await runCli(['db', '-c', 'bad-live.json'], project);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^uniqlint: invalid configuration in bad-live\.json:/);
      expect(run.stderr).toContain(`${key}:`);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe('colour from the environment', () => {
  const file = ['db', '--no-config'];
  const coloured = (stdout: string) => /\u001b\[/.test(stdout);
  it('FORCE_COLOR forces colour on without a TTY, and FORCE_COLOR=0 turns it off', async () => {
    expect(coloured((await runCli(file, project, { NO_COLOR: '', FORCE_COLOR: '1' })).stdout)).toBe(true);
    expect(coloured((await runCli(file, project, { NO_COLOR: '', FORCE_COLOR: '0' })).stdout)).toBe(false);
    expect(coloured((await runCli([...file, '--no-color'], project, { NO_COLOR: '', FORCE_COLOR: '1' })).stdout)).toBe(false);
  });
  it('NO_COLOR and TERM=dumb keep it off; --color wins over both', async () => {
    expect(coloured((await runCli(file, project, { NO_COLOR: '1', FORCE_COLOR: '' })).stdout)).toBe(false);
    expect(coloured((await runCli([...file, '--color'], project, { NO_COLOR: '1', FORCE_COLOR: '', TERM: 'dumb' })).stdout)).toBe(true);
  });
});

describe('reports', () => {
  it('the JSON report carries the version of the tool', async () => {
    const manifest = JSON.parse(readFileSync(path.join(import.meta.dirname, '..', '..', 'package.json'), 'utf8'));
    const run = await runCli(['db', '-f', 'json'], project);
    expect(JSON.parse(run.stdout).version).toBe(manifest.version);
  });
});
