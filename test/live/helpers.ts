/**
 * Shared pieces of the live tests: access to the throwaway server started by the global setup,
 * scratch databases, a SELECT-only account, and the "run it for real" oracle used by the
 * differential tests.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import mysql from 'mysql2/promise';
import { connectLive, parseLiveUrl, type LiveConnection } from '../../src/live/connection.js';
import { LiveSession } from '../../src/live/session.js';
import type { ProbeOutcome } from '../../src/live/duplicate-probe.js';
import type { MariaDbServerInfo } from '../support/mariadb-server.js';
import { runProcess, type ProcessResult } from '../support/processes.js';
import { shippedCli } from '../support/shipped-cli.js';

/**
 * The running throwaway server, or the reason there is none. Under CI=true a missing server is an
 * error (thrown when a test file loads); elsewhere the tests skip with the reason printed.
 */
export function liveServer(): { server?: MariaDbServerInfo; skipReason?: string } {
  const provided = inject('mariadb');
  if (provided?.status === 'running') return { server: provided.server };
  const reason = provided ? provided.reason : 'the MariaDB global setup did not run';
  if (process.env.CI === 'true' || process.env.CI === '1') {
    throw new Error(`live tests need a throwaway MariaDB but it is unavailable: ${reason}`);
  }
  console.warn(`[live tests skipped] ${reason}`);
  return { skipReason: reason };
}

/**
 * An administrative connection: root over the throwaway server's socket, or the account of
 * `UNIQLINT_TEST_DATABASE_URL` over TCP.
 */
export async function adminConnection(server: MariaDbServerInfo): Promise<mysql.Connection> {
  const where = server.external
    ? { host: server.host, port: server.port, user: server.external.user, password: server.external.password }
    : { socketPath: server.socketPath, user: 'root', password: '' };
  const connection = await mysql.createConnection({ ...where, multipleStatements: true, charset: 'UTF8MB4_GENERAL_CI' });
  return connection;
}

/**
 * The host part of the test accounts: 127.0.0.1 on the throwaway server (it binds there and
 * skips name resolution), '%' on an external one, which may see the tests from any address (a
 * container's gateway, for instance).
 */
export function accountHost(server: MariaDbServerInfo): string {
  return server.external ? '%' : '127.0.0.1';
}

/** `mysql://user:password@host:port/database` of the server for a test account. */
export function accountUrl(server: MariaDbServerInfo, user: string, password: string, database: string): string {
  const host = server.host.includes(':') ? `[${server.host}]` : server.host;
  return `mysql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${server.port}/${database}`;
}

/**
 * Why a test that needs the suite's own throwaway MariaDB (its certificate, its files, or more
 * MariaDB servers started from the same binaries) cannot run here, or undefined when it can:
 * against a server given by `UNIQLINT_TEST_DATABASE_URL` there is no such server.
 */
export function needsThrowawayServer(server: MariaDbServerInfo | undefined): string | undefined {
  if (!server) return 'no live server';
  if (server.external) return 'needs the throwaway MariaDB the suite starts; this run uses UNIQLINT_TEST_DATABASE_URL';
  return undefined;
}

/** The server's flavour, from its version string. */
export function flavorOf(server: MariaDbServerInfo): 'mysql' | 'mariadb' {
  return /mariadb/i.test(server.version) ? 'mariadb' : 'mysql';
}

/**
 * How a probe bounded by `seconds` starts on this server: `SET STATEMENT max_statement_time=<s>
 * FOR SELECT` on MariaDB, `SELECT /*+ MAX_EXECUTION_TIME(<ms>) *\/` on MySQL.
 */
export function boundedQueryStart(server: MariaDbServerInfo, seconds: number): RegExp {
  // The grouping query stands first, or after the scratch-table statements when the server converted the key.
  return flavorOf(server) === 'mariadb'
    ? new RegExp(`(^|;\\n)SET STATEMENT max_statement_time=${String(seconds).replace('.', '\\.')} FOR SELECT `)
    : new RegExp(`(^|;\\n)SELECT /\\*\\+ MAX_EXECUTION_TIME\\(${Math.round(seconds * 1000)}\\) \\*/ `);
}

/** Turns the server's general log on: to its file on the throwaway server, to mysql.general_log elsewhere. */
export async function startGeneralLog(server: MariaDbServerInfo, admin: mysql.Connection): Promise<void> {
  await admin.query(server.external ? "SET GLOBAL log_output = 'TABLE'" : "SET GLOBAL log_output = 'FILE'");
  await admin.query('SET GLOBAL general_log = ON');
}

/**
 * The general log so far as text in the layout of MariaDB's log file (`<thread> <command>\t<text>`
 * lines): the file of the throwaway server, or the rows of mysql.general_log on an external one,
 * so the same parser reads both.
 */
