/**
 * Live mode, end to end: the steps a lint run takes with `--live`.
 *
 * 1. `LiveRun.open`: parse the URL, connect (one connection), open the read-only session. More
 *    connections, each with its own read-only session, are opened when `attach` has probes of
 *    several tables (`concurrency`, src/live/probe-pool.ts).
 * 2. `prepareSet`, once per migration set, before any file of it is replayed: find the tables the
 *    linted files mention, read their `SHOW CREATE TABLE` from the target, read the
 *    AUTO_INCREMENT figures of the tables the files act on, and hand the engine a `seed` that
 *    replays the definitions into the schema model (origin `database`) and the facts the
 *    live-only rules read (`context.live`), among them the server settings behind generated
 *    AUTO_INCREMENT values, read once per run (src/live/server-variables.ts). History files are
 *    not replayed: the database is the history (unless `replayHistory`).
 * 3. `attach`, after linting: for each `add-unique-key` diagnostic, probe the key as it will be
 *    after the statement (src/live/duplicate-probe.ts) and attach the evidence as
 *    `Diagnostic.live`. `fails` raises the severity to error, `passes` lowers it to info, `unknown`
 *    keeps it and says why. `online-schema-change-unique` diagnostics (gh-ost and
 *    pt-online-schema-change runs in runbooks, whose SQL is the statements their invocations make)
 *    are probed the same way, read as the tools' INSERT IGNORE copy: duplicates are rows dropped,
 *    counted as the rows of the duplicate groups minus one kept per group (the key's data and
 *    the wording of those verdicts: src/live/unique-key-check.ts). A key over a table whose rows or key columns an earlier statement of
 *    the linted files changes is `unknown` without a query: the database does not hold those rows.
 *    A key over a table the server estimates above `maxRows` rows is `unknown` without a query;
 *    so are an UPDATE over such a table and an INSERT ... SELECT whose SELECT the server's EXPLAIN
 *    expects to read more than `maxRows` rows.
 *    Probes of different tables run in parallel over the pool; the probes of one table run in
 *    order on one connection. Each diagnostic gets its own evidence in place, so the report's
 *    order is the serial one.
 *
 * Nothing here sends SQL itself except through `LiveSession` (SELECT, SHOW, session settings,
 * read-only transactions); the migration's own statements are never executed.
 */
import type { Diagnostic, LiveEvidence } from '../diagnostic.js';
import type { FileLintResult, MigrationLinter } from '../engine/lint.js';
import type { Dialect, LiveAutoIncrementFact, LiveRuleFacts } from '../rule.js';
import type { SchemaModel } from '../schema/model.js';
import type { TableName } from '../statement.js';
import { probeAutoIncrement } from './auto-increment-probe.js';
import { connectLive, DATABASE_URL_ENV, describeTarget, LiveConnectionError, parseLiveUrl, resolveLiveUrl, type LiveConnection, type ServerInfo } from './connection.js';
import { probeUniqueKey, type ProbeKeyPart, type ProbeOptions, type UniqueKeyProbe } from './duplicate-probe.js';
import { ADD_UNIQUE_KEY, droppedRows, ONLINE_SCHEMA_CHANGE_UNIQUE, onlineSchemaChangeEvidence, probeColumn, uniqueKeyData, type UniqueKeyData } from './unique-key-check.js';
import { baseSchemaSql, readBaseSchema, type DatabaseTableDefinition } from './schema-source.js';
import { LiveSession, quoteIdentifier, type FileSessionState } from './session.js';
import { DEFAULT_LIVE_CONCURRENCY, DEFAULT_LIVE_MAX_ROWS, DEFAULT_LIVE_TIMEOUT_MS, liveModeRequested, resolveLiveLimits, type LiveConfigSettings } from './settings.js';
import { ProgressLine, type ProgressStream, type ServerProgress } from './progress.js';
import { runByTable, SessionPool } from './probe-pool.js';
import { sessionBefore, tableKey, tableUseOf, type FileTableUse, type TableChange } from './touched-tables.js';
import { DUMP_RESTORE_RULE, INSERT_PROBE_RULES, probeInsertDiagnostic, selectedRowsEstimate } from './insert-probes.js';
import { probeStatementDiagnostic, STATEMENT_PROBE_RULES } from './statement-probes.js';
import { withThousandsSeparators } from '../analysis/sql-text.js';
import { readServerSettings, type ServerSettingsFacts } from './server-variables.js';

export type { ProgressStream };

