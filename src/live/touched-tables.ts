/**
 * What the linted migration files do to tables, as live mode needs to know it before and after
 * linting: which tables they mention (their definitions are read from the target database), the
 * first statement that mentions each (where AUTO_INCREMENT findings point), and every statement
 * that changes rows or column definitions (after which the database no longer holds the rows a
 * later unique key would be built over).
 *
 * The files are split and analysed with the same splitter and parser as the engine, in the same
 * order (top-level statement, its stored-program body, then SQL it PREPAREs), so statement offsets
 * match the units rules see. Never throws on any text.
 */
import type { Dialect } from '../rule.js';
import type { AnalyzedStatement, StatementIR, TableName } from '../statement.js';
import { splitStatements } from '../split/splitter.js';
import { unitsInExecutionOrder } from '../engine/execution-order.js';
import { analyzeStatement } from '../parse/analyze.js';
import { applySessionStatement, type FileSessionState } from './session.js';

/** How a statement changes a table's rows or columns. */
export type TableChangeKind =
  | 'create'
  | 'insert'
  | 'replace'
  | 'update'
  | 'delete'
  | 'load-data'
  | 'truncate'
  | 'alter-columns'
  | 'rename';

/** One statement that changes a table. */
export interface TableChange {
  table: TableName;
  kind: TableChangeKind;
  /** Columns whose definition or values an `alter-columns` change touches (names as written, before and after); `'*'` for every column. */
  columns: string[];
  /** File offsets of the statement, `[startOffset, endOffset)`. */
  startOffset: number;
  endOffset: number;
  /** 1-based line of the statement, for messages. */
  line: number;
}

/** A table a file mentions, with the first statement mentioning it. */
export interface TableMention {
  table: TableName;
  /** Start offset of the first statement that mentions the table. */
  firstStatementOffset: number;
  /**
   * Start offset of the first statement that acts on the table itself (not only names it in a
   * foreign key, a LIKE or a DROP); undefined when none does.
   */
  firstTouchOffset?: number;
}

/** Character set and collation as a column definition writes them (absent when not written). */
export interface WrittenCharset {
  charset?: string;
  collation?: string;
}

/**
 * The character sets and collations an ALTER TABLE statement writes: per redefined column (by its
 * name after the statement, lower case) and for `CONVERT TO CHARACTER SET`. The schema model
 * resolves an unwritten collation with its own defaults; live mode lets the server resolve it.
 */
export interface WrittenColumnCharsets {
  startOffset: number;
  endOffset: number;
  columns: Map<string, WrittenCharset>;
  convert?: WrittenCharset;
}

/** What one file does to tables. */
export interface FileTableUse {
  path: string;
  /** Tables in order of first mention. */
  mentions: TableMention[];
  changes: TableChange[];
  /** For each ALTER TABLE / CREATE INDEX statement, the charsets and collations it writes. */
  writtenCharsets: WrittenColumnCharsets[];
  /** Statements that add keys with `IF NOT EXISTS`: the key names (lower case) by statement offsets. */
  ifNotExistsKeys: { startOffset: number; endOffset: number; names: Set<string> }[];
  /** The file's session after each session statement (`USE`, `SET sql_mode`...), in order; see `sessionBefore`. */
  sessions: { endOffset: number; state: FileSessionState }[];
}

/** The file's session in effect for the statement starting at `offset` (empty before any session statement). */
export function sessionBefore(use: FileTableUse, offset: number): FileSessionState {
  let state: FileSessionState = {};
  for (const entry of use.sessions) {
    if (entry.endOffset > offset) break;
    state = entry.state;
  }
  return state;
}

/** Case-insensitive key of a table name (`lower_case_table_names` 1 semantics, as the schema model). */
export function tableKey(table: TableName): string {
  return `${(table.schema ?? '').toLowerCase()}\u0000${table.name.toLowerCase()}`;
}

