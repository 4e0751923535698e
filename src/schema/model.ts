/**
 * The in-memory schema model: tables, columns, unique keys, indexes and foreign keys, replayed
 * statement by statement from the statement IR (src/statement.ts).
 *
 * The lint engine shows the model to the rules for a statement, then calls `apply` with that
 * statement. `apply` never mutates a `TableState` it has handed out: every change to a table
 * builds a new state object (copy on write), so a rule that keeps a state keeps the table as it
 * stood, and nobody needs to copy the model.
 *
 * Semantics follow MySQL 8.0 (manual 15.1.20 "CREATE TABLE", 15.1.9 "ALTER TABLE", 15.1.15
 * "CREATE INDEX", 15.1.36 "RENAME TABLE", 15.1.32 "DROP TABLE", 15.1.37 "TRUNCATE TABLE",
 * 10.3.5 "Column Character Set and Collation") and MariaDB where it differs (default collation of
 * utf8mb4, JSON as LONGTEXT utf8mb4_bin).
 */
import type { Dialect } from '../rule.js';
import type {
  AlterAction,
  AnalyzedStatement,
  ColumnDefinition,
  ForeignKeyDefinition,
  KeyDefinition,
  KeyPart,
  StatementIR,
  TableName,
  TableOptions,
  DedupeStep,
} from '../statement.js';
import { binaryCollationOf, charsetOfCollation, defaultCollationForCharset, normalizeCharset, normalizeCollation } from './collation.js';
import { isBinaryStringType, isNonBinaryStringType, maxStringLength } from './data-types.js';
import type { ColumnState, IndexState, SchemaView, TableOrigin, TableState, UniqueKeyState } from './types.js';

/** Options of a schema model. */
export interface SchemaModelOptions {
  dialect: Dialect;
  /**
   * Character set of tables that state none (the database default). Default `utf8mb4`.
   */
  defaultCharset?: string;
  /**
   * Collation of tables that state no character set or collation. Default: the default collation
   * of `defaultCharset` on the dialect (MySQL 8: `utf8mb4_0900_ai_ci`, MariaDB:
   * `utf8mb4_general_ci`). It also stands as the default collation of its own character set, like
   * MySQL's `default_collation_for_utf8mb4` and MariaDB's `character_set_collations`.
   */
  defaultCollation?: string;
  /**
   * The collation each character set named without COLLATE means on the target server, when it
   * differs from the dialect's: MySQL `@@default_collation_for_utf8mb4` (MySQL 8.4 manual 7.1.8
   * "Server System Variables"), MariaDB `@@character_set_collations`. Keys are character-set
   * names, e.g. `{ utf8mb4: 'utf8mb4_general_ci' }`. Live mode passes the server's value.
   */
  charsetCollations?: Readonly<Record<string, string>>;
}

/** A statement the model could not replay; recorded instead of thrown. */
export interface ReplayError {
  /** `StatementUnit.index` of the statement. */
  statementIndex: number;
  message: string;
}

/** Internal record of one table: its current state and what a temporary table hides. */
interface TableRecord {
  state: TableState;
  temporary: boolean;
  /** The base table a temporary table of the same name hides until it is dropped. */
  shadows?: TableRecord;
}

/** Draft of a table being changed; the same shape as the state, owned by the model. */
type TableDraft = TableState;

const PRIMARY = 'PRIMARY';

/**
 * The binary string type a non-binary one becomes under `CHARACTER SET binary` (MySQL 8.0 manual
 * 13.3.3 "The BINARY and VARBINARY Types", 15.1.9 "ALTER TABLE", "Changing the Character Set").
 */
const BINARY_COUNTERPART: Readonly<Record<string, string>> = {
  CHAR: 'BINARY',
  VARCHAR: 'VARBINARY',
  TINYTEXT: 'TINYBLOB',
  TEXT: 'BLOB',
  MEDIUMTEXT: 'MEDIUMBLOB',
  LONGTEXT: 'LONGBLOB',
};

/** Statement kinds that can change tables, columns, keys or foreign keys (not only emptiness). */
const SHAPE_CHANGING_KINDS = new Set<StatementIR['kind']>([
  'create-table',
  'alter-table',
  'create-index',
  'drop-index',
  'drop-table',
  'rename-table',
]);

function lower(text: string): string {
  return text.toLowerCase();
}

function sameName(left: string, right: string): boolean {
  return lower(left) === lower(right);
}

/** Reads `db.t`, `` `db`.`t` `` or `t` into a table name. Never throws. */
export function parseTableName(text: string): TableName {
  const parts = text
    .split('.')
    .map((part) => part.trim().replace(/^`(.*)`$/s, '$1').replace(/``/g, '`'));
  if (parts.length >= 2) return { schema: parts[0] ?? '', name: parts.slice(1).join('.') };
  return { name: parts[0] ?? '' };
}

function cloneTable(state: TableState): TableDraft {
  return structuredClone(state);
}

function copyPart(part: KeyPart): KeyPart {
  return { ...part };
}

function copyForeignKey(foreignKey: ForeignKeyDefinition): ForeignKeyDefinition {
  return {
    ...foreignKey,
    columns: [...foreignKey.columns],
    referencedTable: { ...foreignKey.referencedTable },
    referencedColumns: [...foreignKey.referencedColumns],
  };
}

/**
 * The in-memory schema model. Implements `SchemaView` for rules; `apply` replays one statement.
 *
 * Tables are found by lower-cased name (MySQL with `lower_case_table_names=1`); a schema
 * qualifier is ignored while the statements name at most one schema, and distinguishes tables
 * once two schemas have been seen. Columns and index names compare case-insensitively
 * (MySQL 8.0 manual 11.2.3 "Identifier Case Sensitivity").
 */
export class SchemaModel implements SchemaView {
  readonly dialect: Dialect;
  /** Character set of tables that state none, normalised (`utf8` → `utf8mb3`). */
  readonly defaultCharset: string;
  /** Collation of tables that state no character set or collation, normalised. */
  readonly defaultCollation: string | undefined;
  /** Statements that raised an internal error while replaying; `apply` records them instead of throwing. */
  readonly replayErrors: ReplayError[] = [];

  private readonly records = new Map<string, TableRecord[]>();
  private readonly schemasSeen = new Set<string>();
  private readonly charsetCollations: Record<string, string> = {};
  /** Answers of `referencingForeignKeys`, valid until a statement changes a table's shape. */
  private readonly referenceCache = new Map<TableRecord | string, { child: TableName; foreignKey: ForeignKeyDefinition }[]>();
  /** The tables that have foreign keys, valid as long as `referenceCache`. */
  private recordsWithForeignKeys: TableRecord[] | undefined;