/** Options of a live run. */
export interface LiveRunOptions {
  /** `mysql://user:password@host:port/database` (already resolved from the flag or the environment). */
  url: string;
  /** Bound of each probe, its statements together, in milliseconds; default 30 000. */
  timeoutMs?: number;
  /**
   * Row budget of one unique-key probe: a table whose estimated rows
   * (information_schema.TABLES.TABLE_ROWS) exceed it is not probed; 0 for none. Default
   * `DEFAULT_LIVE_MAX_ROWS`.
   */
  maxRows?: number;
  /** Connections probes of different tables run over in parallel; default `DEFAULT_LIVE_CONCURRENCY`. */
  concurrency?: number;
  /** Put the server's EXPLAIN of each probe query in the evidence (`LiveEvidence.plan`); default false. */
  explain?: boolean;
  /** `lock_wait_timeout` of the session in seconds; default 5. */
  lockWaitTimeoutSeconds?: number;
  /** Replay the history files of each migration set on top of the database schema; default false. */
  replayHistory?: boolean;
  /** Where progress goes when a probe runs longer than a second (only when it is a TTY). */
  progress?: ProgressStream;
  /** How long a probe runs before progress is shown, in milliseconds; default 1 000. */
  progressDelayMs?: number;
  /** Environment for `MYSQL_PWD`; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** How the duplicate probe reads a key (`ProbeOptions`): the tests compare the index path with the sort path. */
  probe?: Pick<ProbeOptions, 'indexPath' | 'countRowsBelow'>;
}

/** What `prepareSet` gives the engine for one migration set. */
export interface PreparedLiveSet {
  /** Facts for the live-only rules; pass as `LinterOptions.live`. */
  facts: LiveRuleFacts;
  /** Whether the set's history files should still be replayed. */
  replayHistory: boolean;
  /**
   * What `CHARACTER SET utf8mb4` without COLLATE means on the target (MySQL
   * `@@default_collation_for_utf8mb4`, MariaDB `@@character_set_collations` or the charset's
   * default): pass as `LinterOptions.charsetCollations`, so the static model resolves it as the
   * server will.
   */
  charsetCollations: Readonly<Record<string, string>>;
  /** Replays the target's table definitions into the linter's schema model (origin `database`). */
  seed(linter: MigrationLinter): void;
}

/** A file of a migration set as `prepareSet` needs it: the path shown and the text linted. */
export interface LiveSetFile {
  path: string;
  text: string;
  /**
   * For a runbook, whose `text` is the SQL its invocations make: the file offset of the
   * invocation behind each statement, by the statement's offset in `text` (where rules look up
   * AUTO_INCREMENT facts).
   */
  statementOffsets?: ReadonlyMap<number, number>;
}

interface SetState {
  dialect: Dialect;
  /** Files in lint order. */
  uses: FileTableUse[];
}

/** A check `attach` runs: one diagnostic, in the order of the report. */
interface LiveJob {
  diagnostic: Diagnostic;
  set: SetState;
  /** Index of the diagnostic's file in `set.uses`. */
  position: number;
}

function tableLabel(table: TableName): string {
  return table.schema ? `${quoteIdentifier(table.schema)}.${quoteIdentifier(table.name)}` : quoteIdentifier(table.name);
}

function describeChange(change: TableChange): string {
  switch (change.kind) {
    case 'create':
      return `it is created by the statement at line ${change.line}`;
    case 'insert':
    case 'replace':
    case 'update':
    case 'delete':
    case 'load-data':
    case 'truncate': {
      const verb = change.kind === 'load-data' ? 'LOAD DATA' : change.kind.toUpperCase();
      return `the ${verb} at line ${change.line} changes its rows`;
    }
    case 'rename':
      return `it gets its name from the RENAME at line ${change.line}`;
    case 'alter-columns':
      return `the ALTER TABLE at line ${change.line} changes the key's columns`;
  }
}

/**
 * One live run: a pool of connections with read-only sessions shared by every migration set of a
 * lint run. Its methods are called one after another; `attach` runs probes in parallel inside.
 */
export class LiveRun {
  /** Problems that did not stop the run (a table whose definition could not be read...), for stderr. */
  readonly notes: string[] = [];
  private readonly sets = new Map<string, SetState>();
  private readonly estimatedRows = new Map<string, number>();
  /** Live verdicts decided (`fails` or `passes`) and AUTO_INCREMENT figures read so far. */
  private decided = 0;
  private readonly pool: SessionPool;
  private readonly progress: ProgressLine;
  /** The server settings, read by the first `prepareSet` (src/live/server-variables.ts). */
  private serverSettings?: Promise<ServerSettingsFacts | undefined>;

  private constructor(
    private readonly live: LiveConnection,
    /** The first read-only session: definitions, AUTO_INCREMENT figures, estimates, and probes. */
    readonly session: LiveSession,
    private readonly options: LiveRunOptions,
  ) {
    this.pool = new SessionPool(live, session, { timeoutMs: session.timeoutMs, ...(options.lockWaitTimeoutSeconds !== undefined ? { lockWaitTimeoutSeconds: options.lockWaitTimeoutSeconds } : {}) });
    this.progress = new ProgressLine(options.progress, {
      ...(options.progressDelayMs !== undefined ? { delayMs: options.progressDelayMs } : {}),
      readServerProgress: (ids) => this.readServerProgress(ids),
    });
  }

  /** The row budget of one unique-key, UPDATE or INSERT ... SELECT check; 0 for none. */
  get maxRows(): number {
    return this.options.maxRows ?? DEFAULT_LIVE_MAX_ROWS;
  }

  /** How many connections probes may run over. */
  get concurrency(): number {
    return Math.max(1, this.options.concurrency ?? DEFAULT_LIVE_CONCURRENCY);
  }

