/**
 * The read-only session every live probe runs in.
 *
 * Guarantees:
 * - it sends only SELECT, SHOW, `SET SESSION ...`, `SET STATEMENT ... FOR SELECT ...`, `EXPLAIN`
 *   of its own SELECTs (`explain`; `SET STATEMENT ... FOR EXPLAIN SELECT ...` on MariaDB),
 *   `START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY`, COMMIT and ROLLBACK; `select` and
 *   `show` refuse any other text before it reaches the server;
 * - the one exception is the scratch temporary tables (`withScratchTables`) in which the server
 *   converts key values for a probe: `CREATE TEMPORARY TABLE uniqlint_scratch_N (...)`, `SET
 *   TRANSACTION ISOLATION LEVEL READ COMMITTED` then `INSERT INTO uniqlint_scratch_N (...) SELECT
 *   ...`, `ALTER TABLE uniqlint_scratch_N MODIFY ...`, SELECTs and `DROP TEMPORARY TABLE IF
 *   EXISTS uniqlint_scratch_N`, each with the read-only flag lifted for itself alone. The only
 *   tables written are these temporary tables of this session, under names this class makes.
 *   READ COMMITTED makes the `INSERT ... SELECT` read the source table as a consistent read
 *   without row locks (under REPEATABLE READ InnoDB takes shared next-key locks on the rows it
 *   reads: MySQL 8.0 manual 17.7.3 "Locks Set by Different SQL Statements in InnoDB"; verified on
 *   MariaDB 10.11, where a concurrent UPDATE then waits and fails with 1205);
 * - the session itself is marked `SET SESSION TRANSACTION READ ONLY`, so even a statement outside
 *   a snapshot cannot write (ERROR 1792), except the scratch statements above;
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
import type { PlanStep, QueryPlan } from '../diagnostic.js';
import { quoteIdentifier as quoteName } from '../analysis/sql-text.js';
import { DEFAULT_LIVE_TIMEOUT_MS } from './settings.js';

/** Default bound of one probe query, in milliseconds (the `--live-timeout` default). */
export const DEFAULT_PROBE_TIMEOUT_MS = DEFAULT_LIVE_TIMEOUT_MS;

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
  /**
   * `sort_buffer_size` of this statement alone, in bytes (MariaDB `SET STATEMENT
   * sort_buffer_size=<n> FOR SELECT ...`, MariaDB KB "SET STATEMENT"; MySQL 8.0.3+ the
   * `SET_VAR(sort_buffer_size = <n>)` optimizer hint, MySQL 8.4 manual 10.9.3 "Optimizer Hints").
   * Ignored where `LiveSession.acceptsStatementSortBuffer` is false. A whole number of at least 1.
   */
  sortBufferBytes?: number;
}

/** One result row, by column name. */
export type Row = Record<string, unknown>;

/** Names of the scratch tables this session creates; nothing else may follow CREATE TEMPORARY TABLE, INSERT INTO or DROP TEMPORARY TABLE. */
const SCRATCH_NAME = /^uniqlint_scratch_\d+$/;

/** sql_mode values as the server prints them: upper-case words and commas. */
const SQL_MODE_TEXT = /^[A-Z_,]*$/;

/** The session settings of the migration a scratch table's conversion runs under. */
export interface ScratchSettings {
  /** The migration's sql_mode (upper-case words and commas, as the server prints it). */
  sqlMode: string;
  /** The migration's time_zone (`SYSTEM`, `+02:00`, `Europe/Berlin`); default: the session's. */
  timeZone?: string;
}

/** time_zone values: names of the tz database and offsets. */
const TIME_ZONE_TEXT = /^[A-Za-z0-9_+:/-]+$/;

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
 * The statements a probe may send inside `LiveSession.withScratchTables`: temporary tables of this
 * session only (see the module docstring).
 */