/** The tables a statement names: `[table, touched]` pairs. */
function namedTables(ir: StatementIR, sql: string): [TableName, boolean][] {
  switch (ir.kind) {
    case 'create-table': {
      const names: [TableName, boolean][] = [[ir.table, true]];
      if (ir.like) names.push([ir.like, false]);
      for (const foreignKey of ir.foreignKeys) names.push([foreignKey.referencedTable, false]);
      return names;
    }
    case 'alter-table': {
      const names: [TableName, boolean][] = [[ir.table, true]];
      for (const action of ir.actions) {
        if (action.type === 'add-foreign-key') names.push([action.foreignKey.referencedTable, false]);
      }
      return names;
    }
    case 'create-index':
    case 'drop-index':
    case 'truncate':
    case 'insert':
    case 'load-data':
      return [[ir.table, true]];
    case 'drop-table':
      return ir.tables.map((table) => [table, false]);
    case 'rename-table':
      return ir.renames.flatMap((rename) => [[rename.from, true] as [TableName, boolean], [rename.to, false] as [TableName, boolean]]);
    case 'update':
      return ir.tables.map((table) => [table, true]);
    case 'delete':
      return deletedTables(ir.tables, sql).map((table) => [table, true]);
    default:
      return [];
  }
}

/** Columns an ALTER TABLE redefines, adds, drops or renames; `'*'` for CONVERT TO CHARACTER SET. */
function alteredColumns(ir: Extract<StatementIR, { kind: 'alter-table' }>): string[] {
  const columns: string[] = [];
  for (const action of ir.actions) {
    switch (action.type) {
      case 'add-column':
      case 'modify-column':
        columns.push(action.column.name);
        break;
      case 'change-column':
        columns.push(action.oldName, action.column.name);
        break;
      case 'rename-column':
        columns.push(action.oldName, action.newName);
        break;
      case 'drop-column':
        columns.push(action.name);
        break;
      case 'convert-charset':
        columns.push('*');
        break;
      default:
        break;
    }
  }
  return columns;
}

/**
 * The tables a multi-table DELETE deletes from, with aliases replaced by the tables they name
 * (`DELETE t1 FROM t t1 JOIN t t2 ...` deletes rows of `t`; MySQL 8.0 manual 15.2.2 "DELETE
 * Statement", multiple-table syntax).
 */
function deletedTables(tables: TableName[], sql: string): TableName[] {
  const aliases = new Map<string, TableName>();
  const identifier = '(`(?:[^`]|``)+`|[A-Za-z0-9_$]+)';
  const pattern = new RegExp(`\\b(?:FROM|JOIN|USING|,)\\s*${identifier}(?:\\s*\\.\\s*${identifier})?\\s+(?:AS\\s+)?${identifier}`, 'gi');
  const unquote = (name: string): string => (name.startsWith('`') ? name.slice(1, -1).replace(/``/g, '`') : name);
  const keywords = new Set(['WHERE', 'JOIN', 'INNER', 'LEFT', 'RIGHT', 'CROSS', 'STRAIGHT_JOIN', 'NATURAL', 'ON', 'USING', 'ORDER', 'LIMIT', 'SET', 'PARTITION']);
  for (const match of sql.matchAll(pattern)) {
    const alias = unquote(match[3]!);
    if (keywords.has(alias.toUpperCase())) continue;
    const table: TableName = match[2] ? { schema: unquote(match[1]!), name: unquote(match[2]) } : { name: unquote(match[1]!) };
    aliases.set(alias.toLowerCase(), table);
  }
  return tables.map((table) => (table.schema === undefined ? (aliases.get(table.name.toLowerCase()) ?? table) : table));
}

