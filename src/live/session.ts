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
 *   identifiers are quoted with `quoteIdentifier`;
 * - a connection that goes away (`LiveConnectionLostError`) ends the session: nothing more is sent,
 *   and every later call fails at once with the same reason, so a run can finish its report.
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

/**
 * The connection to the target went away: the server restarted or shut down (ERROR 1053), the
 * connection was killed (`KILL CONNECTION`: MariaDB ERROR 1927, or the socket simply closes on
 * MySQL), a failover moved the endpoint, or the network dropped. Once raised, the session sends
 * nothing more: every later call raises it again at once with the same `reason`.
 */
export class LiveConnectionLostError extends Error {
  override name = 'LiveConnectionLostError';
  constructor(
    /** One line: what the driver or server said, e.g. `Connection was killed (errno 1927)`. */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`connection lost: ${reason}`, options);
  }
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

/**
 * Errors that always mean the statement bound ran out: MariaDB ER_STATEMENT_TIMEOUT (1969), MySQL
 * ER_QUERY_TIMEOUT (3024), and 1907 (MySQL 5.7.4-5.7.7's number for the same error).
 */
const STATEMENT_TIMEOUT_ERRNOS = new Set([1969, 3024, 1907]);
/**
 * Errors that wrap a timeout when it strikes in another layer: ER_FILSORT_ABORT (1028, "Sort
 * aborted: <the kill message>", raised by filesort.cc with the interrupting error's text) and
 * ER_QUERY_INTERRUPTED (1317, what InnoDB's DB_INTERRUPTED becomes). They are timeouts when the
 * message names the bound or the query ran for at least the bound; otherwise someone stopped the
 * query (KILL QUERY) and they stay server errors.
 */
const WRAPPED_TIMEOUT_ERRNOS = new Set([1028, 1317]);
const TIMEOUT_MESSAGE = /maximum statement execution time|max_statement_time/i;
const PRIVILEGE_ERRNOS = new Set([1142, 1143, 1044, 1227, 1370]);
/**
 * Server errors after which the connection is gone: ER_SERVER_SHUTDOWN (1053), MariaDB
 * ER_CONNECTION_KILLED (1927), MySQL 8.0.24+ ER_CLIENT_INTERACTION_TIMEOUT (4031, sent before the
 * server closes an idle connection).
 */