  /**
   * Connects and opens the read-only session.
   *
   * @throws LiveConnectionError (exit code 2) for a malformed URL, an unreachable server, a
   *   refused login or database, or a session that cannot be prepared. The message is one line,
   *   names user, host, port and database, and never contains the password.
   */
  static async open(options: LiveRunOptions): Promise<LiveRun> {
    const target = parseLiveUrl(options.url, options.env ?? process.env);
    const live = await connectLive(target);
    try {
      const session = await LiveSession.open(live, {
        timeoutMs: options.timeoutMs ?? DEFAULT_LIVE_TIMEOUT_MS,
        ...(options.lockWaitTimeoutSeconds !== undefined ? { lockWaitTimeoutSeconds: options.lockWaitTimeoutSeconds } : {}),
      });
      const run = new LiveRun(live, session, options);
      if (!live.encrypted && target.sslMode === 'PREFERRED') {
        run.notes.push(`${describeTarget(target)} offers no TLS: the connection, sample values included, is not encrypted`);
      }
      return run;
    } catch (error) {
      await live.close();
      const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
      throw new LiveConnectionError(`connected to ${describeTarget(target)} but could not prepare a read-only session: ${reason}`, { cause: error });
    }
  }

  /** Facts about the target server (flavour, version, sql_mode...). */
  get server(): ServerInfo {
    return this.live.server;
  }

  /** `user@host:port/database` of the target. */
  get description(): string {
    return describeTarget(this.live.target);
  }

  /**
   * Set once the connection to the target was lost mid-run (server restart, `KILL CONNECTION`,
   * failover): what was lost, and how many checks had been decided before. Every check after
   * the loss is `unknown` with the reason "connection lost"; the ones decided before stand.
   */
  get connectionLost(): { reason: string; decidedBefore: number } | undefined {
    const lost = this.pool.lost;
    return lost ? { reason: lost.reason, decidedBefore: this.decided } : undefined;
  }

  /** Closes every connection. Idempotent. */
  async close(): Promise<void> {
    await this.pool.close();
  }

  /** The key under which a table name is compared: the session's database counts as no schema. */
  private key(table: TableName): string {
    const schema = table.schema !== undefined && table.schema.toLowerCase() === this.session.database.toLowerCase() ? undefined : table.schema;
    return tableKey(schema === undefined ? { name: table.name } : { schema, name: table.name });
  }

  /**
   * Reads what the target holds for one migration set: see the module docstring, step 2.
   * `lintFiles` are the set's linted files in lint order, as the engine will lint them.
   */
  async prepareSet(lintFiles: LiveSetFile[], dialect: Dialect): Promise<PreparedLiveSet> {
    const uses = lintFiles.map((file) => tableUseOf(file.path, file.text, dialect));
    for (const use of uses) this.sets.set(use.path, { dialect, uses });

    // Every mentioned table, first mention first; the anchor of its AUTO_INCREMENT findings.
    const mentioned = new Map<string, { table: TableName; anchor?: { path: string; offset: number } }>();
    for (const [index, use] of uses.entries()) {
      const statementOffsets = lintFiles[index]!.statementOffsets;
      for (const mention of use.mentions) {
        // After the file's `USE db`, an unqualified name is a table of that database.
        const table = this.inFileDatabase(mention.table, sessionBefore(use, mention.firstStatementOffset));
        const key = this.key(table);
        let entry = mentioned.get(key);
        if (!entry) {
          entry = { table };
          mentioned.set(key, entry);
        }
        if (!entry.anchor && mention.firstTouchOffset !== undefined) {
          entry.anchor = { path: use.path, offset: statementOffsets?.get(mention.firstTouchOffset) ?? mention.firstTouchOffset };
        }
      }
    }

    const definitions = await this.readDefinitions([...mentioned.values()].map((entry) => entry.table));
    const existing = new Map(definitions.map((definition) => [this.key(definition.table), definition]));

    const factsAt = new Map<string, LiveAutoIncrementFact[]>();
    for (const [key, entry] of mentioned) {
      const definition = existing.get(key);
      if (!definition || !entry.anchor) continue;
      if (!/\bAUTO_INCREMENT\b/i.test(definition.createSql)) continue;
      const fact = await this.readAutoIncrement(definition.table, entry.table);
      if (!fact) continue;
      this.decided += 1;
      const at = `${entry.anchor.path}\u0000${entry.anchor.offset}`;
      factsAt.set(at, [...(factsAt.get(at) ?? []), fact]);
    }
    await this.readEstimatedRows(definitions);

    const baseSql = baseSchemaSql(definitions);
    this.serverSettings ??= readServerSettings(this.session).catch((error: unknown) => {
      this.notes.push(`the server settings of ${this.description} could not be read: ${(error as Error).message}`);
      return undefined;
    });
    const serverSettings = await this.serverSettings;
    return {
      facts: {
        autoIncrementAt: (filePath, statementOffset) => factsAt.get(`${filePath}\u0000${statementOffset}`) ?? [],
        ...(serverSettings ? { serverSettings } : {}),
      },
      replayHistory: this.options.replayHistory ?? false,
      charsetCollations: { utf8mb4: this.server.defaultUtf8mb4Collation.toLowerCase() },
      seed: (linter) => {
        if (baseSql === '') return;
        linter.replay(baseSql);
        markFromDatabase(linter.schema);
      },
    };
  }