export async function readGeneralLog(server: MariaDbServerInfo, admin: mysql.Connection): Promise<string> {
  if (!server.external) return existsSync(server.generalLogPath) ? readFileSync(server.generalLogPath, 'utf8') : '';
  const [rows] = (await admin.query(
    'SELECT thread_id AS thread, command_type AS command, CONVERT(argument USING utf8mb4) AS text FROM mysql.general_log ORDER BY event_time',
  )) as unknown as [{ thread: number; command: string; text: string }[]];
  return rows.map((row) => `\t\t${row.thread} ${row.command}\t${row.text}\n`).join('');
}

/**
 * A derived table of the numbers 1..n (at most 1,000,000) in a column `n`, for filling test
 * tables on any server (MariaDB's `seq_1_to_N` tables do not exist on MySQL, and MySQL bounds a
 * recursive CTE at 1,000 rows by default).
 */
export function numberRows(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000) throw new Error(`numberRows: ${n} is not in 1..1000000`);
  const digits = '(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)';
  const places = ['d0', 'd1', 'd2', 'd3', 'd4', 'd5'];
  const value = places.map((place, index) => `${place}.d * ${10 ** index}`).join(' + ');
  return `(SELECT 1 + ${value} AS n FROM ${places.map((place) => `${digits} AS ${place}`).join(' CROSS JOIN ')} WHERE ${value} < ${n}) AS numbers`;
}

export function uniqueSuffix(): string {
  return randomBytes(4).toString('hex');
}

/** A scratch database plus a SELECT-only account on it, reachable over TCP. */
export interface Scratch {
  admin: mysql.Connection;
  database: string;
  user: string;
  password: string;
  url: string;
  /** Drops the database and the account and closes the admin connection. */
  dispose(): Promise<void>;
}

/**
 * Creates the scratch database and its account. The account gets SELECT and CREATE TEMPORARY
 * TABLES (the privileges the README asks for), or SELECT alone with `selectOnly`.
 */
export async function createScratch(server: MariaDbServerInfo, prefix = 'uq', options: { selectOnly?: boolean } = {}): Promise<Scratch> {
  const admin = await adminConnection(server);
  const suffix = uniqueSuffix();
  const database = `${prefix}_${suffix}`;
  const user = `probe_${suffix}`;
  const password = `pw-${uniqueSuffix()}`;
  await admin.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci`);
  const host = accountHost(server);
  await admin.query(`CREATE USER ?@? IDENTIFIED BY ?`, [user, host, password]);
  await admin.query(`GRANT ${options.selectOnly ? 'SELECT' : 'SELECT, CREATE TEMPORARY TABLES'} ON \`${database}\`.* TO ?@?`, [user, host]);
  await admin.query(`USE \`${database}\``);
  const url = accountUrl(server, user, password, database);
  return {
    admin,
    database,
    user,
    password,
    url,
    async dispose() {
      await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
      await admin.query(`DROP USER IF EXISTS ?@?`, [user, host]);
      await admin.end();
    },
  };
}

/** Opens a live connection and read-only session as the scratch's SELECT-only account. */
export async function openSession(scratch: Scratch, timeoutMs?: number): Promise<{ live: LiveConnection; session: LiveSession }> {
  const live = await connectLive(parseLiveUrl(scratch.url, {}));
  const session = await LiveSession.open(live, timeoutMs !== undefined ? { timeoutMs } : {});
  return { live, session };
}

/** What really happens when a statement runs: 1062, another error, or success. */
export type ActualOutcome = { outcome: Exclude<ProbeOutcome, 'unknown'>; errno?: number; message?: string };

/**
 * Runs `statementFor(copyName)` on a scratch copy of `table` (CREATE TABLE ... LIKE, then
 * INSERT ... SELECT) and classifies the result. The copy is dropped afterwards.
 */
export async function runOnCopy(
  admin: mysql.Connection,
  table: string,
  statementFor: (quotedCopy: string) => string,
): Promise<ActualOutcome> {
  const copy = `copy_${uniqueSuffix()}`;
  await admin.query(`CREATE TABLE \`${copy}\` LIKE \`${table.replace(/`/g, '``')}\``);
  try {
    const [columns] = (await admin.query(
      "SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND IS_GENERATED = 'NEVER' ORDER BY ORDINAL_POSITION",
      [table],
    )) as unknown as [{ name: string }[]];
    const list = columns.map((c) => `\`${c.name.replace(/`/g, '``')}\``).join(', ');
    await admin.query(`INSERT INTO \`${copy}\` (${list}) SELECT ${list} FROM \`${table.replace(/`/g, '``')}\``);
    try {
      await admin.query(statementFor(`\`${copy}\``));
      return { outcome: 'no-duplicates' };
    } catch (error) {
      const err = error as { errno?: number; message?: string };
      if (err.errno === undefined) throw error;
      return {
        outcome: err.errno === 1062 ? 'duplicates' : 'other-error',
        errno: err.errno,
        ...(err.message ? { message: err.message } : {}),
      };
    }
  } finally {
    await admin.query(`DROP TABLE IF EXISTS \`${copy}\``);
  }
}

