/**
 * `npm run bench`: throughput and memory figures of the built CLI, each measured as a whole
 * process (wall time from this process; peak RSS and CPU time reported by the child itself
 * through bench/usage-probe.mjs).
 *
 * 1. The real-world corpus (../shared/corpus), when present.
 * 2. The newest vmangos migration alone, its folder's ~700 earlier files replayed as history
 *    (median of 3 runs). Target: under 2 s.
 * 3. A generated 100 MB mysqldump-style file (about 1,000,000 rows). Targets: under 10 s, under 1 GB.
 * 4. One small migration file, process start to exit, as a ratio to `node -e 0`: the two are run
 *    in turn, 15 times each, and the medians compared. Targets: under 2.5 times, under 0.4 s.
 * 5. Live mode (bench/live-bench.ts, through vite-node because it starts a throwaway MariaDB with
 *    the TypeScript test helper): on a 1,000,000-row table, the live check of a one-column and a
 *    two-column unique key beside the same ALTER on a copy of the table, without an index on the
 *    key columns (goal: at most 0.5 of the ALTER) and with a non-unique one (goal: at most 0.15),
 *    and a failing key read through an index. BENCH_LIVE_ROWS=10000000 gives the 10-million-row
 *    figures. Skipped when mariadbd is not installed.
 *
 * Environment: BENCH_DUMP_MB changes the generated file's size; BENCH_SKIP_LIVE=1 skips the
 * live-mode figures; BENCH_CLI names another build's entry point to measure (an older version, for
 * before/after figures).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDump } from './generate-dump.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = process.env.BENCH_CLI ? path.resolve(process.env.BENCH_CLI) : path.join(root, 'dist', 'cli', 'uniqlint.js');
const probe = path.join(root, 'bench', 'usage-probe.mjs');
const generated = path.join(root, 'bench', '.generated');

/** Runs the CLI once; resolves to wall ms, the child's own usage and its stdout. */
function runCli(args) {
  return runNode([cli, ...args]);
}

/** Runs `node --import usage-probe <args>` once; resolves to wall ms, the child's own usage and its stdout. */
function runNode(args) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--import', probe, ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
    const stdout = [];
    let stderr = '';
    child.stdout.on('data', (chunk) => stdout.push(chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      const match = /@@usage (\{.*\})/.exec(stderr);
      if (!match) return reject(new Error(`no usage line from the child (exit ${code}): ${stderr.slice(0, 2000)}`));
      resolve({ code, wallMs, usage: JSON.parse(match[1]), stdout: Buffer.concat(stdout).toString('utf8') });
    });
  });
}

function bytesUnder(directory) {
  let total = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) total += bytesUnder(full);
    else if (entry.isFile() && entry.name.toLowerCase().endsWith('.sql')) total += statSync(full).size;
  }
  return total;
}

const fmt = (n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function report(label, run, bytes) {
  const seconds = run.wallMs / 1000;
  console.log(
    `${label.padEnd(34)} wall ${fmt(seconds, 2).padStart(7)} s   cpu ${fmt((run.usage.userMs + run.usage.systemMs) / 1000, 2).padStart(6)} s   ` +
      `peak RSS ${fmt(run.usage.maxRssKiB / 1024).padStart(5)} MiB   ${fmt(bytes / 1024 / 1024 / seconds, 1).padStart(6)} MB/s`,
  );
}

console.log(`uniqlint benchmarks — node ${process.version}, ${process.platform}/${process.arch}`);

// 1. The corpus.
const corpus = path.resolve(root, '..', 'shared', 'corpus');
if (existsSync(corpus)) {
  const run = await runCli(['lint', corpus, '--format', 'json']);
  const summary = JSON.parse(run.stdout).summary;
  report('corpus', run, bytesUnder(corpus));
  console.log(
    `  ${fmt(summary.files)} files, ${fmt(summary.statements)} statements: ${fmt(summary.parsed)} parsed, ${fmt(summary.recognised)} recognised, ` +
      `${fmt(summary.unparsed)} unparsed (${fmt((100 * summary.unparsed) / Math.max(1, summary.statements), 2)}%); ` +
      `${fmt(summary.errors)} errors, ${fmt(summary.warnings)} warnings, ${fmt(summary.infos)} infos`,
  );
} else {
  console.log('corpus: ../shared/corpus not found, skipped');
}

// 2. The newest vmangos migration with its folder as history.
const vmangos = path.join(corpus, 'vmangos__core', 'sql', 'migrations');
if (existsSync(vmangos)) {
  const newest = readdirSync(vmangos).filter((name) => name.endsWith('.sql')).sort().at(-1);
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await runCli(['lint', path.join(vmangos, newest), '--format', 'json']));
  const middle = [...runs].sort((a, b) => a.wallMs - b.wallMs)[1];
  const summary = JSON.parse(middle.stdout).summary;
  report('vmangos newest file + history', middle, bytesUnder(vmangos));
  console.log(`  ${newest}: ${readdirSync(vmangos).filter((name) => name.endsWith('.sql')).length - 1} earlier files replayed, ${fmt(summary.statements)} statements linted; median of 3; target: wall < 2 s`);
} else {
  console.log('vmangos: ../shared/corpus/vmangos__core not found, skipped');
}

