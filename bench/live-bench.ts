/**
 * Live-mode figures for `npm run bench` (run by bench/run.mjs through vite-node, because the
 * throwaway-server helper is TypeScript): on a 1,000,000-row table of a throwaway MariaDB, the
 * live check of a one-column and a two-column unique key through the built CLI, each beside the
 * time the server takes to run that ALTER on a copy of the table and beside a plain
 * SELECT COUNT(*). Goal: the check costs at most half of the ALTER.
 *
 * The server is the test suite's (a 64 MiB InnoDB buffer pool, smaller than one table of
 * 1,000,000 rows: probe and ALTER each read most pages back from the file system's cache).
 * BENCH_LIVE_BUFFER_POOL_MIB gives another pool, e.g. 512 to hold both tables as a server that
 * serves them would.
 *
 * Environment: BENCH_LIVE_ROWS changes the row count (default 1,000,000); BENCH_LIVE_REPEATS the
 * runs of each side (default 5); BENCH_LIVE_BUFFER_POOL_MIB the buffer pool (default 64).
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
const repeats = Math.max(1, Number(process.env.BENCH_LIVE_REPEATS ?? 5));
const bufferPoolMiB = Math.max(8, Math.round(Number(process.env.BENCH_LIVE_BUFFER_POOL_MIB ?? 64)));
// Long enough for the sort path on 10,000,000 rows: the bench measures the probe, not its bound.
const timeoutSeconds = Number(process.env.BENCH_LIVE_TIMEOUT ?? 600);

const fmt = (n: number, digits = 2): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

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

const server = await startMariaDbServer({ extraArgs: [`--innodb-buffer-pool-size=${bufferPoolMiB}M`] });
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
  console.log(`live mode: MariaDB ${server.version}, InnoDB buffer pool ${bufferPoolMiB.toLocaleString('en-US')} MiB, table of ${rows.toLocaleString('en-US')} rows filled in ${fmt(fill.ms / 1000)} s`);

  // One read first, so that neither side pays the first read from disk alone.
  await admin.query('SELECT COUNT(*) FROM accounts');
  const count = await timed(() => admin.query('SELECT COUNT(*) FROM accounts'));

  /**
   * One key: the live check through the CLI, then the same ALTER on a copy of the table, and, when
   * `floor` is given, that statement as root (what the server's own read or sort of the rows
   * costs, without the probe's grouping), each in turn.
   */
  async function measure(label: string, clause: string, goal?: number, floor?: { what: string; sql: string }): Promise<void> {
    const keyName = clause.split(' ')[3]!;
    const file = path.join(work, `${keyName}.sql`);
    writeFileSync(file, `ALTER TABLE accounts ${clause};\n`);
    type Live = { verdict: string; elapsedMs?: number; duplicateGroups?: number; duplicateGroupsAtLeast?: boolean; query?: string };
    // The probe and the ALTER in turn, `repeats` times each; the medians are compared.
    const probes: number[] = [];
    const alters: number[] = [];
    const cliRuns: number[] = [];
    const floors: number[] = [];
    let live: Live | undefined;
    let outcome = '';
    for (let round = 0; round < repeats; round++) {
      const check = await timed(() => runCli(['lint', file, '--live', url, '--live-timeout', String(timeoutSeconds), '--format', 'json']));
      const document = JSON.parse(check.value.stdout) as { files: { diagnostics: { live?: Live }[] }[] };
      live = document.files[0]?.diagnostics.find((diagnostic) => diagnostic.live)?.live;
      probes.push(live?.elapsedMs ?? Number.NaN);
      cliRuns.push(check.ms);
      const alter = await timed(() => admin.query(`ALTER TABLE accounts_copy ${clause}`).then(() => 'succeeds', (error: { errno?: number }) => `fails with ${error.errno}`));
      outcome = alter.value;
      alters.push(alter.ms);
      if (alter.value === 'succeeds') await admin.query(`ALTER TABLE accounts_copy DROP INDEX ${keyName}`);
      if (floor) floors.push((await timed(() => admin.query(floor.sql))).ms);
    }
    // Where the probe's time goes: its own SELECTs again, as root, with the session's counters.
    const counters: string[] = [];
    for (const statement of (live?.query ?? '').split(';\n').filter((text) => text !== '')) {
      await admin.query('FLUSH STATUS');
      const again = await timed(() => admin.query(statement));
      const [status] = (await admin.query(
        "SHOW SESSION STATUS WHERE Variable_name IN ('Handler_read_next', 'Handler_read_rnd_next', 'Sort_rows', 'Sort_merge_passes', 'Created_tmp_disk_tables')",
      )) as unknown as [{ Variable_name: string; Value: string }[]];
      const figures = status.filter((row) => row.Value !== '0').map((row) => `${row.Variable_name}=${Number(row.Value).toLocaleString('en-US')}`);
      counters.push(`${fmt(again.ms / 1000)} s, ${figures.join(' ') || 'no rows read'}`);
    }
    const probeMs = median(probes);
    const alterMs = median(alters);
    const groups = live?.verdict === 'fails' ? `, ${live.duplicateGroupsAtLeast ? 'at least ' : ''}${live.duplicateGroups} groups` : '';
    console.log(
      `${label.padEnd(58)} probe ${fmt(probeMs / 1000).padStart(6)} s (${live?.verdict}${groups})   ALTER on a copy ${fmt(alterMs / 1000).padStart(6)} s (${outcome})   ` +
        `probe/ALTER ${fmt(probeMs / alterMs)}${goal !== undefined ? ` (goal <= ${fmt(goal)})` : ''}`,
    );
    console.log(
      `    medians of ${repeats}, in turn: probe ${probes.map((ms) => fmt(ms / 1000)).join(' ')} s, ALTER ${alters.map((ms) => fmt(ms / 1000)).join(' ')} s; ` +
        `whole CLI run ${fmt(median(cliRuns) / 1000)} s`,
    );
    console.log(`    the probe's statements again as root: ${counters.join('; ')}`);
    if (floor) {
      const floorMs = median(floors);
      console.log(`    for scale, ${floor.what} (${floor.sql}): ${fmt(floorMs / 1000)} s, ${fmt(floorMs / alterMs)} of the ALTER`);
    }
  }

  // The copy takes the ALTERs, so that the table the probe reads keeps its definition.
  await admin.query('CREATE TABLE accounts_copy LIKE accounts; INSERT INTO accounts_copy SELECT * FROM accounts');
  console.log(`  SELECT COUNT(*) ${fmt(count.ms / 1000)} s (a full read of the smallest index, for scale)`);
  console.log('  no index on the key columns (the probe sorts, as the ALTER does):');
  // The server's sort of the same rows with no grouping at all: the floor of the sort path.
  const sortOnly = (columns: string): { what: string; sql: string } => ({
    what: 'the server sorting the same rows, nothing grouped',
    sql: `SELECT ${columns} FROM accounts ORDER BY ${columns} LIMIT 1 OFFSET ${Math.max(0, rows - 1)}`,
  });
  await measure('  1-column key (email)', 'ADD UNIQUE KEY uk_email (email)', 0.5, sortOnly('email'));
  await measure('  2-column key (tenant_id, handle)', 'ADD UNIQUE KEY uk_tenant_handle (tenant_id, handle)', 0.5, sortOnly('tenant_id, handle'));
  const indexes = 'ADD INDEX ix_email (email), ADD INDEX ix_tenant_handle (tenant_id, handle)';
  await admin.query(`ALTER TABLE accounts ${indexes}; ALTER TABLE accounts_copy ${indexes}; ANALYZE TABLE accounts`);
  console.log('  a non-unique index on the key columns (the probe reads it in order, without a sort):');
  // A bare count through the index: the floor of the index path.
  const indexRead = (index: string): { what: string; sql: string } => ({ what: 'the server reading the whole index, nothing grouped', sql: `SELECT COUNT(*) FROM accounts FORCE INDEX (${index})` });
  await measure('  1-column key (email), index ix_email', 'ADD UNIQUE KEY uk_email (email)', 0.15, indexRead('ix_email'));
  await measure('  2-column key (tenant_id, handle), index ix_tenant_handle', 'ADD UNIQUE KEY uk_tenant_handle (tenant_id, handle)', 0.15, indexRead('ix_tenant_handle'));
  // No goal: InnoDB's ALTER also stops at the first duplicate it meets while it sorts.
  await measure('  failing key (tenant_id), index ix_tenant_handle, stops early', 'ADD UNIQUE KEY uk_tenant (tenant_id)');
  await admin.end();
} finally {
  await server.stop();
  rmSync(work, { recursive: true, force: true });
}
