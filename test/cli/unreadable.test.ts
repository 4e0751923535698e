/**
 * Files and folders that cannot be read: each gets a diagnostic, the rest is linted, and the run
 * ends with exit code 2 (not 0), naming what it could not read. As root every file is readable,
 * so there the CLI runs as the unprivileged user `nobody`.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, ensureBuilt, runCli } from '../report/run-cli.js';
import { runProcess } from '../support/processes.js';

let project: string;
const asRoot = process.getuid?.() === 0;

beforeAll(() => {
  ensureBuilt();
  project = mkdtempSync(path.join(os.tmpdir(), 'uniqlint-unreadable-'));
  chmodSync(project, 0o755);
  mkdirSync(path.join(project, 'db', 'locked'), { recursive: true });
  writeFileSync(path.join(project, 'db', '001_ok.sql'), 'REPLACE INTO t VALUES (1);\n');
  writeFileSync(path.join(project, 'db', '002_secret.sql'), 'SELECT 1;\n');
  writeFileSync(path.join(project, 'db', 'locked', '003_hidden.sql'), 'SELECT 1;\n');
  chmodSync(path.join(project, 'db', '002_secret.sql'), 0o000);
  chmodSync(path.join(project, 'db', 'locked'), 0o000);
});
afterAll(() => {
  chmodSync(path.join(project, 'db', 'locked'), 0o755);
  rmSync(project, { recursive: true, force: true });
});

async function lintAsUser(args: string[]) {
  if (!asRoot) return runCli(args, project);
  const command = ['cd', JSON.stringify(project), '&&', 'NO_COLOR=1', JSON.stringify(process.execPath), JSON.stringify(cliPath), ...args.map((arg) => JSON.stringify(arg))].join(' ');
  const result = await runProcess('su', ['nobody', '-s', '/bin/sh', '-c', command], { timeoutMs: 120_000 });
  return { code: result.code, stdout: result.stdout, stderr: result.stderr };
}

describe('unreadable input', () => {
  it('reports an unreadable file and an unreadable subfolder, lints the rest, exits 2', async () => {
    const run = await lintAsUser(['db', '-f', 'json', '--no-config']);
    expect(run.code, run.stderr).toBe(2);
    const report = JSON.parse(run.stdout);
    const byPath = Object.fromEntries(report.files.map((file: { path: string; diagnostics: { message: string; notes: string[]; ruleId: string }[] }) => [file.path, file.diagnostics]));
    expect(byPath['db/001_ok.sql'].map((d: { ruleId: string }) => d.ruleId)).toEqual(['replace-into']);
    expect(byPath['db/002_secret.sql'][0].message).toBe('cannot read this file; it was not checked');
    expect(byPath['db/002_secret.sql'][0].notes[0]).toMatch(/^EACCES/);
    expect(byPath['db/locked'][0].message).toBe('cannot read this folder; the files in it were not checked');
    expect(byPath['db/locked'][0].notes).toEqual(['EACCES: the folder cannot be read']);
    expect(run.stderr).toBe('uniqlint: could not read db/locked, db/002_secret.sql; the run is incomplete\n');
  });
});
