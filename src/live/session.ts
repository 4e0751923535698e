/**
 * The read-only session every live probe runs in.
 *
 * Guarantees:
 * - it sends only SELECT, SHOW, `SET SESSION ...`, `SET STATEMENT ... FOR SELECT ...`,
 *   `START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY`, COMMIT and ROLLBACK; `select` and
 *   `show` refuse any other text before it reaches the server;
 * - the session itself is marked `SET SESSION TRANSACTION READ ONLY`, so even a statement outside
 *   a snapshot cannot write (ERROR 1792);
 * - every SELECT is bounded by a timeout: MariaDB `SET STATEMENT max_statement_time=<s> FOR
 *   SELECT ...` (error 1969; MariaDB KB "Aborting Statements that Exceed a Certain Time to
 *   Execute"), MySQL the `/*+ MAX_EXECUTION_TIME(ms) *\/` optimizer hint (error 3024; MySQL 8.0
 *   manual 10.9.3 "Optimizer Hints"). MariaDB ignores the hint, MySQL has no SET STATEMENT;
 * - values travel as placeholders of server-side prepared statements, never inside SQL text;
 *   identifiers are quoted with `quoteIdentifier`.
 */
import type mysql from 'mysql2/promise';
import type { TableName } from '../statement.js';
import type { LiveConnection, ServerInfo } from './connection.js';
import { quoteIdentifier as quoteName } from '../analysis/sql-text.js';

/** Default bound of one probe query, in milliseconds. */
export const DEFAULT_PROBE_TIMEOUT_MS = 30_000;

/** A probe query ran longer than its bound and the server stopped it. */
export class LiveTimeoutError extends Error {
  override name = 'LiveTimeoutError';
  constructor(readonly timeoutMs: number, options?: { cause?: unknown }) {
    super(`the probe query was stopped after ${formatSeconds(timeoutMs)} (timeout)`, options);
  }
}

/** The account lacks a privilege the probe needs (SELECT on the table, or SHOW VIEW...). */
export class LivePrivilegeError extends Error {
  override name = 'LivePrivilegeError';
}

/** Something other than SELECT/SHOW was about to be sent: a bug in a probe, never sent. */
export class LiveSafetyError extends Error {
  override name = 'LiveSafetyError';
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

/**
 * Quotes an identifier with backticks, doubling embedded backticks (MySQL 8.0 manual 11.2
 * "Schema Object Names").
 *
 * @throws LiveSafetyError for an empty name or one containing U+0000 (not a valid identifier).
 */
export function quoteIdentifier(name: string): string {
  if (name === '' || name.includes('\u0000')) throw new LiveSafetyError(`not a valid identifier: ${JSON.stringify(name)}`);
  return quoteName(name);
}

/** `` `schema`.`table` `` with the session's database when the name has no schema. */
export function qualifiedTableName(table: TableName, defaultSchema: string): string {
  return `${quoteIdentifier(table.schema ?? defaultSchema)}.${quoteIdentifier(table.name)}`;
}

/** Options of `LiveSession.open`. */
export interface LiveSessionOptions {
  /** Bound of each probe query in milliseconds (default 30 000). */
  timeoutMs?: number;
  /** Seconds to wait for a metadata lock before giving up (session `lock_wait_timeout`, default 5). */
  lockWaitTimeoutSeconds?: number;
}

/** Per-query options. */
export interface QueryOptions {
  /** Overrides the session timeout for this query, in milliseconds. */
  timeoutMs?: number;
}

type Row = Record<string, unknown>;

const STATEMENT_TIMEOUT_ERRNOS = new Set([1969, 3024, 1907]);
const PRIVILEGE_ERRNOS = new Set([1142, 1143, 1044, 1227, 1370]);

/**
 * A read-only view of the target database through one connection. Not safe for concurrent use:
 * probes run one after another.
 */
export class LiveSession {
  private inSnapshot = false;

  private constructor(
    private readonly connection: mysql.Connection,
    /** Facts about the server (flavour, sql_mode, defaults). */
    readonly server: ServerInfo,
    /** The database unqualified table names refer to. */
    readonly database: string,
    /** Default bound of each query, in milliseconds. */
    readonly timeoutMs: number,
  ) {}