export interface ScratchTables {
  /**
   * Creates a temporary table with the given column definitions (SQL text such as
   * `` `k0` DECIMAL(6,2) NULL ``) and storage engine, and returns its qualified, quoted name.
   *
   * @throws the server's error when it refuses (no CREATE TEMPORARY TABLES privilege: 1044/1142;
   *   GTID consistency: 1787; a read-only mode: 1792/1290).
   */
  create(columns: string[], engine?: string): Promise<string>;
  /**
   * `INSERT INTO <scratch> (<columns>) SELECT ...`, reading without row locks: copies the key
   * columns as they are, or, with `settings`, stores what a migration's `INSERT ... SELECT`
   * would store under its sql_mode and time_zone.
   *
   * @throws the server's error (with `settings`, a strict-mode conversion error).
   */
  fill(table: string, columns: string[], select: string, settings?: ScratchSettings): Promise<void>;
  /**
   * `INSERT INTO <scratch> (<columns>) VALUES <rows>` under the migration's sql_mode and
   * time_zone: the server stores literal rows as the migration's INSERT will. `rows` is SQL text
   * built by the probe from literals and `?` placeholders only; `params` are bound to them as a
   * server-side prepared statement. Returns the warnings.
   *
   * @throws the server's error (strict-mode 1264, 1265, 1406, 1366, 1292...).
   */
  fillValues(table: string, columns: string[], rows: string[], params: unknown[], settings: ScratchSettings): Promise<{ code: number; message: string }[]>;
  /**
   * `ALTER TABLE <scratch> <changes>` (MODIFY clauses built by the probe) under the migration's
   * sql_mode and time_zone: the server's own conversion, as the migration's ALTER does it.
   * Returns the warnings of a successful ALTER.
   *
   * @throws the server's error (strict-mode 1264, 1265, 1406, 1366, 1292...; timeouts as
   *   LiveTimeoutError).
   */
  alter(table: string, changes: string[], settings: ScratchSettings): Promise<{ code: number; message: string }[]>;
}

/**
 * A read-only view of the target database through one connection. Not safe for concurrent use:
 * probes run one after another.
 */
export class LiveSession {
  private inSnapshot = false;
  /** The deadline of the probe running, set by `withinDeadline`. */
  private deadline: { at: number; timeoutMs: number } | undefined;
  /** Where `recordPlans` collects plans while it runs. */
  private plans: QueryPlan[] | undefined;
  private lostError: LiveConnectionLostError | undefined;
  private scratchCount = 0;

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