  /** SHOW CREATE TABLE of every table that exists; a table that cannot be read is left out with a note. */
  private async readDefinitions(tables: TableName[]): Promise<DatabaseTableDefinition[]> {
    if (tables.length === 0) return [];
    try {
      return await readBaseSchema(this.session, tables);
    } catch {
      // One table the account cannot read must not hide the others: read them one by one.
      const definitions: DatabaseTableDefinition[] = [];
      for (const table of tables) {
        try {
          definitions.push(...(await readBaseSchema(this.session, [table])));
        } catch (error) {
          this.notes.push(`the definition of ${tableLabel(table)} could not be read from ${this.description}: ${(error as Error).message}`);
        }
      }
      return definitions;
    }
  }

  /** The AUTO_INCREMENT figures of one table, with the first taken value at or above the counter and whether it is a grouped sequence. */
  private async readAutoIncrement(serverName: Required<TableName>, asWritten: TableName): Promise<LiveAutoIncrementFact | undefined> {
    try {
      return await this.session.readSnapshot(async () => {
        const figures = await probeAutoIncrement(this.session, serverName);
        if (!figures) return undefined;
        const leading = await this.session.select(
          'SELECT COUNT(*) AS n FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND COLUMN_NAME = ? AND SEQ_IN_INDEX = 1',
          [serverName.schema, serverName.name, figures.column],
        );
        const fact: LiveAutoIncrementFact = { table: asWritten, figures: { ...figures, table: asWritten }, groupedSequence: Number(leading[0]?.n ?? 0) === 0 };
        if (figures.nextValue !== undefined && figures.maxValue !== undefined && figures.nextValue <= figures.maxValue) {
          const rows = await this.session.select(
            `SELECT MIN(${quoteIdentifier(figures.column)}) AS v FROM ${this.session.qualify(serverName)} WHERE ${quoteIdentifier(figures.column)} >= ?`,
            [figures.nextValue.toString()],
          );
          const value = rows[0]?.v;
          if (value !== null && value !== undefined) fact.firstTakenAtOrAboveNext = BigInt(String(value));
        }
        return fact;
      });
    } catch (error) {
      this.notes.push(`the AUTO_INCREMENT figures of ${tableLabel(asWritten)} could not be read: ${(error as Error).message}`);
      return undefined;
    }
  }

  private async readEstimatedRows(definitions: DatabaseTableDefinition[]): Promise<void> {
    for (const definition of definitions) {
      try {
        const rows = await this.session.select(
          'SELECT TABLE_ROWS AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?',
          [definition.table.schema, definition.table.name],
        );
        const n = rows[0]?.n;
        if (n !== null && n !== undefined) this.estimatedRows.set(this.key(definition.table), Number(n));
      } catch {
        // Without the estimate the probe runs (bounded by the timeout) and progress names the table only.
      }
    }
  }

  /** What the server says the pool's connections are doing (information_schema.PROCESSLIST; see src/live/progress.ts). */
  private async readServerProgress(ids: number[]): Promise<Map<number, ServerProgress>> {
    const monitor = await this.pool.monitor();
    const placeholders = ids.map(() => '?').join(', ');
    const mariadb = this.server.flavor === 'mariadb';
    const rows = await monitor.select(
      mariadb
        ? `SELECT ID AS id, STATE AS state, EXAMINED_ROWS AS examined, STAGE AS stage, MAX_STAGE AS max_stage, PROGRESS AS progress FROM information_schema.PROCESSLIST WHERE ID IN (${placeholders})`
        : `SELECT ID AS id, STATE AS state FROM information_schema.PROCESSLIST WHERE ID IN (${placeholders})`,
      ids,
    );
    const progress = new Map<number, ServerProgress>();
    for (const row of rows) {
      const entry: ServerProgress = {};
      if (typeof row.state === 'string' && row.state !== '') entry.state = row.state;
      if (mariadb) {
        const examined = Number(row.examined ?? 0);
        if (examined > 0) entry.examinedRows = examined;
        const maxStage = Number(row.max_stage ?? 0);
        if (maxStage > 0) entry.stage = { stage: Number(row.stage ?? 0), maxStage, percent: Number(row.progress ?? 0) };
      }
      progress.set(Number(row.id), entry);
    }
    return progress;
  }

