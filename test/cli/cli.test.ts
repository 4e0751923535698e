/**
 * The built CLI run as a subprocess: exit codes, formats, usage errors.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../report/run-cli.js';
import { shippedCli } from '../support/shipped-cli.js';
import { runProcess } from '../support/processes.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = shippedCli;
let scratch: string;

/** Runs the built CLI in the repository root; colour variables are cleared unless `env` sets them. */
async function run(args: string[], env: Record<string, string> = {}) {
  const result = await runProcess(process.execPath, [cli, ...args], { cwd: root, env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...env }, timeoutMs: 120_000 });
  return { code: result.code, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  ensureBuilt();
  scratch = mkdtempSync(path.join(os.tmpdir(), 'uniqlint-cli-'));
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('uniqlint CLI', () => {
  it('lints a migration folder and prints JSON with the documented shape', async () => {
    const { code, stdout, stderr } = await run(['lint', 'test/fixtures/migrations/app', '--format', 'json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const document = JSON.parse(stdout);
    expect(document.summary.files).toBe(9);
    expect(document.summary.statements).toBeGreaterThan(20);
    expect(document.summary.warnings).toBeGreaterThan(0);
    expect(Object.keys(document.summary).sort()).toEqual(['errors', 'files', 'infos', 'parsed', 'recognised', 'statements', 'unparsed', 'warnings']);
    const file = document.files.find((entry: { path: string }) => entry.path.endsWith('002_unique_email.sql'));
    expect(file.path).toBe('test/fixtures/migrations/app/002_unique_email.sql');
    expect(Object.keys(file.diagnostics[0]).sort()).toEqual(
      ['column', 'docsUrl', 'endColumn', 'endLine', 'help', 'line', 'message', 'notes', 'ruleId', 'severity', 'statementIndex'].sort(),
    );
  });

  it('exits 1 when a finding has severity error', async () => {
    const { code, stdout } = await run(['lint', 'test/fixtures/migrations/app/002_unique_email.sql', '--format', 'json', '--rule', 'add-unique-key=error']);
    expect(code).toBe(1);
    const document = JSON.parse(stdout);
    expect(document.summary.errors).toBe(2);
  });

  it('replays earlier migrations as history when given a single file', async () => {
    // 004 changes the collation of users.email, which only 001 and 002 reveal to be in a unique key.
    const { stdout } = await run(['lint', 'test/fixtures/migrations/app/004_collation.sql', '--format', 'json']);
    const document = JSON.parse(stdout);
    expect(document.summary.files).toBe(1);
    // ... and, utf8mb4_bin becoming utf8mb4_general_ci, the key starts to ignore case.
    expect(document.files[0].diagnostics.map((d: { ruleId: string }) => d.ruleId)).toEqual(['add-unique-key', 'case-insensitive-unique-key']);
  });

  it('treats `uniqlint PATH` as `uniqlint lint PATH`', async () => {
    const a = await run(['test/fixtures/migrations/app/003_seed.sql', '--format', 'json']);
    const b = await run(['lint', 'test/fixtures/migrations/app/003_seed.sql', '--format', 'json']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
  });

  it('prints stylish output without colour when stdout is not a TTY', async () => {
    const { code, stdout } = await run(['lint', 'test/fixtures/migrations/app/003_seed.sql']);
    expect(code).toBe(0);
    expect(stdout).not.toMatch(/\u001b\[/);
    expect(stdout).toMatch(/^ {2}3:1 {3}warning\[replace-into\]: REPLACE into `users` deletes/m);
    expect(stdout).toMatch(/^ {8}help: use INSERT \.\.\. ON DUPLICATE KEY UPDATE/m);
    expect(stdout).toContain('> 3 | REPLACE INTO users');
    expect(stdout.trimEnd().split('\n').at(-1)).toMatch(/^⚠ 4 problems \(0 errors, 4 warnings\) in 1 file, \d+ statements \(0 not parsed\)$/);
  });

  it('honours --color and NO_COLOR', async () => {
    expect((await run(['lint', 'test/fixtures/migrations/app/003_seed.sql', '--color'])).stdout).toMatch(/\u001b\[/);
    expect((await run(['lint', 'test/fixtures/migrations/app/003_seed.sql', '--color'], { NO_COLOR: '1' })).stdout).toMatch(/\u001b\[/);
    expect((await run(['lint', 'test/fixtures/migrations/app/003_seed.sql'], { NO_COLOR: '1' })).stdout).not.toMatch(/\u001b\[/);
  });

  it('exits 2 for an unknown flag', async () => {
    const { code, stderr, stdout } = await run(['lint', 'test/fixtures/migrations/app', '--frobnicate']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/Unknown argument: frobnicate/);
  });

  it('exits 2 for a missing path, naming it', async () => {
    const { code, stderr } = await run(['lint', 'no/such/dir']);
    expect(code).toBe(2);
    expect(stderr).toBe('uniqlint: no such file or directory: no/such/dir\n');
  });

  it('exits 2 when no path is given or a folder holds no SQL', async () => {
    expect((await run(['lint'])).code).toBe(2);
    const empty = mkdtempSync(path.join(scratch, 'empty-'));
    const { code, stderr } = await run(['lint', empty]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/no SQL files found/);
  });

  it('exits 2 and says why when every named file is left out by its folder\'s convention', async () => {
    const dir = mkdtempSync(path.join(scratch, 'flyway-'));
    writeFileSync(path.join(dir, 'V1__init.sql'), 'CREATE TABLE t (id BIGINT PRIMARY KEY);\n');
    writeFileSync(path.join(dir, 'seed.sql'), 'REPLACE INTO t VALUES (1);\n');
    const { code, stderr } = await run(['lint', path.join(dir, 'seed.sql')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/seed\.sql: skipped, not a Flyway migration name .*\(folder convention: flyway\)/);
    expect(stderr).toMatch(/--convention plain/);
    expect((await run(['lint', path.join(dir, 'seed.sql'), '--convention', 'plain', '--format', 'json'])).code).toBe(0);
  });

  it('exits 2 for a bad --rule value', async () => {
    expect((await run(['lint', 'test/fixtures/migrations/app', '--rule', 'no-such-rule=error'])).stderr).toMatch(/unknown rule 'no-such-rule'/);
    expect((await run(['lint', 'test/fixtures/migrations/app', '--rule', 'add-unique-key=loud'])).code).toBe(2);
  });

  it('reports unreadable bytes and unterminated strings, then goes on with the next file', async () => {
    const dir = mkdtempSync(path.join(scratch, 'bad-'));
    writeFileSync(path.join(dir, '1_binary.sql'), Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x3b, 0x0a, 0x80, 0x81]));
    writeFileSync(path.join(dir, '2_unterminated.sql'), "INSERT INTO t VALUES ('never closed);\n");
    writeFileSync(path.join(dir, '3_fine.sql'), 'REPLACE INTO t VALUES (1);\n');
    const { code, stdout } = await run(['lint', dir, '--format', 'json']);
    expect(code).toBe(0);
    const document = JSON.parse(stdout);
    expect(document.files.map((file: { path: string }) => path.basename(file.path))).toEqual(['1_binary.sql', '2_unterminated.sql', '3_fine.sql']);
    const unterminated = document.files[1].diagnostics.find((d: { message: string }) => /unterminated/i.test(d.message));
    expect(unterminated).toMatchObject({ ruleId: 'parse-error', line: 1, column: 23 });
    expect(document.files[2].diagnostics.map((d: { ruleId: string }) => d.ruleId)).toEqual(['replace-into']);
  });

  it('prints the parser dialect choices in --help', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('--dialect');
    expect(stdout).toContain('"mysql", "mariadb"');
  });
});