// 3. The generated dump.
mkdirSync(generated, { recursive: true });
const megabytes = Number(process.env.BENCH_DUMP_MB ?? 100);
const dump = path.join(generated, `dump-${megabytes}mb.sql`);
if (!existsSync(dump)) {
  const { rows } = await generateDump(dump, megabytes);
  writeFileSync(`${dump}.rows`, String(rows));
}
{
  const run = await runCli(['lint', dump, '--format', 'json']);
  const summary = JSON.parse(run.stdout).summary;
  report(`mysqldump ${megabytes} MB`, run, statSync(dump).size);
  console.log(`  ${fmt(summary.statements)} statements, targets: wall < 10 s, peak RSS < 1,024 MiB (exit code ${run.code})`);
}

// 4. One small file, start to exit, against `node -e 0` in the same run.
{
  // In a folder of its own: beside the dump, its Flyway name would make the dump's folder Flyway.
  mkdirSync(path.join(generated, 'small'), { recursive: true });
  const small = path.join(generated, 'small', 'V1__small.sql');
  writeFileSync(
    small,
    'CREATE TABLE users (id INT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(191) NOT NULL);\nALTER TABLE users ADD UNIQUE KEY uk_users_email (email);\n',
  );
  const walls = [];
  const nodeWalls = [];
  let last;
  for (let i = 0; i < 15; i++) {
    nodeWalls.push((await runNode(['-e', '0'])).wallMs);
    last = await runCli(['lint', small, '--format', 'json']);
    walls.push(last.wallMs);
  }
  console.log(
    `${'small file, start to exit'.padEnd(34)} median ${fmt(median(walls) / 1000, 3)} s (min ${fmt(Math.min(...walls) / 1000, 3)}, max ${fmt(Math.max(...walls) / 1000, 3)}) over 15 runs, ` +
      `peak RSS ${fmt(last.usage.maxRssKiB / 1024)} MiB; target < 0.4 s`,
  );
  console.log(
    `  ${fmt(median(walls) / median(nodeWalls), 2)} times \`node -e 0\` (median ${fmt(median(nodeWalls) / 1000, 3)} s, run in turn with it); target <= 2.5`,
  );
}

// 5. Live mode against a throwaway MariaDB.
if (process.env.BENCH_SKIP_LIVE === '1') {
  console.log('live mode: skipped (BENCH_SKIP_LIVE=1)');
} else if (!existsSync(process.env.UNIQLINT_TEST_MARIADBD ?? '/usr/sbin/mariadbd')) {
  console.log('live mode: mariadbd is not installed (Debian package mariadb-server), skipped');
} else {
  await new Promise((resolve, reject) => {
    const child = spawn(path.join(root, 'node_modules', '.bin', 'vite-node'), [path.join(root, 'bench', 'live-bench.ts')], { cwd: root, stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`live benchmark exited with code ${code}`))));
  });
}