function changesOf(statement: AnalyzedStatement, sql: string): Omit<TableChange, 'startOffset' | 'endOffset' | 'line'>[] {
  const ir = statement.ir;
  switch (ir.kind) {
    case 'create-table':
      return ir.temporary ? [] : [{ table: ir.table, kind: 'create', columns: ['*'] }];
    case 'insert':
      return [{ table: ir.table, kind: ir.verb === 'replace' ? 'replace' : 'insert', columns: ['*'] }];
    case 'update':
      return ir.tables.map((table) => ({ table, kind: 'update' as const, columns: ['*'] }));
    case 'delete':
      return deletedTables(ir.tables, sql).map((table) => ({ table, kind: 'delete' as const, columns: ['*'] }));
    case 'load-data':
      return [{ table: ir.table, kind: 'load-data', columns: ['*'] }];
    case 'truncate':
      return [{ table: ir.table, kind: 'truncate', columns: ['*'] }];
    case 'rename-table':
      return ir.renames.map((rename) => ({ table: rename.to, kind: 'rename' as const, columns: ['*'] }));
    case 'alter-table': {
      const changes: Omit<TableChange, 'startOffset' | 'endOffset' | 'line'>[] = [];
      const columns = alteredColumns(ir);
      if (columns.length > 0) changes.push({ table: ir.table, kind: 'alter-columns', columns });
      for (const action of ir.actions) {
        if (action.type === 'rename-table') changes.push({ table: action.newName, kind: 'rename', columns: ['*'] });
      }
      return changes;
    }
    default:
      return [];
  }
}

/**
 * Splits and analyses one file and reports the tables it mentions and the statements that change
 * them.
 */
export function tableUseOf(path: string, text: string, dialect: Dialect): FileTableUse {
  const mentions = new Map<string, TableMention>();
  const changes: TableChange[] = [];
  const writtenCharsets: WrittenColumnCharsets[] = [];
  const sessions: { endOffset: number; state: FileSessionState }[] = [];
  const ifNotExistsKeys: FileTableUse['ifNotExistsKeys'] = [];
  let session: FileSessionState = {};
  const split = splitStatements(text);
  for (const unit of unitsInExecutionOrder(split, text)) {
    // A SET inside a stored program's body runs when the program is called, not here.
    const after = unit.origin === 'top-level' ? applySessionStatement(unit.sql, session) : session;
    if (after !== session) {
      session = after;
      sessions.push({ endOffset: unit.endOffset, state: session });
    }
    let analyzed: AnalyzedStatement | undefined;
    try {
      analyzed = analyzeStatement(unit, dialect);
    } catch {
      analyzed = undefined;
    }
    if (analyzed) {
      for (const [table, touched] of namedTables(analyzed.ir, unit.sql)) {
        if (table.name === '') continue;
        const key = tableKey(table);
        let known = mentions.get(key);
        if (!known) {
          known = { table, firstStatementOffset: unit.startOffset };
          mentions.set(key, known);
        }
        if (touched && known.firstTouchOffset === undefined) known.firstTouchOffset = unit.startOffset;
      }
      if (analyzed.ir.kind === 'alter-table') {
        const written: WrittenColumnCharsets = { startOffset: unit.startOffset, endOffset: unit.endOffset, columns: new Map() };
        for (const action of analyzed.ir.actions) {
          if (action.type === 'add-column' || action.type === 'modify-column' || action.type === 'change-column') {
            const charset: WrittenCharset = {};
            if (action.column.charset) charset.charset = action.column.charset;
            if (action.column.collation) charset.collation = action.column.collation;
            written.columns.set(action.column.name.toLowerCase(), charset);
          } else if (action.type === 'convert-charset') {
            written.convert = action.collation ? { charset: action.charset, collation: action.collation } : { charset: action.charset };
          }
        }
        writtenCharsets.push(written);
      }
      const guarded = new Set<string>();
      if (analyzed.ir.kind === 'create-index' && analyzed.ir.key.ifNotExists && analyzed.ir.key.name) guarded.add(analyzed.ir.key.name.toLowerCase());
      if (analyzed.ir.kind === 'alter-table') {
        for (const action of analyzed.ir.actions) {
          if (action.type === 'add-key' && action.key.ifNotExists && action.key.name) guarded.add(action.key.name.toLowerCase());
        }
      }
      if (guarded.size > 0) ifNotExistsKeys.push({ startOffset: unit.startOffset, endOffset: unit.endOffset, names: guarded });
      for (const change of changesOf(analyzed, unit.sql)) {
        changes.push({ ...change, startOffset: unit.startOffset, endOffset: unit.endOffset, line: unit.range.start.line });
      }
    }
  }
  return { path, mentions: [...mentions.values()], changes, writtenCharsets, sessions, ifNotExistsKeys };
}
