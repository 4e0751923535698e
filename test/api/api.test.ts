/**
 * The programmatic API as a program uses it (src/index.ts): `Linter` with the configuration found
 * as the command line finds it, formatters by name, the typed errors, and the older exports.
 * Where the command line can say the same thing, its output is the reference.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  BaselineError,
  ConfigError,
  FORMATTER_NAMES,
  Linter,
  lintText,
  loadFormatter,
  MigrationLinter,
  MissingPathError,
  NoFilesError,
  NoInputsError,
  UnknownFormatterError,
  formatJson,
  type LintRun,
} from '../../src/index.js';
import { ensureBuilt, runCli } from '../report/run-cli.js';

let scratch: string;

/** A project folder: `files` maps relative paths to their text. */
function project(name: string, files: Record<string, string>): string {
  const root = path.join(scratch, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

/** `file:line ruleId severity` of every diagnostic, the shape compared with the command line's JSON. */
function findings(run: { files: { path: string; diagnostics: { ruleId: string; severity: string; range?: { start: { line: number } }; line?: number }[] }[] }): string[] {
  return run.files.flatMap((file) => file.diagnostics.map((d) => `${file.path}:${d.range?.start.line ?? d.line} ${d.ruleId} ${d.severity}`));
}

const USERS = 'CREATE TABLE users (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, email VARCHAR(191) NOT NULL);\n';
const SEED = "REPLACE INTO settings (name, value) VALUES ('a', 'b');\nINSERT IGNORE INTO users (email) VALUES ('x@example.com');\n";

beforeAll(() => {
  ensureBuilt();
  scratch = mkdtempSync(path.join(os.tmpdir(), 'uniqlint-api-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

describe('Linter.lintText', () => {
  it('applies inline config over defaults: a level set in `config` is the severity reported', async () => {
    const text = 'ALTER TABLE users ADD UNIQUE KEY uk_email (email);\n';
    const cwd = project('text-config', {});
    const plain = await new Linter({ cwd, configFile: false }).lintText(text);
    expect(findings(plain)).toEqual(['<text>:1 add-unique-key warning']);
    const strict = await new Linter({ cwd, configFile: false, config: { rules: { 'add-unique-key': 'error' } } }).lintText(text);
    expect(findings(strict)).toEqual(['<text>:1 add-unique-key error']);
    expect(strict.summary).toMatchObject({ files: 1, errors: 1, warnings: 0 });
    const off = await new Linter({ cwd, configFile: false, config: { rules: { 'add-unique-key': 'off' } } }).lintText(text);
    expect(findings(off)).toEqual([]);
  });

  it('with filePath naming an existing migration, replays the earlier migrations of its folder first', async () => {
    const cwd = project('text-history', { 'db/001_users.sql': USERS, 'db/002_seed.sql': 'SELECT 1;\n' });
    const text = "INSERT INTO users (id, email) VALUES (1, 'a@example.com');\n";
    const linter = new Linter({ cwd });
    // Alone, `users` is unknown: nothing says `id` is its AUTO_INCREMENT column.
    expect(findings(await linter.lintText(text))).toEqual([]);
    const inSet = await linter.lintText(text, { filePath: 'db/002_seed.sql' });
    expect(findings(inSet)).toEqual(['db/002_seed.sql:1 explicit-auto-increment-value warning']);
    // The same as the command line reading it from stdin.
    const cli = await runCli(['--format', 'json', '--stdin-filename', 'db/002_seed.sql', '-'], cwd, {}, text);
    expect(findings(JSON.parse(cli.stdout))).toEqual(findings(inSet));
  });

  it('throws TypeError for text that is not a string', async () => {
    await expect(new Linter({ configFile: false }).lintText(42 as unknown as string)).rejects.toBeInstanceOf(TypeError);
  });
});

describe('Linter.lintFiles', () => {
  it('finds the configuration upward from cwd as the command line does, and lints its include', async () => {
    const root = project('discovery', {
      '.uniqlintrc.json': JSON.stringify({ include: ['db'], rules: { 'replace-into': 'off', 'insert-ignore': 'error' } }),
      'db/001_users.sql': USERS,
      'db/002_seed.sql': SEED,
      'app/readme.txt': 'a subfolder to start the search from\n',
    });
    const cwd = path.join(root, 'app');
    const run = await new Linter({ cwd }).lintFiles();
    expect(run.configFile).toBe(path.join(root, '.uniqlintrc.json'));
    expect(findings(run)).toEqual(['../db/002_seed.sql:2 insert-ignore error']);
    const cli = await runCli(['--format', 'json'], cwd);
    expect(cli.code).toBe(1);
    expect(findings(JSON.parse(cli.stdout))).toEqual(findings(run));
  });

  it('renders, through loadFormatter, exactly what --format prints', async () => {
    const cwd = project('formats', { 'db/001_users.sql': USERS, 'db/002_seed.sql': SEED });
    const run = await new Linter({ cwd }).lintFiles(['db']);
    for (const name of ['json', 'github', 'gitlab', 'junit', 'stylish'] as const) {
      const cli = await runCli(['db', '--format', name], cwd);
      expect(loadFormatter(name)(run), name).toBe(cli.stdout);
    }
    expect(JSON.parse(loadFormatter('sarif')(run, { cwd })).runs[0].results.map((result: { ruleId: string }) => result.ruleId)).toEqual(['replace-into', 'insert-ignore']);
    // The older direct export gives the same document.
    expect(formatJson(run, { toolVersion: JSON.parse(loadFormatter('json')(run)).version })).toBe(loadFormatter('json')(run));
  });

  it('applies the baseline beside the configuration, as the command line does; baseline: false ignores it', async () => {
    const cwd = project('baseline', { '.uniqlintrc.json': '{}', 'db/001_users.sql': USERS, 'db/002_seed.sql': SEED });
    const recorded = await runCli(['baseline', 'db'], cwd);
    expect(recorded.code, recorded.stderr).toBe(0);
    const run = await new Linter({ cwd }).lintFiles(['db']);
    expect(findings(run)).toEqual([]);
    expect(run.baseline).toEqual({ file: path.join(cwd, 'uniqlint-baseline.json'), matched: 2, refusedErrors: 0, stale: 0 });
    expect(run.summary.hidden?.baseline).toEqual({ errors: 0, warnings: 2, infos: 0 });
    const all = await new Linter({ cwd, baseline: false }).lintFiles(['db']);
    expect(findings(all)).toEqual(['db/002_seed.sql:1 replace-into warning', 'db/002_seed.sql:2 insert-ignore warning']);
    expect(all.baseline).toBeUndefined();
    writeFileSync(path.join(cwd, 'damaged.json'), '{"version": 1');
    await expect(new Linter({ cwd, baseline: 'damaged.json' }).lintFiles(['db'])).rejects.toBeInstanceOf(BaselineError);
  });

  it('throws typed errors for usage problems, and never prints nor exits', async () => {
    const write = vi.spyOn(process.stdout, 'write');
    const writeError = vi.spyOn(process.stderr, 'write');
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => {
      throw new Error('process.exit was called');
    }) as never);
    const cwd = project('errors', { 'db/001_users.sql': USERS, 'notes/readme.txt': 'no SQL\n' });
    const linter = new Linter({ cwd, configFile: false });

    const missing = await linter.lintFiles(['db/does-not-exist']).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(MissingPathError);
    expect((missing as MissingPathError).path).toBe('db/does-not-exist');
    await expect(linter.lintFiles(['notes'])).rejects.toBeInstanceOf(NoFilesError);
    await expect(linter.lintFiles()).rejects.toBeInstanceOf(NoInputsError);
    await expect(linter.lintFiles('db' as unknown as string[])).rejects.toBeInstanceOf(TypeError);

    const unknownRule = await new Linter({ cwd, configFile: false, config: { rules: { 'no-such-rule': 'error' } } as never }).lintFiles(['db']).catch((error: unknown) => error);
    expect(unknownRule).toBeInstanceOf(ConfigError);
    expect((unknownRule as Error).message).toContain("rules.no-such-rule: unknown rule 'no-such-rule'");
    await expect(new Linter({ cwd, configFile: 'missing.json' }).lintFiles(['db'])).rejects.toBeInstanceOf(ConfigError);
    writeFileSync(path.join(cwd, '.uniqlintrc.json'), '{"dialect": "oracle"}');
    await expect(new Linter({ cwd }).lintFiles(['db'])).rejects.toThrow(/dialect/);

    const unknownFormat = (() => {
      try {
        return loadFormatter('xml');
      } catch (error) {
        return error;
      }
    })();
    expect(unknownFormat).toBeInstanceOf(UnknownFormatterError);
    expect((unknownFormat as UnknownFormatterError).formats).toEqual(FORMATTER_NAMES);

    expect(write).not.toHaveBeenCalled();
    expect(writeError).not.toHaveBeenCalled();
    expect(exit).not.toHaveBeenCalled();
  });

  it('resolves relative paths of inline config against the configuration file folder', async () => {
    const root = project('override-paths', {
      'package.json': JSON.stringify({ name: 'app', uniqlint: { include: ['db'] } }),
      'db/001_users.sql': USERS,
      'db/legacy/002_seed.sql': SEED,
      'sub/x.txt': '',
    });
    const run: LintRun = await new Linter({ cwd: path.join(root, 'sub'), config: { exclude: ['db/legacy/**'] } }).lintFiles();
    expect(run.configFile).toBe(path.join(root, 'package.json'));
    expect(run.files.map((file) => file.path)).toEqual(['../db/001_users.sql']);
  });
});

describe('formatters by name', () => {
  it('offers every --format, each a function of a run', async () => {
    expect(FORMATTER_NAMES).toEqual(expect.arrayContaining(['stylish', 'json', 'sarif', 'github', 'gitlab', 'junit']));
    // The command line's choices are this table's names, in its order.
    const help = await runCli(['--help'], scratch);
    const choices = /--format[^\n]*\n?[^[]*\[choices: ([^\]]+)\]/.exec(help.stdout)?.[1];
    expect(choices?.split(',').map((choice) => JSON.parse(choice.trim()) as string)).toEqual(FORMATTER_NAMES);
    const run = await new Linter({ configFile: false, cwd: scratch }).lintText(SEED);
    for (const name of FORMATTER_NAMES) expect(loadFormatter(name)(run).length, name).toBeGreaterThan(0);
    expect(loadFormatter('stylish')(run)).not.toContain('\u001b[');
    expect(loadFormatter('stylish')(run, { color: true })).toContain('\u001b[');
  });
});

describe('the older exports', () => {
  it('lintText and MigrationLinter still lint synchronously without any configuration', () => {
    expect(lintText('ALTER TABLE users ADD UNIQUE KEY uk_email (email);').diagnostics.map((d) => d.ruleId)).toEqual(['add-unique-key']);
    const linter = new MigrationLinter();
    linter.replay(USERS);
    expect(linter.lint('002.sql', "INSERT INTO users (id, email) VALUES (1, 'a@example.com');").diagnostics.map((d) => d.ruleId)).toEqual(['explicit-auto-increment-value']);
  });
});
