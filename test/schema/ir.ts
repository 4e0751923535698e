/**
 * Hand-built statement IR for schema model tests: small builders so each test reads like the SQL
 * it stands for.
 */
import type {
  AlterAction,
  AnalyzedStatement,
  ColumnDefinition,
  DataType,
  ForeignKeyDefinition,
  KeyDefinition,
  KeyPart,
  StatementIR,
  StatementUnit,
  TableName,
  TableOptions,
  ValueLiteral,
} from '../../src/statement.js';

let nextIndex = 0;

/** Wraps an IR in an analysed statement with a dummy unit. */
export function statement(ir: StatementIR): AnalyzedStatement {
  const index = nextIndex++;
  const unit: StatementUnit = {
    index,
    origin: 'top-level',
    startOffset: 0,
    endOffset: 0,
    range: { start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } },
    sql: '',
    exactOffsets: true,
    delimiter: ';',
    leadingComments: [],
    bodyStatements: [],
  };
  return { unit, ir, parse: { status: 'parsed' } };
}

/** `db.t` or `t` as a table name. */
export function name(text: string): TableName {
  const dot = text.indexOf('.');
  return dot === -1 ? { name: text } : { schema: text.slice(0, dot), name: text.slice(dot + 1) };
}

/** A data type: `type('VARCHAR', 255)`, `type('INT', undefined, { unsigned: true })`. */
export function type(typeName: string, length?: number, extra: Partial<DataType> = {}): DataType {
  const result: DataType = { name: typeName, unsigned: false, ...extra };
  if (length !== undefined) result.length = length;
  return result;
}

/** A column definition with the given type and attributes. */
export function column(columnName: string, dataType: DataType, extra: Partial<ColumnDefinition> = {}): ColumnDefinition {
  return { name: columnName, type: dataType, autoIncrement: false, unique: false, primaryKey: false, ...extra };
}

/** Key parts from `'a'`, `'b(10)'`. */
export function parts(...columns: string[]): KeyPart[] {
  return columns.map((text) => {
    const match = /^(.*)\((\d+)\)$/.exec(text);
    return match ? { column: match[1]!, prefixLength: Number(match[2]) } : { column: text };
  });
}

export function key(kind: KeyDefinition['kind'], columns: string[], keyName?: string): KeyDefinition {
  const result: KeyDefinition = { kind, parts: parts(...columns) };
  if (keyName !== undefined) result.name = keyName;
  return result;
}

export function foreignKey(
  columns: string[],
  referenced: string,
  referencedColumns: string[],
  extra: Partial<ForeignKeyDefinition> = {},
): ForeignKeyDefinition {
  return { columns, referencedTable: name(referenced), referencedColumns, ...extra };
}

export function createTable(
  table: string,
  columns: ColumnDefinition[],
  keys: KeyDefinition[] = [],
  extra: Partial<Extract<StatementIR, { kind: 'create-table' }>> = {},
): AnalyzedStatement {
  return statement({
    kind: 'create-table',
    table: name(table),
    ifNotExists: false,
    temporary: false,
    columns,
    keys,
    foreignKeys: [],
    options: {},
    asSelect: false,
    ...extra,
  });
}

export function createTableOptions(table: string, columns: ColumnDefinition[], options: TableOptions): AnalyzedStatement {
  return createTable(table, columns, [], { options });
}

export function alter(table: string, ...actions: AlterAction[]): AnalyzedStatement {
  return statement({ kind: 'alter-table', table: name(table), ignore: false, actions });
}

export function insertValues(table: string, rowCount: number): AnalyzedStatement {
  const rows: ValueLiteral[][] = Array.from({ length: rowCount }, () => [{ kind: 'number', text: '1' }]);
  return statement({
    kind: 'insert',
    verb: 'insert',
    ignore: false,
    table: name(table),
    source: 'values',
    rows: { count: rowCount, read: () => rows },
    onDuplicateKeyUpdate: false,
  });
}

export const INT = (): DataType => type('INT');
export const VARCHAR = (length: number): DataType => type('VARCHAR', length);