  private clearReferenceCaches(): void {
    this.referenceCache.clear();
    this.recordsWithForeignKeys = undefined;
  }
  private origin: 'file' | 'history' = 'file';
  /**
   * Row fact for tables the model does not know: lower-case table name → columns added in this
   * deployment as NULL without a default and not filled since.
   */
  private readonly unknownTableNullColumns = new Map<string, string[]>();

  constructor(options: SchemaModelOptions) {
    this.dialect = options.dialect;
    const statedCollation = options.defaultCollation ? normalizeCollation(options.defaultCollation) : undefined;
    this.defaultCharset = normalizeCharset(
      options.defaultCharset ?? (statedCollation ? charsetOfCollation(statedCollation) : undefined) ?? 'utf8mb4',
    );
    for (const [charset, collation] of Object.entries(options.charsetCollations ?? {})) {
      this.charsetCollations[normalizeCharset(charset)] = normalizeCollation(collation);
    }
    this.defaultCollation = statedCollation ?? this.charsetCollations[this.defaultCharset] ?? defaultCollationForCharset(this.defaultCharset, this.dialect);
  }

  // -------------------------------------------------------------------------------------------
  // SchemaView
  // -------------------------------------------------------------------------------------------

  /** The table, resolving case and schema qualifiers; undefined when unknown. */
  getTable(name: TableName): TableState | undefined {
    return this.find(name)?.state;
  }

  /**
   * The table named by `name`, written as SQL would (`db.t`, `` `t` ``) or as a `TableName`;
   * undefined when unknown. A convenience for tests and later stages.
   */
  table(name: string | TableName): TableState | undefined {
    return this.getTable(typeof name === 'string' ? parseTableName(name) : name);
  }

  /** A column of `table`, case-insensitively; undefined when unknown. */
  getColumn(table: TableState, column: string): ColumnState | undefined {
    const wanted = lower(column);
    return table.columns.find((candidate) => lower(candidate.name) === wanted);
  }

  /** Foreign keys of every known table (including `table` itself) that reference `table`. */
  referencingForeignKeys(table: TableName): { child: TableName; foreignKey: ForeignKeyDefinition }[] {
    const target = this.find(table);
    const cacheKey = target ?? `${lower(table.schema ?? '')}.${lower(table.name)}`;
    const cached = this.referenceCache.get(cacheKey);
    if (cached) return [...cached];
    const result = this.collectReferences(table, target);
    this.referenceCache.set(cacheKey, result);
    return [...result];
  }

  private collectReferences(table: TableName, target: TableRecord | undefined): { child: TableName; foreignKey: ForeignKeyDefinition }[] {
    const result: { child: TableName; foreignKey: ForeignKeyDefinition }[] = [];
    this.recordsWithForeignKeys ??= [...this.allRecords()].filter((record) => record.state.foreignKeys.length > 0);
    for (const record of this.recordsWithForeignKeys) {
      for (const foreignKey of record.state.foreignKeys) {
        const referenced = this.find(foreignKey.referencedTable);
        const matches = target ? referenced === target : this.namesMatch(foreignKey.referencedTable, table);
        if (matches) result.push({ child: record.state.name, foreignKey });
      }
    }
    return result;
  }

  /** See `SchemaView.allNullColumnsOfUnknownTable`. */
  allNullColumnsOfUnknownTable(table: TableName): readonly string[] {
    if (this.find(table)) return [];
    return this.unknownTableNullColumns.get(lower(table.name ?? '')) ?? [];
  }

  /** Keeps the all-NULL fact of an unknown table across one statement about it. */
  private unknownTableFacts(name: TableName, change: (columns: string[]) => string[]): void {
    const key = lower(name.name ?? '');
    const before = this.unknownTableNullColumns.get(key);
    if (!before && !this.trackingRows) return;
    const after = change([...(before ?? [])]);
    if (after.length === 0 || !this.trackingRows) this.unknownTableNullColumns.delete(key);
    else this.unknownTableNullColumns.set(key, after);
  }

  /** All tables the model knows, in no particular order. */
  *tables(): Iterable<TableState> {
    for (const record of this.allRecords()) yield record.state;
  }

  // -------------------------------------------------------------------------------------------
  // Replay
  // -------------------------------------------------------------------------------------------

  /**
   * Starts a deployment: the statements that run together before the application can write
   * again (one linted file, a group of files a convention applies together, or the files given
   * together as one change). Every table known so far may now hold any rows: the row facts
   * (`createdInDeployment`, `emptyInDeployment`, `distinctOver`, `allNullColumns`) are cleared,
   * and tables created by a linted file of an earlier deployment take origin `history`.
   */
  beginDeployment(): void {
    this.clearReferenceCaches();
    this.unknownTableNullColumns.clear();
    for (const record of this.allRecords()) {
      const state = record.state;
      if (!hasRowFacts(state) && state.origin !== 'file') continue;
      const reset: TableState = {
        ...state,
        origin: state.origin === 'file' ? 'history' : state.origin,
        createdInDeployment: false,
        emptyInDeployment: false,
      };
      delete reset.distinctOver;
      delete reset.allNullColumns;
      if (state.uniqueKeys.some((key) => key.unverified)) {
        reset.uniqueKeys = state.uniqueKeys.map((key) => {
          const copy = { ...key };
          delete copy.unverified;
          return copy;
        });
      }
      record.state = reset;
    }
  }

  /**
   * Starts replaying a file. A `'history'` file is applied history, a deployment of its own
   * before the linted ones: it begins a deployment, its tables get origin `history`, and no row
   * fact is kept for them. A linted file (`'file'`) continues the current deployment; call
   * `beginDeployment` first when it starts a new one (the lint engine does).
   */
  beginFile(origin: 'file' | 'history'): void {
    if (origin === 'history') this.beginDeployment();
    this.origin = origin;
    this.clearReferenceCaches();
  }

  /**
   * Adds a table read from elsewhere (the target database in live mode, or a test), replacing a
   * table of the same name. The state is copied; its `origin` is kept.
   */
  putTable(state: TableState): void {
    this.clearReferenceCaches();
    this.noteSchema(state.name);
    this.insertRecord({ state: cloneTable(state), temporary: false });
  }