/**
 * The only statement kinds a live run may send (README, "Live mode": what it sends), as the server's
 * general log shows them.
 */
export const ALLOWED_LIVE_STATEMENTS: readonly RegExp[] = [
  /^SELECT\s/i,
  /^SHOW\s/i,
  /^SET SESSION\s/i,
  /^SET STATEMENT max_statement_time=[\d.]+(?:, sort_buffer_size=\d+)? FOR SELECT\s/i,
  // --live-explain: the plan of a probe's own SELECT, under the same bound (MariaDB; MySQL puts the hint inside).
  /^SET STATEMENT max_statement_time=[\d.]+ FOR EXPLAIN SELECT\s/i,
  /^EXPLAIN SELECT\s/i,
  /^START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY$/,
  /^COMMIT$/i,
  /^ROLLBACK$/i,
  // The scratch temporary tables of a conversion probe: the session's own, nothing else.
  /^SET TRANSACTION ISOLATION LEVEL READ COMMITTED$/,
  /^SET STATEMENT tx_read_only=0, max_statement_time=[\d.]+ FOR CREATE TEMPORARY TABLE `(?:[^`]|``)+`\.`uniqlint_scratch_\d+` \(/,
  /^SET STATEMENT tx_read_only=0, max_statement_time=[\d.]+(?:, sql_mode='[A-Z_,]*')?(?:, time_zone='[A-Za-z0-9_+:/-]+')? FOR INSERT INTO `(?:[^`]|``)+`\.`uniqlint_scratch_\d+` \([^]*?\) (?:SELECT|VALUES)\s/,
  /^SET STATEMENT tx_read_only=0, max_statement_time=[\d.]+, sql_mode='[A-Z_,]*'(?:, time_zone='[A-Za-z0-9_+:/-]+')? FOR ALTER TABLE `(?:[^`]|``)+`\.`uniqlint_scratch_\d+` MODIFY /,
  /^SET STATEMENT tx_read_only=0, max_statement_time=[\d.]+ FOR DROP TEMPORARY TABLE IF EXISTS `(?:[^`]|``)+`\.`uniqlint_scratch_\d+`$/,
  // The same on MySQL, which has no SET STATEMENT: the session's read-only flag, sql_mode and
  // time_zone are set around the statement (SET SESSION, above), and the INSERT's SELECT carries
  // the MAX_EXECUTION_TIME hint.
  /^CREATE TEMPORARY TABLE `(?:[^`]|``)+`\.`uniqlint_scratch_\d+` \(/,
  /^INSERT INTO `(?:[^`]|``)+`\.`uniqlint_scratch_\d+` \([^]*?\) (?:SELECT \/\*\+ MAX_EXECUTION_TIME\(\d+\) \*\/ |VALUES\s)/,
  /^ALTER TABLE `(?:[^`]|``)+`\.`uniqlint_scratch_\d+` MODIFY /,
  /^DROP TEMPORARY TABLE IF EXISTS `(?:[^`]|``)+`\.`uniqlint_scratch_\d+`$/,
];

/**
 * Runs the shipped CLI with `args` in the repository root, asynchronously. The environment carries
 * no database URL or password (each test names its server), and colour is off.
 */
export function runLiveCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ProcessResult> {
  const baseEnv: NodeJS.ProcessEnv = { ...process.env };
  delete baseEnv.UNIQLINT_DATABASE_URL;
  delete baseEnv.MYSQL_PWD;
  return runProcess(process.execPath, [shippedCli, ...args], { cwd: fileURLToPath(new URL('../..', import.meta.url)), env: { ...baseEnv, NO_COLOR: '1', ...env } });
}

/** Statements of the connections `user` opened, from a MariaDB general log (FILE output), with each connection's thread id. */
export function statementsOfUser(log: string, user: string): { thread: number; command: string; text: string }[] {
  const entries: { thread: number; command: string; text: string }[] = [];
  for (const line of log.split('\n')) {
    const match = /^(?:\d{6}\s+\d{1,2}:\d{2}:\d{2})?\s+(\d+)\s+(Connect|Query|Prepare|Execute|Close stmt|Quit|Init DB|Field List|Reset stmt|Long Data|Statistics|Ping)\t?(.*)$/.exec(line);
    if (match) entries.push({ thread: Number(match[1]), command: match[2]!, text: match[3] ?? '' });
    else if (entries.length > 0) entries[entries.length - 1]!.text += '\n' + line;
  }
  const threads = new Set(entries.filter((entry) => entry.command === 'Connect' && entry.text.startsWith(`${user}@`)).map((entry) => entry.thread));
  return entries.filter((entry) => threads.has(entry.thread)).map(({ thread, command, text }) => ({ thread, command, text: text.trim() }));
}
