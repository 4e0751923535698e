/**
 * Live mode, end to end: the steps a lint run takes with `--live`.
 *
 * 1. `LiveRun.open`: parse the URL, connect (one connection), open the read-only session.
 * 2. `prepareSet`, once per migration set, before any file of it is replayed: find the tables the
 *    linted files mention, read their `SHOW CREATE TABLE` from the target, read the
 *    AUTO_INCREMENT figures of the tables the files act on, and hand the engine a `seed` that
 *    replays the definitions into the schema model (origin `database`) and the facts the
 *    live-only rules read (`context.live`). History files are not replayed: the database is the
 *    history (unless `replayHistory`).
 * 3. `attach`, after linting: for each `add-unique-key` diagnostic, probe the key as it will be
 *    after the statement (src/live/duplicate-probe.ts) and attach the evidence as
 *    `Diagnostic.live`. `fails` raises the severity to error, `passes` lowers it to info, `unknown`
 *    keeps it and says why. A key over a table whose rows or key columns an earlier statement of
 *    the linted files changes is `unknown` without a query: the database does not hold those rows.
 *
 * Nothing here sends SQL itself except through `LiveSession` (SELECT, SHOW, session settings,
 * read-only transactions); the migration's own statements are never executed.
 */
import type { Diagnostic } from '../diagnostic.js';
import type { FileLintResult, MigrationLinter } from '../engine/lint.js';
import type { Dialect, LiveAutoIncrementFact, LiveRuleFacts } from '../rule.js';
import type { ColumnState } from '../schema/types.js';
import type { SchemaModel } from '../schema/model.js';
import type { TableName } from '../statement.js';
import type { RiskKeyPart } from '../analysis/unique-key-risks.js';
import { probeAutoIncrement } from './auto-increment-probe.js';
import { connectLive, DATABASE_URL_ENV, describeTarget, LiveConnectionError, parseLiveUrl, resolveLiveUrl, type LiveConnection, type ServerInfo } from './connection.js';
import { probeUniqueKey, type ProbeColumnDefinition, type ProbeKeyPart, type ProbeOptions, type UniqueKeyProbe } from './duplicate-probe.js';
import { baseSchemaSql, readBaseSchema, type DatabaseTableDefinition } from './schema-source.js';
import { DEFAULT_PROBE_TIMEOUT_MS, LiveSession, quoteIdentifier, type FileSessionState } from './session.js';
import { liveModeRequested, type LiveConfigSettings } from './settings.js';
import { sessionBefore, tableKey, tableUseOf, type FileTableUse, type TableChange, type WrittenCharset } from './touched-tables.js';
import { INSERT_PROBE_RULES, probeInsertDiagnostic } from './insert-probes.js';
import { probeStatementDiagnostic, STATEMENT_PROBE_RULES } from './statement-probes.js';
import { withThousandsSeparators } from '../analysis/sql-text.js';

/** A stream progress lines may go to (stderr). Progress is shown only when `isTTY` is true. */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** Options of a live run. */
export interface LiveRunOptions {
  /** `mysql://user:password@host:port/database` (already resolved from the flag or the environment). */
  url: string;
  /** Bound of each probe query in milliseconds; default 30 000. */
  timeoutMs?: number;
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
}

interface SetState {
  dialect: Dialect;
  /** Files in lint order. */
  uses: FileTableUse[];
}

const ADD_UNIQUE_KEY = 'add-unique-key';

/** How long a probe runs before progress is shown, in milliseconds. */
const PROGRESS_DELAY_MS = 1_000;


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

/** Whether an object looks like the `add-unique-key` data this module reads. */
interface UniqueKeyData {
  table: TableName;
  key: { name: string; primary: boolean };
  keyParts: RiskKeyPart[];
  ignore?: boolean;
}

function uniqueKeyData(diagnostic: Diagnostic): UniqueKeyData | undefined {
  const data = diagnostic.data as Partial<UniqueKeyData> | undefined;
  if (!data || typeof data !== 'object') return undefined;
  if (!data.table || typeof data.table.name !== 'string') return undefined;
  if (!data.key || typeof data.key.name !== 'string') return undefined;
  if (!Array.isArray(data.keyParts) || data.keyParts.length === 0) return undefined;
  return data as UniqueKeyData;
}