  /**
   * Runs `work` with scratch temporary tables (module docstring). Each statement on them runs on
   * its own, outside any transaction, with the session's read-only flag lifted for that statement
   * alone (MariaDB `SET STATEMENT tx_read_only=0 FOR ...`; MySQL `SET SESSION
   * transaction_read_only` around it): the server refuses CREATE TEMPORARY TABLE in a READ ONLY
   * transaction (ERROR 1792), and `START TRANSACTION READ WRITE` on a `read_only` server (ERROR
   * 1290), while temporary tables work there (verified on MariaDB 10.11). The copy is preceded by
   * `SET TRANSACTION ISOLATION LEVEL READ COMMITTED`, so it reads the table without locking its
   * rows. Every temporary table `work` creates is dropped at the end, whether `work` succeeds or
   * throws.
   *
   * @throws LiveSafetyError when called inside a snapshot; whatever `work` throws.
   */
  async withScratchTables<T>(work: (scratch: ScratchTables) => Promise<T>): Promise<T> {
    if (this.inSnapshot) throw new LiveSafetyError('scratch tables cannot be used inside a read-only snapshot');
    const created: string[] = [];
    // Names restart with each probe once its tables are gone, so a probe's queries read the same
    // on every connection of a pool; a table that could not be dropped keeps its number taken.
    const firstNumber = this.scratchCount;
    let allDropped = true;
    const owned = (table: string): void => {
      if (!created.includes(table)) throw new LiveSafetyError('only a scratch table of this session may be written');
    };
    const scratch: ScratchTables = {
      create: async (columns, engine) => {
        if (columns.length === 0) throw new LiveSafetyError('a scratch table needs columns');
        if (engine !== undefined && !/^[A-Za-z]+$/.test(engine)) throw new LiveSafetyError(`not an engine name: ${JSON.stringify(engine)}`);
        const name = `uniqlint_scratch_${++this.scratchCount}`;
        const qualified = `${quoteIdentifier(this.database)}.${quoteIdentifier(name)}`;
        await this.sendScratchWritable(`CREATE TEMPORARY TABLE ${qualified} (${columns.join(', ')})${engine ? ` ENGINE=${engine}` : ''}`);
        created.push(qualified);
        return qualified;
      },
      fill: async (table, columns, select, settings) => {
        owned(table);
        assertSelect(select);
        if (settings && !SQL_MODE_TEXT.test(settings.sqlMode)) throw new LiveSafetyError(`not a sql_mode: ${JSON.stringify(settings.sqlMode)}`);
        if (settings?.timeZone !== undefined && !TIME_ZONE_TEXT.test(settings.timeZone)) throw new LiveSafetyError(`not a time_zone: ${JSON.stringify(settings.timeZone)}`);
        if (this.plans && readsUserTable(select)) this.plans.push(await this.explain(select));
        // The INSERT's transaction reads without locking rows (see the module docstring).
        await this.sendScratchWritable(`INSERT INTO ${table} (${columns.join(', ')}) ${this.boundedSelectPart(select)}`, settings, [], true);
      },
      fillValues: async (table, columns, rows, params, settings) => {
        owned(table);
        if (rows.length === 0 || rows.some((row) => !/^\(/.test(row))) throw new LiveSafetyError('a scratch table is filled with rows of values');
        if (!SQL_MODE_TEXT.test(settings.sqlMode)) throw new LiveSafetyError(`not a sql_mode: ${JSON.stringify(settings.sqlMode)}`);
        await this.sendScratchWritable(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${rows.join(', ')}`, settings, params);
        const [warnings] = (await this.connection.query('SHOW WARNINGS')) as unknown as [Row[]];
        return warnings.map((row) => ({ code: Number(row.Code), message: String(row.Message) }));
      },
      alter: async (table, changes, settings) => {
        owned(table);
        const { sqlMode, timeZone } = settings;
        if (!SQL_MODE_TEXT.test(sqlMode)) throw new LiveSafetyError(`not a sql_mode: ${JSON.stringify(sqlMode)}`);
        if (timeZone !== undefined && !TIME_ZONE_TEXT.test(timeZone)) throw new LiveSafetyError(`not a time_zone: ${JSON.stringify(timeZone)}`);
        if (changes.length === 0 || changes.some((change) => !/^MODIFY `k\d+` /.test(change))) throw new LiveSafetyError('a scratch table is altered by MODIFY of its own columns only');
        await this.sendScratchWritable(`ALTER TABLE ${table} ${changes.join(', ')}`, { sqlMode, ...(timeZone !== undefined ? { timeZone } : {}) });
        const [rows] = (await this.connection.query('SHOW WARNINGS')) as unknown as [Row[]];
        return rows.map((row) => ({ code: Number(row.Code), message: String(row.Message) }));
      },
    };
    try {
      return await work(scratch);
    } finally {
      // The drops are sent even after the probe's deadline (each under the session's own bound).
      const deadline = this.deadline;
      this.deadline = undefined;
      try {
        for (const table of created.reverse()) {
          try {
            await this.sendScratchWritable(`DROP TEMPORARY TABLE IF EXISTS ${table}`);
          } catch {
            // The table ends with the session anyway.
            allDropped = false;
          }
        }
      } finally {
        this.deadline = deadline;
      }
      if (allDropped) this.scratchCount = firstNumber;
    }
  }

  /** The SELECT part of an INSERT ... SELECT with the MySQL timeout hint (MariaDB bounds the whole statement instead). */
  private boundedSelectPart(select: string): string {
    if (this.server.flavor === 'mariadb') return select;
    return select.replace(/^\s*SELECT\b/i, `SELECT /*+ MAX_EXECUTION_TIME(${Math.max(1, Math.round(this.bound(this.timeoutMs)))}) */`);
  }

  /** The read-only flag's variable: `tx_read_only` before MariaDB 11.1, `transaction_read_only` since (and on MySQL 8). */
  private readOnlyVariable(): string {
    const { flavor, versionNumber } = this.server;
    if (flavor === 'mariadb' && (versionNumber.major < 11 || (versionNumber.major === 11 && versionNumber.minor < 1))) return 'tx_read_only';
    return 'transaction_read_only';
  }

  /**
   * ALTER or DROP of a scratch table, outside any transaction, with the session's read-only flag
   * lifted for this statement only, under `settings` and the session timeout.
   */
  private async sendScratchWritable(sql: string, settings?: ScratchSettings, params: unknown[] = [], readCommitted = false): Promise<void> {
    const variable = this.readOnlyVariable();
    const seconds = Number((Math.max(1, this.bound(this.timeoutMs)) / 1000).toFixed(3));
    if (this.server.flavor === 'mariadb') {
      const assignments = [`${variable}=0`, `max_statement_time=${seconds}`];
      if (settings) assignments.push(`sql_mode='${settings.sqlMode}'`);
      if (settings?.timeZone !== undefined) assignments.push(`time_zone='${settings.timeZone}'`);
      // SET TRANSACTION applies to the next transaction: the statement's own (nothing runs between them).
      if (readCommitted) await this.run('SET TRANSACTION ISOLATION LEVEL READ COMMITTED');
      await this.sendScratch(`SET STATEMENT ${assignments.join(', ')} FOR ${sql}`, params);
      return;
    }
    const [before] = (await this.connection.query('SELECT @@SESSION.sql_mode AS m, @@SESSION.time_zone AS z')) as unknown as [Row[]];
    const previousMode = String(before[0]?.m ?? '');
    const previousZone = String(before[0]?.z ?? 'SYSTEM');
    if (!SQL_MODE_TEXT.test(previousMode) || !TIME_ZONE_TEXT.test(previousZone)) throw new LiveSafetyError('unexpected session sql_mode or time_zone');
    if (settings) await this.connection.query(`SET SESSION sql_mode = '${settings.sqlMode}'`);
    if (settings?.timeZone !== undefined) await this.connection.query(`SET SESSION time_zone = '${settings.timeZone}'`);
    await this.connection.query(`SET SESSION ${variable} = OFF`);
    try {
      if (readCommitted) await this.run('SET TRANSACTION ISOLATION LEVEL READ COMMITTED');
      await this.sendScratch(sql, params);
    } finally {
      await this.connection.query(`SET SESSION ${variable} = ON`);
      if (settings) await this.connection.query(`SET SESSION sql_mode = '${previousMode}'`);
      if (settings?.timeZone !== undefined) await this.connection.query(`SET SESSION time_zone = '${previousZone}'`);
    }
  }

  /** Sends one scratch-table statement, refusing any that is not about this session's scratch tables. */
  private async sendScratch(text: string, params: unknown[] = []): Promise<void> {
    const match = /^(?:SET STATEMENT [a-z_]+=(?:[\d.]+|'[A-Za-z0-9_+:/,-]*')(?:, [a-z_]+=(?:[\d.]+|'[A-Za-z0-9_+:/,-]*'))* FOR )?(CREATE TEMPORARY TABLE|INSERT INTO|ALTER TABLE|DROP TEMPORARY TABLE IF EXISTS) `((?:[^`]|``)+)`\.`([^`]+)`(?:[ (]|$)/.exec(text);
    if (!match || !SCRATCH_NAME.test(match[3]!) || match[2]!.replace(/``/g, '`') !== this.database) {
      throw new LiveSafetyError("only the session's own temporary tables may be written");
    }
    try {
      if (params.length > 0) await this.connection.execute(text, params as never[]);
      else await this.connection.query(text);
    } catch (error) {
      throw translateError(error, this.timeoutMs);
    }
  }

  /**
   * True when one statement can carry its own `sort_buffer_size`: every MariaDB this project
   * supports (SET STATEMENT, 10.1.2+), MySQL from 8.0.3 (the SET_VAR hint). An older MySQL would
   * ignore the hint with a warning, so it is not sent there.
   */
  acceptsStatementSortBuffer(): boolean {
    if (this.server.flavor === 'mariadb') return true;
    const { major, minor, patch } = this.server.versionNumber;
    return major > 8 || (major === 8 && (minor > 0 || patch >= 3));
  }

  /**
   * The SQL actually sent for `sql` under a timeout of `timeoutMs` (and with the statement's own
   * `sort_buffer_size` when `sortBufferBytes` is given and `acceptsStatementSortBuffer`:
   * QueryOptions).
   *
   * @throws LiveSafetyError when `sql` is not a SELECT or `sortBufferBytes` is not a positive whole number.
   */
  boundedSql(sql: string, timeoutMs: number = this.timeoutMs, sortBufferBytes?: number): string {
    assertSelect(sql);
    if (sortBufferBytes !== undefined && !(Number.isSafeInteger(sortBufferBytes) && sortBufferBytes > 0)) {
      throw new LiveSafetyError(`sort_buffer_size must be a positive whole number of bytes, not ${sortBufferBytes}`);
    }
    const sortBuffer = sortBufferBytes !== undefined && this.acceptsStatementSortBuffer();
    if (this.server.flavor === 'mariadb') {
      return `SET STATEMENT max_statement_time=${Number((timeoutMs / 1000).toFixed(3))}${sortBuffer ? `, sort_buffer_size=${sortBufferBytes}` : ''} FOR ${sql}`;
    }
    const hints = [`MAX_EXECUTION_TIME(${Math.max(1, Math.round(timeoutMs))})`, ...(sortBuffer ? [`SET_VAR(sort_buffer_size = ${sortBufferBytes})`] : [])];
    return sql.replace(/^\s*SELECT\b/i, `SELECT /*+ ${hints.join(' ')} */`);
  }

  /**
   * Runs one bounded SELECT with `params` bound as placeholders and returns its rows.
   *
   * @throws LiveTimeoutError when the server stops the query at the bound.
   * @throws LivePrivilegeError when the account lacks a privilege.
   * @throws LiveSafetyError when `sql` is not a SELECT.
   */
  async select(sql: string, params: unknown[] = [], options: QueryOptions = {}): Promise<Row[]> {
    assertSelect(sql);
    this.assertConnected();
    if (this.plans && readsUserTable(sql)) this.plans.push(await this.explain(sql, params, options.timeoutMs ?? this.timeoutMs));
    const timeoutMs = this.bound(options.timeoutMs ?? this.timeoutMs);
    const bounded = this.boundedSql(sql, timeoutMs, options.sortBufferBytes);
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

  /**
   * The server's plan of one SELECT: `EXPLAIN <sql>` under the same bound as the query
   * (`SET STATEMENT max_statement_time=<s> FOR EXPLAIN SELECT ...` on MariaDB, the
   * `MAX_EXECUTION_TIME` hint inside the SELECT on MySQL). EXPLAIN reads no row of the tables: it
   * asks the optimizer, whose `rows` are estimates (MariaDB KB "EXPLAIN"; MySQL 8.0 manual 10.8.2
   * "EXPLAIN Output Format"). A plan the server refuses is returned with its `error`, never thrown,
   * except a lost connection.
   *
   * @throws LiveSafetyError when `sql` is not a SELECT; LiveConnectionLostError.
   */
  async explain(sql: string, params: unknown[] = [], requestedMs: number = this.timeoutMs): Promise<QueryPlan> {
    assertSelect(sql);
    this.assertConnected();
    const timeoutMs = this.bound(requestedMs);
    const text =
      this.server.flavor === 'mariadb'
        ? `SET STATEMENT max_statement_time=${Number((timeoutMs / 1000).toFixed(3))} FOR EXPLAIN ${sql}`
        : `EXPLAIN ${this.boundedSql(sql, timeoutMs)}`;
    try {
      const [rows] = params.length > 0 ? await this.connection.execute(text, params as never[]) : await this.connection.query(text);
      return { query: sql, steps: (rows as Row[]).map(planStep) };
    } catch (error) {
      const translated = this.failure(error, timeoutMs);
      if (translated instanceof LiveConnectionLostError) throw translated;
      return { query: sql, steps: [], error: String((translated as Error).message ?? translated).split('\n')[0]! };
    }
  }

  /**
   * Runs `work` and returns, beside its result, the plan (`explain`) of every SELECT it sent that
   * reads a table (not information_schema, not `LIMIT 0`) and of the SELECT of every scratch-table
   * copy, in the order sent. Each plan is asked for just before its query.
   */
  async recordPlans<T>(work: () => Promise<T>): Promise<{ result: T; plans: QueryPlan[] }> {
    const outer = this.plans;
    const plans: QueryPlan[] = [];
    this.plans = plans;
    try {
      return { result: await work(), plans };
    } finally {
      this.plans = outer;
      outer?.push(...plans);
    }
  }

  /** The session's connection id (`CONNECTION_ID()`), as information_schema.PROCESSLIST names it. */
  get connectionId(): number | undefined {
    return this.connection.threadId ?? undefined;
  }

  /** The loss that ended the session, once the connection is gone; undefined while it works. */
  get lost(): LiveConnectionLostError | undefined {
    return this.lostError;
  }

  private assertConnected(): void {
    if (this.lostError) throw new LiveConnectionLostError(this.lostError.reason, { cause: this.lostError });
  }

  /**
   * Translates a driver error (`translateError`) and remembers a lost connection. A statement
   * stopped at the probe's deadline (`withinDeadline`) is a timeout of the probe's whole bound.
   */
  private failure(error: unknown, timeoutMs: number, elapsedMs?: number): unknown {
    const translated = translateError(error, timeoutMs, elapsedMs);
    if (translated instanceof LiveConnectionLostError && !this.lostError) this.lostError = translated;
    if (translated instanceof LiveTimeoutError && this.deadline) return new LiveTimeoutError(this.deadline.timeoutMs, { cause: error });
    return translated;
  }

  /**
   * Runs `work` (one probe) under one bound for all its statements together: each statement is
   * bounded by what is left of `timeoutMs` (at most its own bound), and once nothing is left the
   * next statement is not sent (LiveTimeoutError). Nested calls keep the outer deadline.
   */
  async withinDeadline<T>(timeoutMs: number, work: () => Promise<T>): Promise<T> {
    if (this.deadline) return work();
    this.deadline = { at: Date.now() + timeoutMs, timeoutMs };
    try {
      return await work();
    } finally {
      this.deadline = undefined;
    }
  }

  /**
   * The bound of the next statement, in milliseconds: `requestedMs`, or what is left of the
   * probe's deadline when that is less.
   *
   * @throws LiveTimeoutError when the deadline has passed.
   */
  private bound(requestedMs: number): number {
    if (!this.deadline) return requestedMs;
    const left = this.deadline.at - Date.now();
    if (left <= 0) throw new LiveTimeoutError(this.deadline.timeoutMs);
    return Math.min(requestedMs, Math.max(1, left));
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

  /**
   * MariaDB `SHOW ALL SLAVES STATUS`: one row per replication connection (`Master_Host`,
   * `Master_Port`, `Slave_IO_Running`, `Slave_SQL_Running`...), none when the server replicates
   * from nowhere. Needs the REPLICA MONITOR (10.5+) or REPLICATION CLIENT privilege.
   *
   * @throws LivePrivilegeError without the privilege; LiveConnectionLostError.
   */
  async showReplicaStatus(): Promise<Row[]> {
    this.assertConnected();
    try {
      const [rows] = await this.connection.query('SHOW ALL SLAVES STATUS');
      return rows as Row[];
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
      | 'SET TRANSACTION ISOLATION LEVEL READ COMMITTED'
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

/** Whether a SELECT reads rows of a table: it has a FROM, not only information_schema, and no `LIMIT 0`. */
function readsUserTable(sql: string): boolean {
  return /\bFROM\b/i.test(sql) && !/\binformation_schema\./i.test(sql) && !/\bLIMIT 0\s*$/i.test(sql);
}

/** One row of EXPLAIN's table, by the names both servers give its columns. */
function planStep(row: Row): PlanStep {
  const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
  const rows = row.rows === null || row.rows === undefined ? null : Number(row.rows);
  return {
    id: row.id === null || row.id === undefined ? null : Number(row.id),
    selectType: text(row.select_type),
    table: text(row.table),
    type: text(row.type),
    possibleKeys: text(row.possible_keys),
    key: text(row.key),
    rows: Number.isFinite(rows) ? rows : null,
    extra: text(row.Extra),
  };
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

/**
 * The session a migration file sets up for its later statements, as far as it decides what those
 * statements do: `USE db`, `SET [SESSION|LOCAL] sql_mode`, `time_zone`, `NAMES`,
 * `foreign_key_checks` (also as `@@SESSION.x`, `@@x`, and several assignments in one SET). A
 * value the file computes (an expression) is recorded as `'unknown'`; `DEFAULT` means the
 * server's global value (`undefined` here). `SET GLOBAL` changes only later sessions and is
 * ignored. Semantics: MariaDB KB "SET", MySQL 8.0 manual 15.7.6.1 "SET Syntax for Variable
 * Assignment".
 */
export interface FileSessionState {
  /** The database of `USE`, when the file switches. */
  database?: string;
  /** The sql_mode text (upper case), `'unknown'` for an expression. */
  sqlMode?: string;
  /** The time_zone text, `'unknown'` for an expression. */
  timeZone?: string;
  /** The character set of `SET NAMES`. */
  names?: string;
  /** `SET foreign_key_checks`: false for 0/OFF. */
  foreignKeyChecks?: boolean;
  /** User variables assigned from a session variable (`SET @OLD_SQL_MODE=@@SQL_MODE`), by lower-case name. */
  savedVariables?: Record<string, string | undefined>;
}

const SESSION_VARIABLES = new Set(['sql_mode', 'time_zone', 'foreign_key_checks']);

/** Splits `a=1, b='x,y'` at top-level commas. */
function splitAssignments(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quote) {
      current += char;
      if (char === '\\' && quote !== '`') {
        current += text[++i] ?? '';
      } else if (char === quote) {
        if (text[i + 1] === quote) current += text[++i];
        else quote = undefined;
      }
      continue;
    }
    if (char === "'" || char === '"' || char === '`') quote = char;
    else if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += char;
  }
  if (current.trim() !== '') parts.push(current.trim());
  return parts;
}

/** The text of a quoted SQL string literal, or undefined when `value` is not one. */
function stringLiteralValue(value: string): string | undefined {
  const match = /^(?:_[A-Za-z0-9]+\s*)?(['"])((?:[^\\]|\\.)*?)\1$/s.exec(value.trim());
  if (!match) return undefined;
  const quote = match[1]!;
  return match[2]!.replace(new RegExp(`${quote}${quote}`, 'g'), quote).replace(/\\(.)/g, '$1');
}

/**
 * The file's session after `sql` (one statement) runs in a session that was `state`. Returns
 * `state` itself when the statement is not a session statement.
 */
export function applySessionStatement(sql: string, state: FileSessionState): FileSessionState {
  const text = sql.trim().replace(/;\s*$/, '');
  const use = /^USE\s+(`(?:[^`]|``)+`|[A-Za-z0-9_$]+)\s*$/i.exec(text);
  if (use) {
    const name = use[1]!.startsWith('`') ? use[1]!.slice(1, -1).replace(/``/g, '`') : use[1]!;
    return { ...state, database: name };
  }
  const set = /^SET\s+([^]*)$/i.exec(text);
  if (!set) return state;
  const body = set[1]!;
  if (/^(GLOBAL|PERSIST|PERSIST_ONLY)\s/i.test(body) || /^(SESSION\s+)?TRANSACTION\b/i.test(body) || /^(PASSWORD|ROLE|DEFAULT\s+ROLE|CHARACTER\s+SET|CHARSET)\b/i.test(body)) {
    return state;
  }
  const names = /^NAMES\s+(?:'([A-Za-z0-9_]+)'|([A-Za-z0-9_]+))/i.exec(body);
  if (names) return { ...state, names: (names[1] ?? names[2]!).toLowerCase() };
  let next: FileSessionState = state;
  for (const assignment of splitAssignments(body.replace(/^(SESSION|LOCAL)\s+/i, ''))) {
    const match = /^(@@(?:SESSION\.|LOCAL\.)?|@|(?:SESSION|LOCAL)\s+)?([A-Za-z_][A-Za-z0-9_$]*)\s*:?=\s*([^]*)$/i.exec(assignment);
    if (!match) continue;
    const scope = (match[1] ?? '').trim().toUpperCase();
    const name = match[2]!.toLowerCase();
    const value = match[3]!.trim();
    if (scope === '@') {
      const source = /^@@(?:SESSION\.|LOCAL\.)?(sql_mode|time_zone|foreign_key_checks)$/i.exec(value);
      const saved = { ...(next.savedVariables ?? {}) };
      if (source) {
        const variable = source[1]!.toLowerCase();
        saved[name] = variable === 'sql_mode' ? next.sqlMode : variable === 'time_zone' ? next.timeZone : next.foreignKeyChecks === undefined ? undefined : next.foreignKeyChecks ? '1' : '0';
      } else {
        delete saved[name];
      }
      next = { ...next, savedVariables: saved };
      continue;
    }
    if (!SESSION_VARIABLES.has(name)) continue;
    let resolved: string | undefined | 'unknown';
    if (/^DEFAULT$/i.test(value)) resolved = undefined;
    else if (stringLiteralValue(value) !== undefined) resolved = stringLiteralValue(value);
    else if (/^@[A-Za-z_][A-Za-z0-9_$]*$/.test(value) && next.savedVariables && value.slice(1).toLowerCase() in next.savedVariables) {
      resolved = next.savedVariables[value.slice(1).toLowerCase()];
    } else if (/^@@GLOBAL\.[a-z_]+$/i.test(value)) resolved = undefined;
    else if (/^-?\d+$/.test(value) || /^(ON|OFF|TRUE|FALSE)$/i.test(value)) resolved = value;
    else resolved = 'unknown';
    if (name === 'sql_mode') {
      next = { ...next };
      if (resolved === undefined) delete next.sqlMode;
      else next.sqlMode = resolved === 'unknown' ? 'unknown' : resolved.toUpperCase().replace(/\s+/g, '');
    } else if (name === 'time_zone') {
      next = { ...next };
      if (resolved === undefined) delete next.timeZone;
      else next.timeZone = resolved;
    } else {
      next = { ...next };
      if (resolved === undefined || resolved === 'unknown') delete next.foreignKeyChecks;
      else next.foreignKeyChecks = !/^(0|OFF|FALSE)$/i.test(resolved);
    }
  }
  return next;
}