  /**
   * Probes the key of every `add-unique-key` diagnostic of `files` and attaches the evidence
   * (module docstring, step 3). Diagnostics of files that `prepareSet` did not see are left alone.
   * Changes severities in place; the caller recomputes the run summary afterwards.
   */
  async attach(files: FileLintResult[]): Promise<void> {
    const jobs: LiveJob[] = [];
    const dropped = new Set<Diagnostic>();
    for (const file of files) {
      const set = this.sets.get(file.path);
      if (!set) continue;
      const position = set.uses.findIndex((use) => use.path === file.path);
      // A dump's rows are checked once, by the dump-restore finding of their table: the
      // duplicate-key-in-inserted-rows candidates for the same table would repeat that check.
      const restored = new Set(
        file.diagnostics.filter((diagnostic) => diagnostic.ruleId === DUMP_RESTORE_RULE && diagnostic.data?.liveRows).map((diagnostic) => this.key((diagnostic.data as { table: TableName }).table)),
      );
      for (const diagnostic of file.diagnostics) {
        if (restored.size > 0 && diagnostic.ruleId === 'duplicate-key-in-inserted-rows' && (diagnostic.data as { liveOnly?: boolean; table?: TableName } | undefined)?.liveOnly === true) {
          const table = (diagnostic.data as { table?: TableName }).table;
          if (table && restored.has(this.key(table))) {
            dropped.add(diagnostic);
            continue;
          }
        }
        const probed =
          INSERT_PROBE_RULES.has(diagnostic.ruleId) ||
          STATEMENT_PROBE_RULES.has(diagnostic.ruleId) ||
          ((diagnostic.ruleId === ADD_UNIQUE_KEY || diagnostic.ruleId === ONLINE_SCHEMA_CHANGE_UNIQUE) && uniqueKeyData(diagnostic) !== undefined);
        if (probed) jobs.push({ diagnostic, set, position });
      }
    }
    await runByTable(this.pool, jobs, (job) => this.probedTableKey(job), this.concurrency, async (job, session) => {
      if (await this.runJob(job, session)) dropped.add(job.diagnostic);
    });
    if (this.pool.notes.length > 0) this.notes.push(...this.pool.notes.splice(0));
    for (const job of jobs) {
      const verdict = job.diagnostic.live?.verdict;
      if (verdict === 'fails' || verdict === 'passes') this.decided += 1;
    }
    if (dropped.size === 0) return;
    for (const file of files) file.diagnostics = file.diagnostics.filter((diagnostic) => !dropped.has(diagnostic));
  }

  /** The table a check reads (after the file's `USE`), by which checks are kept on one connection. */
  private probedTableKey(job: LiveJob): string {
    const table = (job.diagnostic.data as { table?: TableName } | undefined)?.table;
    if (!table || typeof table.name !== 'string') return '';
    const fileSession = sessionBefore(job.set.uses[job.position]!, job.diagnostic.range.start.offset);
    return this.key(this.inFileDatabase(table, fileSession));
  }

  /** Runs one check on `session`; returns true when its diagnostic is to be removed. */
  private async runJob(job: LiveJob, session: LiveSession): Promise<boolean> {
    const { diagnostic, set, position } = job;
    const lost = this.pool.lost;
    if (lost) {
      diagnostic.live = { verdict: 'unknown', reason: `not checked: the connection to ${this.description} was lost earlier in the run (${lost.reason})` };
      return INSERT_PROBE_RULES.has(diagnostic.ruleId) && (diagnostic.data as { liveOnly?: boolean } | undefined)?.liveOnly === true;
    }
    if (INSERT_PROBE_RULES.has(diagnostic.ruleId) || STATEMENT_PROBE_RULES.has(diagnostic.ruleId)) return this.attachInsertProbe(diagnostic, set, position, session);
    await this.attachOne(diagnostic, uniqueKeyData(diagnostic)!, set, position, session);
    return false;
  }

  /** Runs `work` on `session`, with the plans of its queries when `explain` is on, under the progress line. */
  private async probeWith<T>(session: LiveSession, table: TableName, estimatedRows: number | undefined, work: () => Promise<T>): Promise<{ result: T; plans?: LiveEvidence['plan'] }> {
    const label = tableLabel(table);
    const probe = { label, ...(estimatedRows !== undefined ? { estimatedRows } : {}), ...(session.connectionId !== undefined ? { connectionId: session.connectionId } : {}) };
    // One bound for the whole probe: its statements together stop within the timeout.
    return this.progress.track(probe, () =>
      session.withinDeadline(session.timeoutMs, async () => {
        if (!this.options.explain) return { result: await work() };
        const { result, plans } = await session.recordPlans(work);
        return { result, plans };
      }),
    );
  }