  /**
   * Replays one statement into the model. Statements about unknown tables change nothing.
   * Never throws: an internal error is recorded in `replayErrors` and the statement is skipped.
   */
  apply(statement: AnalyzedStatement): void {
    try {
      this.replay(statement.ir);
    } catch (error) {
      this.replayErrors.push({
        statementIndex: statement.unit?.index ?? -1,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }

  private replay(ir: StatementIR): void {
    // A CREATE TABLE of a new name without foreign keys changes no answer of
    // referencingForeignKeys (those of the new table are asked for by the new record), so a file of
    // thousands of CREATE TABLE keeps its cache instead of rescanning every table per statement.
    const keepsReferences = ir.kind === 'create-table' && ir.foreignKeys.length === 0 && !ir.like && this.find(ir.table) === undefined;
    if (SHAPE_CHANGING_KINDS.has(ir.kind) && !keepsReferences) this.clearReferenceCaches();
    switch (ir.kind) {
      case 'create-table':
        this.createTable(ir);
        return;
      case 'alter-table':
        this.noteSchema(ir.table);
        this.alterTable(ir.table, ir.actions);
        return;
      case 'create-index':
        this.noteSchema(ir.table);
        this.alterTable(ir.table, [{ type: 'add-key', key: ir.key }]);
        return;
      case 'drop-index':
        this.noteSchema(ir.table);
        this.alterTable(ir.table, [{ type: 'drop-key', name: ir.name }]);
        return;
      case 'drop-table':
        for (const name of ir.tables) {
          this.noteSchema(name);
          this.dropTable(name, ir.temporary);
        }
        return;
      case 'rename-table':
        for (const { from, to } of ir.renames) {
          this.noteSchema(from);
          this.noteSchema(to);
          this.renameTable(from, to);
        }
        return;
      case 'truncate':
        this.noteSchema(ir.table);
        this.markEmptied(ir.table);
        return;
      case 'insert': {
        this.noteSchema(ir.table);
        const mayAddRows = ir.source !== 'values' || ir.rows === undefined || ir.rows.count > 0;
        if (mayAddRows) this.markRowsAdded(ir.table, ir);
        return;
      }
      case 'load-data':
        this.noteSchema(ir.table);
        this.markRowsAdded(ir.table, undefined);
        return;
      case 'update':
        for (const name of ir.tables) this.markUpdated(name, ir.setColumns?.map((assigned) => assigned.column));
        return;
      case 'delete':
        if (ir.allRows && ir.tables.length === 1 && ir.tables[0]) this.markEmptied(ir.tables[0]);
        if (ir.dedupe) this.markDeduplicated(ir.dedupe);
        return;
      case 'create-program':
      case 'inert':
      case 'other':
        return;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Table lookup
  // -------------------------------------------------------------------------------------------

  private *allRecords(): Iterable<TableRecord> {
    for (const list of this.records.values()) yield* list;
  }

  private noteSchema(name: TableName | undefined): void {
    if (!name?.schema || this.schemasSeen.has(lower(name.schema))) return;
    this.schemasSeen.add(lower(name.schema));
    this.clearReferenceCaches();
  }

  private get schemasDistinguish(): boolean {
    return this.schemasSeen.size > 1;
  }

  private find(name: TableName): TableRecord | undefined {
    const candidates = this.records.get(lower(name.name ?? ''));
    if (!candidates || candidates.length === 0) return undefined;
    const schema = name.schema ? lower(name.schema) : undefined;
    const schemaOf = (record: TableRecord): string | undefined =>
      record.state.name.schema ? lower(record.state.name.schema) : undefined;
    if (schema !== undefined) {
      const exact = candidates.find((record) => schemaOf(record) === schema);
      if (exact) return exact;
      const unqualified = candidates.find((record) => schemaOf(record) === undefined);
      if (unqualified) return unqualified;
      return candidates.length === 1 && !this.schemasDistinguish ? candidates[0] : undefined;
    }
    const unqualified = candidates.find((record) => schemaOf(record) === undefined);
    if (unqualified) return unqualified;
    return candidates.length === 1 ? candidates[0] : undefined;
  }

  private namesMatch(left: TableName, right: TableName): boolean {
    if (!sameName(left.name, right.name)) return false;
    if (left.schema && right.schema && this.schemasDistinguish) return sameName(left.schema, right.schema);
    return true;
  }

  private removeRecord(record: TableRecord): void {
    const key = lower(record.state.name.name);
    const list = this.records.get(key);
    if (!list) return;
    const remaining = list.filter((candidate) => candidate !== record);
    if (remaining.length === 0) this.records.delete(key);
    else this.records.set(key, remaining);
  }

  /** Stores a record, replacing the table its name resolves to (unless it is shadowed). */
  private insertRecord(record: TableRecord): void {
    const existing = this.find(record.state.name);
    if (existing && existing !== record.shadows) this.removeRecord(existing);
    if (record.shadows) this.removeRecord(record.shadows);
    const key = lower(record.state.name.name);
    const list = this.records.get(key) ?? [];
    list.push(record);
    this.records.set(key, list);
  }

  // -------------------------------------------------------------------------------------------
  // Statements
  // -------------------------------------------------------------------------------------------

  private newTableState(name: TableName, options: TableOptions): TableDraft {
    const { charset, collation } = this.resolveCharset(options.charset, options.collation, undefined);
    const createdInDeployment = this.origin === 'file';
    const state: TableDraft = {
      name: { ...name },
      columns: [],
      uniqueKeys: [],
      indexes: [],
      foreignKeys: [],
      origin: this.origin as TableOrigin,
      emptyInDeployment: createdInDeployment,
      createdInDeployment,
    };
    if (charset !== undefined) state.charset = charset;
    if (collation !== undefined) state.collation = collation;
    if (options.engine !== undefined) state.engine = options.engine;
    return state;
  }

  /** Drops the row facts kept for a table the model does not know. */
  private forgetUnknownTable(name: TableName): void {
    if (this.unknownTableNullColumns.size > 0) this.unknownTableNullColumns.delete(lower(name.name ?? ''));
  }

  private createTable(ir: Extract<StatementIR, { kind: 'create-table' }>): void {
    this.forgetUnknownTable(ir.table);
    this.noteSchema(ir.table);
    this.noteSchema(ir.like);
    const existing = this.find(ir.table);
    if (existing && ir.ifNotExists) return;

    let draft: TableDraft;
    if (ir.like) {
      const source = this.find(ir.like)?.state;
      draft = this.newTableState(ir.table, source ? { charset: source.charset, collation: source.collation, engine: source.engine } : {});
      if (source) {
        draft.columns = structuredClone(source.columns);
        draft.uniqueKeys = structuredClone(source.uniqueKeys);
        draft.indexes = structuredClone(source.indexes);
        if (source.partial) draft.partial = true;
      } else {
        draft.partial = true;
      }
    } else {
      draft = this.newTableState(ir.table, ir.options ?? {});
      const table = { charset: draft.charset, collation: draft.collation };
      const keyEvents: { position: number | undefined; key: KeyDefinition }[] = [];
      for (const definition of ir.columns ?? []) {
        if (draft.columns.some((column) => sameName(column.name, definition.name))) continue;
        draft.columns.push(this.columnFromDefinition(definition, table));
        for (const key of inlineKeys(definition)) keyEvents.push({ position: definition.span?.start, key });
      }
      for (const key of ir.keys ?? []) keyEvents.push({ position: key.span?.start, key });
      if (keyEvents.every((event) => event.position !== undefined)) {
        keyEvents.sort((left, right) => (left.position ?? 0) - (right.position ?? 0));
      }
      for (const event of keyEvents) addKey(draft, event.key);
      for (const foreignKey of ir.foreignKeys ?? []) addForeignKey(draft, foreignKey);
      if (ir.asSelect) draft.partial = true;
    }
    if (ir.asSelect) {
      draft.emptyInDeployment = false;
      if (this.trackingRows && ir.distinctColumns && ir.distinctColumns.length > 0) {
        draft.distinctOver = [{ parts: ir.distinctColumns.map((column) => ({ column })), because: 'distinct-fill' }];
      }
    }

    const temporary = ir.temporary === true;
    const record: TableRecord = { state: draft, temporary };
    if (temporary && existing && !existing.temporary) record.shadows = existing;
    this.insertRecord(record);
  }

  private dropTable(name: TableName, temporaryOnly: boolean): void {
    this.forgetUnknownTable(name);
    const record = this.find(name);
    if (!record) return;
    if (temporaryOnly && !record.temporary) return;
    this.removeRecord(record);
    if (record.shadows) {
      const key = lower(record.shadows.state.name.name);
      const list = this.records.get(key) ?? [];
      list.push(record.shadows);
      this.records.set(key, list);
    }
  }

  private renameTable(from: TableName, to: TableName): void {
    this.forgetUnknownTable(from);
    this.forgetUnknownTable(to);
    const record = this.find(from);
    if (!record) return;
    this.moveRecord(record, to);
  }

  /** Gives a table a new name, and points foreign keys of every table at the new name (as InnoDB does). */
  private moveRecord(record: TableRecord, to: TableName): void {
    const oldName = record.state.name;
    this.removeRecord(record);
    record.state = { ...record.state, name: { ...to } };
    const existing = this.find(to);
    if (existing) this.removeRecord(existing);
    const key = lower(to.name);
    const list = this.records.get(key) ?? [];
    list.push(record);
    this.records.set(key, list);
    for (const other of this.allRecords()) {
      if (!other.state.foreignKeys.some((foreignKey) => this.namesMatch(foreignKey.referencedTable, oldName))) continue;
      const draft = cloneTable(other.state);
      for (const foreignKey of draft.foreignKeys) {
        if (this.namesMatch(foreignKey.referencedTable, oldName)) foreignKey.referencedTable = { ...to };
      }
      other.state = draft;
    }
  }

  /** True while replaying a linted file: row facts are kept only inside the deployment. */
  private get trackingRows(): boolean {
    return this.origin === 'file';
  }

  /** TRUNCATE, or `DELETE FROM t` without WHERE: the table holds no row (MySQL 8.0 manual 15.1.37). */
  private markEmptied(name: TableName): void {
    const record = this.find(name);
    if (!record) {
      this.forgetUnknownTable(name);
      return;
    }
    const state: TableState = { ...record.state, emptyInDeployment: this.trackingRows };
    delete state.distinctOver;
    delete state.allNullColumns;
    record.state = state;
  }

  /**
   * INSERT, REPLACE, LOAD DATA or INSERT ... SELECT put rows into the table: it is no longer
   * empty, and rows may now repeat over any column set. An INSERT ... SELECT whose selected rows
   * are distinct (SELECT DISTINCT, GROUP BY) into an empty table leaves the rows distinct over
   * the target columns of those positions. Columns the INSERT does not write keep their default,
   * so an all-NULL column left out of the column list stays all NULL.
   */
  private markRowsAdded(name: TableName, ir: Extract<StatementIR, { kind: 'insert' }> | undefined): void {
    const record = this.find(name);
    if (!record) {
      if (this.unknownTableNullColumns.size > 0) {
        const written = ir?.columns ? new Set(ir.columns.map(lower)) : undefined;
        this.unknownTableFacts(name, (columns) => (written ? columns.filter((column) => !written.has(lower(column))) : []));
      }
      return;
    }
    const before = record.state;
    if (!before.emptyInDeployment && !hasRowFacts(before)) return;
    const state: TableState = { ...before, emptyInDeployment: false };
    delete state.distinctOver;
    delete state.allNullColumns;
    if (this.trackingRows && ir) {
      if (before.emptyInDeployment && ir.distinctPositions) {
        const targets = ir.columns ?? before.columns.map((column) => column.name);
        const names = ir.distinctPositions.map((position) => targets[position]);
        const columns = names.map((column) => (column ? before.columns.find((candidate) => sameName(candidate.name, column)) : undefined));
        if (columns.length > 0 && columns.every((column): column is ColumnState => column !== undefined)) {
          state.distinctOver = [{ parts: columns.map((column) => ({ column: column.name })), because: 'distinct-fill' }];
        }
      }
      if (before.allNullColumns && ir.columns) {
        const written = new Set(ir.columns.map(lower));
        const kept = before.allNullColumns.filter((column) => !written.has(lower(column)));
        if (kept.length > 0) state.allNullColumns = kept;
      }
    }
    record.state = state;
  }

  /**
   * UPDATE: rows stay distinct over a column set none of whose columns is assigned, and a column
   * stays all NULL unless assigned. When the assigned columns are unknown, every fact goes.
   */
  private markUpdated(name: TableName, assigned: readonly string[] | undefined): void {
    const record = this.find(name);
    if (!record && this.unknownTableNullColumns.size > 0) {
      const written = assigned ? new Set(assigned.map(lower)) : undefined;
      this.unknownTableFacts(name, (columns) => (written ? columns.filter((column) => !written.has(lower(column))) : []));
    }
    if (!record || !hasRowFacts(record.state)) return;
    const written = assigned ? new Set(assigned.map(lower)) : undefined;
    const state: TableState = { ...record.state };
    const distinct = written ? (state.distinctOver ?? []).filter((set) => set.parts.every((part) => !written.has(lower(part.column)))) : [];
    const allNull = written ? (state.allNullColumns ?? []).filter((column) => !written.has(lower(column))) : [];
    setFact(state, 'distinctOver', distinct);
    setFact(state, 'allNullColumns', allNull);
    record.state = state;
  }

  /**
   * A dedupe step (`DedupeStep`): the rows become distinct over its columns when its tiebreak is
   * a NOT NULL column that is a unique key on its own, so each group keeps exactly one row.
   */
  private markDeduplicated(dedupe: DedupeStep): void {
    if (!this.trackingRows) return;
    const record = this.find(dedupe.table);
    if (!record) return;
    const state = record.state;
    const tiebreak = state.columns.find((column) => sameName(column.name, dedupe.tiebreak));
    const tiebreakUnique = state.uniqueKeys.some(
      (key) => key.parts.length === 1 && key.parts[0]!.prefixLength === undefined && sameName(key.parts[0]!.column, dedupe.tiebreak),
    );
    if (!tiebreak || tiebreak.nullable || !tiebreakUnique) return;
    const parts: KeyPart[] = [];
    for (const name of dedupe.columns) {
      const column = state.columns.find((candidate) => sameName(candidate.name, name));
      if (!column) return;
      parts.push({ column: column.name });
    }
    record.state = { ...state, distinctOver: [...(state.distinctOver ?? []), { parts, because: 'dedupe' }] };
  }

  private alterTable(name: TableName, actions: readonly AlterAction[]): void {
    const record = this.find(name);
    if (!record) {
      this.unknownTableFacts(name, (columns) => {
        let current = columns;
        for (const action of actions ?? []) {
          if (action.type === 'add-column') {
            const definition = action.column;
            const fillsNull =
              definition.nullable !== false && !definition.primaryKey && !definition.autoIncrement && !definition.generated &&
              (definition.default === undefined || definition.default.kind === 'null') && (definition.type?.name ?? '').toUpperCase() !== 'SERIAL';
            if (fillsNull && !current.some((column) => sameName(column, definition.name))) current.push(definition.name);
          } else if (action.type === 'drop-column' || action.type === 'modify-column' || action.type === 'change-column') {
            const gone = action.type === 'change-column' ? action.oldName : action.type === 'drop-column' ? action.name : action.column.name;
            current = current.filter((column) => !sameName(column, gone));
          } else if (action.type === 'rename-column') {
            current = current.map((column) => (sameName(column, action.oldName) ? action.newName : column));
          } else if (action.type === 'rename-table' || action.type === 'convert-charset') {
            current = [];
          }
        }
        return current;
      });
      return;
    }
    const draft = cloneTable(record.state);
    let newName: TableName | undefined;
    const renamedColumns: { from: string; to: string }[] = [];
    for (const action of actions ?? []) {
      if (action.type === 'rename-table') newName = action.newName;
      else this.applyAlterAction(draft, action, renamedColumns);
    }
    if (this.trackingRows && !record.state.emptyInDeployment) {
      const before = record.state.uniqueKeys;
      for (const key of draft.uniqueKeys) {
        const existed = before.some((old) => sameName(old.name, key.name) && JSON.stringify(old.parts) === JSON.stringify(key.parts));
        if (!existed) key.unverified = true;
      }
    }
    record.state = draft;
    if (renamedColumns.length > 0) this.renameReferencedColumns(draft.name, renamedColumns);
    if (newName && !this.namesMatchExactly(newName, draft.name)) {
      this.noteSchema(newName);
      this.moveRecord(record, newName);
    }
  }

  private namesMatchExactly(left: TableName, right: TableName): boolean {
    return left.name === right.name && (left.schema ?? '') === (right.schema ?? '');
  }

  /** Points foreign keys of other tables that reference renamed columns of `table` at the new names. */
  private renameReferencedColumns(table: TableName, renames: { from: string; to: string }[]): void {
    for (const other of this.allRecords()) {
      const affected = other.state.foreignKeys.some((foreignKey) => this.namesMatch(foreignKey.referencedTable, table));
      if (!affected) continue;
      const draft = cloneTable(other.state);
      for (const foreignKey of draft.foreignKeys) {
        if (!this.namesMatch(foreignKey.referencedTable, table)) continue;
        foreignKey.referencedColumns = foreignKey.referencedColumns.map((column) => renameThrough(column, renames));
      }
      other.state = draft;
    }
  }

  private applyAlterAction(draft: TableDraft, action: AlterAction, renamedColumns: { from: string; to: string }[]): void {
    if (this.trackingRows) this.alterRowFacts(draft, action);
    const table = { charset: draft.charset, collation: draft.collation };
    switch (action.type) {
      case 'add-column': {
        if (findColumnIndex(draft, action.column.name) !== -1) return;
        const added = this.columnFromDefinition(action.column, table);
        const primary = draft.uniqueKeys.find((key) => key.primary);
        if (primary?.parts.some((part) => sameName(part.column, added.name))) added.nullable = false;
        draft.columns.push(added);
        for (const key of inlineKeys(action.column)) addKey(draft, key);
        return;
      }
      case 'drop-column':
        dropColumn(draft, action.name);
        return;
      case 'modify-column':
        this.replaceColumn(draft, action.column.name, action.column, renamedColumns);
        return;
      case 'change-column':
        this.replaceColumn(draft, action.oldName, action.column, renamedColumns);
        return;
      case 'rename-column': {
        const index = findColumnIndex(draft, action.oldName);
        const column = draft.columns[index];
        if (!column) return;
        const oldName = column.name;
        column.name = action.newName;
        renameColumnInTable(draft, oldName, action.newName);
        renamedColumns.push({ from: oldName, to: action.newName });
        return;
      }
      case 'alter-column-default': {
        const column = draft.columns[findColumnIndex(draft, action.name)];
        if (!column) return;
        if (action.default === undefined) delete column.default;
        else column.default = { ...action.default };
        return;
      }
      case 'add-key':
        addKey(draft, action.key);
        return;
      case 'drop-key':
        dropKey(draft, action.name);
        return;
      case 'drop-primary-key':
        draft.uniqueKeys = draft.uniqueKeys.filter((key) => !key.primary);
        return;
      case 'rename-key': {
        if (sameName(action.oldName, PRIMARY) || sameName(action.newName, PRIMARY)) return;
        if (!sameName(action.oldName, action.newName) && keyNameTaken(draft, action.newName)) return;
        const unique = draft.uniqueKeys.find((key) => !key.primary && sameName(key.name, action.oldName));
        if (unique) unique.name = action.newName;
        const index = draft.indexes.find((key) => sameName(key.name, action.oldName));
        if (index) index.name = action.newName;
        return;
      }
      case 'add-foreign-key':
        addForeignKey(draft, action.foreignKey);
        return;
      case 'drop-foreign-key':
        draft.foreignKeys = draft.foreignKeys.filter((foreignKey) => !foreignKey.name || !sameName(foreignKey.name, action.name));
        return;
      case 'convert-charset': {
        const { charset, collation } = this.resolveCharset(action.charset, action.collation, undefined);
        setOrDelete(draft, 'charset', charset);
        setOrDelete(draft, 'collation', collation);
        for (const column of draft.columns) {
          if (!isNonBinaryStringType(column.type.name)) continue;
          if (charset === 'binary') column.type.name = BINARY_COUNTERPART[column.type.name] ?? column.type.name;
          setOrDelete(column, 'charset', charset);
          setOrDelete(column, 'collation', collation);
        }
        return;
      }
      case 'table-options': {
        const options = action.options ?? {};
        if (options.charset !== undefined || options.collation !== undefined) {
          const { charset, collation } = this.resolveCharset(options.charset, options.collation, draft.charset);
          setOrDelete(draft, 'charset', charset);
          setOrDelete(draft, 'collation', collation);
        }
        if (options.engine !== undefined) draft.engine = options.engine;
        return;
      }
      case 'rename-table':
      case 'other':
        return;
    }
  }

  /**
   * Row facts across one ALTER TABLE action, applied to the draft before the action itself:
   * a dropped unique key leaves its columns distinct (the rows that satisfied it still do); a
   * column added as NULL without default is NULL in every row; a dropped or redefined column
   * ends the facts that name it, a renamed one carries them (MySQL 8.0 manual 15.1.9).
   */
  private alterRowFacts(draft: TableDraft, action: AlterAction): void {
    const dropSetsWith = (column: string): void => {
      if (draft.distinctOver) setFact(draft, 'distinctOver', draft.distinctOver.filter((set) => !set.parts.some((part) => sameName(part.column, column))));
    };
    const dropAllNull = (column: string): void => {
      if (draft.allNullColumns) setFact(draft, 'allNullColumns', draft.allNullColumns.filter((name) => !sameName(name, column)));
    };
    const rename = (from: string, to: string): void => {
      for (const set of draft.distinctOver ?? []) for (const part of set.parts) if (sameName(part.column, from)) part.column = to;
      if (draft.allNullColumns) draft.allNullColumns = draft.allNullColumns.map((name) => (sameName(name, from) ? to : name));
    };
    const outlive = (key: UniqueKeyState | undefined): void => {
      if (!key || key.unverified || key.parts.length === 0 || key.parts.some((part) => !part.column)) return;
      draft.distinctOver = [...(draft.distinctOver ?? []), { parts: key.parts.map(copyPart), because: 'dropped-key' }];
    };
    switch (action.type) {
      case 'drop-key':
        if (!sameName(action.name, PRIMARY)) outlive(draft.uniqueKeys.find((key) => !key.primary && sameName(key.name, action.name)));
        else outlive(draft.uniqueKeys.find((key) => key.primary));
        return;
      case 'drop-primary-key':
        outlive(draft.uniqueKeys.find((key) => key.primary));
        return;
      case 'add-column': {
        const definition = action.column;
        if (findColumnIndex(draft, definition.name) !== -1) return;
        const fillsNull =
          definition.nullable !== false && !definition.primaryKey && !definition.autoIncrement && !definition.generated &&
          (definition.default === undefined || definition.default.kind === 'null') && (definition.type?.name ?? '').toUpperCase() !== 'SERIAL' &&
          !draft.uniqueKeys.some((key) => key.primary && key.parts.some((part) => sameName(part.column, definition.name)));
        if (fillsNull) draft.allNullColumns = [...(draft.allNullColumns ?? []), definition.name];
        return;
      }
      case 'drop-column':
        dropSetsWith(action.name);
        dropAllNull(action.name);
        return;
      case 'rename-column':
        rename(action.oldName, action.newName);
        return;
      case 'modify-column':
      case 'change-column': {
        const oldName = action.type === 'change-column' ? action.oldName : action.column.name;
        const current = draft.columns[findColumnIndex(draft, oldName)];
        if (!current) return;
        const replacement = this.columnFromDefinition(action.column, { charset: draft.charset, collation: draft.collation });
        const sameValues =
          JSON.stringify(current.type) === JSON.stringify(replacement.type) && current.collation === replacement.collation && !replacement.autoIncrement === !current.autoIncrement;
        if (!sameValues) dropSetsWith(oldName);
        if (replacement.nullable === false || replacement.autoIncrement || replacement.generated) dropAllNull(oldName);
        if (!sameName(oldName, action.column.name)) rename(oldName, action.column.name);
        return;
      }
      case 'convert-charset':
        if (draft.distinctOver) {
          const strings = draft.columns.filter((column) => isNonBinaryStringType(column.type.name));
          setFact(draft, 'distinctOver', draft.distinctOver.filter((set) => !set.parts.some((part) => strings.some((column) => sameName(column.name, part.column)))));
        }
        return;
      default:
        return;
    }
  }

  /**
   * MODIFY / CHANGE: the new definition replaces the whole column; unstated attributes take their
   * defaults (nullable, no default, the table's collation). Key parts follow a renamed column, a
   * primary-key column stays NOT NULL, and a prefix no shorter than the new length is dropped
   * (the key part then covers the whole column, as the server does).
   */
  private replaceColumn(
    draft: TableDraft,
    oldName: string,
    definition: ColumnDefinition,
    renamedColumns: { from: string; to: string }[],
  ): void {
    const index = findColumnIndex(draft, oldName);
    const current = draft.columns[index];
    if (!current) return;
    const replacement = this.columnFromDefinition(definition, { charset: draft.charset, collation: draft.collation });
    draft.columns[index] = replacement;
    if (current.name !== replacement.name) {
      renameColumnInTable(draft, current.name, replacement.name);
      if (!sameName(current.name, replacement.name)) renamedColumns.push({ from: current.name, to: replacement.name });
    }
    adjustPrefixes(draft, replacement);
    const primary = draft.uniqueKeys.find((key) => key.primary);
    if (primary?.parts.some((part) => sameName(part.column, replacement.name))) replacement.nullable = false;
    for (const key of inlineKeys(definition)) addKey(draft, key);
  }

  /**
   * Effective character set and collation of a table from its stated ones (MySQL 8.0 manual
   * 10.3.4 "Table Character Set and Collation"): a collation decides both; a character set alone
   * takes its default collation; `DEFAULT` or nothing takes the model's defaults (or `fallback`
   * for the character set when only the table's current one applies).
   */
  private resolveCharset(
    charset: string | undefined,
    collation: string | undefined,
    fallback: string | undefined,
  ): { charset?: string; collation?: string } {
    const statedCharset = charset && lower(charset) !== 'default' ? normalizeCharset(charset) : undefined;
    const statedCollation = collation && lower(collation) !== 'default' ? normalizeCollation(collation) : undefined;
    if (statedCollation) {
      return { charset: statedCharset ?? charsetOfCollation(statedCollation) ?? fallback ?? this.defaultCharset, collation: statedCollation };
    }
    if (statedCharset) return { charset: statedCharset, collation: this.defaultCollationOf(statedCharset) };
    return { charset: this.defaultCharset, collation: this.defaultCollation };
  }

  /**
   * The collation `charset` named without COLLATE means here: the server's (`charsetCollations`),
   * else the model's configured default collation when it belongs to `charset`, else the
   * dialect's default.
   */
  defaultCollationOf(charset: string): string | undefined {
    const fromServer = this.charsetCollations[normalizeCharset(charset)];
    if (fromServer) return fromServer;
    if (this.defaultCollation && charsetOfCollation(this.defaultCollation) === charset) return this.defaultCollation;
    return defaultCollationForCharset(charset, this.dialect);
  }

  /**
   * The column state a definition yields in a table with the given defaults. SERIAL becomes
   * BIGINT UNSIGNED NOT NULL AUTO_INCREMENT (its UNIQUE key comes from `inlineKeys`); CHARACTER
   * SET binary turns CHAR/VARCHAR/TEXT into BINARY/VARBINARY/BLOB (MySQL 8.0 manual 13.3.3);
   * binary strings get charset and collation `binary`; MariaDB JSON is LONGTEXT utf8mb4_bin.
   */
  private columnFromDefinition(definition: ColumnDefinition, table: { charset?: string; collation?: string }): ColumnState {
    const type = structuredClone(definition.type);
    type.name = (type.name ?? '').toUpperCase();
    let nullable = definition.nullable ?? true;
    let autoIncrement = definition.autoIncrement === true;
    if (type.name === 'SERIAL') {
      type.name = 'BIGINT';
      type.unsigned = true;
      nullable = false;
      autoIncrement = true;
    }
    if (definition.primaryKey) nullable = false;

    const statedCharset = definition.charset ? normalizeCharset(definition.charset) : undefined;
    if (statedCharset === 'binary') type.name = BINARY_COUNTERPART[type.name] ?? type.name;

    const column: ColumnState = { name: definition.name, type, nullable, autoIncrement };
    if (definition.default !== undefined) column.default = structuredClone(definition.default);
    if (definition.generated !== undefined) column.generated = { ...definition.generated };

    if (isNonBinaryStringType(type.name)) {
      const statedCollation = definition.collation ? normalizeCollation(definition.collation) : undefined;
      if (statedCollation) {
        const charset = statedCharset ?? charsetOfCollation(statedCollation) ?? table.charset;
        if (charset !== undefined) column.charset = charset;
        column.collation = statedCollation;
      } else if (statedCharset) {
        column.charset = statedCharset;
        const collation = this.defaultCollationOf(statedCharset);
        if (collation !== undefined) column.collation = collation;
      } else {
        if (table.charset !== undefined) column.charset = table.charset;
        if (table.collation !== undefined) column.collation = table.collation;
      }
      if (definition.binaryAttribute && !statedCollation) {
        const charset = column.charset ?? (column.collation ? charsetOfCollation(column.collation) : undefined) ?? this.defaultCharset;
        column.charset = charset;
        column.collation = binaryCollationOf(charset);
      }
    } else if (isBinaryStringType(type.name)) {
      column.charset = 'binary';
      column.collation = 'binary';
    } else if (type.name === 'JSON' && this.dialect === 'mariadb') {
      column.charset = 'utf8mb4';
      column.collation = 'utf8mb4_bin';
    }
    return column;
  }
}

// ---------------------------------------------------------------------------------------------
// Table drafts: keys and columns
// ---------------------------------------------------------------------------------------------

/** True when the state carries any row fact that a new deployment clears. */
function hasRowFacts(state: TableState): boolean {
  return (
    state.createdInDeployment || state.emptyInDeployment || state.distinctOver !== undefined || state.allNullColumns !== undefined ||
    state.uniqueKeys.some((key) => key.unverified)
  );
}

/** Sets a list-valued row fact, or removes it when the list is empty. */
function setFact<K extends 'distinctOver' | 'allNullColumns'>(state: TableState, key: K, value: NonNullable<TableState[K]>): void {
  if (value.length === 0) delete state[key];
  else state[key] = value;
}

function setOrDelete<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value === undefined) delete target[key];
  else target[key] = value;
}

function findColumnIndex(draft: TableDraft, name: string): number {
  const wanted = lower(name ?? '');
  return draft.columns.findIndex((column) => lower(column.name) === wanted);
}

function renameThrough(column: string, renames: { from: string; to: string }[]): string {
  let current = column;
  for (const rename of renames) if (sameName(current, rename.from)) current = rename.to;
  return current;
}

/** The keys a column definition declares inline: PRIMARY KEY, UNIQUE, and the UNIQUE of SERIAL. */
function inlineKeys(definition: ColumnDefinition): KeyDefinition[] {
  const keys: KeyDefinition[] = [];
  const parts = (): KeyPart[] => [{ column: definition.name }];
  if (definition.primaryKey) keys.push({ kind: 'primary', parts: parts() });
  if (definition.unique || (definition.type?.name ?? '').toUpperCase() === 'SERIAL') keys.push({ kind: 'unique', parts: parts() });
  return keys;
}

function keyNameTaken(draft: TableDraft, name: string): boolean {
  return (
    draft.uniqueKeys.some((key) => sameName(key.name, name)) || draft.indexes.some((key) => sameName(key.name, name))
  );
}

/**
 * The name the server gives an unnamed index: the first key part's column name, or
 * `functional_index` for an expression; on a clash with an existing index name (or `PRIMARY`),
 * `_2`, `_3`, ... is appended (MySQL `make_unique_key_name`; MariaDB does the same).
 */
function generateKeyName(draft: TableDraft, parts: KeyPart[]): string {
  const first = parts[0];
  const column = first && first.column ? draft.columns.find((candidate) => sameName(candidate.name, first.column)) : undefined;
  const base = first && first.column ? (column?.name ?? first.column) : 'functional_index';
  if (!keyNameTaken(draft, base) && !sameName(base, PRIMARY)) return base;
  for (let suffix = 2; ; suffix++) {
    const candidate = `${base}_${suffix}`;
    if (!keyNameTaken(draft, candidate)) return candidate;
  }
}

/** Key parts with column names in the table's spelling, copied. */
function normalizeParts(draft: TableDraft, parts: readonly KeyPart[]): KeyPart[] {
  return (parts ?? []).map((part) => {
    const copy = copyPart(part);
    if (copy.column) {
      const column = draft.columns.find((candidate) => sameName(candidate.name, copy.column));
      if (column) copy.column = column.name;
    }
    return copy;
  });
}

/**
 * Adds an index. A PRIMARY KEY replaces any existing one and makes its columns NOT NULL (MySQL
 * 8.0 manual 15.1.20, "PRIMARY KEY"); a unique key is named like the server names it; a key whose
 * name is already taken is left out (the server would reject the statement).
 */
function addKey(draft: TableDraft, key: KeyDefinition): void {
  const parts = normalizeParts(draft, key.parts);
  if (parts.length === 0) return;
  if (key.kind === 'primary') {
    const primary: UniqueKeyState = { name: PRIMARY, primary: true, parts };
    draft.uniqueKeys = [primary, ...draft.uniqueKeys.filter((existing) => !existing.primary)];
    for (const part of parts) {
      const column = draft.columns.find((candidate) => sameName(candidate.name, part.column));
      if (column) column.nullable = false;
    }
    return;
  }
  const written = key.name ?? key.constraintName;
  if (written !== undefined && (keyNameTaken(draft, written) || sameName(written, PRIMARY))) return;
  const name = written ?? generateKeyName(draft, parts);
  if (key.kind === 'unique') draft.uniqueKeys.push({ name, primary: false, parts });
  else draft.indexes.push({ name, kind: key.kind, parts } satisfies IndexState);
}

function dropKey(draft: TableDraft, name: string): void {
  if (sameName(name, PRIMARY)) {
    draft.uniqueKeys = draft.uniqueKeys.filter((key) => !key.primary);
    return;
  }
  draft.uniqueKeys = draft.uniqueKeys.filter((key) => key.primary || !sameName(key.name, name));
  draft.indexes = draft.indexes.filter((key) => !sameName(key.name, name));
}

/**
 * Adds a foreign key, naming it `<table>_ibfk_<n>` when unnamed (InnoDB's convention), and adds
 * the index InnoDB creates for it when no index starts with its columns (MySQL 8.0 manual
 * 15.1.20.5 "FOREIGN KEY Constraints", "Conditions and Restrictions").
 */
function addForeignKey(draft: TableDraft, definition: ForeignKeyDefinition): void {
  const foreignKey = copyForeignKey(definition);
  foreignKey.columns = foreignKey.columns.map(
    (name) => draft.columns.find((candidate) => sameName(candidate.name, name))?.name ?? name,
  );
  if (foreignKey.name !== undefined && draft.foreignKeys.some((existing) => existing.name && sameName(existing.name, foreignKey.name!))) return;
  if (foreignKey.name === undefined) {
    const prefix = lower(`${draft.name.name}_ibfk_`);
    let highest = 0;
    for (const existing of draft.foreignKeys) {
      if (!existing.name || !lower(existing.name).startsWith(prefix)) continue;
      const number = Number(existing.name.slice(prefix.length));
      if (Number.isInteger(number) && number > highest) highest = number;
    }
    foreignKey.name = `${draft.name.name}_ibfk_${highest + 1}`;
    draft.foreignKeys.push(foreignKey);
    addForeignKeyIndex(draft, foreignKey.columns, undefined);
    return;
  }
  draft.foreignKeys.push(foreignKey);
  addForeignKeyIndex(draft, foreignKey.columns, foreignKey.name);
}

function addForeignKeyIndex(draft: TableDraft, columns: string[], name: string | undefined): void {
  if (columns.length === 0) return;
  const covers = (parts: KeyPart[]): boolean =>
    columns.every((column, position) => {
      const part = parts[position];
      return part !== undefined && part.prefixLength === undefined && sameName(part.column, column);
    });
  if (draft.uniqueKeys.some((key) => covers(key.parts)) || draft.indexes.some((key) => covers(key.parts))) return;
  const parts = columns.map((column) => ({ column }));
  const usable = name !== undefined && !keyNameTaken(draft, name) && !sameName(name, PRIMARY);
  const indexName = usable ? name : generateKeyName(draft, parts);
  draft.indexes.push({ name: indexName, kind: 'index', parts });
}

/**
 * Drops a column, removes it from every index, and drops an index left without key parts (MySQL
 * 8.0 manual 15.1.9 "ALTER TABLE", "Dropping a column").
 */
function dropColumn(draft: TableDraft, name: string): void {
  const index = findColumnIndex(draft, name);
  if (index === -1) return;
  draft.columns.splice(index, 1);
  const keep = (part: KeyPart): boolean => !part.column || !sameName(part.column, name);
  draft.uniqueKeys = draft.uniqueKeys
    .map((key) => ({ ...key, parts: key.parts.filter(keep) }))
    .filter((key) => key.parts.length > 0);
  draft.indexes = draft.indexes
    .map((key) => ({ ...key, parts: key.parts.filter(keep) }))
    .filter((key) => key.parts.length > 0);
}

/**
 * Renames a column inside key parts and the child columns of the table's own foreign keys (the
 * referenced side, including self references, is renamed by `renameReferencedColumns`).
 */
function renameColumnInTable(draft: TableDraft, from: string, to: string): void {
  for (const key of [...draft.uniqueKeys, ...draft.indexes]) {
    for (const part of key.parts) if (part.column && sameName(part.column, from)) part.column = to;
  }
  for (const foreignKey of draft.foreignKeys) {
    foreignKey.columns = foreignKey.columns.map((column) => (sameName(column, from) ? to : column));
  }
}

/**
 * After a column's type changes: a prefix on a type that cannot have one is dropped, and a prefix
 * no shorter than the new CHAR/VARCHAR/BINARY/VARBINARY length covers the whole column, so the
 * server drops it too.
 */
function adjustPrefixes(draft: TableDraft, column: ColumnState): void {
  const name = column.type.name;
  const prefixable = isNonBinaryStringType(name) || isBinaryStringType(name);
  const fixedLength = name === 'CHAR' || name === 'VARCHAR' || name === 'BINARY' || name === 'VARBINARY' ? maxStringLength(column.type) : undefined;
  for (const key of [...draft.uniqueKeys, ...draft.indexes]) {
    for (const part of key.parts) {
      if (!part.column || !sameName(part.column, column.name) || part.prefixLength === undefined) continue;
      if (!prefixable || (fixedLength !== undefined && fixedLength <= part.prefixLength)) delete part.prefixLength;
    }
  }
}
