/**
 * Live-mode figures for `npm run bench` (run by bench/run.mjs through vite-node, because the
 * throwaway-server helper is TypeScript): on a 1,000,000-row table of a throwaway MariaDB, the
 * live check of a one-column and a two-column unique key through the built CLI, each beside the
 * time the server takes to run that ALTER on a copy of the table and beside a plain
 * SELECT COUNT(*). Goal: the check costs at most half of the ALTER.
 *
 * Environment: BENCH_LIVE_ROWS changes the row count (default 1,000,000).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import { startMariaDbServer } from '../test/support/mariadb-server.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'cli', 'uniqlint.js');
const rows = Number(process.env.BENCH_LIVE_ROWS ?? 1_000_000);

const fmt = (n: number, digits = 2): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = process.hrtime.bigint();
  const value = await work();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, value };
}

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1', UNIQLINT_DATABASE_URL: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const server = await startMariaDbServer();
const work = mkdtempSync(path.join(tmpdir(), 'uniqlint-live-bench-'));
try {
  const admin = await mysql.createConnection({ socketPath: server.socketPath, user: 'root', password: '', multipleStatements: true });
  await admin.query('CREATE DATABASE bench CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci; USE bench');
  await admin.query(
    'CREATE TABLE accounts (id INT NOT NULL PRIMARY KEY, email VARCHAR(64) NOT NULL, tenant_id INT NOT NULL, handle VARCHAR(32) NOT NULL, note VARCHAR(40)) ENGINE=InnoDB',
  );
  const fill = await timed(() =>
    admin.query(
      `INSERT INTO accounts SELECT seq, CONCAT('user', seq, '@example.com'), seq % 1000, CONCAT('h', seq DIV 1000), REPEAT('x', 20) FROM seq_1_to_${rows}`,
    ),
  );
  await admin.query("CREATE USER 'bench'@'127.0.0.1' IDENTIFIED BY 'bench-pw'; GRANT SELECT ON bench.* TO 'bench'@'127.0.0.1'");
  await admin.query('ANALYZE TABLE accounts');
  const url = `mysql://bench:bench-pw@127.0.0.1:${server.port}/bench`;
  console.log(`live mode: MariaDB ${server.version}, table of ${rows.toLocaleString('en-US')} rows filled in ${fmt(fill.ms / 1000)} s`);

  // Warm the buffer pool once so that neither side pays the first read alone.
  await admin.query('SELECT COUNT(*) FROM accounts');
  const count = await timed(() => admin.query('SELECT COUNT(*) FROM accounts'));

  const keys = [
    { label: '1-column key (email)', clause: 'ADD UNIQUE KEY uk_email (email)' },
    { label: '2-column key (tenant_id, handle)', clause: 'ADD UNIQUE KEY uk_tenant_handle (tenant_id, handle)' },
  ];
  await admin.query('CREATE TABLE accounts_copy LIKE accounts; INSERT INTO accounts_copy SELECT * FROM accounts');
  for (const key of keys) {
    const file = path.join(work, `${key.clause.split(' ')[3]}.sql`);
    writeFileSync(file, `ALTER TABLE accounts ${key.clause};\n`);
    const check = await timed(() => runCli(['lint', file, '--live', url, '--format', 'json']));
    const document = JSON.parse(check.value.stdout) as { files: { diagnostics: { live?: { verdict: string; elapsedMs?: number; rowsScanned?: number } }[] }[] };
    const live = document.files[0]?.diagnostics[0]?.live;
    const alter = await timed(() => admin.query(`ALTER TABLE accounts_copy ${key.clause}`));
    await admin.query(`ALTER TABLE accounts_copy DROP INDEX ${key.clause.split(' ')[3]}`);
    const probeMs = live?.elapsedMs ?? Number.NaN;
    console.log(
      `${`live check, ${key.label}`.padEnd(52)} probe ${fmt(probeMs / 1000).padStart(6)} s (whole CLI run ${fmt(check.ms / 1000)} s, verdict ${live?.verdict}, ` +
        `${(live?.rowsScanned ?? 0).toLocaleString('en-US')} rows)   ALTER on a copy ${fmt(alter.ms / 1000).padStart(6)} s   ` +
        `probe/ALTER ${fmt(probeMs / alter.ms)} (goal ≤ 0.50)   SELECT COUNT(*) ${fmt(count.ms / 1000)} s`,
    );
  }
  await admin.end();
} finally {
  await server.stop();
  rmSync(work, { recursive: true, force: true });
}