  /**
   * The live check of a rule about written rows (src/live/insert-probes.ts). An earlier statement
   * of the linted files that creates or renames the table, or changes its rows, makes the
   * database's rows stale for the check (earlier literal INSERTs are compared statically, so
   * they do not count for duplicate-key-in-inserted-rows). Returns true when the diagnostic is a
   * live-only candidate the check cleared, to be removed.
   */
  private async attachInsertProbe(diagnostic: Diagnostic, set: SetState, position: number, session: LiveSession): Promise<boolean> {
    const table = (diagnostic.data as { table?: TableName } | undefined)?.table;
    if (!table || typeof table.name !== 'string') return false;
    const offset = diagnostic.range.start.offset;
    const wanted = this.key(table);
    // Earlier literal INSERTs are compared statically by duplicate-key-in-inserted-rows; a dump's
    // CREATE TABLE IF NOT EXISTS leaves an existing table and its rows as they are.
    const ignored =
      diagnostic.ruleId === 'duplicate-key-in-inserted-rows'
        ? new Set(['insert', 'replace'])
        : diagnostic.ruleId === DUMP_RESTORE_RULE && (diagnostic.data as { keptIfExisting?: boolean }).keptIfExisting === true
          ? new Set(['create'])
          : new Set<string>();
    // The latest earlier change of the table, and the latest one that makes it a table the database lacks.
    let prior: { change: TableChange; path: string } | undefined;
    let absent: { change: TableChange; path: string } | undefined;
    for (let index = position; index >= 0 && !absent; index--) {
      const candidate = set.uses[index]!;
      const changes = candidate.changes.filter(
        (change) => (index !== position || change.endOffset <= offset) && this.key(change.table) === wanted && !ignored.has(change.kind),
      );
      const last = changes[changes.length - 1];
      if (last && !prior) prior = { change: last, path: candidate.path };
      const structural = changes.filter((change) => change.kind === 'create' || change.kind === 'rename');
      const lastStructural = structural[structural.length - 1];
      if (lastStructural) absent = { change: lastStructural, path: candidate.path };
    }
    const describe = (entry: { change: TableChange; path: string }): string =>
      `${describeChange(entry.change)} ${entry.path === set.uses[position]!.path ? 'earlier in this file' : `in ${entry.path}, linted before this file`}, ` +
      'so the database does not hold the rows the statement will meet';
    // The file's `USE db` names the database the statement acts on: the check reads that table.
    const fileSession = sessionBefore(set.uses[position]!, offset);
    const resolved = this.inFileDatabase(table, fileSession);
    const target: Diagnostic = resolved === table ? diagnostic : { ...diagnostic, data: { ...diagnostic.data, table: resolved } };
    const estimatedRows = this.estimatedRows.get(this.key(resolved));
    if (resolved !== table && (diagnostic.ruleId === 'insert-select-without-dedup' || diagnostic.ruleId === 'update-unique-key')) {
      // Their SELECT, SET and WHERE may name other tables without a database, which the file's
      // `USE` resolves and the check's session would not.
      diagnostic.live = {
        verdict: 'unknown',
        reason: `not checked: the file's USE \`${resolved.schema}\` is not the database of the live connection (${this.session.database}), and the statement's own table names would be read in the wrong one`,
      };
      return false;
    }
    if (STATEMENT_PROBE_RULES.has(diagnostic.ruleId)) {
      // src/live/statement-probes.ts: some verdicts follow from the definition whatever the rows.
      const options = this.probeOptions(fileSession);
      const settings = { sqlMode: (options.sqlMode ?? this.server.sqlMode).toUpperCase(), ...(options.timeZone !== undefined ? { timeZone: options.timeZone } : {}) };
      // The UPDATE check copies the key columns of every row (src/live/statement-probes.ts); the
      // other statement checks read the definition or a bounded count.
      const skipped = diagnostic.ruleId === 'update-unique-key' && !absent && !prior ? this.overBudget(estimatedRows) : undefined;
      if (skipped) {
        diagnostic.live = skipped;
        return false;
      }
      const { result: outcome, plans } = await this.probeWith(session, resolved, estimatedRows, () =>
        probeStatementDiagnostic(session, target, {
          ...(absent ? { absent: describe(absent) } : {}),
          ...(prior ? { stale: describe(prior) } : {}),
          settings,
          options,
        }),
      );
      if (outcome) {
        diagnostic.live = plans && plans.length > 0 ? { ...outcome.evidence, plan: plans } : outcome.evidence;
        if (outcome.severity) diagnostic.severity = outcome.severity;
      }
      return false;
    }
    if (absent) {
      diagnostic.live = { verdict: 'unknown', reason: `not checked: ${describe(absent)}` };
      return (diagnostic.data as { liveOnly?: boolean }).liveOnly === true;
    }
    if (diagnostic.ruleId === 'insert-select-without-dedup' && this.maxRows > 0) {
      // The check reads what the SELECT reads (src/live/insert-probes.ts), whatever the size of
      // the table it inserts into: the budget applies to the server's estimate of that.
      const skipped = this.overBudget(await selectedRowsEstimate(session, target.data as Record<string, unknown> | undefined), 'EXPLAIN of the SELECT');
      if (skipped) {
        diagnostic.live = skipped;
        return false;
      }
    }
    const stale = prior ? describe(prior) : undefined;
    const options = this.probeOptions(fileSession);
    const settings = { ...(options.sqlMode !== undefined ? { sqlMode: options.sqlMode } : {}), ...(options.timeZone !== undefined ? { timeZone: options.timeZone } : {}) };
    const { result: outcome, plans } = await this.probeWith(session, resolved, estimatedRows, () => probeInsertDiagnostic(session, target, stale, settings));
    if (!outcome) return false;
    if (outcome.drop) return true;
    diagnostic.live = plans && plans.length > 0 ? { ...outcome.evidence, plan: plans } : outcome.evidence;
    if (outcome.severity) diagnostic.severity = outcome.severity;
    return false;
  }