const CONNECTION_LOST_ERRNOS = new Set([1053, 1927, 4031]);
/** Driver and socket codes of a connection that closed under the client. */
const CONNECTION_LOST_CODES = new Set(['PROTOCOL_CONNECTION_LOST', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * `max_sort_length` of the probe session, in bytes: the largest value both servers accept
 * (MySQL 8.0 manual 7.1.8 "Server System Variables", MariaDB KB "Server System Variables":
 * range up to 8388608). When GROUP BY groups by sorting, both servers compare string values only
 * up to `max_sort_length` bytes (MySQL `sql/item_buff.cc` `Cached_item_str`; the default 1024
 * would make two values that share their first 1024 bytes one group), while a unique index
 * compares whole values.
 */
export const PROBE_MAX_SORT_LENGTH = 8_388_608;

/**
 * A read-only view of the target database through one connection. Not safe for concurrent use:
 * probes run one after another.
 */
export class LiveSession {
  private inSnapshot = false;
  private lostError: LiveConnectionLostError | undefined;

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
   * Prepares a session over an open connection: marks it read-only, sets the isolation level to
   * REPEATABLE READ (a server whose global level is READ COMMITTED would otherwise give each
   * SELECT of a `WITH CONSISTENT SNAPSHOT` transaction its own snapshot: MySQL 8.0 manual 15.3.1
   * "START TRANSACTION", "only if the current isolation level is one that permits a consistent
   * read", i.e. REPEATABLE READ), raises `max_sort_length` (`PROBE_MAX_SORT_LENGTH`), sets
   * `lock_wait_timeout` and, on MySQL, `information_schema_stats_expiry = 0` so AUTO_INCREMENT
   * figures are live.
   */
  static async open(live: LiveConnection, options: LiveSessionOptions = {}): Promise<LiveSession> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
    if (!(timeoutMs > 0)) throw new RangeError('timeoutMs must be positive');
    const lockWait = Math.max(1, Math.round(options.lockWaitTimeoutSeconds ?? 5));
    const session = new LiveSession(live.connection, live.server, live.server.database || live.target.database, timeoutMs);
    await session.run('SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    await session.run('SET SESSION TRANSACTION READ ONLY');
    await session.run(`SET SESSION max_sort_length = ${PROBE_MAX_SORT_LENGTH}`);
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
    this.assertConnected();
    const started = Date.now();
    try {
      const [rows] =
        params.length > 0
          ? await this.connection.execute(bounded, params as never[])
          : await this.connection.query(bounded);
      return rows as Row[];
    } catch (error) {
      throw this.failure(error, timeoutMs, Date.now() - started);
    }
  }

  /** The loss that ended the session, once the connection is gone; undefined while it works. */
  get lost(): LiveConnectionLostError | undefined {
    return this.lostError;
  }

  private assertConnected(): void {
    if (this.lostError) throw new LiveConnectionLostError(this.lostError.reason, { cause: this.lostError });
  }

  /** Translates a driver error (`translateError`) and remembers a lost connection. */
  private failure(error: unknown, timeoutMs: number, elapsedMs?: number): unknown {
    const translated = translateError(error, timeoutMs, elapsedMs);
    if (translated instanceof LiveConnectionLostError && !this.lostError) this.lostError = translated;
    return translated;
  }

  /**
   * `SHOW CREATE TABLE` of one table (the name is quoted here). Returns the `Create Table` text,
   * or undefined when the server returns none (e.g. for a view).
   */
  async showCreateTable(table: TableName): Promise<string | undefined> {
    this.assertConnected();
    try {
      const [rows] = await this.connection.query(`SHOW CREATE TABLE ${this.qualify(table)}`);
      const text = (rows as Row[])[0]?.['Create Table'];
      return typeof text === 'string' ? text : undefined;
    } catch (error) {
      throw this.failure(error, this.timeoutMs);
    }
  }

  /** Session-control statements only; the literal list below is everything this sends. */
  private async run(
    sql:
      | 'SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ'
      | 'SET SESSION TRANSACTION READ ONLY'
      | `SET SESSION max_sort_length = ${number}`
      | `SET SESSION lock_wait_timeout = ${number}`
      | 'SET SESSION information_schema_stats_expiry = 0'
      | 'START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY'
      | 'COMMIT'
      | 'ROLLBACK',
  ): Promise<void> {
    this.assertConnected();
    try {
      await this.connection.query(sql);
    } catch (error) {
      throw this.failure(error, this.timeoutMs);
    }
  }
}

function assertSelect(sql: string): void {
  if (!/^\s*SELECT\s/i.test(sql)) throw new LiveSafetyError('only SELECT statements may be bounded and sent');
}

/**
 * Maps a driver error to the live-mode error classes; others are returned unchanged.
 * - timeouts (`STATEMENT_TIMEOUT_ERRNOS`, and 1028/1317 when they wrap one: see
 *   `WRAPPED_TIMEOUT_ERRNOS`; `elapsedMs` is how long the query ran) → LiveTimeoutError;
 * - missing privileges → LivePrivilegeError;
 * - a connection that is gone (`CONNECTION_LOST_ERRNOS`, socket and driver codes, or any error
 *   mysql2 marks `fatal` after the handshake) → LiveConnectionLostError.
 */
export function translateError(error: unknown, timeoutMs: number, elapsedMs?: number): unknown {
  const err = error as { errno?: number; code?: string; fatal?: boolean; message?: string };
  const errno = err.errno;
  const message = String(err.message ?? error);
  if (errno !== undefined && STATEMENT_TIMEOUT_ERRNOS.has(errno)) return new LiveTimeoutError(timeoutMs, { cause: error });
  if (errno !== undefined && WRAPPED_TIMEOUT_ERRNOS.has(errno) && (TIMEOUT_MESSAGE.test(message) || (elapsedMs !== undefined && elapsedMs >= timeoutMs))) {
    return new LiveTimeoutError(timeoutMs, { cause: error });
  }
  if (errno !== undefined && PRIVILEGE_ERRNOS.has(errno)) {
    return new LivePrivilegeError(`missing privilege: ${message}`, { cause: error });
  }
  if (
    (errno !== undefined && CONNECTION_LOST_ERRNOS.has(errno)) ||
    (err.code !== undefined && CONNECTION_LOST_CODES.has(err.code)) ||
    err.fatal === true
  ) {
    const line = message.split('\n')[0] || 'the server closed the connection';
    return new LiveConnectionLostError(errno !== undefined ? `${line} (errno ${errno})` : line, { cause: error });
  }
  return error;
}