  /**
   * Prepares a session over an open connection: marks it read-only, sets `lock_wait_timeout`
   * and, on MySQL, `information_schema_stats_expiry = 0` so AUTO_INCREMENT figures are live.
   */
  static async open(live: LiveConnection, options: LiveSessionOptions = {}): Promise<LiveSession> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
    if (!(timeoutMs > 0)) throw new RangeError('timeoutMs must be positive');
    const lockWait = Math.max(1, Math.round(options.lockWaitTimeoutSeconds ?? 5));
    const session = new LiveSession(live.connection, live.server, live.server.database || live.target.database, timeoutMs);
    await session.run('SET SESSION TRANSACTION READ ONLY');
    await session.run(`SET SESSION lock_wait_timeout = ${lockWait}`);
    if (live.server.flavor === 'mysql' && live.server.versionNumber.major >= 8) {
      await session.run('SET SESSION information_schema_stats_expiry = 0');
    }
    return session;
  }

  /** `` `db`.`table` `` for a table name, defaulting to the session's database. */
  qualify(table: TableName): string {
    return qualifiedTableName(table, this.database);
  }

  /**
   * Runs `work` inside `START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY` and ends the
   * transaction with COMMIT (ROLLBACK when `work` throws). Nested calls share the outer snapshot.
   */
  async readSnapshot<T>(work: () => Promise<T>): Promise<T> {
    if (this.inSnapshot) return work();
    await this.run('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
    this.inSnapshot = true;
    try {
      const result = await work();
      this.inSnapshot = false;
      await this.run('COMMIT');
      return result;
    } catch (error) {
      this.inSnapshot = false;
      try {
        await this.run('ROLLBACK');
      } catch {
        // The original error matters more.
      }
      throw error;
    }
  }

  /** The SQL actually sent for `sql` under a timeout of `timeoutMs`. */
  boundedSql(sql: string, timeoutMs: number = this.timeoutMs): string {
    assertSelect(sql);
    if (this.server.flavor === 'mariadb') {
      return `SET STATEMENT max_statement_time=${Number((timeoutMs / 1000).toFixed(3))} FOR ${sql}`;
    }
    return sql.replace(/^\s*SELECT\b/i, `SELECT /*+ MAX_EXECUTION_TIME(${Math.max(1, Math.round(timeoutMs))}) */`);
  }

  /**
   * Runs one bounded SELECT with `params` bound as placeholders and returns its rows.
   *
   * @throws LiveTimeoutError when the server stops the query at the bound.
   * @throws LivePrivilegeError when the account lacks a privilege.
   * @throws LiveSafetyError when `sql` is not a SELECT.
   */
  async select(sql: string, params: unknown[] = [], options: QueryOptions = {}): Promise<Row[]> {
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const bounded = this.boundedSql(sql, timeoutMs);
    try {
      const [rows] =
        params.length > 0
          ? await this.connection.execute(bounded, params as never[])
          : await this.connection.query(bounded);
      return rows as Row[];
    } catch (error) {
      throw translateError(error, timeoutMs);
    }
  }

  /**
   * `SHOW CREATE TABLE` of one table (the name is quoted here). Returns the `Create Table` text,
   * or undefined when the server returns none (e.g. for a view).
   */
  async showCreateTable(table: TableName): Promise<string | undefined> {
    try {
      const [rows] = await this.connection.query(`SHOW CREATE TABLE ${this.qualify(table)}`);
      const text = (rows as Row[])[0]?.['Create Table'];
      return typeof text === 'string' ? text : undefined;
    } catch (error) {
      throw translateError(error, this.timeoutMs);
    }
  }

  /** Session-control statements only; the literal list below is everything this sends. */
  private async run(
    sql:
      | 'SET SESSION TRANSACTION READ ONLY'
      | `SET SESSION lock_wait_timeout = ${number}`
      | 'SET SESSION information_schema_stats_expiry = 0'
      | 'START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY'
      | 'COMMIT'
      | 'ROLLBACK',
  ): Promise<void> {
    await this.connection.query(sql);
  }
}

function assertSelect(sql: string): void {
  if (!/^\s*SELECT\s/i.test(sql)) throw new LiveSafetyError('only SELECT statements may be bounded and sent');
}

/** Maps a driver error to the live-mode error classes (timeouts, privileges); others unchanged. */
export function translateError(error: unknown, timeoutMs: number): unknown {
  const errno = (error as { errno?: number }).errno;
  if (errno !== undefined && STATEMENT_TIMEOUT_ERRNOS.has(errno)) return new LiveTimeoutError(timeoutMs, { cause: error });
  if (errno !== undefined && PRIVILEGE_ERRNOS.has(errno)) {
    return new LivePrivilegeError(`missing privilege: ${(error as Error).message}`, { cause: error });
  }
  return error;
}