  /**
   * The `unknown` evidence of a check that would read more rows than the row budget
   * (`--live-max-rows`) by the server's estimate (`source` names where the estimate comes from),
   * or undefined when the check may run (no budget, no estimate, or within it).
   */
  private overBudget(estimatedRows: number | undefined, source = 'information_schema.TABLES.TABLE_ROWS'): LiveEvidence | undefined {
    if (!(this.maxRows > 0 && estimatedRows !== undefined && estimatedRows > this.maxRows)) return undefined;
    return {
      verdict: 'unknown',
      estimatedRows,
      reason:
        `about ${withThousandsSeparators(estimatedRows)} rows, over --live-max-rows ${withThousandsSeparators(this.maxRows)}: not checked, no row was read ` +
        `(the estimate is the server's ${source}); to check it, raise --live-max-rows (or "live": {"maxRows"}), or give 0 for no budget, preferably against a replica`,
    };
  }

  private async attachOne(diagnostic: Diagnostic, data: UniqueKeyData, set: SetState, position: number, session: LiveSession): Promise<void> {
    // A runbook's statements are read from the SQL its invocations make, not from the file's text.
    const offset = typeof data.sqlOffset === 'number' ? data.sqlOffset : diagnostic.range.start.offset;
    const use = set.uses[position]!;
    const keyColumns = new Set(data.keyParts.flatMap((part) => [part.column, part.sourceColumn ?? part.column]).map((name) => name.toLowerCase()));
    const tableKeyOfDiagnostic = this.key(data.table);
    const earlier = (change: TableChange, sameFile: boolean): boolean =>
      (!sameFile || change.endOffset <= offset) &&
      this.key(change.table) === tableKeyOfDiagnostic &&
      (change.kind !== 'alter-columns' || change.columns.some((column) => column === '*' || keyColumns.has(column.toLowerCase())));
    let prior: { change: TableChange; path: string } | undefined;
    for (let index = position; index >= 0 && !prior; index--) {
      const candidate = set.uses[index]!;
      const changes = candidate.changes.filter((change) => earlier(change, index === position));
      const last = changes[changes.length - 1];
      if (last) prior = { change: last, path: candidate.path };
    }
    if (prior) {
      const where = prior.path === use.path ? 'earlier in this file' : `in ${prior.path}, linted before this file`;
      diagnostic.live = {
        verdict: 'unknown',
        reason:
          `not checked: ${describeChange(prior.change)} ${where}, so the database does not hold the rows this key will be built over ` +
          `(the migration's statements are never run by uniqlint)`,
      };
      return;
    }

    const written = use.writtenCharsets.find((statement) => statement.startOffset <= offset && offset < statement.endOffset);
    const parts: ProbeKeyPart[] = data.keyParts.map((part) => {
      const probePart: ProbeKeyPart = { column: part.column };
      if (part.sourceColumn !== undefined && part.sourceColumn !== part.column) probePart.sourceColumn = part.sourceColumn;
      if (part.prefixLength !== undefined) probePart.prefixLength = part.prefixLength;
      if (part.expression !== undefined) probePart.expression = part.expression;
      if (part.added) probePart.added = true;
      if (part.after) {
        const explicit = written?.columns.get(part.column.toLowerCase());
        const charset = explicit && (explicit.charset || explicit.collation) ? explicit : written?.convert;
        probePart.after = probeColumn(part.after, charset);
      }
      return probePart;
    });
    const fileSession = sessionBefore(use, offset);
    const probe: UniqueKeyProbe = { table: this.inFileDatabase(data.table, fileSession), keyName: data.key.name, primary: data.key.primary, parts };
    const guarded = use.ifNotExistsKeys.find((statement) => statement.startOffset <= offset && offset < statement.endOffset);
    if (guarded?.names.has(data.key.name.toLowerCase()) && (await this.indexExists(session, probe.table, data.key.name))) {
      diagnostic.live = {
        verdict: 'passes',
        reason: `a key named \`${data.key.name}\` already exists on the table, so ADD ... IF NOT EXISTS does nothing (MariaDB note 1061) and no row is checked`,
      };
      diagnostic.severity = 'info';
      return;
    }
    const estimatedRows = this.estimatedRows.get(this.key(probe.table));
    const skipped = this.overBudget(estimatedRows);
    if (skipped) {
      diagnostic.live = skipped;
      return;
    }
    const options = this.probeOptions(fileSession);
    // ALTER IGNORE turns conversion errors into warnings (the value is clipped) and deletes
    // duplicates: its rows convert as in non-strict mode (verified on MariaDB 10.11).
    // INSERT IGNORE, with which online schema-change tools copy the rows, does the same.
    if (data.ignore || data.outcome !== undefined) options.strict = false;
    const { result, plans } = await this.probeWith(session, probe.table, estimatedRows, () => probeUniqueKey(session, probe, options));
    const evidence: LiveEvidence = { ...result.evidence };
    if (estimatedRows !== undefined) evidence.estimatedRows = estimatedRows;
    if (plans) evidence.plan = plans;
    if (fileSession.sqlMode === 'unknown') {
      evidence.reason = `${evidence.reason ?? ''}; the file sets sql_mode to an expression, so the server's global sql_mode was used`.replace(/^; /, '');
    }
    if (data.ignore && result.outcome === 'duplicates') {
      evidence.verdict = 'passes';
      evidence.reason = `ALTER IGNORE does not fail: it keeps the first row of each duplicate group and deletes the others: ${droppedRows(result, 'deleted')}; ${evidence.reason ?? ''}`.replace(/; $/, '');
      diagnostic.live = evidence;
      return;
    }
    if (data.outcome !== undefined) {
      diagnostic.live = onlineSchemaChangeEvidence(data, result, evidence);
      if (data.outcome !== 'refuses') {
        if (diagnostic.live.verdict === 'fails') diagnostic.severity = 'error';
        else if (diagnostic.live.verdict === 'passes') diagnostic.severity = 'info';
      }
      return;
    }
    diagnostic.live = evidence;
    if (evidence.verdict === 'fails') diagnostic.severity = 'error';
    else if (evidence.verdict === 'passes') diagnostic.severity = 'info';
  }

