/**
 * Formats and output options through the built CLI: --format, --output-file, GitHub annotations
 * beside stylish output only, --max-warnings, --quiet, stdin with --stdin-filename.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from './run-cli.js';

let project: string;

beforeAll(() => {
  ensureBuilt();
  project = mkdtempSync(path.join(os.tmpdir(), 'uniqlint-formats-'));
  mkdirSync(path.join(project, 'db'));
  writeFileSync(path.join(project, 'db', '001_init.sql'), 'CREATE TABLE users (id BIGINT PRIMARY KEY, email VARCHAR(191));\n');
  writeFileSync(path.join(project, 'db', '002_keys.sql'), "ALTER TABLE users ADD UNIQUE KEY uk_email (email);\nREPLACE INTO users VALUES (1, 'a');\n");
  mkdirSync(path.join(project, 'infos'));
  writeFileSync(path.join(project, 'infos', '001_pairs.sql'), 'CREATE TABLE pairs (id BIGINT PRIMARY KEY, a INT NULL, b INT NULL, UNIQUE KEY uk_ab (a, b));\nREPLACE INTO pairs VALUES (1, 2, 3);\n');
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

/** Rule ids of a JSON report, file by file. */
function ruleIds(stdout: string): string[] {
  return JSON.parse(stdout).files.flatMap((file: { diagnostics: { ruleId: string }[] }) => file.diagnostics.map((d) => d.ruleId));
}

/** Number of findings (all rules) of a plain run over db/, and of warnings. */
async function findingCount(): Promise<number> {
  return ruleIds((await runCli(['db', '-f', 'json'], project)).stdout).length;
}
async function warningCount(): Promise<number> {
  return JSON.parse((await runCli(['db', '-f', 'json'], project)).stdout).summary.warnings;
}

describe('--format and --output-file', () => {
  it('writes each machine format to stdout without annotations, even under GitHub Actions', async () => {
    for (const format of ['json', 'sarif', 'gitlab', 'junit']) {
      const { code, stdout, stderr } = await runCli(['db', '--format', format], project, { GITHUB_ACTIONS: 'true' });
      expect(code, stderr).toBe(0);
      expect(stdout).not.toMatch(/^::/m);
      expect(stdout).not.toMatch(/\u001b\[/);
      if (format !== 'junit') expect(() => JSON.parse(stdout)).not.toThrow();
      else expect(stdout.startsWith('<?xml')).toBe(true);
    }
  });

  it('adds annotations to stylish output only when GITHUB_ACTIONS=true', async () => {
    const plain = await runCli(['db'], project);
    expect(plain.stdout).not.toMatch(/^::/m);
    const count = await findingCount();
    const actions = await runCli(['db'], project, { GITHUB_ACTIONS: 'true' });
    const annotations = actions.stdout.split('\n').filter((line) => line.startsWith('::'));
    expect(annotations).toHaveLength(count);
    for (const line of annotations) expect(line).toMatch(/^::(error|warning|notice) file=db\/002_keys\.sql,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=uniqlint [a-z-]+::/);
    expect(annotations.find((line) => line.includes('title=uniqlint add-unique-key'))).toContain('file=db/002_keys.sql,line=1,col=23,');
    expect(actions.stdout).toContain(`${count} problems`);
    expect((await runCli(['db'], project, { GITHUB_ACTIONS: 'true', UNIQLINT_NO_GITHUB_ANNOTATIONS: '1' })).stdout).not.toMatch(/^::/m);
    expect((await runCli(['db', '--format', 'github'], project)).stdout.trimEnd().split('\n')).toHaveLength(count);
  });

  it('--output-file writes the report there and keeps stdout free of it', async () => {
    const { code, stdout } = await runCli(['db', '-f', 'sarif', '-o', 'reports/uniqlint.sarif'], project);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    const log = JSON.parse(readFileSync(path.join(project, 'reports', 'uniqlint.sarif'), 'utf8'));
    expect(log.runs[0].results.map((result: { ruleId: string }) => result.ruleId)).toEqual(expect.arrayContaining(['add-unique-key', 'replace-into']));
  });
});

describe('exit codes and filters', () => {
  it('--max-warnings N fails when warnings exceed N', async () => {
    const warnings = await warningCount();
    expect(warnings).toBeGreaterThanOrEqual(2);
    expect((await runCli(['db', '--max-warnings', String(warnings)], project)).code).toBe(0);
    const over = await runCli(['db', '--max-warnings', String(warnings - 1)], project);
    expect(over.code).toBe(1);
    expect(over.stderr).toContain(`${warnings} warnings found, more than --max-warnings ${warnings - 1}`);
  });

  it('--quiet reports errors only', async () => {
    const quiet = await runCli(['db', '--quiet', '-f', 'json', '--rule', 'add-unique-key=error'], project);
    expect(quiet.code).toBe(1);
    const document = JSON.parse(quiet.stdout);
    expect(ruleIds(quiet.stdout)).toContain('add-unique-key');
    expect(document.files[1].diagnostics.every((d: { severity: string }) => d.severity === 'error')).toBe(true);
    expect(document.summary.warnings).toBe(0);
  });
});

describe('stdin', () => {
  it("lints '-' as the file --stdin-filename names, with its folder as history", async () => {
    const text = 'ALTER TABLE users ADD UNIQUE KEY uk_email (email);\n';
    const { code, stdout } = await runCli(['-', '--stdin-filename', 'db/002_keys.sql', '-f', 'json'], project, {}, text);
    expect(code).toBe(0);
    const document = JSON.parse(stdout);
    expect(document.files.map((file: { path: string }) => file.path)).toEqual(['db/002_keys.sql']);
    expect(ruleIds(stdout)).toContain('add-unique-key');
  });

  it("lints '-' alone as <stdin>, and a file not on disk under its name", async () => {
    expect(JSON.parse((await runCli(['-', '-f', 'json'], project, {}, 'REPLACE INTO t VALUES (1);\n')).stdout).files[0].path).toBe('<stdin>');
    const named = JSON.parse((await runCli(['-', '--stdin-filename', 'db/003_new.sql', '-f', 'json'], project, {}, 'REPLACE INTO t VALUES (1);\n')).stdout);
    expect(named.files[0].path).toBe('db/003_new.sql');
    expect(named.files[0].diagnostics.map((d: { ruleId: string }) => d.ruleId)).toContain('replace-into');
  });

  it('refuses --stdin-filename without -', async () => {
    expect((await runCli(['db', '--stdin-filename', 'x.sql'], project)).code).toBe(2);
  });
});

describe('rules and explain', () => {
  it('uniqlint rules lists every rule with its default severity', async () => {
    const { code, stdout } = await runCli(['rules'], project);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^add-unique-key\s+warning\s+A statement adds/m);
    expect(stdout).toMatch(/^unused-disable\s+warning\s+/m);
  });

  it('uniqlint explain prints the page, and exits 2 for an unknown rule', async () => {
    const { code, stdout } = await runCli(['explain', 'replace-into'], project);
    expect(code).toBe(0);
    expect(stdout.startsWith('# replace-into\n')).toBe(true);
    expect(stdout).toContain('## How to fix');
    const unknown = await runCli(['explain', 'nope'], project);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown rule 'nope'");
  });
});

