/**
 * `--fix` through the built CLI: applied migrations are never rewritten (git and outside git),
 * `--fix-dry-run` writes nothing, writes are atomic and byte-faithful, concurrent runs agree, and
 * a failed write ends with exit code 2 and the file unchanged.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, ensureBuilt, runCli } from '../report/run-cli.js';
import { git, runProcess } from '../support/processes.js';

let scratch: string;
const gitEnv = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
const ordersInt = 'CREATE TABLE orders (\n  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,\n  code VARCHAR(8)\n);\n';
const ordersBigint = ordersInt.replace('id INT', 'id BIGINT');

beforeAll(() => {
  ensureBuilt();
  scratch = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'uniqlint-fix-safety-')));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function folder(name: string): string {
  const directory = path.join(scratch, name);
  mkdirSync(path.join(directory, 'db'), { recursive: true });
  return directory;
}

describe('--fix never rewrites an applied migration', () => {
  it('leaves a committed Flyway folder unchanged and reports the forward fix; fixes the new file', async () => {
    const project = folder('flyway-git');
    await git(project, ['init', '-q', '-b', 'main']);
    writeFileSync(path.join(project, 'db', 'V1__orders.sql'), ordersInt);
    await git(project, ['add', '.']);
    await git(project, ['commit', '-qm', 'V1'], gitEnv);
    writeFileSync(path.join(project, 'db', 'V2__items.sql'), 'CREATE TABLE items (id INT UNSIGNED AUTO_INCREMENT, PRIMARY KEY (id));\n');

    const run = await runCli(['db', '--fix', '-f', 'json'], project);
    expect(run.code).toBe(0);
    expect(readFileSync(path.join(project, 'db', 'V1__orders.sql'), 'utf8')).toBe(ordersInt);
    expect(readFileSync(path.join(project, 'db', 'V2__items.sql'), 'utf8')).toBe('CREATE TABLE items (id BIGINT UNSIGNED AUTO_INCREMENT, PRIMARY KEY (id));\n');
    expect(run.stderr).toContain('uniqlint: applied 1 fix in 1 file');
    expect(run.stderr).toContain('db/V1__orders.sql: not rewritten: it is committed and unchanged since HEAD');
    expect(run.stderr).toContain('fix forward in a new migration:');
    expect(run.stderr).toContain('2:3 int-auto-increment: ALTER TABLE `orders` MODIFY id BIGINT NOT NULL AUTO_INCREMENT;');
    expect((await git(project, ['status', '--porcelain'])).trim()).toBe('?? db/V2__items.sql');
  });

  it('fixes a migration only the branch adds when --changed-since names the target branch', async () => {
    const project = folder('branch');
    await git(project, ['init', '-q', '-b', 'main']);
    writeFileSync(path.join(project, 'db', 'V1__orders.sql'), ordersInt);
    await git(project, ['add', '.']);
    await git(project, ['commit', '-qm', 'V1'], gitEnv);
    await git(project, ['checkout', '-qb', 'feature']);
    writeFileSync(path.join(project, 'db', 'V2__more.sql'), 'CREATE TABLE more (id INT AUTO_INCREMENT PRIMARY KEY);\n');
    await git(project, ['add', '.']);
    await git(project, ['commit', '-qm', 'V2'], gitEnv);

    const withoutBase = await runCli(['db/V2__more.sql', '--fix'], project);
    expect(withoutBase.stderr).toContain('committed and unchanged since HEAD');
    expect(readFileSync(path.join(project, 'db', 'V2__more.sql'), 'utf8')).toContain('id INT AUTO_INCREMENT');

    const run = await runCli(['db', '--fix', '--changed-since', 'main'], project);
    expect(run.stderr).toContain('applied 1 fix in 1 file');
    expect(readFileSync(path.join(project, 'db', 'V2__more.sql'), 'utf8')).toBe('CREATE TABLE more (id BIGINT AUTO_INCREMENT PRIMARY KEY);\n');
    expect(readFileSync(path.join(project, 'db', 'V1__orders.sql'), 'utf8')).toBe(ordersInt);
  });

  it('outside git: fixes only files named one by one, never those the configuration marks as applied', async () => {
    const project = folder('plain');
    const file = path.join(project, 'db', 'V1__orders.sql');
    writeFileSync(file, ordersInt);
    const byFolder = await runCli(['db', '--fix'], project);
    expect(byFolder.stderr).toContain('is outside git and was not named on the command line');
    expect(readFileSync(file, 'utf8')).toBe(ordersInt);

    writeFileSync(path.join(project, '.uniqlintrc.json'), JSON.stringify({ applied: ['db/V1__*.sql'] }));
    const configured = await runCli(['db/V1__orders.sql', '--fix'], project);
    expect(configured.stderr).toContain("marked as applied by the configuration's 'applied' patterns");
    expect(readFileSync(file, 'utf8')).toBe(ordersInt);

    rmSync(path.join(project, '.uniqlintrc.json'));
    const named = await runCli(['db/V1__orders.sql', '--fix'], project);
    expect(named.stderr).toBe('uniqlint: applied 1 fix in 1 file\n');
    expect(readFileSync(file, 'utf8')).toBe(ordersBigint);
  });
});

describe('--fix-dry-run', () => {
  it('prints the diff and writes nothing', async () => {
    const project = folder('dry-run');
    const file = path.join(project, 'db', 'V1__orders.sql');
    writeFileSync(file, ordersInt);
    const run = await runCli(['db/V1__orders.sql', '--fix-dry-run'], project);
    expect(run.stdout).toContain('--- a/db/V1__orders.sql\n+++ b/db/V1__orders.sql\n');
    expect(run.stdout).toContain('-  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,\n+  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,\n');
    expect(run.stderr).toContain('uniqlint: would apply 1 fix in 1 file');
    expect(readFileSync(file, 'utf8')).toBe(ordersInt);
    // With a machine format on stdout the diff goes to stderr, and stdout stays valid JSON.
    const json = await runCli(['db/V1__orders.sql', '--fix-dry-run', '-f', 'json'], project);
    expect(() => JSON.parse(json.stdout)).not.toThrow();
    expect(json.stderr).toContain('+++ b/db/V1__orders.sql');
  });
});

describe('--fix writes', () => {
  it('keeps every byte that is not UTF-8 (a Latin-1 migration round-trips)', async () => {
    const project = folder('latin1');
    const file = path.join(project, 'db', 'V1__orders.sql');
    const before = Buffer.concat([Buffer.from("-- Bestellungen f"), Buffer.from([0xfc]), Buffer.from('r Kunden\n'), Buffer.from(ordersInt), Buffer.from("INSERT INTO orders (code) VALUES ('caf"), Buffer.from([0xe9]), Buffer.from("');\n")]);
    writeFileSync(file, before);
    const run = await runCli(['db/V1__orders.sql', '--fix'], project);
    expect(run.stderr).toBe('uniqlint: applied 1 fix in 1 file\n');
    const expected = Buffer.from(before.toString('latin1').replace('id INT', 'id BIGINT'), 'latin1');
    expect(readFileSync(file).equals(expected)).toBe(true);
  });

  it('a process killed mid-write leaves the old file or the new one, never a mix', async () => {
    const project = folder('kill');
    const file = path.join(project, 'db', 'V1__many.sql');
    const statements = 6_000;
    const old = Array.from({ length: statements }, (_, i) => `CREATE TABLE t${i} (id INT AUTO_INCREMENT PRIMARY KEY);\n`).join('');
    const fixed = old.replaceAll('id INT', 'id BIGINT');
    const outcomes = new Set<string>();
    for (const delay of [150, 300, 450, 600, 800, 1000, 1300, 1700, 2200, 3000]) {
      writeFileSync(file, old);
      const child = spawn(process.execPath, [cliPath, 'db/V1__many.sql', '--fix', '-f', 'json'], { cwd: project, stdio: 'ignore' });
      const exited = new Promise((resolve) => child.on('close', resolve));
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill('SIGKILL');
      await exited;
      const now = readFileSync(file, 'utf8');
      expect(now === old || now === fixed, `after ${delay} ms the file is neither the old nor the new text (${now.length} characters)`).toBe(true);
      outcomes.add(now === old ? 'old' : 'new');
    }
    // Temporary files of killed runs do not end in .sql, so no later run lints them.
    expect(readdirSync(path.join(project, 'db')).filter((name) => name.endsWith('.sql'))).toEqual(['V1__many.sql']);
    expect(outcomes.size).toBeGreaterThanOrEqual(1);
  });

  it('eight concurrent runs on one file leave the result of one run', async () => {
    const project = folder('concurrent');
    const file = path.join(project, 'db', 'V1__orders.sql');
    const text = ordersInt + "INSERT INTO orders (id, code) VALUES (1, 'a') ON DUPLICATE KEY UPDATE code = VALUES(code);\n";
    writeFileSync(file, text);
    const single = folder('single');
    writeFileSync(path.join(single, 'db', 'V1__orders.sql'), text);
    await runCli(['db/V1__orders.sql', '--fix'], single);
    const expected = readFileSync(path.join(single, 'db', 'V1__orders.sql'), 'utf8');
    expect(expected).not.toBe(text);

    const runs = await Promise.all(Array.from({ length: 8 }, () => runCli(['db/V1__orders.sql', '--fix', '-f', 'json'], project)));
    for (const run of runs) expect(run.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(expected);
  });

  const canMount = process.getuid?.() === 0 && existsSync('/proc/filesystems') && readFileSync('/proc/filesystems', 'utf8').includes('tmpfs');
  it.runIf(canMount)('on a full disk: exit code 2, the file unchanged, the failure named', async () => {
    const mountPoint = mkdtempSync(path.join(scratch, 'full-'));
    const mounted = await runProcess('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint]);
    if (mounted.code !== 0) {
      // No permission to mount here: the write failure is covered by the unwritable-file case below.
      expect(mounted.stderr).not.toBe('');
      return;
    }
    try {
      mkdirSync(path.join(mountPoint, 'db'));
      const file = path.join(mountPoint, 'db', 'V1__orders.sql');
      const text = Array.from({ length: 400 }, (_, i) => `CREATE TABLE t${i} (id INT AUTO_INCREMENT PRIMARY KEY);\n`).join('');
      writeFileSync(file, text);
      // Fill the rest of the file system.
      let filler = 0;
      try {
        for (;;) writeFileSync(path.join(mountPoint, `fill${filler++}`), Buffer.alloc(4096));
      } catch {
        // full
      }
      const run = await runCli(['db/V1__orders.sql', '--fix'], mountPoint);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/not fixed: the write failed \(ENOSPC\); the file is unchanged/);
      expect(readFileSync(file, 'utf8')).toBe(text);
    } finally {
      await runProcess('umount', [mountPoint]);
    }
  });
});