  /** Whether the table has an index named `name` now (information_schema.STATISTICS; index names are case-insensitive). */
  private async indexExists(session: LiveSession, table: TableName, name: string): Promise<boolean> {
    try {
      const rows = await session.select(
        'SELECT 1 AS found FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND LOWER(INDEX_NAME) = LOWER(?) LIMIT 1',
        [table.schema ?? session.database, table.name, name],
      );
      return rows.length > 0;
    } catch {
      return false;
    }
  }

  /** An unqualified table name in the database of the file's `USE`, when that is not the session's. */
  private inFileDatabase(table: TableName, fileSession: FileSessionState): TableName {
    if (table.schema !== undefined || fileSession.database === undefined) return table;
    if (fileSession.database.toLowerCase() === this.session.database.toLowerCase()) return table;
    return { schema: fileSession.database, name: table.name };
  }

  /** Probe options from the file's session: its sql_mode and time_zone when it sets them. */
  private probeOptions(fileSession: FileSessionState): ProbeOptions {
    const options: ProbeOptions = { ...this.options.probe };
    if (fileSession.sqlMode !== undefined && fileSession.sqlMode !== 'unknown') options.sqlMode = fileSession.sqlMode;
    if (fileSession.timeZone !== undefined && fileSession.timeZone !== 'unknown') options.timeZone = fileSession.timeZone;
    return options;
  }
}

/** Marks every table the model knows (just replayed from the database's definitions) as coming from the database. */
function markFromDatabase(schema: SchemaModel): void {
  for (const state of [...schema.tables()]) {
    if (state.origin !== 'database') schema.putTable({ ...state, origin: 'database' });
  }
}

export type { LiveConfigSettings };

/** Where live mode's settings come from: flags, configuration, environment. */
export interface LiveSettingsSources {
  /** `--live [url]`: undefined when the flag is absent, `''` when given without a URL. */
  flagUrl?: string;
  /** `--live-timeout <seconds>`. */
  flagTimeoutSeconds?: number;
  /** `--live-max-rows <n>`. */
  flagMaxRows?: number;
  /** `--live-concurrency <n>`. */
  flagConcurrency?: number;
  /** `--live-explain`. */
  flagExplain?: boolean;
  /** `--live-replay-history`. */
  replayHistory?: boolean;
  config?: LiveConfigSettings;
  env?: NodeJS.ProcessEnv;
  progress?: ProgressStream;
}

/**
 * Opens live mode when it is asked for, else resolves to undefined. Live mode is on when `--live`
 * is given; without the flag, when the configuration says `enabled: true` or gives a `url`, or
 * when `UNIQLINT_DATABASE_URL` is set (unless the configuration says `enabled: false`). The URL is the flag's, else `UNIQLINT_DATABASE_URL`, else the configuration's.
 * The timeout, row budget, concurrency and EXPLAIN come from the flags, else the configuration,
 * else the defaults (`resolveLiveLimits`, src/live/settings.ts).
 *
 * @throws LiveConnectionError (exit code 2) when live mode is on but no URL is given, a flag's
 *   value is out of range, or the connection fails (see `LiveRun.open`).
 */
export async function openLiveRun(sources: LiveSettingsSources): Promise<LiveRun | undefined> {
  const env = sources.env ?? process.env;
  if (!liveModeRequested({ ...sources, env })) return undefined;
  const url = resolveLiveUrl(sources.flagUrl, env) ?? (sources.config?.url || undefined);
  if (url === undefined) {
    throw new LiveConnectionError(`live mode needs a target: --live mysql://user@host:port/database or ${DATABASE_URL_ENV}`);
  }
  const limits = resolveLiveLimits(
    {
      ...(sources.flagTimeoutSeconds !== undefined ? { timeoutSeconds: sources.flagTimeoutSeconds } : {}),
      ...(sources.flagMaxRows !== undefined ? { maxRows: sources.flagMaxRows } : {}),
      ...(sources.flagConcurrency !== undefined ? { concurrency: sources.flagConcurrency } : {}),
      ...(sources.flagExplain !== undefined ? { explain: sources.flagExplain } : {}),
    },
    sources.config,
  );
  const options: LiveRunOptions = { url, env, ...limits };
  if (sources.config?.lockWaitTimeoutSeconds !== undefined) options.lockWaitTimeoutSeconds = sources.config.lockWaitTimeoutSeconds;
  if (sources.replayHistory) options.replayHistory = true;
  if (sources.progress) options.progress = sources.progress;
  return LiveRun.open(options);
}