describe('--verbose and minimumSeverity', () => {
  it('stylish and github leave infos out by default and count them; --verbose prints them', async () => {
    const [quiet, verbose, github, githubVerbose, json] = await Promise.all([
      runCli(['infos'], project),
      runCli(['infos', '--verbose'], project),
      runCli(['infos', '-f', 'github'], project),
      runCli(['infos', '-f', 'github', '--verbose'], project),
      runCli(['infos', '-f', 'json'], project),
    ]);
    expect(quiet.stdout).not.toContain('info[unique-key-nullable-column]');
    expect(quiet.stdout.trimEnd().split('\n').at(-1)).toBe('⚠ 1 problem (0 errors, 1 warning) in 1 file, 2 statements (0 not parsed); 1 info hidden (--verbose shows them)');
    expect(verbose.stdout).toContain('info[unique-key-nullable-column]: unique key `uk_ab` (`a`, `b`) on `pairs`');
    expect(verbose.stdout.trimEnd().split('\n').at(-1)).toBe('⚠ 2 problems (0 errors, 1 warning, 1 info) in 1 file, 2 statements (0 not parsed)');
    expect(github.stdout).not.toContain('::notice');
    expect(githubVerbose.stdout).toContain('::notice');
    // Machine formats always carry every finding.
    expect(ruleIds(json.stdout)).toEqual(['unique-key-nullable-column', 'replace-into']);
  });

  it('a configured minimumSeverity decides what stylish prints, and --verbose wins over it', async () => {
    const config = (name: string, value: string): string => {
      const file = path.join(project, `${name}.json`);
      writeFileSync(file, JSON.stringify({ minimumSeverity: value }));
      return file;
    };
    const [infos, errorsOnly, errorsVerbose, bad] = await Promise.all([
      runCli(['infos', '--config', config('show-infos', 'info')], project),
      runCli(['infos', '--config', config('errors-only', 'error')], project),
      runCli(['infos', '--config', config('errors-only-verbose', 'error'), '--verbose'], project),
      runCli(['infos', '--config', config('bad-level', 'notice')], project),
    ]);
    expect(infos.stdout).toContain('info[unique-key-nullable-column]');
    expect(errorsOnly.stdout).not.toContain('warning[');
    expect(errorsOnly.stdout.trimEnd().split('\n').at(-1)).toBe('✔ no problems in 1 file, 2 statements (0 not parsed); 1 warning, 1 info hidden (--verbose shows them)');
    expect(errorsOnly.code).toBe(0);
    expect(errorsVerbose.stdout).toContain('info[unique-key-nullable-column]');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('minimumSeverity');
  });
});