/**
 * The probe's column definition from the model's state after the statement. The character set
 * and collation are the ones the statement writes (`written`), not the model's resolution of
 * defaults: the server resolves an unwritten collation (table default, charset default) itself.
 */
function probeColumn(state: ColumnState, written: WrittenCharset | undefined): ProbeColumnDefinition {
  const column: ProbeColumnDefinition = { type: state.type, nullable: state.nullable };
  if (written?.charset) column.charset = written.charset;
  if (written?.collation) column.collation = written.collation;
  if (state.default) column.default = state.default;
  if (state.autoIncrement) column.autoIncrement = true;
  if (state.generated) column.generated = state.generated;
  return column;
}

/**
 * One live run: a connection and read-only session shared by every migration set of a lint run.
 * Not safe for concurrent use.
 */
export class LiveRun {
  /** Problems that did not stop the run (a table whose definition could not be read...), for stderr. */
  readonly notes: string[] = [];
  private readonly sets = new Map<string, SetState>();
  private readonly estimatedRows = new Map<string, number>();
  /** Live verdicts decided (`fails` or `passes`) and AUTO_INCREMENT figures read so far. */
  private decided = 0;

  private constructor(
    private readonly live: LiveConnection,
    /** The read-only session probes go through. */
    readonly session: LiveSession,
    private readonly options: LiveRunOptions,
  ) {}

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
        timeoutMs: options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS,
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
    const lost = this.session.lost;
    return lost ? { reason: lost.reason, decidedBefore: this.decided } : undefined;
  }

  /** Closes the connection. Idempotent. */
  async close(): Promise<void> {
    await this.live.close();
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
    for (const use of uses) {
      for (const mention of use.mentions) {
        // After the file's `USE db`, an unqualified name is a table of that database.
        const table = this.inFileDatabase(mention.table, sessionBefore(use, mention.firstStatementOffset));
        const key = this.key(table);
        let entry = mentioned.get(key);
        if (!entry) {
          entry = { table };
          mentioned.set(key, entry);
        }
        if (!entry.anchor && mention.firstTouchOffset !== undefined) entry.anchor = { path: use.path, offset: mention.firstTouchOffset };
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
    if (this.options.progress?.isTTY) await this.readEstimatedRows(definitions);

    const baseSql = baseSchemaSql(definitions);
    return {
      facts: {
        autoIncrementAt: (filePath, statementOffset) => factsAt.get(`${filePath}\u0000${statementOffset}`) ?? [],
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
        // Progress is a courtesy; without the estimate it names the table only.
      }
    }
  }

  /**
   * Probes the key of every `add-unique-key` diagnostic of `files` and attaches the evidence
   * (module docstring, step 3). Diagnostics of files that `prepareSet` did not see are left alone.
   * Changes severities in place; the caller recomputes the run summary afterwards.
   */
  async attach(files: FileLintResult[]): Promise<void> {
    for (const file of files) {
      const set = this.sets.get(file.path);
      if (!set) continue;
      const position = set.uses.findIndex((use) => use.path === file.path);
      const dropped = new Set<Diagnostic>();
      for (const diagnostic of file.diagnostics) {
        const rowRule = INSERT_PROBE_RULES.has(diagnostic.ruleId) || STATEMENT_PROBE_RULES.has(diagnostic.ruleId);
        const probed = rowRule || (diagnostic.ruleId === ADD_UNIQUE_KEY && uniqueKeyData(diagnostic) !== undefined);
        if (!probed) continue;
        const lost = this.session.lost;
        if (lost) {
          diagnostic.live = { verdict: 'unknown', reason: `not checked: the connection to ${this.description} was lost earlier in the run (${lost.reason})` };
          if (INSERT_PROBE_RULES.has(diagnostic.ruleId) && (diagnostic.data as { liveOnly?: boolean } | undefined)?.liveOnly === true) dropped.add(diagnostic);
          continue;
        }
        if (rowRule) {
          if (await this.attachInsertProbe(diagnostic, set, position)) dropped.add(diagnostic);
        } else {
          await this.attachOne(diagnostic, uniqueKeyData(diagnostic)!, set, position);
        }
        const verdict = diagnostic.live?.verdict;
        if (verdict === 'fails' || verdict === 'passes') this.decided += 1;
      }
      if (dropped.size > 0) file.diagnostics = file.diagnostics.filter((diagnostic) => !dropped.has(diagnostic));
    }
  }

  /**
   * The live check of a rule about written rows (src/live/insert-probes.ts). An earlier statement
   * of the linted files that creates or renames the table, or changes its rows, makes the
   * database's rows stale for the check (earlier literal INSERTs are compared statically, so
   * they do not count for duplicate-key-in-inserted-rows). Returns true when the diagnostic is a
   * live-only candidate the check cleared, to be removed.
   */
  private async attachInsertProbe(diagnostic: Diagnostic, set: SetState, position: number): Promise<boolean> {
    const table = (diagnostic.data as { table?: TableName } | undefined)?.table;
    if (!table || typeof table.name !== 'string') return false;
    const offset = diagnostic.range.start.offset;
    const wanted = this.key(table);
    const ignored = diagnostic.ruleId === 'duplicate-key-in-inserted-rows' ? new Set(['insert', 'replace']) : new Set<string>();
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
    if (STATEMENT_PROBE_RULES.has(diagnostic.ruleId)) {
      // src/live/statement-probes.ts: some verdicts follow from the definition whatever the rows.
      const fileSession = sessionBefore(set.uses[position]!, offset);
      const options = this.probeOptions(fileSession);
      const settings = { sqlMode: (options.sqlMode ?? this.server.sqlMode).toUpperCase(), ...(options.timeZone !== undefined ? { timeZone: options.timeZone } : {}) };
      const outcome = await this.withProgress(table, () =>
        probeStatementDiagnostic(this.session, diagnostic, {
          ...(absent ? { absent: describe(absent) } : {}),
          ...(prior ? { stale: describe(prior) } : {}),
          settings,
          options,
        }),
      );
      if (outcome) {
        diagnostic.live = outcome.evidence;
        if (outcome.severity) diagnostic.severity = outcome.severity;
      }
      return false;
    }
    if (absent) {
      diagnostic.live = { verdict: 'unknown', reason: `not checked: ${describe(absent)}` };
      return (diagnostic.data as { liveOnly?: boolean }).liveOnly === true;
    }
    const stale = prior ? describe(prior) : undefined;
    const fileSession = sessionBefore(set.uses[position]!, offset);
    const options = this.probeOptions(fileSession);
    const settings = { ...(options.sqlMode !== undefined ? { sqlMode: options.sqlMode } : {}), ...(options.timeZone !== undefined ? { timeZone: options.timeZone } : {}) };
    const outcome = await this.withProgress(table, () => probeInsertDiagnostic(this.session, diagnostic, stale, settings));
    if (!outcome) return false;
    if (outcome.drop) return true;
    diagnostic.live = outcome.evidence;
    if (outcome.severity) diagnostic.severity = outcome.severity;
    return false;
  }

  private async attachOne(diagnostic: Diagnostic, data: UniqueKeyData, set: SetState, position: number): Promise<void> {
    const offset = diagnostic.range.start.offset;
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
    if (guarded?.names.has(data.key.name.toLowerCase()) && (await this.indexExists(probe.table, data.key.name))) {
      diagnostic.live = {
        verdict: 'passes',
        reason: `a key named \`${data.key.name}\` already exists on the table, so ADD ... IF NOT EXISTS does nothing (MariaDB note 1061) and no row is checked`,
      };
      diagnostic.severity = 'info';
      return;
    }
    const options = this.probeOptions(fileSession);
    // ALTER IGNORE turns conversion errors into warnings (the value is clipped) and deletes
    // duplicates: its rows convert as in non-strict mode (verified on MariaDB 10.11).
    if (data.ignore) options.strict = false;
    const result = await this.withProgress(data.table, () => probeUniqueKey(this.session, probe, options));
    const evidence = { ...result.evidence };
    if (fileSession.sqlMode === 'unknown') {
      evidence.reason = `${evidence.reason ?? ''}; the file sets sql_mode to an expression, so the server's global sql_mode was used`.replace(/^; /, '');
    }
    if (data.ignore && result.outcome === 'duplicates') {
      evidence.verdict = 'passes';
      evidence.reason = `ALTER IGNORE does not fail: it keeps the first row of each duplicate group and deletes the others; ${evidence.reason ?? ''}`.replace(/; $/, '');
      diagnostic.live = evidence;
      return;
    }
    diagnostic.live = evidence;
    if (evidence.verdict === 'fails') diagnostic.severity = 'error';
    else if (evidence.verdict === 'passes') diagnostic.severity = 'info';
  }

  /** Whether the table has an index named `name` now (information_schema.STATISTICS; index names are case-insensitive). */
  private async indexExists(table: TableName, name: string): Promise<boolean> {
    try {
      const rows = await this.session.select(
        'SELECT 1 AS found FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND LOWER(INDEX_NAME) = LOWER(?) LIMIT 1',
        [table.schema ?? this.session.database, table.name, name],
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
    const options: ProbeOptions = {};
    if (fileSession.sqlMode !== undefined && fileSession.sqlMode !== 'unknown') options.sqlMode = fileSession.sqlMode;
    if (fileSession.timeZone !== undefined && fileSession.timeZone !== 'unknown') options.timeZone = fileSession.timeZone;
    return options;
  }

  /** Runs `work`; when it takes longer than a second and progress goes to a TTY, shows the table and its estimated rows. */
  private async withProgress<T>(table: TableName, work: () => Promise<T>): Promise<T> {
    const stream = this.options.progress;
    if (!stream?.isTTY) return work();
    let shown = false;
    const timer = setTimeout(() => {
      shown = true;
      const estimate = this.estimatedRows.get(this.key(table));
      stream.write(`uniqlint: live check of ${tableLabel(table)}${estimate !== undefined ? ` (about ${withThousandsSeparators(estimate)} rows)` : ''}…`);
    }, this.options.progressDelayMs ?? PROGRESS_DELAY_MS);
    try {
      return await work();
    } finally {
      clearTimeout(timer);
      if (shown) stream.write('\r\u001b[K');
    }
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
 * The timeout is `--live-timeout` (seconds), else the configuration's `timeoutMs`, else 30 s.
 *
 * @throws LiveConnectionError (exit code 2) when live mode is on but no URL is given, the timeout
 *   is not a positive number, or the connection fails (see `LiveRun.open`).
 */
export async function openLiveRun(sources: LiveSettingsSources): Promise<LiveRun | undefined> {
  const env = sources.env ?? process.env;
  if (!liveModeRequested({ ...sources, env })) return undefined;
  const url = resolveLiveUrl(sources.flagUrl, env) ?? (sources.config?.url || undefined);
  if (url === undefined) {
    throw new LiveConnectionError(`live mode needs a target: --live mysql://user@host:port/database or ${DATABASE_URL_ENV}`);
  }
  let timeoutMs = sources.config?.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  if (sources.flagTimeoutSeconds !== undefined) {
    if (!Number.isFinite(sources.flagTimeoutSeconds) || sources.flagTimeoutSeconds <= 0) {
      throw new LiveConnectionError(`--live-timeout must be a positive number of seconds, got ${sources.flagTimeoutSeconds}`);
    }
    timeoutMs = Math.round(sources.flagTimeoutSeconds * 1000);
  }
  const options: LiveRunOptions = { url, timeoutMs, env };
  if (sources.config?.lockWaitTimeoutSeconds !== undefined) options.lockWaitTimeoutSeconds = sources.config.lockWaitTimeoutSeconds;
  if (sources.replayHistory) options.replayHistory = true;
  if (sources.progress) options.progress = sources.progress;
  return LiveRun.open(options);
}
